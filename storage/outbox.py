"""The outbox: every message for someone other than the current sender is a row here."""

from __future__ import annotations

from typing import Any

from sqlmodel import Session

from storage.models import Outbox


def enqueue(
    s: Session,
    *,
    channel: str,
    recipient: str,
    payload: dict[str, Any],
    purpose: str = "notify",
    ref: str | None = None,
    citizen_id: int | None = None,
    broadcast_id: int | None = None,
    dedupe_key: str | None = None,
) -> Outbox:
    """Add a message to the outbox in the caller's transaction (sent after commit by the worker)."""
    row = Outbox(
        channel=channel,
        recipient=recipient,
        payload=payload,
        purpose=purpose,
        ref=ref,
        citizen_id=citizen_id,
        broadcast_id=broadcast_id,
        dedupe_key=dedupe_key,
    )
    s.add(row)
    s.flush()
    return row
