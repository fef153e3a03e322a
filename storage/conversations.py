"""Conversation state per (channel, user): survives restarts mid-form."""

from __future__ import annotations

import functools
from typing import Any

from sqlalchemy import and_, bindparam, true, update
from sqlalchemy.orm.attributes import set_committed_value
from sqlmodel import Session, select

from storage import citizens as citizen_repo
from storage import staff as staff_repo
from storage.models import Citizen, ConversationState, Staff, utcnow


def load(s: Session, channel: str, user_id: str) -> ConversationState:
    st = s.exec(
        select(ConversationState).where(
            ConversationState.channel == channel, ConversationState.user_id == user_id
        )
    ).first()
    if st is None:
        st = ConversationState(channel=channel, user_id=user_id, state="idle", slots={})
        s.add(st)
        s.flush()
    return st


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
    return (update(t).where(t.c.id == bindparam("sid"))
            .values(state=bindparam("new_state"), slots=bindparam("new_slots"), updated_at=bindparam("at")))


def save(s: Session, st: ConversationState, state: str, slots: dict[str, Any]) -> None:
    if st.id is not None and st.state == state and st.slots == slots:
        return  # nothing changed: no write
    slots, now = dict(slots), utcnow()
    if st.id is None or st in s.dirty:  # not stored yet, or changed elsewhere too: the ORM writes it all
        st.state, st.slots, st.updated_at = state, slots, now
        s.add(st)
        s.flush()
        return
    # the usual case, once per message: one prepared UPDATE, without the ORM's unit-of-work machinery
    s.connection().execute(_update_query(), {"sid": st.id, "new_state": state, "new_slots": slots, "at": now})
    for name, value in (("state", state), ("slots", slots), ("updated_at", now)):
        set_committed_value(st, name, value)
