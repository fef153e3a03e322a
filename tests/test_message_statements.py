"""What one message costs the database (issue 15: at most 3 statements, in one round trip where the database allows),
and that the cheaper path keeps a message and its update id together (storage.conversations.open/close_message)."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator

import pytest
from sqlalchemy import event, select

from bot.core.types import Inbound
from storage import Conflict, Store, citizens, conversations, updates
from storage.models import Citizen, ProcessedUpdate
from tests.conftest import build_core


@pytest.fixture
def worker_store(db_url) -> Iterator[Store]:
    """As the core's worker processes open it: no pre-ping round trip per unit of work."""
    st = Store(db_url, pre_ping=False)
    st.upgrade()
    yield st
    st.dispose()


@pytest.fixture
def pg_store(pg_url) -> Iterator[Store]:
    """PostgreSQL only: there two transactions interleave (SQLite serialises writers, and records the update id
    first, in the message's transaction, so it never reaches these states)."""
    st = Store(pg_url, pre_ping=False)
    st.upgrade()
    yield st
    st.dispose()


class Wire:
    """Statements (SQLAlchemy's cursor events) and, on PostgreSQL, the protocol messages (libpq's trace)."""

    def __init__(self, store: Store) -> None:
        self.statements: list[str] = []
        self.pg = store.dialect == "postgresql"
        self._trace = tempfile.NamedTemporaryFile("w+", suffix=".trace", delete=False)  # noqa: SIM115
        event.listen(store.engine, "before_cursor_execute", lambda *a: self.statements.append(a[2]))
        if self.pg:
            from psycopg import pq

            def traced(dbapi, _record) -> None:
                dbapi.pgconn.trace(self._trace.fileno())
                dbapi.pgconn.set_trace_flags(pq.Trace.SUPPRESS_TIMESTAMPS)

            event.listen(store.engine, "connect", traced)
            store.engine.dispose()  # connections opened from now on are traced

    def reset(self) -> None:
        self.statements.clear()
        self._trace.flush()
        self._mark = os.path.getsize(self._trace.name)

    def messages(self) -> list[str]:
        self._trace.flush()
        with open(self._trace.name, encoding="utf-8", errors="replace") as f:
            f.seek(self._mark)
            return [line for line in f.read().splitlines() if line[:2] in ("F\t", "B\t")]

    def round_trips(self) -> int:
        """Times the client sent something and then read the answer."""
        n, prev = 0, None
        for line in self.messages():
            if line[0] == "F" and prev != "F":
                n += 1
            prev = line[0]
        return n

    def close(self) -> None:
        self._trace.close()
        os.unlink(self._trace.name)


def test_a_known_citizens_message_costs_two_statements_and_no_transaction_round_trips(worker_store, profile):
    """The core's own work per message: the read and the write of the conversation (and its update id). On
    PostgreSQL each is one round trip, and a message whose flow only reads sends neither BEGIN nor COMMIT: every
    round trip is a statement (the flows' own reads, e.g. the person's items, come on top and are not counted)."""
    core = build_core(worker_store, profile)
    wire = Wire(worker_store)
    try:
        n = 0

        def say(text: str, payload: str | None = None) -> list:
            nonlocal n
            n += 1
            return core.handle(Inbound(channel="telegram", user_id="u-known", text=text, payload=payload,
                                       update_id=n))

        say("xin chào")  # first contact: creates the conversation and the citizen
        for text in ("xin chào", "thủ tục cấp giấy phép tiến hành công việc bức xạ cần những gì", "cảm ơn",
                     "tôi muốn phản ánh"):
            wire.reset()
            replies = say(text)
            assert replies and replies[0].text != core.t("error")
            own = [st for st in wire.statements if "conversation_states" in st or "processed_updates" in st]
            assert len(own) <= 3, (text, own)
            if wire.pg:
                assert len(own) == 2, (text, own)
                sent = [m for m in wire.messages() if m[0] == "F"]
                assert not any('"BEGIN"' in m or '"COMMIT"' in m for m in sent), sent
                assert wire.round_trips() == len(wire.statements)
        with worker_store.session() as s:
            assert s.scalar(select(ProcessedUpdate.id).where(ProcessedUpdate.update_id == str(n))) is not None
    finally:
        wire.close()


def test_a_message_that_writes_is_one_transaction(pg_store, profile):
    """The first write opens the transaction (BEGIN just before it) and the conversation's write joins it."""
    core = build_core(pg_store, profile)
    wire = Wire(pg_store)
    try:
        wire.reset()
        assert core.handle(Inbound(channel="telegram", user_id="u-new", text="xin chào", update_id=1))
        sent = [m for m in wire.messages() if m[0] == "F"]
        begins = [i for i, m in enumerate(sent) if '"BEGIN"' in m]
        commits = [i for i, m in enumerate(sent) if '"COMMIT"' in m]
        assert len(begins) == 1 and len(commits) == 1 and commits[0] == len(sent) - 1
        assert all("INSERT" not in m and "UPDATE" not in m for m in sent[:begins[0]])  # only reads before it
    finally:
        wire.close()


def test_reads_alone_end_with_the_unit_of_work(pg_store):
    """A connection goes back to the pool transactional whatever happened, and a server-side cursor (exports
    stream their rows) opens the transaction it needs."""
    from storage.models import Petition

    _known(pg_store, "u-pool")
    with pytest.raises(RuntimeError), pg_store.session() as s:
        conversations.open_message(s, "telegram", "u-pool", 71)
        raise RuntimeError("a flow failed")
    with pg_store.session() as s:
        assert s.connection().connection.dbapi_connection.autocommit is False
        st, _, _ = conversations.open_message(s, "telegram", "u-pool", 72)
        assert s.execute(select(Petition.id).execution_options(yield_per=10)).all() == []
        conversations.close_message(s, st, "pa.content", {})
    with pg_store.session() as s:
        assert conversations.load(s, "telegram", "u-pool").state == "pa.content"


def test_a_redelivered_update_is_dropped(worker_store, profile):
    core = build_core(worker_store, profile)
    first = core.handle(Inbound(channel="telegram", user_id="u-twice", text="xin chào", update_id=7))
    again = core.handle(Inbound(channel="telegram", user_id="u-twice", text="xin chào", update_id=7))
    assert first and again == []
    later = core.handle(Inbound(channel="telegram", user_id="u-twice", text="cảm ơn", update_id=8))
    again = core.handle(Inbound(channel="telegram", user_id="u-twice", text="cảm ơn", update_id=8))
    assert later and again == []


def _known(store: Store, user: str) -> None:
    with store.session() as s:
        conversations.load(s, "telegram", user)


def test_the_same_update_handled_twice_at_once_counts_once(pg_store):
    """Two processes got the same update: both read the conversation; the second to write is refused whole."""
    _known(pg_store, "u-race")
    with pg_store.session() as a, pg_store.session() as b:
        st_a, _, _ = conversations.open_message(a, "telegram", "u-race", 41)
        st_b, _, _ = conversations.open_message(b, "telegram", "u-race", 41)
        conversations.close_message(a, st_a, "pa.content", {"n": 1})
        a.commit()
        with pytest.raises(Conflict):
            conversations.close_message(b, st_b, "dt.question", {"n": 2})
        b.rollback()
    with pg_store.session() as s:
        assert conversations.load(s, "telegram", "u-race").state == "pa.content"
        assert conversations.open_message(s, "telegram", "u-race", 41) is None  # handled once: dropped now


def test_a_message_that_loses_the_race_keeps_nothing(pg_store):
    """The conversation changed meanwhile: the message's own writes and its update id are rolled back together."""
    _known(pg_store, "u-lost")
    with pytest.raises(Conflict), pg_store.session() as s:
        st, citizen, _ = conversations.open_message(s, "telegram", "u-lost", 51)
        assert citizen is None
        citizens.get_or_create(s, "telegram", "u-lost", "Người gửi")  # a write of the flow: opens the transaction
        with pg_store.session() as other:  # another message of the same person wins meanwhile
            theirs = conversations.load(other, "telegram", "u-lost")
            conversations.save(other, theirs, "dt.question", {})
        conversations.close_message(s, st, "pa.content", {"x": 1})
    with pg_store.session() as s:
        assert s.scalar(select(Citizen.id).where(Citizen.channel_user_id == "u-lost")) is None
        assert not updates.is_processed(s, "telegram", 51)
        assert conversations.load(s, "telegram", "u-lost").state == "dt.question"


def test_an_unchanged_state_still_records_the_update(worker_store):
    _known(worker_store, "u-same")
    with worker_store.session() as s:
        st, _, _ = conversations.open_message(s, "telegram", "u-same", 61)
        conversations.close_message(s, st, st.state, dict(st.slots or {}))
    with worker_store.session() as s:
        assert updates.is_processed(s, "telegram", 61)
        assert conversations.open_message(s, "telegram", "u-same", 61) is None
