"""Failed sign-ins are limited per (email, client address) in a sliding minute; outcomes are counted."""

from __future__ import annotations

import pytest
from prometheus_client import REGISTRY

from api.auth.rate_limit import PasswordAttemptLimiter
from tests.auth.operations import LOGIN, PASSWORD

KEY = ("carol@example.com", "192.0.2.1")


class FakeClock:
    """A clock the tests move by hand."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def limiter(clock: FakeClock) -> PasswordAttemptLimiter:
    return PasswordAttemptLimiter(limit=3, window_seconds=60, clock=clock)


def test_attempts_beyond_the_limit_are_refused_with_the_wait(limiter, clock):
    assert [limiter.start_attempt(KEY) for _ in range(3)] == [None, None, None]
    clock.now += 20
    assert limiter.start_attempt(KEY) == 40


def test_window_slides_one_attempt_at_a_time(limiter, clock):
    limiter.start_attempt(KEY)
    clock.now += 30
    limiter.start_attempt(KEY)
    limiter.start_attempt(KEY)
    clock.now += 30  # the first attempt is now a minute old
    assert limiter.start_attempt(KEY) is None
    assert limiter.start_attempt(KEY) == 30


def test_success_clears_the_key(limiter):
    for _ in range(3):
        limiter.start_attempt(KEY)
    limiter.succeeded(KEY)
    assert limiter.start_attempt(KEY) is None


def test_keys_are_independent(limiter):
    for _ in range(3):
        limiter.start_attempt(KEY)
    assert limiter.start_attempt(("carol@example.com", "192.0.2.2")) is None
    assert limiter.start_attempt(("dave@example.com", "192.0.2.1")) is None


def test_keys_without_recent_attempts_are_forgotten(limiter, clock):
    for number in range(100):
        limiter.start_attempt((f"user{number}@example.com", "192.0.2.1"))
    clock.now += 61
    limiter.start_attempt(KEY)
    assert limiter.tracked_keys() == 1


def login_count(outcome: str) -> float:
    return REGISTRY.get_sample_value("fintrack_logins_total", {"outcome": outcome}) or 0.0


def test_too_many_failed_logins_are_rate_limited_even_with_the_right_password(make_user, anonymous, settings):
    make_user("carol@example.com")
    for _ in range(settings.login_attempts_per_minute):
        anonymous.error(LOGIN, {"email": "carol@example.com", "password": "a wrong guess"})
    error = anonymous.error(LOGIN, {"email": " Carol@Example.com", "password": PASSWORD})
    assert error["extensions"]["code"] == "RATE_LIMITED"
    assert 1 <= error["extensions"]["retryAfterSeconds"] <= 60


def test_rate_limit_of_one_email_leaves_other_emails_alone(make_user, anonymous, settings):
    make_user("carol@example.com")
    make_user("dave@example.com")
    for _ in range(settings.login_attempts_per_minute + 1):
        anonymous.error(LOGIN, {"email": "carol@example.com", "password": "a wrong guess"})
    anonymous.ok(LOGIN, {"email": "dave@example.com", "password": PASSWORD})


def test_unknown_emails_are_rate_limited_like_known_ones(anonymous, settings):
    variables = {"email": "nobody@example.com", "password": "a wrong guess"}
    codes = [anonymous.error(LOGIN, variables)["extensions"]["code"]
             for _ in range(settings.login_attempts_per_minute + 1)]
    assert codes[-2:] == ["UNAUTHENTICATED", "RATE_LIMITED"]


def test_login_outcomes_are_counted(make_user, anonymous, settings):
    make_user("carol@example.com")
    before = {outcome: login_count(outcome) for outcome in ("success", "failure", "rate_limited")}
    anonymous.ok(LOGIN, {"email": "carol@example.com", "password": PASSWORD})
    for _ in range(settings.login_attempts_per_minute + 2):
        anonymous.error(LOGIN, {"email": "carol@example.com", "password": "a wrong guess"})
    after = {outcome: login_count(outcome) - before[outcome] for outcome in before}
    assert after == {"success": 1, "failure": settings.login_attempts_per_minute, "rate_limited": 2}
