"""Figures (median, min and max over several runs) and ratios between figures of the same run."""

from __future__ import annotations

import math
import statistics
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field


@dataclass
class Figure:
    """One measured quantity; each sample is one run."""

    name: str
    unit: str
    samples: list[float] = field(default_factory=list)
    note: str = ""

    @property
    def median(self) -> float:
        """The figure reported and used in ratios: robust to one slow run on a shared machine."""
        return statistics.median(self.samples) if self.samples else math.nan

    @property
    def minimum(self) -> float:
        """The fastest (or smallest) run."""
        return min(self.samples) if self.samples else math.nan

    @property
    def maximum(self) -> float:
        """The slowest (or largest) run."""
        return max(self.samples) if self.samples else math.nan


@dataclass(frozen=True)
class Ratio:
    """numerator / denominator (both medians), compared with a target from issue 11."""

    target_number: str
    name: str
    numerator: Figure
    denominator: Figure
    target: float
    at_most: bool = True
    """True: the ratio must not exceed the target; False: it must reach it."""

    @property
    def value(self) -> float:
        """The ratio of the two medians."""
        if not self.denominator.median:
            return math.nan
        return self.numerator.median / self.denominator.median

    @property
    def passed(self) -> bool:
        """Whether the ratio meets its target (a missing figure never passes)."""
        if math.isnan(self.value):
            return False
        return self.value <= self.target if self.at_most else self.value >= self.target

    @property
    def target_text(self) -> str:
        """The target as issue 11 states it, e.g. "≤ 10×"."""
        return f"{'≤' if self.at_most else '≥'} {self.target:.3g}×"


def time_call(action: Callable[[], object]) -> float:
    """Seconds one call takes, measured with the monotonic performance counter."""
    started = time.perf_counter()
    action()
    return time.perf_counter() - started


def interleaved(
    actions: Mapping[str, Callable[[], object]], runs: int, unit_name: str = "s", warmups: int | None = None
) -> dict[str, Figure]:
    """Time each action once per round, round after round, so that load on the shared machine falls on
    every figure of a ratio alike; the first `warmups` rounds (by default one, none for a single-run
    smoke size) fill caches and are not counted."""
    warmups = (1 if runs > 1 else 0) if warmups is None else warmups
    figures = {name: Figure(name, unit_name) for name in actions}
    for round_number in range(warmups + runs):
        for name, action in actions.items():
            seconds = time_call(action)
            if round_number >= warmups:
                figures[name].samples.append(seconds)
    return figures


def percentile(samples: list[float], fraction: float) -> float:
    """The nearest-rank percentile (0.99 for p99) of the samples."""
    if not samples:
        return math.nan
    ordered = sorted(samples)
    rank = max(1, math.ceil(fraction * len(ordered)))
    return ordered[rank - 1]
