"""Charts and small tables as the dashboard's pages show them: a titled figure with its figures as text
beneath, and plain HTML tables.

A screen reader cannot read a drawn chart: the figure is named by its caption, and a "Show as text"
disclosure (a native <details>, reachable by keyboard) lists what the chart draws, one line per mark.
"""

from __future__ import annotations

import html
from collections.abc import Iterable

import marimo as mo
import polars as pl

FIGURE_CSS = """<style>
.fintrack-figure { margin: 0; }
.fintrack-figure figcaption { font-weight: 600; margin-bottom: 0.25rem; }
.fintrack-figure details { margin-top: 0.25rem; font-size: 0.875rem; }
.fintrack-figure summary { cursor: pointer; color: var(--slate-11, #4a4a4a); }
.fintrack-figure ul { margin: 0.25rem 0 0 1.25rem; }
.fintrack-table { border-collapse: collapse; font-size: 0.875rem; width: 100%; }
.fintrack-table caption { text-align: left; font-weight: 600; padding-bottom: 0.25rem; }
.fintrack-table th, .fintrack-table td { padding: 0.3rem 0.6rem; text-align: left;
                                         border-bottom: 1px solid var(--slate-5, #e2e2e2); }
.fintrack-table .amount { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
.fintrack-table tfoot td, .fintrack-table tfoot th { font-weight: 700; border-bottom: none; }
</style>"""


def described_chart(chart: object, caption: str, lines: Iterable[str]) -> mo.Html:
    """The chart under its caption, with `lines` (its figures in words) in a disclosure below it."""
    items = "".join(f"<li>{html.escape(line)}</li>" for line in lines)
    drawn = mo.as_html(chart).text
    return mo.Html(
        f"{FIGURE_CSS}<figure class='fintrack-figure' aria-label='{html.escape(caption, quote=True)}'>"
        f"<figcaption>{html.escape(caption)}</figcaption>{drawn}"
        f"<details><summary>Show as text</summary><ul>{items}</ul></details></figure>"
    )


def plain_table(frame: pl.DataFrame, caption: str, amount_columns: Iterable[str] = (),
                total_row: bool = False) -> mo.Html:
    """A small read-only table as plain HTML (no selection, search or column tools): a caption, header
    cells, amounts right-aligned; with `total_row`, the last row is the table's footer."""
    amounts = set(amount_columns)

    def row_html(values: tuple[object, ...]) -> str:
        cells = "".join(
            f"<td class='amount'>{html.escape(str(value))}</td>" if column in amounts
            else f"<td>{html.escape(str(value))}</td>"
            for column, value in zip(frame.columns, values)
        )
        return f"<tr>{cells}</tr>"

    rows = frame.rows()
    body, footer = (rows[:-1], rows[-1:]) if total_row else (rows, [])
    header = "".join(
        f"<th scope='col' class='{'amount' if column in amounts else ''}'>{html.escape(column)}</th>"
        for column in frame.columns
    )
    return mo.Html(
        f"{FIGURE_CSS}<table class='fintrack-table'><caption>{html.escape(caption)}</caption>"
        f"<thead><tr>{header}</tr></thead><tbody>{''.join(map(row_html, body))}</tbody>"
        f"<tfoot>{''.join(map(row_html, footer))}</tfoot></table>"
    )
