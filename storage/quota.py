"""Outbound message counts per channel and month (for plans with a monthly quota)."""

from __future__ import annotations

from sqlalchemy import update
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from storage.models import ChannelUsage, utcnow


def _row(s: Session, channel: str, month: str) -> ChannelUsage | None:
    return s.exec(select(ChannelUsage).where(ChannelUsage.channel == channel, ChannelUsage.month == month)).first()


def _ensure(s: Session, channel: str, month: str) -> None:
    if _row(s, channel, month) is not None:
        return
    try:
        with s.begin_nested():
            s.add(ChannelUsage(channel=channel, month=month))
    except IntegrityError:  # another process created it first
        pass


def add(s: Session, channel: str, month: str, n: int = 1) -> int:
    """Count ``n`` messages sent; returns the month's total (one atomic UPDATE: safe across processes)."""
    _ensure(s, channel, month)
    t = ChannelUsage.__table__  # type: ignore[attr-defined]
    result = s.execute(update(t).where(t.c.channel == channel, t.c.month == month)
                       .values(sent=t.c.sent + n, updated_at=utcnow()).returning(t.c.sent))
    return int(result.scalar_one())


def used(s: Session, channel: str, month: str) -> int:
    row = _row(s, channel, month)
    return row.sent if row else 0


def claim_warning(s: Session, channel: str, month: str) -> bool:
    """True for the one caller that gets to warn the admins this month."""
    _ensure(s, channel, month)
    t = ChannelUsage.__table__  # type: ignore[attr-defined]
    result = s.execute(update(t).where(t.c.channel == channel, t.c.month == month, t.c.warned_at.is_(None))
                       .values(warned_at=utcnow()).returning(t.c.id))
    return result.first() is not None
