"""Human-typable, unique codes: ``PA-2026-000123`` (petitions), ``DT-2026-000045`` (dialogue questions).

The counter row is created with INSERT … ON CONFLICT DO NOTHING and bumped with
UPDATE … RETURNING inside the caller's transaction, so two writers never get the same
number: PostgreSQL locks the row until commit, SQLite serialises writers.
"""

from __future__ import annotations

import re

from sqlalchemy import update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlmodel import Session

from storage.models import CodeCounter

CODE_RE = re.compile(r"^(PA|DT)-(\d{4})-(\d{6})$")


def next_code(session: Session, prefix: str, year: int) -> str:
    dialect = session.get_bind().dialect.name
    ins = pg_insert if dialect == "postgresql" else sqlite_insert
    session.execute(ins(CodeCounter).values(prefix=prefix, year=year, value=0).on_conflict_do_nothing())
    value = session.execute(
        update(CodeCounter)
        .where(CodeCounter.prefix == prefix, CodeCounter.year == year)
        .values(value=CodeCounter.value + 1)
        .returning(CodeCounter.value)
    ).scalar_one()
    return format_code(prefix, year, value)


def format_code(prefix: str, year: int, number: int) -> str:
    return f"{prefix}-{year:04d}-{number:06d}"
