import marimo

__generated_with = "0.25.2"
app = marimo.App(width="medium", app_title="Finance Tracker analysis")

with app.setup:
    # Ad-hoc analysis: sign in, get your records and summaries as polars frames, explore.
    # `marimo edit notebooks/analysis.py` to work in it; `python notebooks/analysis.py` runs it headless.
    import os
    from datetime import date
    from decimal import ROUND_HALF_EVEN, Decimal

    import marimo as mo
    import polars as pl

    import analytics
    from analytics import charts
    from analytics.client import FinanceClient, RecordFilter
    from analytics.periods import DEFAULT_RANGE, quick_range

    DEFAULT_API_URL = "http://127.0.0.1:8000"
    # How many times a month a payment of each interval falls, to compare subscriptions with each other.
    PER_MONTH = {
        "weekly": Decimal(52) / 12,
        "biweekly": Decimal(26) / 12,
        "monthly": Decimal(1),
        "quarterly": Decimal(1) / 3,
        "yearly": Decimal(1) / 12,
    }


@app.function
def monthly_cost(recurring: pl.DataFrame) -> pl.DataFrame:
    """Recurring payments with what each costs per month on average (`monthly_cost`), dearest first."""
    costs = [
        (amount * PER_MONTH[interval]).quantize(Decimal("0.01"), rounding=ROUND_HALF_EVEN)
        for amount, interval in zip(recurring["typical_amount"], recurring["interval"])
    ]
    return recurring.with_columns(
        pl.Series("monthly_cost", costs, dtype=recurring.schema["typical_amount"])
    ).sort(["currency", "monthly_cost"], descending=[False, True])


@app.function
def monthly_cost_per_currency(costs: pl.DataFrame) -> dict[str, Decimal]:
    """The total monthly cost of the recurring payments in each currency (never added across currencies)."""
    totals = costs.group_by("currency").agg(pl.col("monthly_cost").sum()).sort("currency")
    return dict(zip(totals["currency"], totals["monthly_cost"]))


@app.function
def environment_credentials() -> dict[str, str] | None:
    """API URL, email and password from FINTRACK_API_URL / FINTRACK_EMAIL / FINTRACK_PASSWORD, if all set."""
    email, password = os.environ.get("FINTRACK_EMAIL"), os.environ.get("FINTRACK_PASSWORD")
    if not (email and password):
        return None
    return {"url": os.environ.get("FINTRACK_API_URL", DEFAULT_API_URL), "email": email, "password": password}


@app.cell(hide_code=True)
def _():
    mo.md("""
    # Finance Tracker: ad-hoc analysis

    Sign in below (or set `FINTRACK_API_URL`, `FINTRACK_EMAIL` and `FINTRACK_PASSWORD` before
    starting marimo). You then get:

    - `records`: every record of the period as a polars frame (`analytics.frames.RECORDS_SCHEMA`:
      exact `Decimal` amounts, `date`s, category and parent category names);
    - `summary`: the server's totals, cash flow, categories, balances and payees for the period
      (`summary.totals`, `summary.cash_flow`, …);
    - `client`: the signed-in `analytics.FinanceClient`, for any other query.

    Add cells below and use the functions of `analytics` (`monthly_cash_flow`, `top_payees`,
    `find_recurring_payments`, …) and its Altair charts (`analytics.charts`).
    """)
    return


@app.cell
def _():
    sign_in_form = mo.ui.form(
        mo.md("{url}\n\n{email}\n\n{password}").batch(
            url=mo.ui.text(value=os.environ.get("FINTRACK_API_URL", DEFAULT_API_URL), label="API", kind="url",
                           full_width=True),
            email=mo.ui.text(value=os.environ.get("FINTRACK_EMAIL", ""), kind="email", label="Email",
                             full_width=True),
            password=mo.ui.text(kind="password", label="Password", full_width=True),
        ),
        submit_button_label="Sign in",
    )
    return (sign_in_form,)


@app.cell
def _(sign_in_form):
    credentials = environment_credentials() or sign_in_form.value
    client = None
    _problem = "Sign in to load your data." if credentials is None else None
    if credentials is not None:
        client = FinanceClient(credentials["url"].removesuffix("/graphql"))
        try:
            client.login(credentials["email"], credentials["password"])
        except analytics.ApiError as _failure:
            client, _problem = None, f"Could not sign in: {_failure.message}"
    if client is None and mo.app_meta().mode == "script":
        raise SystemExit(f"{_problem} Set FINTRACK_API_URL, FINTRACK_EMAIL and FINTRACK_PASSWORD.")
    mo.stop(client is None, mo.vstack([sign_in_form, mo.md(_problem or "")]))
    mo.md(f"Signed in to {client.endpoint} as **{credentials['email']}**.")
    return (client,)


@app.cell
def _():
    # The dashboard's default period ("Last 12 months": this month and the eleven before), the same range.
    period = mo.ui.date_range(value=quick_range(DEFAULT_RANGE, date.today()), label="Period")
    period
    return (period,)


@app.cell
def _(client, period):
    date_from, date_to = period.value
    records = client.records_frame(RecordFilter(date_from=date_from, date_to=date_to))
    summary = client.summary(date_from, date_to)
    print(f"{len(records)} records from {date_from} to {date_to}")
    records
    return records, summary


@app.cell
def _(summary):
    mo.vstack([mo.md("## Totals per currency (from the server's summary)"), summary.totals])
    return


@app.cell(hide_code=True)
def _():
    mo.md("""
    ## Worked example: what do my subscriptions cost?

    `analytics.find_recurring_payments` finds series of payments to one payee with a similar amount at
    a regular interval (weekly to yearly). Converting each to a monthly cost shows which ones matter.
    """)
    return


@app.cell
def _(records):
    recurring = monthly_cost(analytics.find_recurring_payments(records))
    _per_currency = monthly_cost_per_currency(recurring)
    _total = " and ".join(analytics.format_money(amount, currency)
                          for currency, amount in _per_currency.items())
    _sentence = (
        f"{len(recurring)} recurring payments, costing about {_total} a month."
        if len(recurring) else "No recurring payments found in this period."
    )
    print(_sentence)
    for _row in recurring.head(10).iter_rows(named=True):
        print(f"  {_row['payee']}: {analytics.format_money(_row['typical_amount'], _row['currency'])} "
              f"{_row['interval']}, next around {_row['next_expected']}")
    mo.vstack([mo.md(f"**{_sentence}**"), recurring])
    return (recurring,)


@app.cell(hide_code=True)
def _():
    mo.md("""
    ## More to try

    Monthly cash flow computed locally from `records`, with a three-month rolling average of the
    expense, and when in the week the money goes.
    """)
    return


@app.cell
def _(records):
    cash_flow = analytics.rolling_average(analytics.monthly_cash_flow(records), "expense", 3)
    cash_flow
    return (cash_flow,)


@app.cell
def _(records):
    charts.heatmap_chart(analytics.spending_heatmap(records))
    return


if __name__ == "__main__":
    app.run()
