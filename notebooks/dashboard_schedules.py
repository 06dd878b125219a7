import marimo

__generated_with = "0.25.2"
app = marimo.App(width="medium", app_title="Finance Tracker · Recurring")

with app.setup:
    # The dashboard's "Recurring" page.
    # Scheduled records, what is coming up with projected balances, and suggested schedules.
    # notebooks/dashboard.py embeds it and passes the inputs (analytics.pages.PageInputs); run on
    # its own, it signs in from FINTRACK_API_URL, FINTRACK_EMAIL and FINTRACK_PASSWORD.
    # Logic and GraphQL live in analytics.schedules, analytics.schedule_forms and analytics.schedule_charts;
    # the cells wire forms and buttons to them.
    import html
    from datetime import date
    from typing import Any

    import marimo as mo
    import polars as pl

    from analytics import pages, schedule_charts, schedule_forms, schedule_views, schedules
    from analytics.amount_input import amount_example
    from analytics.date_format import DateFormat
    from analytics.errors import ApiError
    from analytics.page_memory import PageMemory, outcome_view, page_memory

    HORIZONS = {"30 days": 30, "90 days": 90}
    SCHEDULES_HELP = (
        "A schedule adds a record on each due date (rent, salary, subscriptions), once, "
        "on the day it falls due. Changing or deleting one leaves the records it already made."
    )


@app.function
def label_of(choices: dict[str, Any], value: Any) -> str | None:
    """The picker label whose option is `value`, if any."""
    return next((label for label, option in choices.items() if option == value and value is not None), None)


@app.function
def schedule_form(
    accounts: pl.DataFrame, categories: pl.DataFrame, start: dict[str, Any], submit_label: str, mark: str
) -> mo.ui.form:
    """The form for a new schedule or a change to one, starting from `start` (schedule_forms.form_values);
    amounts with the user's decimal `mark`."""
    account_choices = schedule_forms.account_choices(accounts)
    category_choices = schedule_forms.category_choices(categories)
    return mo.ui.form(
        mo.Html(schedule_views.form_template()).batch(
            kind=mo.ui.dropdown(list(schedule_forms.KINDS), value=start["kind"], label="Kind",
                                full_width=True),
            payee=mo.ui.text(value=start["payee"], label="Payee", placeholder="Netflix", full_width=True),
            amount=mo.ui.text(value=start["amount"], label="Amount", placeholder=amount_example(mark),
                              full_width=True),
            estimated=mo.ui.checkbox(value=start["estimated"], label="The amount is an estimate"),
            account=mo.ui.dropdown(account_choices, value=label_of(account_choices, start["account"]),
                                   label="Account", full_width=True),
            category=mo.ui.dropdown(category_choices, value=label_of(category_choices, start["category"]),
                                    label="Category (none for transfers)", searchable=True, full_width=True),
            counterpart=mo.ui.dropdown(account_choices, value=label_of(account_choices, start["counterpart"]),
                                       label="To account (transfers only)", full_width=True),
            counterpart_amount=mo.ui.text(value=start["counterpart_amount"], placeholder=amount_example(mark),
                                          label="Arriving (other currency)", full_width=True),
            start_on=mo.ui.date(value=start["start_on"], label="First date", full_width=True),
            every=mo.ui.number(start=1, stop=schedule_forms.MAX_EVERY, step=1, value=start["every"],
                               label="Repeat every", full_width=True),
            unit=mo.ui.dropdown(list(schedule_forms.UNITS), value=start["unit"],
                                label="Weeks, months or years", full_width=True),
            day=mo.ui.dropdown(schedule_forms.day_choices(), value=start["day"],
                               label="Day of the month (monthly)", full_width=True),
            ends=mo.ui.dropdown(list(schedule_forms.ENDS), value=start["ends"], label="Ends",
                                full_width=True),
            end_on=mo.ui.date(value=start["end_on"], label="Last date (ends on a date)", full_width=True),
            count=mo.ui.number(start=1, stop=schedule_forms.MAX_COUNT, step=1, value=start["count"],
                               label="Times (ends after a number)", full_width=True),
            description=mo.ui.text(value=start["description"], label="Description (optional)",
                                   full_width=True),
        ),
        submit_button_label=submit_label,
    )


@app.function
def save_schedule(
    client: Any, values: dict[str, Any] | None, accounts: pl.DataFrame, categories: pl.DataFrame,
    schedule_id: int | None, memory: PageMemory, section: str, dates: DateFormat,
    verbs: tuple[str, str] = ("Saved", "Not saved"), mark: str = ".",
) -> bool:
    """Create (schedule_id None) or change a schedule from the form's values; True when it was saved.

    What happened goes into the page memory, in words: what to fix, or what was saved ("Added" for a new
    one, unless `verbs` say otherwise: ("Restored", "Not restored") for an undone deletion)."""
    if not values:
        return False
    done, refused = verbs
    schedule_input, problems = schedule_forms.schedule_input(values, accounts, categories, mark)
    if schedule_input is None:
        memory.tell(section, f"**{refused}.** " + " · ".join(problems), "danger")
        return False
    try:
        if schedule_id is None:
            saved = schedules.create_schedule(client, schedule_input)
        else:
            saved = schedules.update_schedule(client, schedule_id, schedule_input)
    except ApiError as failure:
        memory.tell(section, f"**{refused}.** {schedule_forms.plain_error(failure)}", "danger")
        return False
    verb = "Added" if schedule_id is None and done == "Saved" else done
    memory.tell(section, f"{verb}: {html.escape(schedules.schedule_summary(saved, dates))}.")
    return True


@app.cell
def _():
    # Replaced by the dashboard's values when embedded: this cell runs only when the page runs alone.
    client, accounts, categories, revision, set_revision, set_setup_revision, number_mark, dates = (
        pages.standalone_inputs())
    return accounts, categories, client, dates, number_mark, revision, set_revision, set_setup_revision


@app.cell
def _(client, revision):
    # Fetched again after every change (the dashboard hands over a new revision).
    revision
    memory = page_memory(client, schedules.ScheduleMemory)
    try:
        schedule_list = schedules.schedules(client)
        suggestion_list = schedules.suggestions(client)
        today = schedules.today(client)  # in the user's time zone: a new schedule's first date
        load_problem = None
    except ApiError as _failure:
        schedule_list = pl.DataFrame(schema=schedules.SCHEDULES_SCHEMA)
        suggestion_list = pl.DataFrame(schema=schedules.SUGGESTIONS_SCHEMA)
        today = date.today()
        load_problem = schedule_forms.plain_error(_failure)
    return load_problem, memory, schedule_list, suggestion_list, today


@app.cell
def _(load_problem):
    mo.vstack([
        mo.md(f"## Recurring\n{SCHEDULES_HELP}"),
        mo.callout(mo.md(f"**The schedules could not be loaded.** {load_problem}"), kind="danger")
        if load_problem else "",
    ])
    return


@app.cell
def _(memory, schedule_list):
    _choices = schedule_views.schedule_choices(schedule_list)
    schedule_picker = mo.ui.dropdown(
        _choices, value=label_of(_choices, memory.schedule_id), label="Schedule to change or delete",
        full_width=True,
    ) if _choices else None
    return (schedule_picker,)


@app.cell
def _(accounts, categories, memory, number_mark, schedule_list, schedule_picker, today):
    # The schedule picked (kept across the page's runs), and a form holding its values.
    memory.schedule_id = schedule_picker.value if schedule_picker is not None else None
    _rows = [_row for _row in schedule_list.iter_rows(named=True)
             if _row["schedule_id"] == memory.schedule_id]
    chosen_schedule = _rows[0] if _rows else None
    edit_form = schedule_form(
        accounts, categories, schedule_forms.form_values(chosen_schedule, today, number_mark), "Save changes",
        number_mark,
    ) if chosen_schedule is not None else None
    return chosen_schedule, edit_form


@app.cell
def _(accounts, categories, chosen_schedule, client, dates, edit_form, memory, number_mark, set_revision):
    if edit_form is not None and edit_form.value and chosen_schedule is not None:
        if save_schedule(client, edit_form.value, accounts, categories, chosen_schedule["schedule_id"],
                         memory, "schedules", dates, mark=number_mark):
            set_revision(pages.bump)
    edited = edit_form.value if edit_form is not None else None
    return (edited,)


@app.cell
def _(chosen_schedule, client, dates, memory, number_mark, set_revision):
    def _delete(_value: object) -> None:
        if chosen_schedule is None:
            return
        try:
            schedules.delete_schedule(client, chosen_schedule["schedule_id"])
        except ApiError as _failure:
            memory.tell("schedules", f"**Not deleted.** {schedule_forms.plain_error(_failure)}", "danger")
        else:
            _what = html.escape(schedules.schedule_summary(chosen_schedule, dates))
            # Undo brings it back from its next date (an ended one has nothing left to bring back).
            memory.tell("schedules", f"Deleted: {_what}. The records it already made stay.",
                        undo=schedule_forms.restoring_values(chosen_schedule, number_mark))
            memory.schedule_id = None
        set_revision(pages.bump)

    delete_button = mo.ui.button(
        label="Delete this schedule", kind="danger", on_click=_delete,
        tooltip="The records it already made stay",
    ) if chosen_schedule is not None else None
    return (delete_button,)


@app.cell
def _(accounts, categories, client, dates, memory, number_mark, set_revision):
    def _undo(_value: object) -> None:
        _values = memory.undo_of("schedules")
        if _values is not None and save_schedule(client, _values, accounts, categories, None, memory,
                                                 "schedules", dates, ("Restored", "Not restored"),
                                                 number_mark):
            set_revision(pages.bump)

    undo_button = mo.ui.button(label="Undo", on_click=_undo) if memory.undo_of("schedules") else None
    return (undo_button,)


@app.cell
def _(
    accounts, chosen_schedule, dates, delete_button, edit_form, edited, memory, schedule_list,
    schedule_picker, undo_button,
):
    edited
    if schedule_list.is_empty():
        _list: object = mo.callout(mo.md(
            "**No schedules yet.** Add one below (rent on the 1st, a salary on the last day of the month, a "
            "subscription every year), or accept one of the suggestions from your history further down."
            if not accounts.is_empty() else
            "**No schedules yet.** A schedule adds its records to an account: add an account on the "
            "*Accounts* page first."
        ), kind="neutral")
    else:
        _list = mo.Html(schedule_views.schedule_cards(schedule_list, dates))
    _change: list[object] = []
    if schedule_picker is not None:
        _change = [schedule_picker]
    if chosen_schedule is not None:
        _change += [edit_form, delete_button]
    _outcome = outcome_view(memory, "schedules")
    mo.vstack([
        mo.md(f"### Your schedules ({len(schedule_list)})"),
        mo.hstack([_outcome, undo_button], justify="start", align="center", gap=1)
        if undo_button is not None else _outcome,
        _list, *_change,
    ])
    return


@app.cell
def _(accounts, categories, number_mark, today):
    create_form = schedule_form(accounts, categories, schedule_forms.form_values(None, today, number_mark),
                                "Add schedule", number_mark)
    return (create_form,)


@app.cell
def _(accounts, categories, client, create_form, dates, memory, number_mark, set_revision):
    if save_schedule(client, create_form.value, accounts, categories, None, memory, "new schedule", dates,
                     mark=number_mark):
        set_revision(pages.bump)
    created = create_form.value
    return (created,)


@app.cell
def _(accounts, create_form, created, memory):
    created
    mo.vstack([
        mo.md("### Add a schedule"),
        outcome_view(memory, "new schedule"),
        create_form if not accounts.is_empty() else mo.md("_Add an account on the *Accounts* page first._"),
    ])
    return


@app.cell
def _():
    horizon = mo.ui.radio(list(HORIZONS), value="30 days", inline=True, label="Show the next")
    return (horizon,)


@app.cell
def _(client, horizon, revision):
    revision
    try:
        coming = schedules.upcoming(client, HORIZONS[horizon.value])
        coming_problem = None
    except ApiError as _failure:
        coming, coming_problem = None, schedule_forms.plain_error(_failure)
    return coming, coming_problem


@app.cell
def _(coming, coming_problem, dates, horizon):
    _parts: list[object] = [mo.md("### Coming up"), horizon]
    if coming is None:
        _parts.append(mo.callout(mo.md(f"**Nothing to show.** {coming_problem}"), kind="danger"))
    elif coming.records.is_empty():
        _parts.append(mo.md(f"_Your schedules add no records in the next {coming.days} days: balances stay "
                            "as they are, apart from records already entered with a later date._"))
    else:
        _sentences = schedule_charts.projected_balance_sentences(coming.balances, dates)
        _changing = schedule_charts.changing_balances(coming.balances)
        _parts += [
            mo.md(f"**The next {coming.days} days:** {schedules.upcoming_totals_sentence(coming.records)}."),
            mo.Html(schedule_views.upcoming_table(coming.records, coming.days, dates)),
            mo.md("#### Projected balance\n"
                  "Today's balance plus the records entered and scheduled, day by day, for the accounts "
                  "whose balance changes."),
            schedule_charts.projected_balance_chart(_changing, dates) if not _changing.is_empty() else "",
            mo.accordion({"The chart in words": mo.md("\n".join(f"- {_line}" for _line in _sentences))}),
        ]
    mo.vstack(_parts)
    return


@app.cell
def _():
    accept_as_estimate = mo.ui.checkbox(
        label="Accept with the amount as an estimate (its records are tagged estimated, to correct later)"
    )
    return (accept_as_estimate,)


@app.cell
def _(accept_as_estimate, client, dates, memory, set_revision, suggestion_list):
    def _answer(row: dict[str, Any], accept: bool) -> None:
        try:
            if accept:
                _schedule = schedules.accept_suggestion(client, row["suggestion_id"],
                                                        accept_as_estimate.value)
            else:
                schedules.dismiss_suggestion(client, row["suggestion_id"])
        except ApiError as _failure:
            memory.tell("suggestions", f"**That did not work.** {schedule_forms.plain_error(_failure)}",
                        "danger")
        else:
            memory.tell("suggestions",
                        f"Scheduled: {html.escape(schedules.schedule_summary(_schedule, dates))}."
                        if accept else f"Dismissed {html.escape(row['payee'])}: it will not come back.")
        set_revision(pages.bump)

    _rows = list(suggestion_list.iter_rows(named=True))
    accept_buttons = mo.ui.array([
        mo.ui.button(label=schedule_views.hidden_words("Accept", row["payee"]), kind="success",
                     tooltip=f"Schedule {row['payee']} from its next date",
                     on_click=lambda _, row=row: _answer(row, True))
        for row in _rows
    ])
    dismiss_buttons = mo.ui.array([
        mo.ui.button(label=schedule_views.hidden_words("Dismiss", row["payee"]),
                     tooltip=f"Never suggest {row['payee']} again",
                     on_click=lambda _, row=row: _answer(row, False))
        for row in _rows
    ])
    return accept_buttons, dismiss_buttons


@app.cell
def _(accept_as_estimate, accept_buttons, dates, dismiss_buttons, memory, suggestion_list):
    _actions = [mo.as_html(_accept).text + mo.as_html(_dismiss).text
                for _accept, _dismiss in zip(accept_buttons, dismiss_buttons)]
    mo.vstack([
        mo.md("### Suggestions from your history\n"
              "Payments to one payee at a similar amount and a regular interval. Accept one to schedule it "
              "from its next date; dismiss it to stop seeing it."),
        outcome_view(memory, "suggestions"),
        accept_as_estimate if _actions else "",
        mo.Html(schedule_views.suggestion_cards(suggestion_list, _actions, dates)) if _actions else mo.md(
            "_No suggestions right now. They appear after at least three payments to one payee at a similar "
            "amount and a regular interval (weekly to yearly), the last one recent; suggestions you accepted "
            "or dismissed do not come back._"
        ),
    ])
    return


if __name__ == "__main__":
    app.run()
