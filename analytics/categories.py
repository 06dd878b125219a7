"""Where the money went (or came from), by top-level category, with each category's share."""

from __future__ import annotations

import polars as pl

from analytics.frames import CATEGORY_SCHEMA, MONEY, UNCATEGORIZED_COLOR, UNCATEGORIZED_NAME, ratio


def category_breakdown(records: pl.DataFrame, kind: str = "expense") -> pl.DataFrame:
    """Amount and share per (top-level category, currency) for one kind, biggest first.

    Sub-categories roll up into their parent (`parent_category_id`); uncategorized records form a
    row of their own with a null category_id.
    """
    if kind not in ("income", "expense"):
        raise ValueError(f"kind must be 'income' or 'expense', not {kind!r}")
    rolled_up = records.filter(pl.col("kind") == kind).select(
        category_id=pl.coalesce("parent_category_id", "category_id"),
        category=pl.when(pl.col("category_id").is_null())
        .then(pl.lit(UNCATEGORIZED_NAME))
        .otherwise(pl.coalesce("parent_category", "category")),
        color=pl.col("color").fill_null(UNCATEGORIZED_COLOR),
        currency="currency",
        amount="amount",
    )
    return (
        rolled_up.group_by("category_id", "currency")
        .agg(pl.col("category").first(), pl.col("color").first(), pl.col("amount").sum().cast(MONEY))
        .with_columns(
            kind=pl.lit(kind),
            share=ratio(pl.col("amount"), pl.col("amount").sum().over("currency")),
        )
        .select(CATEGORY_SCHEMA.names())
        .cast(CATEGORY_SCHEMA)
        .sort(["currency", "amount", "category"], descending=[False, True, False])
    )


def top_level_category_ids(categories: pl.DataFrame) -> dict[int, int]:
    """Each category id mapped to its top-level ancestor's id, itself when it is top-level.

    `categories` has category_id and parent_category_id, like `FinanceClient.categories()`.
    """
    parents = dict(zip(categories["category_id"], categories["parent_category_id"]))
    roots = {}
    for category_id in parents:
        root, seen = category_id, {category_id}
        while parents.get(root) is not None and parents[root] not in seen:  # `seen` guards against cycles
            root = parents[root]
            seen.add(root)
        roots[category_id] = root
    return roots
