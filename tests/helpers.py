"""Helpers that drive the core like a citizen would."""

from __future__ import annotations

import re
from contextlib import contextmanager
from typing import Any

from bot.services.base import Actor, Env
from storage import citizens, conversations, outbox_view
from storage import staff as staff_repo


def state_of(chat) -> tuple[str, dict]:
    with chat.core.store.session() as s:
        st = conversations.load(s, chat.channel, chat.user_id)
        return st.state, dict(st.slots)


def answer_extra(chat) -> None:
    state, slots = state_of(chat)
    assert state == "pa.extra"
    topic = chat.core.profile.topic(slots["topic"])
    q = next(q for q in topic.extra_questions if q.key == slots["extra_key"])
    if q.type == "choice":
        chat.press("x:0")
    elif q.type == "number":
        chat.say("3")
    elif q.type == "date":
        chat.say("15/11/2026")
    else:
        chat.say("Cửa hàng Minh Phát, số 12 đường Lê Lợi")


CONTACT = {
    "pa.name": "Nguyễn Văn An",
    "pa.address": "Số 5 đường Hùng Vương, phường Cẩm Thành, tỉnh Quảng Ngãi",
    "pa.phone": "0912 345 678",
    "pa.email": "an.nguyen@example.com",
}


def file_petition(chat, text: str, *, contact: dict | None = None, max_steps: int = 25) -> str:
    """From free text to the received message; returns the petition code."""
    chat.say(text)
    return finish_petition(chat, text=text, contact=contact, max_steps=max_steps)


def drive_form(chat, *, stop_at: tuple[str, ...] = ("idle",), text: str = "", contact: dict | None = None,
               max_steps: int = 25) -> list[str]:
    """Answer the petition form step by step until a state in ``stop_at``; returns the states visited."""
    contact = {**CONTACT, **(contact or {})}
    seen: list[str] = []
    for _ in range(max_steps):
        state, _slots = state_of(chat)
        seen.append(state)
        if state in stop_at:
            return seen
        if state == "pa.class":
            chat.press("pa:ok")
        elif state == "pa.extra":
            answer_extra(chat)
        elif state == "pa.attach":
            chat.press("skip")
        elif state in contact:
            chat.say(contact[state])
        elif state == "pa.consent":
            chat.press("consent:yes")
        elif state == "pa.publish":
            chat.press("pub:no")
        elif state == "pa.confirm":
            chat.press("send")
        elif state == "pa.content":
            chat.say(text + " Đề nghị cơ quan xem xét, giải quyết sớm giúp tôi.")
        else:  # pragma: no cover - a flow bug
            raise AssertionError(f"unexpected state {state}: {chat.text}")
    raise AssertionError(f"the form did not reach {stop_at}: {seen}")


def finish_petition(chat, *, text: str = "", contact: dict | None = None, max_steps: int = 25) -> str:
    """Answer whatever the form still asks, send it, and return the code."""
    drive_form(chat, text=text, contact=contact, max_steps=max_steps)
    m = re.search(r"PA-\d{4}-\d{6}-[A-Z]", chat.text)
    assert m, chat.text
    return m.group(0)


def pending_for(store, recipient: str, channel: str = "console") -> list[dict]:
    with store.session() as s:
        return outbox_view.pending_payloads(s, channel=channel, recipient=recipient)


@contextmanager
def env_of(core) -> Any:
    with core.store.session() as s:
        yield Env(s=s, profile=core.profile, clock=core.clock, t=core.t, calendar=core.calendar)


def actors(env: Env) -> dict[str, Actor]:
    return {"admin": Actor.of_staff(staff_repo.find(env.s, "Nguyễn Thị Hoa")),
            "officer": Actor.of_staff(staff_repo.find(env.s, "Trần Văn Minh")),
            "citizen": Actor.of_citizen(citizens.get(env.s, "console", "dan"))}
