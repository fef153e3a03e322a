"""Run-once flags for scheduled jobs, kept in the ``kv`` table.

``claim_once(s, key)`` inserts the key if it is absent and says whether this transaction did it.
Done in the same transaction as the job's effects (the messages it queues), it makes a job run
exactly once per key even with several worker processes: on PostgreSQL a concurrent insert of the
same key waits for the first transaction and then finds the key taken; a rolled-back job leaves no
key behind, so it runs again later.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import Session

from storage.models import OPEN_STATUSES, KeyValue, Petition, PetitionEvent, utcnow


def _insert(s: Session):
    name = s.get_bind().dialect.name
    table = KeyValue.__table__  # type: ignore[attr-defined]
    if name == "postgresql":
        return postgresql.insert(table)
    if name == "sqlite":
        return sqlite.insert(table)
    raise NotImplementedError(f"unsupported database: {name}")  # pragma: no cover


def claim_once(s: Session, key: str, value: dict[str, Any] | None = None, now: datetime | None = None) -> bool:
    """True if ``key`` was absent and is now recorded by this transaction."""
    table = KeyValue.__table__  # type: ignore[attr-defined]
    stmt = (
        _insert(s).values(key=key, value=value or {}, updated_at=now or utcnow())
        .on_conflict_do_nothing(index_elements=["key"])
        .returning(table.c.key)  # rowcount is not reliable for INSERT … ON CONFLICT on every driver
    )
    return s.execute(stmt).first() is not None


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


# ------------------------------------------------------------------------------------------ deadline digest
def open_petitions_due_by(s: Session, last_day: date) -> list[Petition]:
    """Open petitions whose due date is ``last_day`` or earlier (overdue included), earliest first."""
    return list(
        s.execute(
            select(Petition)
            .where(Petition.status.in_([str(x) for x in OPEN_STATUSES]),  # type: ignore[attr-defined]
                   Petition.due_date.is_not(None), Petition.due_date <= last_day)  # type: ignore[union-attr,operator]
            .order_by(Petition.due_date, Petition.id)
        ).scalars().all()
    )


def mark_overdue(s: Session, items: list[Petition], now: datetime | None = None) -> int:
    """Add a one-time internal "overdue" event to each petition (the inbox shows ⏰ from the due date)."""
    if not items:
        return 0
    ids = [p.id for p in items]
    done = set(
        s.execute(
            select(PetitionEvent.petition_id).where(PetitionEvent.petition_id.in_(ids),  # type: ignore[attr-defined]
                                                    PetitionEvent.action == "overdue")
        ).scalars().all()
    )
    n = 0
    for p in items:
        if p.id in done:
            continue
        s.add(PetitionEvent(petition_id=p.id, at=now or utcnow(), actor="system", action="overdue", public=False,
                            note=f"Quá hạn xử lý (hạn {p.due_date:%d/%m/%Y})"))
        n += 1
    s.flush()
    return n
