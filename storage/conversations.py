"""Conversation state per (channel, user): survives restarts mid-form."""

from __future__ import annotations

from typing import Any

from sqlmodel import Session, select

from storage.models import ConversationState, utcnow


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


def save(s: Session, st: ConversationState, state: str, slots: dict[str, Any]) -> None:
    if st.id is not None and st.state == state and st.slots == slots:
        return  # nothing changed: no write
    st.state = state
    st.slots = dict(slots)  # new object so the JSON column is seen as changed
    st.updated_at = utcnow()
    s.add(st)
    s.flush()
