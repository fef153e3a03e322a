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
    assert [c[:-2] for c in codes] == ["PA-2026-000001", "PA-2026-000002", "PA-2026-000003"]
    assert other_year.code[:-2] == "PA-2027-000001"
    assert all(c[-2] == "-" and c[-1].isalpha() for c in [*codes, other_year.code])


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
    assert sorted(codes)[-1][:-2] == "PA-2026-000080"


def test_a_message_reads_its_sender_in_one_query(store):
    """State, citizen and staff row of a known sender come back from one SELECT (the hot path)."""
    from sqlalchemy import event

    from storage import conversations
    from storage import staff as staff_repo

    with store.session() as s:
        staff_repo.add(s, channel="console", user_id="cb1", name="Cán bộ", role="officer", departments=[])
        staff_repo.add(s, channel="console", user_id="cb2", name="Nghỉ việc", role="officer", departments=[])
        staff_repo.deactivate(s, staff_repo.get(s, "console", "cb2"))
        for uid in ("cb1", "cb2"):
            conversations.load(s, "console", uid)
    statements: list[str] = []
    event.listen(store.engine, "before_cursor_execute", lambda *a: statements.append(a[2]))
    with store.session() as s:
        state, citizen, staff = conversations.load_context(s, "console", "cb1")
        assert (state.user_id, citizen, staff.name) == ("cb1", None, "Cán bộ")
        assert len(statements) == 1
        _, _, former = conversations.load_context(s, "console", "cb2")
        assert former is None  # an inactive staff member is a citizen again
        state, citizen, staff = conversations.load_context(s, "console", "new")  # first contact: a new state row
        assert (state.id is not None, citizen, staff) == (True, None, None)


def test_core_survives_a_database_restart(pg_url, profile):
    """A pooled connection killed under the bot (PostgreSQL restarted, a failover, an idle timeout) costs
    no message: the unit of work runs again on a fresh connection and the citizen gets a normal answer."""
    from sqlalchemy import create_engine, text

    from tests.conftest import Chat, build_core

    store = Store(pg_url, pre_ping=False)  # as in the core's worker processes: Store.run alone recovers
    store.upgrade()
    core = build_core(store, profile)
    chat = Chat(core, "u-restart")
    assert chat.say("xin chào")[0].text != core.t("error")
    with store.engine.connect() as conn:
        pid = conn.exec_driver_sql("SELECT pg_backend_pid()").scalar()
    admin = create_engine(pg_url)
    with admin.connect() as conn:
        assert conn.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": pid}).scalar()
    admin.dispose()
    replies = chat.say("hướng dẫn", update_id="77")
    assert replies and replies[0].text != core.t("error")
    with store.session() as s:
        from storage import updates

        assert updates.is_processed(s, "console", "77")  # the message's transaction was committed
    store.dispose()


def test_two_processes_starting_together_both_sync_the_profile(pg_url, profile):
    """`pakn run` in two processes at once: both write the profile's departments and FAQ; the one that
    clashes on a unique key runs again and finds the rows (it used to exit at start-up)."""
    import threading

    from bot.app import sync_profile
    from storage import faq as faq_repo
    from storage import staff as staff_repo
    from tests.conftest import make_store

    make_store(pg_url)
    errors: list[str] = []
    start = threading.Barrier(4)

    def starting() -> None:
        start.wait()
        try:
            sync_profile(Store(pg_url), profile)
        except Exception as e:  # noqa: BLE001 - the test reports any failure
            errors.append(type(e).__name__)

    threads = [threading.Thread(target=starting) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    with Store(pg_url).session() as s:
        assert len(staff_repo.departments(s)) == len(profile.departments)
        assert len(faq_repo.active(s)) == len(profile.faq)
