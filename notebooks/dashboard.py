import marimo

__generated_with = "0.25.2"
app = marimo.App(width="medium", app_title="Finance Tracker")

with app.setup:
    # The dashboard: sign in, pick a period, see where the money went. Logic lives in functions
    # (analytics/ and the @app.function cells below, importable and tested); cells only wire the UI.
    import calendar
    import dataclasses
    import os
    import uuid
    from datetime import date, timedelta
    from decimal import Decimal
    from pathlib import Path
    from typing import Any

    import altair as alt
    import marimo as mo
    import polars as pl

    import analytics
    from analytics import charts, pages, statement
    from analytics import imports as bank_imports
    from analytics.client import FinanceClient, RecordFilter

    PAGE_NOTEBOOKS = Path(__file__).resolve().parent  # the pages that are notebooks of their own
    API_URL_META_KEY = "api_base_url"  # set by api.dashboard.DashboardApp for every request
    API_HEADERS_META_KEY = "api_headers"  # likewise: they tell the API which browser it acts for
    PAGE_SIZE = 25
    DATE_FORMATS = ("%Y-%m-%d", "%d.%m.%Y", "%d/%m/%Y", "%m/%d/%Y", "%d-%m-%Y", "%Y/%m/%d", "%d.%m.%y")
    PAGES = (  # the tabs, in order
        "Overview", "Accounts", "Import", "Income statement", "Net worth", "Budgets", "Recurring", "Goals",
    )
    TOP_PAYEES = 8
    DEFAULT_RANGE = "Last 12 months"
    QUICK_RANGES = (
        "This month", "Last month", "Last 3 months", "Last 12 months", "Year to date", "Last year", "Custom",
    )
    LAYOUT_CSS = """<style>
    .fintrack-cards { display: grid; grid-template-columns: repeat(4, minmax(0, 1fr)); gap: 0.75rem; }
    @media (max-width: 900px) { .fintrack-cards { grid-template-columns: repeat(2, minmax(0, 1fr)); } }
    @media (max-width: 520px) { .fintrack-cards { grid-template-columns: minmax(0, 1fr); } }
    .fintrack-pair { display: grid; gap: 1rem 2.5rem; align-items: start;
                     grid-template-columns: repeat(auto-fit, minmax(min(100%, 360px), 1fr)); }
    </style>"""
    RECORDS_PAGE = """
    query RecordsPage($filter: RecordFilter, $first: Int!, $after: String) {
      records(filter: $filter, first: $first, after: $after) {
        totalCount
        pageInfo { hasNextPage endCursor }
        nodes {
          id kind amount currency date payee description tags
          account { name } category { fullName } counterpartAccount { name }
        }
      }
    }
    """


@app.function
def shift_months(day: date, months: int) -> date:
    """The same day `months` later (or earlier), clamped to the month's length (Mar 31 - 1 = Feb 28)."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    return date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


@app.function
def month_end(day: date) -> date:
    """The last day of the day's month."""
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])


@app.function
def quick_range(choice: str, today: date) -> tuple[date, date]:
    """The dates a quick choice of the period picker stands for, ending today at the latest."""
    first_of_month = today.replace(day=1)
    ranges = {
        "This month": (first_of_month, today),
        "Last month": (shift_months(first_of_month, -1), first_of_month - timedelta(days=1)),
        "Last 3 months": (shift_months(first_of_month, -2), today),
        "Last 12 months": (shift_months(first_of_month, -11), today),
        "Year to date": (date(today.year, 1, 1), today),
        "Last year": (date(today.year - 1, 1, 1), date(today.year - 1, 12, 31)),
    }
    return ranges[choice]


@app.function
def previous_period(start: date, end: date) -> tuple[date, date]:
    """The period of the same length just before [start, end]: as many whole months back when the
    range starts on a 1st (Nov 1-25 compares with Oct 1-25), as many days back otherwise."""
    if start.day != 1:
        length = end - start + timedelta(days=1)
        return start - length, start - timedelta(days=1)
    months = (end.year - start.year) * 12 + end.month - start.month + 1
    previous_end = shift_months(end, -months)
    if end == month_end(end):
        previous_end = month_end(previous_end)
    return shift_months(start, -months), min(previous_end, start - timedelta(days=1))


@app.function
def format_range(start: date, end: date) -> str:
    """A date range as people write it: "1 Oct – 25 Nov 2026"."""
    if start.year == end.year:
        return f"{start:%-d %b} – {end:%-d %b %Y}"
    return f"{start:%-d %b %Y} – {end:%-d %b %Y}"


@app.function
def focus_filter(base: RecordFilter, clicked: list[int | None], categories: pl.DataFrame) -> RecordFilter:
    """The base filter narrowed to the top-level categories clicked in the chart (None: uncategorized);
    categories already chosen in the filters stay chosen when they lie under a clicked one."""
    if not clicked:
        return base
    if None in clicked:
        return dataclasses.replace(base, category_ids=None, uncategorized=True)
    if base.category_ids is None:
        return dataclasses.replace(base, category_ids=tuple(sorted(clicked)))
    roots = analytics.top_level_category_ids(categories)
    narrowed = tuple(category for category in base.category_ids if roots.get(category) in clicked)
    return dataclasses.replace(base, category_ids=narrowed or tuple(sorted(clicked)))


@app.function
def percent_change(current: Decimal, previous: Decimal | None) -> float | None:
    """(current - previous) / |previous|, or None when there is nothing to compare with."""
    if previous is None or previous == 0:
        return None
    return float((current - previous) / abs(previous))


@app.function
def kpi_values(current: pl.DataFrame, previous: pl.DataFrame) -> list[dict[str, Any]]:
    """Per currency of the current totals: income, expense, net and savings rate, now and before."""
    before = {row["currency"]: row for row in previous.iter_rows(named=True)}
    names = ("income", "expense", "net", "savings_rate")
    rows = []
    for row in current.sort("currency").iter_rows(named=True):
        earlier = before.get(row["currency"], {})
        rows.append({
            "currency": row["currency"],
            **{name: row[name] for name in names},
            **{f"{name}_previous": earlier.get(name) for name in names},
        })
    return rows


@app.function
def money_change_caption(current: Decimal, previous: Decimal | None, currency: str) -> str:
    """ "+3.7% · was 53,570.12 EUR": the change against the previous period, and what it was."""
    if previous is None:
        return "none in the previous period"
    change = percent_change(current, previous)
    was = f"was {analytics.format_money(previous, currency)}"
    return was if change is None else f"{change:+.1%} · {was}"


@app.function
def savings_rate_caption(rate: float | None, previous: float | None) -> str:
    """ "+1.2 points · was 19.2%", or why there is nothing to compare."""
    if rate is None:
        return "no income in this period"
    if previous is None:
        return "no income in the previous period"
    return f"{(rate - previous) * 100:+.1f} points · was {previous:.1%}"


@app.function
def trend(current: Decimal | float | None, previous: Decimal | float | None) -> str | None:
    """The arrow of a KPI card: "increase", "decrease", or None when there is no change to show."""
    if current is None or previous is None or current == previous:
        return None
    return "increase" if current > previous else "decrease"


@app.function
def kpi_cards(kpi: dict[str, Any]) -> list[mo.Html]:
    """The four KPI cards of one currency: income, expense, net and savings rate, each against before."""
    currency = kpi["currency"]

    def money_card(name: str, label: str, target: str) -> mo.Html:
        return mo.stat(
            analytics.format_money(kpi[name], currency),
            label=f"{label} · {currency}",
            caption=money_change_caption(kpi[name], kpi[f"{name}_previous"], currency),
            direction=trend(kpi[name], kpi[f"{name}_previous"]),
            target_direction=target,
            bordered=True,
        )

    rate, rate_before = kpi["savings_rate"], kpi["savings_rate_previous"]
    rate_card = mo.stat(
        "–" if rate is None else f"{rate:.1%}",
        label=f"Savings rate · {currency}",
        caption=savings_rate_caption(rate, rate_before),
        direction=trend(rate, rate_before),
        bordered=True,
    )
    return [money_card("income", "Income", "increase"), money_card("expense", "Expense", "decrease"),
            money_card("net", "Net", "increase"), rate_card]


@app.function
def responsive_grid(items: list[object], layout: str) -> mo.Html:
    """Items in a grid that suits the screen: "cards" four to a row on a laptop, two on a tablet, one on a
    phone; "pair" side by side when both fit, one above the other otherwise."""
    cells = "".join(f"<div>{mo.as_html(item).text}</div>" for item in items)
    return mo.Html(f"{LAYOUT_CSS}<div class='fintrack-{layout}'>{cells}</div>")


@app.function
def amount_style(_row: str, column: str, value: Any) -> dict[str, str]:
    """Money coming in (income, and refunds) shows green in the records table."""
    return {"color": charts.INCOME_COLOR} if column == "Amount" and str(value).startswith("+") else {}


@app.function
def chart_renderer_warm_up() -> mo.Html:
    """An invisible one-point chart on the sign-in screen: the browser fetches the chart renderer while
    the password is typed, not after (it is loaded on first use)."""
    chart = alt.Chart(pl.DataFrame({"x": [0]})).mark_point().encode(x="x:Q")
    chart = chart.properties(usermeta=charts.SVG_RENDERER)
    return mo.Html(f"<div style='display: none'>{mo.as_html(chart).text}</div>")


@app.function
def account_options(accounts: pl.DataFrame) -> dict[str, int]:
    """Accounts as a picker lists them: "Main checking (EUR)" -> id."""
    rows = accounts.iter_rows(named=True)
    return {f"{row['account']} ({row['currency']})": row["account_id"] for row in rows}


@app.function
def main_currency(accounts: pl.DataFrame) -> str | None:
    """The currency most accounts use: what the charts show first."""
    if accounts.is_empty():
        return None
    counts = accounts.group_by("currency").len().sort(["len", "currency"], descending=[True, False])
    return counts["currency"][0]


@app.function
def in_currency(frame: pl.DataFrame, currency: str | None) -> pl.DataFrame:
    """The rows of one currency (charts never put two currencies on one axis)."""
    return frame.head(0) if currency is None else frame.filter(pl.col("currency") == currency)


@app.function
def signed_amount(kind: str, amount: Decimal, currency: str) -> str:
    """An amount as the records table shows it: money in +, money out −, transfers unsigned. A refund
    (an expense with a negative amount) is money coming back: +."""
    text = analytics.format_money(abs(amount), currency)
    if kind == "expense":
        return f"+{text}" if amount < 0 else f"−{text}"
    return f"+{text}" if kind == "income" else text


@app.function
def kind_label(kind: str, amount: Decimal) -> str:
    """What a record is, in the records table: Income, Expense, Transfer, or Refund (a negative expense)."""
    return "Refund" if kind == "expense" and amount < 0 else kind.title()


@app.function
def records_table_frame(nodes: list[dict[str, Any]]) -> pl.DataFrame:
    """Record nodes of the records page as the table's rows: readable columns, formatted amounts."""
    rows = [
        {
            "Date": date.fromisoformat(node["date"]),
            "Payee": node["payee"],
            "Category": (
                f"→ {node['counterpartAccount']['name']}" if node["kind"] == "TRANSFER"
                else (node["category"] or {}).get("fullName", "Uncategorized")
            ),
            "Account": node["account"]["name"],
            "Kind": kind_label(node["kind"].lower(), Decimal(node["amount"])),
            "Amount": signed_amount(node["kind"].lower(), Decimal(node["amount"]), node["currency"]),
            "Description": node["description"],
            "Tags": ", ".join(node["tags"]),
        }
        for node in nodes
    ]
    schema = {"Date": pl.Date, **{name: pl.String for name in
                                  ("Payee", "Category", "Account", "Kind", "Amount", "Description", "Tags")}}
    return pl.DataFrame(rows, schema=schema, orient="row")


@app.function
def fetch_records_page(
    client: FinanceClient, record_filter: RecordFilter, after: str | None
) -> dict[str, Any]:
    """One page of the records table, newest first (keyset pagination: `after` is a cursor)."""
    variables = {"filter": record_filter.to_graphql(), "first": PAGE_SIZE, "after": after}
    return client.execute(RECORDS_PAGE, variables)["records"]


@app.function
def mapping_editor(mapping: dict[str, Any], columns: list[str]) -> mo.ui.form:
    """A form to correct a detected CSV mapping: separators, the date, the amount (one signed column, or
    debit and credit) and the text columns; it submits the corrections only."""
    choices = {"(none)": "", **{column: column for column in columns}}

    def column(name: str, label: str) -> mo.ui.dropdown:
        value = mapping.get(name) if mapping.get(name) in columns else "(none)"
        return mo.ui.dropdown(choices, value=value, label=label)

    delimiters = {"Comma ,": ",", "Semicolon ;": ";", "Tab": "\t", "Pipe |": "|"}
    separators = {"Point .": ".", "Comma ,": ","}
    thousands = {"None": "", "Comma ,": ",", "Point .": ".", "Space": " ", "Apostrophe '": "'"}
    date_formats = dict.fromkeys([mapping["dateFormat"], *DATE_FORMATS])

    def pick(label: str, options: dict[str, str], name: str) -> mo.ui.dropdown:
        chosen = next((key for key, option in options.items() if option == mapping[name]), None)
        return mo.ui.dropdown(options, value=chosen, label=label)

    return mo.ui.form(
        mo.md(
            "{delimiter} {decimalSeparator} {thousandsSeparator}\n\n{dateColumn} {dateFormat}\n\n"
            "{amountColumn} {debitColumn} {creditColumn} {negate}\n\n{payeeColumn} {descriptionColumn}"
        ).batch(
            delimiter=pick("Delimiter", delimiters, "delimiter"),
            decimalSeparator=pick("Decimal separator", separators, "decimalSeparator"),
            thousandsSeparator=pick("Thousands separator", thousands, "thousandsSeparator"),
            dateColumn=mo.ui.dropdown(columns, value=mapping["dateColumn"] if mapping["dateColumn"] in columns
                                      else None, label="Date column"),
            dateFormat=mo.ui.dropdown(list(date_formats), value=mapping["dateFormat"], label="Date format"),
            amountColumn=column("amountColumn", "Amount (signed)"),
            debitColumn=column("debitColumn", "or debit"),
            creditColumn=column("creditColumn", "and credit"),
            negate=mo.ui.checkbox(value=mapping["negate"], label="Spending shown as positive"),
            payeeColumn=column("payeeColumn", "Payee"),
            descriptionColumn=column("descriptionColumn", "Description"),
        ),
        submit_button_label="Preview with this mapping",
    )


@app.function
def previewed(
    client: FinanceClient, upload: tuple[str, bytes] | None, account_id: int | None, **options: Any
) -> tuple[dict[str, Any] | None, str | None]:
    """What importing the upload would do (None before a file and an account are chosen), or why not."""
    if upload is None or account_id is None:
        return None, None
    try:
        return client.preview_import(upload[1], upload[0], account_id, **options), None
    except analytics.ApiError as failure:
        return None, failure.message


@app.function
def imported(
    client: FinanceClient, upload: tuple[str, bytes], account_id: int, **options: Any
) -> dict[str, Any]:
    """Import the upload; {"result": ImportResult} or {"problem": why}. A fresh idempotency key per click:
    a retried request does not import twice, a deliberate second import (after an undo) does."""
    try:
        result = client.import_file(upload[1], upload[0], account_id, idempotency_key=str(uuid.uuid4()),
                                    **options)
    except analytics.ApiError as failure:
        return {"problem": failure.message}
    return {"result": result}


@app.function
def undone(client: FinanceClient, import_id: int) -> dict[str, Any]:
    """Undo an import; {"undone": the import} or {"problem": why}."""
    try:
        return {"undone": client.undo_import(import_id)}
    except analytics.ApiError as failure:
        return {"problem": failure.message}


@app.function
def outcome_style(_row: str, column: str, value: Any) -> dict[str, str]:
    """Each row's outcome in its colour: new green, refused red, duplicates and skipped grey."""
    colors = {"New": charts.INCOME_COLOR, "Refused": charts.EXPENSE_COLOR, "Duplicate": "#777777",
              "Skipped": "#777777"}
    return {"color": colors[value], "fontWeight": "bold"} if column == "Outcome" and value in colors else {}


@app.function
def import_rows_table(result: dict[str, Any]) -> mo.ui.table:
    """The rows of a preview or an import, each with its outcome and why."""
    return mo.ui.table(
        bank_imports.import_rows_frame(result["rows"]), selection=None, page_size=10, show_search=False,
        show_download=False, show_column_summaries=False, show_data_types=False,
        text_justify_columns={"Amount": "right"}, style_cell=outcome_style,
    )


@app.function
def import_outcome_view(outcome: dict[str, Any] | None) -> object:
    """What the last import (or undo) did: the counts and each row, or why it failed."""
    if outcome is None:
        return ""
    if "problem" in outcome:
        return mo.callout(mo.md(f"**Not imported:** {outcome['problem']}"), kind="danger")
    if "undone" in outcome:
        return mo.callout(mo.md(f"Undone: the records of **{outcome['undone']['fileName']}** are deleted."),
                          kind="success")
    result = outcome["result"]
    sentence = bank_imports.counts_sentence(result["counts"], kept=result["kept"])
    if not result["kept"]:
        advice = "Nothing was written: correct the mapping, or tick *Skip invalid rows*."
        return mo.vstack([mo.callout(mo.md(f"**{sentence}** {advice}"), kind="danger"),
                          import_rows_table(result)])
    return mo.vstack([mo.callout(mo.md(f"**{sentence}**"), kind="success"), import_rows_table(result)])


@app.function
def past_import_line(row: dict[str, Any]) -> mo.Html:
    """One past import in words: file, account, when, what it added."""
    state = " · **undone**" if row["undone"] else ""
    return mo.md(
        f"**{row['file_name']}** into {row['account']} · {row['imported_at']:%-d %b %Y %H:%M} UTC · "
        f"{row['new']} new, {row['duplicate']} duplicate, {row['refused']} refused{state}"
    )


@app.function
def statement_view(table: pl.DataFrame, currency: str) -> mo.Html:
    """One currency's statement table: Income, Expense and Net in bold, categories indented under them and
    sub-categories under their category; the category column stays in view while the months scroll."""
    levels = table[statement.LEVEL_COLUMN].to_list()
    indents = {1: "1rem", 2: "2rem"}

    def style(row: str, column: str, _value: Any) -> dict[str, str]:
        level = levels[int(row)]
        if level == 0:
            return {"fontWeight": "bold"}
        return {"paddingLeft": indents[level]} if column == statement.CATEGORY_COLUMN else {}

    shown = table.drop(statement.LEVEL_COLUMN)
    return mo.vstack([
        mo.md(f"### {currency}"),
        mo.ui.table(
            shown, selection=None, pagination=False, show_search=False, show_download=False,
            show_column_summaries=False, show_data_types=False,
            freeze_columns_left=[statement.CATEGORY_COLUMN],
            text_justify_columns={name: "right" for name in shown.columns[1:]}, style_cell=style,
        ),
    ])


@app.function
def api_base_url() -> str | None:
    """Where the API is: told by the server hosting the page, else FINTRACK_API_URL; never the page's URL."""
    request = mo.app_meta().request
    if request is not None and request.meta.get(API_URL_META_KEY):
        return str(request.meta[API_URL_META_KEY])
    configured = os.environ.get("FINTRACK_API_URL")
    return configured.removesuffix("/graphql") if configured else None


@app.function
def api_headers() -> dict[str, str]:
    """Headers the hosting server asks to send with every API request (none when run elsewhere)."""
    request = mo.app_meta().request
    return dict(request.meta.get(API_HEADERS_META_KEY) or {}) if request is not None else {}


@app.function
def is_script() -> bool:
    """Whether the notebook runs headless (`python notebooks/dashboard.py`): sign in from the environment."""
    return mo.app_meta().mode == "script"


@app.function
def sign_out(client: FinanceClient, set_sign_outs: Any) -> None:
    """End the session on the server and show the sign-in form again."""
    try:
        client.logout()
    except analytics.ApiError:
        pass  # the client has forgotten its tokens either way; a server that did not answer ends it later
    set_sign_outs(lambda count: count + 1)


@app.cell
def _():
    # Sign-outs so far: each one puts a fresh, empty sign-in form on screen (the old one still holds
    # the credentials it sent, and would sign in again).
    get_sign_outs, set_sign_outs = mo.state(0)
    return get_sign_outs, set_sign_outs


@app.cell
def _(get_sign_outs):
    get_sign_outs()
    sign_in_form = mo.ui.form(
        mo.md("{email}\n\n{password}").batch(
            email=mo.ui.text(kind="email", label="Email", placeholder="you@example.com", full_width=True),
            password=mo.ui.text(kind="password", label="Password", full_width=True),
        ),
        submit_button_label="Sign in",
    )
    return (sign_in_form,)


@app.cell
def _():
    # The client is made before signing in: setting up its connections takes a moment, better spent
    # while the password is typed. Its tokens live in this session's memory only; a reload signs out.
    base_url = api_base_url()
    api_client = FinanceClient(base_url, headers=api_headers()) if base_url else None
    return (api_client,)


@app.cell
def _():
    # The playground (for trying the API by hand) is on the server that serves this page, offline too;
    # a new tab keeps this page's session. Run on its own (`marimo run`), the notebook shows no link.
    _request = mo.app_meta().request
    _served_by_api = _request is not None and bool(_request.meta.get(API_URL_META_KEY))
    mo.hstack(
        [mo.Html('<a href="../graphql" target="_blank" rel="noopener">GraphQL playground</a>')],
        justify="end",
    ) if _served_by_api else None
    return


@app.cell
def _(api_client, sign_in_form):
    credentials = sign_in_form.value
    if is_script():
        credentials = {"email": os.environ.get("FINTRACK_EMAIL", ""),
                       "password": os.environ.get("FINTRACK_PASSWORD", "")}
    _problem = None
    _user = None
    if api_client is None:
        _problem = "The API's address is unknown: serve with `fintrack serve`, or set FINTRACK_API_URL."
    elif credentials:
        try:
            _user = api_client.login(credentials["email"], credentials["password"])
        except analytics.ApiError as _failure:
            _problem = f"**Could not sign in.** {_failure.message}"
    client = api_client if _user is not None else None
    signed_in_email = _user["email"] if _user is not None else None
    if _user is None:
        if is_script():
            raise SystemExit(f"Sign-in failed: {_problem or 'set FINTRACK_EMAIL and FINTRACK_PASSWORD'}")
        _error = mo.callout(mo.md(_problem), kind="danger") if _problem else ""
        mo.stop(True, mo.center(mo.vstack([
            mo.md("# Finance Tracker\nSign in to see where your money goes."), sign_in_form, _error,
            chart_renderer_warm_up(),
        ])))
    return client, signed_in_email


@app.cell
def _(client, set_sign_outs):
    sign_out_button = mo.ui.button(label="Sign out", on_click=lambda _: sign_out(client, set_sign_outs))
    # Which page is on screen; the pages' cells show (and fetch) only while theirs is.
    page_tabs = mo.ui.tabs({page: "" for page in PAGES})
    return page_tabs, sign_out_button


@app.cell
def _(page_tabs, sign_out_button, signed_in_email):
    mo.vstack([
        mo.hstack([
            mo.md("# Finance Tracker"),
            mo.hstack([mo.md(f"Signed in as **{signed_in_email}**"), sign_out_button],
                      justify="end", align="center", gap=1),
        ], align="center", wrap=True),
        page_tabs,
    ])
    return


@app.cell
def _():
    # Revisions: a write to records bumps the first (figures are fetched again); a change to accounts or
    # categories bumps the second (their lists, the filters and the forms are built again).
    get_revision, set_revision = mo.state(0)
    get_setup_revision, set_setup_revision = mo.state(0)
    return get_revision, get_setup_revision, set_revision, set_setup_revision


@app.cell
def _(client, get_setup_revision):
    get_setup_revision()
    accounts = client.accounts()
    categories = client.categories()
    return accounts, categories


@app.cell
def _(accounts, categories):
    period_choice = mo.ui.dropdown(QUICK_RANGES, value=DEFAULT_RANGE, label="Period")
    _today = date.today()
    custom_range = mo.ui.date_range(value=quick_range(DEFAULT_RANGE, _today), stop=_today, label="From – to")
    account_choice = mo.ui.multiselect(account_options(accounts), label="Accounts")
    category_choice = mo.ui.multiselect(
        {row["full_name"]: row["category_id"] for row in categories.iter_rows(named=True)},
        label="Categories",
    )
    chart_currency = mo.ui.dropdown(
        sorted(accounts["currency"].unique()), value=main_currency(accounts), label="Charts in"
    )
    return account_choice, category_choice, chart_currency, custom_range, period_choice


@app.cell
def _(account_choice, accounts, category_choice, custom_range, page_tabs, period_choice):
    mo.stop(page_tabs.value not in ("Overview", "Income statement"))  # the pages that use these filters
    _controls = [period_choice, custom_range] if period_choice.value == "Custom" else [period_choice]
    _no_accounts = mo.callout(mo.md(
        "You have no accounts yet: create one with the `createAccount` mutation in the "
        "[GraphQL playground](/graphql), then reload this page."), kind="info")
    mo.vstack([
        mo.hstack([*_controls, account_choice, category_choice], justify="start", wrap=True, gap=1.5),
        _no_accounts if accounts.is_empty() else "",
    ])
    return


@app.cell
def _(account_choice, category_choice, custom_range, period_choice):
    if period_choice.value == "Custom":
        date_from, date_to = custom_range.value
    else:
        date_from, date_to = quick_range(period_choice.value, date.today())
    previous_from, previous_to = previous_period(date_from, date_to)
    base_filter = RecordFilter(
        account_ids=tuple(account_choice.value) or None,
        category_ids=tuple(category_choice.value) or None,
    )
    return base_filter, date_from, date_to, previous_from, previous_to


@app.cell
def _(base_filter, client, date_from, date_to, get_revision, previous_from, previous_to):
    get_revision()  # refresh after a record was added
    summary = client.summary(date_from, date_to, filter=base_filter, payee_limit=TOP_PAYEES,
                             parts=("totals", "cash_flow", "categories", "balances", "payees"))
    previous_totals = client.summary(previous_from, previous_to, filter=base_filter, parts=("totals",)).totals
    return previous_totals, summary


@app.cell
def _(date_from, date_to, page_tabs, previous_from, previous_to, previous_totals, summary):
    mo.stop(page_tabs.value != "Overview")
    _kpis = kpi_values(summary.totals, previous_totals)
    if is_script():
        for _kpi in _kpis:
            print(f"{_kpi['currency']}: income {_kpi['income']} expense {_kpi['expense']} net {_kpi['net']}")
    _cards = (
        responsive_grid([_card for _kpi in _kpis for _card in kpi_cards(_kpi)], "cards") if _kpis
        else mo.callout(mo.md("No income or expenses in this period."), kind="neutral")
    )
    mo.vstack([
        mo.md(f"## {format_range(date_from, date_to)}\n"
              f"Compared with the previous period, {format_range(previous_from, previous_to)}."),
        _cards,
    ])
    return


@app.cell
def _(chart_currency, summary):
    _spending = in_currency(summary.categories, chart_currency.value).filter(pl.col("kind") == "expense")
    category_picker = mo.ui.altair_chart(charts.category_chart(_spending), legend_selection=False)
    any_spending = not _spending.is_empty()
    return any_spending, category_picker


@app.cell
def _(category_picker):
    clicked_categories = (
        category_picker.value["category_id"].unique().to_list() if len(category_picker.value) else []
    )
    clicked_names = category_picker.value["category"].unique().sort().to_list() if clicked_categories else []
    return clicked_categories, clicked_names


@app.cell
def _(base_filter, categories, client, clicked_categories, date_from, date_to, get_revision, summary):
    get_revision()
    focus = focus_filter(base_filter, clicked_categories, categories)
    if clicked_categories:
        focused = client.summary(date_from, date_to, filter=focus, payee_limit=TOP_PAYEES,
                                 parts=("cash_flow", "payees"))
    else:
        focused = summary
    return focus, focused


@app.cell
def _(chart_currency, clicked_names, focused, page_tabs):
    mo.stop(page_tabs.value != "Overview")
    _focus_note = (
        mo.md(f"Showing **{', '.join(clicked_names)}** only: click the bar again to show everything.")
        if clicked_names else mo.md("Click a category to see only its spending here and in the records.")
    )
    _cash_flow = in_currency(focused.cash_flow, chart_currency.value)
    mo.vstack([
        mo.hstack([mo.md("### Income and expense per month"), chart_currency], align="center", wrap=True),
        charts.cash_flow_chart(_cash_flow) if len(_cash_flow) else mo.md("_Nothing in this period._"),
        _focus_note,
    ])
    return


@app.cell
def _(any_spending, category_picker, chart_currency, focused, page_tabs):
    mo.stop(page_tabs.value != "Overview")
    _payees = in_currency(focused.payees, chart_currency.value)
    _payees_chart = charts.payees_chart(_payees) if len(_payees) else mo.md("_No spending._")
    _categories_chart = category_picker if any_spending else mo.md("_No spending._")
    responsive_grid([
        mo.vstack([mo.md("### Spending by category"), _categories_chart]),
        mo.vstack([mo.md("### Top payees"), _payees_chart]),
    ], "pair")
    return


@app.cell
def _(chart_currency, page_tabs, summary):
    mo.stop(page_tabs.value != "Overview")
    _balances = in_currency(summary.balances, chart_currency.value)
    mo.vstack([
        mo.md("### Balance per account"),
        charts.balance_chart(_balances) if len(_balances) else mo.md("_No accounts in this currency._"),
    ])
    return


@app.cell
def _():
    search_box = mo.ui.text(placeholder="Search payee or description", label="Search", debounce=400)
    return (search_box,)


@app.cell
def _(date_from, date_to, focus, get_revision, search_box):
    get_revision()
    records_filter = dataclasses.replace(
        focus, date_from=date_from, date_to=date_to, search=search_box.value.strip() or None
    )
    # The cursors of the pages seen so far; a new filter starts again at the newest records.
    get_cursors, set_cursors = mo.state((None,))
    return get_cursors, records_filter, set_cursors


@app.cell
def _(client, get_cursors, records_filter):
    records_page = fetch_records_page(client, records_filter, get_cursors()[-1])
    return (records_page,)


@app.cell
def _(get_cursors, records_page, set_cursors):
    newer_button = mo.ui.button(
        label="← Newer", disabled=len(get_cursors()) == 1,
        on_click=lambda _: set_cursors(lambda cursors: cursors[:-1] if len(cursors) > 1 else cursors),
    )
    older_button = mo.ui.button(
        label="Older →", disabled=not records_page["pageInfo"]["hasNextPage"],
        on_click=lambda _: set_cursors(lambda cursors: cursors + (records_page["pageInfo"]["endCursor"],)),
    )
    return newer_button, older_button


@app.cell
def _(client, date_from, date_to, records_filter):
    # Asked for only when clicked (nothing is fetched before), with the filters the records table shows.
    download_button = mo.download(
        data=lambda: client.export_records_csv(records_filter),
        filename=f"records-{date_from}-to-{date_to}.csv", mimetype="text/csv", label="Download CSV",
    )
    return (download_button,)


@app.cell
def _(download_button, get_cursors, newer_button, older_button, page_tabs, records_page, search_box):
    mo.stop(page_tabs.value != "Overview")
    _first = (len(get_cursors()) - 1) * PAGE_SIZE + 1
    _count = len(records_page["nodes"])
    _total = records_page["totalCount"]
    _position = f"{_first:,}–{_first + _count - 1:,} of {_total:,}" if _count else "no records"
    if is_script():
        print(f"records: {_total}")
    _table = mo.ui.table(
        records_table_frame(records_page["nodes"]),
        selection=None, pagination=False, show_search=False, show_download=False,
        show_column_summaries=False, show_data_types=False,
        text_justify_columns={"Amount": "right"}, wrapped_columns=["Description"], style_cell=amount_style,
    )
    mo.vstack([
        mo.md("### Records"),
        mo.hstack([search_box, mo.hstack([newer_button, mo.md(_position), older_button, download_button],
                                         justify="end", align="center", gap=1)],
                  wrap=True, align="center"),
        _table,
    ])
    return


@app.cell
def _(accounts, categories):
    _kinds = {"Expense": "expense", "Income": "income", "Transfer": "transfer"}
    _account_options = account_options(accounts)
    _category_options = {
        f"{row['full_name']} ({row['kind']})": row["category_id"] for row in categories.iter_rows(named=True)
    }
    add_record_form = mo.ui.form(
        mo.md(
            "{kind} {account} {amount} {date}\n\n{payee} {category} {counterpart}\n\n{description}"
        ).batch(
            kind=mo.ui.dropdown(_kinds, value="Expense", label="Kind"),
            account=mo.ui.dropdown(_account_options, label="Account"),
            amount=mo.ui.text(label="Amount", placeholder="12.50"),
            date=mo.ui.date(value=date.today(), label="Date"),
            payee=mo.ui.text(label="Payee"),
            category=mo.ui.dropdown(_category_options, label="Category"),
            counterpart=mo.ui.dropdown(_account_options, label="To account (transfers)"),
            description=mo.ui.text(label="Description", full_width=True),
        ),
        submit_button_label="Add record",
        clear_on_submit=True,
    )
    return (add_record_form,)


@app.cell
def _(add_record_form, client, set_revision):
    _entry = add_record_form.value
    add_record_result = ""
    if _entry:
        _fields = {
            "account_id": _entry["account"], "kind": _entry["kind"], "amount": _entry["amount"].strip(),
            "date": _entry["date"], "payee": _entry["payee"], "description": _entry["description"],
            "category_id": _entry["category"], "counterpart_account_id": _entry["counterpart"],
        }
        try:
            _record = client.create_record(**{_name: _value for _name, _value in _fields.items()
                                              if _value is not None})
        except analytics.ApiError as _failure:
            _where = f" ({_failure.field})" if _failure.field else ""
            add_record_result = mo.callout(mo.md(f"**Not added{_where}:** {_failure.message}"), kind="danger")
        else:
            set_revision(lambda revision: revision + 1)
            add_record_result = mo.callout(
                mo.md(f"Added {signed_amount(_record['kind'], _record['amount'], _record['currency'])} "
                      f"on {_record['date']:%-d %b %Y}."),
                kind="success",
            )
    return (add_record_result,)


@app.cell
def _(add_record_form, add_record_result, page_tabs):
    mo.stop(page_tabs.value != "Overview")
    mo.vstack([mo.md("### Add a record"), add_record_form, add_record_result])
    return


@app.cell
def _():
    # What the last import or undo did (kept apart from the cells, which re-run when the page refreshes).
    get_import_outcome, set_import_outcome = mo.state(None)
    return get_import_outcome, set_import_outcome


@app.cell
def _(accounts, set_import_outcome):
    bank_file = mo.ui.file(
        filetypes=list(bank_imports.UPLOAD_TYPES), kind="area", label="Bank file: CSV, OFX, QFX or QIF",
        on_change=lambda _: set_import_outcome(None),
    )
    import_account = mo.ui.dropdown(account_options(accounts), label="Into account")
    skip_invalid = mo.ui.checkbox(label="Skip invalid rows (import the others)")
    return bank_file, import_account, skip_invalid


@app.cell
def _(client, import_account):
    _presets = client.presets(import_account.value) if import_account.value is not None else {}
    preset_choice = mo.ui.dropdown(sorted(_presets), label="Saved mapping") if _presets else None
    return (preset_choice,)


@app.cell
def _(bank_file, client, import_account, preset_choice):
    upload = (bank_file.name(), bank_file.contents()) if bank_file.value else None
    preset_name = preset_choice.value if preset_choice is not None else None
    # The mapping as detected (or saved): the starting point of the user's corrections.
    detected, detection_problem = previewed(client, upload, import_account.value, preset_name=preset_name)
    return detected, detection_problem, preset_name, upload


@app.cell
def _(detected):
    mapping_form = (
        mapping_editor(detected["mapping"], detected["columns"])
        if detected is not None and detected["mapping"] is not None else None
    )
    return (mapping_form,)


@app.cell
def _(client, detected, get_revision, import_account, mapping_form, preset_name, upload):
    get_revision()  # after an import or an undo, rows change between new and duplicate
    if mapping_form is not None and mapping_form.value:
        import_mapping = bank_imports.corrected_mapping(detected["mapping"], mapping_form.value)
        preview, preview_problem = previewed(client, upload, import_account.value, mapping=import_mapping)
    else:
        import_mapping = None
        preview, preview_problem = previewed(client, upload, import_account.value, preset_name=preset_name)
    return import_mapping, preview, preview_problem


@app.cell
def _(
    client, import_account, import_mapping, preset_name, preview, set_import_outcome, set_revision,
    skip_invalid, upload,
):
    def _import(_value: object) -> None:
        set_import_outcome(imported(client, upload, import_account.value, mapping=import_mapping,
                                    preset_name=None if import_mapping else preset_name,
                                    skip_invalid=skip_invalid.value))
        set_revision(lambda revision: revision + 1)

    import_button = mo.ui.button(label="Import", kind="success", on_click=_import, disabled=preview is None)
    preset_form = mo.ui.text(label="Save this mapping as", placeholder="My bank").form(
        submit_button_label="Save preset", clear_on_submit=True
    )
    return import_button, preset_form


@app.cell
def _(client, import_account, preset_form, preview):
    preset_note = ""
    if preset_form.value and preview is not None and preview["mapping"] is not None:
        try:
            client.save_preset(import_account.value, preset_form.value.strip(), preview["mapping"])
        except analytics.ApiError as _failure:
            preset_note = mo.callout(mo.md(f"**Not saved:** {_failure.message}"), kind="danger")
        else:
            preset_note = mo.callout(mo.md(f"Saved as **{preset_form.value.strip()}**."), kind="success")
    return (preset_note,)


@app.cell
def _(
    bank_file, detection_problem, import_account, import_button, mapping_form, page_tabs, preset_choice,
    preset_form, preset_note, preview, preview_problem, skip_invalid,
):
    mo.stop(page_tabs.value != "Import")
    _problem = preview_problem or detection_problem
    _parts: list[object] = [
        mo.md("## Import a bank file"),
        mo.hstack([bank_file, mo.vstack([import_account, preset_choice or ""])], widths=[2, 1], gap=2),
    ]
    if _problem:
        _parts.append(mo.callout(mo.md(f"**The file cannot be read as it is:** {_problem}"), kind="danger"))
    if preview is not None:
        _notes = "\n".join(f"- {note}" for note in preview["notes"])
        _parts += [
            mo.md(f"### Preview · {preview['fileName']} ({preview['format'].upper()})"),
            mo.md(f"**{bank_imports.counts_sentence(preview['counts'], kept=False)}**"),
            mo.md(f"Columns: {', '.join(preview['columns'])}\n\n{_notes}") if preview["columns"] else "",
        ]
        if mapping_form is not None:
            _parts += [mo.accordion({"Correct the mapping": mapping_form}), preset_form, preset_note]
        _parts += [import_rows_table(preview), mo.hstack([skip_invalid, import_button], justify="start",
                                                         align="center", gap=2)]
    elif not _problem:
        _parts.append(mo.md("_Choose a file and the account it belongs to: the preview shows what each row "
                            "would become before anything is written._"))
    mo.vstack(_parts)
    return


@app.cell
def _(client, get_revision, page_tabs):
    get_revision()
    past_imports = client.imports(first=20) if page_tabs.value == "Import" else None
    return (past_imports,)


@app.cell
def _(client, past_imports, set_import_outcome, set_revision):
    # Apart from the cell that fetches the list: an element's callback never re-runs the cell that made it.
    def _undo(import_id: int) -> None:
        set_import_outcome(undone(client, import_id))
        set_revision(lambda revision: revision + 1)

    undo_buttons = mo.ui.array([
        mo.ui.button(label="Undo", kind="danger", disabled=row["undone"],
                     on_click=lambda _, import_id=row["import_id"]: _undo(import_id))
        for row in (past_imports.iter_rows(named=True) if past_imports is not None else ())
    ])
    return (undo_buttons,)


@app.cell
def _(get_import_outcome, page_tabs, past_imports, undo_buttons):
    mo.stop(page_tabs.value != "Import")
    _lines = [
        mo.hstack([past_import_line(_row), _button], justify="space-between", align="center")
        for _row, _button in zip(past_imports.iter_rows(named=True), undo_buttons)
    ]
    mo.vstack([
        import_outcome_view(get_import_outcome()),
        mo.md("### Past imports"),
        mo.vstack(_lines) if _lines else mo.md("_No imports yet._"),
    ])
    return


@app.cell
def _(base_filter, client, date_from, date_to, get_revision, page_tabs):
    mo.stop(page_tabs.value != "Income statement")
    get_revision()
    _tables = statement.statement_tables(client.income_statement(date_from, date_to, filter=base_filter))
    mo.vstack([
        mo.md(f"## Income statement · {format_range(date_from, date_to)}\n"
              "Income and expense per category and month; refunds lower their category."),
        *(statement_view(_table, _currency) for _currency, _table in _tables.items()),
        "" if _tables else mo.callout(mo.md("No income or expenses in this period."), kind="neutral"),
    ])
    return


@app.cell
def _():
    # The pages that are notebooks of their own (beside this one), embedded under their tabs.
    accounts_page = pages.page_app(PAGE_NOTEBOOKS / "dashboard_accounts.py")
    budgets_page = pages.page_app(PAGE_NOTEBOOKS / "dashboard_budgets.py")
    goals_page = pages.page_app(PAGE_NOTEBOOKS / "dashboard_goals.py")
    net_worth_page = pages.page_app(PAGE_NOTEBOOKS / "dashboard_net_worth.py")
    schedules_page = pages.page_app(PAGE_NOTEBOOKS / "dashboard_schedules.py")
    return accounts_page, budgets_page, goals_page, net_worth_page, schedules_page


@app.cell
async def _(
    accounts, accounts_page, budgets_page, categories, client, get_revision, goals_page, net_worth_page,
    page_tabs, schedules_page, set_revision, set_setup_revision,
):
    # The embedded page on screen. marimo re-runs this cell when an element inside a page changes, so
    # it names every page's app itself.
    _embedded = {
        "Accounts": accounts_page, "Net worth": net_worth_page, "Budgets": budgets_page,
        "Recurring": schedules_page, "Goals": goals_page,
    }
    mo.stop(page_tabs.value not in _embedded)
    _inputs = pages.PageInputs(client, accounts, categories, get_revision(), set_revision, set_setup_revision)
    (await _embedded[page_tabs.value].embed(defs=pages.as_defs(_inputs))).output
    return


if __name__ == "__main__":
    app.run()
