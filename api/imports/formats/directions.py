"""Cells that say which way the money went, beside an unsigned amount: ING Netherlands writes "Af" or
"Bij", German Volksbanken "S" or "H" (Soll, Haben) in a column of their own, others Debit/Credit or DR/CR,
Alipay and WeChat Pay 支出 or 收入, Greek banks Χ or Π. Alipay's 不计收支 and WeChat's "/" mark a
movement that is neither (money moved between the user's own balances): `NEITHER`.
"""

from __future__ import annotations

from collections.abc import Iterable

OUT = -1
IN = 1
_DIRECTIONS: dict[str, int] = {
    **dict.fromkeys(
        ("af", "s", "soll", "d", "dr", "debit", "debet", "db", "-", "out", "ausgang", "withdrawal", "支出",
         "χ", "χρέωση", "расход", "списание", "expense", "expenses"), OUT),
    **dict.fromkeys(("bij", "h", "haben", "c", "cr", "credit", "+", "in", "eingang", "deposit", "收入", "π",
                     "πίστωση", "приход", "зачисление", "income", "refund"), IN),
}
NEITHER = frozenset({"不计收支", "/"})


def direction_of(cell: str) -> int | None:
    """OUT or IN for a direction cell ("Af", "S", "DR", "Credit"…), None for anything else."""
    return _DIRECTIONS.get(cell.strip().lower().rstrip("."))


def moves_neither_way(cell: str) -> bool:
    """Whether a direction cell says the money moved neither in nor out (`NEITHER`), or says nothing."""
    return cell.strip() in NEITHER or not cell.strip()


def holds_directions(cells: Iterable[str], share: float = 1.0) -> bool:
    """Whether at least `share` of a column's written cells (a sample) are directions, and one is written."""
    written = [cell for cell in cells if cell.strip() and cell.strip() not in NEITHER]
    return bool(written) and sum(direction_of(cell) is not None for cell in written) >= share * len(written)
