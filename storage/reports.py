"""Report figures as SQL aggregates, and the rows of exports streamed from the database.

Nothing here loads petitions as ORM objects: every figure is a ``GROUP BY`` computed by the database, and
exports read plain tuples through a server-side cursor (PostgreSQL) in batches.

Local dates. Datetimes are stored in UTC; a report's period and the "answered on time" test use the agency's
time zone (the profile's ``timezone``). On PostgreSQL the conversion is ``timezone(zone, column)``; SQLite has
no time zones, so a zone with one UTC offset over the period (Asia/Ho_Chi_Minh: +07:00 since 1975) becomes a
fixed shift, and a zone with daylight saving time goes through ``pakn_local_date`` (registered per connection
in storage/db.py).

Working days. bot/workdays.py numbers every day of a range (working days counted from a fixed day); the array
of numbers is one query parameter, indexed in SQL by the day's offset, and the working days between two dates
are the difference of their numbers.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import and_, case, func, select, text
from sqlalchemy.sql import ColumnElement
from sqlmodel import Session

from storage.models import (
    OPEN_STATUSES,
    Broadcast,
    Citizen,
    DialogueQuestion,
    DialogueSession,
    ExportRecord,
    Outbox,
    Petition,
    QuestionStatus,
    SurveyAnswer,
)

OPEN = [str(x) for x in OPEN_STATUSES]


# ------------------------------------------------------------------------------------------ scope and zone
@dataclass(frozen=True)
class Scope:
    """Petitions received in ``[start, end]`` (local dates, inclusive), optionally one department or topic."""

    start: date
    end: date
    timezone: str = "Asia/Ho_Chi_Minh"
    department: str | None = None
    topic: str | None = None

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    @property
    def start_utc(self) -> datetime:
        return datetime(self.start.year, self.start.month, self.start.day, tzinfo=self.zone).astimezone(UTC)

    @property
    def end_utc(self) -> datetime:
        """The first instant after the period (exclusive bound)."""
        d = self.end + timedelta(days=1)
        return datetime(d.year, d.month, d.day, tzinfo=self.zone).astimezone(UTC)

    def fixed_offset(self, until: date) -> int | None:
        """The zone's UTC offset in seconds if it is the same from the period's start to ``until``."""
        zone = self.zone
        offsets = set()
        for year in range(self.start.year - 1, max(until.year, self.end.year) + 2):
            for month in (1, 4, 7, 10):
                off = datetime(year, month, 1, 12, tzinfo=zone).utcoffset()
                offsets.add(int(off.total_seconds()) if off is not None else 0)
        return offsets.pop() if len(offsets) == 1 else None


def _local_date(s: Session, col: Any, scope: Scope, until: date) -> ColumnElement[Any]:
    """The local calendar date of a UTC datetime column, as the database sees it."""
    if s.get_bind().dialect.name == "postgresql":
        return func.date(func.timezone(scope.timezone, col))
    off = scope.fixed_offset(until)
    if off is not None:
        return func.date(col, f"{off:+d} seconds")
    return func.pakn_local_date(col, scope.timezone)


def _date_param(s: Session, d: date) -> Any:
    """A date compared with ``_local_date`` (SQLite compares ISO strings)."""
    return d if s.get_bind().dialect.name == "postgresql" else d.isoformat()


def _where(scope: Scope) -> list[ColumnElement[bool]]:
    conds: list[ColumnElement[bool]] = [Petition.created_at >= scope.start_utc, Petition.created_at < scope.end_utc]  # type: ignore[list-item]
    if scope.department:
        conds.append(Petition.department_code == scope.department)  # type: ignore[arg-type]
    if scope.topic:
        conds.append(Petition.topic == scope.topic)  # type: ignore[arg-type]
    return conds


# ------------------------------------------------------------------------------------------ petitions
@dataclass(frozen=True)
class Group:
    """Petitions of one (kind, topic, department, status, channel) combination received in the period."""

    kind: str
    topic: str
    department: str | None
    status: str
    channel: str
    total: int
    answered: int
    on_time: int
    late: int
    overdue: int  # still open and past the due date today
    rated: dict[int, int]  # rating (1..3) -> count


def petition_groups(s: Session, scope: Scope, today: date) -> list[Group]:
    """One pass over the period's petitions, grouped by every dimension the report breaks down by.

    On time: the local date of ``answered_at`` is on or before ``due_date`` (an answer at 06:30 local time
    the day after the deadline is late); answered items without a due date count as on time."""
    P = Petition
    answered_local = _local_date(s, P.answered_at, scope, today)
    is_answered = P.answered_at.is_not(None)  # type: ignore[union-attr]
    late_cond = and_(is_answered, P.due_date.is_not(None), answered_local > P.due_date)  # type: ignore[union-attr]
    dims = (P.kind, P.topic, P.department_code, P.status, P.channel)

    def count_if(cond: Any) -> Any:
        return func.coalesce(func.sum(case((cond, 1), else_=0)), 0)

    q = (
        select(
            *dims,
            func.count(),
            func.count(P.answered_at),
            count_if(late_cond),
            count_if(and_(P.status.in_(OPEN), P.due_date < today)),  # type: ignore[attr-defined,operator]
            count_if(P.rating == 1),
            count_if(P.rating == 2),
            count_if(P.rating == 3),
        )
        .where(*_where(scope))
        .group_by(*dims)
    )
    out = []
    for kind, topic, dept, status, channel, n, answered, late, overdue, r1, r2, r3 in s.execute(q).all():
        out.append(Group(kind, topic, dept, status, channel, int(n), int(answered), int(answered) - int(late),
                         int(late), int(overdue), {1: int(r1), 2: int(r2), 3: int(r3)}))
    return out


def answer_days(s: Session, scope: Scope, today: date, days: Sequence[date], numbers: Sequence[int]) -> dict[int, int]:
    """Working days from receipt to answer (both local dates) -> number of petitions.

    ``days``/``numbers``: the calendar from ``WorkCalendar.numbers``, consecutive days from ``days[0]`` covering
    every receipt and answer date of the period. It is sent as one array parameter and indexed by the day's
    offset from ``days[0]`` (no join): working days = number(answer day) - number(receipt day)."""
    first = days[0]
    if s.get_bind().dialect.name == "postgresql":
        def num(col: str) -> str:
            return f"(CAST(:wd_cal AS integer[]))[date(timezone(:wd_tz, {col})) - CAST(:wd_first AS date) + 1]"

        params: dict[str, Any] = {"wd_cal": list(numbers), "wd_first": first, "wd_tz": scope.timezone}
    else:
        off = scope.fixed_offset(today)

        def num(col: str) -> str:
            day = f"date({col}, '{off:+d} seconds')" if off is not None else f"pakn_local_date({col}, :wd_tz)"
            return f"json_extract(:wd_cal, '$[' || CAST(julianday({day}) - julianday(:wd_first) AS INTEGER) || ']')"

        params = {"wd_cal": json.dumps(list(numbers)), "wd_first": first.isoformat()}
        if off is None:
            params["wd_tz"] = scope.timezone
    wd = text(f"{num('petitions.answered_at')} - {num('petitions.created_at')}").bindparams(**params)
    q = (select(wd, func.count()).select_from(Petition)
         .where(*_where(scope), Petition.answered_at.is_not(None))  # type: ignore[union-attr]
         .group_by(text("1")))
    return {int(w): int(n) for w, n in s.execute(q).all() if w is not None}


def overdue_by_department(s: Session, today: date, department: str | None = None) -> dict[str | None, int]:
    """Open petitions past their due date today, per department (any receipt date): the true count, from the
    partial index on open items."""
    q = select(Petition.department_code, func.count()).where(
        Petition.status.in_(OPEN), Petition.due_date < today  # type: ignore[attr-defined,operator]
    )
    if department:
        q = q.where(Petition.department_code == department)
    return {d: int(n) for d, n in s.execute(q.group_by(Petition.department_code)).all()}


def overdue_count(s: Session, today: date, department: str | None = None) -> int:
    q = select(func.count()).select_from(Petition).where(
        Petition.status.in_(OPEN), Petition.due_date < today  # type: ignore[attr-defined,operator]
    )
    if department:
        q = q.where(Petition.department_code == department)
    return int(s.execute(q).scalar_one())


def dissatisfied_comments(s: Session, scope: Scope, limit: int = 20) -> list[tuple[str, str, str]]:
    """(code, kind, comment) of "không hài lòng" ratings with a comment, newest first."""
    q = (
        select(Petition.code, Petition.kind, Petition.rating_comment)
        .where(*_where(scope), Petition.rating == 1, Petition.rating_comment.is_not(None))  # type: ignore[union-attr]
        .order_by(Petition.rated_at.desc(), Petition.id.desc())  # type: ignore[union-attr]
        .limit(limit)
    )
    return [(c, k, m) for c, k, m in s.execute(q).all() if m and m.strip()]


def survey_counts(s: Session, scope: Scope) -> dict[tuple[str, str, str], int]:
    """{(subject, question, choice): answers} of the satisfaction surveys answered in the period. With a
    department or topic, only the surveys after answers of that department's or topic's items."""
    q = (select(SurveyAnswer.subject, SurveyAnswer.question, SurveyAnswer.choice, func.count())
         .where(SurveyAnswer.created_at >= scope.start_utc, SurveyAnswer.created_at < scope.end_utc)
         .group_by(SurveyAnswer.subject, SurveyAnswer.question, SurveyAnswer.choice))
    if scope.department or scope.topic:
        q = q.join(Petition, Petition.id == SurveyAnswer.petition_id)  # type: ignore[arg-type]
        if scope.department:
            q = q.where(Petition.department_code == scope.department)
        if scope.topic:
            q = q.where(Petition.topic == scope.topic)
    return {(subj, question, choice): n for subj, question, choice, n in s.execute(q).all()}


# ------------------------------------------------------------------------------------------ dialogue
@dataclass(frozen=True)
class SessionFigures:
    id: int
    title: str
    starts_at: datetime
    status: str
    held_at: datetime | None
    published_at: datetime | None
    registered: int  # questions not withdrawn
    in_person: int
    attended: int
    absent: int  # registered to attend, not checked in (only meaningful once held)
    answered_at_session: int  # answered on the day the session was held
    answered_in_writing: int  # answered on a later day
    forwarded: int
    unanswered: int


def dialogue_sessions(s: Session, scope: Scope, today: date) -> list[SessionFigures]:
    """Sessions that took (or take) place in the period with their questions' figures."""
    D, Q = DialogueSession, DialogueQuestion
    live = Q.status != QuestionStatus.withdrawn
    q_day = _local_date(s, Q.answered_at, scope, today)
    held_day = _local_date(s, func.coalesce(D.held_at, D.starts_at), scope, today)

    def count_if(cond: Any) -> Any:
        return func.coalesce(func.sum(case((cond, 1), else_=0)), 0)

    q = (
        select(
            D.id, D.title, D.starts_at, D.status, D.held_at, D.results_published_at,
            count_if(and_(Q.id.is_not(None), live)),  # type: ignore[union-attr]
            count_if(and_(live, Q.attend_in_person == True)),  # noqa: E712
            count_if(and_(live, Q.checked_in_at.is_not(None))),  # type: ignore[union-attr]
            count_if(and_(live, Q.attend_in_person == True, Q.checked_in_at.is_(None))),  # type: ignore[union-attr]  # noqa: E712
            count_if(and_(live, Q.answered_at.is_not(None), q_day <= held_day)),  # type: ignore[union-attr]
            count_if(and_(live, Q.answered_at.is_not(None), q_day > held_day)),  # type: ignore[union-attr]
            count_if(Q.status == QuestionStatus.forwarded),
            count_if(and_(live, Q.answered_at.is_(None), Q.status != QuestionStatus.forwarded)),  # type: ignore[union-attr]
        )
        .select_from(D)
        .outerjoin(Q, Q.session_id == D.id)
        .where(D.starts_at >= scope.start_utc, D.starts_at < scope.end_utc)
        .group_by(D.id, D.title, D.starts_at, D.status, D.held_at, D.results_published_at)
        .order_by(D.starts_at)
    )
    return [SessionFigures(*row[:6], *(int(x) for x in row[6:])) for row in s.execute(q).all()]


# ------------------------------------------------------------------------------------------ announcements
@dataclass
class AnnouncementFigures:
    broadcasts: int = 0
    recipients: int = 0
    by_status: dict[str, int] = field(default_factory=dict)  # outbox status -> messages
    unsubscribed: int = 0  # recipients who have since unsubscribed


def announcements(s: Session, scope: Scope) -> AnnouncementFigures:
    """Announcements started in the period and what became of their messages."""
    B, Ob = Broadcast, Outbox
    in_period = and_(B.started_at >= scope.start_utc, B.started_at < scope.end_utc)  # type: ignore[operator]
    n, total = s.execute(select(func.count(), func.coalesce(func.sum(B.total), 0)).where(in_period)).one()
    out = AnnouncementFigures(broadcasts=int(n), recipients=int(total))
    if not n:
        return out
    ids = select(B.id).where(in_period).scalar_subquery()
    out.by_status = {st: int(c) for st, c in s.execute(
        select(Ob.status, func.count()).where(Ob.broadcast_id.in_(ids)).group_by(Ob.status)  # type: ignore[union-attr]
    ).all()}
    out.unsubscribed = int(s.execute(
        select(func.count(func.distinct(Ob.citizen_id))).select_from(Ob).join(Citizen, Citizen.id == Ob.citizen_id)
        .where(Ob.broadcast_id.in_(ids), Citizen.subscribed == False)  # type: ignore[union-attr]  # noqa: E712
    ).scalar_one())
    return out


# ------------------------------------------------------------------------------------------ exports
EXPORT_COLUMNS = (
    "code", "kind", "topic", "department_code", "channel", "status", "created_at", "due_date", "answered_at",
    "closed_at", "full_name", "phone", "address", "content", "answer", "rating", "rating_comment", "urgent",
    "anonymous", "source_ref", "organisation", "place_text", "place_lat", "place_lon", "place_commune_code",
)


def export_rows(s: Session, scope: Scope, kind: str | None = None, batch: int = 2000) -> Iterator[tuple[Any, ...]]:
    """The period's petitions (one kind, or all) as tuples in ``EXPORT_COLUMNS`` order, oldest first, read in
    batches through a server-side cursor where the database has one (memory stays bounded)."""
    cols = [getattr(Petition, c) for c in EXPORT_COLUMNS]
    q = select(*cols).where(*_where(scope))
    if kind:
        q = q.where(Petition.kind == kind)
    q = q.order_by(Petition.created_at, Petition.id).execution_options(yield_per=batch)
    result = s.execute(q)
    try:
        for part in result.partitions():
            yield from (tuple(r) for r in part)
    finally:
        result.close()


def record_export(s: Session, *, actor: str, staff_id: int | None, format: str, scope: Scope, rows: int,
                  confidential_content: bool, file_name: str | None) -> ExportRecord:
    rec = ExportRecord(actor=actor, staff_id=staff_id, format=format, period_start=scope.start, period_end=scope.end,
                       department=scope.department, topic=scope.topic, rows=rows,
                       confidential_content=confidential_content, file_name=file_name)
    s.add(rec)
    s.flush()
    return rec


def export_log(s: Session, limit: int = 50) -> list[ExportRecord]:
    return list(s.execute(select(ExportRecord).order_by(ExportRecord.id.desc()).limit(limit)).scalars().all())  # type: ignore[union-attr]


def petition_by_source_ref(s: Session, ref: str) -> Petition | None:
    """The petition entered from a register row (``source_ref``), if it was entered already."""
    return s.execute(select(Petition).where(Petition.source_ref == ref)).scalars().first()
