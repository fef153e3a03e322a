"""The petition's own steps: the content and how it was understood, the topic's extra questions, files."""

from __future__ import annotations

import math
from typing import Any

import intents
from bot.core.context import Ctx
from bot.core.flows import places
from bot.core.forms.choices import norm
from bot.core.forms.model import GOTO, Answer, Choice, Field, Invalid
from bot.core.render import clip
from storage import limits
from storage.models import Citizen

LEGAL_PROCESS_KINDS = ("khieu_nai", "to_cao")
MIN_CONTENT_WORDS = 5
# Bare requests: once these words are removed, what remains is the actual content.
_TRIGGER_WORDS = {
    "toi", "em", "minh", "chau", "con", "anh", "chi", "ong", "ba", "chung", "cty", "cong", "ty", "doanh", "nghiep",
    "muon", "can", "xin", "duoc", "gui", "phan", "kien", "nghi", "khieu", "nai", "to", "cao", "gop", "y", "de",
    "xuat", "ve", "viec", "mot", "cho", "hoi", "a", "oi", "nhe", "nha", "voi", "co", "quan", "so", "ubnd", "lam",
    "don", "nop", "the", "nao", "sao",
}
# a kind the citizen names (folded words)
TRIGGER_KIND = {"khieu nai": "khieu_nai", "to cao": "to_cao", "kien nghi": "kien_nghi", "gop y": "kien_nghi",
                "de xuat": "kien_nghi", "phan anh": "phan_anh"}


def bare_request(text: str) -> tuple[bool, str | None]:
    """'tôi muốn khiếu nại' → (True, 'khieu_nai'): the request names a kind but has no content."""
    f = intents.fold(text)
    kind = next((k for phrase, k in TRIGGER_KIND.items() if phrase in f), None)
    rest = [w for w in f.split() if w not in _TRIGGER_WORDS]
    return len(rest) < 3, kind


def kind_name(ctx: Ctx, code: str | None) -> str:
    return ctx.profile.kind(code or "phan_anh").name


def prefill(d: Any, ent: Any) -> None:
    """Contact details the citizen already typed: not asked again (but shown in the summary)."""
    if ent.person_name and not d.pre_name:
        d.pre_name = ent.person_name
    if ent.phones and not d.pre_phone:
        d.pre_phone = ent.phones[0]
    if ent.emails and not d.pre_email and limits.fits(Citizen, "email", ent.emails[0]):
        d.pre_email = ent.emails[0]


def set_content(ctx: Ctx, d: Any, text: str, u: Any = None) -> None:
    """The content, and what it is understood as: kind (unless the citizen named it), topic, urgency."""
    u = u or intents.understand(text, ctx.profile, today=ctx.today)
    d.content = text
    if not d.kind_fixed:
        d.kind = u.kind
    d.topic = u.topic if u.topic in ctx.profile.topic_codes else "khac"
    d.nlu = {"intent": u.intent, "intent_score": round(u.intent_score, 3), "kind": u.kind,
             "kind_score": round(u.kind_score, 3), "topic": u.topic, "topic_score": round(u.topic_score, 3)}
    for t in ctx.profile.topics:
        if t.urgent and intents.contains_any(text, t.urgent.keywords):
            d.urgent, d.topic = True, t.code
            ctx.say(ctx.t("pa_urgent", notice=t.urgent.notice))
            break
    else:  # an urgent situation recognised by meaning (lost radioactive source, fire, violence, collapse)
        category = u.urgent if u.text == text else intents.urgent_category(text)
        if category:
            d.urgent = True
            ctx.say(ctx.t("pa_urgent", notice=ctx.profile.urgent_notices.get(category) or ctx.t(f"urgent_{category}")))
    prefill(d, u.entities)


def _parse_content(ctx: Ctx, d: Any, ans: Answer) -> str:
    if len(intents.fold(ans.text).split()) < MIN_CONTENT_WORDS:
        raise Invalid("pa_content_too_short")
    return ans.text


def _store_content(ctx: Ctx, d: Any, value: str) -> None:
    set_content(ctx, d, value)


def _content_prompt(ctx: Ctx, d: Any) -> str:
    kind_lower = kind_name(ctx, d.kind).lower() if d.kind else "phản ánh, kiến nghị"
    return ctx.t("pa_ask_content", kind_lower=kind_lower)


CONTENT = Field(key="content", prompt=_content_prompt, label="pa_field_content", parse=_parse_content,
                store=_store_content, free_text=True, resets=("classify",), words=("noi dung",),
                help="form_help_content")


def _classify_prompt(ctx: Ctx, d: Any) -> str:
    d.kind = d.kind or "phan_anh"
    return ctx.t("pa_understood", kind_name=kind_name(ctx, d.kind), topic_name=ctx.profile.topic(d.topic or "khac").name)


def _classify_choices(ctx: Ctx, d: Any) -> list[Choice]:
    return [Choice("ok", ctx.t("pa_btn_ok"), ("dung", "dung roi"), yes=True),
            Choice(GOTO + "kind", ctx.t("pa_btn_change_kind"), ("doi loai", "loai", "sai loai")),
            Choice(GOTO + "topic", ctx.t("pa_btn_change_topic"), ("doi linh vuc", "linh vuc", "sai linh vuc"))]


def _parse_classify(ctx: Ctx, d: Any, ans: Answer) -> str:
    """A kind typed here ("tố cáo", "đây là khiếu nại") changes it; "sai" asks what is wrong."""
    n = norm(ans.text)
    if len(n.split()) > 6:  # a sentence, not a correction: the form decides whether it is another request
        raise Invalid("pa_class_hint")
    for k in ctx.profile.kinds:
        if norm(k.name) in n.split(" la ")[-1] or n == norm(k.name):
            return GOTO + "kind:" + k.code
    raise Invalid("pa_class_hint")


def _store_classify(ctx: Ctx, d: Any, value: str) -> bool | None:
    if value.startswith(GOTO + "kind:"):
        d.kind, d.kind_fixed = value.rsplit(":", 1)[1], True
        return True  # show what is now understood
    d.kind = d.kind or "phan_anh"
    d.classify = value
    kind = ctx.profile.kind(d.kind)
    if kind.legal_notice and kind.code in LEGAL_PROCESS_KINDS:
        ctx.say(ctx.t("pa_legal_notice", notice=kind.legal_notice))
    return None


CLASSIFY = Field(key="classify", prompt=_classify_prompt, label="pa_field_class", editable=False,
                 choices=_classify_choices, parse=_parse_classify, store=_store_classify, help="form_help_classify")


def _store_kind(ctx: Ctx, d: Any, value: str) -> None:
    d.kind, d.kind_fixed = value, True
    if value != "to_cao":
        d.anonymous = False  # only a tố cáo may be sent anonymously


KIND = Field(key="kind", prompt=lambda ctx, d: ctx.t("pa_choose_kind") + "\n" + ctx.t("pa_kind_help"),
             label="pa_field_kind", words=("loai", "loai noi dung"), known=lambda ctx, d: d.kind, store=_store_kind,
             choices=lambda ctx, d: [Choice(k.code, k.name) for k in ctx.profile.kinds], resets=("classify",))
TOPIC = Field(key="topic", prompt="pa_choose_topic", label="pa_field_topic", words=("linh vuc",),
              known=lambda ctx, d: d.topic, resets=("classify",),
              choices=lambda ctx, d: [Choice(t.code, t.name) for t in ctx.profile.topics])


def extra_questions(ctx: Ctx, d: Any) -> list[Any]:
    """The topic's extra questions that fit the kind."""
    topic = ctx.profile.topic(d.topic or "khac")
    return [q for q in topic.extra_questions if not q.kinds or d.kind in q.kinds]


def _parse_extra(q: Any) -> Any:
    def parse(ctx: Ctx, d: Any, ans: Answer) -> Any:
        if q.type == "place":
            if ans.location is not None:
                return places.from_location(ctx, ans.location)
            if len(ans.text.split()) < 2:
                raise Invalid("form_bad_place")
            return places.from_text(ans.text, ctx.profile.province)
        if q.type == "number":
            num = ans.text.replace(",", ".").replace(" ", "")
            try:  # ASCII digits only, a finite number of a sensible size ("²", "1e999", "nan" are not)
                if not num.isascii() or len(num) > 15 or not any(ch.isdigit() for ch in num):
                    raise ValueError(num)
                value = float(num) if "." in num else int(num)
                if not math.isfinite(value) or abs(value) >= 1e12:
                    raise ValueError(num)
            except ValueError:
                raise Invalid("pa_bad_number") from None
            return value
        if q.type == "date":
            dates = intents.extract_entities(ans.text, today=ctx.today).dates
            if not dates:
                raise Invalid("pa_bad_date")
            return dates[0].isoformat()
        if q.type == "choice":
            raise Invalid("pa_bad_choice")
        return clip(ans.text, 1000)
    return parse


def extra_field(q: Any) -> Field:
    def store(ctx: Ctx, d: Any, value: Any) -> None:
        if isinstance(value, dict):  # a place: kept as the item's place, its words as the answer
            d.place = {**(d.place or {}), **value}
            value = places.describe(d.place)
        d.extra = {**d.extra, q.key: value}

    def known(ctx: Ctx, d: Any) -> Any:
        return places.describe(d.place) if q.type == "place" and d.place else None

    return Field(key=f"x_{q.key}", prompt=lambda ctx, d: q.prompt, label=lambda ctx, d: q.label,
                 parse=_parse_extra(q), store=store, required=q.required, place=q.type == "place",
                 words=(norm(q.label),), known=known if q.type == "place" else None,
                 applies=lambda ctx, d: not q.kinds or d.kind in q.kinds,
                 choices=(lambda ctx, d: [Choice(c, c) for c in q.choices]) if q.type == "choice" else None)


ATTACH = Field(key="attachments", prompt="pa_ask_attach", label="pa_field_attachments", required=False,
               words=("tep", "anh", "tai lieu", "dinh kem"), store=lambda ctx, d, v: None,
               known=lambda ctx, d: len(d.attachments) or None,
               choices=lambda ctx, d: [Choice("done", ctx.t("pa_btn_done"), ("xong", "het roi", "du roi", "vay thoi"),
                                              yes=True)], help="form_help_attach")
