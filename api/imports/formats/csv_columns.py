"""What a CSV header cell means, in the languages of the banks users bring: EN (with the abbreviations of
Indian banks' statements), DE, FR, NL, ES."""

from __future__ import annotations

import re
import unicodedata

# Most specific role first: "Debit amount" is a debit column before it is an amount column.
ROLE_WORDS: dict[str, tuple[str, ...]] = {
    "date": (
        "date", "datum", "buchungstag", "buchungsdatum", "buchung", "transaction date", "booking date",
        "posting date", "posted date", "trans date", "txn date", "tran date", "date operation",
        "date de l'operation", "date d'operation", "date comptable", "fecha", "fecha operacion",
        "fecha de operacion", "transactiedatum", "boekdatum", "boekingsdatum",
    ),
    "value_date": (
        "valuta", "valutadatum", "wertstellung", "value date", "value dt", "date de valeur", "date valeur",
        "fecha valor", "rentedatum",
    ),
    "debit": (
        "debit", "debit amount", "debits", "soll", "paid out", "money out", "withdrawal", "withdrawals",
        "ausgang", "belastung", "lastschrift", "cargo", "cargos", "afschrijving", "dr",
    ),
    "credit": (
        "credit", "credit amount", "credits", "haben", "paid in", "money in", "deposit", "deposits",
        "eingang", "gutschrift", "abono", "abonos", "bijschrijving", "cr",
    ),
    "amount": (
        "amount", "betrag", "umsatz", "montant", "bedrag", "importe", "transaction amount", "value", "sum",
    ),
    "payee": (
        "payee", "name", "empfanger", "auftraggeber", "zahlungsempfanger", "auftraggeber/empfanger",
        "auftraggeber / empfanger", "empfanger/zahlungspflichtiger", "begunstigter/zahlungspflichtiger",
        "beguenstigter/zahlungspflichtiger", "name zahlungsbeteiligter", "beneficiary", "counterparty",
        "merchant", "beneficiaire", "tiers", "naam", "tegenpartij", "naam tegenpartij", "beneficiario",
        "ordenante",
    ),
    "description": (
        "description", "memo", "verwendungszweck", "reference", "buchungstext", "details", "libelle",
        "libelle operation", "omschrijving", "mededelingen", "concepto", "descripcion", "narrative",
        "transaction description", "purpose", "notes", "narration", "particulars", "remarks",
        "transaction remarks", "transaction details",
    ),
    "external_id": (
        "transaction id", "transaktions-id", "transaktionsid", "id", "fitid", "reference number",
        "transactie id", "numero de transaccion", "reference de l'operation",
    ),
    "currency": ("currency", "wahrung", "waehrung", "devise", "munt", "divisa", "moneda", "ccy"),
    "balance": ("balance", "saldo", "solde", "kontostand", "running balance", "new balance", "bal"),
}
_CONTAINED_ORDER = ("debit", "credit", "value_date", "date", "balance", "amount", "currency", "external_id",
                    "payee", "description")
# Account numbers of the other party ("IBAN Auftraggeber") are not the party's name.
_NOT_READ = re.compile(r"\b(?:iban|bic|blz|swift|konto|kontonummer|account|rekening|sort code)\b")
_UNIT_SUFFIX = re.compile(r"\s*[(\[][^)\]]*[)\]]\s*$")
_WORDS = {role: frozenset(words) for role, words in ROLE_WORDS.items()}
_CONTAINED = {role: [re.compile(rf"\b{re.escape(word)}\b") for word in words if len(word) > 3]
              for role, words in ROLE_WORDS.items()}


def normalize_header(cell: str) -> str:
    """Lower case, no accents, no unit suffix: "Betrag (EUR)" and "betrag" compare equal."""
    text = unicodedata.normalize("NFKD", cell.strip().lower())
    text = "".join(character for character in text if not unicodedata.combining(character))
    text = _UNIT_SUFFIX.sub("", text).strip(" :.*")
    return " ".join(text.split())


def column_role(cell: str) -> str | None:
    """The role of a header cell (date, debit, amount, payee…), or None for a column we do not read."""
    name = normalize_header(cell)
    if not name or _NOT_READ.search(name):
        return None
    for role, words in _WORDS.items():
        if name in words:
            return role
    for role in _CONTAINED_ORDER:
        if any(pattern.search(name) for pattern in _CONTAINED[role]):
            return role
    return None


def assign_roles(header: list[str]) -> dict[str, str]:
    """Map each role to the first header cell that plays it (cells as written in the file)."""
    roles: dict[str, str] = {}
    for cell in header:
        role = column_role(cell)
        if role is not None and role not in roles:
            roles[role] = cell.strip()
    return roles
