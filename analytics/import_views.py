"""marimo pieces of the dashboard's Import page: the mapping editor, the rows table, what happened."""

from __future__ import annotations

from typing import Any

import marimo as mo

from analytics.charts import EXPENSE_COLOR, INCOME_COLOR
from analytics.date_format import DateFormat
from analytics.imports import DATE_FORMATS, counts_sentence, import_rows_frame

OUTCOME_COLORS = {"New": INCOME_COLOR, "Refused": EXPENSE_COLOR, "Duplicate": "#777777", "Skipped": "#777777"}


def mapping_editor(mapping: dict[str, Any], columns: list[str]) -> mo.ui.form:
    """A form to correct a detected CSV mapping: separators, the date, the amount (one signed column, or
    debit and credit), the text columns and those that say more of a row (its bank id, currency, booking
    status and fee); it submits the corrections only."""
    choices = {"(none)": "", **{column: column for column in columns}}

    def column(name: str, label: str) -> mo.ui.dropdown:
        value = mapping.get(name) if mapping.get(name) in columns else "(none)"
        return mo.ui.dropdown(choices, value=value, label=label)

    delimiters = {"Comma ,": ",", "Semicolon ;": ";", "Tab": "\t", "Pipe |": "|"}
    separators = {"Point .": ".", "Comma ,": ","}
    thousands = {"None": "", "Comma ,": ",", "Point .": ".", "Space": " ", "Apostrophe '": "'"}
    date_formats = dict.fromkeys([mapping["dateFormat"], *DATE_FORMATS])

    # The direction column may be unnamed (""): "(none)" is None there, and the unnamed one is shown so.
    directions: dict[str, str | None] = {"(none)": None, **{
        column or f"(unnamed column {position})": column for position, column in enumerate(columns, start=1)}}
    direction = next((key for key, option in directions.items() if option == mapping.get("directionColumn")),
                     "(none)")

    def pick(label: str, options: dict[str, str], name: str) -> mo.ui.dropdown:
        chosen = next((key for key, option in options.items() if option == mapping[name]), None)
        return mo.ui.dropdown(options, value=chosen, label=label)

    return mo.ui.form(
        mo.md(
            "{delimiter} {decimalSeparator} {thousandsSeparator}\n\n{dateColumn} {dateFormat}\n\n"
            "{amountColumn} {debitColumn} {creditColumn} {negate}\n\n{directionColumn}\n\n"
            "{payeeColumn} {descriptionColumn}\n\n"
            "{externalIdColumn} {currencyColumn} {statusColumn} {feeColumn}"
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
            directionColumn=mo.ui.dropdown(directions, value=direction,
                                           label="Direction (a column saying Af/Bij, S/H, Debit/Credit)"),
            payeeColumn=column("payeeColumn", "Payee"),
            descriptionColumn=column("descriptionColumn", "Description"),
            externalIdColumn=column("externalIdColumn", "Bank's transaction id"),
            currencyColumn=column("currencyColumn", "Currency"),
            statusColumn=column("statusColumn", "Booking status (pending rows skipped)"),
            feeColumn=column("feeColumn", "Fee charged on top"),
        ),
        submit_button_label="Preview with this mapping",
    )


def outcome_style(_row: str, column: str, value: Any) -> dict[str, str]:
    """Each row's outcome in its colour: new green, refused red, duplicates and skipped grey."""
    if column != "Outcome" or value not in OUTCOME_COLORS:
        return {}
    return {"color": OUTCOME_COLORS[value], "fontWeight": "bold"}


def import_rows_table(result: dict[str, Any], dates: DateFormat = DateFormat()) -> mo.ui.table:
    """The rows of a preview or an import, each with its outcome and why; dates as `dates` writes them."""
    return mo.ui.table(
        import_rows_frame(result["rows"]), selection=None, page_size=10, show_search=False,
        show_download=False, show_column_summaries=False, show_data_types=False,
        text_justify_columns={"Amount": "right"}, style_cell=outcome_style,
        format_mapping={"Date": lambda day: "" if day is None else dates.day(day)},
    )


def import_outcome_view(outcome: dict[str, Any] | None, dates: DateFormat = DateFormat()) -> object:
    """What the last import (or undo) did: the counts and each row, or why it failed."""
    if outcome is None:
        return ""
    if "problem" in outcome:
        return mo.callout(mo.md(f"**Not imported:** {outcome['problem']}"), kind="danger")
    if "undone" in outcome:
        return mo.callout(mo.md(f"Undone: the records of **{outcome['undone']['fileName']}** are deleted."),
                          kind="success")
    result = outcome["result"]
    sentence = counts_sentence(result["counts"], kept=result["kept"])
    if not result["kept"]:
        advice = "Nothing was written: correct the mapping, or tick *Skip invalid rows*."
        return mo.vstack([mo.callout(mo.md(f"**{sentence}** {advice}"), kind="danger"),
                          import_rows_table(result, dates)])
    return mo.vstack([mo.callout(mo.md(f"**{sentence}**"), kind="success"), import_rows_table(result, dates)])


def past_import_line(row: dict[str, Any], dates: DateFormat = DateFormat()) -> mo.Html:
    """One past import in words: file, account, when, what it added."""
    state = " · **undone**" if row["undone"] else ""
    return mo.md(
        f"**{row['file_name']}** into {row['account']} · {dates.long_day(row['imported_at'])} "
        f"{row['imported_at']:%H:%M} UTC · "
        f"{row['new']} new, {row['duplicate']} duplicate, {row['refused']} refused{state}"
    )
