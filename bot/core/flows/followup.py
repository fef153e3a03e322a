"""After sending: withdrawing an item, and adding information to it from wherever the citizen does.

Information reaches an item from the "Bổ sung thông tin" button, from "bổ sung cho PA-…: …", from a
reply to any message about the item, or from a free message while the agency waits for more
information. Each is confirmed ("thêm vào hồ sơ PA-…?") and recorded through the service.
"""

from __future__ import annotations

import re
from dataclasses import asdict
from typing import Any

from pydantic import BaseModel, ConfigDict

import intents
from bot.core.context import MAX_TEXT, NOT_READ, Ctx
from bot.core.flows import lookup, switch
from bot.core.flows.petition import store_attachments
from bot.core.forms import runner
from bot.core.forms.choices import norm
from bot.core.forms.model import CANCEL_ACTION, NEW_ACTION, Answer, Choice, Field, Form, Invalid
from bot.core.render import clip
from bot.services import lifecycle
from bot.services import petitions as psvc
from bot.services.base import Refused
from storage import petitions

_ADD = re.compile(r"^(?:xin |toi |em |cho toi )?(?:muon )?(?:gui )?bo sung\b")
_CODE = re.compile(r"\b(?:PA|DT)[-\s]?\d{4}[-\s]?\d{1,6}(?:-[A-Za-z])?\b", re.IGNORECASE)
_LEAD = re.compile(r"^\W*(?:(?:xin|tôi|toi|em|cho tôi|cho toi)\s+)?(?:(?:muốn|muon)\s+)?(?:(?:gửi|gui)\s+)?"
                   r"(?:bổ sung|bo sung)(?:\s+(?:thông tin|thong tin))?(?:\s+(?:cho|vào|vao))?"
                   r"(?:\s+(?:hồ sơ|ho so))?\W*", re.IGNORECASE)
ADDABLE = ("received", "assigned", "in_progress", "needs_info", "approval", "review")


# ---------------------------------------------------------------- withdraw
class WithdrawData(BaseModel):
    model_config = ConfigDict(extra="ignore")
    code: str = ""
    sure: bool | None = None


def withdraw_ask(ctx: Ctx, code: str) -> None:
    p = lookup.own_petition(ctx, code)
    if p is None:
        return
    if not lifecycle.allowed("withdraw", p.status, actor_kind="citizen"):
        ctx.say(ctx.t("wd_not_allowed", code=p.code, status=lookup.status_name(ctx, p.status)))
        return
    runner.start(ctx, WITHDRAW, WithdrawData(code=p.code))


def _withdraw(ctx: Ctx, d: WithdrawData) -> None:
    p = lookup.own_petition(ctx, d.code)
    if p is None:
        return
    try:
        psvc.withdraw(ctx.env, ctx.actor, p.code)
    except Refused:
        ctx.say(ctx.t("wd_not_allowed", code=d.code, status=lookup.status_name(ctx, p.status)))
        return
    ctx.say(ctx.t("wd_done", code=d.code), menu=True)


SURE = Field(key="sure", prompt=lambda ctx, d: ctx.t("wd_confirm", code=d.code), label="wd_field_sure", editable=False,
             choices=lambda ctx, d: [Choice(True, ctx.t("wd_btn_yes"), ("rut", "rut ho so"), yes=True),
                                     Choice(CANCEL_ACTION, ctx.t("btn_cancel"), ("huy", "thoi"), yes=False)])
WITHDRAW = runner.register(Form(name="withdraw", data=WithdrawData, fields=lambda ctx, d: [SURE], done=_withdraw,
                                title="form_title_withdraw", keep_draft=False, content=lambda d: False))


# ---------------------------------------------------------------- add information
class InfoData(BaseModel):
    model_config = ConfigDict(extra="ignore")
    code: str = ""
    text: str | None = None
    attachments: list[dict[str, Any]] = []
    offered: bool = False  # the bot proposed it (a free message): "no" means a new request
    confirm: str | None = None


def _parse_text(ctx: Ctx, d: InfoData, ans: Answer) -> str:
    if not ans.text.strip():
        raise Invalid("info_ask", code=d.code)
    return clip(ans.text, MAX_TEXT)


def _confirm_choices(ctx: Ctx, d: InfoData) -> list[Choice]:
    other = Choice(NEW_ACTION, ctx.t("info_btn_new"), ("yeu cau moi", "khong", "moi"), yes=False) if d.offered \
        else Choice(CANCEL_ACTION, ctx.t("btn_cancel"), ("huy",), yes=False)
    return [Choice("add", ctx.t("info_btn_add", code=d.code), ("them", "them vao", "bo sung"), yes=True), other]


def _confirm_prompt(ctx: Ctx, d: InfoData) -> str:
    what = clip(d.text, 300) if d.text else ctx.t("info_files", count=len(d.attachments))
    return ctx.t("info_confirm", code=d.code, text=what)


TEXT = Field(key="text", prompt=lambda ctx, d: ctx.t("info_ask", code=d.code), label="info_field_text",
             parse=_parse_text, free_text=True, known=lambda ctx, d: "files" if d.attachments else None,
             words=("noi dung",))
CONFIRM = Field(key="confirm", prompt=_confirm_prompt, label="pa_field_confirm", editable=False,
                choices=_confirm_choices)


def _add(ctx: Ctx, d: InfoData) -> None:
    p = lookup.own_petition(ctx, d.code)
    if p is None:
        return
    try:
        psvc.add_more(ctx.env, ctx.actor, p.code, d.text or "", store_attachments(ctx, d.attachments))
    except Refused:
        ctx.say(ctx.t("wd_not_allowed", code=d.code, status=lookup.status_name(ctx, p.status)))
        return
    ctx.say(ctx.t("info_received", code=d.code), menu=True)


INFO = runner.register(Form(
    name="info", data=InfoData, fields=lambda ctx, d: [TEXT, CONFIRM], done=_add, title="form_title_info",
    attachments=True, content=lambda d: bool(d.text or d.attachments),
    switch=lambda ctx, d, text, free: switch.wants_other(ctx, text, free_text=free),
))


def info_start(ctx: Ctx, code: str, text: str = "", *, offered: bool = False) -> None:
    p = lookup.own_petition(ctx, code)
    if p is None:
        return
    if p.status not in ADDABLE:
        ctx.say(ctx.t("info_closed", code=p.code, status=lookup.status_name(ctx, p.status)))
        return
    d = InfoData(code=p.code, text=text or None, offered=offered,
                 attachments=[asdict(a) for a in ctx.msg.attachments])
    runner.start(ctx, INFO, d, trail=["text"] if text else [])


def typed_addition(ctx: Ctx, text: str) -> bool:
    """"bổ sung cho hồ sơ PA-2026-000002: …" → confirm and add. False when the message is not one."""
    code = intents.parse_code(text)
    if not code or not _ADD.search(norm(text)):
        return False
    rest = _CODE.sub(" ", text)
    rest = _LEAD.sub("", rest).strip(" :,.-\n")
    info_start(ctx, code, rest if len(rest.split()) >= 2 else "")
    return True


def waiting_for_info(ctx: Ctx) -> str | None:
    """The code of the citizen's item the agency asked more information for (the newest), if any: as the
    message's first read saw it (storage.conversations.Sender), or one query when that read did not include it.
    A citizen who never gave a name or phone has sent nothing that could wait (a sealed tố cáo is answered
    through its button)."""
    c = ctx.citizen
    if c is None or not (c.full_name or c.phone):
        return None
    if ctx.awaiting_info is not NOT_READ:
        return ctx.awaiting_info
    p = petitions.awaiting_info(ctx.s, lookup.my_ids(ctx))
    return p.code if p is not None else None


def reply_to_item(ctx: Ctx) -> bool:
    """A reply (in the messenger) to a message about one of the citizen's open items."""
    ref = ctx.msg.reply_to_ref
    if not ref or not (ctx.msg.text or ctx.msg.attachments):
        return False
    code = intents.parse_code(ref) or ref
    if not code.startswith("PA"):
        return False
    info_start(ctx, code, ctx.msg.text)
    return True
