"""GraphQL answers turned into typed rows and frames: Money strings become Decimals, dates dates."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import polars as pl

from analytics.frames import (
    ACCOUNT_TOTALS_SCHEMA,
    ACCOUNTS_SCHEMA,
    BALANCE_SCHEMA,
    CASH_FLOW_SCHEMA,
    CATEGORIES_SCHEMA,
    CATEGORY_SCHEMA,
    PAYEE_SCHEMA,
    RECORDS_SCHEMA,
    SUBCATEGORY_SCHEMA,
    TOTALS_SCHEMA,
    frame_from_rows,
)
from analytics.categories import top_level_category_ids

Node = dict[str, Any]


def money(value: str | None) -> Decimal | None:
    """A Money scalar as an exact Decimal."""
    return None if value is None else Decimal(value)


def identifier(value: str | None) -> int | None:
    """A GraphQL ID (the integer key as a string) as an int."""
    return None if value is None else int(value)


def lower(value: str | None) -> str | None:
    """An enum value the way the frames spell it ("EXPENSE" -> "expense")."""
    return None if value is None else value.lower()


def _schema_of(columns: tuple[str, ...] | list[str]) -> pl.Schema:
    """Part of the records schema."""
    return pl.Schema({name: RECORDS_SCHEMA[name] for name in columns})


def record_row(node: Node) -> dict[str, Any]:
    """A records-frame row from a Record node, without the category names (see `records_frame`)."""
    return {
        "id": identifier(node["id"]),
        "date": date.fromisoformat(node["date"]),
        "kind": lower(node["kind"]),
        "amount": money(node["amount"]),
        "currency": node["currency"],
        "account_id": identifier(node["account"]["id"]),
        "account": node["account"]["name"],
        "category_id": identifier((node.get("category") or {}).get("id")),
        "payee": node["payee"],
        "description": node["description"],
        "tags": node["tags"],
        "counterpart_account_id": identifier((node.get("counterpartAccount") or {}).get("id")),
        "counterpart_amount": money(node.get("counterpartAmount")),
    }


def categories_frame(nodes: list[Node]) -> pl.DataFrame:
    """The categories list as a frame."""
    rows = [
        {
            "category_id": identifier(node["id"]),
            "category": node["name"],
            "full_name": node["fullName"],
            "kind": lower(node["kind"]),
            "color": node["color"],
            "parent_category_id": identifier(node.get("parentId")),
        }
        for node in nodes
    ]
    return frame_from_rows(rows, CATEGORIES_SCHEMA)


CATEGORY_COLUMNS = ("category_id", "category", "parent_category_id", "parent_category", "color")


def _category_names(categories: pl.DataFrame) -> pl.DataFrame:
    """Per category: its name, its top-level ancestor (null when it is one) and that ancestor's colour."""
    names = dict(zip(categories["category_id"], categories["category"]))
    colors = dict(zip(categories["category_id"], categories["color"]))
    rows = [
        {
            "category_id": category_id,
            "category": names[category_id],
            "parent_category_id": None if root == category_id else root,
            "parent_category": None if root == category_id else names.get(root),
            "color": colors.get(root),
        }
        for category_id, root in top_level_category_ids(categories).items()
    ]
    return frame_from_rows(rows, _schema_of(CATEGORY_COLUMNS))


def records_frame(rows: list[dict[str, Any]], categories: pl.DataFrame) -> pl.DataFrame:
    """Record rows joined with their category, parent category and colour."""
    base_columns = [name for name in RECORDS_SCHEMA.names() if name not in CATEGORY_COLUMNS[1:]]
    base = frame_from_rows(rows, _schema_of(base_columns))
    return (
        base.join(_category_names(categories), on="category_id", how="left")
        .select(RECORDS_SCHEMA.names())
        .cast(RECORDS_SCHEMA)
    )


def accounts_frame(nodes: list[Node]) -> pl.DataFrame:
    """The accounts list as a frame; it also serves as `running_balance`'s opening balances."""
    rows = [
        {
            "account_id": identifier(node["id"]),
            "account": node["name"],
            "type": lower(node["type"]),
            "currency": node["currency"],
            "opening_balance": money(node["openingBalance"]),
            "balance": money(node["balance"]),
            "archived": node["archived"],
        }
        for node in nodes
    ]
    return frame_from_rows(rows, ACCOUNTS_SCHEMA)


def _category_totals_row(node: Node) -> dict[str, Any]:
    return {
        "category_id": identifier(node.get("categoryId")),
        "category": node["name"],
        "color": node["color"],
        "kind": lower(node.get("kind")),
        "currency": node["currency"],
        "amount": money(node["amount"]),
        "share": node["share"],
    }


def summary_frames(summary: Node) -> dict[str, pl.DataFrame]:
    """The frames of one `summary` answer, keyed like `Summary`'s fields (empty when not asked for)."""
    amounts = ("income", "expense", "net")
    return {
        "totals": frame_from_rows([
            {
                "currency": node["currency"],
                **{name: money(node[name]) for name in amounts},
                "savings_rate": node["savingsRate"],
                "transfer_count": node["transferCount"],
                "record_count": node["recordCount"],
            }
            for node in summary.get("totals", ())
        ], TOTALS_SCHEMA),
        "cash_flow": frame_from_rows([
            {
                "period_start": date.fromisoformat(node["periodStart"]),
                "currency": node["currency"],
                **{name: money(node[name]) for name in amounts},
            }
            for node in summary.get("byPeriod", ())
        ], CASH_FLOW_SCHEMA),
        "categories": frame_from_rows(
            [_category_totals_row(node) for node in summary.get("byCategory", ())], CATEGORY_SCHEMA
        ),
        "subcategories": frame_from_rows([
            {"parent_category_id": identifier(node.get("categoryId")), **_category_totals_row(child)}
            for node in summary.get("byCategory", ())
            for child in node["children"]
        ], SUBCATEGORY_SCHEMA),
        "accounts": frame_from_rows([
            {
                "account_id": identifier(node["account"]["id"]),
                "account": node["account"]["name"],
                "currency": node["currency"],
                **{name: money(node[name]) for name in amounts},
                "transfers_in": money(node["transfersIn"]),
                "transfers_out": money(node["transfersOut"]),
            }
            for node in summary.get("byAccount", ())
        ], ACCOUNT_TOTALS_SCHEMA),
        "balances": frame_from_rows([
            {
                "date": date.fromisoformat(point["date"]),
                "account_id": identifier(series["account"]["id"]),
                "account": series["account"]["name"],
                "currency": series["currency"],
                "balance": money(point["balance"]),
            }
            for series in summary.get("balances", ())
            for point in series["points"]
        ], BALANCE_SCHEMA),
        "payees": frame_from_rows([
            {
                "payee": node["payee"],
                "currency": node["currency"],
                "amount": money(node["amount"]),
                "record_count": node["recordCount"],
            }
            for node in summary.get("byPayee", ())
        ], PAYEE_SCHEMA),
    }
