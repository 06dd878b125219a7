"""Password hashing: libpass bcrypt, the 72-byte limit, and hashing off the event loop."""

from __future__ import annotations

import asyncio

import passlib
import pytest

from api.auth.passwords import MAX_PASSWORD_BYTES, PasswordHasher, validate_new_password
from api.errors import InvalidInput
from tests.auth.operations import LOGIN, REGISTER, error_code

SEVENTY_TWO_BYTES = "p" * MAX_PASSWORD_BYTES


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


@pytest.mark.parametrize("password", ["\x00" * 8, "a\ud800" * 4, SEVENTY_TWO_BYTES + "x"])
def test_passwords_bcrypt_cannot_take_whole_are_refused_and_never_match(password):
    hasher = PasswordHasher(rounds=4)
    with pytest.raises(InvalidInput) as refused:
        validate_new_password(password)
    assert refused.value.field == "password"
    assert asyncio.run(hasher.verify(password, asyncio.run(hasher.hash(SEVENTY_TWO_BYTES)))) is False


def test_password_of_exactly_72_bytes_registers_and_signs_in(anonymous):
    anonymous.ok(REGISTER, {"email": "long@example.com", "password": SEVENTY_TWO_BYTES})
    payload = anonymous.ok(LOGIN, {"email": "long@example.com", "password": SEVENTY_TWO_BYTES})["login"]
    assert payload["user"]["email"] == "long@example.com"


def test_password_over_72_bytes_is_refused_at_registration(anonymous):
    error = anonymous.error(REGISTER, {"email": "long@example.com", "password": SEVENTY_TWO_BYTES + "x"})
    assert error["extensions"]["code"] == "BAD_USER_INPUT"
    assert error["extensions"]["field"] == "password"


def test_over_long_password_at_login_is_unauthenticated_not_truncated(anonymous):
    # bcrypt would read only the first 72 bytes, so this would match if it were passed through.
    anonymous.ok(REGISTER, {"email": "long@example.com", "password": SEVENTY_TWO_BYTES})
    for suffix in ("x", "x" * 1000):
        variables = {"email": "long@example.com", "password": SEVENTY_TWO_BYTES + suffix}
        assert error_code(anonymous, LOGIN, variables) == "UNAUTHENTICATED"


def test_password_limit_counts_utf8_bytes_not_characters(anonymous):
    accepted = "é" * 36  # 36 characters, 72 bytes
    anonymous.ok(REGISTER, {"email": "accents@example.com", "password": accepted})
    anonymous.ok(LOGIN, {"email": "accents@example.com", "password": accepted})
    for refused in ("é" * 37, "p" * 71 + "é"):  # 74 and 73 bytes, both far fewer than 72 characters
        error = anonymous.error(REGISTER, {"email": "other@example.com", "password": refused})
        assert error["extensions"]["field"] == "password"


def test_nul_character_is_refused_at_registration_and_fails_login_cleanly(make_user, anonymous):
    make_user("nul@example.com")
    error = anonymous.error(REGISTER, {"email": "other@example.com", "password": "correct\x00horse"})
    assert error["extensions"]["field"] == "password"
    variables = {"email": "nul@example.com", "password": "correct\x00horse"}
    assert error_code(anonymous, LOGIN, variables) == "BAD_USER_INPUT"  # no string input takes NUL
