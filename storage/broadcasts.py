"""Broadcasts (announcements, reminders): the drafts, their audience, and their expansion into the outbox.

Status: draft → scheduled → sending → done, or cancelled from draft/scheduled/sending.
Transitions that several worker processes may attempt at once (start, finish) are conditional
updates, so exactly one of them wins.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import insert, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import Session

from storage.models import (
    Broadcast,
    Citizen,
    DialogueQuestion,
    DialogueSession,
    Outbox,
    OutboxStatus,
    QuestionStatus,
    SessionStatus,
    utcnow,
)

OPEN = ("draft", "scheduled", "sending")


@dataclass(slots=True)
class Recipient:
    citizen_id: int
    channel: str
    user_id: str
    codes: list[str] = field(default_factory=list)  # the citizen's registration codes (session audience)


def create(s: Session, **fields: Any) -> Broadcast:
    b = Broadcast(**fields)
    s.add(b)
    s.flush()
    return b


def get(s: Session, broadcast_id: int) -> Broadcast | None:
    return s.get(Broadcast, broadcast_id)


def update_fields(s: Session, b: Broadcast, **fields: Any) -> Broadcast:
    for k, v in fields.items():
        setattr(b, k, v)
    s.add(b)
    s.flush()
    return b


def recent(s: Session, limit: int = 10) -> list[Broadcast]:
    return list(s.execute(select(Broadcast).order_by(Broadcast.id.desc()).limit(limit)).scalars().all())  # type: ignore[union-attr]


def with_status(s: Session, *statuses: str) -> list[Broadcast]:
    return list(
        s.execute(select(Broadcast).where(Broadcast.status.in_(statuses)).order_by(Broadcast.id)).scalars().all()  # type: ignore[attr-defined]
    )


def due(s: Session, now: datetime) -> list[Broadcast]:
    """Scheduled broadcasts whose time has come."""
    return list(
        s.execute(
            select(Broadcast)
            .where(Broadcast.status == "scheduled", Broadcast.scheduled_at <= now)  # type: ignore[operator]
            .order_by(Broadcast.id)
        ).scalars().all()
    )


def transition(s: Session, broadcast_id: int, from_statuses: Iterable[str], to_status: str, **fields: Any) -> bool:
    """Conditional status change; True if this call made it (so only one process acts on it)."""
    res = s.execute(
        update(Broadcast)
        .where(Broadcast.id == broadcast_id, Broadcast.status.in_(list(from_statuses)))  # type: ignore[attr-defined]
        .values(status=to_status, **fields)
        .execution_options(synchronize_session=False)
    )
    ok = bool(res.rowcount)  # type: ignore[attr-defined]
    if ok:
        b = s.get(Broadcast, broadcast_id)
        if b is not None:
            s.refresh(b)
    return ok


# ------------------------------------------------------------------------------------------------ audience
def _reachable(q):
    return q.where(Citizen.unreachable == False, Citizen.erased_at.is_(None))  # type: ignore[union-attr]  # noqa: E712


def audience(s: Session, spec: dict[str, Any], session_id: int | None = None) -> list[Recipient]:
    """Who receives a broadcast.

    * ``{"type": "all"}``: subscribed citizens not unreachable and not erased;
    * ``{"type": "topics", "topics": [...]}``: those of them whose interests meet the topics
      (a subscriber with no interests listed wants every topic);
    * ``{"type": "session", "session_id": N}`` (or the broadcast's session): citizens who registered a
      question for that session (withdrawn ones excluded), subscribed or not, if still reachable.
    """
    kind = spec.get("type", "all")
    if kind == "session":
        sid = spec.get("session_id") or session_id
        if sid is None:
            return []
        rows = s.execute(
            _reachable(
                select(Citizen.id, Citizen.channel, Citizen.channel_user_id, DialogueQuestion.code)
                .join(DialogueQuestion, DialogueQuestion.citizen_id == Citizen.id)  # type: ignore[arg-type]
                .where(DialogueQuestion.session_id == int(sid),
                       DialogueQuestion.status != QuestionStatus.withdrawn)
            ).order_by(Citizen.id, DialogueQuestion.id)
        ).all()
        by_id: dict[int, Recipient] = {}
        for cid, channel, uid, code in rows:
            r = by_id.setdefault(cid, Recipient(cid, channel, uid))
            r.codes.append(code)
        return list(by_id.values())
    q = _reachable(select(Citizen.id, Citizen.channel, Citizen.channel_user_id, Citizen.interests)).where(
        Citizen.subscribed == True  # noqa: E712
    )
    rows = s.execute(q.order_by(Citizen.id)).all()
    wanted = set(spec.get("topics") or []) if kind == "topics" else set()
    out = []
    for cid, channel, uid, interests in rows:
        if wanted and interests and not wanted & set(interests):
            continue
        out.append(Recipient(cid, channel, uid))
    return out


def _insert_ignore(s: Session):
    table = Outbox.__table__  # type: ignore[attr-defined]
    name = s.get_bind().dialect.name
    if name == "postgresql":
        return postgresql.insert(table).on_conflict_do_nothing(index_elements=["dedupe_key"])
    if name == "sqlite":
        return sqlite.insert(table).on_conflict_do_nothing(index_elements=["dedupe_key"])
    return insert(table)  # pragma: no cover


def add_rows(s: Session, rows: list[dict[str, Any]], chunk: int = 1000) -> int:
    """Insert outbox rows, skipping those whose dedupe_key already exists. Returns how many were new.

    Rows already present are filtered out first; ``ON CONFLICT DO NOTHING`` covers a concurrent insert.
    """
    n = 0
    now = utcnow()
    for i in range(0, len(rows), chunk):
        part = [
            {"status": OutboxStatus.pending.value, "attempts": 0, "next_attempt_at": now, "created_at": now,
             "purpose": "broadcast", "ref": None, "citizen_id": None, "broadcast_id": None, "dedupe_key": None,
             **r}
            for r in rows[i:i + chunk]
        ]
        keys = [r["dedupe_key"] for r in part if r["dedupe_key"]]
        existing = set(s.execute(select(Outbox.dedupe_key).where(Outbox.dedupe_key.in_(keys))).scalars().all()) \
            if keys else set()  # type: ignore[union-attr]
        part = [r for r in part if r["dedupe_key"] is None or r["dedupe_key"] not in existing]
        if part:
            s.execute(_insert_ignore(s), part)
            n += len(part)
    return n


def count_rows(s: Session, broadcast_id: int) -> int:
    from sqlalchemy import func

    return int(s.execute(select(func.count()).select_from(Outbox).where(Outbox.broadcast_id == broadcast_id)).scalar()
               or 0)


# ------------------------------------------------------------------------------------------------ sessions
def sessions_to_remind(s: Session, start: datetime, end: datetime) -> list[DialogueSession]:
    """Planned sessions starting in [start, end) whose registrants have not been reminded."""
    return list(
        s.execute(
            select(DialogueSession).where(
                DialogueSession.status == SessionStatus.planned,
                DialogueSession.reminded_at.is_(None),  # type: ignore[union-attr]
                DialogueSession.starts_at >= start,
                DialogueSession.starts_at < end,
            ).order_by(DialogueSession.id)
        ).scalars().all()
    )


def mark_reminded(s: Session, session_id: int, now: datetime) -> bool:
    res = s.execute(
        update(DialogueSession)
        .where(DialogueSession.id == session_id, DialogueSession.reminded_at.is_(None))  # type: ignore[union-attr]
        .values(reminded_at=now)
        .execution_options(synchronize_session=False)
    )
    return bool(res.rowcount)  # type: ignore[attr-defined]


def sessions_awaiting_results(s: Session) -> list[DialogueSession]:
    """Sessions held whose results are not published yet."""
    return list(
        s.execute(
            select(DialogueSession).where(
                DialogueSession.held_at.is_not(None),  # type: ignore[union-attr]
                DialogueSession.results_published_at.is_(None),  # type: ignore[union-attr]
                DialogueSession.status != SessionStatus.cancelled,
            ).order_by(DialogueSession.id)
        ).scalars().all()
    )
