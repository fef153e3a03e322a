"""Petitions and their timeline."""

from __future__ import annotations

from collections import Counter
from datetime import date
from typing import Any

from sqlmodel import Session, select

from storage.codes import next_code
from storage.models import OPEN_STATUSES, Petition, PetitionEvent, utcnow


def create(s: Session, *, year: int, actor: str = "citizen", **fields: Any) -> Petition:
    """Insert a petition with a fresh code and its first timeline event."""
    p = Petition(code=next_code(s, "PA", year), **fields)
    s.add(p)
    s.flush()
    add_event(s, p, actor=actor, action="created", to_status=p.status)
    return p


def get_by_code(s: Session, code: str) -> Petition | None:
    return s.exec(select(Petition).where(Petition.code == code)).first()


def for_citizen(s: Session, citizen_id: int, limit: int = 20) -> list[Petition]:
    return list(
        s.exec(
            select(Petition).where(Petition.citizen_id == citizen_id).order_by(Petition.id.desc()).limit(limit)  # type: ignore[union-attr]
        ).all()
    )


def add_event(
    s: Session,
    p: Petition,
    *,
    actor: str,
    action: str,
    staff_id: int | None = None,
    from_status: str | None = None,
    to_status: str | None = None,
    note: str | None = None,
    public: bool = True,
    data: dict[str, Any] | None = None,
) -> PetitionEvent:
    ev = PetitionEvent(
        petition_id=p.id, actor=actor, staff_id=staff_id, action=action, from_status=from_status,
        to_status=to_status, note=note, public=public, data=data or {},
    )
    s.add(ev)
    s.flush()
    return ev


def set_status(
    s: Session, p: Petition, status: str, *, actor: str, action: str, staff_id: int | None = None,
    note: str | None = None, public: bool = True, **fields: Any,
) -> PetitionEvent:
    old = p.status
    for k, v in fields.items():
        setattr(p, k, v)
    p.status = status
    p.updated_at = utcnow()
    s.add(p)
    return add_event(s, p, actor=actor, action=action, staff_id=staff_id, from_status=old, to_status=status,
                     note=note, public=public)


def update(s: Session, p: Petition, **fields: Any) -> None:
    for k, v in fields.items():
        setattr(p, k, v)
    p.updated_at = utcnow()
    s.add(p)
    s.flush()


def events(s: Session, petition_id: int, public_only: bool = False) -> list[PetitionEvent]:
    q = select(PetitionEvent).where(PetitionEvent.petition_id == petition_id)
    if public_only:
        q = q.where(PetitionEvent.public == True)  # noqa: E712
    return list(s.exec(q.order_by(PetitionEvent.id)).all())


def inbox(
    s: Session, *, statuses: list[str] | None = None, department: str | None = None,
    overdue_before: date | None = None, assignee_id: int | None = None, limit: int = 20,
) -> list[Petition]:
    q = select(Petition)
    q = q.where(Petition.status.in_(statuses or [str(x) for x in OPEN_STATUSES]))  # type: ignore[attr-defined]
    if department:
        q = q.where(Petition.department_code == department)
    if assignee_id:
        q = q.where(Petition.assignee_id == assignee_id)
    if overdue_before:
        q = q.where(Petition.due_date < overdue_before)  # type: ignore[operator]
    return list(s.exec(q.order_by(Petition.due_date, Petition.id).limit(limit)).all())  # type: ignore[arg-type]


def open_items(s: Session) -> list[Petition]:
    return list(
        s.exec(select(Petition).where(Petition.status.in_([str(x) for x in OPEN_STATUSES]))).all()  # type: ignore[attr-defined]
    )


def stats(s: Session, since=None) -> dict[str, Any]:
    q = select(Petition)
    if since is not None:
        q = q.where(Petition.created_at >= since)
    rows = list(s.exec(q).all())
    ratings = [p.rating for p in rows if p.rating]
    answered = [p for p in rows if p.answered_at is not None]
    on_time = [p for p in answered if p.due_date is None or p.answered_at.date() <= p.due_date]
    return {
        "total": len(rows),
        "by_status": dict(Counter(p.status for p in rows)),
        "by_kind": dict(Counter(p.kind for p in rows)),
        "by_topic": dict(Counter(p.topic for p in rows)),
        "answered": len(answered),
        "on_time": len(on_time),
        "ratings": dict(Counter(ratings)),
        "rating_count": len(ratings),
    }
