"""Schema, migrations and codes."""

from __future__ import annotations

import threading

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlmodel import SQLModel

from storage import Store, petitions
from tests.conftest import make_store


def test_migrations_match_the_models(db_url):
    store = make_store(db_url)
    with store.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), SQLModel.metadata)
    store.dispose()
    assert diff == [], f"models and migrations disagree; regenerate the migration: {diff}"


def test_codes_are_sequential_and_human_typable(store):
    with store.session() as s:
        codes = [petitions.create(s, year=2026, kind="phan_anh", topic="khac", content="x", channel="console").code
                 for _ in range(3)]
        other_year = petitions.create(s, year=2027, kind="phan_anh", topic="khac", content="x", channel="console")
    assert codes == ["PA-2026-000001", "PA-2026-000002", "PA-2026-000003"]
    assert other_year.code == "PA-2027-000001"


def test_codes_unique_under_concurrency(db_url):
    """Parallel writers (threads with their own connections) never get the same code."""
    store: Store = make_store(db_url)
    codes: list[str] = []
    errors: list[BaseException] = []
    lock = threading.Lock()

    def writer() -> None:
        try:
            for _ in range(10):
                with store.session() as s:
                    p = petitions.create(s, year=2026, kind="kien_nghi", topic="khac", content="song song",
                                         channel="console")
                    code = p.code
                with lock:
                    codes.append(code)
        except BaseException as e:  # pragma: no cover - reported below
            errors.append(e)

    threads = [threading.Thread(target=writer) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    store.dispose()
    assert not errors, errors
    assert len(codes) == 80 and len(set(codes)) == 80
    assert sorted(codes)[-1] == "PA-2026-000080"
