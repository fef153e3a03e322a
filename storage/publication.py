"""Publication of answered items on the public page: the citizen's consent and the staff-approved text."""

from __future__ import annotations

from collections import Counter
from datetime import datetime
from typing import Any

from sqlmodel import Session, col, func, or_, select

from storage.models import (
    DialogueQuestion,
    DialogueSession,
    Petition,
    PetitionStatus,
    Publication,
    PublicationStatus,
    SessionStatus,
    utcnow,
)

NEVER_PUBLISHED_KINDS = ("khieu_nai", "to_cao")
SHOWN_STATUSES = (PetitionStatus.answered, PetitionStatus.closed)


def record_consent(s: Session, petition_id: int, *, new: bool = False) -> Publication:
    """``new``: the petition was created in this unit of work, so it has no row yet (nothing to read)."""
    row = None if new else get(s, petition_id)
    if row is None:
        row = Publication(petition_id=petition_id)
        s.add(row)
        s.flush()
    return row


def get(s: Session, petition_id: int) -> Publication | None:
    return s.exec(select(Publication).where(Publication.petition_id == petition_id)).first()


def update(s: Session, row: Publication, **fields: Any) -> Publication:
    for k, v in fields.items():
        setattr(row, k, v)
    row.updated_at = utcnow()
    s.add(row)
    s.flush()
    return row


def _published_query(topic: str | None, text: str | None):
    q = (select(Publication, Petition).join(Petition, col(Petition.id) == col(Publication.petition_id))
         .where(Publication.status == PublicationStatus.approved,
                col(Petition.kind).not_in(NEVER_PUBLISHED_KINDS),
                col(Petition.status).in_([str(x) for x in SHOWN_STATUSES])))
    if topic:
        q = q.where(Petition.topic == topic)
    if text:
        like = f"%{text.lower()}%"
        q = q.where(or_(func.lower(Publication.content).like(like), func.lower(Publication.answer).like(like),
                        func.lower(Petition.code).like(like)))
    return q


def published(s: Session, *, topic: str | None = None, text: str | None = None, page: int = 1,
              per_page: int = 10) -> tuple[list[tuple[Publication, Petition]], int]:
    """Approved items (never tố cáo or khiếu nại), newest answer first, one page of them, and the total."""
    q = _published_query(topic, text)
    total = int(s.exec(select(func.count()).select_from(q.subquery())).one())
    rows = s.exec(q.order_by(col(Petition.answered_at).desc(), col(Petition.id).desc())
                  .offset(max(0, page - 1) * per_page).limit(per_page)).all()
    return [(pub, p) for pub, p in rows], total


def period_stats(s: Session, since: datetime, until: datetime) -> dict[str, Any]:
    """Counts per status of the items received in [since, until), and how many were answered on time."""
    rows = s.exec(select(Petition.status, Petition.due_date, Petition.answered_at)
                  .where(col(Petition.created_at) >= since, col(Petition.created_at) < until)).all()
    by_status = Counter(str(st) for st, _, _ in rows)
    answered = [(due, at) for _, due, at in rows if at is not None]
    on_time = sum(1 for due, at in answered if due is None or at.date() <= due)
    return {"total": len(rows), "by_status": dict(by_status), "answered": len(answered), "on_time": on_time}


def sessions_upcoming(s: Session, now: datetime) -> list[DialogueSession]:
    return list(s.exec(select(DialogueSession).where(DialogueSession.status == SessionStatus.planned,
                                                     col(DialogueSession.starts_at) >= now)
                       .order_by(col(DialogueSession.starts_at))).all())


def sessions_held(s: Session, limit: int = 10) -> list[tuple[DialogueSession, list[DialogueQuestion]]]:
    """Held sessions whose results were published, with their answered questions."""
    sessions = list(s.exec(select(DialogueSession).where(
        col(DialogueSession.status).in_([SessionStatus.held, SessionStatus.published]))
        .order_by(col(DialogueSession.starts_at).desc()).limit(limit)).all())
    out = []
    for ds in sessions:
        qs = list(s.exec(select(DialogueQuestion).where(DialogueQuestion.session_id == ds.id,
                                                        col(DialogueQuestion.answer).is_not(None))
                         .order_by(col(DialogueQuestion.id))).all())
        if ds.results_published_at is None:
            qs = []  # answers appear once staff published the results (/doithoai_congbo)
        out.append((ds, qs))
    return out
