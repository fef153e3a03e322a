"""Citizen flows: petitions, dialogue registration, look-up, FAQ, subscriptions, personal data."""

from __future__ import annotations

import logging
import math
from collections.abc import Callable
from typing import Any

import intents
from bot.core.context import MAX_TEXT, Ctx
from bot.core.render import clip, fmt_date, fmt_datetime, fmt_short_date
from bot.core.types import Button, Outbound
from bot.services import identity, lifecycle, lookup, notify, personal_data
from bot.services import petitions as psvc
from bot.services.base import Actor, Refused
from storage import citizens, dialogue, limits, petitions, publication
from storage.models import Citizen, PetitionStatus, SessionStatus

log = logging.getLogger(__name__)

B = Button
MIN_CONTENT_WORDS = 5
LEGAL_PROCESS_KINDS = ("khieu_nai", "to_cao")

# Folded phrases that mean one thing whatever the state (checked before the NLU).
CANCEL_WORDS = {"huy", "/huy", "huy bo", "/cancel", "cancel", "thoi huy"}
MENU_WORDS = {"/start", "/menu", "menu", "/batdau"}
HELP_WORDS = {"/help", "/huongdan", "huong dan", "tro giup", "help"}
MYDATA_WORDS = {"du lieu cua toi", "/dulieu", "xem du lieu cua toi", "thong tin cua toi"}
LINK_WORDS = {"/lienket", "lien ket", "lien ket tai khoan", "lien ket kenh"}
ERASE_WORDS = {"xoa du lieu cua toi", "/xoadulieu", "xoa du lieu", "xoa thong tin cua toi"}

# Commands shown in the channels' command menus (staff commands live in bot/core/staff.py).
CITIZEN_COMMANDS = {"/tracuu": "menu:lk", "/lichdoithoai": "menu:dt", "/hoidap": "menu:faq", "/nhantin": "menu:sub",
                    "/dungnhantin": "menu:unsub", "/guipa": "menu:pa"}
CITIZEN_COMMAND_MENU = [("start", "Bắt đầu, trang chính"), ("guipa", "Gửi phản ánh, kiến nghị"),
                        ("lichdoithoai", "Lịch đối thoại, đăng ký câu hỏi"), ("tracuu", "Tra cứu hồ sơ đã gửi"),
                        ("hoidap", "Hỏi đáp thủ tục"), ("nhantin", "Nhận thông báo"),
                        ("dungnhantin", "Ngừng nhận thông báo"), ("lienket", "Liên kết với tài khoản trên kênh khác"),
                        ("huongdan", "Hướng dẫn"), ("huy", "Hủy thao tác")]
# The main menu: rows of (catalog key, payload). Channels with a persistent keyboard show it too.
MAIN_MENU: list[list[tuple[str, str]]] = [
    [("menu_petition", "menu:pa")],
    [("menu_dialogue", "menu:dt"), ("menu_lookup", "menu:lk")],
    [("menu_faq", "menu:faq"), ("menu_subscribe", "menu:sub")],
    [("menu_help", "menu:help")],
]
GLOBAL_PAYLOADS = ("sub:", "menu:", "r:", "lk:", "info:", "dt:", "erase:", "faq:", "wd:")

# Bare requests: once these words are removed, what remains is the actual content.
_TRIGGER_WORDS = set(
    ["toi", "em", "minh", "chau", "con", "anh", "chi", "ong", "ba", "chung", "cty", "cong", "ty", "doanh", "nghiep", "muon", "can", "xin", "duoc", "gui", "phan", "anh", "kien", "nghi", "khieu", "nai", "to", "cao", "gop", "y", "de", "xuat", "y", "kien", "ve", "viec", "mot", "cho", "hoi", "a", "oi", "nhe", "nha", "voi", "co", "quan", "so", "ubnd", "lam", "don", "nop", "lam", "the", "nao", "sao"]
)
_TRIGGER_KIND = {
    "khieu nai": "khieu_nai", "to cao": "to_cao", "kien nghi": "kien_nghi", "gop y": "kien_nghi",
    "de xuat": "kien_nghi", "phan anh": "phan_anh",
}


# ================================================================================ entry
def handle(ctx: Ctx) -> None:
    msg = ctx.msg
    ctx.citizen = citizens.get_or_create(ctx.s, msg.channel, msg.user_id, msg.display_name, known=ctx.citizen)
    folded = intents.fold(msg.text)

    if len(msg.text) > MAX_TEXT:
        ctx.say(ctx.t("too_long", length=len(msg.text), limit=MAX_TEXT))
        return
    if folded in CANCEL_WORDS or msg.payload == "cancel":
        if ctx.state.state == "idle":
            ctx.say(ctx.t("nothing_to_cancel"), menu=True)
        else:
            ctx.reset()
            ctx.say(ctx.t("cancelled"), menu=True)
        return
    if msg.payload == "resume":  # a channel (re)opens the conversation: continue a form left half-way
        if ctx.state.state.startswith("pa."):
            ctx.say(ctx.t("resume"))
            if ctx.state.state == "pa.attach":
                ctx.slots.pop("attach_asked", None)
            _advance(ctx)
            return
        if ctx.state.state.startswith("dt.") and ctx.slots.get("session_id"):
            ctx.say(ctx.t("resume"))
            _dt_advance(ctx)
            return
        ctx.reset()
        _start(ctx)
        return
    if folded in MENU_WORDS or msg.text.startswith("/start") or msg.payload == "menu":
        ctx.reset()
        _start(ctx)
        return
    if folded in HELP_WORDS or msg.payload == "menu:help":
        ctx.say(ctx.t("help"), menu=True)
        return
    if folded in ERASE_WORDS:
        ctx.reset()
        _erase_ask(ctx)
        return
    if folded in LINK_WORDS:
        ctx.reset()
        _link_start(ctx)
        return
    if folded in MYDATA_WORDS:
        _mydata(ctx)
        return

    handler = STATES.get(ctx.state.state)
    if msg.payload and msg.payload.startswith(GLOBAL_PAYLOADS):
        _idle(ctx)  # buttons on earlier messages (rating, look-up, menu) work from any step
    elif handler is None or ctx.state.state == "idle":
        _idle(ctx)
    else:
        handler(ctx)


def _start(ctx: Ctx) -> None:
    arg = ctx.msg.text.split(maxsplit=1)[1].strip() if ctx.msg.text.startswith("/start ") else ""
    if arg.startswith("dt_") and limits.small_int(arg[3:]) is not None:
        _dialogue_choose(ctx, limits.small_int(arg[3:]) or 0)
        return
    if arg == "tracuu":
        _lookup_list(ctx)
        return
    ctx.say(ctx.t("welcome"), menu=True)
    ctx.say(ctx.t("menu_prompt"), _menu_buttons(ctx))


def _menu_buttons(ctx: Ctx) -> list[list[Button]]:
    t = ctx.t
    return [[B(t(key), payload) for key, payload in row] for row in MAIN_MENU]


def _menu_label_payload(ctx: Ctx, folded: str) -> str | None:
    for row in _menu_buttons(ctx):
        for b in row:
            if intents.fold(b.text) == folded:
                return b.payload
    return None


# ================================================================================ idle
def _idle(ctx: Ctx) -> None:
    msg = ctx.msg
    payload = msg.payload or _menu_label_payload(ctx, intents.fold(msg.text))
    if payload:
        if _payload(ctx, payload):
            return
        ctx.say(ctx.t("stale_button"), _menu_buttons(ctx))
        return
    if not msg.text and msg.attachments:
        ctx.reset()
        ctx.slots["attachments"] = _att_dicts(msg.attachments)
        _start_petition(ctx, "", None)
        return
    if not msg.text:
        ctx.say(ctx.t("empty"), _menu_buttons(ctx))
        return
    command = CITIZEN_COMMANDS.get(msg.text.split("@", 1)[0].lower()) if msg.text.startswith("/") else None
    if command is None and intents.fold(msg.text) in ("tra cuu", "tra cuu ho so", "tra cuu ho so cua toi"):
        command = "menu:lk"
    if command:
        _payload(ctx, command)
        return
    if msg.text.startswith("/"):
        ctx.say(ctx.t("unknown"), _menu_buttons(ctx))
        return

    u = intents.understand(msg.text, ctx.profile, today=ctx.today)
    code = u.entities.codes[0] if u.entities.codes else None
    if code and (u.intent != "petition" or len(msg.text.split()) <= 15):
        _lookup_code(ctx, code)
        return
    if u.intent == "petition" or u.urgent or (u.intent_score < intents.INTENT_CONFIDENT and len(msg.text.split()) >= 12):
        # a long free text with an unsure intent is most likely a petition: the citizen confirms it next
        ctx.reset()
        ctx.slots["attachments"] = _att_dicts(msg.attachments)
        _start_petition(ctx, msg.text, u)
        return
    if u.intent_score < intents.INTENT_CONFIDENT and u.intent in ("faq", "other", "help", "smalltalk") \
            and intents.answer_question(msg.text, ctx.profile) is not None:
        _faq(ctx, u)  # a hesitant question that names a procedure or another body's subject: answer it
        return
    if u.intent_score < intents.INTENT_CONFIDENT:
        t = ctx.t
        ctx.say(t("clarify"), [
            [B(t("clarify_petition"), "clar:pa")], [B(t("clarify_dialogue"), "menu:dt")],
            [B(t("clarify_lookup"), "menu:lk")], [B(t("clarify_faq"), "clar:faq")],
        ])
        ctx.slots["clar_text"] = msg.text
        return
    INTENT_HANDLERS.get(u.intent, _other)(ctx, u)


def _payload(ctx: Ctx, payload: str) -> bool:
    """Buttons usable from the idle state. Returns False for unknown/stale payloads."""
    kind, _, arg = payload.partition(":")
    if payload == "menu:pa":
        ctx.reset()
        _start_petition(ctx, "", None)
    elif payload == "menu:dt":
        _dialogue_list(ctx)
    elif payload == "menu:lk":
        _lookup_list(ctx)
    elif payload == "menu:faq":
        ctx.say(ctx.t("faq_ask"))
    elif payload == "menu:sub":
        _subscribe(ctx, None)
    elif payload == "menu:unsub":
        _unsubscribe(ctx, None)
    elif payload == "clar:pa":
        text = ctx.slots.pop("clar_text", "")
        ctx.reset()
        _start_petition(ctx, text, intents.understand(text, ctx.profile) if text else None)
    elif payload == "clar:faq":
        text = ctx.slots.pop("clar_text", "")
        if text:
            _faq(ctx, intents.understand(text, ctx.profile))
        else:
            _payload(ctx, "menu:faq")
    elif payload == "faq:ok":
        ctx.say(ctx.t("faq_ok"))
    elif payload == "faq:pa":
        text = ctx.slots.pop("faq_text", "")
        ctx.reset()
        _start_petition(ctx, text, intents.understand(text, ctx.profile) if text else None, kind="kien_nghi")
    elif payload == "faq:dt":
        text = ctx.slots.pop("faq_text", "")
        ctx.slots["dt_question"] = text
        _dialogue_list(ctx, register=True)
    elif kind == "dt" and limits.small_int(arg) is not None:
        _dialogue_choose(ctx, limits.small_int(arg) or 0)
    elif kind == "lk":
        _lookup_code(ctx, arg)
    elif kind == "wd":
        _withdraw_ask(ctx, arg)
    elif kind == "info":
        _info_start(ctx, arg)
    elif kind == "r":
        _rate(ctx, payload)
    elif kind == "sub":
        _interest(ctx, payload)
    elif payload == "erase:yes":
        _erase_do(ctx)
    else:
        return False
    return True


def _smalltalk(ctx: Ctx, u: Any) -> None:
    f = intents.fold(ctx.msg.text)
    if any(w in f for w in ("cam on", "thank", "cmon", "tks")):
        ctx.say(ctx.t("smalltalk_thanks"))
    elif any(w in f for w in ("tam biet", "bye", "hen gap")):
        ctx.say(ctx.t("smalltalk_bye"))
    else:
        ctx.say(ctx.t("smalltalk_hello"), _menu_buttons(ctx))


def _help(ctx: Ctx, u: Any) -> None:
    ctx.say(ctx.t("help"), menu=True)


def _other(ctx: Ctx, u: Any) -> None:
    ctx.say(ctx.t("out_of_scope"), _menu_buttons(ctx))


def _status(ctx: Ctx, u: Any) -> None:
    if u.entities.codes:
        _lookup_code(ctx, u.entities.codes[0])
    else:
        _lookup_list(ctx)


# ================================================================================ petitions
def _att_dicts(atts: list) -> list[dict[str, Any]]:
    from dataclasses import asdict

    return [asdict(a) for a in atts]


def _bare_request(text: str) -> tuple[bool, str | None]:
    """'tôi muốn khiếu nại' → (True, 'khieu_nai'): the request names a kind but has no content."""
    f = intents.fold(text)
    kind = next((k for phrase, k in _TRIGGER_KIND.items() if phrase in f), None)
    rest = [w for w in f.split() if w not in _TRIGGER_WORDS]
    return len(rest) < 3, kind


def _start_petition(ctx: Ctx, text: str, u: Any, kind: str | None = None) -> None:
    slots = ctx.slots
    slots["flow"] = "pa"
    if u is not None:
        ent = u.entities
        if ent.person_name:
            slots["pre_name"] = ent.person_name
        if ent.phones:
            slots["pre_phone"] = ent.phones[0]
        if ent.emails and limits.fits(Citizen, "email", ent.emails[0]):
            slots["pre_email"] = ent.emails[0]
    bare, named_kind = _bare_request(text) if text else (True, None)
    if kind or named_kind:
        slots["kind"] = kind or named_kind
        slots["kind_fixed"] = True
    if text and not bare:
        _set_content(ctx, text, u)
    _advance(ctx)


def _set_content(ctx: Ctx, text: str, u: Any = None) -> None:
    slots = ctx.slots
    u = u or intents.understand(text, ctx.profile, today=ctx.today)
    slots["content"] = text
    if not slots.get("kind_fixed"):
        slots["kind"] = u.kind
    slots["topic"] = u.topic if u.topic in ctx.profile.topic_codes else "khac"
    slots["nlu"] = {"intent": u.intent, "intent_score": round(u.intent_score, 3), "kind": u.kind,
                    "kind_score": round(u.kind_score, 3), "topic": u.topic, "topic_score": round(u.topic_score, 3)}
    for t in ctx.profile.topics:
        if t.urgent and intents.contains_any(text, t.urgent.keywords):
            slots["urgent"] = True
            slots["topic"] = t.code
            ctx.say(ctx.t("pa_urgent", notice=t.urgent.notice))
            break
    else:
        # an urgent situation recognised by meaning (lost radioactive source, fire, violence, collapse)
        category = u.urgent if u.text == text else intents.urgent_category(text)
        if category:
            slots["urgent"] = True
            notice = ctx.profile.urgent_notices.get(category) or ctx.t(f"urgent_{category}")
            ctx.say(ctx.t("pa_urgent", notice=notice))
    ent = u.entities
    if ent.person_name and not slots.get("pre_name"):
        slots["pre_name"] = ent.person_name
    if ent.phones and not slots.get("pre_phone"):
        slots["pre_phone"] = ent.phones[0]
    if ent.emails and not slots.get("pre_email") and limits.fits(Citizen, "email", ent.emails[0]):
        slots["pre_email"] = ent.emails[0]


def _kind_name(ctx: Ctx, code: str | None) -> str:
    return ctx.profile.kind(code or "phan_anh").name


def _known(ctx: Ctx, field: str) -> str | None:
    """A contact value from this form, from the first message, or from the citizen's last item."""
    slots, c = ctx.slots, ctx.citizen
    if field in slots:
        return slots[field]
    pre = slots.get(f"pre_{field}")
    if pre:
        return pre
    return getattr(c, {"name": "full_name"}.get(field, field), None) if c else None


def _advance(ctx: Ctx) -> None:
    """Ask for the first thing still missing; when nothing is, show the summary."""
    slots, t, p = ctx.slots, ctx.t, ctx.profile
    if not slots.get("content"):
        kind_lower = _kind_name(ctx, slots.get("kind")).lower() if slots.get("kind") else "phản ánh, kiến nghị"
        ctx.goto("pa.content")
        ctx.say(t("pa_ask_content", kind_lower=kind_lower), [[B(t("btn_cancel"), "cancel")]])
        return
    if not slots.get("class_ok"):
        _ask_class(ctx)
        return
    topic = p.topic(slots["topic"])
    extra = slots.setdefault("extra", {})
    for q in topic.extra_questions:
        if q.key not in extra:
            ctx.goto("pa.extra", extra_key=q.key)
            buttons = [[B(c, f"x:{i}")] for i, c in enumerate(q.choices)] if q.type == "choice" else []
            if not q.required:
                buttons.append([B(t("btn_skip"), "skip")])
            ctx.say(q.prompt, buttons)
            return
    if not slots.get("attach_asked"):
        slots["attach_asked"] = True
        if not slots.get("attachments"):
            ctx.goto("pa.attach")
            ctx.say(t("pa_ask_attach"), [[B(t("pa_btn_done"), "done"), B(t("btn_skip"), "skip")]])
            return
    anonymous = slots.get("anonymous", False)
    if not anonymous:
        if not _known(ctx, "name"):
            ctx.goto("pa.name")
            if slots.get("kind") == "to_cao":
                ctx.say(t("pa_ask_name_to_cao"), [[B(t("pa_btn_anonymous"), "anon")]])
            else:
                ctx.say(t("pa_ask_name"))
            return
        if not _known(ctx, "address"):
            ctx.goto("pa.address")
            ctx.say(t("pa_ask_address"))
            return
        if not _known(ctx, "phone"):
            ctx.goto("pa.phone")
            ctx.say(t("pa_ask_phone"), request_phone=True)
            return
        if "email" not in slots and not _known(ctx, "email") and not ctx.citizen.phone:
            ctx.goto("pa.email")
            ctx.say(t("pa_ask_email"), [[B(t("btn_skip"), "skip")]])
            return
        if ctx.citizen.consent_version != p.consent.version and not slots.get("consent"):
            ctx.goto("pa.consent")
            ctx.say(t("consent_ask", consent_text=p.consent.text),
                    [[B(t("consent_btn_yes"), "consent:yes"), B(t("consent_btn_no"), "consent:no")]])
            return
    if "publish" not in slots and slots.get("kind") not in LEGAL_PROCESS_KINDS:  # never for khiếu nại, tố cáo
        ctx.goto("pa.publish")
        ctx.say(t("pa_ask_publish"), [[B(t("pa_btn_publish_yes"), "pub:yes"), B(t("pa_btn_publish_no"), "pub:no")]])
        return
    _summary(ctx)


def _ask_class(ctx: Ctx) -> None:
    slots, t = ctx.slots, ctx.t
    ctx.goto("pa.class")
    kind = slots.get("kind") or "phan_anh"
    slots["kind"] = kind
    ctx.say(
        t("pa_understood", kind_name=_kind_name(ctx, kind), topic_name=ctx.profile.topic(slots["topic"]).name),
        [[B(t("pa_btn_ok"), "pa:ok")],
         [B(t("pa_btn_change_kind"), "pa:kind"), B(t("pa_btn_change_topic"), "pa:topic")]],
    )


def _kind_buttons(ctx: Ctx) -> list[list[Button]]:
    return [[B(k.name, f"pa:k:{k.code}")] for k in ctx.profile.kinds]


def _topic_buttons(ctx: Ctx) -> list[list[Button]]:
    return [[B(t.name, f"pa:t:{t.code}")] for t in ctx.profile.topics]


def st_pa_content(ctx: Ctx) -> None:
    msg = ctx.msg
    if msg.attachments:
        ctx.slots.setdefault("attachments", []).extend(_att_dicts(msg.attachments))
    if msg.payload:
        ctx.say(ctx.t("stale_button"))
        _advance(ctx)
        return
    if not msg.text:
        if msg.attachments:
            ctx.say(ctx.t("pa_attach_received", count=len(ctx.slots["attachments"])))
        ctx.say(ctx.t("pa_ask_content", kind_lower="phản ánh, kiến nghị"))
        return
    if len(intents.fold(msg.text).split()) < MIN_CONTENT_WORDS:
        ctx.say(ctx.t("pa_content_too_short"))
        return
    _set_content(ctx, msg.text)
    if ctx.slots.get("editing"):
        ctx.slots["class_ok"] = False
    _advance(ctx)


def st_pa_class(ctx: Ctx) -> None:
    p = ctx.msg.payload or ""
    slots = ctx.slots
    if p == "pa:ok":
        slots["class_ok"] = True
        kind = ctx.profile.kind(slots["kind"])
        if kind.legal_notice and kind.code in LEGAL_PROCESS_KINDS:
            ctx.say(ctx.t("pa_legal_notice", notice=kind.legal_notice))
        _advance(ctx)
    elif p == "pa:kind":
        ctx.say(ctx.t("pa_choose_kind") + "\n" + ctx.t("pa_kind_help"), _kind_buttons(ctx))
    elif p == "pa:topic":
        ctx.say(ctx.t("pa_choose_topic"), _topic_buttons(ctx))
    elif p.startswith("pa:k:") and p[5:] in {k.code for k in ctx.profile.kinds}:
        slots["kind"], slots["kind_fixed"] = p[5:], True
        _ask_class(ctx)
    elif p.startswith("pa:t:") and p[5:] in ctx.profile.topic_codes:
        slots["topic"] = p[5:]
        slots["extra"] = {}
        _ask_class(ctx)
    elif ctx.msg.text and not p:
        # more text instead of a choice: treat it as an addition to the content
        slots["content"] = f"{slots['content']}\n{ctx.msg.text}"
        _ask_class(ctx)
    else:
        ctx.say(ctx.t("stale_button"))
        _ask_class(ctx)


def st_pa_extra(ctx: Ctx) -> None:
    slots, msg, t = ctx.slots, ctx.msg, ctx.t
    topic = ctx.profile.topic(slots["topic"])
    q = next((q for q in topic.extra_questions if q.key == slots.get("extra_key")), None)
    if q is None:
        _advance(ctx)
        return
    value: Any = None
    if msg.payload == "skip" and not q.required:
        value = None
    elif q.type == "choice":
        idx = msg.payload[2:] if msg.payload and msg.payload.startswith("x:") else None
        n = limits.small_int(idx)
        if n is not None and n < len(q.choices):
            value = q.choices[n]
        else:
            match = next((c for c in q.choices if intents.fold(c) == intents.fold(msg.text)), None)
            if not match:
                ctx.say(t("pa_bad_choice"), [[B(c, f"x:{i}")] for i, c in enumerate(q.choices)])
                return
            value = match
    elif not msg.text:
        ctx.say(q.prompt)
        return
    elif q.type == "number":
        num = msg.text.replace(",", ".").replace(" ", "")
        try:  # ASCII digits only, a finite number of a sensible size ("²", "1e999", "nan" are not)
            if not num.isascii() or len(num) > 15 or not any(ch.isdigit() for ch in num):
                raise ValueError(num)
            value = float(num) if "." in num else int(num)
            if not math.isfinite(value) or abs(value) >= 1e12:
                raise ValueError(num)
        except ValueError:
            ctx.say(t("pa_bad_number"))
            return
    elif q.type == "date":
        dates = intents.extract_entities(msg.text, today=ctx.today).dates
        if not dates:
            ctx.say(t("pa_bad_date"))
            return
        value = dates[0].isoformat()
    else:
        value = clip(msg.text, 1000)
    slots["extra"] = {**slots.get("extra", {}), q.key: value}
    _advance(ctx)


def st_pa_attach(ctx: Ctx) -> None:
    msg, slots = ctx.msg, ctx.slots
    if msg.attachments:
        slots.setdefault("attachments", []).extend(_att_dicts(msg.attachments))
        ctx.say(ctx.t("pa_attach_received", count=len(slots["attachments"])),
                [[B(ctx.t("pa_btn_done"), "done")]])
        return
    if msg.payload in ("done", "skip") or intents.fold(msg.text) in ("xong", "khong", "khong co", "bo qua"):
        _advance(ctx)
        return
    if msg.text:  # an addition to the content rather than a file
        slots["content"] = f"{slots['content']}\n{msg.text}"
        ctx.say(ctx.t("pa_ask_attach"), [[B(ctx.t("pa_btn_done"), "done"), B(ctx.t("btn_skip"), "skip")]])
        return
    ctx.say(ctx.t("stale_button"))


def _valid_name(text: str) -> str | None:
    words = text.split()
    if not (2 <= len(words) <= 7) or any(ch.isdigit() for ch in text) or len(text) > 80:
        return None
    if not all(w.replace("-", "").replace("'", "").isalpha() for w in words):
        return None
    return " ".join(w[:1].upper() + w[1:].lower() for w in words)


def st_pa_name(ctx: Ctx) -> None:
    msg, slots = ctx.msg, ctx.slots
    if msg.payload == "anon" and slots.get("kind") == "to_cao":
        slots["anonymous"] = True
        ctx.say(ctx.t("pa_anonymous_notice"))
        _advance(ctx)
        return
    found = intents.extract_entities(msg.text).person_name if msg.text else None
    name = _valid_name(found or msg.text)
    if not name:
        ctx.say(ctx.t("pa_bad_name"))
        return
    slots["name"] = name
    _advance(ctx)


def st_pa_address(ctx: Ctx) -> None:
    text = ctx.msg.text
    if len(text) < 6 or len(text.split()) < 2:
        ctx.say(ctx.t("pa_bad_address"))
        return
    ctx.slots["address"] = clip(text, 500)
    _advance(ctx)


def _phone_step(ctx: Ctx, advance: Callable[[Ctx], None]) -> None:
    phone = intents.parse_phone(ctx.msg.contact_phone or ctx.msg.text)
    if not phone:
        ctx.say(ctx.t("pa_bad_phone"), request_phone=True)
        return
    ctx.slots["phone"] = phone
    ctx.slots["phone_confirmed"] = bool(ctx.msg.contact_phone)  # the channel's own contact card
    advance(ctx)


def st_pa_phone(ctx: Ctx) -> None:
    _phone_step(ctx, _advance)


def st_pa_email(ctx: Ctx) -> None:
    msg = ctx.msg
    if msg.payload == "skip" or intents.fold(msg.text) in ("khong", "khong co", "bo qua", "ko", "k"):
        ctx.slots["email"] = None
        _advance(ctx)
        return
    email = intents.parse_email(msg.text)
    if not email:
        ctx.say(ctx.t("pa_bad_email"), [[B(ctx.t("btn_skip"), "skip")]])
        return
    if not limits.fits(Citizen, "email", email):
        ctx.say(ctx.t("pa_email_too_long", limit=limits.max_length(Citizen, "email")),
                [[B(ctx.t("btn_skip"), "skip")]])
        return
    ctx.slots["email"] = email
    _advance(ctx)


def _consent_step(ctx: Ctx, on_yes: Callable[[Ctx], None]) -> None:
    msg, t = ctx.msg, ctx.t
    if msg.payload == "consent:yes" or intents.fold(msg.text) in ("toi dong y", "dong y", "co"):
        ctx.slots["consent"] = True
        on_yes(ctx)
    elif msg.payload == "consent:no" or intents.fold(msg.text) in ("khong dong y", "khong"):
        ctx.reset()
        ctx.say(t("consent_refused"), menu=True)
    else:
        ctx.say(t("consent_need_explicit"),
                [[B(t("consent_btn_yes"), "consent:yes"), B(t("consent_btn_no"), "consent:no")]])


def st_pa_consent(ctx: Ctx) -> None:
    _consent_step(ctx, _advance)


def st_pa_publish(ctx: Ctx) -> None:
    """Publication on the public page (công khai) is opt-in: anything but a clear yes is no."""
    yes = ctx.msg.payload == "pub:yes" or intents.fold(ctx.msg.text) in ("co", "dong y", "dong y cong khai")
    ctx.slots["publish"] = yes
    _advance(ctx)


def _summary(ctx: Ctx) -> None:
    slots, t = ctx.slots, ctx.t
    topic = ctx.profile.topic(slots["topic"])
    labels = {q.key: q.label for q in topic.extra_questions}
    extra_lines = "".join(f"• {labels.get(k, k)}: {v}\n" for k, v in (slots.get("extra") or {}).items()
                          if v not in (None, ""))
    anonymous = slots.get("anonymous")
    none = t("anonymous_value") if anonymous else t("not_given")
    ctx.goto("pa.confirm")
    ctx.say(
        t("pa_summary", kind_name=_kind_name(ctx, slots["kind"]), topic_name=topic.name,
          content=clip(slots["content"], 700), extra=extra_lines,
          attachments=len(slots.get("attachments") or []) or t("none_value"),
          name=none if anonymous else _known(ctx, "name"),
          address=none if anonymous else _known(ctx, "address"),
          phone=none if anonymous else _known(ctx, "phone"),
          email=(none if anonymous else _known(ctx, "email")) or t("not_given")),
        [[B(t("pa_btn_send"), "send")], [B(t("pa_btn_edit"), "edit"), B(t("btn_cancel"), "cancel")]],
    )


EDIT_FIELDS = ("content", "kind", "topic", "name", "address", "phone", "email")


def st_pa_confirm(ctx: Ctx) -> None:
    p, slots, t = ctx.msg.payload or "", ctx.slots, ctx.t
    if p == "send" or intents.fold(ctx.msg.text) in ("gui", "dong y", "ok", "xac nhan"):
        _commit_petition(ctx)
    elif p == "edit":
        fields = [f for f in EDIT_FIELDS if not (slots.get("anonymous") and f in ("name", "address", "phone", "email"))]
        ctx.say(t("pa_edit_which"), [[B(t(f"pa_field_{f}"), f"ed:{f}")] for f in fields])
    elif p.startswith("ed:") and p[3:] in EDIT_FIELDS:
        f = p[3:]
        slots["editing"] = True
        if f == "kind":
            slots["class_ok"] = False
            ctx.goto("pa.class")
            ctx.say(t("pa_choose_kind") + "\n" + t("pa_kind_help"), _kind_buttons(ctx))
            return
        if f == "topic":
            slots["class_ok"] = False
            ctx.goto("pa.class")
            ctx.say(t("pa_choose_topic"), _topic_buttons(ctx))
            return
        slots.pop(f, None)
        slots.pop(f"pre_{f}", None)
        if f == "content":
            ctx.goto("pa.content")
            ctx.say(t("pa_ask_content", kind_lower=_kind_name(ctx, slots["kind"]).lower()))
            return
        prompts = {"name": ("pa.name", "pa_ask_name"), "address": ("pa.address", "pa_ask_address"),
                   "phone": ("pa.phone", "pa_ask_phone"), "email": ("pa.email", "pa_ask_email")}
        state, key = prompts[f]
        ctx.goto(state)
        ctx.say(t(key), [[B(t("btn_skip"), "skip")]] if f == "email" else None, request_phone=f == "phone")
    else:
        ctx.say(t("stale_button"))
        _summary(ctx)


def _commit_petition(ctx: Ctx) -> None:
    slots, t, prof, c = ctx.slots, ctx.t, ctx.profile, ctx.citizen
    assert c is not None
    kind = slots["kind"]
    anonymous = bool(slots.get("anonymous"))
    name, address, phone, email = (None, None, None, None) if anonymous else (
        _known(ctx, "name"), _known(ctx, "address"), _known(ctx, "phone"), _known(ctx, "email"))
    if not anonymous:
        place = intents.extract_entities(address or "")
        fields: dict[str, Any] = {"full_name": name, "address": address, "phone": phone}
        if email:
            fields["email"] = email
        if place.provinces:
            fields["province_code"] = str(place.provinces[0].get("code"))
        if place.communes:
            fields["commune_code"] = str(place.communes[0].get("code"))
        citizens.update(ctx.s, c, **fields)
        if phone and slots.get("phone_confirmed"):
            citizens.confirm_phone(ctx.s, c, phone)
        if slots.get("consent") or c.consent_version != prof.consent.version:
            citizens.give_consent(ctx.s, c, prof.consent.version)
    attachments = _store_attachments(ctx, slots.get("attachments") or [])
    p = psvc.submit(ctx.env, ctx.actor, psvc.Submission(
        kind=kind, topic=slots["topic"], content=slots["content"], channel=ctx.msg.channel, citizen_id=c.id,
        full_name=name, phone=phone, email=email, address=address, extra=slots.get("extra", {}),
        attachments=attachments, urgent=bool(slots.get("urgent")), anonymous=anonymous, nlu=slots.get("nlu", {}),
    ))
    due = p.due_date
    if slots.get("publish") and kind not in LEGAL_PROCESS_KINDS:
        publication.record_consent(ctx.s, p.id)  # shown on the public page only once staff approve a masked text
    ctx.reset()
    kind_lower = prof.kind(kind).name.lower()
    if due is None:
        ctx.say(t("pa_received_no_due", kind_lower=kind_lower, code=p.code), menu=True)
    else:
        ctx.say(t("pa_received", kind_lower=kind_lower, code=p.code, due=fmt_date(due)), menu=True)
    if kind in LEGAL_PROCESS_KINDS and not anonymous:
        ctx.say(t("pa_received_formal"))
    if kind == "to_cao" and not anonymous:
        ctx.say(t("pa_received_confidential"))


def _store_attachments(ctx: Ctx, atts: list[dict[str, Any]]) -> list[dict[str, Any]]:
    fetch = ctx.core.fetchers.get(ctx.msg.channel)
    if not fetch:
        return atts
    from bot.core.types import Attachment

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


# ================================================================================ dialogue
def _session_open(ctx: Ctx, ds: Any) -> tuple[bool, str | None]:
    """(in-person registration open, reason when closed)."""
    if ds.registration_deadline and ctx.now > ds.registration_deadline:
        return False, ctx.t("dt_reason_deadline")
    if ds.capacity is not None and dialogue.in_person_count(ctx.s, ds.id) >= ds.capacity:
        return False, ctx.t("dt_reason_full")
    return True, None


def _session_text(ctx: Ctx, ds: Any) -> str:
    seats = ""
    if ds.capacity is not None:
        left = max(0, ds.capacity - dialogue.in_person_count(ctx.s, ds.id))
        seats = ctx.t("dt_seats", left=left, capacity=ds.capacity) if left else ctx.t("dt_seats_full")
    theme = ctx.t("dt_theme", theme=clip(ds.description, 300)) if ds.description else ""
    return ctx.t("dt_item", title=ds.title, when=fmt_datetime(ds.starts_at), place=ds.place, host=ds.host,
                 deadline=fmt_datetime(ds.registration_deadline), seats=seats) + theme


def _dialogue_list(ctx: Ctx, register: bool = False) -> None:
    sessions = dialogue.upcoming(ctx.s, ctx.now)
    reception = ctx.profile.reception_schedule
    if not sessions:
        buttons = [[B(ctx.t("menu_subscribe"), "menu:sub")]]
        if register:  # the question can still reach the agency, as a kiến nghị
            ctx.slots["faq_text"] = ctx.slots.pop("dt_question", "")
            buttons.insert(0, [B(ctx.t("faq_btn_petition"), "faq:pa")])
        ctx.say(ctx.t("dt_none"), buttons)
        if reception:
            ctx.say(ctx.t("dt_reception", schedule=reception))
        return
    if register and len(sessions) == 1:
        _dialogue_choose(ctx, sessions[0].id)
        return
    body = "\n\n".join(_session_text(ctx, ds) for ds in sessions)
    if reception and not register:
        body += "\n\n" + ctx.t("dt_reception", schedule=reception)
    ctx.say(ctx.t("dt_list_header") + "\n\n" + body,
            [[B(ctx.t("dt_btn_register", title=clip(ds.title, 40)), f"dt:{ds.id}")] for ds in sessions])


def _dialogue_schedule(ctx: Ctx, u: Any) -> None:
    _dialogue_list(ctx)


def _dialogue_register(ctx: Ctx, u: Any) -> None:
    text = ctx.msg.text
    f = intents.fold(text)
    rest = [w for w in f.split() if w not in _TRIGGER_WORDS | {"dang", "ky", "hoi", "buoi", "doi", "thoai", "cau",
                                                                 "tai", "tham", "du", "nghi"}]
    if len(rest) >= 6:
        ctx.slots["dt_question"] = text
    _dialogue_list(ctx, register=True)


def _dialogue_choose(ctx: Ctx, session_id: int) -> None:
    ds = dialogue.get_session(ctx.s, session_id)
    if ds is None or ds.status != SessionStatus.planned or ds.starts_at < ctx.now:
        ctx.say(ctx.t("dt_closed"), _menu_buttons(ctx))
        return
    question = ctx.slots.get("dt_question")
    ctx.reset()
    ctx.slots.update(flow="dt", session_id=ds.id)
    if question:
        ctx.slots["question"] = question
    open_, reason = _session_open(ctx, ds)
    if not open_:
        ctx.slots["attend"] = "written"
        ctx.say(ctx.t("dt_closed_written_only", reason=reason))
    intro = [_session_text(ctx, ds)]
    if ds.programme:
        intro.append(ctx.t("dt_programme", programme=clip(ds.programme, 800)))
    rules = ds.rules or ctx.profile.dialogue.rules
    if rules:
        intro.append(ctx.t("dt_rules", rules=clip(rules, 600)))
    ctx.say("\n".join(intro))
    _dt_advance(ctx)


def _dt_advance(ctx: Ctx) -> None:
    slots, t = ctx.slots, ctx.t
    if not slots.get("question"):
        ctx.goto("dt.question")
        ctx.say(t("dt_ask_question"), [[B(t("btn_cancel"), "cancel")]])
        return
    if not _known(ctx, "name"):
        ctx.goto("dt.name")
        ctx.say(t("pa_ask_name"))
        return
    if "org" not in slots:
        ctx.goto("dt.org")
        ctx.say(t("dt_ask_org"), [[B(t("dt_btn_personal"), "personal")]])
        return
    if not _known(ctx, "phone"):
        ctx.goto("dt.phone")
        ctx.say(t("pa_ask_phone"), request_phone=True)
        return
    if "attend" not in slots:
        ctx.goto("dt.attend")
        ctx.say(t("dt_ask_attend"), [[B(t("dt_btn_in_person"), "att:in")], [B(t("dt_btn_written"), "att:written")]])
        return
    if ctx.citizen.consent_version != ctx.profile.consent.version and not slots.get("consent"):
        ctx.goto("dt.consent")
        ctx.say(t("consent_ask", consent_text=ctx.profile.consent.text),
                [[B(t("consent_btn_yes"), "consent:yes"), B(t("consent_btn_no"), "consent:no")]])
        return
    ds = dialogue.get_session(ctx.s, slots["session_id"])
    ctx.goto("dt.confirm")
    ctx.say(t("dt_summary", title=ds.title, when=fmt_datetime(ds.starts_at), question=clip(slots["question"], 700),
              topic_name=ctx.profile.topic(slots.get("topic")).name, name=_known(ctx, "name"),
              org=slots.get("org") or t("dt_btn_personal"), phone=_known(ctx, "phone"),
              attend=t("dt_attend_in_person") if slots["attend"] == "in" else t("dt_attend_written")),
            [[B(t("pa_btn_send"), "send")], [B(t("btn_cancel"), "cancel")]])


def st_dt_question(ctx: Ctx) -> None:
    if len(ctx.msg.text.split()) < 3:
        ctx.say(ctx.t("dt_ask_question"))
        return
    ctx.slots["question"] = ctx.msg.text
    _dt_advance(ctx)


def st_dt_name(ctx: Ctx) -> None:
    name = _valid_name(ctx.msg.text)
    if not name:
        ctx.say(ctx.t("pa_bad_name"))
        return
    ctx.slots["name"] = name
    _dt_advance(ctx)


def st_dt_org(ctx: Ctx) -> None:
    if ctx.msg.payload == "personal" or intents.fold(ctx.msg.text) in ("ca nhan", "khong"):
        ctx.slots["org"] = None
    elif ctx.msg.text:
        ctx.slots["org"] = clip(ctx.msg.text, 300)
    else:
        ctx.say(ctx.t("dt_ask_org"), [[B(ctx.t("dt_btn_personal"), "personal")]])
        return
    _dt_advance(ctx)


def st_dt_phone(ctx: Ctx) -> None:
    _phone_step(ctx, _dt_advance)


def st_dt_attend(ctx: Ctx) -> None:
    p = ctx.msg.payload
    if p not in ("att:in", "att:written"):
        ctx.say(ctx.t("dt_ask_attend"), [[B(ctx.t("dt_btn_in_person"), "att:in")],
                                         [B(ctx.t("dt_btn_written"), "att:written")]])
        return
    ctx.slots["attend"] = "in" if p == "att:in" else "written"
    _dt_advance(ctx)


def st_dt_consent(ctx: Ctx) -> None:
    _consent_step(ctx, _dt_advance)


def st_dt_confirm(ctx: Ctx) -> None:
    if ctx.msg.payload != "send" and intents.fold(ctx.msg.text) not in ("gui", "dong y", "xac nhan"):
        ctx.say(ctx.t("stale_button"))
        _dt_advance(ctx)
        return
    slots, t, c = ctx.slots, ctx.t, ctx.citizen
    ds = dialogue.get_session(ctx.s, slots["session_id"])
    if ds is None or ds.status != SessionStatus.planned:
        ctx.reset()
        ctx.say(t("dt_closed"), menu=True)
        return
    attend_in = slots["attend"] == "in"
    if attend_in:
        open_, reason = _session_open(ctx, ds)  # seats may have gone while the form was open
        if not open_:
            attend_in = False
            ctx.say(t("dt_closed_written_only", reason=reason))
    u = intents.understand(slots["question"], ctx.profile)
    name, phone = _known(ctx, "name"), _known(ctx, "phone")
    citizens.update(ctx.s, c, full_name=name, phone=phone)
    if phone and slots.get("phone_confirmed"):
        citizens.confirm_phone(ctx.s, c, phone)
    if slots.get("consent") or c.consent_version != ctx.profile.consent.version:
        citizens.give_consent(ctx.s, c, ctx.profile.consent.version)
    q = dialogue.create_question(
        ctx.s, year=ctx.today.year, session_id=ds.id, citizen_id=c.id, channel=ctx.msg.channel, full_name=name,
        organisation=slots.get("org"), phone=phone, topic=u.topic if u.topic in ctx.profile.topic_codes else "khac",
        question=slots["question"], attend_in_person=attend_in,
    )
    notify.question_card_new(ctx.env, q, ds)
    ctx.reset()
    note = (t("dt_registered_in_person", when=fmt_datetime(ds.starts_at), place=ds.place) if attend_in
            else t("dt_registered_written"))
    ctx.say(t("dt_registered", code=q.code, attend_note=note), menu=True)


# ================================================================================ look-up
def _status_name(ctx: Ctx, status: str) -> str:
    return ctx.t(f"status_{status}")


def _my_ids(ctx: Ctx) -> list[int]:
    """This citizen and the same person on other channels (same confirmed phone)."""
    ids = getattr(ctx, "_linked_ids", None)
    if ids is None:
        ids = citizens.linked_ids(ctx.s, ctx.citizen)
        ctx._linked_ids = ids  # type: ignore[attr-defined]  # once per message
    return ids


def _lookup_list(ctx: Ctx) -> None:
    ids = _my_ids(ctx)
    items = sorted((p for i in ids for p in psvc.items_of(ctx.env, i)), key=lambda p: -(p.id or 0))
    questions = sorted((q for i in ids for q in dialogue.questions_for_citizen(ctx.s, i)), key=lambda q: -(q.id or 0))
    if not items and not questions:
        ctx.goto("lk.code")
        ctx.say(ctx.t("lk_none"))
        return
    lines = [ctx.t("lk_list_header")]
    lines += [ctx.t("lk_item", code=p.code, status=_status_name(ctx, p.status), date=fmt_short_date(p.created_at))
              for p in items]
    lines += [ctx.t("lk_item", code=q.code, status=ctx.t(f"qstatus_{q.status}"), date=fmt_short_date(q.created_at))
              for q in questions]
    codes = [p.code for p in items[:6]] + [q.code for q in questions[:3]]
    ctx.say("\n".join(lines), [[B(ctx.t("lk_btn_detail", code=code), f"lk:{code}")] for code in codes])


def _owns(ctx: Ctx, item: Any) -> bool:
    """The sender's own item (a tố cáo's sender is known only through its sealed identity), also when it
    was sent from the same person's account on another channel (same confirmed phone)."""
    if ctx.citizen is None:
        return False
    ids = _my_ids(ctx)
    if item.code.startswith("PA"):
        return any(identity.owns(ctx.s, ctx.core.sealer, item, i) for i in ids)
    return item.citizen_id in ids


def _lookup_code(ctx: Ctx, raw: str) -> None:
    typed = intents.parse_code(raw) or raw.strip().upper()
    try:
        found = lookup.find(ctx.env, Actor.of_citizen(ctx.citizen), typed)
    except Refused as e:
        ctx.say(e.render(ctx.t))
        return
    if found.item is not None and (found.owned or _owns(ctx, found.item) or found.code in ctx.slots.get("verified", [])):
        _show_item(ctx, found.item)
        return
    # Existing or not, somebody else's code gets the same question: codes cannot be told apart.
    if lookup.is_locked(ctx.env, lookup.subject_of(ctx.msg.channel, ctx.msg.user_id), found.code):
        ctx.say(ctx.t("lk_locked"), _menu_buttons(ctx))
        return
    verified = ctx.slots.get("verified", [])
    ctx.reset()
    ctx.goto("lk.verify", code=found.code, tries=0, verified=verified)
    ctx.say(ctx.t("lk_ask_phone4", code=found.code))


def _show_item(ctx: Ctx, item: Any) -> None:
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
    lines = [t("lk_detail", code=p.code, kind_name=_kind_name(ctx, p.kind), topic_name=ctx.profile.topic(p.topic).name,
               status=_status_name(ctx, p.status), date=fmt_date(p.created_at), due=fmt_date(p.due_date),
               content=clip(p.content, 400)), t("lk_timeline")]
    for ev in petitions.events(ctx.s, p.id, public_only=True):
        label = ctx.t(f"ev_{ev.action}") if f"ev_{ev.action}" in ctx.t else ev.action
        lines.append(f"• {fmt_datetime(ev.at)}: {label}")
    if p.answer:
        lines.append(t("lk_answer", answer=p.answer))
    buttons = []
    if _owns(ctx, p):
        if lifecycle.allowed("withdraw", p.status, actor_kind="citizen"):
            buttons.append([B(t("lk_btn_withdraw"), f"wd:{p.code}")])
        if p.status == PetitionStatus.needs_info:
            buttons.insert(0, [B(t("lk_btn_add_info"), f"info:{p.code}")])
        if p.status == PetitionStatus.answered and not p.rating:
            buttons.append([B(t("rate_btn_3"), f"r:3:{p.code}"), B(t("rate_btn_2"), f"r:2:{p.code}"),
                            B(t("rate_btn_1"), f"r:1:{p.code}")])
    ctx.say("\n".join(lines), buttons)


def st_lk_code(ctx: Ctx) -> None:
    code = intents.parse_code(ctx.msg.text)
    ctx.reset()
    if code:
        _lookup_code(ctx, code)
    else:
        _idle(ctx)


def st_lk_verify(ctx: Ctx) -> None:
    slots, msg = ctx.slots, ctx.msg
    code = slots.get("code", "")
    if msg.payload or (msg.text and (not any(ch.isdigit() for ch in msg.text) or len(msg.text.split()) > 5)):
        ctx.reset()  # something else than an answer ("5678", "số cuối 5678"): handle it as a new message
        _idle(ctx)
        return
    try:
        item = lookup.verify(ctx.env, lookup.subject_of(msg.channel, msg.user_id), code, msg.text)
    except Refused as e:
        tries = int(slots.get("tries", 0)) + (e.key == "lk_wrong")
        if e.key == "lk_locked" or tries >= 3:
            ctx.reset()
            ctx.say(ctx.t("lk_locked" if e.key == "lk_locked" else "lk_denied"), _menu_buttons(ctx))
            return
        slots["tries"] = tries
        ctx.say(e.render(ctx.t))
        return
    verified = list(slots.get("verified", []))[-5:] + [code]
    ctx.reset()
    ctx.slots["verified"] = verified
    _show_item(ctx, item)


# ================================================================================ withdraw / info / rating
def _own_petition(ctx: Ctx, code: str) -> Any:
    p = petitions.get_by_code(ctx.s, code)
    if p is None or not _owns(ctx, p):
        ctx.say(ctx.t("lk_not_found", code=code))
        return None
    return p


def _withdraw_ask(ctx: Ctx, code: str) -> None:
    p = _own_petition(ctx, code)
    if p is None:
        return
    if not lifecycle.allowed("withdraw", p.status, actor_kind="citizen"):
        ctx.say(ctx.t("wd_not_allowed", code=code, status=_status_name(ctx, p.status)))
        return
    ctx.reset()
    ctx.goto("wd.confirm", code=code)
    ctx.say(ctx.t("wd_confirm", code=code), [[B(ctx.t("wd_btn_yes"), "wd_yes"), B(ctx.t("btn_cancel"), "cancel")]])


def st_wd_confirm(ctx: Ctx) -> None:
    code = ctx.slots.get("code", "")
    if ctx.msg.payload != "wd_yes":
        ctx.reset()
        ctx.say(ctx.t("cancelled"))
        return
    p = _own_petition(ctx, code)
    ctx.reset()
    if p is None:
        return
    try:
        psvc.withdraw(ctx.env, ctx.actor, p.code)
    except Refused:
        ctx.say(ctx.t("wd_not_allowed", code=code, status=_status_name(ctx, p.status)))
        return
    ctx.say(ctx.t("wd_done", code=code), menu=True)


def _info_start(ctx: Ctx, code: str) -> None:
    p = _own_petition(ctx, code)
    if p is None:
        return
    if p.status != PetitionStatus.needs_info:
        ctx.say(ctx.t("wd_not_allowed", code=code, status=_status_name(ctx, p.status)))
        return
    ctx.reset()
    ctx.goto("info.reply", code=code)
    ctx.say(ctx.t("info_ask", code=code), [[B(ctx.t("btn_cancel"), "cancel")]])


def st_info_reply(ctx: Ctx) -> None:
    code = ctx.slots.get("code", "")
    msg = ctx.msg
    if not msg.text and not msg.attachments:
        ctx.say(ctx.t("info_ask", code=code))
        return
    p = _own_petition(ctx, code)
    ctx.reset()
    if p is None:
        return
    atts = _store_attachments(ctx, _att_dicts(msg.attachments))
    try:
        psvc.add_info(ctx.env, ctx.actor, p.code, msg.text, atts)
    except Refused:
        ctx.say(ctx.t("wd_not_allowed", code=code, status=_status_name(ctx, p.status)))
        return
    ctx.say(ctx.t("info_received", code=code), menu=True)


def _rate(ctx: Ctx, payload: str) -> None:
    parts = payload.split(":", 2)
    if len(parts) != 3 or parts[1] not in ("1", "2", "3"):
        ctx.say(ctx.t("stale_button"))
        return
    p = _own_petition(ctx, parts[2])
    if p is None:
        return
    if p.rating:
        ctx.say(ctx.t("rate_already", code=p.code))
        return
    try:
        psvc.rate(ctx.env, ctx.actor, p.code, int(parts[1]))
    except Refused:
        ctx.say(ctx.t("stale_button"))
        return
    ctx.reset()
    ctx.goto("rate.comment", code=p.code)
    key = "rate_thanks_review" if p.status == "review" else "rate_thanks"
    ctx.say(ctx.t(key), [[B(ctx.t("btn_skip"), "skip")]])


def st_rate_comment(ctx: Ctx) -> None:
    code = ctx.slots.get("code", "")
    ctx.reset()
    if ctx.msg.payload == "skip" or not ctx.msg.text:
        ctx.say(ctx.t("faq_ok"), menu=True)
        return
    if ctx.msg.payload:
        _idle(ctx)
        return
    p = _own_petition(ctx, code)
    if p is not None:
        psvc.rating_comment(ctx.env, ctx.actor, p.code, ctx.msg.text)
        ctx.say(ctx.t("rate_comment_thanks"), menu=True)


# ================================================================================ FAQ
def _faq(ctx: Ctx, u: Any) -> None:
    t = ctx.t
    ctx.slots["faq_text"] = ctx.msg.text
    buttons = [[B(t("faq_btn_ok"), "faq:ok")], [B(t("faq_btn_petition"), "faq:pa"), B(t("faq_btn_dialogue"), "faq:dt")]]
    # the profile's own data first: another body's subject gets a pointer, one of the agency's procedures its fields
    answer = intents.answer_question(ctx.msg.text, ctx.profile)
    if isinstance(answer, intents.OutOfRemit):
        link = t("faq_out_of_remit_link", link=answer.link) if answer.link else ""
        ctx.say(t("faq_out_of_remit", handles=answer.handles, body=answer.name, where=answer.where, link=link),
                [[B(t("faq_btn_petition"), "faq:pa")], [B(t("faq_btn_ok"), "faq:ok")]])
        return
    if isinstance(answer, intents.ProcedureAnswer):
        ctx.say(_procedure_text(t, answer), buttons)
        return
    hit = ctx.core.faq_index(ctx.s).search(ctx.msg.text)
    if hit is None:
        ctx.say(t("faq_not_found"), buttons[1:])
        return
    ctx.say(t("faq_answer", answer=hit.answer), buttons)


PROCEDURE_FIELDS = ("papers", "time_limit", "fee", "where", "link", "notes")


def _procedure_text(t: Any, answer: Any) -> str:
    """The procedure's fields the question asked for (all of them when it asked for none in particular)."""
    p = answer.procedure
    fields = list(answer.asked) or list(PROCEDURE_FIELDS)
    lines = [t("proc_head", name=p.name)]
    for f in fields:
        value = getattr(p, f, None)
        if not value:
            if answer.asked:
                lines.append(t("proc_missing"))
            continue
        if f == "papers":
            lines.append(t("proc_papers", papers="\n".join(f"• {x}" for x in value)))
        else:
            lines.append(t(f"proc_{f}", value=value))
    return "\n".join(lines)


# ================================================================================ subscriptions
def _interest_buttons(ctx: Ctx) -> list[list[Button]]:
    chosen = set(ctx.citizen.interests or [])
    rows = [[B(("✅ " if t.code in chosen else "") + t.name, f"sub:t:{t.code}")]
            for t in ctx.profile.topics if t.code != "khac"]
    rows.append([B(ctx.t("sub_btn_all"), "sub:all")])
    return rows


def _subscribe(ctx: Ctx, u: Any) -> None:
    c = ctx.citizen
    if c.subscribed:
        ctx.say(ctx.t("sub_already"), _interest_buttons(ctx))
        return
    citizens.set_subscription(ctx.s, c, True)
    ctx.say(ctx.t("sub_done"), _interest_buttons(ctx))


def _interest(ctx: Ctx, payload: str) -> None:
    c = ctx.citizen
    if payload == "sub:all":
        citizens.set_subscription(ctx.s, c, True, interests=[])
        ctx.say(ctx.t("sub_all"))
        return
    code = payload[len("sub:t:"):]
    if code not in ctx.profile.topic_codes:
        ctx.say(ctx.t("stale_button"))
        return
    interests = set(c.interests or [])
    interests ^= {code}
    citizens.set_subscription(ctx.s, c, True, interests=sorted(interests))
    names = ", ".join(ctx.profile.topic(x).name for x in sorted(interests)) or ctx.t("sub_btn_all").lower()
    ctx.say(ctx.t("sub_interests", topics=names), _interest_buttons(ctx))


def _unsubscribe(ctx: Ctx, u: Any) -> None:
    c = ctx.citizen
    if not c.subscribed:
        ctx.say(ctx.t("unsub_already"))
        return
    citizens.set_subscription(ctx.s, c, False)
    ctx.say(ctx.t("unsub_done"))


# ================================================================================ personal data
def _mydata(ctx: Ctx) -> None:
    try:
        ctx.say(personal_data.my_data(ctx.env, Actor.of_citizen(ctx.citizen)))
    except Refused as e:
        ctx.say(e.render(ctx.t))


def _erase_ask(ctx: Ctx) -> None:
    ctx.say(personal_data.erase_preview(ctx.env, Actor.of_citizen(ctx.citizen)),
            [[B(ctx.t("erase_btn_yes"), "erase:yes"), B(ctx.t("btn_cancel"), "cancel")]])


def _erase_do(ctx: Ctx) -> None:
    text = personal_data.erase(ctx.env, Actor.of_citizen(ctx.citizen))
    ctx.reset()
    ctx.say(text)


INTENT_HANDLERS: dict[str, Callable[[Ctx, Any], None]] = {
    "dialogue_register": _dialogue_register,
    "dialogue_schedule": _dialogue_schedule,
    "status_lookup": _status,
    "faq": _faq,
    "smalltalk": _smalltalk,
    "help": _help,
    "subscribe": _subscribe,
    "unsubscribe": _unsubscribe,
    "other": _other,
}

# ================================================================================ one person, two channels
def _link_start(ctx: Ctx) -> None:
    ctx.goto("link.phone", tries=0)
    ctx.say(ctx.t("link_ask_phone"), request_phone=True)


def st_link_phone(ctx: Ctx) -> None:
    phone = intents.parse_phone(ctx.msg.contact_phone or ctx.msg.text)
    c = ctx.citizen
    if not phone or c is None:
        ctx.say(ctx.t("pa_bad_phone"), request_phone=True)
        return
    if ctx.msg.contact_phone:  # the channel vouches for it: nothing to check
        citizens.confirm_phone(ctx.s, c, phone)
        ctx.reset()
        ctx.say(ctx.t("link_done"), menu=True)
        return
    others = [o for o in citizens.confirmed_with_phone(ctx.s, phone, exclude_id=c.id) if o.channel != ctx.msg.channel]
    if not others:
        ctx.reset()
        ctx.say(ctx.t("link_none"), menu=True)
        return
    import secrets

    code = f"{secrets.randbelow(1_000_000):06d}"
    for o in others:
        notify.to_citizen(ctx.env, o.id, Outbound(ctx.t("link_code_message", code=code)))
    ctx.goto("link.code", phone=phone, code=code, tries=0)
    ctx.say(ctx.t("link_code_sent"))


def st_link_code(ctx: Ctx) -> None:
    slots, c = ctx.slots, ctx.citizen
    typed = "".join(ch for ch in ctx.msg.text if ch.isdigit())
    if c is not None and typed and typed == slots.get("code"):
        citizens.confirm_phone(ctx.s, c, slots["phone"])
        ctx.reset()
        ctx.say(ctx.t("link_done"), menu=True)
        return
    tries = int(slots.get("tries", 0)) + 1
    if tries >= 3:
        ctx.reset()
        ctx.say(ctx.t("link_failed"), menu=True)
        return
    slots["tries"] = tries
    ctx.say(ctx.t("link_bad_code"))


STATES: dict[str, Callable[[Ctx], None]] = {
    "idle": _idle,
    "pa.content": st_pa_content,
    "pa.class": st_pa_class,
    "pa.extra": st_pa_extra,
    "pa.attach": st_pa_attach,
    "pa.name": st_pa_name,
    "pa.address": st_pa_address,
    "pa.phone": st_pa_phone,
    "pa.email": st_pa_email,
    "pa.consent": st_pa_consent,
    "pa.publish": st_pa_publish,
    "pa.confirm": st_pa_confirm,
    "dt.question": st_dt_question,
    "dt.name": st_dt_name,
    "dt.org": st_dt_org,
    "dt.phone": st_dt_phone,
    "dt.attend": st_dt_attend,
    "dt.consent": st_dt_consent,
    "dt.confirm": st_dt_confirm,
    "lk.code": st_lk_code,
    "link.phone": st_link_phone,
    "link.code": st_link_code,
    "lk.verify": st_lk_verify,
    "wd.confirm": st_wd_confirm,
    "info.reply": st_info_reply,
    "rate.comment": st_rate_comment,
}
