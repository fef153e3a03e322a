"""Errors of the storage layer that callers above it handle."""

from __future__ import annotations

from sqlalchemy.exc import DataError as InvalidValue  # a value the database refuses (too long, out of range)


class Conflict(Exception):
    """The conversation (or a person's first rows) changed in another transaction: run the work again."""


__all__ = ["Conflict", "InvalidValue"]
