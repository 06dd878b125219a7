"""Sign-ins are limited per (email, address), per email with backoff, per address and overall.

The limiter runs on the test's database (SQLite, and PostgreSQL when configured), where the server
keeps the attempts: the rules are tested through the store that serves them.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator

import pytest
from prometheus_client import REGISTRY
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncEngine
from starlette.testclient import TestClient

from api.app import create_app
from api.auth.attempts import DatabaseAttemptStore, LoginAttempt
from api.auth.rate_limit import Backoff, LoginLimits, PasswordAttemptLimiter, SlidingWindow
from api.client_address import BROWSER_ADDRESS_HEADER, DASHBOARD_PROOF_HEADER, forwarding_headers
from api.config import Settings
from api.database import create_database_engine
from tests.auth.operations import LOGIN, PASSWORD
from tests.conftest import GraphQL

EMAIL, ADDRESS = "carol@example.com", "192.0.2.1"
LIMITS = LoginLimits(
    per_email_and_address_per_minute=3,
    per_email_before_backoff=5,
    backoff_max_seconds=60,
    per_address_per_minute=10,
    global_per_minute=1000,
)


class FakeClock:
    """A clock the tests move by hand."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


class BlockingLimiter:
    """The async limiter called from plain test code, on one event loop for the whole test."""

    def __init__(self, limiter: PasswordAttemptLimiter, runner: asyncio.Runner) -> None:
        self.limiter = limiter
        self.runner = runner

    def start_attempt(self, email: str, address: str) -> int | None:
        return self.runner.run(self.limiter.start_attempt(email, address))

    def succeeded(self, email: str, address: str) -> None:
        self.runner.run(self.limiter.succeeded(email, address))


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def runner() -> Iterator[asyncio.Runner]:
    with asyncio.Runner() as runner:
        yield runner


@pytest.fixture
def engine(migrated_database: Settings, runner: asyncio.Runner) -> Iterator[AsyncEngine]:
    engine = create_database_engine(migrated_database.resolved_database_url)
    yield engine
    runner.run(engine.dispose())


@pytest.fixture
def limiter(engine: AsyncEngine, clock: FakeClock, runner: asyncio.Runner) -> BlockingLimiter:
    return BlockingLimiter(PasswordAttemptLimiter(LIMITS, DatabaseAttemptStore(engine), clock=clock), runner)


def stored_attempts(engine: AsyncEngine, runner: asyncio.Runner) -> int:
    async def count() -> int:
        async with engine.connect() as connection:
            return (await connection.execute(select(func.count()).select_from(LoginAttempt))).scalar_one()

    return runner.run(count())


def test_attempts_beyond_the_limit_are_refused_with_the_wait(limiter, clock):
    assert [limiter.start_attempt(EMAIL, ADDRESS) for _ in range(3)] == [None, None, None]
    clock.now += 20
    assert limiter.start_attempt(EMAIL, ADDRESS) == 40


def test_window_slides_one_attempt_at_a_time(limiter, clock):
    limiter.start_attempt(EMAIL, ADDRESS)
    clock.now += 30
    limiter.start_attempt(EMAIL, ADDRESS)
    limiter.start_attempt(EMAIL, ADDRESS)
    clock.now += 30  # the first attempt is now a minute old
    assert limiter.start_attempt(EMAIL, ADDRESS) is None
    assert limiter.start_attempt(EMAIL, ADDRESS) == 30


def test_success_clears_the_email(limiter):
    for _ in range(3):
        limiter.start_attempt(EMAIL, ADDRESS)
    limiter.succeeded(EMAIL, ADDRESS)
    assert limiter.start_attempt(EMAIL, ADDRESS) is None


def test_a_few_failures_leave_other_addresses_and_emails_alone(limiter):
    for _ in range(3):
        limiter.start_attempt(EMAIL, ADDRESS)
    assert limiter.start_attempt(EMAIL, "192.0.2.2") is None
    assert limiter.start_attempt("dave@example.com", ADDRESS) is None


def test_one_email_from_many_addresses_backs_off_exponentially(limiter, clock):
    addresses = (f"198.51.100.{number}" for number in range(100))
    assert [limiter.start_attempt(EMAIL, next(addresses)) for _ in range(5)] == [None] * 5
    waits = []
    for _ in range(8):
        wait = limiter.start_attempt(EMAIL, next(addresses))
        waits.append(wait)
        clock.now += wait
        assert limiter.start_attempt(EMAIL, next(addresses)) is None
    assert waits == [1, 2, 4, 8, 16, 32, 60, 60]


def test_a_correct_password_ends_the_backoff(limiter, clock):
    for number in range(6):
        limiter.start_attempt(EMAIL, f"198.51.100.{number}")
    limiter.succeeded(EMAIL, "198.51.100.9")
    assert limiter.start_attempt(EMAIL, "198.51.100.10") is None


def test_one_address_trying_many_emails_is_limited_and_a_success_does_not_reset_it(limiter):
    for number in range(9):
        assert limiter.start_attempt(f"user{number}@example.com", ADDRESS) is None
    assert limiter.start_attempt("mine@example.com", ADDRESS) is None
    limiter.succeeded("mine@example.com", ADDRESS)  # the attacker's own account
    assert limiter.start_attempt("victim@example.com", ADDRESS) == 60


def test_everyone_together_is_capped(engine, clock, runner):
    limits = LoginLimits(3, 5, 60, 10, global_per_minute=4)
    store = DatabaseAttemptStore(engine)
    limiter = BlockingLimiter(PasswordAttemptLimiter(limits, store, clock=clock), runner)
    for number in range(4):
        assert limiter.start_attempt(f"user{number}@example.com", f"198.51.100.{number}") is None
    assert limiter.start_attempt("late@example.com", "203.0.113.1") == 60


def test_refused_attempts_are_not_counted(limiter, clock):
    for _ in range(3):
        limiter.start_attempt(EMAIL, ADDRESS)
    for _ in range(20):
        limiter.start_attempt(EMAIL, ADDRESS)
    clock.now += 60
    assert limiter.start_attempt(EMAIL, ADDRESS) is None


@pytest.mark.parametrize(("times", "now", "wait"), [
    ([], 0, 0), ([1, 2], 2, 0), ([1, 2, 3], 3, 1), ([1, 2, 3, 4], 4, 2), ([1, 2, 3, 4], 10, -4),
    ([1] * 50, 1, 60),  # capped
    ([1, 2, 3], 3602, 0),  # forgotten after an hour
])
def test_backoff_rule(times, now, wait):
    assert Backoff(free=3, longest_delay=60).wait(times, now) == wait


def test_sliding_window_rule():
    assert SlidingWindow(limit=2, seconds=60).wait([10, 30], 40) == 30
    assert SlidingWindow(limit=2, seconds=60).wait([10, 30], 70) == 0


def test_attempts_older_than_any_rule_remembers_are_deleted(limiter, clock, engine, runner):
    for number in range(100):
        limiter.start_attempt(f"user{number}@example.com", f"198.51.100.{number}")
    clock.now += 3601  # the email backoff remembers an hour
    limiter.start_attempt(EMAIL, ADDRESS)
    assert stored_attempts(engine, runner) == 4  # this attempt, under its four keys


def test_refused_attempts_leave_no_rows(limiter, engine, runner):
    for _ in range(3 + 5):
        limiter.start_attempt(EMAIL, ADDRESS)
    assert stored_attempts(engine, runner) == 3 * 4


def test_concurrent_attempts_from_several_workers_never_pass_the_limit(migrated_database, clock, runner):
    """Four engines stand for four worker processes; twenty guesses race for the same three places."""
    url = migrated_database.resolved_database_url

    async def race() -> list[int | None]:
        engines = [create_database_engine(url) for _ in range(4)]
        limiters = [PasswordAttemptLimiter(LIMITS, DatabaseAttemptStore(engine), clock=clock)
                    for engine in engines]
        try:
            return await asyncio.gather(*(limiters[number % 4].start_attempt(EMAIL, ADDRESS)
                                          for number in range(20)))
        finally:
            await asyncio.gather(*(engine.dispose() for engine in engines))

    waits = runner.run(race())
    assert waits.count(None) == LIMITS.per_email_and_address_per_minute
    assert all(wait == 60 for wait in waits if wait is not None)


def test_failures_counted_by_one_worker_limit_another(make_user, anonymous, migrated_database):
    """Two apps on one database, as two workers: the second refuses what the first counted."""
    make_user("carol@example.com")
    for _ in range(migrated_database.login_attempts_per_minute):
        anonymous.error(LOGIN, {"email": "carol@example.com", "password": "a wrong guess"})
    with TestClient(create_app(migrated_database)) as other_worker:
        error = GraphQL(other_worker).error(LOGIN, {"email": "carol@example.com", "password": PASSWORD})
    assert error["extensions"]["code"] == "RATE_LIMITED"


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


def login_with_headers(client, email: str, password: str, headers: dict[str, str]) -> dict:
    """The first error of a login (or None when it succeeds), sent with extra headers."""
    body = client.post("/graphql", json={"query": LOGIN, "variables": {"email": email, "password": password}},
                       headers=headers).json()
    return body["errors"][0] if body.get("errors") else None


def as_browser(client, address: str) -> dict[str, str]:
    """Headers of this server's dashboard kernel acting for the browser at `address`."""
    return forwarding_headers(client.app.state.app_state.forwarding_token, address)


def test_wrong_passwords_from_many_addresses_then_the_right_one_is_rate_limited(make_user, client):
    make_user("carol@example.com")
    for number in range(25):
        error = login_with_headers(client, "carol@example.com", "a wrong guess",
                                   as_browser(client, f"198.51.100.{number}"))
        assert error["extensions"]["code"] in ("UNAUTHENTICATED", "RATE_LIMITED")
    error = login_with_headers(client, "carol@example.com", PASSWORD, as_browser(client, "203.0.113.7"))
    assert error["extensions"]["code"] == "RATE_LIMITED"
    assert error["extensions"]["retryAfterSeconds"] >= 1


def test_one_address_guessing_many_emails_is_rate_limited(make_user, anonymous, settings):
    make_user("carol@example.com")
    for number in range(settings.login_attempts_per_address_per_minute):
        anonymous.error(LOGIN, {"email": f"user{number}@example.com", "password": "a wrong guess"})
    error = anonymous.error(LOGIN, {"email": "carol@example.com", "password": PASSWORD})
    assert error["extensions"]["code"] == "RATE_LIMITED"


def test_failures_in_one_browser_do_not_lock_the_user_out_of_another(make_user, client, settings):
    make_user("carol@example.com")
    for _ in range(settings.login_attempts_per_minute):
        login_with_headers(client, "carol@example.com", "a wrong guess", as_browser(client, "198.51.100.1"))
    error = login_with_headers(client, "carol@example.com", PASSWORD, as_browser(client, "198.51.100.1"))
    assert error["extensions"]["code"] == "RATE_LIMITED"
    other_browser = as_browser(client, "198.51.100.2")
    assert login_with_headers(client, "carol@example.com", PASSWORD, other_browser) is None


@pytest.mark.parametrize("token", ["a forged token", None])
def test_browser_address_header_is_ignored_without_the_servers_token(make_user, client, settings, token):
    make_user("carol@example.com")

    def claiming(address: str) -> dict[str, str]:
        headers = {BROWSER_ADDRESS_HEADER: address}
        return headers if token is None else headers | {DASHBOARD_PROOF_HEADER: token}

    for number in range(settings.login_attempts_per_minute):
        login_with_headers(client, "carol@example.com", "a wrong guess", claiming(f"198.51.100.{number}"))
    error = login_with_headers(client, "carol@example.com", PASSWORD, claiming("203.0.113.7"))
    assert error["extensions"]["code"] == "RATE_LIMITED"
