"""Settings: one object built from the environment at start-up and passed down."""

from __future__ import annotations

import json
import os
import secrets
import tempfile
from functools import cached_property
from pathlib import Path
from typing import Annotated

from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict
from sqlalchemy.engine import make_url

GENERATED_KEY_FILE_NAME = "secret_key"
# HS256 signs with HMAC-SHA256: a key shorter than its 256-bit output weakens every token.
MIN_SECRET_KEY_BYTES = 32
SQLITE_FILE_NAME = "fintrack.sqlite3"
MIN_METRICS_TOKEN_LENGTH = 16
PRIVATE_DIRECTORY_MODE = 0o700
# The dashboard's operations not named after a root field (the others are known from the schema).
DASHBOARD_OPERATION_NAMES = ("RecordsPage",)


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
    cors_origins: Annotated[list[str], NoDecode] = Field(
        default_factory=list, description="Origins allowed by CORS (JSON list or comma-separated)."
    )
    forwarded_allow_ips: Annotated[list[str], NoDecode] = Field(
        default_factory=list,
        description="Proxies (addresses or networks) whose X-Forwarded-For is believed; none by default.",
    )
    log_level: str = Field(default="INFO", description="Python logging level.")
    login_attempts_per_minute: int = Field(
        default=10, ge=1, description="Failed sign-ins allowed per email and client address per minute."
    )
    login_attempts_per_email: int = Field(
        default=20, ge=1,
        description="Failed sign-ins per email (any address) within an hour before each next one waits.",
    )
    login_backoff_max_seconds: int = Field(
        default=900, ge=1, description="Longest wait between sign-ins for an email past its attempts."
    )
    login_attempts_per_address_per_minute: int = Field(
        default=30, ge=1, description="Sign-ins allowed per client address (any email) per minute."
    )
    login_attempts_global_per_minute: int = Field(
        default=300, ge=1, description="Sign-ins allowed per minute overall, a cap on password hashing."
    )
    registrations_per_address_per_hour: int = Field(
        default=10, ge=1,
        description="Registrations allowed per client address per hour (each hashes a password).",
    )
    registrations_global_per_hour: int = Field(
        default=100, ge=1, description="Registrations allowed per hour from everyone together."
    )
    max_batch_records: int = Field(default=500, ge=1, description="Most records one createRecords takes.")
    max_query_cost: int = Field(
        default=50_000, ge=1, description="Most cost points one GraphQL operation may add up to."
    )
    max_body_bytes: int = Field(
        default=1024 * 1024, ge=1, description="Largest request body accepted (bytes); larger ones get 413."
    )
    max_upload_bytes: int = Field(
        default=20 * 1024 * 1024, ge=1,
        description="Largest file upload (multipart request to /graphql, e.g. importFile), bytes; 413 over.",
    )
    dashboard_enabled: bool = Field(default=True, description="Serve the marimo dashboard at /dashboard/.")
    dashboard_max_sessions: int = Field(
        default=20, ge=1,
        description="Most dashboard sessions (kernels) open at once, lingering ones included.",
    )
    dashboard_max_sessions_per_address: int = Field(
        default=5, ge=1, description="Most dashboard sessions open at once for one client address."
    )
    dashboard_session_linger_seconds: int = Field(
        default=20, ge=0, le=600, description="Seconds a dashboard session outlives its closed tab."
    )
    session_max_days: int = Field(
        default=90, ge=1, le=3650, description="Absolute lifetime of a sign-in session, refreshes or not."
    )
    registration_open: bool = Field(
        default=True, description="Whether anyone may register; false leaves create-user to the operator."
    )
    graphql_introspection: bool = Field(
        default=True, description="Answer introspection queries and serve the playground on GET /graphql."
    )
    metrics_token: str | None = Field(
        default=None, min_length=MIN_METRICS_TOKEN_LENGTH, repr=False,
        description="Bearer token /metrics requires; open to anyone who can reach it when unset.",
    )
    metrics_operation_names: Annotated[list[str], NoDecode] = Field(
        default_factory=lambda: list(DASHBOARD_OPERATION_NAMES),
        description="Operation names with a metrics label of their own, besides the schema's root fields.",
    )

    @field_validator("cors_origins", "forwarded_allow_ips", "metrics_operation_names", mode="before")
    @classmethod
    def _split_list(cls, value: object) -> object:
        """A JSON list or a comma-separated string (NoDecode: the environment gives the raw text)."""
        if isinstance(value, str):
            if value.strip().startswith("["):
                return json.loads(value)
            return [item.strip() for item in value.split(",") if item.strip()]
        return value

    @field_validator("secret_key")
    @classmethod
    def _long_enough_secret_key(cls, value: str | None) -> str | None:
        if value is not None and len(value.encode()) < MIN_SECRET_KEY_BYTES:
            raise ValueError(
                f"SECRET_KEY must be at least {MIN_SECRET_KEY_BYTES} bytes (it is {len(value.encode())}); "
                "generate one with: python -c 'import secrets; print(secrets.token_urlsafe(48))'"
            )
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
        if self.secret_key is not None:
            return self.secret_key
        return load_or_create_secret_key(self.data_dir)

    def shared_secret_key(self) -> str:
        """The signing key, settled before worker processes start so that every process uses the same.

        The generated key file is shared by the processes of this machine only; a PostgreSQL database
        may be served from other machines too, so it needs SECRET_KEY.
        """
        if self.secret_key is None and make_url(self.resolved_database_url).get_backend_name() != "sqlite":
            raise SettingsError(
                "SECRET_KEY must be set with a PostgreSQL database: every process and machine serving "
                "it must sign tokens with the same key"
            )
        return self.resolved_secret_key

    def ensure_data_dir(self) -> None:
        """Create the data directory (owner only) when it does not exist yet."""
        create_private_directory(self.data_dir)


class SettingsError(ValueError):
    """The settings cannot work together, or a file they name is unusable."""


def create_private_directory(path: Path) -> None:
    """Create `path` (and missing parents) for its owner only; an existing directory keeps its mode.

    The mode goes to mkdir itself, so the directory is never open to others, not even for a moment
    (the umask can only take bits away). An existing directory was chosen by the user, perhaps a
    shared mount: it is left as it is, and the files created in it are 0600 all the same.
    """
    path.mkdir(mode=PRIVATE_DIRECTORY_MODE, parents=True, exist_ok=True)


def load_or_create_secret_key(data_dir: Path) -> str:
    """Read the generated key, or create a random one readable by the owner only.

    The key is written whole to a temporary file, then linked into place: the link fails when the
    file exists, so of several processes starting at once the first wins and every one reads its
    complete key; nobody can see a half-written or empty file.
    """
    create_private_directory(data_dir)
    path = data_dir / GENERATED_KEY_FILE_NAME
    if not path.exists():
        descriptor, temporary = tempfile.mkstemp(dir=data_dir, prefix=f".{GENERATED_KEY_FILE_NAME}.")
        try:
            with os.fdopen(descriptor, "w") as handle:  # mkstemp creates it with mode 0600
                handle.write(secrets.token_urlsafe(48))
                handle.flush()
                os.fsync(handle.fileno())
            try:
                os.link(temporary, path)
            except FileExistsError:
                pass  # another process won the race: use its key
        finally:
            os.unlink(temporary)
    return read_secret_key(path)


def read_secret_key(path: Path) -> str:
    """The stored key; an empty or short one is refused rather than used to sign tokens."""
    key = path.read_text().strip()
    if len(key.encode()) < MIN_SECRET_KEY_BYTES:
        raise SettingsError(
            f"{path} holds an empty or short key ({len(key.encode())} bytes, {MIN_SECRET_KEY_BYTES} "
            "needed): delete it to generate a new one (signed-in users must sign in again) or set SECRET_KEY"
        )
    return key
