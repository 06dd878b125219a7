import marimo

__generated_with = "0.25.2"
app = marimo.App(width="medium", app_title="Finance Tracker · Budgets")

with app.setup:
    # The dashboard's "Budgets" page.
    # Budget against actual per category for a month, progress, projected overspending, editing.
    # notebooks/dashboard.py embeds it and passes the inputs (analytics.pages.PageInputs); run on
    # its own, it signs in from FINTRACK_API_URL, FINTRACK_EMAIL and FINTRACK_PASSWORD.
    from collections.abc import Callable
    from datetime import date

    import marimo as mo
    import polars as pl

    from analytics import budget_charts, budgets, pages
    from analytics.amount_input import amount_example, amount_field_text
    from analytics.balances import currencies_by_use
    from analytics.formatting import format_money
    from analytics.page_memory import page_memory


@app.cell
def _():
    # Replaced by the dashboard's values when embedded: this cell runs only when the page runs alone.
    client, accounts, categories, revision, set_revision, set_setup_revision, number_mark, _dates = (
        pages.standalone_inputs())
    return accounts, categories, client, number_mark, revision, set_revision, set_setup_revision


@app.cell
def _(client, set_revision):
    # A write re-runs every cell of the page: the month shown and what the write did live in the
    # session's memory, so they survive it.
    memory = page_memory(client, budgets.BudgetMemory)
    get_month, set_month = mo.state(memory.month)  # None: this month in the user's time zone
    get_editing, set_editing = mo.state(None)  # the budget id whose editor is open

    def show_month(month: date | None) -> None:
        memory.month = month
        set_editing(None)
        set_month(month)

    def write(action: Callable[[], str]) -> str | None:
        """Run a write: what it did is said once the page ran again, and every page and the overview
        fetch their figures again; or its refusal in words."""
        return memory.write("budgets", action, lambda: set_revision(pages.bump), budgets.BudgetInputError)
    return get_editing, get_month, memory, set_editing, show_month, write


@app.cell
def _(report, show_month):
    _previous, _next = budgets.shift_month(report.month, -1), budgets.shift_month(report.month, 1)
    previous_button = mo.ui.button(
        label=f"← {budgets.short_month_name(_previous)}", on_click=lambda _: show_month(_previous))
    next_button = mo.ui.button(
        label=f"{budgets.short_month_name(_next)} →", on_click=lambda _: show_month(_next))
    this_month_button = mo.ui.button(
        label="This month", on_click=lambda _: show_month(None))
    return next_button, previous_button, this_month_button


@app.cell
def _(client, get_month, revision):
    revision  # fetched again after every write
    report = budgets.month_report(client, get_month())
    return (report,)


@app.cell
def _(memory, revision):
    revision  # what the last write did: shown once, after the page re-ran
    _outcome, deleted = memory.take_outcome("budgets"), memory.deleted
    notice = _outcome[0] if _outcome else None
    memory.deleted = None
    undo_button = mo.ui.button(label="Undo", value=0, on_click=lambda count: count + 1) if deleted else None
    return deleted, notice, undo_button


@app.cell
def _(client, deleted, undo_button, write):
    def _restore() -> str:
        budgets.restore_budget(client, deleted)
        return f"Restored the budget for {deleted['category']}."

    _asked = undo_button is not None and undo_button.value
    undo_problem = write(_restore) if _asked else None
    return (undo_problem,)


@app.cell
def _(next_button, notice, previous_button, report, this_month_button, undo_button, undo_problem):
    _totals = [budgets.total_sentence(row) for row in report.totals.iter_rows(named=True)]
    mo.vstack([
        mo.md(f"## Budgets · {budgets.month_name(report.month)}"),
        mo.hstack([previous_button, this_month_button, next_button], justify="start", wrap=True, gap=0.5),
        mo.md(budgets.month_progress(report)),
        mo.md("\n".join(f"- **{sentence}**" for sentence in _totals)) if _totals else "",
        mo.callout(mo.hstack([mo.md(notice), undo_button or ""], justify="start", align="center", gap=1),
                   kind="success") if notice else "",
        mo.callout(mo.md(f"**Not restored:** {undo_problem}"), kind="danger") if undo_problem else "",
    ])
    return


@app.cell
def _(report):
    _overspending = report.overspending
    if report.lines.is_empty():
        _warning = mo.md(
            f"No budgets for {budgets.month_name(report.month)} yet. A budget says how much you mean to "
            "spend in an expense category each month; this page then compares what you spent with it, "
            "shows how much is left, and warns when the pace of spending would overshoot it. "
            "Set your first budget below."
        )
    elif _overspending.is_empty():
        _warning = mo.callout(mo.md(budgets.on_track_sentence(report)), kind="success")
    else:
        _items = "\n".join(
            f"- {budgets.overspend_sentence(row, report)}" for row in _overspending.iter_rows(named=True))
        _warning = mo.callout(mo.md(f"**Projected overspending**\n\n{_items}"), kind="warn")
    _warning
    return


@app.cell
def _(report):
    mo.stop(report.lines.is_empty())
    _sentences = budgets.chart_text(report.lines)
    _charts = budget_charts.budget_charts(report.lines)
    mo.vstack([
        mo.md("### Budget against spending"),
        mo.Html(budget_charts.legend_html()),
        *[mo.vstack([mo.md(f"**In {currency}**") if len(_charts) > 1 else "", chart])
          for currency, chart in _charts.items()],
        mo.accordion({"The chart as text": mo.md("\n".join(f"- {text}" for text in _sentences))}),
    ])
    return


@app.cell
def _(report, set_editing):
    _ids = report.lines["budget_id"].to_list()
    edit_buttons = mo.ui.array([
        mo.ui.button(label=budget_charts.edit_label(category, currency),
                     on_click=lambda _, budget_id=budget_id: set_editing(budget_id))
        for budget_id, category, currency in zip(_ids, report.lines["category"], report.lines["currency"])
    ])
    return (edit_buttons,)


@app.cell
def _(get_editing, number_mark, report, set_editing):
    # The editor of the budget whose Edit was pressed: amount, rollover, how it applies; delete; cancel.
    _editing = get_editing()
    _lines = report.lines.filter(pl.col("budget_id") == (_editing if _editing is not None else -1))
    editing_line = _lines.row(0, named=True) if not _lines.is_empty() else None
    editor_form = delete_button = cancel_button = None
    if editing_line is not None:
        _currency = editing_line["currency"]
        _rollover = next(label for label, value in budgets.ROLLOVER_CHOICES.items()
                         if value == editing_line["rollover"])
        _repeats = budgets.repeat_choices(report.month)
        _fixed = {"category": [editing_line["category"]], "currency": [_currency]}
        editor_form = mo.md("{amount}\n\n{rollover}\n\n{repeats}").batch(
            amount=mo.ui.text(value=amount_field_text(editing_line["amount"], _currency, number_mark),
                              label=f"Amount per month ({_currency})"),
            rollover=mo.ui.radio(budgets.ROLLOVER_CHOICES, value=_rollover, label="At the end of the month"),
            repeats=mo.ui.radio(_repeats, value=list(_repeats)[0 if editing_line["repeats"] else 1],
                                label="Applies to"),
        ).form(
            submit_button_label="Save changes",
            validate=lambda raw: budgets.form_problem({**(raw or {}), **_fixed}, number_mark),
        )
        delete_button = mo.ui.button(
            label="Delete budget", kind="danger", value=0, on_click=lambda count: count + 1)
        cancel_button = mo.ui.button(label="Cancel", on_click=lambda _: set_editing(None))
    return cancel_button, delete_button, editing_line, editor_form


@app.cell
def _(client, editing_line, editor_form, number_mark, report, write):
    def _save() -> str:
        _values = editor_form.value
        budgets.change_budget(client, editing_line, report.month, amount=_values["amount"],
                              rollover=_values["rollover"], repeats=_values["repeats"], mark=number_mark)
        return f"Saved the budget for {editing_line['category']}."

    _asked = editor_form is not None and editor_form.value
    edit_problem = write(_save) if _asked else None
    return (edit_problem,)


@app.cell
def _(client, delete_button, editing_line, memory, report, write):
    def _delete() -> str:
        budgets.delete_budget(client, editing_line["budget_id"])
        memory.deleted = editing_line  # for Undo
        return f"Deleted the budget for {editing_line['category']} " \
               f"({budgets.budget_scope(editing_line, report.month)})."

    _asked = delete_button is not None and delete_button.value
    delete_problem = write(_delete) if _asked else None
    return (delete_problem,)


@app.cell
def _(
    cancel_button, delete_button, delete_problem, edit_buttons, edit_problem, editing_line, editor_form,
    report,
):
    mo.stop(report.lines.is_empty())

    def _line(index: int, row: dict) -> object:
        _title = f"**{row['category']}** · {row['currency']}"
        if not row["counted_in_total"]:
            _title += " · <small>also counted in its parent's budget</small>"
        _parts = [
            mo.hstack([
                mo.md(_title),
                mo.hstack([mo.Html(f"<span style='white-space: nowrap'>{budgets.percent_text(row)}</span>"),
                           edit_buttons[index]], justify="end", align="center", gap=1),
            ], justify="space-between", align="center", wrap=True),
            mo.Html(budget_charts.progress_bar(row)),
            mo.md(f"{budgets.line_sentence(row)} · "
                  f"projected {format_money(row['projected'], row['currency'])}"),
            mo.md(f"<small>{budgets.budget_terms(row, report.month)}</small>"),
        ]
        if editing_line is not None and row["budget_id"] == editing_line["budget_id"]:
            _problem = edit_problem or delete_problem
            _parts += [
                mo.md(f"**Change the {row['category']} budget**"),
                editor_form,
                mo.md(budgets.delete_consequence(row, report.month)),
                mo.hstack([delete_button, cancel_button], justify="start", gap=1),
                mo.callout(mo.md(_problem), kind="danger") if _problem else "",
            ]
        return mo.vstack(_parts, gap=0.25)

    mo.vstack([
        mo.md("### Each budget"),
        *[_line(index, row) for index, row in enumerate(report.lines.iter_rows(named=True))],
    ], gap=1.25)
    return


@app.cell
def _(accounts, categories, number_mark, report):
    _repeats = budgets.repeat_choices(report.month)
    _currencies = currencies_by_use(accounts)
    new_budget_form = mo.md(
        "{category} {currency}\n\n{amount}\n\n{rollover}\n\n{repeats}"
    ).batch(
        category=mo.ui.dropdown(budgets.expense_categories(categories), label="Category"),
        currency=mo.ui.dropdown(_currencies, value=_currencies[0] if _currencies else None, label="Currency"),
        amount=mo.ui.text(placeholder=amount_example(number_mark), label="Amount per month"),
        rollover=mo.ui.radio(budgets.ROLLOVER_CHOICES, value=list(budgets.ROLLOVER_CHOICES)[0],
                             label="At the end of the month"),
        repeats=mo.ui.radio(_repeats, value=list(_repeats)[0], label="Applies to"),
    ).form(submit_button_label="Set budget", validate=lambda raw: budgets.form_problem(raw, number_mark))
    return (new_budget_form,)


@app.cell
def _(client, new_budget_form, number_mark, report, write):
    def _set() -> str:
        _values = new_budget_form.value
        _budget = budgets.set_budget(
            client, category_id=_values["category"], currency=_values["currency"], month=report.month,
            amount=_values["amount"], rollover=_values["rollover"], repeats=_values["repeats"],
            mark=number_mark,
        )
        return f"Set a budget of {format_money(_budget['amount'], _budget['currency'])} a month " \
               f"for {_budget['category']}."

    new_budget_problem = write(_set) if new_budget_form.value else None
    return (new_budget_problem,)


@app.cell
def _(accounts, new_budget_form, new_budget_problem, report):
    _no_accounts = mo.callout(
        mo.md("A budget counts the spending of one currency: add an account on the **Accounts** page first."),
        kind="info",
    ) if accounts.is_empty() else ""
    mo.vstack([
        mo.md("### Set a budget"),
        mo.md(f"How much you mean to spend in a category each month. A category that has a budget "
              f"already gets the new one from {budgets.month_name(report.month)} on (earlier months keep "
              "theirs), or for that month only."),
        _no_accounts,
        new_budget_form,
        mo.callout(mo.md(f"**Not set:** {new_budget_problem}"), kind="danger") if new_budget_problem else "",
    ])
    return


@app.cell
def _(client, revision):
    revision  # every budget row, whichever month it starts in
    _rows = budgets.budgets(client)
    _table = budgets.budget_rows_markdown(_rows)
    mo.accordion({f"Every budget you set ({len(_rows)})": mo.md(_table)}) if not _rows.is_empty() else None
    return


if __name__ == "__main__":
    app.run()
