"""Failed look-ups of other people's items, counted to stop guessing (per user and per code)."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import func
from sqlmodel import Session, delete, select

from storage.models import LookupFailure

WINDOW = timedelta(hours=24)


def record_failure(s: Session, subject: str, code: str, at: datetime) -> tuple[int, int]:
    """Record one failure; returns (failures of this subject, failures on this code) in the last 24 hours,
    this one included."""
    s.add(LookupFailure(subject=subject, code=code, at=at))
    s.flush()
    return failures(s, subject=subject, since=at - WINDOW), failures(s, code=code, since=at - WINDOW)


def failures(s: Session, *, since: datetime, subject: str | None = None, code: str | None = None) -> int:
    q = select(func.count()).select_from(LookupFailure).where(LookupFailure.at > since)
    if subject is not None:
        q = q.where(LookupFailure.subject == subject)
    if code is not None:
        q = q.where(LookupFailure.code == code)
    return int(s.exec(q).one())


def forget_subject(s: Session, subject: str) -> int:
    return int(s.exec(delete(LookupFailure).where(LookupFailure.subject == subject)).rowcount or 0)


def prune(s: Session, before: datetime) -> int:
    return int(s.exec(delete(LookupFailure).where(LookupFailure.at < before)).rowcount or 0)
