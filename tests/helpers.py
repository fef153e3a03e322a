"""Helpers that drive the core like a citizen would."""

from __future__ import annotations

import re
from contextlib import contextmanager
from typing import Any

from bot.services.base import Actor, Env
from storage import citizens, conversations, outbox_view
from storage import staff as staff_repo


def state_of(chat) -> tuple[str, dict]:
    """The stored conversation row (only for tests about persistence itself: restarts, erasure)."""
    with chat.core.store.session() as s:
        st = conversations.load(s, chat.channel, chat.user_id)
        return st.state, dict(st.slots)


# What the bot is asking, recognised from its words the way a reader would: each step's catalog text
# (the longest fixed part of its template) found in the last message.
STEP_TEXTS = {
    "content": "pa_ask_content", "class": "pa_understood", "kind": "pa_choose_kind", "topic": "pa_choose_topic",
    "attach": "pa_ask_attach", "identity": "pa_ask_identity", "name": "pa_ask_name", "org": "pa_ask_org",
    "address": "pa_ask_address", "phone": "pa_ask_phone", "email": "pa_ask_email", "consent": ("consent_ask", "consent_ask_again"),
    "publish": "pa_ask_publish", "confirm": "pa_summary", "received": "pa_received",
    "received_anonymous": "pa_received_no_due", "edit": "form_edit_which", "switch": "form_switch_offer",
    "append": "form_append_offer", "cancel": "form_cancel_confirm", "dt_question": "dt_ask_question",
    "dt_org": "dt_ask_org", "dt_attend": "dt_ask_attend", "dt_confirm": "dt_summary",
    "verify": "lk_ask_phone4", "info": "info_ask", "info_confirm": "info_confirm", "withdraw": "wd_confirm",
}


def _marker(template: str) -> str:
    parts = re.split(r"\{[a-z_]+\}", template)
    return max((p.strip() for p in parts), key=len)


def asking(core, text: str) -> str:
    """The step the bot's ``text`` (its last message) asks for: a STEP_TEXTS key, "extra", or "other"."""
    for step, keys in STEP_TEXTS.items():
        for key in (keys,) if isinstance(keys, str) else keys:
            if key == "pa_ask_name" and _marker(core.t.messages["pa_ask_name_to_cao"]).split("\n")[0] in text:
                return "name"
            if _marker(core.t.messages[key]) in text:
                return step
    for topic in core.profile.topics:
        for q in topic.extra_questions:
            if q.prompt.strip() in text:
                return "extra"
    for q in [*core.profile.surveys.after_answer, *core.profile.surveys.after_dialogue]:
        if q.prompt in text:
            return "survey"
    return "other"


def step(chat) -> str:
    """What the bot asks this citizen now (from its last message)."""
    return step_of_texts(chat.core, [o.text for o in chat.last if o.chat_id is None and o.text])


def step_of_texts(core, texts: list[str]) -> str:
    """The step the last of ``texts`` that asks something asks for (over a channel: the texts received)."""
    for text in reversed(texts):
        found = asking(core, text)
        if found != "other":
            return found
    return "other"


def extra_question(core, text: str):
    return [q for t in core.profile.topics for q in t.extra_questions if q.prompt.strip() in text][-1]


def answer_extra(chat) -> None:
    q = extra_question(chat.core, chat.text)
    if q.type == "choice":
        chat.choose(q.choices[0])
    elif q.type == "number":
        chat.say("3")
    elif q.type == "date":
        chat.say("15/11/2026")
    elif q.type == "place":
        chat.say("Chợ Bình Khánh, xã Tịnh Khê")
    else:
        chat.say("Cửa hàng Minh Phát, số 12 đường Lê Lợi")


CONTACT = {
    "name": "Nguyễn Văn An",
    "address": "Số 5 đường Hùng Vương, phường Cẩm Thành, tỉnh Quảng Ngãi",
    "phone": "0912 345 678",
    "email": "an.nguyen@example.com",
}
ANSWERS = {"class": "Đúng", "attach": "Bỏ qua", "consent": "Tôi đồng ý", "publish": "Không công khai",
           "confirm": "Gửi", "identity": "Gửi với tên", "org": "Cá nhân"}


def drive_form(chat, *, stop_at: tuple[str, ...] = ("received", "received_anonymous"), text: str = "",
               contact: dict | None = None, max_steps: int = 25) -> list[str]:
    """Answer the petition form as the bot asks, until a step in ``stop_at``; returns the steps seen."""
    contact = {**CONTACT, **(contact or {})}
    seen: list[str] = []
    for _ in range(max_steps):
        now = step(chat)
        seen.append(now)
        if now in stop_at:
            return seen
        if now in ANSWERS:
            chat.choose(ANSWERS[now])
        elif now == "extra":
            answer_extra(chat)
        elif now in contact:
            chat.say(contact[now])
        elif now == "content":
            chat.say(text + " Đề nghị cơ quan xem xét, giải quyết sớm giúp tôi.")
        else:  # pragma: no cover - a flow bug
            raise AssertionError(f"unexpected step {now}: {chat.text}")
    raise AssertionError(f"the form did not reach {stop_at}: {seen}")


def file_petition(chat, text: str, *, contact: dict | None = None, max_steps: int = 25) -> str:
    """From free text to the received message; returns the petition code."""
    chat.say(text)
    return finish_petition(chat, text=text, contact=contact, max_steps=max_steps)


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
