"""Conversation state per (channel, user): survives restarts mid-form.

The state is versioned (optimistic locking): ``save`` writes ``… WHERE version = <the version read>`` and
raises ``Conflict`` when another transaction changed the conversation meanwhile (two webhook processes, a
button pressed five times). Two first messages of a new person inserting the same row, or the same citizen,
are a ``Conflict`` too. The caller then runs the whole unit of work again after ``lock``.

A message's own work (``open_message`` … ``close_message``) costs two statements on PostgreSQL: one read (the
update id already seen?, state, citizen, staff, and the citizen's item awaiting information, which an idle
message's flow would otherwise ask for) and one write (the state and the update id). Until the message's
first write its statements run outside a transaction (storage.db.reads_alone: each read sees what it would see in
a READ COMMITTED transaction), so a message that writes nothing else sends neither BEGIN nor COMMIT: its final
write is one statement, atomic by itself. A flow that writes opens the transaction with that statement, and the
final write joins it. SQLite (in process: no round trips) records the update id first.
"""

from __future__ import annotations

import functools
from typing import Any

from sqlalchemy import and_, bindparam, exists, func, literal, true, union_all, update
from sqlalchemy import select as sa_select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import aliased
from sqlalchemy.orm.attributes import set_committed_value
from sqlmodel import Session, select

from storage import updates
from storage.db import READS_ALONE, end_reads_alone, reads_alone, still_alone
from storage.errors import Conflict
from storage.models import Citizen, ConversationState, Petition, ProcessedUpdate, Staff, utcnow


def load(s: Session, channel: str, user_id: str) -> ConversationState:
    st = s.exec(
        select(ConversationState).where(
            ConversationState.channel == channel, ConversationState.user_id == user_id
        )
    ).first()
    return st if st is not None else _create(s, channel, user_id)


def _create(s: Session, channel: str, user_id: str) -> ConversationState:
    st = ConversationState(channel=channel, user_id=user_id, state="idle", slots={}, version=0)
    s.add(st)
    try:
        s.flush()
    except IntegrityError as e:  # a concurrent first message created it
        raise Conflict("conversation created concurrently") from e
    return st


def lock(s: Session, channel: str, user_id: str) -> None:
    """Take the conversation's write lock for the rest of the transaction, before reading it: SQLite takes
    the database's write lock (BEGIN IMMEDIATE); PostgreSQL locks the row (SELECT … FOR UPDATE)."""
    conn = s.connection()
    if conn.dialect.name == "sqlite":
        if not conn.connection.dbapi_connection.in_transaction:  # type: ignore[union-attr]
            conn.exec_driver_sql("BEGIN IMMEDIATE")
        return
    s.exec(select(ConversationState.id).where(ConversationState.channel == channel,
                                              ConversationState.user_id == user_id).with_for_update())


class Sender(tuple):
    """What every message needs about its sender, from the message's first read: unpacks as (state, citizen,
    active staff row or None), and carries ``awaiting_info``, the code of the newest item the agency asked more
    information for, of this citizen or the same person on another channel (same confirmed phone), or None."""

    awaiting_info: str | None

    def __new__(cls, state: ConversationState, citizen: Citizen | None, staff: Staff | None,
                awaiting_info: str | None) -> Sender:
        obj = super().__new__(cls, (state, citizen, staff))
        obj.awaiting_info = awaiting_info
        return obj

    @property
    def state(self) -> ConversationState:
        return self[0]

    @property
    def citizen(self) -> Citizen | None:
        return self[1]

    @property
    def staff(self) -> Staff | None:
        return self[2]


def _awaiting_info() -> Any:
    """The newest ``needs_info`` item of the joined citizen or of the same person on other channels (the ids of
    storage.citizens.linked_ids): one indexed subquery of the message's read instead of a query of the flow."""
    other = aliased(Citizen)
    linked = (sa_select(other.id)
              .where(other.phone == Citizen.phone, other.phone_confirmed_at.is_not(None),  # type: ignore[union-attr]
                     other.erased_at.is_(None), other.id != Citizen.id,  # type: ignore[union-attr]
                     Citizen.phone_confirmed_at.is_not(None), Citizen.erased_at.is_(None))  # type: ignore[union-attr]
              .correlate(Citizen))
    ids = union_all(sa_select(Citizen.id).correlate(Citizen), linked)
    return (sa_select(Petition.code)
            .where(Petition.status == "needs_info", Petition.citizen_id.in_(ids))  # type: ignore[union-attr]
            .order_by(Petition.id.desc()).limit(1)  # type: ignore[union-attr]
            .correlate(Citizen).scalar_subquery())


@functools.cache
def _context_query() -> Any:
    """State, citizen, active staff row and the citizen's item awaiting information of one identity in one round
    trip, each None when there is none (built once: the statement's cache key is computed once, only the
    parameters change per message). Driven by one constant row, so a first contact learns in the same read that
    it has no state row and whether it is a known citizen or staff member (a state erased, a new channel)."""
    cs, channel, user_id = ConversationState, bindparam("channel"), bindparam("user_id")
    one = sa_select(literal(1).label("one")).subquery("one")
    return (
        select(cs, Citizen, Staff, _awaiting_info().label("awaiting_info"))
        .select_from(one)
        .outerjoin(cs, and_(cs.channel == channel, cs.user_id == user_id))
        .outerjoin(Citizen, and_(Citizen.channel == channel, Citizen.channel_user_id == user_id))
        .outerjoin(Staff, and_(Staff.channel == channel, Staff.channel_user_id == user_id, Staff.active == true()))
    )


def load_context(s: Session, channel: str, user_id: str) -> Sender:
    """What every message needs about its sender (``Sender``), in one query; a first-time sender gets a new
    state row."""
    row = s.exec(_context_query(), params={"channel": channel, "user_id": user_id}).one()
    return _sender(s, channel, user_id, row)


def _sender(s: Session, channel: str, user_id: str, row: Any) -> Sender:
    """The context query's row; no state row yet: it is created (a first contact)."""
    return Sender(row[0] if row[0] is not None else _create(s, channel, user_id), row[1], row[2], row[3])


@functools.cache
def _update_query() -> Any:
    t = ConversationState.__table__  # type: ignore[attr-defined]
    return (update(t).where(t.c.id == bindparam("sid"), t.c.version == bindparam("ver"))
            .values(state=bindparam("new_state"), slots=bindparam("new_slots"), updated_at=bindparam("at"),
                    version=bindparam("new_ver")))


def save(s: Session, st: ConversationState, state: str, slots: dict[str, Any]) -> None:
    """Write the state if it changed, checking that nobody else did since it was read (``Conflict``)."""
    if st.id is not None and st.state == state and st.slots == slots:
        return  # nothing changed: no write
    slots, now = dict(slots), utcnow()
    if st.id is None:
        st.state, st.slots, st.updated_at, st.version = state, slots, now, 0
        s.add(st)
        try:
            s.flush()
        except IntegrityError as e:
            raise Conflict("conversation created concurrently") from e
        return
    # once per message: one prepared UPDATE, without the ORM's unit-of-work machinery
    version = st.version or 0
    res = s.connection().execute(_update_query(), {"sid": st.id, "ver": version, "new_state": state,
                                                   "new_slots": slots, "at": now, "new_ver": version + 1})
    if res.rowcount != 1:
        raise Conflict("conversation changed concurrently")
    # the row now holds these values (replacing changes other code made to this object in this session)
    for name, value in (("state", state), ("slots", slots), ("updated_at", now), ("version", version + 1)):
        set_committed_value(st, name, value)


def remember_choices(s: Session, channel: str, user_id: str, choices: list[list[str]]) -> None:
    """The numbered choices last shown to a user outside their conversation (a notice with options,
    on a channel without buttons): a typed number or the option's words then mean that choice."""
    st = load(s, channel, user_id)
    slots = dict(st.slots or {})
    slots["_btn"] = [list(c) for c in choices]
    save(s, st, st.state, slots)


# ------------------------------------------------------------------------------------------ one message
_PENDING = "pakn.update_to_record"  # Session.info: the (channel, update id) close_message still has to record


def _fast(s: Session) -> bool:
    """PostgreSQL with no transaction open on the session's connection: its reads can go alone."""
    conn = s.connection()
    if conn.dialect.name != "postgresql":
        return False
    from psycopg import pq

    return conn.connection.dbapi_connection.info.transaction_status == pq.TransactionStatus.IDLE  # type: ignore[union-attr]


@functools.cache
def _open_query() -> Any:
    """_context_query plus whether the update id was handled already (PostgreSQL's fast path)."""
    pu = ProcessedUpdate
    seen = exists().where(pu.channel == bindparam("channel"), pu.update_id == bindparam("update_id"))
    return _context_query().add_columns(seen.label("seen"))


def open_message(s: Session, channel: str, user_id: str, update_id: str | int | None) -> Sender | None:
    """What the core needs about a message's sender (``Sender``); None when ``update_id`` was handled already (a
    redelivery: drop it). ``close_message`` ends the message.

    PostgreSQL, known sender: one statement outside a transaction (it sees what the first statement of a
    transaction would; the state's version is checked when it is written), and the update id is recorded by
    ``close_message`` with the state. Otherwise the update id is recorded first, in the message's transaction."""
    uid = None if update_id is None else str(update_id)
    if _fast(s):
        conn = s.connection()
        reads_alone(conn)  # until the message's first write (storage.db)
        row = s.exec(_open_query(), params={"channel": channel, "user_id": user_id,  # type: ignore[call-overload]
                                            "update_id": uid or ""}).one()
        if row[0] is None:  # a first-time sender (or one whose state was erased)
            if uid is not None and not updates.mark_processed(s, channel, uid):
                return None
            return _sender(s, channel, user_id, row)
        if uid is not None and row[4]:
            return None
        if uid is not None:
            s.info[_PENDING] = (channel, uid)
        return Sender(row[0], row[1], row[2], row[3])
    if uid is not None and not updates.mark_processed(s, channel, uid):
        return None
    return load_context(s, channel, user_id)


@functools.cache
def _close_query() -> Any:
    """The state's write and the update id's record as one statement (PostgreSQL): the update id is recorded
    only if the state was written, and the state only if the update id is new. (0, 0): the conversation changed
    meanwhile, or the update was handled meanwhile."""
    t = ConversationState.__table__  # type: ignore[attr-defined]
    pu = ProcessedUpdate.__table__  # type: ignore[attr-defined]
    # (bind names that are not column names: an UPDATE would read those as values to set)
    channel = bindparam("u_channel", type_=pu.c.channel.type)
    update_id = bindparam("u_update_id", type_=pu.c.update_id.type)
    at = bindparam("u_at", type_=pu.c.at.type)
    seen = exists().where(pu.c.channel == channel, pu.c.update_id == update_id)
    upd = (update(t).where(t.c.id == bindparam("sid"), t.c.version == bindparam("ver"), ~seen)
           .values(state=bindparam("new_state"), slots=bindparam("new_slots"), updated_at=at,
                   version=bindparam("new_ver"))
           .returning(t.c.id).cte("upd"))
    src = sa_select(channel, update_id, at).where(exists(sa_select(upd.c.id)))
    ins = (pg_insert(pu).from_select(["channel", "update_id", "at"], src)
           .on_conflict_do_nothing(index_elements=["channel", "update_id"]).returning(pu.c.id).cte("ins"))
    return sa_select(sa_select(func.count()).select_from(upd).scalar_subquery().label("state_rows"),
                     sa_select(func.count()).select_from(ins).scalar_subquery().label("update_rows"))


def close_message(s: Session, st: ConversationState, state: str, slots: dict[str, Any]) -> None:
    """End a message opened by ``open_message``: write the state (if it changed) and record the update id
    left to record, together, as one statement (alone, when the message wrote nothing else). Raises ``Conflict``
    when the conversation changed meanwhile or another process handled the same update (the caller runs the
    message again after ``lock``, which then drops it as already handled)."""
    pending = s.info.pop(_PENDING, None)
    if st.id is None or s.get_bind().dialect.name != "postgresql":
        save(s, st, state, slots)
        return
    s.flush()  # pending ORM changes first: if there are any, they open the transaction the write then joins
    conn = s.connection()
    if still_alone(conn):
        conn.info[READS_ALONE] = "last"  # this one write goes alone: a single statement is atomic by itself
    try:
        if pending is None:
            save(s, st, state, slots)
            return
        channel, uid = pending
        if st.state == state and st.slots == slots:
            ok = updates.mark_processed(s, channel, uid)
        else:
            slots, now, version = dict(slots), utcnow(), st.version or 0
            row = conn.execute(_close_query(), {
                "sid": st.id, "ver": version, "new_state": state, "new_slots": slots, "new_ver": version + 1,
                "u_channel": channel, "u_update_id": uid, "u_at": now}).one()
            ok = row.state_rows == 1 and row.update_rows == 1
            if ok:
                for name, value in (("state", state), ("slots", slots), ("updated_at", now), ("version", version + 1)):
                    set_committed_value(st, name, value)
    finally:
        end_reads_alone(conn)
    if not ok:
        raise Conflict("conversation changed, or update handled, concurrently")
