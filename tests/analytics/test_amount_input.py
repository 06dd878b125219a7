"""The one reading of a typed amount that every dashboard form shares."""

from decimal import Decimal

import pytest

from analytics.amount_input import (
    AmountError,
    amount_example,
    amount_field_text,
    decimal_mark,
    read_amount,
    read_positive_amount,
)


@pytest.mark.parametrize(("header", "mark"), [
    ("de-DE,de;q=0.9,en;q=0.8", ","), ("fr", ","), ("pt-BR", ","), ("en-US,en;q=0.9", "."),
    ("de-CH", "."), ("ja", "."), ("", "."), (None, "."),
])
def test_the_decimal_mark_follows_the_browsers_first_language(header: str | None, mark: str) -> None:
    assert decimal_mark(header) == mark


@pytest.mark.parametrize(("typed", "mark", "currency", "amount"), [
    ("12,50", ",", "EUR", "12.50"), ("12.50", ",", "EUR", "12.50"), ("1.234,50", ",", "EUR", "1234.50"),
    ("1 234,50", ",", "EUR", "1234.50"), ("1\u00a0234,50", ",", "EUR", "1234.50"),
    ("1\u202f234,50", ",", "EUR", "1234.50"), ("−3,5", ",", "EUR", "-3.5"), ("1,25", ",", "EUR", "1.25"),
    ("1.250.000,75", ",", "EUR", "1250000.75"), ("1,250", ",", None, "1.250"),
    ("12.50", ".", "USD", "12.50"), ("1,234.50", ".", "USD", "1234.50"), ("1,250", ".", "USD", "1250"),
    ("12,50", ".", "USD", "12.50"), ("1,250,000", ".", "USD", "1250000"), ("-7", ".", "USD", "-7"),
    ("+7", ".", "USD", "7"), (" 250 ", ".", "USD", "250"), ("1'234.50", ".", "CHF", "1234.50"),
    ("1’234.50", ".", "CHF", "1234.50"),
    ("12 000", ",", "JPY", "12000"), ("1.250", ",", "JPY", "1250"), ("1,250", ".", "JPY", "1250"),
    ("1,250", ",", "KWD", "1.250"), ("1,250", ".", "KWD", "1250"), ("1.250,125", ",", "BHD", "1250.125"),
    ("0,5", ",", "BHD", "0.5"),
])
def test_amounts_are_read_with_the_users_decimal_mark(
    typed: str, mark: str, currency: str | None, amount: str
) -> None:
    assert read_amount(typed, mark, currency) == Decimal(amount)


@pytest.mark.parametrize(("typed", "mark", "currency", "problem"), [
    ("", ",", "EUR", "Enter an amount."), ("  ", ".", None, "Enter an amount."),
    ("twelve", ",", "EUR", "Enter the amount as a number, like 12,50."),
    ("twelve", ".", "EUR", "Enter the amount as a number, like 12.50."),
    ("12,", ",", "EUR", "Enter the amount as a number, like 12,50."),
    ("1.2,3.4", ",", "EUR", "Enter the amount as a number, like 12,50."),
    ("1,25,0", ".", "EUR", "Enter the amount as a number, like 12.50."),
    ("NaN", ".", "EUR", "Enter the amount as a number, like 12.50."),
    ("Infinity", ".", "EUR", "Enter the amount as a number, like 12.50."),
    ("1e3", ".", "EUR", "Enter the amount as a number, like 12.50."),
    ("1,250", ",", "EUR", "EUR amounts have at most 2 decimal places, like 12,50."),
    ("12.505", ".", "EUR", "EUR amounts have at most 2 decimal places, like 12.50."),
    ("12,5", ",", "JPY", "JPY amounts are whole numbers, like 12."),
    ("twelve", ",", "JPY", "Enter the amount as a number, like 12."),
    ("1,2505", ",", "KWD", "KWD amounts have at most 3 decimal places, like 12,500."),
])
def test_an_amount_that_cannot_be_read_says_how_to_write_it(
    typed: str, mark: str, currency: str | None, problem: str
) -> None:
    with pytest.raises(AmountError) as refused:
        read_amount(typed, mark, currency)
    assert str(refused.value) == problem


@pytest.mark.parametrize(("amount", "currency", "mark", "text"), [
    ("-12.5", "EUR", ",", "-12,50"), ("1250.5", "USD", ".", "1250.50"), ("1500", "JPY", ".", "1500"),
    ("1.5", "BHD", ",", "1,500"), ("3000.500", "KWD", ".", "3000.500"),
])
def test_a_form_field_shows_the_currencys_places_with_the_users_mark(
    amount: str, currency: str, mark: str, text: str
) -> None:
    assert amount_field_text(Decimal(amount), currency, mark) == text


@pytest.mark.parametrize(("amount", "currency"), [("1234.5", "EUR"), ("-3", "JPY"), ("0.125", "BHD")])
@pytest.mark.parametrize("mark", [",", "."])
def test_what_a_field_shows_reads_back_as_the_same_amount(amount: str, currency: str, mark: str) -> None:
    assert read_amount(amount_field_text(Decimal(amount), currency, mark), mark, currency) == Decimal(amount)


def test_the_example_is_written_as_the_user_writes_amounts() -> None:
    assert [amount_example(",", "EUR"), amount_example(".", "JPY"), amount_example(",", "BHD")] == [
        "12,50", "12", "12,500"]


@pytest.mark.parametrize(("typed", "mark", "currency", "problem"), [
    ("0", ",", "EUR", "Enter an amount more than zero, like 12,50."),
    ("-5", ".", "JPY", "Enter an amount more than zero, like 12."),
    ("twelve", ".", None, "Enter the amount as a number, like 12.50."),
])
def test_what_must_be_more_than_zero_refuses_zero_and_less(
    typed: str, mark: str, currency: str | None, problem: str
) -> None:
    with pytest.raises(AmountError) as refused:
        read_positive_amount(typed, mark, currency)
    assert str(refused.value) == problem


def test_a_positive_amount_is_read_like_any_other() -> None:
    assert read_positive_amount("1,250", ",", "BHD") == Decimal("1.250")
