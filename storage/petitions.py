"""Petitions and their timeline."""

from __future__ import annotations

from collections import Counter
from datetime import date, datetime
from typing import Any

from sqlalchemy import update as sa_update
from sqlalchemy.orm.attributes import set_committed_value
from sqlmodel import Session, func, select

from storage import codes
from storage.codes import next_code
from storage.models import OPEN_STATUSES, Petition, PetitionEvent, utcnow


def create(s: Session, *, year: int, actor: str = "citizen", **fields: Any) -> Petition:
    """Insert a petition with a fresh code and its first timeline event."""
    p = Petition(code=next_code(s, "PA", year), **fields)
    s.add(p)
    s.flush()
    add_event(s, p, actor=actor, action="created", to_status=p.status, at=p.created_at)
    return p


def get_by_code(s: Session, code: str) -> Petition | None:
    """By code, typed with or without its check letter (None for a wrong check letter)."""
    forms = codes.stored_forms(code)
    return s.exec(select(Petition).where(Petition.code.in_(forms))).first() if forms else None  # type: ignore[attr-defined]


def for_citizen(s: Session, citizen_id: int, limit: int = 20) -> list[Petition]:
    return list(
        s.exec(
            select(Petition).where(Petition.citizen_id == citizen_id).order_by(Petition.id.desc()).limit(limit)  # type: ignore[union-attr]
        ).all()
    )


def awaiting_info(s: Session, citizen_ids: list[int]) -> Petition | None:
    """The newest item of these citizens for which the agency asked more information (one indexed query)."""
    if not citizen_ids:
        return None
    return s.exec(
        select(Petition).where(Petition.citizen_id.in_(citizen_ids), Petition.status == "needs_info")  # type: ignore[union-attr]
        .order_by(Petition.id.desc()).limit(1)  # type: ignore[union-attr]
    ).first()


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
    at: datetime | None = None,
) -> PetitionEvent:
    ev = PetitionEvent(
        petition_id=p.id, actor=actor, staff_id=staff_id, action=action, from_status=from_status,
        to_status=to_status, note=note, public=public, data=data or {}, at=at or utcnow(),
    )
    s.add(ev)
    s.flush()
    return ev


class StaleStatus(Exception):
    """The item's status changed since it was read (another officer acted first)."""


def move(
    s: Session, p: Petition, to_status: str, *, actor: str, action: str, staff_id: int | None = None,
    note: str | None = None, public: bool = True, data: dict[str, Any] | None = None, at: datetime | None = None,
    **fields: Any,
) -> PetitionEvent:
    """Move ``p`` from the status it was read in to ``to_status`` (a compare-and-set) and record the event.

    The caller (bot.services.petitions) has checked the move against the lifecycle table; here a
    concurrent change is detected: when another transaction moved the item first, nothing is written
    and :class:`StaleStatus` is raised.
    """
    old = p.status
    values = {**fields, "status": to_status, "updated_at": at or utcnow()}
    res = s.execute(
        sa_update(Petition).where(Petition.id == p.id, Petition.status == old).values(**values)
        .execution_options(synchronize_session=False)
    )
    if res.rowcount != 1:
        s.refresh(p)
        raise StaleStatus(p.code)
    for k, v in values.items():
        set_committed_value(p, k, v)
    return add_event(s, p, actor=actor, action=action, staff_id=staff_id, from_status=old, to_status=to_status,
                     note=note, public=public, data=data, at=at)


def update(s: Session, p: Petition, **fields: Any) -> None:
    """Change an item's data (never its status: that is :func:`move`)."""
    if "status" in fields:
        raise ValueError("status changes go through storage.petitions.move")
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
    overdue_before: date | None = None, assignee_id: int | None = None, unassigned: bool = False,
    limit: int = 20,
) -> list[Petition]:
    q = select(Petition)
    if unassigned:
        q = q.where(Petition.assignee_id == None)  # noqa: E711
    q = q.where(Petition.status.in_(statuses or [str(x) for x in OPEN_STATUSES]))  # type: ignore[attr-defined]
    if department:
        q = q.where(Petition.department_code == department)
    if assignee_id:
        q = q.where(Petition.assignee_id == assignee_id)
    if overdue_before:
        q = q.where(Petition.due_date < overdue_before)  # type: ignore[operator]
    return list(s.exec(q.order_by(Petition.due_date, Petition.id).limit(limit)).all())  # type: ignore[arg-type]


def count_all(s: Session) -> int:
    return s.exec(select(func.count()).select_from(Petition)).one()


def count_overdue(s: Session, today: date) -> int:
    """Open items whose due date has passed (counted in SQL, not capped)."""
    return s.exec(
        select(func.count()).select_from(Petition).where(
            Petition.status.in_([str(x) for x in OPEN_STATUSES]),  # type: ignore[attr-defined]
            Petition.due_date < today,  # type: ignore[operator]
        )
    ).one()


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
        "dissatisfied_comments": [(p.code, p.rating_comment) for p in rows if p.rating == 1 and p.rating_comment
                                  and not (p.confidential or p.anonymous)],
        "rating_count": len(ratings),
    }
