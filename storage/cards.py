"""Where staff cards were posted (for in-place edits and replies), forum topics per department,
long button payloads kept server-side, and edit coalescing against the outbox."""

from __future__ import annotations

import hashlib
from typing import Any

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from storage.models import CardRef, Department, KeyValue, Outbox, OutboxStatus, utcnow


# --------------------------------------------------------------------------- card refs
def get(s: Session, channel: str, ref: str) -> CardRef | None:
    return s.exec(select(CardRef).where(CardRef.channel == channel, CardRef.ref == ref)).first()


def by_message(s: Session, channel: str, chat_id: str, message_id: str) -> CardRef | None:
    return s.exec(
        select(CardRef).where(CardRef.channel == channel, CardRef.chat_id == str(chat_id),
                              CardRef.message_id == str(message_id))
    ).first()


def save(s: Session, channel: str, ref: str, *, chat_id: str, message_id: str | None,
         thread_id: int | None = None) -> CardRef:
    """Insert or update the card of ``ref`` on ``channel``."""
    row = get(s, channel, ref)
    if row is None:
        row = CardRef(channel=channel, ref=ref, chat_id=str(chat_id), message_id=message_id, thread_id=thread_id)
        try:
            with s.begin_nested():
                s.add(row)
            return row
        except IntegrityError:  # a concurrent sender saved it first: update theirs
            row = get(s, channel, ref)
            assert row is not None
    row.chat_id, row.message_id, row.thread_id, row.updated_at = str(chat_id), message_id, thread_id, utcnow()
    s.add(row)
    s.flush()
    return row


def forget(s: Session, channel: str, ref: str) -> None:
    row = get(s, channel, ref)
    if row is not None:
        s.delete(row)
        s.flush()


def newer_edit_pending(s: Session, channel: str, recipient: str, ref: str, payload: dict[str, Any]) -> bool:
    """True when a newer, not yet claimed edit of the same card waits in the outbox.

    The sender then skips this (older) edit: only the latest state of a card matters, and every
    skipped edit is one message fewer against Telegram's 20-per-minute group limit. "Newer" means
    a higher id than the last row carrying exactly this payload, so the check does not depend on
    how the worker marks the row it is sending.
    """
    rows = s.exec(
        select(Outbox.id, Outbox.payload, Outbox.status, Outbox.claimed_at)
        .where(Outbox.channel == channel, Outbox.recipient == recipient, Outbox.ref == ref)
        .order_by(Outbox.id)
    ).all()
    mine = [r.id for r in rows if r.payload == payload]
    if not mine:
        return False
    last_mine = max(mine)
    return any(
        r.id > last_mine and r.status == OutboxStatus.pending and r.claimed_at is None
        and (r.payload or {}).get("edit") and (r.payload or {}).get("ref") == ref
        for r in rows
    )


# --------------------------------------------------------------------------- forum topics
def department_thread(s: Session, code: str) -> int | None:
    d = s.exec(select(Department).where(Department.code == code)).first()
    return d.telegram_thread_id if d else None


def department_name(s: Session, code: str) -> str | None:
    d = s.exec(select(Department).where(Department.code == code)).first()
    return d.name if d else None


def set_department_thread(s: Session, code: str, thread_id: int | None) -> None:
    d = s.exec(select(Department).where(Department.code == code)).first()
    if d is not None:
        d.telegram_thread_id = thread_id
        s.add(d)
        s.flush()


# --------------------------------------------------------------------------- long button payloads
_PAYLOAD_PREFIX = "cb:"


def payload_token(payload: str) -> str:
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()[:20]


def store_payload(s: Session, payload: str) -> str:
    """Keep a long button payload server-side; returns a short token (the same for the same payload)."""
    token = payload_token(payload)
    key = _PAYLOAD_PREFIX + token
    if s.get(KeyValue, key) is None:
        try:
            with s.begin_nested():
                s.add(KeyValue(key=key, value={"payload": payload}))
        except IntegrityError:
            pass
    return token


def load_payload(s: Session, token: str) -> str | None:
    row = s.get(KeyValue, _PAYLOAD_PREFIX + token)
    return (row.value or {}).get("payload") if row else None
