"""Cells that say whether the bank has booked a row: Revolut writes COMPLETED or REVERTED, DKB Gebucht
or Vorgemerkt, the Sparkassen "Umsatz gebucht" or "Umsatz vorgemerkt", PayPal Completed or Pending,
Danske Bank Udført or Venter.

A row the bank has not booked (pending, reverted, declined…) is not money that moved, or not yet:
it is skipped, and a later export that shows it booked imports it then.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

_NOT_BOOKED = re.compile(
    r"\b(?:pending|reverted|declined|failed|cancell?ed|rejected|denied|authori[sz]ed|vorgemerkt|"
    r"in bearbeitung|abgelehnt|storniert|en attente|annul[ée]e?|rejet[ée]e?|pendiente|rechazad[ao]|"
    r"in behandeling|geweigerd|in sospeso|annullat[ao]|reserverad|reserveret|reservert|venter|odottaa|"
    r"varaus|katevaraus|ausstehend|offen|hold|void|voided|交易关闭|已关闭)\b",
    re.IGNORECASE,
)
_BOOKED = re.compile(
    r"\b(?:completed?|booked|posted|cleared|settled|gebucht|effectu[ée]e?|comptabilis[ée]e?|completad[ao]|"
    r"contabilizad[ao]|verwerkt|geboekt|contabilizzat[ao]|bokf[oö]rd|bokf[oö]rt|udf[oø]rt|utf[oø]rt|"
    r"bogf[oø]rt|kirjattu|abgeschlossen|ok|交易成功|支付成功|已存入零钱|已转账|对方已收钱|已收钱)\b",
    re.IGNORECASE,
)


def not_booked(cell: str) -> bool:
    """Whether a status cell says the bank has not booked the row."""
    return bool(_NOT_BOOKED.search(cell))


def holds_statuses(cells: Iterable[str]) -> bool:
    """Whether most of a column's written cells (a sample) are booking statuses."""
    written = [cell for cell in cells if cell.strip()]
    known = sum(1 for cell in written if _BOOKED.search(cell) or _NOT_BOOKED.search(cell))
    return bool(written) and known * 2 >= len(written)
