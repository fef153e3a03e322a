"""What one message costs the database (issue 15: at most 3 statements, in one round trip where the database allows),
and that the cheaper path keeps a message and its update id together (storage.conversations.open/close_message)."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator

import pytest
from sqlalchemy import event, select

from bot.core.types import Inbound
from storage import Conflict, Store, citizens, conversations, lookups, petitions, updates
from storage.models import Citizen, ProcessedUpdate
from tests.conftest import Chat, build_core
from tests.helpers import file_petition, step


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

    def preparations(self) -> int:
        """Statements psycopg prepared (on their 5th execution on a connection): one more round trip, once."""
        return sum(1 for m in self.messages() if m[0] == "F" and "\tParse\t" in m and ' "_pg3_' in m)

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


# ------------------------------------------------------------------------------ the flows' reads (issue 15)
def _petition_reads(wire: Wire) -> list[str]:
    return [st for st in wire.statements if "FROM petitions" in st and "conversation_states" not in st]


def _ask_info(store: Store, code: str) -> None:
    with store.session() as s:
        p = petitions.get_by_code(s, code)
        petitions.move(s, p, "needs_info", actor="staff:1", action="ask_info")


def test_an_item_awaiting_information_comes_with_the_core_read(worker_store, profile):
    """An idle citizen's words are first offered to the item the agency asked more information for: the
    message's one read already says which item that is (also when it was sent from the same person's other
    channel, same confirmed phone), so the flow only reads the item it offers."""
    core = build_core(worker_store, profile)
    here = Chat(core, "u-wait", channel="telegram")
    code = file_petition(here, "Tôi phản ánh cửa hàng điện máy bán máy sấy tóc không có nhãn hàng hóa tiếng Việt")
    wire = Wire(worker_store)
    try:
        wire.reset()
        here.say("Cửa hàng vẫn còn bán loại máy sấy tóc đó ở chợ Nghĩa Lộ")
        assert code not in here.text  # nothing awaits information yet: not offered
        assert _petition_reads(wire) == []
        here.press("menu")  # (the words started a new petition: back to the start)
        _ask_info(worker_store, code)
        wire.reset()
        here.say("Cửa hàng vẫn còn bán loại máy sấy tóc đó ở chợ Nghĩa Lộ")
        assert code in here.text and step(here) == "info_confirm"
        reads = _petition_reads(wire)
        assert len(reads) == 1 and "status" not in reads[0].split("WHERE", 1)[1], reads  # the offered item by code
        assert len(wire.statements) == 3, wire.statements  # read, the item, the state
        # the same person on another channel: offered there once both accounts' phone is confirmed
        there = Chat(core, "u-wait-zalo", channel="zalo")
        there.say("xin chào")
        with worker_store.session() as s:
            a, b = citizens.get(s, "telegram", "u-wait"), citizens.get(s, "zalo", "u-wait-zalo")
            citizens.update(s, b, full_name="Nguyễn Văn An", phone=a.phone)
        there.say("Cửa hàng vẫn còn bán loại máy sấy tóc đó ở chợ Nghĩa Lộ")
        assert code not in there.text  # the phone is not confirmed on either side: another person for the bot
        there.press("menu")
        with worker_store.session() as s:
            for c in (citizens.get(s, "telegram", "u-wait"), citizens.get(s, "zalo", "u-wait-zalo")):
                citizens.confirm_phone(s, c, c.phone)
        wire.reset()
        there.say("Cửa hàng vẫn còn bán loại máy sấy tóc đó ở chợ Nghĩa Lộ")
        assert code in there.text and step(there) == "info_confirm"
        assert len(_petition_reads(wire)) == 1
    finally:
        wire.close()


def test_a_citizens_list_is_one_statement(worker_store, profile):
    """"tra cứu": the person's petitions (their sealed tố cáo included) and dialogue questions, one statement."""
    core = build_core(worker_store, profile)
    chat = Chat(core, "u-list", channel="telegram")
    code = file_petition(chat, "Tôi phản ánh đèn chiếu sáng đường Hùng Vương bị hỏng nhiều ngày chưa được sửa")
    sealed = file_petition(chat, "Tôi tố cáo ông Trần Văn B cán bộ phòng quản lý công nghệ nhận tiền của doanh "
                                 "nghiệp để cấp giấy chứng nhận sai quy định")
    with worker_store.session() as s:
        assert petitions.get_by_code(s, sealed).citizen_id is None  # found through its sealed identity only
    chat.press("menu")
    wire = Wire(worker_store)
    try:
        wire.reset()
        chat.say("tra cứu")
        assert code in chat.text and sealed in chat.text
        assert chat.text.index(sealed) < chat.text.index(code)  # newest first
        assert len(wire.statements) == 3, wire.statements  # read, the list, the state (its buttons)
    finally:
        wire.close()


def test_the_look_up_limits_are_read_once_per_message(worker_store, profile):
    """Both limits (per asker, per code) in one statement; asked again by the same message, from its memo;
    after a failure is recorded, read again."""
    from datetime import timedelta

    from bot.services import lookup
    from bot.services.base import Env

    core = build_core(worker_store, profile)
    wire = Wire(worker_store)
    try:
        with worker_store.session() as s:
            env = Env(s=s, profile=core.profile, clock=core.clock, t=core.t, calendar=core.calendar)
            wire.reset()
            assert not lookup.is_locked(env, "telegram:u-guess", "PA-2026-000001")
            assert not lookup.is_locked(env, "telegram:u-guess", "PA-2026-000001")
            assert len(wire.statements) == 1
            by_user, by_code = lookups.record_failure(s, "telegram:u-guess", "PA-2026-000001", env.now)
            assert (by_user, by_code) == (1, 1)
            assert lookups.failure_counts(s, "telegram:u-guess", "PA-2026-000001",
                                          since=env.now - timedelta(hours=24)) == (1, 1)
            lookups.record_failure(s, "telegram:other", "PA-2026-000001", env.now)
            assert lookups.failure_counts(s, "telegram:u-guess", "PA-2026-000001",
                                          since=env.now - timedelta(hours=24)) == (1, 2)
    finally:
        wire.close()


class _Worker(Chat):
    """A Telegram user whose every message carries its update id, as the channel hands it to the core; each
    message's (statements, round trips but those of a statement's one-off preparation) are kept under ``kind``
    (None: not kept)."""

    def __init__(self, core, user_id: str, wire: Wire) -> None:
        super().__init__(core, user_id, channel="telegram")
        self.wire, self.update, self.kind = wire, 0, None
        self.costs: dict[str, list[tuple[int, int]]] = {}

    def say(self, text: str = "", **kw) -> list:
        self.update += 1
        kw.setdefault("update_id", self.update)
        self.wire.reset()
        out = super().say(text, **kw)
        if self.kind is not None:
            self.costs.setdefault(self.kind, []).append((len(self.wire.statements),
                                                         self.wire.round_trips() - self.wire.preparations()))
        return out


def test_a_message_costs_at_most_three_statements_on_average(pg_store, profile):
    """Issue 15 on PostgreSQL, through the core as a worker runs it: one-shot messages of a known citizen and the
    messages of a whole petition, at most 3 statements each on average; a one-shot message sends neither BEGIN
    nor COMMIT, so each statement is one round trip (bench/statements.py measures the same on the dev sets)."""
    core = build_core(pg_store, profile)
    wire = Wire(pg_store)
    try:
        chat = _Worker(core, "u-avg", wire)
        chat.say("xin chào")
        chat.kind = "filing"
        file_petition(chat, "Tôi phản ánh cửa hàng điện máy bán máy sấy tóc không có nhãn hàng hóa tiếng Việt")
        for text in ("xin chào", "thủ tục cấp giấy phép tiến hành công việc bức xạ cần những gì", "cảm ơn",
                     "tra cứu", "lịch đối thoại sắp tới", "👍", "ok", "tạm biệt"):
            chat.kind = None
            chat.press("menu")  # back to the start: each one is a one-shot message
            chat.kind = "one-shot"
            replies = chat.say(text)
            assert replies and replies[0].text != core.t("error"), text
        for kind, rows in chat.costs.items():
            assert sum(st for st, _ in rows) / len(rows) <= 3, (kind, rows)
            assert max(st for st, _ in rows) <= (3 if kind == "one-shot" else 10), (kind, rows)
        assert all(st == trips for st, trips in chat.costs["one-shot"]), chat.costs["one-shot"]
    finally:
        wire.close()


def test_a_first_contact_reads_its_sender_once(worker_store):
    """No state row yet (a new person, or one whose old conversation was erased): the same one read says so and
    finds the citizen and staff rows there are; then only the state row is created."""
    from storage import staff as staff_repo

    with worker_store.session() as s:
        staff_repo.add(s, channel="telegram", user_id="u-first", name="Cán bộ mới", role="officer", departments=[])
        citizens.get_or_create(s, "telegram", "u-first", "Người gửi")
    wire = Wire(worker_store)
    try:
        with worker_store.session() as s:
            wire.reset()
            sender = conversations.load_context(s, "telegram", "u-first")
            assert sender.state.id is not None and sender.state.state == "idle"
            assert sender.citizen.display_name == "Người gửi" and sender.staff.name == "Cán bộ mới"
            assert sender.awaiting_info is None
            assert [st.split()[0] for st in wire.statements] == ["SELECT", "INSERT"]
    finally:
        wire.close()
