"""The web chat's message history, kept per browser identity (the id inside the signed cookie)."""

from __future__ import annotations

from typing import Any

from sqlmodel import Session, col, func, select

from storage.models import WebMessage

HISTORY_LIMIT = 300  # messages sent to a page that opens (older ones stay in the database)


def add(s: Session, user_id: str, direction: str, text: str, data: dict[str, Any] | None = None) -> WebMessage:
    row = WebMessage(user_id=user_id, direction=direction, text=text, data=data or {})
    s.add(row)
    s.flush()
    return row


def after(s: Session, user_id: str, after_id: int = 0, limit: int = HISTORY_LIMIT) -> list[WebMessage]:
    """The user's messages with an id above ``after_id``, oldest first; on a first load (0), the latest ``limit``."""
    q = select(WebMessage).where(WebMessage.user_id == user_id)
    if after_id > 0:
        return list(s.exec(q.where(col(WebMessage.id) > after_id).order_by(col(WebMessage.id)).limit(limit)).all())
    rows = list(s.exec(q.order_by(col(WebMessage.id).desc()).limit(limit)).all())
    rows.reverse()
    return rows


def latest_id(s: Session) -> int:
    return int(s.exec(select(func.max(WebMessage.id))).one() or 0)


def new_for(s: Session, user_ids: list[str], after_id: int, limit: int = 1000) -> list[WebMessage]:
    """Messages written by other processes (the outbox worker) for connected users since ``after_id``."""
    if not user_ids:
        return []
    return list(s.exec(select(WebMessage).where(col(WebMessage.id) > after_id, col(WebMessage.user_id).in_(user_ids))
                       .order_by(col(WebMessage.id)).limit(limit)).all())


def erase(s: Session, user_id: str) -> int:
    rows = list(s.exec(select(WebMessage).where(WebMessage.user_id == user_id)).all())
    for r in rows:
        s.delete(r)
    s.flush()
    return len(rows)
