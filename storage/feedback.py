"""Staff reclassifications kept as NLU training feedback."""

from __future__ import annotations

from sqlmodel import Session, select

from storage.models import NluFeedback


def add(s: Session, **fields) -> NluFeedback:
    row = NluFeedback(**fields)
    s.add(row)
    s.flush()
    return row


def export(s: Session) -> list[dict]:
    out = []
    for f in s.exec(select(NluFeedback).order_by(NluFeedback.id)).all():
        out.append({"text": f.text, "intent": "petition", "kind": f.new_kind or f.old_kind,
                    "topic": f.new_topic or f.old_topic, "source": "feedback"})
    return out
