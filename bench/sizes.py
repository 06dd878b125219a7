"""How big a benchmark dataset is and how many times each figure is measured."""

from __future__ import annotations

from dataclasses import dataclass, replace


@dataclass(frozen=True)
class DatasetSize:
    """A named dataset size; the first user is the big one that every per-user figure is measured on."""

    name: str
    user_count: int
    total_records: int
    big_user_records: int
    years: int
    runs: int
    """How many times each timed figure is measured (median, min and max over them)."""
    bcrypt_rounds: int
    """The cost the users' passwords are hashed with; the server's default is 12."""
    write_batches: int
    batch_size: int
    load_seconds: float
    """How long each run of the sign-in load benchmark lasts."""
    throughput_requests: int
    records_page_depth: int
    import_rows: int = 100_000
    """Rows of the bank CSV the import benchmark imports (issue 12: 100,000)."""
    large_import_rows: int = 1_000_000
    """Rows of the file whose import's server memory is measured (issue 12: 1,000,000)."""

    @property
    def other_user_records(self) -> int:
        """Records of each user but the big one."""
        if self.user_count <= 1:
            return 0
        return (self.total_records - self.big_user_records) // (self.user_count - 1)

    def with_users(self, user_count: int, total_records: int) -> DatasetSize:
        """The same size with fewer users (when the full million takes too long to generate)."""
        return replace(self, name=f"{self.name}-{user_count}u-{total_records}", user_count=user_count,
                       total_records=total_records)


FULL = DatasetSize(
    name="full", user_count=50, total_records=1_000_000, big_user_records=200_000, years=5, runs=5,
    bcrypt_rounds=12, write_batches=10, batch_size=500, load_seconds=10.0, throughput_requests=100,
    records_page_depth=100_000,
)
SMALL = DatasetSize(
    name="small", user_count=5, total_records=30_000, big_user_records=20_000, years=5, runs=3,
    bcrypt_rounds=12, write_batches=4, batch_size=500, load_seconds=5.0, throughput_requests=40,
    records_page_depth=10_000, import_rows=20_000, large_import_rows=100_000,
)
# For the smoke test in the suite: a few hundred records, every benchmark once, cheap bcrypt.
TINY = DatasetSize(
    name="tiny", user_count=2, total_records=400, big_user_records=300, years=5, runs=1,
    bcrypt_rounds=4, write_batches=1, batch_size=50, load_seconds=0.5, throughput_requests=4,
    records_page_depth=150, import_rows=500, large_import_rows=2_000,
)
SIZES = {size.name: size for size in (FULL, SMALL, TINY)}
