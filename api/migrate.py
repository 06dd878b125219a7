"""Apply Alembic migrations: in this process (`fintrack migrate`, the other commands) or in a child (`serve`).

alembic is imported only where a migration runs. A server that migrated in its own process kept alembic
(about 10 MB of RSS) for its whole life, so `fintrack serve` runs `python -m api.migrate` first and
never imports it.
"""

from __future__ import annotations

# This module again, with the same interpreter: no shell, and no argument from outside.
import subprocess  # nosec B404
import sys
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS_DIR = Path(__file__).parent / "migrations"


class MigrationFailed(Exception):
    """The child process that ran the migrations failed; its own error went to stderr."""

    def __init__(self, exit_status: int) -> None:
        super().__init__(f"the database migrations failed (exit status {exit_status})")
        self.exit_status = exit_status


def alembic_config(database_url: str) -> Config:
    """An Alembic configuration pointing at this package's migrations and the given database."""
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.set_main_option("sqlalchemy.url", database_url.replace("%", "%%"))
    return config


def upgrade_database(database_url: str) -> None:
    """Bring the database schema to the newest revision."""
    from alembic import command

    command.upgrade(alembic_config(database_url), "head")


def upgrade_database_in_child_process(database_url: str) -> None:
    """Bring the schema to the newest revision in a short-lived process, so alembic leaves with it.

    The URL goes through stdin: a password in it would show in the process list as an argument.
    """
    completed = subprocess.run([sys.executable, "-m", __name__], input=database_url,  # nosec B603
                               text=True, check=False)
    if completed.returncode != 0:
        raise MigrationFailed(completed.returncode)


if __name__ == "__main__":
    upgrade_database(sys.stdin.read())
