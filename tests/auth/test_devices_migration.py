"""Migration 0012: remembered_devices and auth_sessions.device_id come and go; sessions and their
refresh tokens survive the rebuild of auth_sessions; the schema matches the models."""

from __future__ import annotations

from sqlalchemy import func, insert, select

from api.auth.models import AuthSession, RefreshToken, RememberedDevice
from api.users.models import User
from tests.migrations import database_at, existing_tables, model_differences, round_trip, sync_engine

REVISION, PREVIOUS = "0012", "0010"


def devices_and_sign_ins(url: str) -> tuple[set[str], int, int]:
    """Whether remembered_devices exists, and how many sessions and refresh tokens there are."""
    with sync_engine(url) as engine, engine.connect() as connection:
        sessions = connection.scalar(select(func.count()).select_from(AuthSession.__table__))
        tokens = connection.scalar(select(func.count()).select_from(RefreshToken.__table__))
    return existing_tables(url, ["remembered_devices"]), int(sessions or 0), int(tokens or 0)


def test_upgrade_adds_devices_and_downgrade_keeps_the_sessions(settings):
    url = database_at(settings, REVISION)
    with sync_engine(url) as engine, engine.begin() as connection:
        connection.execute(insert(User.__table__).values(id=1, email="carol@example.com", password_hash="x"))
        connection.execute(insert(AuthSession.__table__).values(id="s", user_id=1))
        connection.execute(insert(RefreshToken.__table__).values(
            session_id="s", token_hash="h", expires_at=func.current_timestamp()))
    with_devices = ({"remembered_devices"}, 1, 1)
    without_devices = (set(), 1, 1)
    states = round_trip(url, REVISION, PREVIOUS, devices_and_sign_ins)
    assert states == [with_devices, without_devices, with_devices]


def test_migrated_tables_match_the_models(settings):
    url = database_at(settings, REVISION)
    assert model_differences(url, RememberedDevice.metadata, ["remembered_devices", "auth_sessions"]) == []
