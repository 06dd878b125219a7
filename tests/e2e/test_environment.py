"""Servers under test see none of the developer's own settings, whatever settings exist."""

from __future__ import annotations

from pathlib import Path

import pytest

from api.config import Settings
from tests.e2e.conftest import fintrack_environment


def test_no_setting_of_the_developer_reaches_a_server_under_test(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    for name in Settings.model_fields:
        monkeypatch.setenv(name.upper(), "the developer's value")
    monkeypatch.setenv("registration_open", "false")  # names are case-insensitive
    monkeypatch.setenv("PROMETHEUS_MULTIPROC_DIR", "/tmp/the-developers-metrics")

    environment = fintrack_environment(tmp_path / "data")

    setting_names = {name.upper() for name in Settings.model_fields}
    passed_on = {name: value for name, value in environment.items() if name.upper() in setting_names}
    assert passed_on == {"DATA_DIR": str(tmp_path / "data"), "BCRYPT_ROUNDS": "4"}
    assert "PROMETHEUS_MULTIPROC_DIR" not in environment
