"""The `fintrack` commands, run in-process with click's runner against the test database."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from sqlalchemy import inspect
from sqlalchemy.engine import make_url

from api.cli import base_url, main, schema_sdl
from api.database import create_sync_engine
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
        "SECRET_KEY": None,
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
    result = fintrack("create-user", "--email", "Carol@Example.com", "--password", "a long secret")
    assert result.exit_code == 0, result.output
    assert "carol@example.com" in result.output
    assert signs_in(anonymous, "carol@example.com", "a long secret")


def test_create_user_prompts_for_the_password_twice(fintrack, anonymous):
    result = fintrack("create-user", "--email", "dave@example.com", input="typed secret\ntyped secret\n")
    assert result.exit_code == 0, result.output
    assert "Repeat for confirmation" in result.output
    assert signs_in(anonymous, "dave@example.com", "typed secret")


def test_create_user_refuses_a_short_password_with_the_reason(fintrack):
    result = fintrack("create-user", "--email", "erin@example.com", "--password", "short")
    assert result.exit_code == 1
    assert "at least 8 characters" in result.output


def test_create_user_refuses_a_taken_email(fintrack):
    first = fintrack("create-user", "--email", "frank@example.com", "--password", "first secret")
    assert first.exit_code == 0
    result = fintrack("create-user", "--email", "frank@example.com", "--password", "second secret")
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
    monkeypatch.setattr("api.cli.find_notebook", lambda: None)
    monkeypatch.setattr("api.cli.uvicorn.run", lambda *args, **options: None)
    output = fintrack("serve").output
    assert "Dashboard:                  UNAVAILABLE: its notebook is not installed" in output
    assert "/dashboard" not in output
