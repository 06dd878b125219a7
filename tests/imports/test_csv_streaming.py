"""iter_csv streams: a binary file object in, rows out one by one, memory flat, line numbers right."""

from __future__ import annotations

import io
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

from api.imports.formats import detect_csv_mapping, iter_csv, parse_file
from api.imports.parsed import ParsedTransaction

DATA = Path(__file__).resolve().parent.parent / "data" / "imports"
REPOSITORY = Path(__file__).resolve().parents[2]
STREAM_30_000_ROWS = """
import io, sys, tracemalloc
from api.imports.formats import detect_csv_mapping, iter_csv
from api.imports.parsed import RowProblem
from tests.imports.test_csv_streaming import generated_export
content = generated_export(30_000)
mapping = detect_csv_mapping(content)
tracemalloc.start()
count, last = 0, None
for row in iter_csv(io.BytesIO(content), mapping):
    assert not isinstance(row, RowProblem), row
    count, last = count + 1, row
_, peak = tracemalloc.get_traced_memory()
sys.stdout.write(f"{count}|{last.line}|{last.payee}|{last.amount}|{peak}")
"""


def generated_export(rows: int) -> bytes:
    """A German-style export: preamble, semicolons, Soll/Haben, a closing balance line."""
    lines = ["Umsätze Girokonto;;;;", ";;;;", "Buchungstag;Empfänger;Verwendungszweck;Soll;Haben"]
    for number in range(rows):
        day = f"{number % 28 + 1:02d}.{number % 12 + 1:02d}.2024"
        euros, cents = divmod(number * 37 % 300_000_00, 100)
        amount = f"{euros:,}".replace(",", ".") + f",{cents:02d}"
        debit, credit = (amount, "") if number % 4 else ("", amount)
        lines.append(f"{day};Händler {number % 500};Zahlung {number};{debit};{credit}")
    lines.append("Endsaldo;;;;1.234,56")
    return ("\r\n".join(lines) + "\r\n").encode("cp1252")


def test_rows_stream_from_a_file_object_without_closing_it():
    content = (DATA / "de_girokonto_2024-03.csv").read_bytes()
    stream = io.BytesIO(content)
    notes: list[str] = []
    rows = list(iter_csv(stream, detect_csv_mapping(content), notes))
    assert not stream.closed
    assert [row.line for row in rows] == list(range(7, 16))
    assert all(isinstance(row, ParsedTransaction) for row in rows)
    assert rows == parse_file(content, "export.csv").transactions
    assert notes == ["line 16 skipped as a summary line: 'Endsaldo;;;;;1.234,56;EUR'"]


def test_large_export_streams_with_flat_memory_and_exact_rows():
    """Measured in an interpreter of its own: tracemalloc counts the allocations of every thread, and in
    the whole suite on a loaded machine it counted some other test's threads too (7.9 MB, twice)."""
    answer = subprocess.run([sys.executable, "-c", STREAM_30_000_ROWS], cwd=REPOSITORY, check=True,
                            capture_output=True, text=True, timeout=120)
    count, line, payee, amount, peak = answer.stdout.split("|")
    assert int(count) == 30_000
    assert (int(line), payee, Decimal(amount)) == (30_003, "Händler 499", Decimal("-11099.63"))
    assert int(peak) < 3_000_000  # a few rows and buffers; keeping 30,000 transactions would take ~15 MB
