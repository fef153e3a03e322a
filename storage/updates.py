"""Inbound update ids already handled (idempotency for redelivered updates)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, delete, select

from storage.models import ProcessedUpdate


def mark_processed(s: Session, channel: str, update_id: str | int) -> bool:
    """Record an update id. True the first time, False if it was already recorded.

    Runs in a savepoint so a duplicate does not spoil the caller's transaction; the unique
    constraint makes it safe between processes too (two webhook instances, a restarted poller).
    """
    uid = str(update_id)
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
