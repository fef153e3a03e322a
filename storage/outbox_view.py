"""Read-only views of the outbox for reports and tests."""

from __future__ import annotations

from typing import Any

from sqlmodel import Session, select

from storage.models import Outbox


def pending_payloads(s: Session, *, channel: str, recipient: str) -> list[dict[str, Any]]:
    rows = s.exec(
        select(Outbox).where(Outbox.channel == channel, Outbox.recipient == recipient).order_by(Outbox.id)
    ).all()
    return [{**r.payload, "_status": r.status, "_purpose": r.purpose, "_ref": r.ref} for r in rows]
