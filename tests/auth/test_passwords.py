"""The password policy (12 to 128 characters, not a common one) and hashing: bcrypt_sha256 off the event loop,
older bcrypt hashes still verifying and replaced at sign-in."""

from __future__ import annotations

import asyncio
import os
import threading
import time

import passlib
import pytest
from passlib.context import CryptContext
from sqlalchemy import text
from starlette.concurrency import run_in_threadpool

from api.auth.passwords import (
    MAX_PASSWORD_LENGTH,
    MIN_PASSWORD_LENGTH,
    PasswordHasher,
    common_passwords,
    hashing_threads,
    validate_new_password,
)
from api.errors import InvalidInput
from tests.auth.operations import LOGIN, REGISTER, error_code

LONGEST = "p" * MAX_PASSWORD_LENGTH


def register_error(anonymous, password: str) -> dict:
    return anonymous.error(REGISTER, {"email": "carol@example.com", "password": password})


def test_passlib_is_the_maintained_libpass_fork():
    # passlib 1.7.4 breaks with bcrypt 5 (or silently truncates with bcrypt 4.0.1).
    assert passlib.__version__.startswith("1.9")


def test_hash_and_verify_roundtrip():
    hasher = PasswordHasher(rounds=4)

    async def roundtrip() -> tuple[bool, bool]:
        password_hash = await hasher.hash("correct horse battery")
        return (
            await hasher.verify("correct horse battery", password_hash),
            await hasher.verify("correct horse battery!", password_hash),
        )

    assert asyncio.run(roundtrip()) == (True, False)


def test_verify_without_a_hash_never_matches():
    assert asyncio.run(PasswordHasher(rounds=4).verify("correct horse battery", None)) is False


def test_hashing_and_verifying_leave_the_event_loop_free():
    hasher = PasswordHasher(rounds=10)  # tens of milliseconds per hash

    async def ticks_while(operation) -> int:
        ticks = 0
        stop = asyncio.Event()

        async def tick() -> None:
            nonlocal ticks
            while not stop.is_set():
                await asyncio.sleep(0.001)
                ticks += 1

        ticker = asyncio.create_task(tick())
        await asyncio.sleep(0)
        before = ticks
        result = await operation
        during = ticks - before
        stop.set()
        await ticker
        assert result
        return during

    async def scenario() -> tuple[int, int]:
        password_hash = await hasher.hash("correct horse battery")
        return (
            await ticks_while(hasher.hash("another password")),
            await ticks_while(hasher.verify("correct horse battery", password_hash)),
        )

    # Hashing on the loop itself would let the ticker run zero times.
    ticks_hashing, ticks_verifying = asyncio.run(scenario())
    assert ticks_hashing >= 3
    assert ticks_verifying >= 3


def test_concurrent_hashes_never_run_more_than_the_pool_bound_and_leave_the_shared_threads_free(monkeypatch):
    hasher = PasswordHasher(rounds=4)
    lock = threading.Lock()
    running = most_at_once = 0

    def slow_hash(password: str) -> str:
        nonlocal running, most_at_once
        with lock:
            running += 1
            most_at_once = max(most_at_once, running)
        time.sleep(0.05)
        with lock:
            running -= 1
        return f"hash of {password}"

    monkeypatch.setattr(hasher._context, "hash", slow_hash)
    many = hashing_threads() + 3

    async def scenario() -> tuple[list[str], bool]:
        hashes = asyncio.gather(*(hasher.hash(f"password {number}") for number in range(many)))
        await asyncio.sleep(0.01)
        # The shared thread pool (where other blocking work runs) answers while the hashes queue.
        other_work = await run_in_threadpool(lambda: running > 0)
        return await hashes, other_work

    hashes, answered_while_hashing = asyncio.run(scenario())
    assert hashes == [f"hash of password {number}" for number in range(many)]
    assert most_at_once == hashing_threads()
    assert answered_while_hashing


def test_hashing_keeps_a_core_for_everything_else():
    assert hashing_threads() == max(1, len(os.sched_getaffinity(0)) - 1)


@pytest.mark.parametrize("password", ["\x00" * 12, "a\ud800" * 6, LONGEST + "x"])
def test_passwords_no_hash_can_come_from_are_refused_and_never_match(password):
    hasher = PasswordHasher(rounds=4)
    with pytest.raises(InvalidInput) as refused:
        validate_new_password(password)
    assert refused.value.field == "password"
    assert asyncio.run(hasher.verify(password, asyncio.run(hasher.hash(LONGEST)))) is False


def test_eleven_characters_are_refused_and_twelve_accepted(anonymous):
    error = register_error(anonymous, "x7#kq9!mzt2")
    reason = f"must be at least {MIN_PASSWORD_LENGTH} characters"
    assert error["extensions"] == {"code": "BAD_USER_INPUT", "field": "password", "reason": reason}
    anonymous.ok(REGISTER, {"email": "carol@example.com", "password": "x7#kq9!mzt2w"})


def test_the_most_common_password_is_refused(anonymous):
    assert error_code(anonymous, REGISTER, {"email": "carol@example.com", "password": "password"}) == (
        "BAD_USER_INPUT"
    )


@pytest.mark.parametrize("password", ["qwerty123456", "Password1234", "1Q2W3E4R5T6Y", "JamesBond007"])
def test_common_passwords_of_allowed_length_are_refused_in_any_letter_case(anonymous, password):
    error = register_error(anonymous, password)
    assert error["extensions"]["code"] == "BAD_USER_INPUT"
    assert error["extensions"]["field"] == "password"
    assert "most common passwords" in error["extensions"]["reason"]


def test_the_shipped_list_holds_the_10000_most_common_passwords_lower_cased():
    passwords = common_passwords()
    assert len(passwords) == 10_000
    assert {"123456", "password", "iloveyou", "qwerty123456"} <= passwords
    assert all(password == password.lower() for password in passwords)


def test_longest_password_registers_and_signs_in_whole(anonymous):
    # Far past bcrypt's 72 bytes: every character counts, so a changed last one does not sign in.
    longest = "é" * MAX_PASSWORD_LENGTH  # 256 bytes in UTF-8
    anonymous.ok(REGISTER, {"email": "long@example.com", "password": longest})
    assert anonymous.ok(LOGIN, {"email": "long@example.com", "password": longest})["login"]["user"]
    variables = {"email": "long@example.com", "password": longest[:-1] + "e"}
    assert error_code(anonymous, LOGIN, variables) == "UNAUTHENTICATED"


def test_password_over_the_maximum_is_refused_at_registration_and_never_signs_in(anonymous):
    error = register_error(anonymous, LONGEST + "x")
    assert error["extensions"]["field"] == "password"
    assert error["extensions"]["reason"] == f"must be at most {MAX_PASSWORD_LENGTH} characters"
    anonymous.ok(REGISTER, {"email": "long@example.com", "password": LONGEST})
    variables = {"email": "long@example.com", "password": LONGEST + "x"}
    assert error_code(anonymous, LOGIN, variables) == "UNAUTHENTICATED"


def test_nul_character_is_refused_at_registration_and_fails_login_cleanly(make_user, anonymous):
    make_user("nul@example.com")
    error = register_error(anonymous, "correct\x00horse battery")
    assert error["extensions"]["field"] == "password"
    variables = {"email": "nul@example.com", "password": "correct\x00horse battery"}
    # Refused as a string input (BAD_USER_INPUT) before the password is looked at, or not matching.
    assert error_code(anonymous, LOGIN, variables) in ("BAD_USER_INPUT", "UNAUTHENTICATED")


def plain_bcrypt_hash(password: str) -> str:
    """A hash as this server made them before bcrypt_sha256."""
    return CryptContext(schemes=["bcrypt"], bcrypt__rounds=4).hash(password)


def stored_hash(database, email: str) -> str:
    with database.connect() as connection:
        return connection.scalar(text("SELECT password_hash FROM users WHERE email = :e"), {"e": email})


def test_older_bcrypt_hash_of_a_short_password_still_signs_in_and_is_upgraded(make_user, anonymous, database):
    # Passwords set under the old policy (8 characters, plain bcrypt) keep working.
    make_user("carol@example.com")
    with database.begin() as connection:
        connection.execute(text("UPDATE users SET password_hash = :h"), {"h": plain_bcrypt_hash("old pass")})

    assert anonymous.ok(LOGIN, {"email": "carol@example.com", "password": "old pass"})["login"]["user"]

    assert stored_hash(database, "carol@example.com").startswith("$bcrypt-sha256$")
    assert anonymous.ok(LOGIN, {"email": "carol@example.com", "password": "old pass"})["login"]["user"]
    assert error_code(anonymous, LOGIN, {"email": "carol@example.com", "password": "old pasS"}) == (
        "UNAUTHENTICATED"
    )


def test_older_bcrypt_hash_never_matches_a_password_past_its_72_bytes(make_user, anonymous, database):
    # Plain bcrypt compares only the first 72 bytes: the 72-byte prefix plus anything must not match.
    prefix = "p" * 72
    make_user("carol@example.com")
    with database.begin() as connection:
        connection.execute(text("UPDATE users SET password_hash = :h"), {"h": plain_bcrypt_hash(prefix)})
    for suffix in ("x", "x" * 56):
        variables = {"email": "carol@example.com", "password": prefix + suffix}
        assert error_code(anonymous, LOGIN, variables) == "UNAUTHENTICATED"
    assert anonymous.ok(LOGIN, {"email": "carol@example.com", "password": prefix})["login"]["user"]
