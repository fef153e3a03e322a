"""Run-once flags for scheduled jobs, kept in the ``kv`` table.

``claim_once(s, key)`` inserts the key if it is absent and says whether this transaction did it.
Done in the same transaction as the job's effects (the messages it queues), it makes a job run
exactly once per key even with several worker processes: on PostgreSQL a concurrent insert of the
same key waits for the first transaction and then finds the key taken; a rolled-back job leaves no
key behind, so it runs again later.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import Session

from storage.models import KeyValue, utcnow


def _insert(s: Session):
    name = s.get_bind().dialect.name
    if name == "postgresql":
        return postgresql.insert(KeyValue)
    if name == "sqlite":
        return sqlite.insert(KeyValue)
    raise NotImplementedError(f"unsupported database: {name}")  # pragma: no cover


def claim_once(s: Session, key: str, value: dict[str, Any] | None = None, now: datetime | None = None) -> bool:
    """True if ``key`` was absent and is now recorded by this transaction."""
    stmt = _insert(s).values(key=key, value=value or {}, updated_at=now or utcnow()).on_conflict_do_nothing(
        index_elements=["key"]
    )
    res = s.execute(stmt)
    return bool(res.rowcount)  # type: ignore[attr-defined]


def get(s: Session, key: str) -> dict[str, Any] | None:
    row = s.get(KeyValue, key)
    return dict(row.value) if row is not None else None


def put(s: Session, key: str, value: dict[str, Any]) -> None:
    row = s.get(KeyValue, key)
    if row is None:
        s.add(KeyValue(key=key, value=value))
    else:
        row.value = value
        row.updated_at = utcnow()
        s.add(row)
    s.flush()


def forget(s: Session, key: str) -> None:
    s.execute(delete(KeyValue).where(KeyValue.key == key))


def keys_with_prefix(s: Session, prefix: str) -> list[str]:
    return list(s.execute(select(KeyValue.key).where(KeyValue.key.startswith(prefix))).scalars().all())  # type: ignore[attr-defined]
