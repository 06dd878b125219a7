"""Category colours: "#rrggbb" strings, and the palette new top-level categories draw from."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable

from api.errors import InvalidInput

COLOR_PATTERN = re.compile(r"#[0-9a-fA-F]{6}")

# Tableau 10: distinct, colour-blind-friendly hues that also read well on the dashboard's charts.
PALETTE = (
    "#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f",
    "#edc948", "#b07aa1", "#ff9da7", "#9c755f", "#bab0ac",
)


def validate_color(value: str, field: str) -> str:
    """The colour in lower case, or InvalidInput unless it is "#RRGGBB"."""
    color = value.strip()
    if not COLOR_PATTERN.fullmatch(color):
        raise InvalidInput(field, f'{value!r} is not a colour of the form "#RRGGBB"')
    return color.lower()


def least_used_palette_color(colors_in_use: Iterable[str]) -> str:
    """The palette colour the user's categories use least (earliest in the palette on a tie)."""
    uses = Counter(color.lower() for color in colors_in_use)
    return min(PALETTE, key=lambda color: uses[color])
