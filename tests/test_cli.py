"""The `fintrack` commands, run in-process with click's runner against the test database."""

from __future__ import annotations

import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from sqlalchemy import inspect
from sqlalchemy.engine import make_url

import api.cli
from api.cli import base_url, main, schema_sdl
from api.config import GENERATED_KEY_FILE_NAME
from api.database import create_sync_engine
from api.monitoring.multiprocess import MULTIPROCESS_DIRECTORY_VARIABLE
from tests.conftest import GraphQL

LOGIN = """
mutation Login($email: String!, $password: String!) {
  login(email: $email, password: $password) { user { email } }
}
"""


@pytest.fixture
def fintrack(settings):
    """Runs `fintrack ARGS` with the environment pointing at this test's database."""
    environment = {
        "DATA_DIR": str(settings.data_dir),
        "DATABASE_URL": settings.database_url,
        "BCRYPT_ROUNDS": "4",
        # serve needs a key every process shares on PostgreSQL; SQLite generates one in DATA_DIR.
        "SECRET_KEY": secrets.token_urlsafe(32) if settings.database_url else None,
    }

    def run(*args: str, input: str | None = None) -> Result:
        return CliRunner().invoke(main, list(args), env=environment, input=input, catch_exceptions=False)

    return run


def signs_in(anonymous: GraphQL, email: str, password: str) -> bool:
    body = anonymous.execute(LOGIN, {"email": email, "password": password})
    return not body.get("errors")


def printed_password(output: str) -> str:
    match = re.search(r"password: (\S+)", output)
    assert match, output
    return match.group(1)


def test_migrate_creates_every_table(fintrack, settings):
    result = fintrack("migrate")
    assert result.exit_code == 0, result.output
    assert "newest revision" in result.output
    engine = create_sync_engine(settings.resolved_database_url)
    try:
        assert {"users", "accounts", "categories", "records", "alembic_version"} <= set(
            inspect(engine).get_table_names()
        )
    finally:
        engine.dispose()


def test_migrate_names_the_database_without_its_password(fintrack, settings):
    output = fintrack("migrate").output
    url = make_url(settings.resolved_database_url)
    assert url.database in output
    if url.password:
        assert f":{url.password}@" not in output


def test_create_user_with_password_option_can_sign_in(fintrack, anonymous):
    result = fintrack("create-user", "--email", "Carol@Example.com", "--password", "a long secret phrase")
    assert result.exit_code == 0, result.output
    assert "carol@example.com" in result.output
    assert signs_in(anonymous, "carol@example.com", "a long secret phrase")


def test_create_user_prompts_for_the_password_twice(fintrack, anonymous):
    typed = "typed secret phrase\n"
    result = fintrack("create-user", "--email", "dave@example.com", input=typed * 2)
    assert result.exit_code == 0, result.output
    assert "Repeat for confirmation" in result.output
    assert signs_in(anonymous, "dave@example.com", "typed secret phrase")


def test_create_user_refuses_a_short_password_with_the_reason(fintrack):
    result = fintrack("create-user", "--email", "erin@example.com", "--password", "short")
    assert result.exit_code == 1
    assert "at least 12 characters" in result.output


def test_create_user_refuses_a_taken_email(fintrack):
    first = fintrack("create-user", "--email", "frank@example.com", "--password", "first secret phrase")
    assert first.exit_code == 0
    result = fintrack("create-user", "--email", "frank@example.com", "--password", "second secret phrase")
    assert result.exit_code == 1
    assert "already exists" in result.output


def test_demo_prints_credentials_that_sign_in(fintrack, anonymous):
    result = fintrack("demo")
    assert result.exit_code == 0, result.output
    assert "demo@example.com" in result.output
    assert signs_in(anonymous, "demo@example.com", printed_password(result.output))


def test_demo_twice_refuses_unless_replaced_with_a_new_password(fintrack, anonymous):
    first = printed_password(fintrack("demo").output)
    again = fintrack("demo")
    assert again.exit_code == 1
    assert "--replace" in again.output
    second = printed_password(fintrack("demo", "--replace").output)
    assert first != second
    assert signs_in(anonymous, "demo@example.com", second)
    assert not signs_in(anonymous, "demo@example.com", first)


def test_export_schema_writes_the_sdl_and_check_accepts_it(fintrack, tmp_path):
    path = tmp_path / "schema.graphql"
    assert fintrack("export-schema", "--path", str(path)).exit_code == 0
    assert path.read_text() == schema_sdl()
    result = fintrack("export-schema", "--check", "--path", str(path))
    assert result.exit_code == 0
    assert "is current" in result.output


@pytest.mark.parametrize("content", [None, "type Query { stale: Int }\n"])
def test_export_schema_check_fails_clearly_when_stale_or_missing(fintrack, tmp_path, content):
    path = tmp_path / "schema.graphql"
    if content is not None:
        path.write_text(content)
    result = fintrack("export-schema", "--check", "--path", str(path))
    assert result.exit_code == 1
    assert "is stale: run `fintrack export-schema`" in result.output
    assert path.read_text() == content if content else not path.exists()


@pytest.mark.parametrize(
    ("host", "expected"),
    [
        ("127.0.0.1", "http://127.0.0.1:8000"),
        ("0.0.0.0", "http://localhost:8000"),
        ("::", "http://localhost:8000"),
        ("::1", "http://[::1]:8000"),
        ("finance.example.org", "http://finance.example.org:8000"),
    ],
)
def test_serve_prints_urls_a_browser_can_open(host, expected):
    assert base_url(host, 8000) == expected


def test_help_lists_every_command():
    output = CliRunner().invoke(main, ["--help"]).output
    for command in ("serve", "demo", "create-user", "migrate", "export-schema"):
        assert command in output


def test_console_script_points_at_the_cli():
    pyproject = (Path(__file__).parents[1] / "pyproject.toml").read_text()
    assert 'fintrack = "api.cli:main"' in pyproject


def test_serve_does_not_claim_a_dashboard_it_cannot_serve(fintrack, monkeypatch):
    monkeypatch.setattr("api.dashboard.find_notebook", lambda: None)
    monkeypatch.setattr("api.cli.uvicorn.run", lambda *args, **options: None)
    output = fintrack("serve").output
    assert "Dashboard:                  UNAVAILABLE: its notebook is not installed" in output
    assert "/dashboard" not in output


@pytest.fixture
def serve_with(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """Runs `fintrack serve` on a fresh SQLite data directory with extra settings; uvicorn is recorded."""
    started: list[dict[str, object]] = []
    data_dir = tmp_path / "data"

    def run(app: str, **options: object) -> None:
        started.append({**options, "key file": (data_dir / GENERATED_KEY_FILE_NAME).is_file()})

    monkeypatch.setattr(api.cli.uvicorn, "run", run)

    def serve(*args: str, **settings: str) -> tuple[Result, list[dict[str, object]]]:
        environment = {"DATA_DIR": str(data_dir), "DATABASE_URL": None, "SECRET_KEY": None,
                       "FORWARDED_ALLOW_IPS": None, "BCRYPT_ROUNDS": "4", **settings}
        result = CliRunner().invoke(main, ["serve", *args], env=environment, catch_exceptions=False)
        return result, started

    return serve


def test_serve_creates_the_key_every_worker_shares_before_they_start(serve_with):
    result, started = serve_with("--workers", "4")
    assert result.exit_code == 0, result.output
    assert started[0]["workers"] == 4 and started[0]["key file"]


def test_serve_refuses_postgresql_without_a_secret_key(serve_with):
    result, started = serve_with(DATABASE_URL="postgresql://fintrack@127.0.0.1:1/fintrack")
    assert result.exit_code == 1
    assert "SECRET_KEY must be set with a PostgreSQL database" in result.output
    assert not started


def test_serve_refuses_a_short_secret_key_without_printing_it(serve_with):
    result, started = serve_with(SECRET_KEY="hunter2-short")
    assert result.exit_code == 1
    assert "SECRET_KEY: Value error, SECRET_KEY must be at least 32 bytes" in result.output
    assert "hunter2" not in result.output
    assert not started


def test_serve_refuses_an_empty_stored_key(serve_with, tmp_path):
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / GENERATED_KEY_FILE_NAME).write_text("")
    result, started = serve_with()
    assert result.exit_code == 1
    assert "holds an empty or short key" in result.output
    assert not started


def test_serve_gives_several_workers_a_fresh_metrics_directory_and_removes_it(serve_with, monkeypatch):
    directories: list[str | None] = []

    def run(app: str, **options: object) -> None:
        directory = os.environ.get(MULTIPROCESS_DIRECTORY_VARIABLE)
        assert directory is None or os.listdir(directory) == []
        directories.append(directory)

    monkeypatch.delenv(MULTIPROCESS_DIRECTORY_VARIABLE, raising=False)
    monkeypatch.setattr(api.cli.uvicorn, "run", run)
    serve_with("--workers", "4")
    serve_with("--workers", "1")  # one process: its own registry is the whole truth
    assert directories[0] is not None and not Path(directories[0]).exists()
    assert directories[1] is None
    assert MULTIPROCESS_DIRECTORY_VARIABLE not in os.environ


def test_serve_trusts_no_proxy_headers_unless_proxies_are_configured(serve_with):
    serve_with()
    _, started = serve_with(FORWARDED_ALLOW_IPS="10.0.0.1,10.1.0.0/16")
    assert [(options["proxy_headers"], options["forwarded_allow_ips"]) for options in started] == [
        (False, []), (True, ["10.0.0.1", "10.1.0.0/16"]),
    ]


ARENA_COUNT_SCRIPT = """
import ctypes, os, tempfile, threading
from api.cli import limit_malloc_arenas
libc = ctypes.CDLL("libc.so.6")
libc.fopen.restype = ctypes.c_void_p
def arenas():
    path = tempfile.mktemp()
    stream = ctypes.c_void_p(libc.fopen(path.encode(), b"w"))
    libc.malloc_info(0, stream)
    libc.fclose(stream)
    return open(path).read().count("<heap nr=")
print(limit_malloc_arenas(), os.environ.get("MALLOC_ARENA_MAX"))
print(arenas())
barrier = threading.Barrier(8)
def allocate():
    barrier.wait()
    kept = [bytearray(200_000) for _ in range(50)]
    barrier.wait()
threads = [threading.Thread(target=allocate) for _ in range(8)]
for thread in threads: thread.start()
for thread in threads: thread.join()
print(arenas())
"""


def arenas_for_eight_threads(environment: dict[str, str]) -> tuple[str, int, int]:
    """What limit_malloc_arenas answered, and glibc's arenas before and after 8 threads allocated at once
    (the libraries' own native threads made some while api.cli was imported)."""
    completed = subprocess.run([sys.executable, "-c", ARENA_COUNT_SCRIPT], env=environment, check=True,
                               capture_output=True, text=True)
    answer, before, after = completed.stdout.splitlines()
    return answer, int(before), int(after)


def test_serve_makes_no_more_malloc_arenas_for_its_threads_and_caps_its_workers():
    environment = {name: value for name, value in os.environ.items() if name != "MALLOC_ARENA_MAX"}
    answer, before, after = arenas_for_eight_threads(environment)
    assert answer == f"True {api.cli.SERVER_MALLOC_ARENAS}"
    assert after <= max(before, api.cli.SERVER_MALLOC_ARENAS)  # 8 threads without the cap: up to 9


def test_an_operators_malloc_arena_max_wins():
    answer, before, after = arenas_for_eight_threads({**os.environ, "MALLOC_ARENA_MAX": "16"})
    assert answer == "False 16"
    assert after > before


def test_serve_migrates_a_fresh_database_before_the_server_starts(serve_with, tmp_path):
    result, started = serve_with()
    assert result.exit_code == 0, result.output
    [database] = (tmp_path / "data").glob("*.sqlite3")
    assert {"users", "records", "alembic_version"} <= set(
        inspect(create_sync_engine(f"sqlite:///{database}")).get_table_names())
    assert started


def test_serve_stops_with_the_migration_error_and_starts_nothing(serve_with, capfd):
    result, started = serve_with(DATABASE_URL="postgresql://fintrack@127.0.0.1:1/fintrack",
                                 SECRET_KEY=secrets.token_urlsafe(32))
    assert result.exit_code == 1
    assert "the database migrations failed (exit status 1): the server did not start" in result.output
    assert "OperationalError" in capfd.readouterr().err  # the child's own error, as before
    assert not started


def test_the_server_keeps_neither_alembic_nor_ofxtools_in_memory():
    script = "import sys, api.cli, api.app; print(*sys.modules)"
    completed = subprocess.run([sys.executable, "-c", script], check=True, capture_output=True, text=True)
    loaded = {name.split(".")[0] for name in completed.stdout.split()}
    assert "api" in loaded and not loaded & {"alembic", "ofxtools"}
