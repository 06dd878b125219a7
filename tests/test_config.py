"""Settings: a signing key every process shares, never empty or short; lists from the environment."""

from __future__ import annotations

import multiprocessing
import stat
from collections import defaultdict
from multiprocessing.queues import Queue
from multiprocessing.synchronize import Barrier
from pathlib import Path

import pytest
from pydantic import ValidationError

from api.config import (
    GENERATED_KEY_FILE_NAME,
    MIN_SECRET_KEY_BYTES,
    Settings,
    SettingsError,
    load_or_create_secret_key,
)

RACERS = 8
ROUNDS = 200  # the old create-then-write code handed out an empty key in 9 to 28 rounds of 200 here


@pytest.fixture(autouse=True)
def no_configuration_in_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """The developer's own settings must not change what these tests see."""
    for name in ("SECRET_KEY", "DATABASE_URL", "DATA_DIR", "FORWARDED_ALLOW_IPS", "CORS_ORIGINS"):
        monkeypatch.delenv(name, raising=False)


def race_for_keys(directories: list[str], barrier: Barrier, results: Queue[tuple[str, str]]) -> None:
    """In a child process: for each fresh directory, start together with the others and read the key."""
    for directory in directories:
        barrier.wait()
        results.put((directory, load_or_create_secret_key(Path(directory))))


def test_processes_racing_on_a_fresh_data_dir_all_read_the_same_complete_key(tmp_path: Path) -> None:
    context = multiprocessing.get_context("spawn")
    directories = [str(tmp_path / f"round{number}") for number in range(ROUNDS)]
    barrier = context.Barrier(RACERS)
    results: Queue[tuple[str, str]] = context.Queue()
    racers = [context.Process(target=race_for_keys, args=(directories, barrier, results))
              for _ in range(RACERS)]
    for racer in racers:
        racer.start()
    keys: dict[str, set[str]] = defaultdict(set)
    for _ in range(RACERS * ROUNDS):
        directory, key = results.get(timeout=120)
        keys[directory].add(key)
    for racer in racers:
        racer.join(timeout=30)
        assert racer.exitcode == 0

    for directory in directories:
        assert len(keys[directory]) == 1, f"{directory}: {len(keys[directory])} different keys"
        key = keys[directory].pop()
        assert len(key.encode()) >= MIN_SECRET_KEY_BYTES
        assert (Path(directory) / GENERATED_KEY_FILE_NAME).read_text() == key
        assert [path.name for path in Path(directory).iterdir()] == [GENERATED_KEY_FILE_NAME]


def test_generated_key_is_readable_by_the_owner_only_and_kept(tmp_path: Path) -> None:
    key = load_or_create_secret_key(tmp_path)
    assert stat.S_IMODE((tmp_path / GENERATED_KEY_FILE_NAME).stat().st_mode) == 0o600
    assert load_or_create_secret_key(tmp_path) == key


@pytest.mark.parametrize("content", ["", "\n", "x" * (MIN_SECRET_KEY_BYTES - 1)])
def test_an_empty_or_short_stored_key_is_refused(tmp_path: Path, content: str) -> None:
    (tmp_path / GENERATED_KEY_FILE_NAME).write_text(content)
    with pytest.raises(SettingsError, match="empty or short key"):
        Settings(data_dir=tmp_path).resolved_secret_key


@pytest.mark.parametrize("key", ["", "short", "é" * 15])  # 30 bytes
def test_an_empty_or_short_secret_key_is_refused(monkeypatch: pytest.MonkeyPatch, key: str) -> None:
    monkeypatch.setenv("SECRET_KEY", key)
    with pytest.raises(ValidationError, match=f"at least {MIN_SECRET_KEY_BYTES} bytes"):
        Settings()


def test_a_long_enough_secret_key_is_used_as_it_is(tmp_path: Path) -> None:
    key = "k" * MIN_SECRET_KEY_BYTES
    assert Settings(data_dir=tmp_path, secret_key=key).resolved_secret_key == key
    assert not (tmp_path / GENERATED_KEY_FILE_NAME).exists()


def test_postgresql_needs_a_secret_key_every_process_shares(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path, database_url="postgresql://fintrack@db.example/fintrack")
    with pytest.raises(SettingsError, match="SECRET_KEY must be set"):
        settings.shared_secret_key()
    with_key = settings.model_copy(update={"secret_key": "k" * MIN_SECRET_KEY_BYTES})
    assert with_key.shared_secret_key() == "k" * MIN_SECRET_KEY_BYTES


def test_sqlite_shares_the_key_generated_in_the_data_directory(tmp_path: Path) -> None:
    key = Settings(data_dir=tmp_path).shared_secret_key()
    assert (tmp_path / GENERATED_KEY_FILE_NAME).read_text() == key


@pytest.mark.parametrize(("value", "expected"), [
    ("", []),
    ("10.0.0.1", ["10.0.0.1"]),
    ("10.0.0.1, 192.168.0.0/16", ["10.0.0.1", "192.168.0.0/16"]),
    ('["10.0.0.1", "::1"]', ["10.0.0.1", "::1"]),
])
def test_lists_come_from_the_environment_comma_separated_or_as_json(
    monkeypatch: pytest.MonkeyPatch, value: str, expected: list[str]
) -> None:
    monkeypatch.setenv("FORWARDED_ALLOW_IPS", value)
    monkeypatch.setenv("CORS_ORIGINS", value)
    settings = Settings()
    assert settings.forwarded_allow_ips == expected
    assert settings.cors_origins == expected


def test_no_proxy_is_trusted_by_default() -> None:
    assert Settings().forwarded_allow_ips == []
