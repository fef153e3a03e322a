"""Inbound update ids already handled (idempotency for redelivered updates)."""

from __future__ import annotations

import functools
import sqlite3
from datetime import datetime
from typing import Any

from sqlalchemy import bindparam
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, delete, select

from storage.models import ProcessedUpdate, utcnow


@functools.cache
def _insert_once(dialect: str) -> Any:
    """``INSERT … ON CONFLICT DO NOTHING RETURNING id`` on the table, built once per dialect (a
    Core statement with bound parameters: no ORM bulk-insert machinery, cache key computed once)."""
    if dialect == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    else:
        from sqlalchemy.dialects.sqlite import insert
    t = ProcessedUpdate.__table__  # type: ignore[attr-defined]
    return (insert(t).values(channel=bindparam("channel"), update_id=bindparam("update_id"), at=bindparam("at"))
            .on_conflict_do_nothing(index_elements=["channel", "update_id"]).returning(t.c.id))


def mark_processed(s: Session, channel: str, update_id: str | int) -> bool:
    """Record an update id. True the first time, False if it was already recorded.

    One ``INSERT … ON CONFLICT DO NOTHING RETURNING`` (PostgreSQL, SQLite ≥ 3.35): a duplicate does
    not spoil the caller's transaction and needs no savepoint; the unique constraint makes it safe
    between processes too (two webhook instances, a restarted poller). Other databases: a savepoint.
    Called by the core in each message's transaction, so it is kept cheap (≈ 0.1 ms on SQLite).
    """
    uid = str(update_id)
    conn = s.connection()
    dialect = conn.dialect.name
    if dialect == "postgresql" or (dialect == "sqlite" and sqlite3.sqlite_version_info >= (3, 35)):
        row = conn.execute(_insert_once(dialect), {"channel": channel, "update_id": uid, "at": utcnow()}).first()
        return row is not None
    try:
        with s.begin_nested():
            s.add(ProcessedUpdate(channel=channel, update_id=uid))
    except IntegrityError:
        return False
    return True


def unmark(s: Session, channel: str, update_id: str | int) -> None:
    """Forget an update (its handling failed before anything was stored: let a redelivery retry it)."""
    s.exec(delete(ProcessedUpdate).where(ProcessedUpdate.channel == channel,
                                         ProcessedUpdate.update_id == str(update_id)))


def is_processed(s: Session, channel: str, update_id: str | int) -> bool:
    return s.exec(select(ProcessedUpdate.id).where(ProcessedUpdate.channel == channel,
                                                   ProcessedUpdate.update_id == str(update_id))).first() is not None


def prune(s: Session, before: datetime, channel: str | None = None) -> int:
    """Delete records older than ``before`` (Telegram keeps undelivered updates for 24 hours)."""
    q = delete(ProcessedUpdate).where(ProcessedUpdate.at < before)
    if channel:
        q = q.where(ProcessedUpdate.channel == channel)
    res = s.exec(q)
    return int(res.rowcount or 0)
