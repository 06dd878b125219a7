import marimo

__generated_with = "0.25.2"
app = marimo.App(width="medium", app_title="Finance Tracker · Goals")

with app.setup:
    # The dashboard's "Goals" page.
    # Savings goals: progress, the monthly amount still needed, whether the pace is enough.
    # notebooks/dashboard.py embeds it and passes the inputs (analytics.pages.PageInputs); run on
    # its own, it signs in from FINTRACK_API_URL, FINTRACK_EMAIL and FINTRACK_PASSWORD.
    import html
    from collections.abc import Callable
    from datetime import date, timedelta
    from typing import Any

    import marimo as mo
    import polars as pl

    import analytics
    from analytics import goal_history, goals, pages
    from analytics.amount_input import AmountError, amount_example, amount_field_text, read_positive_amount
    from analytics.date_format import DateFormat
    from analytics.figures import described_chart

    GOAL_CSS = """<style>
    .fintrack-goals { display: grid; gap: 0.75rem; margin-top: 0.5rem;
                      grid-template-columns: repeat(auto-fill, minmax(min(100%, 280px), 1fr)); }
    .fintrack-goal { border: 1px solid var(--slate-6, #d0d0d0); border-left-width: 6px; border-radius: 6px;
                     padding: 0.6rem 0.8rem; display: grid; gap: 0.25rem; font-size: 0.9rem; }
    .fintrack-goal-on-track { border-left-color: ON_TRACK; }
    .fintrack-goal-reached { border-left-color: REACHED; }
    .fintrack-goal-behind { border-left-color: BEHIND; }
    .fintrack-goal-head { display: flex; justify-content: space-between; gap: 0.5rem; flex-wrap: wrap; }
    .fintrack-goal-account { color: var(--slate-11, #555555); }
    .fintrack-goal-bar { height: 0.75rem; border-radius: 0.375rem; background: #e4e4e4; overflow: hidden; }
    .fintrack-goal-bar > div { height: 100%; background: ON_TRACK; }
    .fintrack-goal-reached .fintrack-goal-bar > div { background: REACHED; }
    .fintrack-goal-behind .fintrack-goal-bar > div { background: BEHIND; }
    .fintrack-goal-needed { font-weight: 600; }
    </style>""".replace("ON_TRACK", goals.ON_TRACK_COLOR).replace("REACHED", goals.REACHED_COLOR).replace(
        "BEHIND", goals.BEHIND_COLOR
    )


@app.function
def goal_card(goal: dict[str, Any], today: date, dates: DateFormat) -> mo.Html:
    """One goal: what and where (its date as `dates` writes it), a progress bar, the monthly amount still
    needed, the pace in words."""
    currency = goal["currency"]
    share = "" if goal["share_percent"] == 100 else f" ({goal['share_percent']}% of its balance)"
    status = "reached" if goal["remaining"] == 0 else ("on-track" if goal["pace_enough"] else "behind")
    saved_amount = analytics.format_money(goal["current"], currency)
    target = analytics.format_money(goal["target"], currency)
    return mo.Html(
        f"<div class='fintrack-goal fintrack-goal-{status}'>"
        f"<div class='fintrack-goal-head'><strong>{html.escape(goal['name'])}</strong>"
        f"<span>{target} by {dates.long_day(goal['target_date'])}</span></div>"
        f"<div class='fintrack-goal-account'>{html.escape(goal['account'])}{share}</div>"
        f"<div class='fintrack-goal-bar' role='progressbar' aria-valuemin='0' aria-valuemax='100' "
        f"aria-valuenow='{goal['percent_reached']:.1f}' "
        f"aria-label='{html.escape(goals.progress_sentence(goal, dates), quote=True)}'>"
        f"<div style='width: {min(goal['percent_reached'], 100):.1f}%'></div></div>"
        f"<div>{saved_amount} saved · {goal['percent_reached']:.1f}%</div>"
        f"<div class='fintrack-goal-needed'>{goals.needed_sentence(goal, today)}</div>"
        f"<div class='fintrack-goal-pace'>{goals.pace_sentence(goal, today)}</div></div>"
    )


@app.function
def goal_form(accounts: pl.DataFrame, goal: dict[str, Any] | None, submit: str, mark: str) -> mo.ui.form:
    """The goal form, empty or filled with a goal's fields (amounts with the user's decimal `mark`)."""
    a_year_from_now = date.today().replace(day=1).replace(year=date.today().year + 1) - timedelta(days=1)
    options = {
        f"{row['account']} ({row['currency']})": row["account_id"] for row in accounts.iter_rows(named=True)
    }
    account = next((label for label, key in options.items() if goal and key == goal["account_id"]), None)
    return mo.ui.form(
        mo.md("{name} {account}\n\n{target} {target_date} {share}").batch(
            name=mo.ui.text(label="Name", value=goal["name"] if goal else "", placeholder="New bike"),
            account=mo.ui.dropdown(options, value=account, label="Account"),
            target=mo.ui.text(
                label="Target amount", placeholder=amount_example(mark),
                value=amount_field_text(goal["target"], goal["currency"], mark) if goal else "",
            ),
            target_date=mo.ui.date(
                label="Target date", value=goal["target_date"] if goal else a_year_from_now
            ),
            # A text field: marimo's number field names its input with the label's HTML as aria-label.
            share=mo.ui.text(label="Share of the balance (%)",
                             value=str(goal["share_percent"]) if goal else "100"),
        ),
        submit_button_label=submit,
    )


@app.function
def goal_fields(entry: dict[str, Any], accounts: pl.DataFrame, mark: str) -> dict[str, Any]:
    """What the form holds as the goal's fields (the target read with the user's decimal `mark` and checked
    against the account's currency); ValueError with a plain sentence for what cannot be sent."""
    if entry["account"] is None:
        raise ValueError("Choose an account.")
    currency = accounts.filter(pl.col("account_id") == entry["account"])["currency"]
    try:
        target = read_positive_amount(entry["target"], mark, currency[0] if len(currency) else None)
    except AmountError as problem:
        raise ValueError(f"Target amount: {problem}") from None
    share = entry["share"].strip().removesuffix("%").strip()
    if not share.isdigit():
        raise ValueError("Share of the balance: a whole number of percent, from 1 to 100.")
    return {"name": entry["name"], "account_id": entry["account"], "target": target,
            "target_date": entry["target_date"], "share_percent": int(share)}


@app.function
def problem_callout(heading: str, problem: str) -> mo.Html:
    """A refusal in red: "Not added: Target amount: must be more than zero" (as text, never as markup)."""
    return mo.callout(mo.Html(f"<strong>{heading}:</strong> {html.escape(problem)}"), kind="danger")


@app.function
def saved(write: Any, set_local_revision: Any) -> str | None:
    """Run a write; on success this page fetches its goals again. The problem in words, or None.

    A goal changes no record nor account, so the dashboard's revision stays: bumping it would run the
    whole page again and lose the notice (and its undo) of what was just done.
    """
    try:
        write()
    except ValueError as problem:
        return str(problem)
    except analytics.ApiError as failure:
        return goals.problem_sentence(failure)
    set_local_revision(pages.bump)
    return None


@app.function
def goal_written(
    write: Callable[[], dict[str, Any]], verb: str, set_local_revision: Any, set_notice: Any,
) -> str | None:
    """`saved` for a write that returns the goal: the notice says what was done to it ("Added the goal
    …"). The problem in words, or None."""
    goal: dict[str, Any] = {}
    problem = saved(lambda: goal.update(write()), set_local_revision)
    if problem is None:
        set_notice({"done": (verb, goal["name"])})
    return problem


@app.cell
def _():
    # Replaced by the dashboard's values when embedded: this cell runs only when the page runs alone.
    client, accounts, categories, revision, set_revision, set_setup_revision, number_mark, dates = (
        pages.standalone_inputs())
    return accounts, categories, client, dates, number_mark, revision, set_revision, set_setup_revision


@app.cell
def _():
    # This page's own writes (a page run alone has no dashboard to refresh it).
    get_local_revision, set_local_revision = mo.state(0)
    # What the last write did: {"done": (verb, goal name)} ({"deleted": goal} too, for an undo), or
    # {"problem": sentence}.
    get_notice, set_notice = mo.state(None)
    return get_local_revision, get_notice, set_local_revision, set_notice


@app.cell
def _(client, get_local_revision, revision):
    get_local_revision()
    today = goals.user_today(client)  # the day the API measured the goals at
    goal_list = goals.goals_frame(client)
    return goal_list, today


@app.cell
def _(dates, goal_list, today):
    _intro = mo.md(
        "## Goals\nWhat you are saving for: the part of an account's balance that counts towards each "
        "goal, what is still needed each month to reach it on time, and whether the last three months' "
        "pace is enough."
    )
    if goal_list.is_empty():
        _body = mo.callout(mo.md("No goals yet. Add one below: a name, a target amount and date, and the "
                                 "account (or the share of it) that saves for it."), kind="neutral")
    else:
        _rows = list(goal_list.iter_rows(named=True))
        _sentences = [f"{goals.progress_sentence(_goal, dates)}. {goals.pace_sentence(_goal, today)}"
                      for _goal in _rows]
        _chart = described_chart(goals.progress_chart(goal_list, today, dates), "Progress towards each goal",
                                 _sentences)
        _cards = "".join(goal_card(_goal, today, dates).text for _goal in _rows)
        _body = mo.vstack([_chart, mo.Html(f"{GOAL_CSS}<div class='fintrack-goals'>{_cards}</div>")])
    mo.vstack([_intro, _body])
    return


@app.cell
def _(client, get_notice, set_local_revision, set_notice):
    def _undo(_value: object) -> None:
        _goal = get_notice()["deleted"]
        _names = ("name", "account_id", "target", "target_date", "share_percent")
        _fields = {_name: _goal[_name] for _name in _names}
        _problem = goal_written(lambda: goals.create_goal(client, **_fields), "Restored", set_local_revision,
                                set_notice)
        if _problem:
            set_notice({"problem": _problem})

    _notice = get_notice() or {}
    undo_button = mo.ui.button(label="Undo", on_click=_undo) if "deleted" in _notice else None
    return (undo_button,)


@app.cell
def _(get_notice, undo_button):
    _notice = get_notice() or {}
    if "problem" in _notice:
        mo.output.replace(problem_callout("Not saved", _notice["problem"]))
    elif "done" in _notice:
        _verb, _name = _notice["done"]
        _sentence = mo.Html(f"{_verb} the goal <strong>{html.escape(_name)}</strong>.")
        _line = mo.hstack([_sentence, undo_button or ""], justify="start", align="center", gap=1)
        mo.output.replace(mo.callout(_line, kind="success"))
    return


@app.cell
def _(goal_list):
    _choices = goals.goal_choices(goal_list)
    history_picker = mo.ui.dropdown(_choices, value=next(iter(_choices), None), label="Show the history of")
    return (history_picker,)


@app.cell
def _(client, dates, goal_list, history_picker, today):
    mo.stop(goal_list.is_empty() or history_picker.value is None)
    _goal = goal_list.filter(pl.col("goal_id") == history_picker.value).row(0, named=True)
    _history = goal_history.goal_history(client, _goal, today)
    mo.vstack([
        mo.md("### Over time"),
        history_picker,
        described_chart(
            goal_history.history_chart(_history, _goal, dates),
            f"{_goal['name']}: saved at each month end, and the paths to "
            f"{dates.long_day(_goal['target_date'])}",
            goal_history.history_sentences(_history, _goal, dates),
        ),
    ])
    return


@app.cell
def _(accounts, get_local_revision, number_mark):
    get_local_revision()  # an empty form again once a goal is written; kept as typed when refused
    new_goal_form = goal_form(accounts, None, "Add goal", number_mark)
    return (new_goal_form,)


@app.cell
def _(accounts, client, new_goal_form, number_mark, set_local_revision, set_notice):
    new_goal_problem = goal_written(
        lambda: goals.create_goal(client, **goal_fields(new_goal_form.value, accounts, number_mark)), "Added",
        set_local_revision, set_notice,
    ) if new_goal_form.value else None
    return (new_goal_problem,)


@app.cell
def _(accounts, new_goal_form, new_goal_problem):
    if accounts.is_empty():
        _form = mo.callout(mo.md("A goal saves in an account: add an account on the Accounts tab first."),
                           kind="neutral")
    else:
        _form = new_goal_form
    mo.vstack([
        mo.md("### Add a goal"),
        _form,
        problem_callout("Not added", new_goal_problem) if new_goal_problem else "",
    ])
    return


@app.cell
def _(goal_list):
    goal_picker = mo.ui.dropdown(goals.goal_choices(goal_list), label="Goal")
    return (goal_picker,)


@app.cell
def _(accounts, goal_list, goal_picker, number_mark):
    picked_goal = (
        goal_list.filter(pl.col("goal_id") == goal_picker.value).row(0, named=True)
        if goal_picker.value is not None else None
    )
    edit_goal_form = goal_form(accounts, picked_goal, "Save changes", number_mark) if picked_goal else None
    return edit_goal_form, picked_goal


@app.cell
def _(client, picked_goal, set_local_revision, set_notice):
    def _delete(_value: object) -> None:
        _goal = picked_goal
        _problem = saved(lambda: goals.delete_goal(client, _goal["goal_id"]),
                         set_local_revision)
        _done = {"done": ("Deleted", _goal["name"]), "deleted": _goal}
        set_notice({"problem": _problem} if _problem else _done)

    delete_button = mo.ui.button(label="Delete goal", kind="danger", on_click=_delete,
                                 disabled=picked_goal is None)
    return (delete_button,)


@app.cell
def _(accounts, client, edit_goal_form, number_mark, picked_goal, set_local_revision, set_notice):
    edit_goal_problem = goal_written(
        lambda: goals.update_goal(client, picked_goal["goal_id"],
                                  **goal_fields(edit_goal_form.value, accounts, number_mark)),
        "Saved", set_local_revision, set_notice,
    ) if edit_goal_form is not None and edit_goal_form.value else None
    return (edit_goal_problem,)


@app.cell
def _(delete_button, edit_goal_form, edit_goal_problem, goal_list, goal_picker):
    mo.stop(goal_list.is_empty())
    _problem = edit_goal_problem
    mo.vstack([
        mo.md("### Change or delete a goal"),
        mo.hstack([goal_picker, delete_button], justify="start", align="end", gap=1, wrap=True),
        edit_goal_form if edit_goal_form is not None else mo.md("_Choose a goal to change it._"),
        problem_callout("Not saved", _problem) if _problem else "",
    ])
    return


if __name__ == "__main__":
    app.run()
