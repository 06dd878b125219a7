"""RESULTS.md: the machine, the dataset, each figure (median, min, max), each ratio against its target."""

from __future__ import annotations

import json
import math
from pathlib import Path

from bench.dataset import Manifest
from bench.measure import Figure
from bench.results import Results
from bench.sizes import DatasetSize

COMMAND = ".venv/bin/python -m bench run"


def _number(value: float, unit: str) -> str:
    if math.isnan(value):
        return "—"
    if unit == "s":
        return f"{value * 1000:,.1f} ms"
    if abs(value) >= 100:
        return f"{value:,.0f} {unit}"
    return f"{value:,.2f} {unit}"


def _figure_row(figure: Figure) -> str:
    cells = [_number(value, figure.unit) for value in (figure.median, figure.minimum, figure.maximum)]
    return f"| {figure.name} | {' | '.join(cells)} | {len(figure.samples)} | {figure.note} |"


def render(results: Results, machine: dict[str, str], size: DatasetSize, manifest: Manifest,
           engine: str, command: str, history: list[dict[str, object]]) -> str:
    """The whole RESULTS.md text."""
    big = manifest.big_user
    lines = [
        "# Benchmark results",
        "",
        f"Written by `{command}` (see `bench/README.md`). Targets are issue 11's (1–8), 12's and 14's",
        "(12a–c, 14), as ratios measured in this run on the same server; a MISS is a target not met yet.",
        "",
        "## Machine",
        "",
        *[f"- **{name}:** {value}" for name, value in machine.items()],
        f"- **Database:** {engine}",
        "",
        "## Dataset",
        "",
        f"- Size `{size.name}`: {manifest.records_written:,} records across {len(manifest.users)} users from "
        f"{manifest.start} to {manifest.end}; the measured user has {big.record_count:,} records; "
        f"plus the demo user ({manifest.demo.record_count:,} records).",
        "- Written through `create_records` in batches of 500, one transaction each: "
        f"{manifest.seconds:,.0f} s, "
        f"{manifest.records_per_second:,.0f} records/s (generated {manifest.generated_at} by "
        f"{manifest.generated_with[:7]}; later commits migrate it forward when their server starts).",
        "",
        "## Ratios and targets",
        "",
        "| # | Ratio | Measured | Target | Result |",
        "| --- | --- | --- | --- | --- |",
        *[
            f"| {ratio.target_number} | {ratio.name} | {ratio.value:,.3g}× | {ratio.target_text} | "
            f"{'PASS' if ratio.passed else '**MISS**'} |"
            for ratio in results.ratios
        ],
        "",
    ]
    missed = [ratio for ratio in results.ratios if not ratio.passed]
    if missed:
        lines += ["## Missed targets", ""]
        lines += [
            f"- **{ratio.target_number}** {ratio.name}: {ratio.value:,.3g}× against {ratio.target_text}"
            + (f" — hint: {results.hints[ratio.target_number]}."
               if ratio.target_number in results.hints else ".")
            for ratio in missed
        ]
        lines.append("")
    lines += [
        "## Figures",
        "",
        "| Figure | Median | Min | Max | Runs | Note |",
        "| --- | --- | --- | --- | --- | --- |",
        *[_figure_row(figure) for figure in results.figures],
        "",
    ]
    if results.not_measured:
        lines += ["## Not measured", ""]
        lines += [f"- **{name}:** {reason}" for name, reason in results.not_measured.items()]
        lines.append("")
    if results.notes:
        lines += ["## Notes", ""] + [f"- {note}" for note in results.notes] + [""]
    if history:
        lines += _history_section(history)
    return "\n".join(lines)


def _history_section(history: list[dict[str, object]]) -> list[str]:
    """Earlier runs' ratios next to each other, to show what a change moved."""
    names: list[str] = []
    for run in history:
        names += [name for name in run["ratios"] if name not in names]  # type: ignore[attr-defined]
    metas: list[dict[str, str]] = [run["meta"] for run in history]  # type: ignore[misc]
    header = " | ".join(f"{meta['when']} {meta['size']}<br>{meta['commit'][:7]}" for meta in metas)
    lines = ["## Ratios of earlier runs", "", f"| Ratio | {header} |", "|" + " --- |" * (len(history) + 1)]
    for name in names:
        cells = [f"{run['ratios'].get(name, '—')}" for run in history]  # type: ignore[attr-defined]
        lines.append(f"| {name} | {' | '.join(cells)} |")
    return lines + [""]


def load_history(directory: Path) -> list[dict[str, object]]:
    """Every saved run (bench/history/*.json), oldest first."""
    return [json.loads(path.read_text()) for path in sorted(directory.glob("*.json"))]
