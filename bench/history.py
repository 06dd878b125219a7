"""Years of dense history for one benchmark user, layered from the demo's realistic two-year life.

The demo generator (api/demo/generator.py) writes about 1,200 records a year for one person. A
benchmark user needs five years and up to 200,000 records, so several independently seeded lives
are laid over the same seven accounts, two-year window after two-year window, and a seeded sample
keeps exactly the number of records asked for.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

from api.demo.generator import DEMO_SEED, HISTORY_DAYS, generate_demo_data
from api.demo.history import DemoData, DemoRecord


def years_before(end: date, years: int) -> date:
    """The first day of a history of `years` years that ends on `end`."""
    try:
        return end.replace(year=end.year - years) + timedelta(days=1)
    except ValueError:  # 29 February
        return end.replace(year=end.year - years, day=28) + timedelta(days=1)


def layered_history(end: date, years: int, record_count: int, seed: int) -> DemoData:
    """Exactly `record_count` records from `years` years up to `end`, sorted by date; deterministic."""
    start = years_before(end, years)
    records: list[DemoRecord] = []
    accounts = None
    layer = 0
    while len(records) < record_count:
        window_end = end
        window = 0
        while window_end >= start:
            data = generate_demo_data(window_end, seed=DEMO_SEED + seed * 100_000 + layer * 100 + window)
            accounts = data.accounts
            records.extend(record for record in data.records if start <= record.occurred_on <= window_end)
            window_end -= timedelta(days=HISTORY_DAYS + 1)
            window += 1
        layer += 1
    sampler = random.Random(seed)  # nosec B311: reproducible benchmark data, never a secret
    kept = sorted(sampler.sample(range(len(records)), record_count))
    chosen = sorted((records[index] for index in kept), key=lambda record: record.occurred_on)
    return DemoData(accounts=list(accounts or []), records=chosen)
