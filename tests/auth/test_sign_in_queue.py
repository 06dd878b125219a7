"""Sign-ins that wait for the password hasher hold no database connection meanwhile."""

from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor

import anyio

from api.auth.passwords import PasswordHasher
from tests.conftest import GraphQL

LOGIN = 'mutation { login(email: "alice@example.com", password: "wrong password here") { accessToken } }'
QUEUED_SIGN_INS = 8


def test_sign_ins_waiting_for_the_hasher_hold_no_database_connection(client, alice, monkeypatch):
    release = threading.Event()
    lock = threading.Lock()
    waiting = 0

    async def queued_verify(self: PasswordHasher, password: str, password_hash: str | None) -> bool:
        nonlocal waiting
        with lock:
            waiting += 1
        await anyio.to_thread.run_sync(release.wait)  # a hasher busy with other sign-ins
        return False

    monkeypatch.setattr(PasswordHasher, "verify", queued_verify)
    pool = client.app.state.app_state.engine.sync_engine.pool
    with ThreadPoolExecutor(max_workers=QUEUED_SIGN_INS) as executor:
        sign_ins = [executor.submit(GraphQL(client).execute, LOGIN) for _ in range(QUEUED_SIGN_INS)]
        try:
            deadline = time.monotonic() + 30
            while waiting < QUEUED_SIGN_INS and time.monotonic() < deadline:
                time.sleep(0.01)
            assert waiting == QUEUED_SIGN_INS
            assert pool.checkedout() == 0
            assert alice.ok("{ me { email } }")["me"]["email"] == "alice@example.com"
        finally:
            release.set()
        codes = [sign_in.result()["errors"][0]["extensions"]["code"] for sign_in in sign_ins]
    assert codes == ["UNAUTHENTICATED"] * QUEUED_SIGN_INS
