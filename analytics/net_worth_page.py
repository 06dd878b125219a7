"""Net worth over time: the period choices, each account's balance at every period end, the total per
currency, a stacked chart, and the same figures as text and as a table of current balances.

Currencies are never added together: every frame, chart and sentence is of one currency.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import altair as alt
import polars as pl

from analytics.balances import net_worth
from analytics.client import FinanceClient
from analytics.date_format import DateFormat
from analytics.formatting import format_money, money_labels
from analytics.periods import month_end, shift_months

LAST_12_MONTHS = "Last 12 months"
ALL_TIME = "All time"
MAX_YEARS = 10  # the longest range one summary query answers
MONTHLY_UP_TO_MONTHS = 36  # longer ranges are drawn by quarter
NET_WORTH_COLOR = "#222222"


def first_activity(client: FinanceClient, today: date) -> date | None:
    """The first day of the first month with records, looking back at most MAX_YEARS; None without any."""
    start = date(today.year - MAX_YEARS + 1, 1, 1)
    flows = client.summary(start, today, period="MONTH", parts=("cash_flow",)).cash_flow
    return None if flows.is_empty() else flows["period_start"].min()  # type: ignore[return-value]


def period_choices(first: date | None, today: date) -> list[str]:
    """What the period picker offers: the last 12 months, every calendar year with records, all time."""
    first_year = first.year if first is not None else today.year
    return [LAST_12_MONTHS, *(str(year) for year in range(today.year, first_year - 1, -1)), ALL_TIME]


def period_range(choice: str, first: date | None, today: date) -> tuple[date, date, str]:
    """The dates and the period length (MONTH or QUARTER) a choice of the picker stands for.

    "Last 12 months" is the dashboard's: from the first of the month eleven months back to today.
    """
    if choice == ALL_TIME and first is not None:
        start = max(first.replace(day=1), date(today.year - MAX_YEARS + 1, 1, 1))
        months = (today.year - start.year) * 12 + today.month - start.month + 1
        return start, today, "MONTH" if months <= MONTHLY_UP_TO_MONTHS else "QUARTER"
    if choice.isdigit():
        year = int(choice)
        return date(year, 1, 1), min(date(year, 12, 31), today), "MONTH"
    return shift_months(today.replace(day=1), -11), today, "MONTH"


def account_balances(client: FinanceClient, date_from: date, date_to: date, period: str) -> pl.DataFrame:
    """Each account's balance at the end of every period of the range (see frames.BALANCE_SCHEMA)."""
    return client.summary(date_from, date_to, period=period, parts=("balances",)).balances


def net_worth_by_currency(balances: pl.DataFrame, currencies: list[str]) -> dict[str, pl.DataFrame]:
    """For each currency, the total of its accounts at each period end (empty when it has no balances)."""
    totals = net_worth(balances)
    return {currency: totals.filter(pl.col("currency") == currency) for currency in currencies}


def point_name(day: date, dates: DateFormat) -> str:
    """A period end as people say it: "December 2025" at a month's end, otherwise the day as `dates` writes
    it ("30 Nov 2026", "Nov 30, 2026")."""
    if day == month_end(day):
        return f"{day:%B %Y}"
    return dates.long_day(day)


def net_worth_sentences(totals: pl.DataFrame, dates: DateFormat) -> list[str]:
    """The chart as text, one line per period end: "December 2025: net worth 12,345.67 EUR"."""
    return [
        f"{point_name(day, dates)}: net worth {format_money(amount, currency)}"
        for day, currency, amount in totals.select("date", "currency", "net_worth").iter_rows()
    ]


def change_sentence(totals: pl.DataFrame, dates: DateFormat) -> str:
    """How the net worth moved over the range: "+1,234.56 EUR since 31 Dec 2025" (as `dates` writes days)."""
    if totals.height < 2:
        return "one point in this period"
    first, last = totals.row(0, named=True), totals.row(-1, named=True)
    change = last["net_worth"] - first["net_worth"]
    sign = "+" if change > 0 else ("−" if change < 0 else "±")
    return f"{sign}{format_money(abs(change), last['currency'])} since {dates.long_day(first['date'])}"


def current_balances(accounts: pl.DataFrame, currency: str) -> pl.DataFrame:
    """The table of one currency's accounts: name, type and balance (formatted), then their total."""
    rows = accounts.filter(pl.col("currency") == currency).sort("account")
    total = sum(rows["balance"], Decimal(0))
    names = [*rows["account"].to_list(), "Total"]
    types = [*(kind.replace("_", " ").capitalize() for kind in rows["type"].to_list()), ""]
    amounts = [format_money(amount, currency) for amount in [*rows["balance"], total]]
    return pl.DataFrame({"Account": names, "Type": types, "Balance": amounts})


def net_worth_chart(
    balances: pl.DataFrame, totals: pl.DataFrame, period: str, dates: DateFormat
) -> alt.LayerChart:
    """One currency: each account's balance stacked per period end (debts below zero), net worth a line;
    months or quarters on the axis, the days in the tooltips as `dates` writes them."""
    ticks = "%b %Y" if period == "MONTH" else "Q%q %Y"
    labelled = balances.with_columns(money_labels(balances, "balance"), pl.col("balance").cast(pl.Float64))
    with_totals = labelled.join(
        totals.select("date", money_labels(totals, "net_worth"), total=pl.col("net_worth").cast(pl.Float64)),
        on="date",
    )
    x = alt.X("date:O", title=None, timeUnit="yearmonthdate", axis=alt.Axis(format=ticks, labelAngle=-45))
    when = alt.Tooltip("date:T", title="At the end of", format=dates.time_format())
    bars = alt.Chart(with_totals).mark_bar().encode(
        x=x,
        y=alt.Y("balance:Q", title="Balance", stack="zero"),
        color=alt.Color("account:N", title="Account", legend=alt.Legend(orient="bottom", columns=3)),
        order=alt.Order("account:N"),
        tooltip=[
            when, alt.Tooltip("account:N", title="Account"), alt.Tooltip("balance_label:N", title="Balance"),
            alt.Tooltip("net_worth_label:N", title="Net worth"),
        ],
    )
    line = alt.Chart(with_totals.unique("date")).mark_line(
        color=NET_WORTH_COLOR, point=alt.OverlayMarkDef(color=NET_WORTH_COLOR, size=30)
    ).encode(
        x=x, y=alt.Y("total:Q"),
        tooltip=[when, alt.Tooltip("net_worth_label:N", title="Net worth")],
    )
    return alt.LayerChart(layer=[bars, line]).properties(
        width="container", height=280, usermeta={"embedOptions": {"actions": False}}
    )
