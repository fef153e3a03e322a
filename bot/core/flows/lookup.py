"""Look-up: the citizen's own items, one item by its code, and the 4-digit check for anybody else's.

Somebody else's code, existing or not, gets the same question, and wrong answers are limited per code
and per asker (bot/services/lookup.py), so codes cannot be told apart or guessed.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict

import intents
from bot.core.context import Ctx
from bot.core.flows import menu
from bot.core.forms import runner
from bot.core.forms.model import Answer, Field, Form, Invalid
from bot.core.render import clip, fmt_date, fmt_datetime, fmt_short_date
from bot.core.types import Button
from bot.services import identity, lifecycle, lookup
from bot.services.base import Actor, Refused
from storage import citizens, dialogue, lookups, petitions
from storage.models import PetitionStatus

MAX_TRIES = 3


def status_name(ctx: Ctx, status: str) -> str:
    return ctx.t(f"status_{status}")


def my_ids(ctx: Ctx) -> list[int]:
    """This citizen and the same person on other channels (same confirmed phone), once per message."""
    ids = getattr(ctx, "_linked_ids", None)
    if ids is None:
        ids = citizens.linked_ids(ctx.s, ctx.citizen)
        ctx._linked_ids = ids  # type: ignore[attr-defined]
    return list(ids)


def owns(ctx: Ctx, item: Any) -> bool:
    """The sender's own item (a tố cáo's sender is known only through its sealed identity), also when it
    was sent from the same person's account on another channel (same confirmed phone)."""
    if ctx.citizen is None:
        return False
    ids = my_ids(ctx)
    if item.code.startswith("PA"):
        return any(identity.owns(ctx.s, ctx.core.sealer, item, i) for i in ids)
    return item.citizen_id in ids


def own_petition(ctx: Ctx, code: str) -> Any:
    p = petitions.get_by_code(ctx.s, intents.parse_code(code) or code)
    if p is None or not owns(ctx, p):
        ctx.say(ctx.t("lk_not_found", code=code))
        return None
    return p


def listing(ctx: Ctx) -> None:
    """The citizen's items and dialogue questions (also those sent from the same person's other channels)."""
    owners = [(i, ctx.core.sealer.owner_digest(i)) for i in my_ids(ctx)]
    items, questions = lookups.own_items(ctx.s, owners)
    if not items and not questions:
        ctx.say(ctx.t("lk_none"))
        return
    lines = [ctx.t("lk_list_header")]
    lines += [ctx.t("lk_item", code=p.code, status=status_name(ctx, p.status), date=fmt_short_date(p.created_at))
              for p in items]
    lines += [ctx.t("lk_item", code=q.code, status=ctx.t(f"qstatus_{q.status}"), date=fmt_short_date(q.created_at))
              for q in questions]
    codes = [p.code for p in items[:6]] + [q.code for q in questions[:3]]
    ctx.say("\n".join(lines), [[Button(ctx.t("lk_btn_detail", code=code), f"lk:{code}")] for code in codes])


def by_code(ctx: Ctx, raw: str) -> None:
    typed = intents.parse_code(raw) or raw.strip().upper()
    try:
        found = lookup.find(ctx.env, Actor.of_citizen(ctx.citizen), typed)
    except Refused as e:
        ctx.say(e.render(ctx.t))
        return
    if found.item is not None and (found.owned or owns(ctx, found.item) or found.code in ctx.slots.get("verified", [])):
        show(ctx, found.item)
        return
    # Existing or not, somebody else's code gets the same question: codes cannot be told apart.
    if lookup.is_locked(ctx.env, lookup.subject_of(ctx.msg.channel, ctx.msg.user_id), found.code):
        ctx.say(ctx.t("lk_locked"), menu.buttons(ctx))
        return
    runner.start(ctx, FORM, VerifyData(code=found.code, verified=list(ctx.slots.get("verified", []))))


def show(ctx: Ctx, item: Any) -> None:
    t = ctx.t
    if item.code.startswith("DT"):
        ds = dialogue.get_session(ctx.s, item.session_id)
        text = t("lk_question_detail", code=item.code, title=ds.title if ds else "—",
                 when=fmt_datetime(ds.starts_at) if ds else "—", status=t(f"qstatus_{item.status}"),
                 question=clip(item.question, 500))
        if item.answer:
            text += "\n" + t("lk_answer", answer=item.answer)
        ctx.say(text)
        return
    p = item
    lines = [t("lk_detail", code=p.code, kind_name=ctx.profile.kind(p.kind).name,
               topic_name=ctx.profile.topic(p.topic).name, status=status_name(ctx, p.status), date=fmt_date(p.created_at),
               due=fmt_date(p.due_date), content=clip(p.content, 400)), t("lk_timeline")]
    for ev in petitions.events(ctx.s, p.id, public_only=True):
        label = ctx.t(f"ev_{ev.action}") if f"ev_{ev.action}" in ctx.t else ev.action
        lines.append(f"• {fmt_datetime(ev.at)}: {label}")
    if p.answer:
        lines.append(t("lk_answer", answer=p.answer))
    buttons = []
    if owns(ctx, p):
        if lifecycle.allowed("withdraw", p.status, actor_kind="citizen"):
            buttons.append([Button(t("lk_btn_withdraw"), f"wd:{p.code}")])
        if p.status == PetitionStatus.needs_info:
            buttons.insert(0, [Button(t("lk_btn_add_info"), f"info:{p.code}")])
        if p.status == PetitionStatus.answered and not p.rating:
            buttons.append([Button(t("rate_btn_3"), f"r:3:{p.code}"), Button(t("rate_btn_2"), f"r:2:{p.code}"),
                            Button(t("rate_btn_1"), f"r:1:{p.code}")])
    ctx.say("\n".join(lines), buttons, ref=p.code)


class VerifyData(BaseModel):
    model_config = ConfigDict(extra="ignore")

    code: str = ""
    tries: int = 0
    verified: list[str] = []
    digits: str | None = None


def _parse_digits(ctx: Ctx, d: VerifyData, ans: Answer) -> str:
    try:
        lookup.verify(ctx.env, lookup.subject_of(ctx.msg.channel, ctx.msg.user_id), d.code, ans.text)
    except Refused as e:
        d.tries += e.key == "lk_wrong"
        if e.key == "lk_locked" or d.tries >= MAX_TRIES:
            raise Invalid("lk_locked" if e.key == "lk_locked" else "lk_denied", stop=True) from None
        raise Invalid(e.key, **e.params) from None
    return d.code


def _done(ctx: Ctx, d: VerifyData) -> None:
    item = petitions.get_by_code(ctx.s, d.code) or dialogue.get_question(ctx.s, d.code)
    ctx.slots["verified"] = (d.verified[-5:] + [d.code])
    if item is not None:
        show(ctx, item)


DIGITS = Field(key="digits", prompt=lambda ctx, d: ctx.t("lk_ask_phone4", code=d.code), label="lk_field_digits",
               parse=_parse_digits, editable=False, help="form_help_digits")
FORM = runner.register(Form(
    name="lookup", data=VerifyData, fields=lambda ctx, d: [DIGITS], done=_done, title="form_title_lookup",
    keep_draft=False, content=lambda d: False,
    switch=lambda ctx, d, text, free: not any(ch.isdigit() for ch in text) or len(text.split()) > 5,
))
