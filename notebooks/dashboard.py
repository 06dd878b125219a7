import marimo

__generated_with = "0.25.2"
app = marimo.App(width="medium", app_title="Finance Tracker")

with app.setup:
    # The dashboard: sign in, pick a period, see where the money went. Logic lives in analytics/
    # (plain, tested functions that ad-hoc notebooks use too); cells only wire them to the UI.
    import dataclasses
    import os
    from datetime import date
    from pathlib import Path
    from typing import Any

    import marimo as mo
    import polars as pl

    import analytics
    from analytics import chart_text, charts, ledger_setup, pages, record_form, sign_in_memory
    from analytics import statement
    from analytics import imports as bank_imports
    from analytics.balances import currencies_by_use
    from analytics.client import FinanceClient, RecordFilter
    from analytics.import_views import (
        import_outcome_view,
        import_rows_table,
        mapping_editor,
        past_import_line,
    )
    from analytics.kpis import cards_scope, kpi_values
    from analytics.periods import DEFAULT_RANGE, QUICK_RANGES, previous_period, quick_range
    from analytics.records_table import (
        HIDDEN_COLUMNS,
        account_options,
        amount_style,
        drill_down,
        drill_down_note,
        focus_filter,
        in_currency,
        records_table_frame,
        selected_record,
        selected_rows,
    )
    from analytics.views import (
        chart_renderer_warm_up,
        kpi_cards,
        kpi_rows,
        record_entry_form,
        responsive_grid,
        statement_view,
    )

    PAGE_NOTEBOOKS = Path(__file__).resolve().parent  # the pages that are notebooks of their own
    API_URL_META_KEY = "api_base_url"  # set by api.dashboard.DashboardApp for every request
    API_HEADERS_META_KEY = "api_headers"  # likewise: they tell the API which browser it acts for
    PAGE_SIZE = 25
    PAGES = (  # the tabs, in order
        "Overview", "Accounts", "Import", "Income statement", "Net worth", "Budgets", "Recurring", "Goals",
    )
    TOP_PAYEES = 8


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


@app.function
def chart_picker(
    chart: Any, key: str, get_choice: Any, set_choice: Any, clears: tuple[Any, ...] = (),
) -> mo.ui.altair_chart:
    """A chart whose clicks choose the `key` values of the bars selected (made with that choice shown)."""
    return mo.ui.altair_chart(chart, legend_selection=False, on_change=lambda rows: keep_choice(
        get_choice, set_choice, chart_text.chart_choice(rows, key), clears))


@app.function
def list_picker(
    options: Any, label: str, frame: pl.DataFrame, shown: str, key: str, get_choice: Any, set_choice: Any,
    clears: tuple[Any, ...] = (),
) -> mo.ui.dropdown:
    """A chart's choice made from a labelled list (the keyboard's way), showing the current choice: the
    `shown` column names the options, `key` is what they choose."""
    current = chart_text.chosen_label(frame, shown, key, get_choice())
    if current is not None and isinstance(options, dict):  # months: "December 2025" -> its first day
        current = next((name for name, value in options.items() if value == current), None)

    def choose(picked: Any) -> None:
        keep_choice(get_choice, set_choice, chart_text.picked_choice(frame, shown, key, picked), clears)

    return mo.ui.dropdown(options, value=current, allow_select_none=True, label=label, on_change=choose)


@app.function
def keep_choice(
    get_choice: Any, set_choice: Any, choice: tuple[Any, ...], clears: tuple[Any, ...] = (),
) -> None:
    """Keep a chart's choice when it changed (a chart made with a choice may tell it back, and the page
    must not run again for that); the choices it `clears` (setters) start afresh, as their charts do."""
    if choice != get_choice():
        set_choice(choice)
        for clear in clears:
            clear(())


@app.function
def outcome_with_undo(outcome: dict[str, Any] | None, undo_button: Any) -> object:
    """What the last change to records did, with its Undo beside it while it can be undone."""
    if outcome is None:
        return ""
    callout = mo.callout(mo.md(outcome["text"]), kind=outcome["kind"])
    if not outcome.get("undo"):
        return callout
    return mo.hstack([callout, undo_button], justify="start", align="center", gap=1)


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
def _(get_sign_outs):
    get_sign_outs()
    # A new person creates their account on the same screen (`register`, with the starter categories).
    auth_mode = mo.ui.radio(["Sign in", "Create an account"], value="Sign in", inline=True)
    sign_up_form = mo.ui.form(
        mo.md("{email}\n\n{password}\n\n{repeated}\n\n12 to 128 characters; a few words you will "
              "remember work well.").batch(
            email=mo.ui.text(kind="email", label="Email", placeholder="you@example.com", full_width=True),
            password=mo.ui.text(kind="password", label="Password", full_width=True),
            repeated=mo.ui.text(kind="password", label="Repeat the password", full_width=True),
        ),
        submit_button_label="Create account",
    )
    return auth_mode, sign_up_form


@app.cell
def _():
    # What the sign-in cookie should hold next (analytics.sign_in_memory): the remembered device's token
    # after signing in, nothing after signing out. The device token a reload or new tab brings, used once.
    get_cookie_change, set_cookie_change = mo.state(None)
    _request = mo.app_meta().request
    reload_tokens = [sign_in_memory.kept_device_token(_request.cookies if _request is not None else None)]
    return get_cookie_change, reload_tokens, set_cookie_change


@app.cell
def _(set_cookie_change):
    # The client is made before signing in: setting up its connections takes a moment, better spent
    # while the password is typed. Its tokens live in this session's memory; the remembered device's
    # token goes to an HttpOnly cookie (a reload or a new tab resumes with it into a session of its own).
    base_url = api_base_url()
    api_client = FinanceClient(
        base_url, headers=api_headers(),
        on_device_token=lambda token: set_cookie_change(sign_in_memory.CookieChange(token)),
    ) if base_url else None
    return (api_client,)


@app.cell
def _(get_cookie_change):
    # An invisible image whose response sets (or clears) the cookie: a kernel cannot set one itself.
    _change = get_cookie_change()
    _base_url = api_base_url()
    sign_in_memory.cookie_image(_base_url, api_headers(), _change) if _change and _base_url else None
    return


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
def _(api_client, auth_mode, reload_tokens, set_cookie_change, sign_in_form, sign_up_form):
    _signing_up = auth_mode.value == "Create an account"
    credentials = sign_up_form.value if _signing_up else sign_in_form.value
    if is_script():
        credentials = {"email": os.environ.get("FINTRACK_EMAIL", ""),
                       "password": os.environ.get("FINTRACK_PASSWORD", "")}
    _problem = None
    _user = None
    _kept_token = reload_tokens.pop() if reload_tokens else None
    if api_client is None:
        _problem = "The API's address is unknown: serve with `fintrack serve`, or set FINTRACK_API_URL."
    elif credentials and "repeated" in credentials:
        try:
            _user = ledger_setup.sign_up(api_client, credentials["email"], credentials["password"],
                                         credentials["repeated"])
        except (analytics.ApiError, ledger_setup.SetupProblem) as _failure:
            _problem = f"**Could not create the account.** {_failure.message}"
    elif credentials:
        try:
            _user = api_client.login(credentials["email"], credentials["password"])
        except analytics.ApiError as _failure:
            _problem = f"**Could not sign in.** {_failure.message}"
    elif _kept_token and not is_script():
        try:
            _user = api_client.resume(_kept_token)
        except analytics.ApiError:
            set_cookie_change(sign_in_memory.CookieChange(None))  # expired or revoked: forget it
    client = api_client if _user is not None else None
    signed_in_email = _user["email"] if _user is not None else None
    if _user is None:
        if is_script():
            raise SystemExit(f"Sign-in failed: {_problem or 'set FINTRACK_EMAIL and FINTRACK_PASSWORD'}")
        _error = mo.callout(mo.md(_problem), kind="danger") if _problem else ""
        mo.stop(True, mo.center(mo.vstack([
            mo.md("# Finance Tracker\nSign in to see where your money goes."), auth_mode,
            sign_up_form if _signing_up else sign_in_form, _error,
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
    # categories bumps the second (their lists, the filters and the forms are built again). The setters
    # are bound here, in the dashboard's kernel, once per session: a page's write then runs the
    # dashboard's cells, and the pages get the same functions on every embed (new ones would make
    # marimo run a whole page again on every click in it).
    get_revision, _set_revision = mo.state(0)
    get_setup_revision, _set_setup_revision = mo.state(0)
    set_revision = pages.bound_to_current_kernel(_set_revision)
    set_setup_revision = pages.bound_to_current_kernel(_set_setup_revision)
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
        sorted(accounts["currency"].unique()), value=next(iter(currencies_by_use(accounts)), None),
        label="Charts in",
    )
    return account_choice, category_choice, chart_currency, custom_range, period_choice


@app.cell
def _(account_choice, accounts, category_choice, custom_range, page_tabs, period_choice):
    mo.stop(page_tabs.value not in ("Overview", "Income statement"))  # the pages that use these filters
    _controls = [period_choice, custom_range] if period_choice.value == "Custom" else [period_choice]
    _no_accounts = mo.callout(mo.md(
        "You have no accounts yet: open the **Accounts** tab to add your first one (three short steps)."),
        kind="info")
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
    # A spinner where the figures are while they are fetched, not the old period's numbers alone.
    with mo.status.spinner(title="Loading the figures…"):
        summary = client.summary(date_from, date_to, filter=base_filter, payee_limit=TOP_PAYEES,
                                 parts=("totals", "cash_flow", "categories", "balances", "payees"))
        previous_totals = client.summary(previous_from, previous_to, filter=base_filter,
                                         parts=("totals",)).totals
    return previous_totals, summary


@app.cell
def _(
    clicked_names, date_from, date_to, dates, page_tabs, previous_from, previous_to, previous_totals, summary,
):
    mo.stop(page_tabs.value != "Overview")
    _kpis = kpi_values(summary.totals, previous_totals)
    if is_script():
        for _kpi in _kpis:
            print(f"{_kpi['currency']}: income {_kpi['income']} expense {_kpi['expense']} net {_kpi['net']}")
    _cards = (  # on a phone, one compact row per currency instead of the cards
        mo.vstack([responsive_grid([_card for _kpi in _kpis for _card in kpi_cards(_kpi)], "cards"),
                   kpi_rows(_kpis)]) if _kpis
        else mo.callout(mo.md("No income or expenses in this period."), kind="neutral")
    )
    mo.vstack([
        mo.md(f"## {dates.range(date_from, date_to)}\n"
              f"Compared with the previous period, {dates.range(previous_from, previous_to)}."),
        _cards,
        mo.md(cards_scope(clicked_names)),
    ])
    return


@app.cell
def _(client):
    # What each chart chose, by a click on a bar or from its list (for the keyboard), whichever came last:
    # the chart and its list are both made from it, so each shows the other's choice, and a second click on
    # the chosen bar clears it. Kept for the session: a choice survives a refresh (adding a record, say).
    client
    get_category_choice, set_category_choice = mo.state(())
    get_subcategory_choice, set_subcategory_choice = mo.state(())
    get_month_choice, set_month_choice = mo.state(())
    get_payee_choice, set_payee_choice = mo.state(())
    get_account_choice, set_account_choice = mo.state(())
    # What a new category choice (or a new sub-category, all but the first) clears: the charts below it
    # then show other figures, and start afresh.
    narrower_choices = (set_subcategory_choice, set_month_choice, set_payee_choice)
    return (
        get_account_choice, get_category_choice, get_month_choice, get_payee_choice, get_subcategory_choice,
        narrower_choices, set_account_choice, set_category_choice, set_month_choice, set_payee_choice,
        set_subcategory_choice,
    )


@app.cell
def _(chart_currency, summary):
    spending = in_currency(summary.categories, chart_currency.value).filter(pl.col("kind") == "expense")
    any_spending = not spending.is_empty()
    return any_spending, spending


@app.cell
def _(get_category_choice, narrower_choices, set_category_choice, spending):
    category_picker = chart_picker(charts.category_chart(spending, get_category_choice()), "category_id",
                                   get_category_choice, set_category_choice, narrower_choices)
    return (category_picker,)


@app.cell
def _(get_category_choice, narrower_choices, set_category_choice, spending):
    category_pick = list_picker(chart_text.ranked_options(spending, "category"), "Show category", spending,
                                "category", "category_id", get_category_choice, set_category_choice,
                                narrower_choices)
    return (category_pick,)


@app.cell
def _(get_category_choice, spending):
    _chosen = chart_text.chosen_rows(spending, "category_id", get_category_choice())
    clicked_categories = _chosen["category_id"].unique().to_list() if len(_chosen) else []
    clicked_names = _chosen["category"].unique().sort().to_list() if clicked_categories else []
    return clicked_categories, clicked_names


@app.cell
def _(
    base_filter, categories, chosen_subcategory_ids, client, clicked_categories, date_from, date_to,
    get_revision, summary,
):
    get_revision()
    focus = focus_filter(base_filter, clicked_categories, categories)
    if chosen_subcategory_ids:
        focus = dataclasses.replace(focus, category_ids=chosen_subcategory_ids)
    if clicked_categories:
        focused = client.summary(date_from, date_to, filter=focus, payee_limit=TOP_PAYEES,
                                 parts=("cash_flow", "payees"))
    else:
        focused = summary
    return focus, focused


@app.cell
def _(chart_currency, focused):
    # Clicking a month or a payee narrows the records table, like clicking a category does; the lists
    # beside the charts make the same choices from the keyboard.
    shown_cash_flow = in_currency(focused.cash_flow, chart_currency.value)
    shown_payees = in_currency(focused.payees, chart_currency.value)
    return shown_cash_flow, shown_payees


@app.cell
def _(get_month_choice, set_month_choice, shown_cash_flow):
    month_picker = chart_picker(charts.cash_flow_chart(shown_cash_flow, get_month_choice()), "period_start",
                                get_month_choice, set_month_choice) if len(shown_cash_flow) else None
    return (month_picker,)


@app.cell
def _(get_month_choice, set_month_choice, shown_cash_flow):
    month_pick = list_picker(chart_text.month_options(shown_cash_flow), "Show month", shown_cash_flow,
                             "period_start", "period_start", get_month_choice, set_month_choice)
    return (month_pick,)


@app.cell
def _(get_payee_choice, set_payee_choice, shown_payees):
    payee_picker = chart_picker(charts.payees_chart(shown_payees, get_payee_choice()), "payee",
                                get_payee_choice, set_payee_choice) if len(shown_payees) else None
    return (payee_picker,)


@app.cell
def _(get_payee_choice, set_payee_choice, shown_payees):
    payee_pick = list_picker(chart_text.ranked_options(shown_payees, "payee"), "Show payee", shown_payees,
                             "payee", "payee", get_payee_choice, set_payee_choice)
    return (payee_pick,)


@app.cell
def _(get_month_choice, get_payee_choice, shown_cash_flow, shown_payees):
    _months = chart_text.chosen_rows(shown_cash_flow, "period_start", get_month_choice())
    _payees = chart_text.chosen_rows(shown_payees, "payee", get_payee_choice())
    clicked_months = sorted(set(_months["period_start"].to_list()))
    clicked_payees = sorted(set(_payees["payee"].to_list()))
    return clicked_months, clicked_payees


@app.cell
def _(
    chart_currency, chosen_subcategory_names, clicked_months, clicked_names, clicked_payees, month_pick,
    month_picker, page_tabs, shown_cash_flow,
):
    mo.stop(page_tabs.value != "Overview")
    _shown = ([f"{clicked_names[0]} / {_name}" for _name in chosen_subcategory_names]  # "Food / Groceries"
              if chosen_subcategory_names else clicked_names)
    _note = drill_down_note(_shown, clicked_months, clicked_payees) or (
        "Click a category, a month or a payee (or choose one from the lists) to see only its records "
        "(and a category's spending here).")
    _heading = "### Income and expense per month" + (f" · {', '.join(_shown)} only" if _shown else "")
    mo.vstack([
        mo.hstack([mo.md(_heading), mo.hstack([month_pick, chart_currency], justify="end", gap=1)],
                  align="center", wrap=True),
        month_picker if month_picker is not None else mo.md("_Nothing in this period._"),
        chart_text.chart_as_text("Income and expense per month", chart_text.cash_flow_lines(shown_cash_flow)),
        mo.md(_note),
    ])
    return


@app.cell
def _(chart_currency, clicked_categories, spending, summary):
    # A category chosen alone opens into its sub-categories; one of them (clicked or picked) narrows further.
    _parent = clicked_categories[0] if len(clicked_categories) == 1 else None
    subcategory_split = (chart_text.subcategory_split(summary.subcategories, _parent, chart_currency.value)
                         if _parent is not None else spending.head(0))
    return (subcategory_split,)


@app.cell
def _(get_subcategory_choice, narrower_choices, set_subcategory_choice, subcategory_split):
    subcategory_picker = chart_picker(charts.category_chart(subcategory_split, get_subcategory_choice()),
                                      "category_id", get_subcategory_choice, set_subcategory_choice,
                                      narrower_choices[1:])
    return (subcategory_picker,)


@app.cell
def _(
    clicked_categories, get_subcategory_choice, narrower_choices, set_subcategory_choice, subcategory_split,
):
    _names = (subcategory_split.filter(pl.col("category_id") != clicked_categories[0]) if clicked_categories
              else subcategory_split)
    subcategory_pick = list_picker(chart_text.ranked_options(_names, "category"), "Show sub-category", _names,
                                   "category", "category_id", get_subcategory_choice, set_subcategory_choice,
                                   narrower_choices[1:])
    return (subcategory_pick,)


@app.cell
def _(clicked_names, subcategory_pick, subcategory_picker, subcategory_split):
    subcategory_view = mo.vstack([
        mo.hstack([mo.md(f"#### {clicked_names[0]} by sub-category"), subcategory_pick], align="center",
                  wrap=True),
        subcategory_picker,
        chart_text.chart_as_text(f"{clicked_names[0]} by sub-category",
                                 chart_text.category_lines(subcategory_split)),
    ]) if len(subcategory_split) else ""
    return (subcategory_view,)


@app.cell
def _(clicked_categories, get_subcategory_choice, subcategory_split):
    _rows = chart_text.chosen_rows(subcategory_split, "category_id", get_subcategory_choice())
    chosen_subcategory_ids, chosen_subcategory_names = (
        chart_text.chosen_subcategories(_rows, clicked_categories[0]) if len(_rows) else ((), []))
    return chosen_subcategory_ids, chosen_subcategory_names


@app.cell
def _(
    any_spending, category_pick, category_picker, page_tabs, payee_pick, payee_picker, shown_payees, spending,
    subcategory_view,
):
    mo.stop(page_tabs.value != "Overview")
    _payees_chart = payee_picker if payee_picker is not None else mo.md("_No spending._")
    _categories_chart = category_picker if any_spending else mo.md("_No spending._")
    responsive_grid([
        mo.vstack([
            mo.hstack([mo.md("### Spending by category"), category_pick], align="center", wrap=True),
            _categories_chart,
            chart_text.chart_as_text("Spending by category", chart_text.category_lines(spending)),
            subcategory_view,
        ]),
        mo.vstack([
            mo.hstack([mo.md("### Top payees"), payee_pick], align="center", wrap=True),
            _payees_chart,
            chart_text.chart_as_text("Top payees", chart_text.payee_lines(shown_payees)),
        ]),
    ], "pair")
    return


@app.cell
def _(chart_currency, summary):
    # Clicking an account's line (or its legend entry, or choosing it from the list) narrows the records
    # table to that account, as a month or a payee does.
    shown_balances = in_currency(summary.balances, chart_currency.value)
    return (shown_balances,)


@app.cell
def _(dates, get_account_choice, set_account_choice, shown_balances):
    _chart = charts.balance_chart(shown_balances, dates, get_account_choice())
    account_picker = chart_picker(_chart, "account_id", get_account_choice, set_account_choice) if len(
        shown_balances) else None
    return (account_picker,)


@app.cell
def _(get_account_choice, set_account_choice, shown_balances):
    _names = sorted(set(shown_balances["account"].to_list()))
    account_pick = list_picker(_names, "Show account", shown_balances, "account", "account_id",
                               get_account_choice, set_account_choice)
    return (account_pick,)


@app.cell
def _(get_account_choice, shown_balances):
    _accounts = chart_text.chosen_rows(shown_balances, "account_id", get_account_choice())
    clicked_accounts = sorted(set(_accounts["account_id"].to_list()))
    clicked_account_names = sorted(set(_accounts["account"].to_list()))
    return clicked_account_names, clicked_accounts


@app.cell
def _(account_pick, account_picker, clicked_account_names, dates, page_tabs, shown_balances):
    mo.stop(page_tabs.value != "Overview")
    _note = (f"Records of **{', '.join(clicked_account_names)}** only: click its line again to show every "
             "account's." if clicked_account_names else
             "Click an account's line or legend entry (or choose it from the list) to see only its records.")
    mo.vstack([
        mo.hstack([mo.md("### Balance per account"), account_pick], align="center", wrap=True),
        account_picker if account_picker is not None else mo.md("_No accounts in this currency._"),
        chart_text.chart_as_text("Balance per account", chart_text.balance_lines(shown_balances, dates.day)),
        mo.md(_note),
    ])
    return


@app.cell
def _():
    search_box = mo.ui.text(placeholder="Search payee or description", label="Search", debounce=400)
    return (search_box,)


@app.cell
def _(
    clicked_accounts, clicked_months, clicked_payees, date_from, date_to, focus, get_revision, search_box,
):
    get_revision()
    _searched = dataclasses.replace(
        focus, date_from=date_from, date_to=date_to, search=search_box.value.strip() or None,
        account_ids=tuple(clicked_accounts) or focus.account_ids,
    )
    records_filter = drill_down(_searched, clicked_months, clicked_payees)
    # The cursors of the pages seen so far; a new filter starts again at the newest records.
    get_cursors, set_cursors = mo.state((None,))
    return get_cursors, records_filter, set_cursors


@app.cell
def _(client, get_cursors, records_filter):
    with mo.status.spinner(title="Loading the records…"):
        records_page = client.records_page(records_filter, get_cursors()[-1], first=PAGE_SIZE)
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
def _(client):
    # What the records section remembers for the signed-in session (fresh after signing in again): the
    # selected record (its node, so it stays selected when it moves to another page), what the last add
    # and the last edit did (with the undo on offer), and a counter that empties the add form.
    client
    get_selected, set_selected = mo.state(None)
    get_add_outcome, set_add_outcome = mo.state(None)
    get_edit_outcome, set_edit_outcome = mo.state(None)
    get_add_resets, set_add_resets = mo.state(0)
    return (
        get_add_outcome, get_add_resets, get_edit_outcome, get_selected, set_add_outcome, set_add_resets,
        set_edit_outcome, set_selected,
    )


@app.cell
def _():
    # Amounts are read and shown with the decimal mark of the browser's language (12,50 in German).
    # Dates likewise follow its order of day, month and year (30/11/2026, 11/30/2026, 30.11.2026).
    number_mark = pages.browser_number_mark()
    dates = pages.browser_date_format()
    return dates, number_mark


@app.cell
def _(dates, get_selected, records_page, set_selected):
    # The selected row stays selected when the page is fetched again (after adding a record, say).
    _nodes = records_page["nodes"]
    records_table = mo.ui.table(
        records_table_frame(_nodes), selection="single",
        initial_selection=selected_rows(get_selected(), _nodes),
        hidden_columns=list(HIDDEN_COLUMNS), pagination=False, show_search=False, show_download=False,
        show_column_summaries=False, show_data_types=False, label="Select a record to edit or delete it",
        text_justify_columns={"Amount": "right"}, wrapped_columns=["Description"], style_cell=amount_style,
        format_mapping={"Date": dates.day},
        on_change=lambda rows: set_selected(selected_record(rows, _nodes)),
    )
    return (records_table,)


@app.cell
def _(
    download_button, get_cursors, newer_button, older_button, page_tabs, records_page, records_table,
    search_box,
):
    mo.stop(page_tabs.value != "Overview")
    _first = (len(get_cursors()) - 1) * PAGE_SIZE + 1
    _count = len(records_page["nodes"])
    _total = records_page["totalCount"]
    _position = f"{_first:,}–{_first + _count - 1:,} of {_total:,}" if _count else "no records"
    if is_script():
        print(f"records: {_total}")
    mo.vstack([
        mo.md("### Records"),
        mo.hstack([search_box, mo.hstack([newer_button, mo.md(_position), older_button, download_button],
                                         justify="end", align="center", gap=1)],
                  wrap=True, align="center"),
        records_table,
    ])
    return


@app.cell
def _(get_selected):
    selected = get_selected()
    return (selected,)


@app.cell
def _(accounts, categories, number_mark, selected):
    edit_form = None if selected is None else record_entry_form(
        accounts, categories, record_form.form_values(selected, number_mark), number_mark, "Save changes"
    )
    return (edit_form,)


@app.cell
def _(client, dates, edit_form, number_mark, selected, set_edit_outcome, set_revision, set_selected):
    if edit_form is not None and edit_form.value:
        try:
            _edited = record_form.record_input(edit_form.value, number_mark)
            _changes = record_form.changed_fields(selected, _edited)
            _saved = client.update_record(int(selected["id"]), **_changes) if _changes else selected
        except (record_form.FormProblems, analytics.ApiError) as _failure:
            set_edit_outcome(record_form.refusal("Not saved.", _failure))
        else:
            if _changes:
                set_edit_outcome({
                    "kind": "success", "text": f"Saved: {record_form.node_sentence(_saved, dates)}.",
                    "undo": {"record_id": int(selected["id"]),
                             "fields": record_form.restoring_fields(selected, _changes)},
                })
                set_selected(_saved)
                set_revision(lambda revision: revision + 1)
            else:
                set_edit_outcome({"kind": "neutral", "text": "Nothing changed."})
    return


@app.cell
def _(client, dates, selected, set_edit_outcome, set_revision, set_selected):
    def _delete(_value: object) -> None:
        try:
            client.delete_record(int(selected["id"]))
        except analytics.ApiError as _failure:
            set_edit_outcome(record_form.refusal("Not deleted.", _failure))
            return
        set_edit_outcome({"kind": "success", "text": f"Deleted {record_form.node_sentence(selected, dates)}.",
                          "undo": {"fields": record_form.recreating_fields(selected)}})
        set_selected(None)
        set_revision(lambda revision: revision + 1)

    delete_button = mo.ui.button(label="Delete this record", kind="danger", on_click=_delete,
                                 disabled=selected is None)
    return (delete_button,)


@app.cell
def _(
    client, dates, get_add_outcome, get_edit_outcome, get_selected, set_add_outcome, set_edit_outcome,
    set_revision, set_selected,
):
    def _undo_from(get_outcome: Any, set_outcome: Any) -> Any:
        """The Undo of the change whose outcome (an edit's, a delete's or an addition's) is kept here."""
        def _undo(_value: object) -> None:
            _offer = (get_outcome() or {}).get("undo")
            if _offer is None:
                return
            try:
                _node = record_form.undo_change(client, _offer)
            except analytics.ApiError as _failure:
                set_outcome(record_form.refusal("Not undone.", _failure))
                return
            if _node is None:  # an addition undone: the record is gone
                _text = f"removed {_offer['sentence']}"
                if get_selected() is not None and int(get_selected()["id"]) == _offer["added_id"]:
                    set_selected(None)
            else:
                _text = record_form.node_sentence(_node, dates)
                set_selected(_node)
            set_outcome({"kind": "success", "text": f"Undone: {_text}."})
            set_revision(lambda revision: revision + 1)

        return _undo

    undo_button = mo.ui.button(label="Undo", on_click=_undo_from(get_edit_outcome, set_edit_outcome))
    undo_add_button = mo.ui.button(label="Undo", on_click=_undo_from(get_add_outcome, set_add_outcome))
    return undo_add_button, undo_button


@app.cell
def _(dates, delete_button, edit_form, get_edit_outcome, page_tabs, selected, undo_button):
    mo.stop(page_tabs.value != "Overview")
    _outcome = get_edit_outcome()
    _parts: list[object] = []
    if selected is None:
        _parts.append(mo.md("_Select a record in the table to edit or delete it._"))
    else:
        _parts += [mo.md(f"### Edit the selected record · {record_form.node_sentence(selected, dates)}"),
                   edit_form, delete_button]
    _parts.append(outcome_with_undo(_outcome, undo_button))
    mo.vstack(_parts)
    return


@app.cell
def _(accounts, categories, get_add_resets, number_mark):
    get_add_resets()  # an empty form after each record added; a refused one keeps what was typed
    add_record_form = record_entry_form(accounts, categories, None, number_mark, "Add record")
    return (add_record_form,)


@app.cell
def _(add_record_form, client, dates, number_mark, set_add_outcome, set_add_resets, set_revision):
    if add_record_form.value:
        try:
            _record = client.create_record(**record_form.record_input(add_record_form.value, number_mark))
        except (record_form.FormProblems, analytics.ApiError) as _failure:
            set_add_outcome(record_form.refusal("Not added.", _failure))
        else:
            _sentence = record_form.record_sentence(
                _record["kind"], _record["amount"], _record["currency"], _record["payee"], _record["date"],
                dates,
            )
            set_add_outcome({"kind": "success", "text": f"Added {_sentence}.",
                             "undo": {"added_id": int(_record["id"]), "sentence": _sentence}})
            set_add_resets(lambda resets: resets + 1)
            set_revision(lambda revision: revision + 1)
    return


@app.cell
def _(add_record_form, get_add_outcome, page_tabs, undo_add_button):
    mo.stop(page_tabs.value != "Overview")
    mo.vstack([
        mo.md("### Add a record"), add_record_form, outcome_with_undo(get_add_outcome(), undo_add_button),
    ])
    return


@app.cell
def _():
    # What the last import or undo did (kept apart from the cells, which re-run when the page refreshes).
    get_import_outcome, set_import_outcome = mo.state(None)
    return get_import_outcome, set_import_outcome


@app.cell
def _(accounts, set_import_outcome):
    bank_file = mo.ui.file(
        filetypes=list(bank_imports.UPLOAD_TYPES), kind="area",
        label="Bank file: CSV, Excel, OFX, QFX, QIF, camt or MT940",
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
    detected, detection_problem = bank_imports.previewed(
        client, upload, import_account.value, preset_name=preset_name
    )
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
        _options = {"mapping": import_mapping}
    else:
        import_mapping = None
        _options = {"preset_name": preset_name}
    preview, preview_problem = bank_imports.previewed(client, upload, import_account.value, **_options)
    return import_mapping, preview, preview_problem


@app.cell
def _(
    client, import_account, import_mapping, preset_name, preview, set_import_outcome, set_revision,
    skip_invalid, upload,
):
    def _import(_value: object) -> None:
        set_import_outcome(bank_imports.imported(
            client, upload, import_account.value, mapping=import_mapping,
            preset_name=None if import_mapping else preset_name, skip_invalid=skip_invalid.value,
        ))
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
    bank_file, dates, detection_problem, import_account, import_button, mapping_form, page_tabs,
    preset_choice, preset_form, preset_note, preview, preview_problem, skip_invalid,
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
        _parts += [import_rows_table(preview, dates),
                   mo.hstack([skip_invalid, import_button], justify="start", align="center", gap=2)]
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
        set_import_outcome(bank_imports.undone(client, import_id))
        set_revision(lambda revision: revision + 1)

    undo_buttons = mo.ui.array([
        mo.ui.button(label="Undo", kind="danger", disabled=row["undone"],
                     on_click=lambda _, import_id=row["import_id"]: _undo(import_id))
        for row in (past_imports.iter_rows(named=True) if past_imports is not None else ())
    ])
    return (undo_buttons,)


@app.cell
def _(dates, get_import_outcome, page_tabs, past_imports, undo_buttons):
    mo.stop(page_tabs.value != "Import")
    _lines = [
        mo.hstack([past_import_line(_row, dates), _button], justify="space-between", align="center")
        for _row, _button in zip(past_imports.iter_rows(named=True), undo_buttons)
    ]
    mo.vstack([
        import_outcome_view(get_import_outcome(), dates),
        mo.md("### Past imports"),
        mo.vstack(_lines) if _lines else mo.md("_No imports yet._"),
    ])
    return


@app.cell
def _(base_filter, client, date_from, date_to, get_revision, page_tabs):
    mo.stop(page_tabs.value != "Income statement")
    get_revision()
    statement_tables = statement.statement_tables(
        client.income_statement(date_from, date_to, filter=base_filter))
    # Categories open into their sub-categories when chosen here (closed, they hold their sub-categories').
    _expandable = dict.fromkeys(
        _name for _table in statement_tables.values() for _name in statement.expandable_categories(_table))
    opened_categories = mo.ui.multiselect(list(_expandable), label="Show the sub-categories of")
    return opened_categories, statement_tables


@app.cell
def _(date_from, date_to, dates, opened_categories, page_tabs, statement_tables):
    mo.stop(page_tabs.value != "Income statement")
    mo.vstack([
        mo.md(f"## Income statement · {dates.range(date_from, date_to)}\n"
              "Income and expense per category and month; refunds lower their category."),
        opened_categories if opened_categories.options else "",
        *(statement_view(statement.with_open_categories(_table, opened_categories.value), _currency)
          for _currency, _table in statement_tables.items()),
        "" if statement_tables else mo.callout(mo.md("No income or expenses in this period."),
                                               kind="neutral"),
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
    accounts, accounts_page, budgets_page, categories, client, dates, get_revision, goals_page,
    net_worth_page, number_mark, page_tabs, schedules_page, set_revision, set_setup_revision,
):
    # The embedded page on screen. marimo re-runs this cell when an element inside a page changes, so
    # it names every page's app itself.
    _embedded = {
        "Accounts": accounts_page, "Net worth": net_worth_page, "Budgets": budgets_page,
        "Recurring": schedules_page, "Goals": goals_page,
    }
    mo.stop(page_tabs.value not in _embedded)
    _inputs = pages.PageInputs(client, accounts, categories, get_revision(), set_revision, set_setup_revision,
                               number_mark, dates)
    (await _embedded[page_tabs.value].embed(defs=pages.as_defs(_inputs))).output
    return


if __name__ == "__main__":
    app.run()
