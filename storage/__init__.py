"""Persistence for pakn-bot. Owns the schema and every query; nothing else writes SQL."""

from storage.db import Store
from storage.errors import Conflict, InvalidValue
from storage.models import utcnow

__all__ = ["Conflict", "InvalidValue", "Store", "utcnow"]
