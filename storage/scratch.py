"""Throw-away PostgreSQL schemas for tests and benchmarks that share a database with other work."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import create_engine, text


def schema_url(base: str, schema: str) -> str:
    """The same database URL with ``search_path`` set to ``schema``."""
    sep = "&" if "?" in base else "?"
    return f"{base}{sep}options=-csearch_path%3D{schema}"


@contextmanager
def pg_schema(base: str, prefix: str = "t") -> Iterator[str]:
    """Create a fresh schema, yield a URL that uses it, drop it (with everything in it) afterwards."""
    schema = f"{prefix}_{uuid.uuid4().hex[:12]}"
    admin = create_engine(base, isolation_level="AUTOCOMMIT")
    with admin.connect() as c:
        c.execute(text(f'CREATE SCHEMA "{schema}"'))
    try:
        yield schema_url(base, schema)
    finally:
        with admin.connect() as c:
            c.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


@contextmanager
def scratch_database(db: str, tmp: Path, prefix: str = "bench") -> Iterator[str]:
    """A database URL for one benchmark run: ``db`` is "sqlite" (a file in ``tmp``) or a PostgreSQL URL
    (a fresh schema there, dropped afterwards)."""
    if db == "sqlite":
        yield f"sqlite:///{tmp / 'bench.db'}"
        return
    with pg_schema(db, prefix=prefix) as url:
        yield url
