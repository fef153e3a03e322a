"""The citizen's own account: announcements, personal data (see and erase), one person on two channels."""

from __future__ import annotations

import secrets

from pydantic import BaseModel, ConfigDict

from bot.core.context import Ctx
from bot.core.flows import contact
from bot.core.forms import runner
from bot.core.forms.choices import norm
from bot.core.forms.model import CANCEL_ACTION, Answer, Choice, Field, Form, Invalid
from bot.core.types import Outbound
from bot.services import notify, personal_data
from bot.services.base import Actor, Refused
from storage import citizens


# ---------------------------------------------------------------- announcements
class SubscribeData(BaseModel):
    model_config = ConfigDict(extra="ignore")
    interests: list[str] = []
    topics: str | None = None


def _topic_choices(ctx: Ctx, d: SubscribeData) -> list[Choice]:
    chosen = set(d.interests)
    rows = [Choice(t.code, ("✅ " if t.code in chosen else "") + t.name, (norm(t.name),))
            for t in ctx.profile.topics if t.code != "khac"]
    return [*rows, Choice(ALL, ctx.t("sub_btn_all"), ("tat ca",)),
            Choice(DONE, ctx.t("pa_btn_done"), ("xong", "du roi"), yes=True)]


def _toggle(ctx: Ctx, d: SubscribeData, value: str) -> bool | None:
    """A topic toggles and the list is shown again; "Tất cả" or "Xong" ends the choice."""
    if value == ALL:
        d.interests = []
    elif value != DONE:
        d.interests = sorted(set(d.interests) ^ {value})
        names = ", ".join(ctx.profile.topic(x).name for x in d.interests) or ctx.t("sub_btn_all").lower()
        ctx.say(ctx.t("sub_interests", topics=names))
        return True
    d.topics = value
    return None


def _subscribed(ctx: Ctx, d: SubscribeData) -> None:
    citizens.set_subscription(ctx.s, ctx.citizen, True, interests=d.interests)
    names = ", ".join(ctx.profile.topic(x).name for x in d.interests)
    ctx.say(ctx.t("sub_interests_saved", topics=names) if names else ctx.t("sub_all"), menu=True)


ALL, DONE = "__all__", "__done__"
TOPICS = Field(key="topics", prompt="sub_ask_topics", label="sub_field_topics", choices=_topic_choices,
               store=_toggle, editable=False)
SUBSCRIBE = runner.register(Form(name="subscribe", data=SubscribeData, fields=lambda ctx, d: [TOPICS],
                                 done=_subscribed, title="form_title_subscribe", keep_draft=False,
                                 content=lambda d: False))


def subscribe(ctx: Ctx) -> None:
    """Subscribed at once (to everything); then, if the citizen wants, only some topics."""
    c = ctx.citizen
    ctx.say(ctx.t("sub_already" if c.subscribed else "sub_done"))
    if not c.subscribed:
        citizens.set_subscription(ctx.s, c, True)
    runner.start(ctx, SUBSCRIBE, SubscribeData(interests=list(c.interests or [])))


def interest(ctx: Ctx, payload: str) -> None:
    """A topic button of an earlier message ("sub:t:<code>", "sub:all")."""
    c = ctx.citizen
    if payload == "sub:all":
        citizens.set_subscription(ctx.s, c, True, interests=[])
        ctx.say(ctx.t("sub_all"))
        return
    code = payload[len("sub:t:"):]
    if code not in ctx.profile.topic_codes:
        ctx.say(ctx.t("stale_button"))
        return
    chosen = sorted(set(c.interests or []) ^ {code})
    citizens.set_subscription(ctx.s, c, True, interests=chosen)
    names = ", ".join(ctx.profile.topic(x).name for x in chosen) or ctx.t("sub_btn_all").lower()
    ctx.say(ctx.t("sub_interests", topics=names))


def unsubscribe(ctx: Ctx) -> None:
    c = ctx.citizen
    if not c.subscribed:
        ctx.say(ctx.t("unsub_already"))
        return
    citizens.set_subscription(ctx.s, c, False)
    ctx.say(ctx.t("unsub_done"))


# ---------------------------------------------------------------- personal data
def my_data(ctx: Ctx) -> None:
    try:
        ctx.say(personal_data.my_data(ctx.env, Actor.of_citizen(ctx.citizen)))
    except Refused as e:
        ctx.say(e.render(ctx.t))


class EraseData(BaseModel):
    model_config = ConfigDict(extra="ignore")
    sure: bool | None = None


def _erase(ctx: Ctx, d: EraseData) -> None:
    ctx.say(personal_data.erase(ctx.env, Actor.of_citizen(ctx.citizen)))
    ctx.reset()
    ctx.slots.clear()  # drafts too: what was typed half-way is personal data


ERASE_SURE = Field(key="sure", label="erase_field_sure", editable=False,
                   prompt=lambda ctx, d: personal_data.erase_preview(ctx.env, Actor.of_citizen(ctx.citizen)),
                   choices=lambda ctx, d: [Choice(True, ctx.t("erase_btn_yes"), ("xoa", "xoa du lieu"), yes=True),
                                           Choice(CANCEL_ACTION, ctx.t("btn_cancel"), ("huy", "thoi"), yes=False)])
ERASE = runner.register(Form(name="erase", data=EraseData, fields=lambda ctx, d: [ERASE_SURE], done=_erase,
                             title="form_title_erase", keep_draft=False, content=lambda d: False))


def erase_ask(ctx: Ctx) -> None:
    runner.start(ctx, ERASE, EraseData())


# ---------------------------------------------------------------- one person, two channels
class LinkData(BaseModel):
    model_config = ConfigDict(extra="ignore")
    phone: str | None = None
    phone_confirmed: bool = False
    secret: str | None = None
    code: str | None = None
    tries: int = 0


def _store_phone(ctx: Ctx, d: LinkData, value: str) -> bool | None:
    d.phone = value
    if d.phone_confirmed:  # the channel vouches for it: nothing to check
        return None
    others = [o for o in citizens.confirmed_with_phone(ctx.s, value, exclude_id=ctx.citizen.id)
              if o.channel != ctx.msg.channel]
    if not others:
        d.secret = None
        return None
    d.secret = f"{secrets.randbelow(1_000_000):06d}"
    for o in others:
        notify.to_citizen(ctx.env, o.id, Outbound(ctx.t("link_code_message", code=d.secret)))
    return None


def _parse_code(ctx: Ctx, d: LinkData, ans: Answer) -> str:
    typed = "".join(ch for ch in ans.text if ch.isascii() and ch.isdigit())
    if typed and typed == d.secret:
        return typed
    d.tries += 1
    raise Invalid("link_failed", stop=True) if d.tries >= 3 else Invalid("link_bad_code")


LINK_PHONE = Field(key="phone", prompt="link_ask_phone", label="pa_field_phone", request_phone=True,
                   parse=contact.phone_field().parse, store=_store_phone, personal=True)
LINK_CODE = Field(key="code", prompt="link_code_sent", label="link_field_code", parse=_parse_code, editable=False,
                  applies=lambda ctx, d: bool(d.secret))


def _linked(ctx: Ctx, d: LinkData) -> None:
    if d.phone and (d.phone_confirmed or (d.secret and d.code == d.secret)):
        citizens.confirm_phone(ctx.s, ctx.citizen, d.phone)
        ctx.say(ctx.t("link_done"), menu=True)
    else:
        ctx.say(ctx.t("link_none"), menu=True)


LINK = runner.register(Form(name="link", data=LinkData, fields=lambda ctx, d: [LINK_PHONE, LINK_CODE], done=_linked,
                            title="form_title_link", keep_draft=False, content=lambda d: False))


def link_start(ctx: Ctx) -> None:
    runner.start(ctx, LINK, LinkData())

