"""What a citizen looks up: their own items in one statement, and failed look-ups of other people's items,
counted to stop guessing (per user and per code)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import func, literal, union_all
from sqlalchemy import select as sa_select
from sqlmodel import Session, delete, select

from storage import db
from storage.models import DialogueQuestion, LookupFailure, Petition, ProtectedIdentity

WINDOW = timedelta(hours=24)


# --------------------------------------------------------------------------------------------- own items
@dataclass(frozen=True)
class OwnItem:
    """One line of a citizen's list: a petition (``PA``) or a dialogue question (``DT``)."""

    kind: str
    id: int
    code: str
    status: str
    created_at: datetime


def own_items(s: Session, owners: list[tuple[int, str]], limit: int = 20) -> tuple[list[OwnItem], list[OwnItem]]:
    """(petitions, dialogue questions) of these citizens, each list newest first, in one statement. ``owners``:
    (citizen id, the digest that finds the tố cáo it sent under a sealed identity). Per citizen, as
    bot.services.petitions.items_of and storage.dialogue.questions_for_citizen give them: the newest ``limit``
    petitions (own and sealed together) and the newest ``limit`` questions."""
    if not owners:
        return [], []
    p, q, pi = Petition, DialogueQuestion, ProtectedIdentity
    parts: list[Any] = []
    for n, (cid, digest) in enumerate(owners):
        for kind, part in (
            ("PA", sa_select(p.id, p.code, p.status, p.created_at).where(p.citizen_id == cid)),
            ("PA", sa_select(p.id, p.code, p.status, p.created_at).join(pi, pi.petition_id == p.id)
             .where(pi.owner_digest == digest)),
            ("DT", sa_select(q.id, q.code, q.status, q.created_at).where(q.citizen_id == cid)),
        ):
            inner = part.order_by(part.selected_columns[0].desc()).limit(limit).subquery()
            parts.append(sa_select(literal(n).label("owner"), literal(kind).label("kind"), *inner.c))
    rows = s.execute(union_all(*parts)).all()
    items: list[OwnItem] = []
    questions: list[OwnItem] = []
    for n in range(len(owners)):
        mine = {r.id: OwnItem("PA", r.id, r.code, r.status, r.created_at) for r in rows if r.owner == n and r.kind == "PA"}
        items += sorted(mine.values(), key=lambda x: -x.id)[:limit]
        questions += [OwnItem("DT", r.id, r.code, r.status, r.created_at) for r in rows if r.owner == n and r.kind == "DT"]
    return sorted(items, key=lambda x: -x.id), sorted(questions, key=lambda x: -x.id)


# ------------------------------------------------------------------------------------- failed look-ups
def record_failure(s: Session, subject: str, code: str, at: datetime) -> tuple[int, int]:
    """Record one failure; returns (failures of this subject, failures on this code) in the last 24 hours,
    this one included."""
    s.add(LookupFailure(subject=subject, code=code, at=at))
    s.flush()
    return failure_counts(s, subject, code, since=at - WINDOW)


def failure_counts(s: Session, subject: str, code: str, *, since: datetime) -> tuple[int, int]:
    """(failures of ``subject``, failures on ``code``) since ``since``, in one statement; a second call of the
    same message with the same arguments answers from what the first read (storage.db.memo)."""
    key = ("lookup_failures", subject, code, since)
    memo = db.memo(s)
    if key not in memo:
        lf = LookupFailure
        row = s.exec(select(func.count().filter(lf.subject == subject), func.count().filter(lf.code == code))
                     .where(lf.at > since, (lf.subject == subject) | (lf.code == code))).one()
        memo[key] = (int(row[0]), int(row[1]))
    return memo[key]


def forget_subject(s: Session, subject: str) -> int:
    return int(s.exec(delete(LookupFailure).where(LookupFailure.subject == subject)).rowcount or 0)


def prune(s: Session, before: datetime) -> int:
    return int(s.exec(delete(LookupFailure).where(LookupFailure.at < before)).rowcount or 0)
