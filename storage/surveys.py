"""Satisfaction survey responses."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlmodel import Session, select

from storage.models import SurveyResponse


def add(s: Session, *, subject: str, answers: dict[str, Any], at: datetime, petition_id: int | None = None,
        session_id: int | None = None, citizen_id: int | None = None) -> SurveyResponse:
    row = SurveyResponse(subject=subject, answers=answers, petition_id=petition_id, session_id=session_id,
                         citizen_id=citizen_id, created_at=at)
    s.add(row)
    s.flush()
    return row


def answered(s: Session, *, subject: str, citizen_id: int, petition_id: int | None = None,
             session_id: int | None = None) -> bool:
    q = select(SurveyResponse.id).where(SurveyResponse.subject == subject, SurveyResponse.citizen_id == citizen_id)
    if petition_id is not None:
        q = q.where(SurveyResponse.petition_id == petition_id)
    if session_id is not None:
        q = q.where(SurveyResponse.session_id == session_id)
    return s.exec(q.limit(1)).first() is not None


def between(s: Session, start: datetime, end: datetime, subject: str | None = None) -> list[SurveyResponse]:
    q = select(SurveyResponse).where(SurveyResponse.created_at >= start, SurveyResponse.created_at < end)
    if subject:
        q = q.where(SurveyResponse.subject == subject)
    return list(s.exec(q.order_by(SurveyResponse.id)).all())


def for_session(s: Session, session_id: int) -> list[SurveyResponse]:
    return list(s.exec(select(SurveyResponse).where(SurveyResponse.subject == "dialogue",
                                                    SurveyResponse.session_id == session_id)).all())
