"""What every benchmark needs: the running servers, the dataset's manifest, the schema and the results."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from bench.dataset import Manifest
from bench.results import Results
from bench.server import GraphQLClient, RunningServer
from bench.sizes import DatasetSize


@dataclass
class BenchContext:
    """One run: the API server, the bare endpoint, the dataset and where figures go."""

    size: DatasetSize
    manifest: Manifest
    database_url: str
    api_server: RunningServer
    bare_server: RunningServer
    work_dir: Path
    types: dict[str, dict[str, Any]]
    results: Results
    install_peers: bool = True
    """Whether target 8 may install Fava into its own virtualenv when it is missing."""

    @property
    def start(self) -> date:
        """The dataset's first day (five years before its end)."""
        return date.fromisoformat(self.manifest.start)

    @property
    def end(self) -> date:
        """The dataset's last day."""
        return date.fromisoformat(self.manifest.end)

    def big_user_client(self) -> GraphQLClient:
        """A client signed in as the 200,000-record user."""
        user = self.manifest.big_user
        return GraphQLClient(self.api_server.url).sign_in(user.email, user.password)
