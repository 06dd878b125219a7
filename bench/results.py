"""Everything one benchmark run produced: figures, ratios to targets, notes and what was not measured."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bench.measure import Figure, Ratio


@dataclass
class Results:
    """Collected while the benchmarks run, written to RESULTS.md (and JSON, to compare runs) at the end."""

    figures: list[Figure] = field(default_factory=list)
    ratios: list[Ratio] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    not_measured: dict[str, str] = field(default_factory=dict)
    hints: dict[str, str] = field(default_factory=dict)
    """Why a target is missed, per target number, when the run knows it."""

    def add(self, *figures: Figure) -> None:
        """Keep figures for the report, in the order measured."""
        self.figures.extend(figures)

    def compare(self, ratio: Ratio, hint: str = "") -> None:
        """Keep a ratio; the hint is reported only when the target is missed."""
        self.ratios.append(ratio)
        if hint and not ratio.passed:
            self.hints[ratio.target_number] = hint

    def summary_json(self) -> dict[str, Any]:
        """Ratios and medians only: enough to show a later run's improvement next to this one."""
        return {
            "ratios": {f"{ratio.target_number} {ratio.name}": round(ratio.value, 4) for ratio in self.ratios},
            "figures": {f"{figure.name} ({figure.unit})": round(figure.median, 6) for figure in self.figures},
        }

    def save_json(self, path: Path, meta: dict[str, Any]) -> None:
        """Write this run's ratios and medians with the machine and commit they were measured on."""
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps({"meta": meta, **self.summary_json()}, indent=2) + "\n")
