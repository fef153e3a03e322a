"""FAQ entries: synced from the profile, editable by staff."""

from __future__ import annotations

from sqlmodel import Session, select

from storage.models import FaqEntry, utcnow


def sync_from_profile(s: Session, items: list) -> int:
    """Upsert the profile's FAQ (objects with key, question, answer, topic, keywords, alt_questions)."""
    existing = {f.key: f for f in s.exec(select(FaqEntry)).all()}
    keys = set()
    for it in items:
        keys.add(it.key)
        f = existing.get(it.key)
        if f is None:
            f = FaqEntry(key=it.key, question=it.question, answer=it.answer)
        elif f.source != "profile":
            continue
        f.question, f.answer, f.topic = it.question, it.answer, it.topic
        f.keywords, f.alt_questions = list(it.keywords), list(it.alt_questions)
        f.active, f.updated_at = True, utcnow()
        s.add(f)
    for key, f in existing.items():
        if f.source == "profile" and key not in keys:
            f.active = False
            s.add(f)
    s.flush()
    return len(keys)


def active(s: Session) -> list[FaqEntry]:
    return list(s.exec(select(FaqEntry).where(FaqEntry.active == True).order_by(FaqEntry.id)).all())  # noqa: E712


def get(s: Session, key: str) -> FaqEntry | None:
    return s.exec(select(FaqEntry).where(FaqEntry.key == key)).first()
