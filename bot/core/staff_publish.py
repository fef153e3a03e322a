"""Staff commands for the public page (công khai): preview the auto-masked text, approve, edit, withdraw.

Registered with ``bot.core.commands.command`` (role-checked like every staff command); its card buttons
join ``bot.core.staff.BUTTONS``; the rules live in ``bot.services.publication``.
"""

from __future__ import annotations

from bot.core.commands import WRITERS, command, usage
from bot.core.context import Ctx
from bot.core.types import Button
from bot.services import publication
from storage.models import PublicationStatus


def _show(ctx: Ctx, d: publication.Draft) -> None:
    t = ctx.t
    text = t("pub_preview", code=d.petition.code, content=d.content, answer=d.answer)
    text += "\n" + t("pub_preview_status", status=t(f"pub_status_{d.publication.status}"))
    if d.publication.status == PublicationStatus.approved:
        buttons = [[Button(t("pub_btn_withdraw"), f"s:unpub:{d.petition.code}")]]
    else:
        buttons = [[Button(t("pub_btn_approve"), f"s:pub:{d.petition.code}")]]
    ctx.say(text, buttons)


@command("congkhai", "publish", roles=WRITERS)
def cmd_publish(ctx: Ctx, args: str) -> None:
    if not args.strip():
        ctx.say(usage(ctx, "congkhai"))
        return
    d = ctx.attempt(publication.draft, ctx.env, ctx.actor, args.strip())
    if d is not None:
        _show(ctx, d)


def _approve(ctx: Ctx, code: str, content: str | None = None) -> None:
    d = ctx.attempt(publication.approve, ctx.env, ctx.actor, code, content)
    if d is not None:
        ctx.say(ctx.t("pub_approved", code=d.petition.code))


def _withdraw(ctx: Ctx, code: str) -> None:
    d = ctx.attempt(publication.withdraw, ctx.env, ctx.actor, code)
    if d is not None:
        ctx.say(ctx.t("pub_withdrawn", code=d.petition.code))


@command("congkhai_duyet", "publish_approve", roles=WRITERS)
def cmd_publish_approve(ctx: Ctx, args: str) -> None:
    if not args.strip():
        ctx.say(usage(ctx, "congkhai_duyet"))
        return
    _approve(ctx, args.strip())


@command("congkhai_sua", "publish_edit", roles=WRITERS)
def cmd_publish_edit(ctx: Ctx, args: str) -> None:
    code, _, text = args.strip().partition(" ")
    if not code or not text.strip():
        ctx.say(usage(ctx, "congkhai_sua"))
        return
    _approve(ctx, code, text)


@command("congkhai_go", "unpublish", roles=WRITERS)
def cmd_unpublish(ctx: Ctx, args: str) -> None:
    if not args.strip():
        ctx.say(usage(ctx, "congkhai_go"))
        return
    _withdraw(ctx, args.strip())


# the card buttons (bot.core.staff adds them to its table)
BUTTONS = {
    "pub": lambda ctx, code, rest: _approve(ctx, code),
    "unpub": lambda ctx, code, rest: _withdraw(ctx, code),
}
