"""Outbox rows for the local console chat, which prints them itself instead of using the worker."""

from __future__ import annotations

from sqlmodel import Session, select

from storage.models import Outbox, OutboxStatus, utcnow


def take_for(s: Session, recipient: str, channel: str = "console") -> list[Outbox]:
    rows = list(
        s.exec(
            select(Outbox)
            .where(Outbox.channel == channel, Outbox.recipient == recipient, Outbox.status == OutboxStatus.pending)
            .order_by(Outbox.id)
        ).all()
    )
    for r in rows:
        r.status = OutboxStatus.sent
        r.sent_at = utcnow()
        r.attempts += 1
        s.add(r)
    s.flush()
    return rows
