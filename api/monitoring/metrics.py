"""Domain metrics, registered once at import in prometheus_client's default registry."""

from __future__ import annotations

from prometheus_client import Counter, Histogram

LOGINS = Counter("fintrack_logins", "Sign-in attempts by outcome.", ["outcome"])
RECORDS_CREATED = Counter("fintrack_records_created", "Records created through the API.")
# Not "fintrack_summary_...": promtool rejects metric names containing a type name such as "_summary_".
SUMMARY_DURATION = Histogram(
    "fintrack_summaries_duration_seconds",
    "Time to compute one part of a summary query.",
    ["part"],
    buckets=(0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5),
)
