"""Satisfaction survey answers (one row per answered question)."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Session, select

from storage.models import SurveyAnswer


def add(s: Session, *, subject: str, answers: dict[str, str], at: datetime, petition_id: int | None = None,
        session_id: int | None = None, citizen_id: int | None = None) -> list[SurveyAnswer]:
    rows = [SurveyAnswer(subject=subject, question=key, choice=choice, petition_id=petition_id,
                         session_id=session_id, citizen_id=citizen_id, created_at=at)
            for key, choice in answers.items()]
    s.add_all(rows)
    s.flush()
    return rows


def answered(s: Session, *, subject: str, citizen_id: int, petition_id: int | None = None,
             session_id: int | None = None) -> bool:
    q = select(SurveyAnswer.id).where(SurveyAnswer.subject == subject, SurveyAnswer.citizen_id == citizen_id)
    if petition_id is not None:
        q = q.where(SurveyAnswer.petition_id == petition_id)
    if session_id is not None:
        q = q.where(SurveyAnswer.session_id == session_id)
    return s.exec(q.limit(1)).first() is not None


def between(s: Session, start: datetime, end: datetime) -> list[SurveyAnswer]:
    q = select(SurveyAnswer).where(SurveyAnswer.created_at >= start, SurveyAnswer.created_at < end)
    return list(s.exec(q.order_by(SurveyAnswer.id)).all())


def for_session(s: Session, session_id: int) -> dict[str, str]:
    """{question: choice} answered about a dialogue session (tests and the minutes)."""
    rows = s.exec(select(SurveyAnswer).where(SurveyAnswer.subject == "dialogue",
                                             SurveyAnswer.session_id == session_id)).all()
    return {r.question: r.choice for r in rows}
