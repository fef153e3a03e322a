"""Run-once flags for scheduled jobs, kept in the ``kv`` table.

``claim_once(s, key)`` inserts the key if it is absent and says whether this transaction did it.
Done in the same transaction as the job's effects (the messages it queues), it makes a job run
exactly once per key even with several worker processes: on PostgreSQL a concurrent insert of the
same key waits for the first transaction and then finds the key taken; a rolled-back job leaves no
key behind, so it runs again later.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, case, delete, func, insert, literal, select, true
from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import Session

from storage.models import OPEN_STATUSES, KeyValue, Petition, PetitionEvent, Staff, utcnow


def _insert(s: Session):
    name = s.get_bind().dialect.name
    table = KeyValue.__table__  # type: ignore[attr-defined]
    if name == "postgresql":
        return postgresql.insert(table)
    if name == "sqlite":
        return sqlite.insert(table)
    raise NotImplementedError(f"unsupported database: {name}")  # pragma: no cover


def claim_once(s: Session, key: str, value: dict[str, Any] | None = None, now: datetime | None = None) -> bool:
    """True if ``key`` was absent and is now recorded by this transaction."""
    table = KeyValue.__table__  # type: ignore[attr-defined]
    stmt = (
        _insert(s).values(key=key, value=value or {}, updated_at=now or utcnow())
        .on_conflict_do_nothing(index_elements=["key"])
        .returning(table.c.key)  # rowcount is not reliable for INSERT … ON CONFLICT on every driver
    )
    return s.execute(stmt).first() is not None


def get(s: Session, key: str) -> dict[str, Any] | None:
    row = s.get(KeyValue, key)
    return dict(row.value) if row is not None else None


def put(s: Session, key: str, value: dict[str, Any]) -> None:
    row = s.get(KeyValue, key)
    if row is None:
        s.add(KeyValue(key=key, value=value))
    else:
        row.value = value
        row.updated_at = utcnow()
        s.add(row)
    s.flush()


def forget(s: Session, key: str) -> None:
    s.execute(delete(KeyValue).where(KeyValue.key == key))


def keys_with_prefix(s: Session, prefix: str) -> list[str]:
    return list(s.execute(select(KeyValue.key).where(KeyValue.key.startswith(prefix))).scalars().all())  # type: ignore[attr-defined]


# ------------------------------------------------------------------------------------------ deadline digest
# Open items due by a day, by the partial indexes on open petitions (ix_petitions_open_due): the digest loads
# the lines it shows and counts the rest, so its cost does not grow with the number of overdue items.
DIGEST_COLUMNS = (Petition.id, Petition.code, Petition.kind, Petition.due_date, Petition.assignee_id, Petition.urgent)


def _due_by(last_day: date) -> list[Any]:
    return [Petition.status.in_([str(x) for x in OPEN_STATUSES]),  # type: ignore[attr-defined]
            Petition.due_date.is_not(None), Petition.due_date <= last_day]  # type: ignore[union-attr,operator]


def digest_counts(s: Session, last_day: date, today: date) -> tuple[int, int]:
    """(overdue, due from today to ``last_day``) among open petitions."""
    overdue, soon = s.execute(
        select(func.coalesce(func.sum(case((Petition.due_date < today, 1), else_=0)), 0),  # type: ignore[operator]
               func.coalesce(func.sum(case((Petition.due_date >= today, 1), else_=0)), 0))  # type: ignore[operator]
        .where(*_due_by(last_day))
    ).one()
    return int(overdue), int(soon)


def digest_counts_by_assignee(s: Session, last_day: date, today: date) -> dict[int | None, tuple[int, int]]:
    """assignee id (None: nobody yet) -> (overdue, due from today to ``last_day``) among open petitions: one scan
    of the partial index gives the digest's totals and every assignee's counts."""
    rows = s.execute(
        select(Petition.assignee_id,
               func.sum(case((Petition.due_date < today, 1), else_=0)), func.count())  # type: ignore[operator]
        .where(*_due_by(last_day)).group_by(Petition.assignee_id)
    ).all()
    return {(int(a) if a is not None else None): (int(o), int(n) - int(o)) for a, o, n in rows}


def digest_rows(s: Session, last_day: date, limit: int) -> list[Any]:
    """The first ``limit`` open petitions due by ``last_day`` (earliest first), as rows of DIGEST_COLUMNS."""
    q = select(*DIGEST_COLUMNS).where(*_due_by(last_day)).order_by(Petition.due_date, Petition.id).limit(limit)
    return list(s.connection().execute(q).all())


def digest_rows_by_assignee(s: Session, last_day: date, today: date, limit: int,
                            counts: dict[int | None, tuple[int, int]] | None = None) -> dict[int, tuple[list[Any], int, int]]:
    """assignee id -> (their first ``limit`` rows, overdue count, due-soon count).

    Counts in one GROUP BY (or ``counts``, from digest_counts_by_assignee) and rows in one LATERAL query on
    PostgreSQL (both read the partial index ix_petitions_open_assignee_due); one small query per assignee on SQLite."""
    if counts is None:
        counts = digest_counts_by_assignee(s, last_day, today)
    out: dict[int, tuple[list[Any], int, int]] = {a: ([], o, n) for a, (o, n) in counts.items() if a is not None}
    if not out:
        return out

    def mine(owner: Any) -> Any:
        return (select(*DIGEST_COLUMNS).where(*_due_by(last_day), Petition.assignee_id == owner)
                .order_by(Petition.due_date, Petition.id).limit(limit))

    if s.get_bind().dialect.name == "postgresql":
        lat = mine(Staff.id).lateral("mine")
        q = select(lat).select_from(Staff).join(lat, true()).where(Staff.id.in_(list(out)))  # type: ignore[union-attr]
        for row in s.connection().execute(q).all():  # plain rows: no ORM loading for ~2,500 of them
            out[row.assignee_id][0].append(row)
    else:
        for aid, (rows, _o, _n) in out.items():
            rows.extend(s.connection().execute(mine(aid)).all())
    return out


def mark_overdue(s: Session, today: date, now: datetime | None = None, since: date | None = None) -> int:
    """One statement: a one-time internal "overdue" event for every open petition past its due date that has
    none yet (the inbox shows ⏰ from the due date). ``since``: only due dates from that day (the items that
    became overdue since the last run; the NOT EXISTS guard keeps it exact either way)."""
    E = PetitionEvent
    dialect = s.get_bind().dialect.name
    due_text = (func.to_char(Petition.due_date, "DD/MM/YYYY") if dialect == "postgresql"
                else func.strftime("%d/%m/%Y", Petition.due_date))
    # "no overdue event yet" as a probe per candidate (a scalar subquery with LIMIT, never flattened into a join):
    # as NOT EXISTS, the planner hashed every overdue event of the table whenever its statistics were stale, as
    # they are after a first run marks 50,000 (an ANALYZE of a 3-million-row table waits for 300,000 changes):
    # 55 instead of 11 ms for a day's candidates.
    already = select(E.petition_id).where(E.petition_id == Petition.id, E.action == "overdue").limit(1)
    conds = [Petition.status.in_([str(x) for x in OPEN_STATUSES]), Petition.due_date < today,  # type: ignore[attr-defined,operator]
             already.scalar_subquery().is_(None)]
    if since is not None:
        conds.append(Petition.due_date >= since)  # type: ignore[operator]
    src = select(
        Petition.id, literal(now or utcnow(), E.__table__.c.at.type), literal("system"), literal("overdue"),  # type: ignore[attr-defined]
        literal(False), (literal("Quá hạn xử lý (hạn ") + due_text + literal(")")).label("note"),
        literal({}, JSON),
    ).where(*conds)
    stmt = insert(E).from_select(["petition_id", "at", "actor", "action", "public", "note", "data"], src)
    return len(s.connection().execute(stmt.returning(E.petition_id)).all())  # rowcount: -1 for none on psycopg
