import marimo

__generated_with = "0.25.2"
app = marimo.App(width="medium", app_title="Finance Tracker · Net worth")

with app.setup:
    # The dashboard's "Net worth" page.
    # Net worth over time per currency, accounts stacked, and current balances.
    # notebooks/dashboard.py embeds it and passes the inputs (analytics.pages.PageInputs); run on
    # its own, it signs in from FINTRACK_API_URL, FINTRACK_EMAIL and FINTRACK_PASSWORD.
    from datetime import date

    import marimo as mo
    import polars as pl

    import analytics
    from analytics import net_worth_page, pages
    from analytics.balances import currencies_by_use
    from analytics.date_format import DateFormat
    from analytics.figures import described_chart, plain_table


@app.function
def currency_section(
    currency: str, balances: pl.DataFrame, totals: pl.DataFrame, accounts: pl.DataFrame, period: str,
    dates: DateFormat,
) -> mo.Html:
    """One currency: its net worth now and its change, the stacked chart, and its accounts' balances, dated
    as `dates` writes."""
    table = net_worth_page.current_balances(accounts, currency)
    latest = totals.row(-1, named=True) if totals.height else None
    stat = mo.stat(
        analytics.format_money(latest["net_worth"], currency) if latest else "–",
        label=f"Net worth · {currency}",
        caption=net_worth_page.change_sentence(totals, dates) if latest else "no balances in this period",
        bordered=True,
    )
    per = "month" if period == "MONTH" else "quarter"
    chart = (
        described_chart(
            net_worth_page.net_worth_chart(balances, totals, period, dates),
            f"Net worth in {currency} at the end of each {per}, accounts stacked",
            net_worth_page.net_worth_sentences(totals, dates),
        )
        if latest else mo.md(f"_No {currency} balances in this period._")
    )
    balances_table = plain_table(table, f"Current balances in {currency}", ("Balance",), total_row=True)
    return mo.vstack([
        mo.md(f"### {currency}"),
        mo.hstack([stat, balances_table], widths=[1, 2], wrap=True, align="start", gap=1.5),
        chart,
    ], gap=1)


@app.cell
def _():
    # Replaced by the dashboard's values when embedded: this cell runs only when the page runs alone.
    client, accounts, categories, revision, set_revision, set_setup_revision, number_mark, dates = (
        pages.standalone_inputs())
    return accounts, categories, client, dates, number_mark, revision, set_revision, set_setup_revision


@app.cell
def _(client, revision):
    today = date.today()
    first_month = net_worth_page.first_activity(client, today)
    # Fetched again here: the dashboard refreshes its account list after setup changes, not after records.
    current_accounts = client.accounts()
    return current_accounts, first_month, today


@app.cell
def _(first_month, today):
    period_picker = mo.ui.dropdown(
        net_worth_page.period_choices(first_month, today), value=net_worth_page.LAST_12_MONTHS, label="Period"
    )
    return (period_picker,)


@app.cell
def _(client, first_month, period_picker, today):
    date_from, date_to, period = net_worth_page.period_range(period_picker.value, first_month, today)
    balances = net_worth_page.account_balances(client, date_from, date_to, period)
    return balances, date_from, date_to, period


@app.cell
def _(balances, current_accounts, date_from, date_to, dates, period, period_picker):
    _intro = mo.md(
        "## Net worth\nThe total of your accounts at the end of each period, one currency at a time "
        "(currencies are never added together); debts count below zero."
    )
    _header = mo.hstack([_intro, period_picker], justify="space-between", align="start", wrap=True)
    if current_accounts.is_empty():
        _body = [mo.callout(mo.md("No accounts yet. Add one on the Accounts tab: its balance shows here, "
                                  "and how the total moves month by month."), kind="neutral")]
    else:
        _currencies = currencies_by_use(current_accounts)
        _totals = net_worth_page.net_worth_by_currency(balances, _currencies)
        _body = [
            mo.md(dates.range(date_from, date_to)),
            *(
                currency_section(
                    _currency, balances.filter(pl.col("currency") == _currency),
                    _totals[_currency], current_accounts, period, dates,
                )
                for _currency in _currencies
            ),
        ]
    mo.vstack([_header, *_body])
    return


if __name__ == "__main__":
    app.run()
