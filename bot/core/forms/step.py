"""One message into the open form: commands first, then files and places, then the answer itself.

Nothing a citizen types is lost or misfiled: a command word is never stored as data; a typed answer
that fits no choice shows the choices again with a hint; a message that reads as another request offers
to keep the form as a draft and start that request; text typed at a choice step is added to the content
only when the citizen says so.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict

from bot.core.context import MAX_TEXT as CONTENT_LIMIT
from bot.core.context import Ctx
from bot.core.forms import choices as ch
from bot.core.forms import runner as rn
from bot.core.forms.commands import command
from bot.core.forms.model import CANCEL_ACTION, EDIT_ACTION, GOTO, NEW_ACTION, Answer, Field, Invalid

# what a form run hands back to the conversation when the citizen starts another request
Reroute = Callable[[Ctx, str], None]


def handle(ctx: Ctx, run: rn.Run, reroute: Reroute) -> None:
    """``reroute(ctx, text)`` handles a message as a new request (the form is kept as a draft first)."""
    msg, ans = ctx.msg, rn.answer_of(ctx)
    if run.pending:
        _pending(ctx, run, ans, reroute)
        return
    cmd = command(msg.text) if not msg.payload else ("cancel" if msg.payload == "cancel" else None)
    if cmd:
        _command(ctx, run, cmd)
        return
    f = rn.current(ctx, run)
    if f is None or not rn.applies(ctx, run, f):
        rn.ask_next(ctx, run)
        return
    if msg.attachments and run.form.attachments:
        _attach(ctx, run)
        if not msg.text and f.key != "attachments":
            rn.ask(ctx, run, f, lead=ctx.t("form_attached", count=len(run.data.attachments)))
            return
    if msg.location is not None and run.form.places and not f.place:
        run.data.place = run.form.places(ctx, msg.location)
        lead = ctx.t("form_place_received")
        if not msg.text:
            rn.ask(ctx, run, f, lead=lead)
            return
    if msg.sticker and not msg.text:
        rn.ask(ctx, run, f, lead=ctx.t("form_sticker"))
        return
    if not msg.text and not msg.payload and not msg.contact_phone and msg.location is None:
        if msg.attachments and run.form.attachments and f.key == "attachments":
            rn.ask(ctx, run, f, lead=ctx.t("form_attached", count=len(run.data.attachments)))
        else:
            rn.ask(ctx, run, f, lead=ctx.t("form_empty"))
        return
    if msg.text and run.form.intercept is not None and run.form.intercept(ctx, run.data, ans, f):
        rn.ask_next(ctx, run)
        return
    if f.free_text and msg.text and run.form.switch is not None and run.form.switch(ctx, run.data, msg.text, True):
        _switch(ctx, run, msg.text, reroute)  # "thôi, tôi muốn tố cáo…" where free text is asked
        return
    try:
        value = rn.parse(ctx, run, f, ans)
    except Invalid as bad:
        _miss(ctx, run, f, ans, bad, reroute)
        return
    if value == EDIT_ACTION:
        rn.edit(ctx, run, "")
    elif value == CANCEL_ACTION:
        _cancel(ctx, run)
    elif value == NEW_ACTION:
        text = getattr(run.data, "text", None) or ""
        drop(ctx, say=False)
        reroute(ctx, text)
    elif isinstance(value, str) and value.startswith(GOTO):
        rn.goto_field(ctx, run, value[len(GOTO) :])
    else:
        rn.accept(ctx, run, f, value)


def _attach(ctx: Ctx, run: rn.Run) -> None:
    have = list(run.data.attachments or [])
    room = rn.MAX_ATTACHMENTS - len(have)
    run.data.attachments = have + [asdict(a) for a in ctx.msg.attachments[: max(room, 0)]]
    if room < len(ctx.msg.attachments):
        ctx.say(ctx.t("form_attach_full", limit=rn.MAX_ATTACHMENTS))


def _command(ctx: Ctx, run: rn.Run, cmd: str) -> None:
    if cmd == "cancel":
        _cancel(ctx, run)
    elif cmd == "back":
        done = [k for k in run.trail if k != run.asking]
        if not done:
            rn.reask(ctx, run, lead=ctx.t("form_first_step"))
            return
        rn.goto_field(ctx, run, done[-1])
    elif cmd == "help":
        f = rn.current(ctx, run)
        if f is None:
            rn.ask_next(ctx, run)
            return
        rn.ask(ctx, run, f, lead=rn.help_text(ctx, run, f))
    elif cmd == "continue":
        f = rn.current(ctx, run)
        if f is not None and f.key in run.force and rn.value_of(ctx, run, f) is not None:
            run.force.remove(f.key)  # was being changed: the earlier answer stands
            run.trail.append(f.key)
            rn.ask_next(ctx, run, lead=ctx.t("form_continue"))
            return
        rn.reask(ctx, run, lead=ctx.t("form_continue"))
    elif cmd.startswith("edit:"):
        rn.edit(ctx, run, cmd[5:])


def _opts(ctx: Ctx, *pairs: tuple[str, str]) -> list[tuple[str, str]]:
    return [(ctx.t(key), value) for key, value in pairs]


def _cancel(ctx: Ctx, run: rn.Run) -> None:
    if run.form.content(run.data) and run.trail:
        rn.offer(
            ctx,
            run,
            "cancel",
            "form_cancel_confirm",
            _opts(ctx, ("form_btn_drop", "drop"), ("form_btn_keep", "keep")),
            what=ctx.t(run.form.title),
        )
        return
    drop(ctx)


def drop(ctx: Ctx, *, say: bool = True) -> None:
    """Leave the form without keeping it (the other drafts stay)."""
    ctx.reset()
    if say:
        ctx.say(ctx.t("cancelled"), menu=True)


def _pending(ctx: Ctx, run: rn.Run, ans: Answer, reroute: Reroute) -> None:
    p = run.pending or {}
    kind = p.get("kind")
    cmd = command(ans.text) if not ans.payload else None
    value = rn.pending_choice(ctx, run, ans)
    if value is None and kind == "cancel" and cmd == "cancel":
        value = "drop"
    if value is None:
        if cmd == "cancel" or (cmd and kind != "edit"):
            run.pending = None
            _command(ctx, run, cmd)
            return
        if kind == "edit" and cmd and cmd.startswith("edit:") and cmd != "edit:":
            rn.edit(ctx, run, cmd[5:])
            return
        rn.offer(
            ctx,
            run,
            kind or "cancel",
            "form_pick_one" if kind == "edit" else "form_pick_offer",
            p.get("options") or [],
            **{k: v for k, v in p.items() if k not in ("kind", "options")},
        )
        return
    run.pending = None
    if kind == "cancel":
        if value == "drop":
            drop(ctx)
        else:
            rn.reask(ctx, run, lead=ctx.t("form_continue"))
    elif kind == "switch":
        if value == "new":
            text = p.get("text") or ""
            if run.form.keep_draft and run.form.content(run.data):
                rn.park(ctx, run)
            else:
                ctx.reset()
            reroute(ctx, text)
        else:
            rn.reask(ctx, run, lead=ctx.t("form_continue"))
    elif kind == "append":
        lead = None
        if value == "add" and run.form.append is not None:
            lead = (
                ctx.t("form_appended")
                if run.form.append(ctx, run.data, p.get("text") or "")
                else ctx.t("form_content_full", limit=CONTENT_LIMIT)
            )
        rn.reask(ctx, run, lead=lead)
    elif kind == "edit":
        rn.goto_field(ctx, run, value)


def _switch(ctx: Ctx, run: rn.Run, text: str, reroute: Reroute) -> None:
    """Another request: at once when nothing worth keeping was typed, else offered (the form kept as a draft)."""
    if not run.form.content(run.data):
        drop(ctx, say=False)
        reroute(ctx, text)
        return
    rn.offer(
        ctx,
        run,
        "switch",
        "form_switch_offer",
        _opts(ctx, ("form_btn_keep_going", "keep"), ("form_btn_new", "new")),
        text=text,
        what=ctx.t(run.form.title),
    )


def _miss(ctx: Ctx, run: rn.Run, f: Field, ans: Answer, bad: Invalid, reroute: Reroute) -> None:
    text = ans.text
    if bad.stop:
        drop(ctx, say=False)
        ctx.say(ctx.t(bad.key, **bad.params), menu=True)
        return
    if text and not ans.payload and run.form.switch is not None and run.form.switch(ctx, run.data, text, f.free_text):
        _switch(ctx, run, text, reroute)
        return
    if (
        text
        and not ans.payload
        and f.choices is not None
        and run.form.append is not None
        and len(ch.norm(text).split()) >= 8
    ):
        rn.offer(
            ctx,
            run,
            "append",
            "form_append_offer",
            _opts(ctx, ("form_btn_append", "add"), ("form_btn_no_append", "no")),
            text=text,
        )
        return
    rn.ask(ctx, run, f, lead=ctx.t(bad.key, **bad.params), again=True)
