"""Group chats that moved or went silent, kept in the ``kv`` table so every process and the next start know.

* **Moved**: Telegram upgrades a group to a supergroup and answers ``400`` with ``migrate_to_chat_id``;
  ``chat_moved:<channel>:<old>`` = ``{"to": new}``. Messages for the old id go to the new one.
* **Down**: the bot was removed from a staff group (``403``) or the group is gone; ``chat_down:<channel>:<chat>``
  = ``{"since", "error"}`` while it lasts, so admins are alerted once per outage, not once per card.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import delete, select
from sqlmodel import Session

from storage import jobs
from storage.models import KeyValue, utcnow

MOVED = "chat_moved:"
DOWN = "chat_down:"


def _moved_key(channel: str, chat: str) -> str:
    return f"{MOVED}{channel}:{chat}"[:128]


def _down_key(channel: str, chat: str) -> str:
    return f"{DOWN}{channel}:{chat}"[:128]


def record_move(s: Session, channel: str, old: str, new: str, *, now: datetime | None = None) -> bool:
    """Remember that ``old`` became ``new``. True when this is news (not recorded the same way before)."""
    old, new = str(old), str(new)
    if old == new:
        return False
    current = jobs.get(s, _moved_key(channel, old))
    if current is not None and current.get("to") == new:
        return False
    jobs.put(s, _moved_key(channel, old), {"to": new, "at": (now or utcnow()).isoformat()})
    return True


def moves(s: Session, channel: str) -> dict[str, str]:
    """Every recorded move on ``channel``: old chat id → new chat id."""
    prefix = f"{MOVED}{channel}:"
    rows = s.execute(select(KeyValue.key, KeyValue.value).where(KeyValue.key.startswith(prefix))).all()  # type: ignore[attr-defined]
    return {key[len(prefix):]: str((value or {}).get("to")) for key, value in rows if (value or {}).get("to")}


def resolve(moved: dict[str, str], chat: str) -> str:
    """Where ``chat`` is now, following moves (a group may move once; a loop is cut)."""
    seen = {chat}
    while chat in moved and moved[chat] not in seen:
        chat = moved[chat]
        seen.add(chat)
    return chat


def mark_down(s: Session, channel: str, chat: str, error: str, *, now: datetime | None = None) -> bool:
    """The chat cannot be reached. True the first time (the caller alerts), False while it lasts."""
    now = now or utcnow()
    return jobs.claim_once(s, _down_key(channel, chat), {"since": now.isoformat(), "error": error[:300]}, now=now)


def down(s: Session, channel: str, chat: str) -> dict[str, Any] | None:
    return jobs.get(s, _down_key(channel, chat))


def mark_up(s: Session, channel: str, chat: str) -> dict[str, Any] | None:
    """The chat is reachable again: the outage record (None if it was not down)."""
    key = _down_key(channel, chat)
    row = jobs.get(s, key)
    if row is not None:
        s.execute(delete(KeyValue).where(KeyValue.key == key))
    return row


def down_chats(s: Session, channel: str) -> dict[str, dict[str, Any]]:
    prefix = f"{DOWN}{channel}:"
    rows = s.execute(select(KeyValue.key, KeyValue.value).where(KeyValue.key.startswith(prefix))).all()  # type: ignore[attr-defined]
    return {key[len(prefix):]: dict(value or {}) for key, value in rows}
