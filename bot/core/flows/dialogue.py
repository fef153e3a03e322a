"""Dialogue sessions: the schedule, and the question form (Phiếu đăng ký câu hỏi) for the next session."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict

import intents
from bot.core.context import Ctx
from bot.core.flows import contact, menu, switch
from bot.core.forms import runner
from bot.core.forms.model import CANCEL_ACTION, Answer, Choice, Field, Form, Invalid
from bot.core.render import clip, fmt_datetime
from bot.core.types import Button
from bot.services import notify
from storage import citizens, dialogue
from storage.models import SessionStatus

_REGISTER_WORDS = {"toi", "em", "muon", "can", "xin", "dang", "ky", "hoi", "buoi", "doi", "thoai", "cau", "tai",
                   "tham", "du", "nghi", "cho", "voi", "a", "oi", "duoc", "gui", "lanh", "dao"}


class DialogueData(BaseModel):
    model_config = ConfigDict(extra="ignore")

    session_id: int = 0
    question: str | None = None
    name: str | None = None
    pre_name: str | None = None
    organisation: str | None = None
    phone: str | None = None
    pre_phone: str | None = None
    phone_confirmed: bool = False
    attend: str | None = None
    consent: bool | None = None
    confirm: str | None = None


def session_open(ctx: Ctx, ds: Any) -> tuple[bool, str | None]:
    """(in-person registration open, reason when closed)."""
    if ds.registration_deadline and ctx.now > ds.registration_deadline:
        return False, ctx.t("dt_reason_deadline")
    if ds.capacity is not None and dialogue.in_person_count(ctx.s, ds.id) >= ds.capacity:
        return False, ctx.t("dt_reason_full")
    return True, None


def session_text(ctx: Ctx, ds: Any) -> str:
    seats = ""
    if ds.capacity is not None:
        left = max(0, ds.capacity - dialogue.in_person_count(ctx.s, ds.id))
        seats = ctx.t("dt_seats", left=left, capacity=ds.capacity) if left else ctx.t("dt_seats_full")
    theme = ctx.t("dt_theme", theme=clip(ds.description, 300)) if ds.description else ""
    return ctx.t("dt_item", title=ds.title, when=fmt_datetime(ds.starts_at), place=ds.place, host=ds.host,
                 deadline=fmt_datetime(ds.registration_deadline), seats=seats) + theme


def schedule(ctx: Ctx, *, register: bool = False, question: str | None = None) -> None:
    sessions = dialogue.upcoming(ctx.s, ctx.now)
    reception = ctx.profile.reception_schedule
    if not sessions:
        buttons = [[Button(ctx.t("menu_subscribe"), "menu:sub")]]
        if register:  # the question can still reach the agency, as a kiến nghị
            ctx.slots["faq_text"] = question or ""
            buttons.insert(0, [Button(ctx.t("faq_btn_petition"), "faq:pa")])
        ctx.say(ctx.t("dt_none"), buttons)
        if reception:
            ctx.say(ctx.t("dt_reception", schedule=reception))
        return
    if register and len(sessions) == 1:
        choose(ctx, sessions[0].id, question)
        return
    if question:
        ctx.slots["dt_question"] = question
    body = "\n\n".join(session_text(ctx, ds) for ds in sessions)
    if reception and not register:
        body += "\n\n" + ctx.t("dt_reception", schedule=reception)
    ctx.say(ctx.t("dt_list_header") + "\n\n" + body,
            [[Button(ctx.t("dt_btn_register", title=clip(ds.title, 40)), f"dt:{ds.id}")] for ds in sessions])


def register(ctx: Ctx, text: str) -> None:
    """"đăng ký hỏi về …": the words beyond the request itself are the question."""
    rest = [w for w in intents.fold(text).split() if w not in _REGISTER_WORDS]
    schedule(ctx, register=True, question=text if len(rest) >= 6 else None)


def choose(ctx: Ctx, session_id: int, question: str | None = None) -> None:
    ds = dialogue.get_session(ctx.s, session_id)
    if ds is None or ds.status != SessionStatus.planned or ds.starts_at < ctx.now:
        ctx.say(ctx.t("dt_closed"), menu.buttons(ctx))
        return
    question = question or ctx.slots.pop("dt_question", None)
    d = DialogueData(session_id=ds.id, question=question)
    trail = ["question"] if question else []
    open_, reason = session_open(ctx, ds)
    if not open_:
        d.attend = "written"
        trail.append("attend")
        ctx.say(ctx.t("dt_closed_written_only", reason=reason))
    intro = [session_text(ctx, ds)]
    if ds.programme:
        intro.append(ctx.t("dt_programme", programme=clip(ds.programme, 800)))
    rules = ds.rules or ctx.profile.dialogue.rules
    if rules:
        intro.append(ctx.t("dt_rules", rules=clip(rules, 600)))
    ctx.say("\n".join(intro))
    runner.start(ctx, FORM, d, trail=trail)


def _parse_question(ctx: Ctx, d: DialogueData, ans: Answer) -> str:
    if len(ans.text.split()) < 3:
        raise Invalid("dt_question_too_short")
    return ans.text


def _summary(ctx: Ctx, d: DialogueData) -> str:
    t = ctx.t
    ds = dialogue.get_session(ctx.s, d.session_id)
    u = intents.understand(d.question or "", ctx.profile)
    topic = u.topic if u.topic in ctx.profile.topic_codes else "khac"
    return t("dt_summary", title=ds.title if ds else "—", when=fmt_datetime(ds.starts_at) if ds else "—",
             question=clip(d.question or "", 700), topic_name=ctx.profile.topic(topic).name,
             name=contact.known(ctx, d, "name"), org=d.organisation or t("dt_btn_personal"),
             phone=contact.known(ctx, d, "phone"),
             attend=t("dt_attend_in_person") if d.attend == "in" else t("dt_attend_written"))


QUESTION = Field(key="question", prompt="dt_ask_question", label="dt_field_question", parse=_parse_question,
                 free_text=True, words=("cau hoi", "noi dung"), help="form_help_question")
ATTEND = Field(key="attend", prompt="dt_ask_attend", label="dt_field_attend", words=("hinh thuc", "du"),
               choices=lambda ctx, d: [Choice("in", ctx.t("dt_btn_in_person"), ("truc tiep", "di du", "co mat")),
                                       Choice("written", ctx.t("dt_btn_written"), ("van ban", "bang van ban"))])
CONFIRM = Field(key="confirm", prompt=_summary, label="pa_field_confirm", editable=False,
                choices=lambda ctx, d: [Choice("send", ctx.t("pa_btn_send"), ("gui", "gui di", "xac nhan"), yes=True),
                                        Choice("__edit__", ctx.t("pa_btn_edit"), ("sua",)),
                                        Choice(CANCEL_ACTION, ctx.t("btn_cancel"), ("huy",))])
FIELDS = [QUESTION, contact.name_field(), contact.organisation_field("dt_ask_org"), contact.phone_field(), ATTEND,
          contact.consent_field(), CONFIRM]


def commit(ctx: Ctx, d: DialogueData) -> None:
    t, c = ctx.t, ctx.citizen
    assert c is not None and d.question
    ds = dialogue.get_session(ctx.s, d.session_id)
    if ds is None or ds.status != SessionStatus.planned:
        ctx.say(t("dt_closed"), menu=True)
        return
    attend_in = d.attend == "in"
    if attend_in:
        open_, reason = session_open(ctx, ds)  # seats may have gone while the form was open
        if not open_:
            attend_in = False
            ctx.say(t("dt_closed_written_only", reason=reason))
    u = intents.understand(d.question, ctx.profile)
    name, phone = contact.known(ctx, d, "name"), contact.known(ctx, d, "phone")
    fields: dict[str, Any] = {"full_name": name, "phone": phone}
    if phone and d.phone_confirmed:
        fields.update(citizens.confirmed_phone_fields(phone))
    if d.consent or c.consent_version != ctx.profile.consent.version:
        fields.update(citizens.consent_fields(ctx.profile.consent.version))
    citizens.update(ctx.s, c, **fields)  # contact, confirmation and consent: one statement
    q = dialogue.create_question(
        ctx.s, year=ctx.today.year, session_id=ds.id, citizen_id=c.id, channel=ctx.msg.channel, full_name=name,
        organisation=d.organisation or None, phone=phone,
        topic=u.topic if u.topic in ctx.profile.topic_codes else "khac", question=d.question,
        attend_in_person=attend_in,
    )
    notify.question_card_new(ctx.env, q, ds)
    note = (t("dt_registered_in_person", when=fmt_datetime(ds.starts_at), place=ds.place) if attend_in
            else t("dt_registered_written"))
    ctx.say(t("dt_registered", code=q.code, attend_note=note), menu=True)


FORM = runner.register(Form(
    name="dialogue", data=DialogueData, fields=lambda ctx, d: FIELDS, done=commit, title="form_title_dialogue",
    content=lambda d: bool(d.question),
    switch=lambda ctx, d, text, free: switch.wants_other(ctx, text, free_text=free),
))
