"""Targets 1–3: summaries and records pages against `{ me { id } }`, and pages against a bare endpoint."""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import date, timedelta

import httpx
from sqlalchemy import text

from api.database import create_sync_engine
from api.records.cursors import encode_cursor
from bench.context import BenchContext
from bench.measure import Figure, Ratio, interleaved, time_call
from bench.queries import ME, RECORD_PAGE, RECORD_PAGE_CURSORS, summary_parts, summary_query
from bench.server import GraphQLClient

THROUGHPUT_CONCURRENCY = 4


def last_full_month(end: date) -> tuple[date, date]:
    """The month before the one `end` falls in: five years of history precede it."""
    last_day = end.replace(day=1) - timedelta(days=1)
    return last_day.replace(day=1), last_day


def measure_summaries(context: BenchContext) -> None:
    """Target 1 (five years, every part, by month) and 2 (one month, balances included)."""
    client = context.big_user_client()
    query = summary_query(context.types)
    month_from, month_to = last_full_month(context.end)
    five_years = {"from": context.start.isoformat(), "to": context.end.isoformat()}
    one_month = {"from": month_from.isoformat(), "to": month_to.isoformat()}
    figures = interleaved({
        "`{ me { id } }`": lambda: client.execute(ME),
        "summary, five years by month, every part": lambda: client.execute(query, five_years),
        "summary, one month with balances (five years before it)": lambda: client.execute(query, one_month),
    }, context.size.runs)
    me, five_year_summary, month_summary = figures.values()
    context.results.add(*figures.values())
    for ratio, variables in (
        (Ratio("1", "five-year summary / me", five_year_summary, me, 10), five_years),
        (Ratio("2", "one-month summary / me", month_summary, me, 3), one_month),
    ):
        context.results.compare(ratio, "" if ratio.passed else slowest_parts(context, client, variables))


def slowest_parts(context: BenchContext, client: GraphQLClient, variables: dict[str, str]) -> str:
    """A profile of a missed summary target: each part asked for on its own, slowest first."""
    seconds = {
        part: time_call(lambda query=summary_query(context.types, [part]): client.execute(query, variables))
        for part in summary_parts(context.types)
    }
    ranked = sorted(seconds.items(), key=lambda item: item[1], reverse=True)
    return "each part on its own, slowest first: " + ", ".join(
        f"`{part}` {value * 1000:,.0f} ms" for part, value in ranked[:4]
    )


def deep_position(context: BenchContext) -> tuple[date, int]:
    """(date, id) of the record just before the page `records_page_depth` records deep."""
    user = context.manifest.big_user
    depth = min(context.size.records_page_depth, user.record_count - 51)
    engine = create_sync_engine(context.database_url)
    try:
        with engine.connect() as connection:
            occurred_on, record_id = connection.execute(text(
                "SELECT occurred_on, id FROM records WHERE user_id = :user_id "
                "ORDER BY occurred_on DESC, id DESC LIMIT 1 OFFSET :offset"
            ), {"user_id": user.user_id, "offset": depth - 1}).one()
    finally:
        engine.dispose()
    return (date.fromisoformat(occurred_on) if isinstance(occurred_on, str) else occurred_on), record_id


def measure_record_pages(context: BenchContext) -> None:
    """Target 3: a page of 50, first and deep, in latency against `me` and in throughput against bare."""
    client = context.big_user_client()
    after_date, after_id = deep_position(context)
    deep = {"after": encode_cursor(after_date, after_id)}
    depth = min(context.size.records_page_depth, context.manifest.big_user.record_count - 51)
    figures = interleaved({
        "`{ me { id } }` (pages round)": lambda: client.execute(ME),
        "records page of 50, first": lambda: client.execute(RECORD_PAGE),
        f"records page of 50, {depth:,} deep": lambda: client.execute(RECORD_PAGE, deep),
    }, context.size.runs)
    me, first, deep_page = figures.values()
    context.results.add(*figures.values())
    hint = page_profile(client, deep)
    context.results.compare(Ratio("3a", "first page / me", first, me, 3), hint)
    context.results.compare(Ratio("3b", "deep page / me", deep_page, me, 3), hint)

    bare_url = f"{context.bare_server.url}/records?user_id={context.manifest.big_user.user_id}"
    bare_deep_url = f"{bare_url}&after_date={after_date.isoformat()}&after_id={after_id}"
    pairs = {
        "first": (lambda: client.execute(RECORD_PAGE), bare_url),
        "deep": (lambda: client.execute(RECORD_PAGE, deep), bare_deep_url),
    }
    for number, (label, (api_call, url)) in zip(("3c", "3d"), pairs.items()):
        api_rate = Figure(f"records page {label}: API throughput", "requests/s")
        bare_rate = Figure(f"records page {label}: bare Starlette throughput", "requests/s")
        with httpx.Client(timeout=600) as bare_client:
            def bare_call(address: str = url) -> None:
                bare_client.get(address).raise_for_status()
            for _ in range(context.size.runs):
                api_rate.samples.append(throughput(api_call, context.size.throughput_requests))
                bare_rate.samples.append(throughput(bare_call, context.size.throughput_requests))
        context.results.add(api_rate, bare_rate)
        context.results.compare(
            Ratio(number, f"{label} page throughput: API / bare", api_rate, bare_rate, 1 / 3, at_most=False),
            hint,
        )


def page_profile(client: GraphQLClient, deep: dict[str, str]) -> str:
    """Where a page's time goes: the same pages with cursors only, against the full nodes (best of 3)."""
    def best(query: str, variables: dict[str, str] | None = None) -> str:
        return f"{min(time_call(lambda: client.execute(query, variables)) for _ in range(3)) * 1000:,.1f} ms"

    return (f"cursors only {best(RECORD_PAGE_CURSORS)} first / {best(RECORD_PAGE_CURSORS, deep)} deep, "
            f"full nodes {best(RECORD_PAGE)} / {best(RECORD_PAGE, deep)}, `me` {best(ME)}")


def throughput(call: Callable[[], object], requests: int) -> float:
    """Requests per second for `requests` calls, THROUGHPUT_CONCURRENCY at a time."""
    with ThreadPoolExecutor(max_workers=THROUGHPUT_CONCURRENCY) as pool:
        seconds = time_call(lambda: list(pool.map(lambda _: call(), range(requests))))
    return requests / seconds
