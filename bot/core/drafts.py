"""Drafts of what staff send to citizens: written, previewed exactly as the citizen will see it, confirmed.

A draft lives in the staff member's conversation state: ``{"op", "code", "chat", "at", "text", "tpl",
"values", "missing", "doc"}``. ``op`` is one of :data:`OPS`. A template (``#key extra``) is filled from
:func:`bot.services.gate.template_values`; a placeholder without a value is asked for, never sent empty.
"""

from __future__ import annotations

import string
from dataclasses import asdict
from datetime import timedelta
from typing import Any

from bot.core.context import Ctx
from bot.core.render import clip
from bot.core.types import Attachment, Button
from bot.services import dialogue as dsvc
from bot.services import gate, lifecycle
from bot.services import petitions as svc
from bot.services.base import Refused

B = Button
DRAFT_TTL = timedelta(minutes=15)
DRAFT_STATE = "staff.draft"
# op -> (prompt key, preview key: the citizen's text, done key)
OPS: dict[str, tuple[str, str | None, str]] = {
    "ans": ("s_prompt_ans", "n_answered", "s_done_ans"),
    "info": ("s_prompt_info", "n_needs_info", "s_done_info"),
    "fwd": ("s_prompt_fwd", "n_forwarded", "s_done_fwd"),
    "rej": ("s_prompt_rej", "n_rejected", "s_done_rej"),
    "qans": ("s_prompt_qans", "n_question_answered", "s_done_qans"),
    "ret": ("s_prompt_ret", None, "s_done_ret"),
}
ACTIONS = {"ans": "answer", "info": "ask_info", "fwd": "forward", "rej": "reject", "ret": "return_answer"}
TEMPLATE_FIELDS = ("reason", "target", "result")  # placeholders staff may be asked to fill (tpl_field_<name>)


def chat_key(ctx: Ctx) -> str:
    return f"{ctx.msg.channel}:{ctx.msg.chat_id or ctx.msg.user_id}"


def start_draft(ctx: Ctx, op: str, code: str, text: str | None = None) -> None:
    """Open a draft of ``op`` for item ``code`` in this chat; with ``text``, go straight on with it.

    Refuses at once (before anything is typed) when the item's status does not allow the action."""
    if op in ACTIONS:
        p = svc.get(ctx.env, ctx.actor, code)
        lifecycle.check(ACTIONS[op], p.status, kind=p.kind, code=p.code)
        code = p.code
    else:
        code = dsvc.get_question(ctx.env, code).code
    draft: dict[str, Any] = {"op": op, "code": code, "chat": chat_key(ctx), "at": ctx.now.isoformat(),
                             "text": None, "tpl": None, "values": {}, "missing": [], "doc": None}
    ctx.reset()
    ctx.goto(DRAFT_STATE, draft=draft)
    if text:
        take_text(ctx, draft, text, ctx.msg.attachments)
    else:
        prompt(ctx, draft)


def prompt(ctx: Ctx, draft: dict[str, Any]) -> None:
    key = OPS[draft["op"]][0]
    hint = ctx.t("s_prompt_group_hint") if ctx.msg.is_group else ""
    ctx.say(ctx.t(key, code=draft["code"]) + hint, [[B(ctx.t("btn_cancel"), f"s:dcancel:{draft['code']}")]],
            ref=draft["code"])


def accepts(ctx: Ctx, draft: dict[str, Any]) -> bool:
    """Only text typed in the draft's chat counts; in a group, only a reply to the prompt or the card."""
    msg = ctx.msg
    if chat_key(ctx) != draft["chat"]:
        return False
    if msg.is_group and (msg.reply_to_ref or "").upper() != draft["code"].upper():
        return False
    return bool(msg.text or msg.attachments)


def text(ctx: Ctx, draft: dict[str, Any]) -> None:
    take_text(ctx, draft, ctx.msg.text, ctx.msg.attachments)


def take_text(ctx: Ctx, draft: dict[str, Any], text: str, attachments: list[Attachment]) -> None:
    doc = next((a for a in attachments if a.kind == "document"), None)
    if doc is not None:
        draft["doc"] = asdict(doc)
    text = (text or "").strip()
    if draft["missing"]:
        field = draft["missing"].pop(0)
        draft["values"][field] = text
        _next_or_preview(ctx, draft)
        return
    if not text and draft.get("text"):
        _next_or_preview(ctx, draft)
        return
    if text.startswith("#") and draft["op"] != "ret":
        _use_template(ctx, draft, text)
        return
    draft["tpl"], draft["values"], draft["text"] = None, {}, text
    if draft["op"] == "ret":
        send(ctx, draft)
        return
    _next_or_preview(ctx, draft)


def _use_template(ctx: Ctx, draft: dict[str, Any], text: str) -> None:
    key, _, extra = text[1:].partition(" ")
    tpl = next((t for t in ctx.profile.answer_templates if t.key == key), None)
    if tpl is None:
        keys = ", ".join("#" + t.key for t in ctx.profile.answer_templates) or "—"
        ctx.say(ctx.t("s_tpl_unknown", key=key, keys=keys))
        return
    p = svc.get(ctx.env, ctx.actor, draft["code"])
    values = gate.template_values(ctx.env, p, reason=extra.strip())
    names = [f for _, f, _, _ in string.Formatter().parse(tpl.text) if f]
    draft["tpl"], draft["values"], draft["text"] = tpl.key, values, None
    draft["missing"] = [n for n in dict.fromkeys(names) if not values.get(n)]
    _next_or_preview(ctx, draft)


def _next_or_preview(ctx: Ctx, draft: dict[str, Any]) -> None:
    if draft["missing"]:
        field = draft["missing"][0]
        label = ctx.t(f"tpl_field_{field}") if f"tpl_field_{field}" in ctx.t else field
        ctx.say(ctx.t("s_tpl_need", field=label, code=draft["code"]), ref=draft["code"])
        ctx.goto(DRAFT_STATE, draft=draft)
        return
    if draft["tpl"]:
        tpl = next(t for t in ctx.profile.answer_templates if t.key == draft["tpl"])
        draft["text"] = tpl.text.format_map(draft["values"]).strip()
    if len((draft["text"] or "").strip()) < svc.MIN_ANSWER:
        ctx.say(ctx.t("s_text_too_short"), ref=draft["code"])
        draft["text"] = None
        ctx.goto(DRAFT_STATE, draft=draft)
        return
    ctx.goto(DRAFT_STATE, draft=draft)
    _preview(ctx, draft)


def _preview(ctx: Ctx, draft: dict[str, Any]) -> None:
    op, code, body = draft["op"], draft["code"], draft["text"]
    citizen_text = ctx.t(OPS[op][1], code=code, answer=body, question=body, target=body, note="", reason=body)
    lines = [ctx.t("s_preview_head", code=code), "", citizen_text]
    if draft.get("doc"):
        lines.append(ctx.t("s_preview_doc", name=draft["doc"].get("file_name") or "tệp"))
    if op == "ans":
        p = svc.get(ctx.env, ctx.actor, code)
        if svc.needs_approval(ctx.env, ctx.actor, p):
            lines.append(ctx.t("s_preview_approval"))
    c = draft["code"]
    ctx.say("\n".join(lines), [[B(ctx.t("s_btn_send"), f"s:dsend:{c}"), B(ctx.t("s_btn_edit"), f"s:dedit:{c}"),
                                B(ctx.t("btn_cancel"), f"s:dcancel:{c}")]], ref=c)


def button(ctx: Ctx, draft: dict[str, Any], payload: str) -> None:
    action, _, code = payload[2:].partition(":")
    if code.upper() != draft["code"].upper():
        ctx.reset()
        ctx.say(ctx.t("stale_button"))
        return
    if action == "dcancel":
        ctx.reset()
        ctx.say(ctx.t("s_draft_cancelled", code=draft["code"]))
    elif action == "dedit":
        draft.update(text=None, tpl=None, values={}, missing=[], at=ctx.now.isoformat())
        ctx.goto(DRAFT_STATE, draft=draft)
        prompt(ctx, draft)
    elif action == "dsend":
        if not draft.get("text"):
            prompt(ctx, draft)
            return
        send(ctx, draft)
    else:
        ctx.say(ctx.t("stale_button"))


def send(ctx: Ctx, draft: dict[str, Any]) -> None:
    op, code, body = draft["op"], draft["code"], draft["text"]
    env, actor = ctx.env, ctx.actor
    ctx.reset()
    try:
        if op == "ans":
            p = svc.answer(env, actor, code, body, document=draft.get("doc"))
            if p.status == "approval":
                ctx.say(ctx.t("s_done_ans_approval", code=p.code))
                return
        elif op == "info":
            svc.ask_info(env, actor, code, body)
        elif op == "fwd":
            svc.forward(env, actor, code, body)
        elif op == "rej":
            svc.reject(env, actor, code, body)
        elif op == "qans":
            dsvc.answer_question(env, actor, code, body)
        elif op == "ret":
            svc.return_answer(env, actor, code, body)
    except Refused as r:
        ctx.refused(r)
        return
    ctx.say(ctx.t(OPS[op][2], code=code, text=clip(body, 200)))
