"""Persistence for pakn-bot. Owns the schema and every query; nothing else writes SQL."""

from sqlalchemy.exc import DataError as InvalidValue  # a value the database refuses (too long, out of range)

from storage.db import Store
from storage.models import utcnow

__all__ = ["InvalidValue", "Store", "utcnow"]
