"""Target 5: p99 of a small authenticated query while 4 sign-ins a second run, against idle; and
target 6: the server's resident memory throughout the run."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field

import httpx

from bench.context import BenchContext
from bench.measure import Figure, Ratio, percentile
from bench.queries import LOGIN, ME
from bench.server import GraphQLError, resident_breakdown

LOGINS_PER_SECOND = 4
MEMORY_LIMIT_MB = 250
LOGIN_HINT = "sign-ins waiting for a hashing thread appear to hold their pooled connection, starving reads"


@dataclass
class SignInLoad:
    """Signs in at a fixed rate (open loop: a slow answer does not slow the next attempt)."""

    url: str
    email: str
    password: str
    per_second: float = LOGINS_PER_SECOND
    succeeded: int = 0
    failed: int = 0
    not_sent: int = 0
    _stop: threading.Event = field(default_factory=threading.Event)

    def __enter__(self) -> SignInLoad:
        self._pool = ThreadPoolExecutor(max_workers=16, thread_name_prefix="sign-in")
        self._futures: list[Future[None]] = []
        self._client = httpx.Client(timeout=120)
        self._thread = threading.Thread(target=self._schedule, name="sign-in-load", daemon=True)
        self._started = time.monotonic()
        self._thread.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self._stop.set()
        self._thread.join()
        # Attempts still queued when the measured reads end are dropped: the load stays bounded in time
        # even when the server falls behind (they are counted as not sent).
        self.not_sent = sum(future.cancel() for future in self._futures)
        self._pool.shutdown(wait=True)
        self._client.close()
        self.seconds = time.monotonic() - self._started

    def _schedule(self) -> None:
        interval = 1 / self.per_second
        next_at = time.monotonic()
        while not self._stop.is_set():
            self._futures.append(self._pool.submit(self._sign_in))
            next_at += interval
            self._stop.wait(max(0.0, next_at - time.monotonic()))

    def _sign_in(self) -> None:
        payload = {"query": LOGIN, "variables": {"e": self.email, "p": self.password}}
        response = self._client.post(f"{self.url}/graphql", json=payload)
        if response.status_code == 200 and not response.json().get("errors"):
            self.succeeded += 1
        else:
            self.failed += 1


@dataclass
class Latencies:
    """Back-to-back calls' latencies; a failed call counts with the time it took to fail."""

    samples: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def measure_for(self, seconds: float, call: Callable[[], object]) -> Latencies:
        """Call again and again for about `seconds` seconds."""
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            started = time.perf_counter()
            try:
                call()
            except GraphQLError as error:  # an overloaded server answering 500 is a result, not a crash
                self.errors.append(str(error)[:200])
            self.samples.append(time.perf_counter() - started)
        return self


def measure_sign_in_load(context: BenchContext) -> None:
    """p99 of `me` idle and under sign-in load, run after run (interleaved)."""
    client = context.big_user_client()
    signing_in = context.manifest.users[-1]
    idle = Figure("p99 of `{ me { id } }`, idle", "s")
    loaded = Figure(f"p99 of `{{ me {{ id }} }}` while {LOGINS_PER_SECOND} sign-ins/s run", "s")
    rate = Figure("sign-ins completed per second during the load", "1/s")

    def me() -> object:
        return client.execute(ME)

    Latencies().measure_for(min(1.0, context.size.load_seconds), me)  # warm-up
    failed_reads = Latencies()
    for _ in range(context.size.runs):
        idle.samples.append(percentile(Latencies().measure_for(context.size.load_seconds, me).samples, 0.99))
        with SignInLoad(context.api_server.url, signing_in.email, signing_in.password) as load:
            under_load = Latencies().measure_for(context.size.load_seconds, me)
        loaded.samples.append(percentile(under_load.samples, 0.99))
        failed_reads.samples += under_load.samples
        failed_reads.errors += under_load.errors
        rate.samples.append(load.succeeded / load.seconds)
        if load.failed or load.not_sent:
            context.results.notes.append(f"Sign-in load: {load.failed} failed sign-in(s); {load.not_sent} "
                                         "still queued when the run ended (the server fell behind)")
    rate.note = f"bcrypt cost {context.manifest.bcrypt_rounds}"
    if failed_reads.errors:
        loaded.note = f"{len(failed_reads.errors)} of {len(failed_reads.samples)} reads failed"
        context.results.notes.append(f"Under sign-in load {len(failed_reads.errors)} `me` request(s) failed, "
                                     f"e.g. {failed_reads.errors[0][:120]}…")
    context.results.add(idle, loaded, rate)
    pool_timeouts = context.api_server.output().count("QueuePool limit")
    hint = (f"sign-ins completed at {rate.median:.2f}/s of {LOGINS_PER_SECOND}/s offered; the server log has "
            f"{pool_timeouts} database pool timeouts (requests waiting for a connection); {LOGIN_HINT}")
    context.results.compare(Ratio("5", "p99 under sign-in load / idle", loaded, idle, 3), hint)


def record_memory(context: BenchContext, highest_after: dict[str, int]) -> None:
    """Target 6: the highest resident memory the API server reached during the run, and which benchmark
    raised it (the profile hint when the limit is exceeded)."""
    samples = context.api_server.memory.samples
    peak = Figure("API server RSS, highest sample during the run", "MB", [max(samples, default=0) / 2**20])
    peak.note = f"{len(samples)} samples every 0.1 s, process and children, from /proc"
    limit = Figure("RSS limit", "MB", [MEMORY_LIMIT_MB])
    context.results.add(peak)
    growth = ", ".join(f"{name} {highest / 2**20:,.0f} MB" for name, highest in highest_after.items())
    now = resident_breakdown(context.api_server.process.pid)
    context.results.compare(Ratio("6", f"RSS peak / {MEMORY_LIMIT_MB} MB", peak, limit, 1),
                            f"highest RSS so far after each benchmark: {growth}; resident at the end: {now}")
