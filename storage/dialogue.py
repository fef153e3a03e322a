"""Dialogue sessions (hội nghị đối thoại) and the questions citizens register for them."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlmodel import Session, func, select

from storage import codes
from storage.codes import next_code
from storage.models import DialogueQuestion, DialogueSession, QuestionStatus, SessionStatus, utcnow


def create_session(s: Session, **fields: Any) -> DialogueSession:
    ds = DialogueSession(**fields)
    s.add(ds)
    s.flush()
    return ds


def get_session(s: Session, session_id: int) -> DialogueSession | None:
    return s.get(DialogueSession, session_id)


def update_session(s: Session, ds: DialogueSession, **fields: Any) -> None:
    for k, v in fields.items():
        setattr(ds, k, v)
    s.add(ds)
    s.flush()


def upcoming(s: Session, now: datetime | None = None) -> list[DialogueSession]:
    now = now or utcnow()
    return list(
        s.exec(
            select(DialogueSession)
            .where(DialogueSession.status == SessionStatus.planned, DialogueSession.starts_at >= now)
            .order_by(DialogueSession.starts_at)
        ).all()
    )


def all_sessions(s: Session, limit: int = 20) -> list[DialogueSession]:
    return list(s.exec(select(DialogueSession).order_by(DialogueSession.starts_at.desc()).limit(limit)).all())  # type: ignore[attr-defined]


def in_person_count(s: Session, session_id: int) -> int:
    return s.exec(
        select(func.count()).select_from(DialogueQuestion).where(
            DialogueQuestion.session_id == session_id,
            DialogueQuestion.attend_in_person == True,  # noqa: E712
            DialogueQuestion.status != QuestionStatus.withdrawn,
        )
    ).one()


def create_question(s: Session, *, year: int, **fields: Any) -> DialogueQuestion:
    q = DialogueQuestion(code=next_code(s, "DT", year), **fields)
    s.add(q)
    s.flush()
    return q


def get_question(s: Session, code: str) -> DialogueQuestion | None:
    """By code, typed with or without its check letter (None for a wrong check letter)."""
    forms = codes.stored_forms(code)
    if not forms:
        return None
    return s.exec(select(DialogueQuestion).where(DialogueQuestion.code.in_(forms))).first()  # type: ignore[attr-defined]


def questions_for_session(s: Session, session_id: int) -> list[DialogueQuestion]:
    return list(
        s.exec(select(DialogueQuestion).where(DialogueQuestion.session_id == session_id).order_by(DialogueQuestion.id)).all()
    )


def questions_for_citizen(s: Session, citizen_id: int, limit: int = 20) -> list[DialogueQuestion]:
    return list(
        s.exec(
            select(DialogueQuestion).where(DialogueQuestion.citizen_id == citizen_id)
            .order_by(DialogueQuestion.id.desc()).limit(limit)  # type: ignore[union-attr]
        ).all()
    )


def update_question(s: Session, q: DialogueQuestion, **fields: Any) -> None:
    for k, v in fields.items():
        setattr(q, k, v)
    s.add(q)
    s.flush()
