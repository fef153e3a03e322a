"""Staff in the chat: routing to commands, card buttons, and drafts that are previewed before they go out.

A message reaches a citizen only after the staff member has seen exactly what the citizen will receive
and pressed "Gửi". A draft is bound to one staff member, one item and one chat; it expires after
:data:`DRAFT_TTL` or as soon as something else is asked. In a group only a reply to the bot's prompt or
to the item's card counts as the draft's text, so chatter never becomes an official answer.
"""

from __future__ import annotations

import logging
from datetime import datetime
from typing import Any

from bot.core import commands, drafts, staff_admin, staff_announce, staff_dialogue, staff_publish  # noqa: F401 (register)
from bot.core.commands import COMMANDS
from bot.core.context import Ctx
from bot.core.drafts import DRAFT_STATE, DRAFT_TTL, start_draft
from bot.core.staff_petitions import (
    _b_accept,
    _b_approve,
    _b_draft,
    _b_map,
    _b_route,
    _b_take,
    _b_take_over,
    _b_view,
)
from bot.core.types import Button
from bot.services import petitions as svc
from bot.services.base import Refused

log = logging.getLogger(__name__)
B = Button


def wants_staff_handler(ctx: Ctx) -> bool:
    msg = ctx.msg
    if msg.payload and msg.payload.startswith(("s:", "bc:")):
        return True
    parsed = commands.parse(msg.text)
    if parsed and parsed[0] in COMMANDS:
        return True
    if ctx.staff is None:
        return False
    if ctx.state.state.startswith("staff.") or msg.reply_to_ref:
        return True
    return bool(msg.is_group and parsed)


def handle(ctx: Ctx) -> None:
    msg = ctx.msg
    if ctx.staff is None:
        if msg.is_group and not (msg.payload or commands.parse(msg.text)):
            return
        ctx.say(ctx.t("s_staff_only"))
        return
    draft = _live_draft(ctx)
    try:
        if msg.payload:
            if draft and msg.payload.startswith("s:d"):
                drafts.button(ctx, draft, msg.payload)
                return
            _drop_draft(ctx, draft)
            button(ctx, msg.payload)
            return
        parsed = commands.parse(msg.text)
        if parsed:
            _drop_draft(ctx, draft)
            if parsed[0] in ("huy", "cancel") and parsed[0] not in COMMANDS:
                ctx.say(ctx.t("s_draft_cancelled", code=draft["code"]) if draft else ctx.t("cancelled"))
                return
            _run_command(ctx, *parsed)
            return
        if draft is not None:
            if drafts.accepts(ctx, draft):
                drafts.text(ctx, draft)
            elif not msg.is_group:
                ctx.say(ctx.t("s_draft_other_chat", code=draft["code"]))
            return
        if msg.reply_to_ref and (msg.text or msg.attachments):
            _reply_to_card(ctx, msg.reply_to_ref)
    except Refused as r:
        ctx.refused(r)


def greet(ctx: Ctx) -> None:
    assert ctx.staff is not None
    ctx.say(ctx.t("s_welcome", name=ctx.staff.name, role=ctx.t(f"role_{ctx.staff.role}")))
    staff_admin.cmd_help(ctx, "")


def _run_command(ctx: Ctx, name: str, args: str) -> None:
    cmd = COMMANDS.get(name)
    if cmd is None:
        ctx.say(ctx.t("s_unknown_command", name=name))
        return
    assert ctx.staff is not None
    if ctx.staff.role not in cmd.roles:
        ctx.say(ctx.t("s_no_permission"))
        return
    cmd.fn(ctx, args)


# ---------------------------------------------------------------------------- drafts in the state
def _live_draft(ctx: Ctx) -> dict[str, Any] | None:
    if ctx.state.state != DRAFT_STATE:
        if ctx.state.state.startswith("staff."):
            ctx.reset()
        return None
    draft = ctx.slots.get("draft")
    if not isinstance(draft, dict):
        ctx.reset()
        return None
    started = datetime.fromisoformat(draft["at"])
    if ctx.now - started > DRAFT_TTL:
        ctx.reset()
        if not ctx.msg.is_group or ctx.msg.reply_to_ref == draft.get("code"):
            ctx.say(ctx.t("s_draft_expired", code=draft["code"]))
        return None
    return draft


def _drop_draft(ctx: Ctx, draft: dict[str, Any] | None) -> None:
    if draft is not None:
        ctx.reset()


def _reply_to_card(ctx: Ctx, ref: str) -> None:
    """A reply to an item's card (or a question's) opens an answer draft with that text."""
    op = "qans" if ref.upper().startswith("DT") else "ans"
    if op == "ans":
        svc.get(ctx.env, ctx.actor, ref)  # refuses tố cáo to roles that may not handle it
    start_draft(ctx, op, ref, ctx.msg.text or "")


# ---------------------------------------------------------------------------- card buttons
def button(ctx: Ctx, payload: str) -> None:
    if payload.startswith("bc:"):
        ctx.replies.extend(staff_announce.handle_button(ctx, payload))
        return
    parts = payload.split(":")
    if len(parts) < 3:
        ctx.say(ctx.t("stale_button"))
        return
    action, code = parts[1], parts[2]
    handler = BUTTONS.get(action)
    if handler is None:
        ctx.say(ctx.t("stale_button"))
        return
    handler(ctx, code, parts[3:])


BUTTONS = {
    "take": _b_take,
    "takef": _b_take_over,
    "noop": lambda ctx, code, rest: ctx.say(ctx.t("cancelled")),
    "view": _b_view,
    "route": _b_route,
    "rt": lambda ctx, code, rest: _b_route(ctx, code, rest),
    "ans": _b_draft("ans"),
    "info": _b_draft("info"),
    "fwd": _b_draft("fwd"),
    "rej": _b_draft("rej"),
    "qans": _b_draft("qans"),
    "ret": _b_draft("ret"),
    "acc": _b_accept,
    "apr": _b_approve,
    "map": _b_map,
}

BUTTONS.update(staff_publish.BUTTONS)  # s:pub / s:unpub (the public page)


from bot.core import staff_reports  # noqa: E402,F401  (/baocao, /nhap: registered with bot.core.commands)
