"""The party and the message inside a Dutch bank's one text column (ABN AMRO's .TAB and Excel exports).

ABN AMRO writes everything about a transaction in one column, in one of three shapes:
- SEPA fields as `/KEY/value` pairs: `/TRTP/SEPA OVERBOEKING/IBAN/NL20INGB0001234567/BIC/INGBNL2A/NAME/ACME
  BV/REMI/Salaris januari`;
- the older labelled form: `SEPA Overboeking  IBAN: NL20INGB0001234567  BIC: INGBNL2A  Naam: ACME BV
  Omschrijving: Salaris januari`;
- card payments and cash: `BEA   NR:XXXX1234 03.01.24/12.34 ALBERT HEIJN 1234,PAS001`.
Read as they are, every row's payee would be unique and no payee rule or total could group them.
"""

from __future__ import annotations

import re

_SEPA_KEYS = ("TRTP", "CSID", "NAME", "MARF", "REMI", "EREF", "IBAN", "BIC", "ORDP", "BENM", "ID", "ADDR",
              "RTRN", "SVCL", "ISDT", "IREF", "PREF", "NRTX", "FEES", "CNTP", "RTYP")
_SEPA_FIELD = re.compile(rf"/({'|'.join(_SEPA_KEYS)})/")
_LABEL = re.compile(r"\b(IBAN|BIC|Naam|Omschrijving|Kenmerk|Machtiging|Incassant|Betalingskenm\.|"
                    r"Transactie|Terminal|Ref\.):\s*")
_CARD = re.compile(  # kind, card number, date/time, then the shop or machine and the card's sequence number
    r"^(?:BEA|GEA|eCom)\b.*?\d{2}[./]\d{2}[./]\d{2}[ /]\d{2}[.:]\d{2}\s+(.+?)(?:,PAS\s?\d+)?\s*$")


def sepa_parties(text: str) -> tuple[str, str] | None:
    """The payee and the description a structured text holds, or None when it is free text."""
    if text.startswith(("/TRTP/", "/RTYP/")):
        fields = _split(_SEPA_FIELD, text)
        return fields.get("NAME", ""), fields.get("REMI") or fields.get("TRTP", "")
    if "Naam:" in text:
        fields = _split(_LABEL, text)
        return fields.get("Naam", ""), fields.get("Omschrijving", "")
    card = _CARD.match(text)
    if card:
        return card.group(1).strip(), text
    return None


def _split(keys: re.Pattern[str], text: str) -> dict[str, str]:
    """Each key's value: the text up to the next key."""
    parts = keys.split(text)
    return {key: value.strip() for key, value in zip(parts[1::2], parts[2::2])}
