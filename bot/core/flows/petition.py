"""The petition form (phản ánh, kiến nghị, khiếu nại, tố cáo): from the citizen's own words to a code.

Its steps are data: the content and what it was understood as, the topic's extra questions (only those
that fit the kind), files, who sends it (anonymity for a tố cáo wherever identity is asked), on whose
behalf, consent, publication, and a summary to send, change or cancel. Sending commits the item through
the service before the code is shown.
"""

from __future__ import annotations

import logging
from typing import Any

from pydantic import BaseModel, ConfigDict

import intents
from bot.core.context import MAX_TEXT, Ctx
from bot.core.flows import contact, places, switch
from bot.core.flows import petition_fields as pf
from bot.core.forms import runner
from bot.core.forms.model import CANCEL_ACTION, EDIT_ACTION, Answer, Choice, Field, Form
from bot.core.render import clip, fmt_date
from bot.core.types import Attachment
from bot.services import petitions as psvc
from storage import citizens, publication

log = logging.getLogger(__name__)
LEGAL_PROCESS_KINDS = pf.LEGAL_PROCESS_KINDS


class PetitionData(BaseModel):
    model_config = ConfigDict(extra="ignore")

    content: str | None = None
    kind: str | None = None
    kind_fixed: bool = False
    topic: str | None = None
    nlu: dict[str, Any] = {}
    urgent: bool = False
    classify: str | None = None
    extra: dict[str, Any] = {}
    attachments: list[dict[str, Any]] = []
    anonymous: bool = False
    name: str | None = None
    address: str | None = None
    phone: str | None = None
    phone_confirmed: bool = False
    email: str | None = None
    pre_name: str | None = None
    pre_phone: str | None = None
    pre_email: str | None = None
    organisation: str | None = None
    consent: bool | None = None
    publish: bool | None = None
    place: dict[str, Any] | None = None
    confirm: str | None = None


def _anon(ctx: Ctx, d: PetitionData) -> bool:
    return d.anonymous


def _named(ctx: Ctx, d: PetitionData) -> bool:
    return not d.anonymous


def _may_hide(ctx: Ctx, d: PetitionData) -> bool:
    return d.kind == "to_cao"


def _store_identity(ctx: Ctx, d: PetitionData, value: Any) -> None:
    d.anonymous = bool(value)
    if d.anonymous:
        ctx.say(ctx.t("pa_anonymous_notice"))


def _identity_applies(ctx: Ctx, d: PetitionData) -> bool:
    """A returning denouncer is asked "send with your name X, or anonymously?"."""
    stored = d.pre_name or (ctx.citizen.full_name if ctx.citizen else None)
    return d.kind == "to_cao" and not d.anonymous and d.name is None and bool(stored)


def _identity_prompt(ctx: Ctx, d: PetitionData) -> str:
    return ctx.t("pa_ask_identity", name=d.pre_name or (ctx.citizen.full_name if ctx.citizen else ""))


def _identity_choices(ctx: Ctx, d: PetitionData) -> list[Choice]:
    name = d.pre_name or (ctx.citizen.full_name if ctx.citizen else "")
    return [Choice(False, ctx.t("pa_btn_with_name", name=clip(name or "", 30)), ("neu ten", "co ten", "ten toi"), yes=True),
            Choice(True, ctx.t("pa_btn_anonymous"), ("an danh", "gui an danh", "giau ten"))]


def _parse_identity(ctx: Ctx, d: PetitionData, ans: Answer) -> bool:
    if contact.wants_anonymity(ans.text):
        return True
    from bot.core.forms.model import Invalid

    raise Invalid("form_pick_one")


IDENTITY = Field(key="anonymous", prompt=_identity_prompt, label="pa_field_identity", applies=_identity_applies,
                 choices=_identity_choices, parse=_parse_identity, store=_store_identity, words=("an danh", "danh tinh"))
NAME = contact.name_field(anonymity=_may_hide, applies=_named)
ADDRESS = contact.address_field(_named)
PHONE = contact.phone_field(_named)
EMAIL = contact.email_field(lambda ctx, d: not d.anonymous and not (ctx.citizen and ctx.citizen.phone))
ORGANISATION = contact.organisation_field(
    applies=lambda ctx, d: not d.anonymous and (d.organisation is not None or contact.mentions_organisation(d.content)))
CONSENT = contact.consent_field(_named)
PUBLISH = Field(key="publish", prompt="pa_ask_publish", label="pa_field_publish", words=("cong khai",),
                applies=lambda ctx, d: d.kind not in LEGAL_PROCESS_KINDS,
                choices=lambda ctx, d: [Choice(True, ctx.t("pa_btn_publish_yes"), ("co", "dong y"), yes=True),
                                        Choice(False, ctx.t("pa_btn_publish_no"), ("khong",), yes=False)])
CONFIRM = Field(key="confirm", prompt=lambda ctx, d: summary(ctx, d), label="pa_field_confirm", editable=False,
                choices=lambda ctx, d: [Choice("send", ctx.t("pa_btn_send"), ("gui", "gui di", "xac nhan"), yes=True),
                                        Choice(EDIT_ACTION, ctx.t("pa_btn_edit"), ("sua", "sua lai")),
                                        Choice(CANCEL_ACTION, ctx.t("btn_cancel"), ("huy",))])


def fields(ctx: Ctx, d: PetitionData) -> list[Field]:
    topic = ctx.profile.topic(d.topic or "khac")
    return [pf.CONTENT, pf.CLASSIFY, pf.KIND, pf.TOPIC, *[pf.extra_field(q) for q in topic.extra_questions],
            pf.ATTACH, IDENTITY, NAME, ORGANISATION, ADDRESS, PHONE, EMAIL, CONSENT, PUBLISH, CONFIRM]


def _contact(ctx: Ctx, d: PetitionData) -> tuple[Any, Any, Any, Any]:
    """(name, address, phone, email) as given in this form or already known of the citizen."""
    return tuple(contact.known(ctx, d, f) for f in ("name", "address", "phone", "email"))  # type: ignore[return-value]


def summary(ctx: Ctx, d: PetitionData) -> str:
    t = ctx.t
    topic = ctx.profile.topic(d.topic or "khac")
    lines = [f"• {q.label}: {d.extra[q.key]}\n" for q in pf.extra_questions(ctx, d) if d.extra.get(q.key)
             not in (None, "")]
    where = places.describe(d.place)
    if where:
        lines.append(f"• {t('pa_field_place')}: {where}\n")
    if d.organisation and not d.anonymous:
        lines.append(f"• {t('pa_field_org')}: {d.organisation}\n")
    none = t("anonymous_value") if d.anonymous else t("not_given")
    name, address, phone, email = (none,) * 4 if d.anonymous else _contact(ctx, d)
    return t("pa_summary", kind_name=pf.kind_name(ctx, d.kind), topic_name=topic.name, content=clip(d.content or "", 700),
             extra="".join(lines), attachments=len(d.attachments) or t("none_value"),
             name=name, address=address, phone=phone, email=email or t("not_given"))


def _append(ctx: Ctx, d: PetitionData, text: str) -> str | None:
    joined = f"{d.content}\n{text}" if d.content else text
    if len(joined) > MAX_TEXT:
        return None
    d.content = joined
    return joined


def _intercept(ctx: Ctx, d: PetitionData, ans: Answer, f: Field) -> bool:
    """"xin giấu tên" at any step of a tố cáo (not inside the content itself) makes it anonymous."""
    if f.free_text or f.key in ("anonymous", "name") or d.anonymous or d.kind != "to_cao" or not contact.wants_anonymity(ans.text) \
            or len(ans.text.split()) > 8:
        return False
    d.anonymous = True
    ctx.say(ctx.t("pa_anonymous_notice"))
    return True


def _switch(ctx: Ctx, d: PetitionData, text: str, free_text: bool) -> bool:
    return switch.wants_other(ctx, text, free_text=free_text, kind=d.kind, petition=True)


def commit(ctx: Ctx, d: PetitionData) -> None:
    t, prof, c = ctx.t, ctx.profile, ctx.citizen
    assert c is not None and d.kind and d.content
    kind = d.kind
    anonymous = d.anonymous
    name, address, phone, email = (None,) * 4 if anonymous else _contact(ctx, d)
    if not anonymous:
        place = intents.extract_entities(address or "")
        found: dict[str, Any] = {"full_name": name, "address": address, "phone": phone}
        if email:
            found["email"] = email
        if place.provinces:
            found["province_code"] = str(place.provinces[0].get("code"))
        if place.communes:
            found["commune_code"] = str(place.communes[0].get("code"))
        if phone and d.phone_confirmed:
            found.update(citizens.confirmed_phone_fields(phone))
        if d.consent or c.consent_version != prof.consent.version:
            found.update(citizens.consent_fields(prof.consent.version))
        citizens.update(ctx.s, c, **found)  # contact, confirmation and consent: one statement
    keys = {q.key for q in pf.extra_questions(ctx, d)}
    extra = {k: v for k, v in d.extra.items() if k in keys and v not in (None, "")}
    p = psvc.submit(ctx.env, ctx.actor, psvc.Submission(
        kind=kind, topic=d.topic or "khac", content=d.content, channel=ctx.msg.channel, citizen_id=c.id,
        full_name=name, phone=phone, email=email, address=address, extra=extra,
        attachments=store_attachments(ctx, d.attachments), urgent=d.urgent, anonymous=anonymous, nlu=d.nlu,
        place=d.place, organisation=None if anonymous else (d.organisation or None),
    ))
    if d.publish and kind not in LEGAL_PROCESS_KINDS:
        publication.record_consent(ctx.s, p.id, new=True)  # shown on the public page only once staff approve a masked text
    kind_lower = prof.kind(kind).name.lower()
    if p.due_date is None:
        ctx.say(t("pa_received_no_due", kind_lower=kind_lower, code=p.code), menu=True)
    else:
        ctx.say(t("pa_received", kind_lower=kind_lower, code=p.code, due=fmt_date(p.due_date)), menu=True)
    if kind in LEGAL_PROCESS_KINDS and not anonymous:
        ctx.say(t("pa_received_formal"))
    if kind == "to_cao" and not anonymous:
        ctx.say(t("pa_received_confidential"))


def store_attachments(ctx: Ctx, atts: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Download files into the agency's storage where the channel can; the channel's id is kept anyway."""
    fetch = ctx.core.fetchers.get(ctx.msg.channel)
    if not fetch:
        return atts
    out = []
    for a in atts:
        try:
            path = fetch(Attachment(**a))
            if path:
                a = {**a, "stored_path": path}
        except Exception:  # the file_id is kept: staff can still fetch it later
            log.warning("could not download an attachment on %s", ctx.msg.channel, exc_info=True)
        out.append(a)
    return out


FORM = runner.register(Form(
    name="petition", data=PetitionData, fields=fields, done=commit, title="form_title_petition", attachments=True,
    places=places.from_location, content=lambda d: bool(d.content or d.attachments), append=_append, switch=_switch,
    intercept=_intercept,
))


def start(ctx: Ctx, text: str = "", u: Any = None, *, kind: str | None = None,
          attachments: list[dict[str, Any]] | None = None, place: dict[str, Any] | None = None) -> None:
    """A new petition from the citizen's first words (which may already hold the content, a name, a phone)."""
    d = PetitionData(attachments=list(attachments or []), place=place)
    trail: list[str] = []
    if u is not None:
        pf.prefill(d, u.entities)
    bare, named = pf.bare_request(text) if text else (True, None)
    if kind or named:
        d.kind, d.kind_fixed = kind or named, True
    if text and not bare:
        pf.set_content(ctx, d, text, u)
        trail.append("content")
    runner.start(ctx, FORM, d, trail=trail)
