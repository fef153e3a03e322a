"""The citizen's side of the conversation: words that work everywhere, then the open form or the home.

Flows live in :mod:`bot.core.flows` (one small module each) and run on the forms engine
(:mod:`bot.core.forms`). This module only decides who gets the message.
"""

from __future__ import annotations

from bot.core.context import MAX_TEXT, Ctx
from bot.core.flows import account, home
from bot.core.flows.menu import CITIZEN_COMMAND_MENU, GLOBAL_PAYLOADS, MAIN_MENU
from bot.core.forms import commands, runner, step
from bot.core.forms.choices import norm
from storage import citizens

__all__ = ["CITIZEN_COMMAND_MENU", "MAIN_MENU", "handle"]

MENU_WORDS = {"start", "menu", "batdau", "trang chinh", "ve trang chinh"}
MYDATA_WORDS = {"du lieu cua toi", "dulieu", "xem du lieu cua toi", "thong tin cua toi"}
LINK_WORDS = {"lienket", "lien ket", "lien ket tai khoan", "lien ket kenh"}
ERASE_WORDS = {"xoa du lieu cua toi", "xoadulieu", "xoa du lieu", "xoa thong tin cua toi"}


def handle(ctx: Ctx) -> None:
    msg = ctx.msg
    # ctx.citizen is what the message's first read found (storage.conversations.Sender): None means no row yet
    ctx.citizen = citizens.get_or_create(ctx.s, msg.channel, msg.user_id, msg.display_name, known=ctx.citizen,
                                         looked_up=True)
    folded = norm(msg.text.lstrip("/")) if msg.text else ""
    run = runner.active(ctx)
    if len(msg.text) > MAX_TEXT:  # nothing is cut or kept: the citizen decides how to send it
        ctx.say(ctx.t("too_long", length=len(msg.text), limit=MAX_TEXT))
        if run is not None:
            runner.reask(ctx, run)
        return
    if msg.payload == "resume":  # a channel (re)opens the conversation: continue a form left half-way
        if run is not None:
            runner.reask(ctx, run, lead=ctx.t("resume"))
        else:
            ctx.reset()
            home.welcome(ctx)
        return
    if folded in MENU_WORDS or msg.text.startswith("/start") or msg.payload == "menu":
        _leave(ctx, run)
        home.welcome(ctx)
        return
    if folded in MYDATA_WORDS:
        account.my_data(ctx)
        return
    if folded in ERASE_WORDS:
        _leave(ctx, run)
        account.erase_ask(ctx)
        return
    if folded in LINK_WORDS:
        _leave(ctx, run)
        account.link_start(ctx)
        return
    if run is not None:
        if msg.payload and msg.payload.startswith(GLOBAL_PAYLOADS):
            _leave(ctx, run)  # a button of an earlier message (rating, look-up, menu): the form waits as a draft
            if not home.buttons(ctx, msg.payload):
                ctx.say(ctx.t("stale_button"))
            return
        step.handle(ctx, run, home.route)
        return
    command = commands.command(msg.text)
    if command == "cancel" or msg.payload == "cancel":
        ctx.reset()
        ctx.say(ctx.t("nothing_to_cancel"), menu=True)
        return
    if command == "help":
        ctx.say(ctx.t("help"), menu=True)
        return
    home.idle(ctx)


def _leave(ctx: Ctx, run: runner.Run | None) -> None:
    """Leave the open form for something else; what was typed is kept as a draft."""
    if run is not None and run.form.keep_draft and run.form.content(run.data):
        runner.park(ctx, run)
    else:
        ctx.reset()
