"""Settings: one object built from the environment at start-up and passed down."""

from __future__ import annotations

import os
import secrets
from functools import cached_property
from pathlib import Path

from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

GENERATED_KEY_FILE_NAME = "secret_key"
SQLITE_FILE_NAME = "fintrack.sqlite3"


class Settings(BaseSettings):
    """Every knob of the server; each field is an environment variable of the same name."""

    model_config = SettingsConfigDict(env_prefix="", case_sensitive=False, extra="ignore")

    data_dir: Path = Field(
        default=Path("data"),
        description="Directory for the SQLite database and the generated secret key.",
    )
    database_url: str | None = Field(
        default=None,
        description="SQLAlchemy URL, e.g. postgresql://user:pass@host/db. Default: SQLite in DATA_DIR.",
    )
    secret_key: str | None = Field(
        default=None,
        description="Key that signs JWTs. Default: generated once into DATA_DIR/secret_key (mode 0600).",
    )
    jwt_issuer: str = Field(default="fintrack", description="`iss` claim of issued tokens.")
    jwt_audience: str = Field(default="fintrack-api", description="`aud` claim of issued tokens.")
    access_token_minutes: int = Field(default=15, ge=1, le=24 * 60, description="Access token lifetime.")
    refresh_token_days: int = Field(default=30, ge=1, le=365, description="Refresh token lifetime.")
    bcrypt_rounds: int = Field(default=12, ge=4, le=16, description="bcrypt cost factor.")
    cors_origins: list[str] = Field(
        default_factory=list, description="Origins allowed by CORS (JSON list or comma-separated)."
    )
    log_level: str = Field(default="INFO", description="Python logging level.")
    login_attempts_per_minute: int = Field(
        default=10, ge=1, description="Failed sign-ins allowed per email and client address per minute."
    )
    max_batch_records: int = Field(default=500, ge=1, description="Most records one createRecords takes.")
    max_body_bytes: int = Field(
        default=1024 * 1024, ge=1, description="Largest request body accepted (bytes); larger ones get 413."
    )
    dashboard_enabled: bool = Field(default=True, description="Serve the marimo dashboard at /dashboard/.")

    @field_validator("cors_origins", mode="before")
    @classmethod
    def _split_origins(cls, value: object) -> object:
        if isinstance(value, str) and not value.strip().startswith("["):
            return [origin.strip() for origin in value.split(",") if origin.strip()]
        return value

    @field_validator("log_level")
    @classmethod
    def _upper_log_level(cls, value: str) -> str:
        return value.upper()

    @cached_property
    def resolved_database_url(self) -> str:
        """The configured database URL, or the SQLite file in the data directory."""
        if self.database_url:
            return self.database_url
        return f"sqlite:///{(self.data_dir / SQLITE_FILE_NAME).resolve()}"

    @cached_property
    def resolved_secret_key(self) -> str:
        """SECRET_KEY, or a key generated once and kept in the data directory."""
        if self.secret_key:
            return self.secret_key
        return load_or_create_secret_key(self.data_dir)

    def ensure_data_dir(self) -> None:
        """Create the data directory when the SQLite default lives in it."""
        self.data_dir.mkdir(parents=True, exist_ok=True)


def load_or_create_secret_key(data_dir: Path) -> str:
    """Read the generated key, or write a new random one readable by the owner only."""
    data_dir.mkdir(parents=True, exist_ok=True)
    path = data_dir / GENERATED_KEY_FILE_NAME
    try:
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return path.read_text().strip()
    key = secrets.token_urlsafe(48)
    with os.fdopen(descriptor, "w") as handle:
        handle.write(key)
    return key
