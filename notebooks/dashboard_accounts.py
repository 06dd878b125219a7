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

    import marimo as mo
    import polars as pl

    from analytics import format_money, ledger_setup, pages
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
def deleted_when_confirmed(
    form: mo.ui.form | None, memory: PageMemory, section: str, delete: Callable[[], None],
    done: str,
) -> bool:
    """Delete once the form's "Yes, delete" box was ticked and submitted; the outcome is remembered."""
    if form is None or form.value is None:
        return False
    if not form.value:
        memory.tell(section, f"Tick **Yes, delete this {section}** first.", "danger")
        return False
    try:
        delete()
    except SetupProblem as problem:
        memory.tell(section, f"**Not deleted:** {problem.message}", "danger")
        return False
    memory.tell(section, done)
    return True


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
    client, accounts, categories, revision, set_revision, set_setup_revision = pages.standalone_inputs()
    return accounts, categories, client, revision, set_revision, set_setup_revision


@app.cell
def _(accounts, client, revision):
    # Archived accounts too (the dashboard hands over the active ones); fetched again after every change.
    accounts, revision
    all_accounts = client.accounts(include_archived=True)
    ledger_record_count = ledger_setup.record_count(client)
    memory = page_memory(client, ledger_setup.SetupMemory)
    return all_accounts, ledger_record_count, memory


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
def _(accounts):
    _usual = accounts["currency"].mode().sort().to_list()[:1] if not accounts.is_empty() else []
    _currencies = ledger_setup.currency_options()
    _default_currency = next((label for label, code in _currencies.items() if code in _usual), None)
    add_account_form = mo.ui.form(
        mo.md("{name}\n\n{account_type} {currency}\n\n{opening_balance}").batch(
            name=mo.ui.text(label="Name", placeholder="Main checking", full_width=True),
            account_type=mo.ui.dropdown(ledger_setup.ACCOUNT_TYPES, value="Checking", label="Type"),
            currency=mo.ui.dropdown(_currencies, value=_default_currency, label="Currency", full_width=True),
            opening_balance=mo.ui.text(label="Balance today", placeholder="1250.00"),
        ),
        submit_button_label="Add account",
    )
    return (add_account_form,)


@app.cell
def _(add_account_form, client, memory, set_setup_revision):
    if add_account_form.value:
        _entry = add_account_form.value
        try:
            _account = ledger_setup.create_account(
                client, _entry["name"], _entry["account_type"], _entry["currency"], _entry["opening_balance"]
            )
        except SetupProblem as _problem:
            memory.tell("new account", f"**Not added:** {_problem.message}", "danger")
        else:
            memory.account_id = int(_account["id"])
            _balance = format_money(Decimal(_account["openingBalance"]), _account["currency"])
            memory.tell("new account", f"Added **{_account['name']}** with {_balance}.")
            set_setup_revision(pages.bump)
    added_account = add_account_form.value
    return (added_account,)


@app.cell
def _(all_accounts, memory):
    _choices = ledger_setup.account_choices(all_accounts)
    _chosen = next((label for label, key in _choices.items() if key == memory.account_id),
                   next(iter(_choices), None))
    account_picker = mo.ui.dropdown(_choices, value=_chosen, label="Account to change", full_width=True)
    return (account_picker,)


@app.cell
def _(account_picker, all_accounts, client, memory):
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
                opening_balance=mo.ui.text(value=ledger_setup.amount_text(chosen_account["opening_balance"],
                                                                          chosen_account["currency"]),
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
def _(chosen_account, client, edit_account_form, memory, set_setup_revision):
    if edit_account_form is not None and edit_account_form.value and chosen_account is not None:
        _entry = edit_account_form.value
        try:
            _account = ledger_setup.update_account(
                client, chosen_account["account_id"], chosen_account["currency"], name=_entry["name"],
                account_type=_entry["account_type"], opening_balance=_entry["opening_balance"],
                archived=_entry["archived"], new_currency=_entry["currency"],
            )
        except SetupProblem as _problem:
            memory.tell("account", f"**Not saved:** {_problem.message}", "danger")
        else:
            _state = " It is archived: its records are kept." if _account["archived"] else ""
            memory.tell("account", f"Saved **{_account['name']}**.{_state}")
            set_setup_revision(pages.bump)
    edited_account = edit_account_form.value if edit_account_form is not None else None
    return (edited_account,)


@app.cell
def _(chosen_account, client, delete_account_form, memory, set_revision, set_setup_revision):
    if chosen_account is not None and deleted_when_confirmed(
        delete_account_form, memory, "account",
        lambda: ledger_setup.delete_account(client, chosen_account["account_id"]),
        f"Deleted **{chosen_account['account']}** and its records.",
    ):
        memory.account_id = None
        set_setup_revision(pages.bump)
        set_revision(pages.bump)
    deleted_account = delete_account_form.value if delete_account_form is not None else None
    return (deleted_account,)


@app.cell
def _(
    account_picker, account_warning, add_account_form, added_account, delete_account_form,
    deleted_account, edit_account_form, edited_account, memory,
):
    added_account, edited_account, deleted_account  # noqa: B018 (shown again after each change)
    _change = [mo.md("### Change an account"), outcome_view(memory, "account")]
    if edit_account_form is not None:
        _change += [
            account_picker, edit_account_form,
            mo.accordion({"Delete this account…": mo.vstack([
                mo.callout(mo.md(account_warning), kind="warn"), delete_account_form])}),
        ]
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
def _(add_category_form, categories, client, memory, set_setup_revision):
    if add_category_form.value:
        _entry = add_category_form.value
        # A sub-category takes its parent's kind.
        _kind = ledger_setup.kind_of(categories, _entry["parent"]) if _entry["parent"] else _entry["kind"]
        try:
            _category = ledger_setup.create_category(
                client, _entry["name"], _kind, _entry["parent"], _entry["color"] or None
            )
        except SetupProblem as _problem:
            memory.tell("new category", f"**Not added:** {_problem.message}", "danger")
        else:
            memory.category_id = int(_category["id"])
            memory.tell("new category",
                        f"Added **{_category['fullName']}** ({_category['kind'].lower()}).")
            set_setup_revision(pages.bump)
    added_category = add_category_form.value
    return (added_category,)


@app.cell
def _(categories, memory):
    _choices = ledger_setup.category_choices(categories)
    _chosen = next((label for label, key in _choices.items() if key == memory.category_id),
                   next(iter(_choices), None))
    category_picker = mo.ui.dropdown(_choices, value=_chosen, label="Category to change", full_width=True)
    return (category_picker,)


@app.cell
def _(categories, category_picker, client):
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
def _(chosen_category, client, edit_category_form, memory, set_setup_revision):
    if edit_category_form is not None and edit_category_form.value and chosen_category is not None:
        _entry = edit_category_form.value
        memory.category_id = chosen_category["category_id"]
        try:
            _category = ledger_setup.update_category(
                client, chosen_category["category_id"], name=_entry["name"],
                color=_entry["custom_color"].strip() or _entry["color"] or None, parent_id=_entry["parent"],
            )
        except SetupProblem as _problem:
            memory.tell("category", f"**Not saved:** {_problem.message}", "danger")
        else:
            memory.tell("category", f"Saved **{_category['fullName']}**.")
            set_setup_revision(pages.bump)
    edited_category = edit_category_form.value if edit_category_form is not None else None
    return (edited_category,)


@app.cell
def _(chosen_category, client, delete_category_form, memory, set_revision, set_setup_revision):
    if chosen_category is not None and deleted_when_confirmed(
        delete_category_form, memory, "category",
        lambda: ledger_setup.delete_category(client, chosen_category["category_id"]),
        f"Deleted **{chosen_category['full_name']}**; its records are uncategorized now.",
    ):
        memory.category_id = None
        set_setup_revision(pages.bump)
        set_revision(pages.bump)
    deleted_category = delete_category_form.value if delete_category_form is not None else None
    return (deleted_category,)


@app.cell
def _(
    add_category_form, added_category, category_picker, category_warning, delete_category_form,
    deleted_category, edit_category_form, edited_category, memory,
):
    added_category, edited_category, deleted_category  # noqa: B018 (shown again after each change)
    _change = [mo.md("### Change a category"), outcome_view(memory, "category")]
    if edit_category_form is None:
        _change.append(mo.md("_No categories yet._"))
    else:
        _change += [
            category_picker, edit_category_form,
            mo.accordion({"Delete this category…": mo.vstack([
                mo.callout(mo.md(category_warning), kind="warn"), delete_category_form])}),
        ]
    side_by_side([
        mo.vstack([mo.md("### Add a category"), outcome_view(memory, "new category"), add_category_form,
                   mo.md("_A sub-category takes its parent's kind._")]),
        mo.vstack(_change),
    ])
    return


if __name__ == "__main__":
    app.run()
