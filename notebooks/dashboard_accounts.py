import marimo

__generated_with = "0.25.2"
app = marimo.App(width="medium", app_title="Finance Tracker · Accounts")

with app.setup:
    # The dashboard's "Accounts" page.
    # Accounts and categories: create, rename, archive; the setup flow of a new user.
    # notebooks/dashboard.py embeds it and passes the inputs (analytics.pages.PageInputs); run on
    # its own, it signs in from FINTRACK_API_URL, FINTRACK_EMAIL and FINTRACK_PASSWORD.
    # Logic and GraphQL live in analytics.ledger_setup; the cells wire forms to it.
    import html
    from collections.abc import Callable
    from decimal import Decimal
    from typing import Any

    import marimo as mo
    import polars as pl

    from analytics import format_money, ledger_setup, pages
    from analytics.amount_input import amount_example, amount_field_text
    from analytics.ledger_setup import SetupProblem
    from analytics.page_memory import PageMemory, outcome_view, page_memory

    TOP_LEVEL = "Top level (no parent)"
    AUTOMATIC_COLOR = "Automatic (the parent's, or a free one)"
    KEEP_COLOR = "Keep the colour"
    PAGE_CSS = """<style>
    .fintrack-pair { display: grid; gap: 1rem 2.5rem; align-items: start;
                     grid-template-columns: repeat(auto-fit, minmax(min(100%, 340px), 1fr)); }
    .fintrack-tree, .fintrack-tree ul { list-style: none; margin: 0; padding: 0; }
    .fintrack-tree { columns: 12rem auto; column-gap: 1.5rem; }
    .fintrack-tree > li { break-inside: avoid; padding-bottom: 0.35rem; }
    .fintrack-tree ul { padding-left: 1.5rem; }
    .fintrack-item { display: flex; align-items: center; gap: 0.5rem; padding: 0.1rem 0; }
    .fintrack-swatch { display: inline-block; width: 0.9rem; height: 0.9rem; border-radius: 0.2rem;
                       flex: none; border: 1px solid rgba(0, 0, 0, 0.25); }
    .fintrack-accounts { width: 100%; border-collapse: collapse; }
    .fintrack-accounts th, .fintrack-accounts td { padding: 0.45rem 0.5rem; text-align: left;
                                                   border-bottom: 1px solid rgba(128, 128, 128, 0.3); }
    .fintrack-accounts .fintrack-money { text-align: right; white-space: nowrap; }
    .fintrack-accounts small { display: block; opacity: 0.75; }
    .fintrack-accounts .fintrack-archived { opacity: 0.6; font-style: italic; }
    </style>"""


@app.function
def change_panel(
    heading: str, memory: PageMemory, section: str, picker: mo.ui.dropdown, edit_form: mo.ui.form | None,
    warning: str, delete_form: mo.ui.form | None,
) -> list[object]:
    """The "Change a …" column: its heading and last outcome, then (when there is one to change) the
    picker, the edit form and the delete form behind its warning."""
    panel = [mo.md(f"### {heading}"), outcome_view(memory, section)]
    if edit_form is None:
        return panel
    return panel + [
        picker, edit_form,
        mo.accordion({f"Delete this {section}…": mo.vstack([
            mo.callout(mo.md(warning), kind="warn"), delete_form])}),
    ]


@app.function
def side_by_side(items: list[object]) -> mo.Html:
    """Items next to each other when the screen is wide enough, one above the other on a phone."""
    cells = "".join(f"<div>{mo.as_html(item).text}</div>" for item in items)
    return mo.Html(f"{PAGE_CSS}<div class='fintrack-pair'>{cells}</div>")


@app.function
def tree_view(categories: pl.DataFrame, kind: str) -> mo.Html:
    """One kind's categories as nested lists, each with its colour; top-level groups flow into columns
    when there is room."""
    html_parts = [f"{PAGE_CSS}<ul class='fintrack-tree' aria-label='{kind} categories'>"]
    previous = -1
    for depth, row in ledger_setup.tree_rows(categories, kind):
        if previous < 0:
            html_parts.append("<li>")
        elif depth > previous:  # the first sub-category of the one before
            html_parts.append("<ul><li>")
        else:
            html_parts.append("</li>" + "</ul></li>" * (previous - depth) + "<li>")
        color = row["color"]
        name = html.escape(row["category"])
        html_parts.append(
            f"<span class='fintrack-item'><span class='fintrack-swatch' "
            f"style='background: {html.escape(color)}' role='img' "
            f"aria-label='colour {html.escape(ledger_setup.color_label(color) or color)}'></span>"
            f"{name if depth else f'<strong>{name}</strong>'}</span>"
        )
        previous = depth
    if previous < 0:
        html_parts.append("<li><em>None yet.</em>")
        previous = 0
    html_parts.append("</li>" + "</ul></li>" * previous + "</ul>")
    return mo.Html("".join(html_parts))


@app.function
def accounts_view(table: pl.DataFrame) -> mo.Html:
    """The accounts as a compact table (type and currency under the name, so it fits a phone)."""
    rows = "".join(
        f"<tr class='{'fintrack-archived' if row['Status'] == 'Archived' else ''}'>"
        f"<td>{html.escape(row['Account'])}<small>{row['Type']} · {row['Currency']}</small></td>"
        f"<td class='fintrack-money'>{row['Balance']}</td><td>{row['Status']}</td></tr>"
        for row in table.iter_rows(named=True)
    )
    return mo.Html(
        f"{PAGE_CSS}<table class='fintrack-accounts'><caption style='position: absolute; width: 1px; "
        "height: 1px; overflow: hidden; clip: rect(0 0 0 0)'>Your accounts</caption>"
        "<thead><tr><th scope='col'>Account</th>"
        f"<th scope='col' class='fintrack-money'>Balance</th><th scope='col'>Status</th></tr></thead>"
        f"<tbody>{rows}</tbody></table>"
    )


@app.cell
def _():
    # Replaced by the dashboard's values when embedded: this cell runs only when the page runs alone.
    client, accounts, categories, revision, set_revision, set_setup_revision, number_mark, _dates = (
        pages.standalone_inputs())
    return accounts, categories, client, number_mark, revision, set_revision, set_setup_revision


@app.cell
def _(accounts, client, revision):
    # Archived accounts too (the dashboard hands over the active ones); fetched again after every change.
    accounts, revision
    all_accounts = client.accounts(include_archived=True)
    ledger_record_count = ledger_setup.record_count(client)
    memory = page_memory(client, ledger_setup.SetupMemory)
    memory.refreshed()
    return all_accounts, ledger_record_count, memory


@app.cell
def _(memory, set_revision, set_setup_revision):
    def write_submitted(
        form: mo.ui.form | None, section: str, refused: str, action: Callable[[Any], str],
    ) -> Any:
        """Once the form is submitted, run a write with its value that says what it did: remember that and
        fetch the dashboard's accounts and categories again; or remember its refusal ("**Not saved:** …").
        The form's value, for the view to show the outcome again when it changes."""
        value = None if form is None else form.value
        if value:
            refusal = memory.write(section, lambda: action(value), lambda: set_setup_revision(pages.bump),
                                   SetupProblem, shown_once_refreshed=True)
            if refusal is not None:
                memory.tell(section, f"**{refused}:** {refusal}", "danger")
        return value

    def delete_when_confirmed(form: mo.ui.form | None, section: str, delete: Callable[[], str]) -> Any:
        """`write_submitted` for a delete form: only once its "Yes, delete" box was ticked, and the records
        are fetched again too (they lose their account or category)."""
        def deleted(_confirmed: bool) -> str:
            done = delete()
            set_revision(pages.bump)
            return done

        if form is not None and form.value is False:
            memory.tell(section, f"Tick **Yes, delete this {section}** first.", "danger")
        return write_submitted(form, section, "Not deleted", deleted)
    return delete_when_confirmed, write_submitted


@app.cell
def _(all_accounts, ledger_record_count):
    # The first visit: a short guide until the first record is in.
    _has_account = not all_accounts.is_empty()
    _first = "✓ *Done:* **Add your first account**" if _has_account else "**Add your first account** below"
    mo.callout(mo.md(
        "### Welcome! Three steps to get started\n"
        f"1. {_first}: its name, type, currency and what it holds today.\n"
        "2. **Pick or add categories**: a starter set is ready below; rename, recolour, nest or delete "
        "them, or add your own.\n"
        "3. **Import a bank file** on the *Import* tab, **or add a record** on the *Overview* tab."
    ), kind="info") if ledger_record_count == 0 else None
    return


@app.cell
def _(all_accounts):
    _frame = ledger_setup.accounts_table(all_accounts)
    _table = accounts_view(_frame) if not _frame.is_empty() else mo.md("_No accounts yet._")
    mo.vstack([mo.md("## Accounts"), _table])
    return


@app.cell
def _(accounts, number_mark):
    _usual = accounts["currency"].mode().sort().to_list()[:1] if not accounts.is_empty() else []
    _currencies = ledger_setup.currency_options()
    _default_currency = next((label for label, code in _currencies.items() if code in _usual), None)
    add_account_form = mo.ui.form(
        mo.md("{name}\n\n{account_type} {currency}\n\n{opening_balance}").batch(
            name=mo.ui.text(label="Name", placeholder="Main checking", full_width=True),
            account_type=mo.ui.dropdown(ledger_setup.ACCOUNT_TYPES, value="Checking", label="Type"),
            currency=mo.ui.dropdown(_currencies, value=_default_currency, label="Currency", full_width=True),
            opening_balance=mo.ui.text(label="Balance today", placeholder=amount_example(number_mark)),
        ),
        submit_button_label="Add account",
    )
    return (add_account_form,)


@app.cell
def _(add_account_form, client, memory, number_mark, write_submitted):
    def _add(entry: dict[str, Any]) -> str:
        account = ledger_setup.create_account(
            client, entry["name"], entry["account_type"], entry["currency"], entry["opening_balance"],
            number_mark,
        )
        memory.account_id = int(account["id"])
        balance = format_money(Decimal(account["openingBalance"]), account["currency"])
        return f"Added **{account['name']}** with {balance}."

    added_account = write_submitted(add_account_form, "new account", "Not added", _add)
    return (added_account,)


@app.cell
def _(all_accounts, memory):
    _choices = ledger_setup.account_choices(all_accounts)
    _chosen = next((label for label, key in _choices.items() if key == memory.account_id),
                   next(iter(_choices), None))
    account_picker = mo.ui.dropdown(_choices, value=_chosen, label="Account to change", full_width=True)
    return (account_picker,)


@app.cell
def _(account_picker, all_accounts, client, memory, number_mark):
    memory.account_id = account_picker.value
    chosen_account = next(
        (row for row in all_accounts.iter_rows(named=True) if row["account_id"] == account_picker.value), None
    )
    edit_account_form = delete_account_form = None
    account_warning = ""
    if chosen_account is not None:
        _types = {value: label for label, value in ledger_setup.ACCOUNT_TYPES.items()}
        edit_account_form = mo.ui.form(
            mo.md("{name}\n\n{account_type} {currency}\n\n{opening_balance}\n\n{archived}").batch(
                name=mo.ui.text(value=chosen_account["account"], label="Name", full_width=True),
                account_type=mo.ui.dropdown(ledger_setup.ACCOUNT_TYPES, label="Type",
                                            value=_types[chosen_account["type"].upper()]),
                currency=mo.ui.dropdown(ledger_setup.currency_options(chosen_account["currency"]),
                                        value=ledger_setup.currency_label(chosen_account["currency"]),
                                        label="Currency (while it has no records)"),
                opening_balance=mo.ui.text(value=amount_field_text(chosen_account["opening_balance"],
                                                                   chosen_account["currency"], number_mark),
                                           label="Opening balance"),
                archived=mo.ui.checkbox(value=chosen_account["archived"],
                                        label="Archived: hidden from lists and forms, its records kept"),
            ),
            submit_button_label="Save changes",
        )
        _records = ledger_setup.record_count(client, account_id=chosen_account["account_id"])
        account_warning = ledger_setup.account_deletion_warning(chosen_account["account"], _records)
        delete_account_form = mo.ui.checkbox(label="Yes, delete this account").form(
            submit_button_label="Delete account", bordered=False,
        )
    return account_warning, chosen_account, delete_account_form, edit_account_form


@app.cell
def _(chosen_account, client, edit_account_form, number_mark, write_submitted):
    def _save(entry: dict[str, Any]) -> str:
        account = ledger_setup.update_account(
            client, chosen_account["account_id"], chosen_account["currency"], name=entry["name"],
            account_type=entry["account_type"], opening_balance=entry["opening_balance"],
            archived=entry["archived"], new_currency=entry["currency"], mark=number_mark,
        )
        state = " It is archived: its records are kept." if account["archived"] else ""
        return f"Saved **{account['name']}**.{state}"

    edited_account = write_submitted(edit_account_form, "account", "Not saved", _save)
    return (edited_account,)


@app.cell
def _(chosen_account, client, delete_account_form, delete_when_confirmed, memory):
    def _delete() -> str:
        ledger_setup.delete_account(client, chosen_account["account_id"])
        memory.account_id = None
        return f"Deleted **{chosen_account['account']}** and its records."

    deleted_account = delete_when_confirmed(delete_account_form, "account", _delete)
    return (deleted_account,)


@app.cell
def _(
    account_picker, account_warning, add_account_form, added_account, delete_account_form,
    deleted_account, edit_account_form, edited_account, memory,
):
    added_account, edited_account, deleted_account  # noqa: B018 (shown again after each change)
    _change = change_panel("Change an account", memory, "account", account_picker, edit_account_form,
                           account_warning, delete_account_form)
    side_by_side([
        mo.vstack([mo.md("### Add an account"), outcome_view(memory, "new account"), add_account_form]),
        mo.vstack(_change) if len(_change) > 2 else outcome_view(memory, "account"),
    ])
    return


@app.cell
def _(categories):
    mo.vstack([
        mo.md("## Categories\nA record's category says what the money was for; sub-categories add up "
              "into their parent in the charts and the income statement."),
        side_by_side([
            mo.vstack([mo.md("### Expense"), tree_view(categories, "expense")]),
            mo.vstack([mo.md("### Income"), tree_view(categories, "income")]),
        ]),
    ])
    return


@app.cell
def _(categories):
    _colors = {AUTOMATIC_COLOR: "", **ledger_setup.COLORS}
    add_category_form = mo.ui.form(
        mo.md("{name}\n\n{kind} {parent}\n\n{color}").batch(
            name=mo.ui.text(label="Name", placeholder="Pets", full_width=True),
            kind=mo.ui.dropdown({"Expense": "EXPENSE", "Income": "INCOME"}, value="Expense", label="Kind"),
            parent=mo.ui.dropdown({TOP_LEVEL: None, **ledger_setup.category_choices(categories)},
                                  value=TOP_LEVEL, label="Under", full_width=True),
            color=mo.ui.dropdown(_colors, value=AUTOMATIC_COLOR, label="Colour", full_width=True),
        ),
        submit_button_label="Add category",
    )
    return (add_category_form,)


@app.cell
def _(add_category_form, categories, client, memory, write_submitted):
    def _add(entry: dict[str, Any]) -> str:
        # A sub-category takes its parent's kind.
        kind = ledger_setup.kind_of(categories, entry["parent"]) if entry["parent"] else entry["kind"]
        category = ledger_setup.create_category(client, entry["name"], kind, entry["parent"],
                                                entry["color"] or None)
        memory.category_id = int(category["id"])
        return f"Added **{category['fullName']}** ({category['kind'].lower()})."

    added_category = write_submitted(add_category_form, "new category", "Not added", _add)
    return (added_category,)


@app.cell
def _(categories, memory):
    _choices = ledger_setup.category_choices(categories)
    _chosen = next((label for label, key in _choices.items() if key == memory.category_id),
                   next(iter(_choices), None))
    category_picker = mo.ui.dropdown(_choices, value=_chosen, label="Category to change", full_width=True)
    return (category_picker,)


@app.cell
def _(categories, category_picker, client, memory):
    memory.category_id = category_picker.value
    chosen_category = next(
        (row for row in categories.iter_rows(named=True) if row["category_id"] == category_picker.value), None
    )
    edit_category_form = delete_category_form = None
    category_warning = ""
    if chosen_category is not None:
        _parents = ledger_setup.parent_choices(categories, chosen_category["category_id"])
        _parent = next((label for label, key in _parents.items()
                        if key == chosen_category["parent_category_id"]), TOP_LEVEL)
        _colors = {KEEP_COLOR: "", **ledger_setup.COLORS}
        edit_category_form = mo.ui.form(
            mo.md("{name}\n\n{parent}\n\n{color} {custom_color}").batch(
                name=mo.ui.text(value=chosen_category["category"], label="Name", full_width=True),
                parent=mo.ui.dropdown({TOP_LEVEL: None, **_parents}, value=_parent, label="Under",
                                      full_width=True),
                color=mo.ui.dropdown(_colors, value=KEEP_COLOR, label="Colour"),
                custom_color=mo.ui.text(label="or your own colour", placeholder="#3366cc"),
            ),
            submit_button_label="Save category",
        )
        category_warning = ledger_setup.category_deletion_warning(
            categories, chosen_category["category_id"],
            ledger_setup.record_count(client, category_id=chosen_category["category_id"]),
        )
        delete_category_form = mo.ui.checkbox(label="Yes, delete this category").form(
            submit_button_label="Delete category", bordered=False,
        )
    return category_warning, chosen_category, delete_category_form, edit_category_form


@app.cell
def _(chosen_category, client, edit_category_form, memory, write_submitted):
    def _save(entry: dict[str, Any]) -> str:
        memory.category_id = chosen_category["category_id"]
        category = ledger_setup.update_category(
            client, chosen_category["category_id"], name=entry["name"],
            color=entry["custom_color"].strip() or entry["color"] or None, parent_id=entry["parent"],
        )
        return f"Saved **{category['fullName']}**."

    edited_category = write_submitted(edit_category_form, "category", "Not saved", _save)
    return (edited_category,)


@app.cell
def _(chosen_category, client, delete_category_form, delete_when_confirmed, memory):
    def _delete() -> str:
        ledger_setup.delete_category(client, chosen_category["category_id"])
        memory.category_id = None
        return f"Deleted **{chosen_category['full_name']}**; its records are uncategorized now."

    deleted_category = delete_when_confirmed(delete_category_form, "category", _delete)
    return (deleted_category,)


@app.cell
def _(
    add_category_form, added_category, category_picker, category_warning, delete_category_form,
    deleted_category, edit_category_form, edited_category, memory,
):
    added_category, edited_category, deleted_category  # noqa: B018 (shown again after each change)
    _change = change_panel("Change a category", memory, "category", category_picker, edit_category_form,
                           category_warning, delete_category_form)
    if edit_category_form is None:
        _change.append(mo.md("_No categories yet._"))
    side_by_side([
        mo.vstack([mo.md("### Add a category"), outcome_view(memory, "new category"), add_category_form,
                   mo.md("_A sub-category takes its parent's kind._")]),
        mo.vstack(_change),
    ])
    return


if __name__ == "__main__":
    app.run()
