"""A message outside any form: the menu's buttons, slash commands, and free text read by the NLU."""

from __future__ import annotations

from typing import Any

import intents
from bot.core.context import Ctx
from bot.core.flows import account, dialogue, faq, followup, lookup, menu, petition, places, survey
from bot.core.forms import commands, runner
from bot.core.forms.choices import yes_no
from bot.core.types import Button
from storage import limits


def welcome(ctx: Ctx) -> None:
    arg = ctx.msg.text.split(maxsplit=1)[1].strip() if ctx.msg.text.startswith("/start ") else ""
    if arg.startswith("dt_") and limits.small_int(arg[3:]) is not None:
        dialogue.choose(ctx, limits.small_int(arg[3:]) or 0)
        return
    if arg == "tracuu":
        lookup.listing(ctx)
        return
    ctx.say(ctx.t("welcome"), menu=True)
    kept = runner.drafts(ctx)
    if kept:
        ctx.say(ctx.t("form_drafts_hint", what=ctx.t(runner.FORMS[kept[-1]["form"]].title)))
    ctx.say(ctx.t("menu_prompt"), menu.buttons(ctx))


def route(ctx: Ctx, text: str) -> None:
    """Handle ``text`` as a new request (also what a form hands back when the citizen changes their mind)."""
    ctx.msg.text, ctx.msg.payload, ctx.msg.reply_to_ref = text, None, None
    idle(ctx, new_request=True)


def idle(ctx: Ctx, *, new_request: bool = False) -> None:
    """``new_request``: the citizen has said this is not about an earlier item."""
    msg = ctx.msg
    payload = msg.payload or menu.label_payload(ctx, msg.text)
    if payload:
        if not buttons(ctx, payload):
            ctx.say(ctx.t("stale_button"), menu.buttons(ctx))
        return
    if followup.reply_to_item(ctx):
        return
    if msg.location is not None:
        ctx.say(ctx.t("place_start"))
        petition.start(ctx, place=places.from_location(ctx, msg.location))
        return
    if not msg.text and msg.attachments:
        petition.start(ctx, attachments=[_att(a) for a in msg.attachments])
        return
    if msg.sticker and not msg.text:
        ctx.say(ctx.t("sticker_reply"), menu.buttons(ctx))
        return
    if not msg.text:
        ctx.say(ctx.t("empty"), menu.buttons(ctx))
        return
    command = menu.CITIZEN_COMMANDS.get(msg.text.split("@", 1)[0].lower()) if msg.text.startswith("/") else None
    if command is None and intents.fold(msg.text) in ("tra cuu", "tra cuu ho so", "tra cuu ho so cua toi"):
        command = "menu:lk"
    if command:
        buttons(ctx, command)
        return
    if msg.text.startswith("/"):
        ctx.say(ctx.t("unknown"), menu.buttons(ctx))
        return
    if commands.command(msg.text) == "continue":
        if not runner.resume(ctx):
            ctx.say(ctx.t("form_no_draft"), menu.buttons(ctx))
        return
    if len(msg.text) <= 8 and yes_no(msg.text) is not None:  # "👍", "ok", "vâng" with nothing asked
        ctx.say(ctx.t("smalltalk_ack"), menu.buttons(ctx))
        return
    if not new_request and followup.typed_addition(ctx, msg.text):
        return
    understand(ctx, offer_info=not new_request)


def _att(a: Any) -> dict[str, Any]:
    from dataclasses import asdict

    return asdict(a)


def understand(ctx: Ctx, *, offer_info: bool = True) -> None:
    msg = ctx.msg
    u = intents.understand(msg.text, ctx.profile, today=ctx.today)
    code = u.entities.codes[0] if u.entities.codes else None
    if code and (u.intent != "petition" or len(msg.text.split()) <= 15):
        lookup.by_code(ctx, code)
        return
    waiting = followup.waiting_for_info(ctx) if offer_info else None
    if waiting is not None and u.intent in ("petition", "other", "smalltalk", "faq") and len(msg.text.split()) >= 3:
        followup.info_start(ctx, waiting, msg.text, offered=True)  # "thêm vào hồ sơ PA-…?" first
        return
    if u.intent == "petition" or u.urgent or (u.intent_score < intents.INTENT_CONFIDENT and len(msg.text.split()) >= 12):
        # a long free text with an unsure intent is most likely a petition: the citizen confirms it next
        petition.start(ctx, msg.text, u, attachments=[_att(a) for a in msg.attachments])
        return
    if u.intent_score < intents.INTENT_CONFIDENT and u.intent in ("faq", "other", "help", "smalltalk") \
            and intents.answer_question(msg.text, ctx.profile) is not None:
        faq.answer(ctx, msg.text)  # a hesitant question that names a procedure or another body's subject
        return
    if u.intent_score < intents.INTENT_CONFIDENT:
        t = ctx.t
        ctx.say(t("clarify"), [
            [Button(t("clarify_petition"), "clar:pa")], [Button(t("clarify_dialogue"), "menu:dt")],
            [Button(t("clarify_lookup"), "menu:lk")], [Button(t("clarify_faq"), "clar:faq")],
        ])
        ctx.slots["clar_text"] = msg.text
        return
    INTENTS.get(u.intent, _other)(ctx, u)


def _smalltalk(ctx: Ctx, u: Any) -> None:
    f = intents.fold(ctx.msg.text)
    if any(w in f for w in ("cam on", "thank", "cmon", "tks")):
        ctx.say(ctx.t("smalltalk_thanks"))
    elif any(w in f for w in ("tam biet", "bye", "hen gap")):
        ctx.say(ctx.t("smalltalk_bye"))
    else:
        ctx.say(ctx.t("smalltalk_hello"), menu.buttons(ctx))


def _other(ctx: Ctx, u: Any) -> None:
    ctx.say(ctx.t("out_of_scope"), menu.buttons(ctx))


def _status(ctx: Ctx, u: Any) -> None:
    if u.entities.codes:
        lookup.by_code(ctx, u.entities.codes[0])
    else:
        lookup.listing(ctx)


INTENTS = {
    "dialogue_register": lambda ctx, u: dialogue.register(ctx, ctx.msg.text),
    "dialogue_schedule": lambda ctx, u: dialogue.schedule(ctx),
    "status_lookup": _status,
    "faq": lambda ctx, u: faq.answer(ctx, ctx.msg.text),
    "smalltalk": _smalltalk,
    "help": lambda ctx, u: ctx.say(ctx.t("help"), menu=True),
    "subscribe": lambda ctx, u: account.subscribe(ctx),
    "unsubscribe": lambda ctx, u: account.unsubscribe(ctx),
    "other": _other,
}


def buttons(ctx: Ctx, payload: str) -> bool:
    """Buttons that work outside forms. False for unknown or stale payloads."""
    kind, _, arg = payload.partition(":")
    simple = {
        "menu:pa": lambda: petition.start(ctx), "menu:dt": lambda: dialogue.schedule(ctx),
        "menu:lk": lambda: lookup.listing(ctx), "menu:faq": lambda: ctx.say(ctx.t("faq_ask")),
        "menu:sub": lambda: account.subscribe(ctx), "menu:unsub": lambda: account.unsubscribe(ctx),
        "menu:help": lambda: ctx.say(ctx.t("help"), menu=True), "faq:ok": lambda: ctx.say(ctx.t("faq_ok")),
        "menu:resume": lambda: runner.resume(ctx) or ctx.say(ctx.t("form_no_draft"), menu.buttons(ctx)),
    }
    if payload in simple:
        simple[payload]()
    elif payload in ("clar:pa", "faq:pa"):
        text = ctx.slots.pop("clar_text" if kind == "clar" else "faq_text", "")
        petition.start(ctx, text, intents.understand(text, ctx.profile) if text else None,
                       kind="kien_nghi" if kind == "faq" else None)
    elif payload == "clar:faq":
        text = ctx.slots.pop("clar_text", "")
        faq.answer(ctx, text) if text else ctx.say(ctx.t("faq_ask"))
    elif payload == "faq:dt":
        dialogue.schedule(ctx, register=True, question=ctx.slots.pop("faq_text", "") or None)
    elif kind == "dt" and limits.small_int(arg) is not None:
        dialogue.choose(ctx, limits.small_int(arg) or 0)
    elif kind == "lk":
        lookup.by_code(ctx, arg)
    elif kind == "wd":
        followup.withdraw_ask(ctx, arg)
    elif kind == "info":
        followup.info_start(ctx, arg)
    elif kind == "r":
        survey.rate(ctx, payload)
    elif kind == "sv" and arg.startswith("d:") and limits.small_int(arg[2:]) is not None:
        survey.dialogue_survey(ctx, limits.small_int(arg[2:]) or 0)
    elif kind == "sub":
        account.interest(ctx, payload)
    else:
        return False
    return True
