"""The import service: every outcome, duplicates counted, all or nothing, rules, refunds, undo."""

from __future__ import annotations

import pytest

from api.imports.models import RowOutcome
from api.imports.parsed import RowProblem
from api.ledger.models import RecordKind
from tests.accounts.operations import create_account
from tests.imports.import_runner import Actions, Importer, PayeeRules, csv_file, row
from tests.ledger.conftest import Ledger
from tests.records.operations import category_id, create_record

EMAIL = "alice@example.com"


@pytest.fixture
def importer(client, settings) -> Importer:
    return Importer(settings)


@pytest.fixture
def checking(alice) -> dict:
    return create_account(alice, "Checking")


def outcomes(outcome) -> list[tuple[int, RowOutcome]]:
    return [(result.line, result.outcome) for result in outcome.rows]


COFFEE = row(2, "2026-03-02", "-3.50", "Coffee Corner", "card 1234")
STATEMENT = csv_file(
    row(2, "2026-03-01", "2500.00", "ACME Corp", "Salary March"),
    row(3, "2026-03-02", "-3.50", "Coffee Corner", "card 1234"),
    row(4, "2026-03-02", "-3.50", "Coffee Corner", "card 1234"),
    row(5, "2026-03-03", "-42.10", "Grocer", ""),
)


def test_new_rows_become_income_and_expenses(importer, checking, settings):
    outcome = importer.import_file(EMAIL, checking["id"], STATEMENT)
    assert outcome.kept and outcome.import_id is not None
    assert (outcome.counts.new, outcome.counts.duplicate, outcome.counts.refused) == (4, 0, 0)
    records = importer.records(checking["id"])
    assert [(record.kind, record.amount_minor) for record in records] == [
        (RecordKind.INCOME, 250000), (RecordKind.EXPENSE, 350), (RecordKind.EXPENSE, 350),
        (RecordKind.EXPENSE, 4210),
    ]
    assert [result.record_id for result in outcome.rows] == [record.id for record in records]
    assert Ledger(settings).rollup_differences() == []


def test_a_row_without_a_payee_takes_its_description_as_the_payee_and_stays_known(importer, checking):
    """Nordea leaves a card purchase's name column empty and names the shop in the description."""
    statement = csv_file(row(2, "2026-03-02", "-3.50", "", "Card purchase Coffee Corner"),
                         row(3, "2026-03-03", "-9.00", "Bakery", "Card purchase"))
    importer.import_file(EMAIL, checking["id"], statement)
    assert [(r.payee, r.description) for r in importer.records(checking["id"])] == [
        ("Card purchase Coffee Corner", ""), ("Bakery", "Card purchase"),
    ]
    assert importer.import_file(EMAIL, checking["id"], statement).counts.duplicate == 2


def test_reimporting_the_same_file_adds_nothing_and_names_the_records(importer, checking):
    first = importer.import_file(EMAIL, checking["id"], STATEMENT)
    again = importer.import_file(EMAIL, checking["id"], STATEMENT)
    assert again.kept and again.counts.new == 0 and again.counts.duplicate == 4
    assert [result.record_id for result in again.rows] == [result.record_id for result in first.rows]
    assert len(importer.records(checking["id"])) == 4


def test_two_identical_coffees_are_both_kept_and_a_third_later_adds_one(importer, checking):
    importer.import_file(EMAIL, checking["id"], csv_file(COFFEE, row(3, *_coffee_fields())))
    assert len(importer.records(checking["id"])) == 2
    three = csv_file(COFFEE, row(3, *_coffee_fields()), row(4, *_coffee_fields()))
    outcome = importer.import_file(EMAIL, checking["id"], three)
    assert outcomes(outcome) == [(2, RowOutcome.DUPLICATE), (3, RowOutcome.DUPLICATE), (4, RowOutcome.NEW)]
    assert len(importer.records(checking["id"])) == 3


def _coffee_fields() -> tuple[str, str, str, str]:
    return ("2026-03-02", "-3.50", "  coffee   CORNER ", "Card 1234")  # normalised: the same content


def test_an_overlapping_export_adds_exactly_the_new_rows(importer, checking):
    importer.import_file(EMAIL, checking["id"], STATEMENT)
    overlapping = csv_file(
        row(2, "2026-03-02", "-3.50", "Coffee Corner", "card 1234"),
        row(3, "2026-03-02", "-3.50", "Coffee Corner", "card 1234"),
        row(4, "2026-03-03", "-42.10", "Grocer", ""),
        row(5, "2026-03-04", "-9.99", "Streaming", ""),
        row(6, "2026-03-05", "-3.50", "Coffee Corner", "card 1234"),
    )
    outcome = importer.import_file(EMAIL, checking["id"], overlapping)
    assert [line for line, kind in outcomes(outcome) if kind is RowOutcome.NEW] == [5, 6]
    assert len(importer.records(checking["id"])) == 6


def test_occurrences_are_counted_across_batches(importer, checking):
    coffees = csv_file(*[row(line, *_coffee_fields()) for line in range(2, 9)])
    assert importer.import_file(EMAIL, checking["id"], coffees, batch_rows=3).counts.new == 7
    again = importer.import_file(EMAIL, checking["id"], coffees, batch_rows=2)
    assert again.counts.duplicate == 7 and again.counts.new == 0


def test_occurrences_across_batches_count_after_an_undone_import_too(importer, alice, checking):
    # No kept import into the account: this import's own earlier batches are still looked up.
    importer.undo(EMAIL, importer.import_file(EMAIL, checking["id"], STATEMENT).import_id)
    create_record(alice, checking, kind="EXPENSE", amount="3.50", date="2026-03-02", payee="Coffee Corner",
                  description="card 1234")
    coffees = [row(line, *_coffee_fields()) for line in range(2, 6)]
    outcome = importer.import_file(EMAIL, checking["id"], csv_file(*coffees[:3]), batch_rows=1)
    assert [kind for _, kind in outcomes(outcome)] == [RowOutcome.DUPLICATE, RowOutcome.NEW, RowOutcome.NEW]
    again = importer.import_file(EMAIL, checking["id"], csv_file(*coffees), batch_rows=3)
    assert [kind for _, kind in outcomes(again)] == [RowOutcome.DUPLICATE] * 3 + [RowOutcome.NEW]


def test_bank_ids_decide_when_given_whatever_the_content(importer, checking):
    first = csv_file(row(2, "2026-03-02", "-3.50", "Coffee", external_id="T1"),
                     row(3, "2026-03-02", "-3.50", "Coffee", external_id="T2"))
    importer.import_file(EMAIL, checking["id"], first)
    # The bank rewrote the payee of T1 in a later export: still the same transaction; T3 is new.
    later = csv_file(row(2, "2026-03-02", "-3.50", "COFFEE CORNER LTD", external_id="T1"),
                     row(3, "2026-03-02", "-3.50", "Coffee", external_id="T3"))
    outcome = importer.import_file(EMAIL, checking["id"], later)
    assert outcomes(outcome) == [(2, RowOutcome.DUPLICATE), (3, RowOutcome.NEW)]


def test_bank_ids_are_per_account(importer, alice, checking):
    savings = create_account(alice, "Savings")
    statement = csv_file(row(2, "2026-03-02", "-3.50", "Coffee", external_id="T1"))
    importer.import_file(EMAIL, checking["id"], statement)
    assert importer.import_file(EMAIL, savings["id"], statement).counts.new == 1


def test_a_record_typed_by_hand_counts_as_known(importer, alice, checking):
    create_record(alice, checking, kind="EXPENSE", amount="42.10", date="2026-03-03", payee="grocer")
    outcome = importer.import_file(EMAIL, checking["id"], STATEMENT)
    assert outcome.counts.duplicate == 1 and outcome.rows[3].outcome is RowOutcome.DUPLICATE


def test_refused_rows_keep_nothing_by_default(importer, checking, settings):
    ledger = Ledger(settings)
    importer.import_file(EMAIL, checking["id"], csv_file(row(2, "2026-02-01", "-1.00", "Before")))
    bad = csv_file(
        row(2, "2026-03-01", "2500.00", "ACME Corp"),
        RowProblem(3, "Amount", "'12,3x' is not an amount"),
        row(4, "2026-03-02", "-3.50", "Coffee", currency="USD"),
        row(5, "2026-03-02", "-3.505", "Coffee"),
        row(6, "2026-03-02", "0.00", "Balance"),
    )
    outcome = importer.import_file(EMAIL, checking["id"], bad, batch_rows=2)
    assert not outcome.kept and outcome.import_id is None
    assert outcomes(outcome) == [(2, RowOutcome.NEW), (3, RowOutcome.REFUSED), (4, RowOutcome.REFUSED),
                                 (5, RowOutcome.REFUSED), (6, RowOutcome.SKIPPED)]
    refused = [(result.column, result.reason) for result in outcome.rows
               if result.outcome is RowOutcome.REFUSED]
    assert refused[0] == ("Amount", "'12,3x' is not an amount")
    assert refused[1][0] == "currency" and "USD" in refused[1][1]
    assert refused[2] == ("amount", "EUR amounts have at most 2 decimal places")
    assert len(importer.records(checking["id"])) == 1
    assert ledger.rollup_differences() == []


def test_skip_invalid_writes_the_good_rows_and_lists_the_rest(importer, checking):
    bad = csv_file(row(2, "2026-03-01", "2500.00", "ACME Corp"),
                   RowProblem(3, "Date", "'31.02.2026' is no date"))
    outcome = importer.import_file(EMAIL, checking["id"], bad, skip_invalid=True)
    assert outcome.kept and (outcome.counts.new, outcome.counts.refused) == (1, 1)
    assert len(importer.records(checking["id"])) == 1


def test_rules_set_category_tags_and_payee_and_credits_in_expense_categories_are_refunds(
    importer, alice, checking
):
    groceries = int(category_id(alice, "Food / Groceries"))
    salary = int(category_id(alice, "Salary"))
    rules = PayeeRules([("grocer", Actions(1, groceries, ["food"], "The Grocer")),
                        ("acme", Actions(2, salary))])
    statement = csv_file(row(2, "2026-03-01", "2500.00", "ACME Corp"),
                         row(3, "2026-03-03", "-42.10", "Grocer"),
                         row(4, "2026-03-04", "12.00", "GROCER refund"))
    importer.import_file(EMAIL, checking["id"], statement, rules)
    records = importer.records(checking["id"])
    assert [(r.kind, r.amount_minor, r.category_id, r.payee, r.tag_names) for r in records] == [
        (RecordKind.INCOME, 250000, salary, "ACME Corp", []),
        (RecordKind.EXPENSE, 4210, groceries, "The Grocer", ["food"]),
        (RecordKind.EXPENSE, -1200, groceries, "The Grocer", ["food"]),
    ]
    # The cleaned-up payee does not hide the rows from the next import of the same file.
    assert importer.import_file(EMAIL, checking["id"], statement, rules).counts.duplicate == 3


def test_money_out_put_in_an_income_category_is_refused_naming_the_rule(importer, alice, checking):
    rules = PayeeRules([("acme", Actions(7, int(category_id(alice, "Salary"))))])
    statement = csv_file(row(2, "2026-03-01", "-5.00", "ACME"))
    outcome = importer.import_file(EMAIL, checking["id"], statement, rules)
    (result,) = outcome.rows
    assert result.outcome is RowOutcome.REFUSED and result.column == "category"
    assert "rule 7" in (result.reason or "")


def test_rows_of_one_rule_on_one_day_keep_their_own_amounts_and_texts(importer, alice, checking):
    groceries = int(category_id(alice, "Food / Groceries"))
    rules = PayeeRules([("grocer", Actions(1, groceries, ["food"]))])
    long_payee = "Grocer " + "x" * 192 + " tail"  # cut at 200 characters, right after a space
    statement = csv_file(row(2, "2026-03-03", "-42.10", "Grocer North", "card 1"),
                         row(3, "2026-03-03", "-1.05", "grocer south", "card 2"),
                         row(4, "2026-03-03", "12.00", "GROCER refund", "returned"),
                         row(5, "2026-03-03", "-2.00", long_payee))
    importer.import_file(EMAIL, checking["id"], statement, rules)
    records = importer.records(checking["id"])
    stored = [(r.kind, r.amount_minor, r.payee, r.description, r.category_id, r.tag_names) for r in records]
    assert stored == [
        (RecordKind.EXPENSE, 4210, "Grocer North", "card 1", groceries, ["food"]),
        (RecordKind.EXPENSE, 105, "grocer south", "card 2", groceries, ["food"]),
        (RecordKind.EXPENSE, -1200, "GROCER refund", "returned", groceries, ["food"]),
        (RecordKind.EXPENSE, 200, long_payee[:199], "", groceries, ["food"]),
    ]


def test_every_row_a_rule_puts_in_the_wrong_category_is_refused(importer, alice, checking):
    rules = PayeeRules([("acme", Actions(7, int(category_id(alice, "Salary"))))])
    statement = csv_file(row(2, "2026-03-01", "-5.00", "ACME"), row(3, "2026-03-01", "-6.00", "ACME shop"),
                         row(4, "2026-03-01", "7.00", "ACME"))
    outcome = importer.import_file(EMAIL, checking["id"], statement, rules, skip_invalid=True)
    assert outcomes(outcome) == [(2, RowOutcome.REFUSED), (3, RowOutcome.REFUSED), (4, RowOutcome.NEW)]
    assert all("rule 7" in (result.reason or "") for result in outcome.rows[:2])
    assert [record.amount_minor for record in importer.records(checking["id"])] == [700]


def test_preview_answers_what_the_import_would_and_writes_nothing(importer, checking):
    preview = importer.import_file(EMAIL, checking["id"], STATEMENT, dry_run=True)
    assert not preview.kept and preview.counts.new == 4
    assert importer.records(checking["id"]) == []
    assert outcomes(importer.import_file(EMAIL, checking["id"], STATEMENT)) == outcomes(preview)


def test_undo_deletes_exactly_the_records_of_the_import(importer, alice, checking, settings):
    typed = create_record(alice, checking, kind="EXPENSE", amount="1.00", date="2026-03-09", payee="typed")
    first = importer.import_file(EMAIL, checking["id"], csv_file(row(2, "2026-03-01", "-3.50", "Coffee")))
    second = importer.import_file(EMAIL, checking["id"], STATEMENT)
    importer.undo(EMAIL, second.import_id)
    remaining = {record.id for record in importer.records(checking["id"])}
    assert remaining == {int(typed["id"]), first.rows[0].record_id}
    assert Ledger(settings).rollup_differences() == []
    # Undone rows are forgotten: importing the file again brings them back.
    assert importer.import_file(EMAIL, checking["id"], STATEMENT).counts.new == 4


def test_listed_rows_are_capped_with_refused_rows_listed_beyond(importer, checking):
    statement = csv_file(*[row(line, "2026-03-01", f"-{line}.00", "Shop") for line in range(2, 12)],
                         RowProblem(12, None, "ragged row"))
    outcome = importer.import_file(EMAIL, checking["id"], statement, listed_rows=3)
    assert [result.line for result in outcome.rows] == [2, 3, 4, 12] and outcome.rows_truncated
