"""Column limits of the schema, for checking input where it is typed (before any database refuses it)."""

from __future__ import annotations

from functools import cache
from typing import Any

MAX_ID = 2_147_483_647  # PostgreSQL INTEGER


@cache
def max_length(model: Any, column: str) -> int | None:
    """The declared length of a string column (``max_length(Citizen, "email")`` → 254), None if unbounded."""
    col = model.__table__.c[column]
    kind = getattr(col.type, "impl", col.type)
    return getattr(col.type, "length", None) or getattr(kind, "length", None)


def fits(model: Any, column: str, value: str | None) -> bool:
    limit = max_length(model, column)
    return value is None or limit is None or len(value) <= limit


def small_int(text: str | None, *, max_value: int = MAX_ID) -> int | None:
    """A non-negative integer typed with ASCII digits and small enough for an id column; None otherwise
    ("²" and "٣" are digits to ``str.isdigit`` but not numbers a citizen means)."""
    if not text or not text.isascii() or not text.isdigit() or len(text) > 10:
        return None
    value = int(text)
    return value if value <= max_value else None
