"""Bank exports named .xls that are markup: an HTML table, or an Excel 2003 XML spreadsheet.

Many banks' "Excel" download is an HTML page holding a table (Excel opens it, warning that the
format does not match the name); a few write Excel 2003's XML spreadsheet. Both are read here as
the rows a sheet would show, for `api.imports.formats.workbooks` to write out as CSV.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Sequence
from datetime import datetime
from html.parser import HTMLParser
# Only the type of the elements; the parsing is defusedxml's.
from xml.etree.ElementTree import Element  # nosec B405

from defusedxml import ElementTree
from defusedxml.common import DefusedXmlException

from api.imports.formats.csv_detection import CsvFormatError
from api.imports.parsed import RowProblem

SPREADSHEET_XML_MARKER = b"urn:schemas-microsoft-com:office:spreadsheet"
_SPREADSHEET = "{urn:schemas-microsoft-com:office:spreadsheet}"
_TABLE_TAG = re.compile(r"<table[\s>]", re.IGNORECASE)
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([\w.:-]+)""", re.IGNORECASE)
_BOMS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))
_CELL_TAGS = ("td", "th")
_SPACES = re.compile(r"\s+")
MAX_COLUMN_SPAN = 100
EXCEL_ROWS, EXCEL_COLUMNS = 1_048_576, 16_384
"""Where an index beyond a sheet's size is ignored: it would only fill memory with empty cells."""

Rows = Sequence[Sequence[object]]
_Table = list[list[object]]


def looks_like_html(content: bytes) -> bool:
    """Whether the content is markup holding a table."""
    text = _decoded(content)
    return text.lstrip("\ufeff \t\r\n").startswith("<") and _TABLE_TAG.search(text) is not None


def html_table_rows(content: bytes) -> Rows:
    """The rows of the page's largest table (a bank's page may hold a title table above it), each cell
    as its text with runs of whitespace as one space; a cell spanning columns is followed by empty
    ones, so the columns stay under their header."""
    parser = _TableParser()
    parser.feed(_decoded(content))
    parser.close()
    if not parser.tables:
        raise CsvFormatError(RowProblem(1, None, "the HTML file holds no table"))
    return max(parser.tables, key=len)


def spreadsheet_xml_rows(content: bytes) -> Rows:
    """The first worksheet's rows of an Excel 2003 XML spreadsheet, numbers and dates typed."""
    try:
        root = ElementTree.fromstring(content)
    except (ElementTree.ParseError, DefusedXmlException, ValueError) as error:
        problem = RowProblem(1, None, f"not a readable Excel XML spreadsheet: {error}"[:300])
        raise CsvFormatError(problem) from None
    table = root.find(f"{_SPREADSHEET}Worksheet/{_SPREADSHEET}Table")
    if table is None:
        raise CsvFormatError(RowProblem(1, None, "the Excel XML spreadsheet holds no worksheet"))
    rows: list[Sequence[object]] = []
    for row in table.iter(f"{_SPREADSHEET}Row"):
        position = _index(row, EXCEL_ROWS)
        while position is not None and len(rows) < position - 1:  # rows skipped by ss:Index are empty
            rows.append(())
        rows.append(_xml_cells(row))
    return rows


def _xml_cells(row: Element) -> list[object]:
    cells: list[object] = []
    for cell in row.iter(f"{_SPREADSHEET}Cell"):
        position = _index(cell, EXCEL_COLUMNS)
        while position is not None and len(cells) < position - 1:
            cells.append(None)
        data = cell.find(f"{_SPREADSHEET}Data")
        cells.append(None if data is None else _xml_value(data))
    return cells


def _index(element: Element, highest: int) -> int | None:
    """The element's ss:Index (1-based), when it gives one within the sheet's size."""
    value = element.get(f"{_SPREADSHEET}Index") or ""
    return int(value) if value.isdecimal() and len(value) <= 7 and int(value) <= highest else None


def _xml_value(data: Element) -> object:
    text = "".join(data.itertext())
    kind = data.get(f"{_SPREADSHEET}Type")
    try:
        if kind == "Number":
            return float(text)
        if kind == "DateTime":
            return datetime.fromisoformat(text[:19])
    except ValueError:
        pass  # shown as written: the CSV reader names what it cannot read
    return text


def _decoded(content: bytes) -> str:
    """The page's text: by its byte order mark, else its meta charset, else UTF-8 or else Windows-1252."""
    for bom, encoding in _BOMS:
        if content.startswith(bom):
            return content.decode(encoding, "replace")
    declared = _META_CHARSET.search(content[:4096])
    if declared:
        try:
            return content.decode(declared.group(1).decode("ascii"), "replace")
        except LookupError:
            pass
    try:
        return content.decode("utf-8")
    except UnicodeDecodeError:
        return content.decode("cp1252", "replace")


class _TableParser(HTMLParser):
    """Collects every table's rows of cell texts; a table inside a cell is a table of its own."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tables: list[_Table] = []
        self._open: list[_Table] = []
        self._cell: list[str] | None = None
        self._span = 1
        self._outer_cells: list[tuple[list[str] | None, int]] = []

    def handle_starttag(self, tag: str, attrs: Sequence[tuple[str, str | None]]) -> None:
        if tag == "table":
            self._outer_cells.append((self._cell, self._span))
            self._cell = None
            self._open.append([])
        elif not self._open:
            return
        elif tag == "tr":
            self._end_cell()
            self._open[-1].append([])
        elif tag in _CELL_TAGS:
            self._end_cell()
            if not self._open[-1]:
                self._open[-1].append([])
            span = dict(attrs).get("colspan") or ""
            spanned = min(int(span), MAX_COLUMN_SPAN) if span.isdecimal() and len(span) < 4 else 1
            self._cell, self._span = [], spanned
        elif tag == "br" and self._cell is not None:
            self._cell.append(" ")

    def handle_endtag(self, tag: str) -> None:
        if not self._open:
            return
        if tag in _CELL_TAGS or tag == "tr":
            self._end_cell()
        elif tag == "table":
            self._end_cell()
            rows = [row for row in self._open.pop() if row]
            if rows:
                self.tables.append(rows)
            self._cell, self._span = self._outer_cells.pop()

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)

    def _end_cell(self) -> None:
        """The open cell's text into its row; a cell spanning columns is followed by empty ones."""
        if self._cell is not None:
            row = self._open[-1][-1]
            row.append(_SPACES.sub(" ", "".join(self._cell)).strip())
            row.extend([None] * (self._span - 1))
            self._cell = None
