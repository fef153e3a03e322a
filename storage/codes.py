"""Human-typable, unique codes with a check character: ``PA-2026-000123-K`` (petitions),
``DT-2026-000045-C`` (dialogue questions).

The counter row is created or bumped by one INSERT … ON CONFLICT DO UPDATE … RETURNING inside the
caller's transaction, so two writers never get the same number: PostgreSQL locks the row until commit,
SQLite serialises writers.

The check character is a weighted sum modulo 23 (a prime) over the prefix, the year and the number,
written with 23 letters that cannot be mistaken for digits (no I, O, Z). Every weight is different and
below 23, so every single wrong character and every swap of two characters changes it: a code typed
with one mistake is recognised as a typo before the database is asked. Codes stored before the check
character existed (``PA-2026-000123``) stay valid, and a code may always be typed without it.
"""

from __future__ import annotations

import re

from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlmodel import Session

from storage.models import CodeCounter

CHECK_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXY"  # 23 letters: no I, O (1, 0) nor Z (2)
CODE_RE = re.compile(r"^(PA|DT)-(\d{4})-(\d{6})(?:-([A-Z]))?$")


def next_code(session: Session, prefix: str, year: int) -> str:
    dialect = session.get_bind().dialect.name
    ins = pg_insert if dialect == "postgresql" else sqlite_insert
    stmt = ins(CodeCounter).values(prefix=prefix, year=year, value=1)
    value = session.execute(
        stmt.on_conflict_do_update(index_elements=["prefix", "year"], set_={"value": CodeCounter.value + 1})
        .returning(CodeCounter.value)
    ).scalar_one()
    return format_code(prefix, year, value)


def _value(ch: str) -> int:
    return int(ch) if ch.isdigit() else ord(ch) - ord("A") + 10


def check_char(base: str) -> str:
    """The check letter of ``PA-2026-000123`` (the code without its check character)."""
    chars = base.replace("-", "")
    total = sum((i + 1) * _value(ch) for i, ch in enumerate(chars))
    return CHECK_ALPHABET[total % len(CHECK_ALPHABET)]


def format_code(prefix: str, year: int, number: int) -> str:
    base = f"{prefix}-{year:04d}-{number:06d}"
    return f"{base}-{check_char(base)}"


def split(code: str) -> tuple[str, str | None] | None:
    """``(base, check or None)`` of a well-formed code, None otherwise."""
    m = CODE_RE.match(code.strip().upper())
    if not m:
        return None
    return f"{m.group(1)}-{m.group(2)}-{m.group(3)}", m.group(4)


def is_typo(code: str) -> bool:
    """A well-formed code whose check character is wrong."""
    parts = split(code)
    return parts is not None and parts[1] is not None and parts[1] != check_char(parts[0])


def canonical(code: str) -> str | None:
    """The full code (with its right check character) for a code typed with or without it; None when the
    code is malformed or its check character is wrong."""
    parts = split(code)
    if parts is None or is_typo(code):
        return None
    return f"{parts[0]}-{check_char(parts[0])}"


def stored_forms(code: str) -> list[str]:
    """What a code may look like in the database: with its check character, and (rows written before
    the check character existed) without. Empty when the code is malformed or has a wrong check."""
    full = canonical(code)
    if full is None:
        return []
    return [full, full[:-2]]
