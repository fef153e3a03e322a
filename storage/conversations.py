"""Conversation state per (channel, user): survives restarts mid-form.

The state is versioned (optimistic locking): ``save`` writes ``… WHERE version = <the version read>`` and
raises ``Conflict`` when another transaction changed the conversation meanwhile (two webhook processes, a
button pressed five times). Two first messages of a new person inserting the same row, or the same citizen,
are a ``Conflict`` too. The caller then runs the whole unit of work again after ``lock``.
"""

from __future__ import annotations

import functools
from typing import Any

from sqlalchemy import and_, bindparam, true, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.attributes import set_committed_value
from sqlmodel import Session, select

from storage import citizens as citizen_repo
from storage import staff as staff_repo
from storage.errors import Conflict
from storage.models import Citizen, ConversationState, Staff, utcnow


def load(s: Session, channel: str, user_id: str) -> ConversationState:
    st = s.exec(
        select(ConversationState).where(
            ConversationState.channel == channel, ConversationState.user_id == user_id
        )
    ).first()
    if st is None:
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


@functools.cache
def _context_query() -> Any:
    """State, citizen and active staff row of one identity in one round trip (built once: the
    statement's cache key is computed once, only the parameters change per message)."""
    cs = ConversationState
    return (
        select(cs, Citizen, Staff)
        .outerjoin(Citizen, and_(Citizen.channel == cs.channel, Citizen.channel_user_id == cs.user_id))
        .outerjoin(Staff, and_(Staff.channel == cs.channel, Staff.channel_user_id == cs.user_id,
                               Staff.active == true()))
        .where(cs.channel == bindparam("channel"), cs.user_id == bindparam("user_id"))
    )


def load_context(s: Session, channel: str, user_id: str) -> tuple[ConversationState, Citizen | None, Staff | None]:
    """What every message needs about its sender: (state, citizen or None, active staff or None).

    One query for a known sender; a first-time sender gets a new state row (and two lookups)."""
    row = s.exec(_context_query(), params={"channel": channel, "user_id": user_id}).first()
    if row is not None:
        return row[0], row[1], row[2]
    return load(s, channel, user_id), citizen_repo.get(s, channel, user_id), staff_repo.get(s, channel, user_id)


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
