"""Which code page single-byte exports are read in: cp1250 where Central European banks write it."""

from __future__ import annotations

import pytest

from api.imports.formats.text_encoding import detect_encoding

WESTERN = [
    "Buchungstag;Empfänger;Betrag\n02.01.2024;Bäckerei Müller Straße;-4,50\n",
    "Dato;Tekst;Beløb\n02.01.2024;Netto København Æblehaven;-234,50\n",
    "Fecha;Concepto;Importe\n02/01/2024;Compra Peña año;-45,67\n",
    "Data;Descrizione;Importo\n02/01/2024;Caffè più città;-1,50\n",
    "Date,Description,Paid out\n02/01/2024,TESCO,£4.50\n",
    "Date;Libellé;Montant\n02/01/2024;Crème brûlée œuvre;-3,10\n",
]


@pytest.mark.parametrize("text", WESTERN)
@pytest.mark.parametrize("currency", [None, "EUR", "DKK"])
def test_western_exports_stay_cp1252(text, currency):
    assert detect_encoding(text.encode("cp1252"), currency if "£" not in text else None) == "cp1252"


def test_a_word_holding_a_symbol_in_cp1252_is_read_as_cp1250_whatever_the_account():
    polish = "Data;Tytuł;Kwota\n2024-01-02;Wpływy - Łódź, Żabka;-12,50\n".encode("cp1250")
    assert detect_encoding(polish) == detect_encoding(polish, "EUR") == "cp1250"


def test_letters_both_pages_have_follow_the_accounts_currency():
    czech = "Datum;Poznámka;Objem\n02.01.2024;Nákup Říčany;-245,50\n".encode("cp1250")
    assert detect_encoding(czech, "CZK") == "cp1250"
    assert detect_encoding(czech, "EUR") == detect_encoding(czech) == "cp1252"


def test_plain_ascii_and_utf8_are_not_taken_for_a_code_page():
    assert detect_encoding(b"Date,Amount\n2024-01-02,-4.50\n", "CZK") == "utf-8"
    assert detect_encoding("Datum;Částka\n02.01.2024;-4,50\n".encode(), "CZK") == "utf-8"
