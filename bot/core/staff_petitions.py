"""Staff commands on petitions: parse, call :mod:`bot.services.petitions`, render."""

from __future__ import annotations

from typing import Any

from bot.core.commands import ALL, command, split_code, usage
from bot.core.context import Ctx
from bot.core.drafts import start_draft
from bot.core.render import fmt_date
from bot.core.types import Button
from bot.services import dialogue as dsvc
from bot.services import gate
from bot.services import petitions as svc
from bot.services.base import Refused
from storage import petitions as repo

B = Button

# /hopthu filters: catalog key of the words staff type -> (kind, value). Keys are listed here so a test
# sees them; each catalog text may hold several synonyms separated by "|".
INBOX_FILTERS: dict[str, tuple[str, str]] = {
    "f_unassigned": ("unassigned", ""),
    "f_received": ("status", "received"),
    "f_assigned": ("status", "assigned"),
    "f_in_progress": ("status", "in_progress"),
    "f_needs_info": ("status", "needs_info"),
    "f_approval": ("status", "approval"),
    "f_review": ("status", "review"),
    "f_overdue": ("overdue", ""),
    "f_mine": ("mine", ""),
}


def _parse_filters(ctx: Ctx, args: str) -> dict | None:
    import intents

    folded = " " + intents.fold(args).replace("_", " ") + " "
    found: dict = {"statuses": None, "department": None, "overdue": False, "mine": False, "unassigned": False}
    phrases = []
    for key, (kind, value) in INBOX_FILTERS.items():
        for word in ctx.t(key).split("|"):
            phrases.append((intents.fold(word.strip()), kind, value))
    for phrase, kind, value in sorted(phrases, key=lambda x: -len(x[0])):
        for variant in {phrase, phrase.replace(" ", "")}:
            token = f" {variant} "
            if token in folded:
                folded = folded.replace(token, " ")
                if kind == "status":
                    found["statuses"] = [value]
                else:
                    found[kind] = True
    for word in folded.split():
        if ctx.profile.department(word):
            found["department"] = word
        elif word in ("all", "tatca"):
            continue
        else:
            ctx.say(ctx.t("s_inbox_bad_filter", word=word, usage=ctx.t("u_hopthu")))
            return None
    return found


@command("hopthu", "inbox")
def cmd_inbox(ctx: Ctx, args: str) -> None:
    f = _parse_filters(ctx, args)
    if f is None:
        assert ctx.staff is not None
        return
    assert ctx.staff is not None
    rows = repo.inbox(ctx.s, statuses=f["statuses"], department=f["department"],
                      overdue_before=ctx.today if f["overdue"] else None,
                      assignee_id=ctx.staff.id if f["mine"] else None, unassigned=f["unassigned"], limit=30)
    rows = [p for p in rows if gate.may_handle(p, ctx.staff.role)]
    if not rows:
        ctx.say(ctx.t("s_inbox_empty"))
        return
    lines = [ctx.t("s_inbox_head", n=len(rows))] + [gate.inbox_line(ctx.env, p) for p in rows]
    ctx.say("\n".join(lines), [[B(ctx.t("s_btn_view", code=p.code), f"s:view:{p.code}")] for p in rows[:5]])


@command("xem", "view")
def cmd_view(ctx: Ctx, args: str) -> None:
    code = args.strip()
    if code.upper().startswith("DT"):
        from bot.core.staff_dialogue import view_question

        view_question(ctx, code)
        return
    p = ctx.attempt(svc.get, ctx.env, ctx.actor, code)
    if p is None:
        return
    card = gate.card(ctx.env, p)
    ctx.say(gate.view(ctx.env, p, repo.events(ctx.s, p.id)), card.buttons)


@command("vitri", "map")
def cmd_map(ctx: Ctx, args: str) -> None:
    """Where the problem is: the place in words, the map link, and on Telegram a venue message."""
    code = args.strip()
    if not code:
        ctx.say(usage(ctx, "vitri"))
        return
    p = ctx.attempt(svc.get, ctx.env, ctx.actor, code)
    if p is None:
        return
    out = gate.place_message(ctx.env, p)
    if p.kind == "to_cao" and ctx.msg.is_group:  # a tố cáo is never shown in the group: privately, as its card
        from bot.services import notify

        assert ctx.staff is not None
        notify.to_staff_member(ctx.env, ctx.staff, out)
        ctx.say(ctx.t("s_place_private"))
        return
    ctx.replies.append(out)


@command("nhan", "take")
def cmd_take(ctx: Ctx, args: str) -> None:
    ctx.attempt(_b_take, ctx, args.strip(), [])


@command("giao", "assign")
def cmd_assign(ctx: Ctx, args: str) -> None:
    code, who = split_code(args)
    if not code or not who:
        ctx.say(usage(ctx, "giao"))
        return
    r = ctx.attempt(svc.assign, ctx.env, ctx.actor, code, who)
    if r:
        ctx.say(ctx.t("s_assigned", code=r[0].code, name=r[1].name))


@command("chuyen", "route")
def cmd_route(ctx: Ctx, args: str) -> None:
    code, dept = split_code(args)
    if not dept:
        ctx.say(usage(ctx, "chuyen") + "\n" + ", ".join(d.code for d in ctx.profile.departments))
        return
    p = ctx.attempt(svc.route, ctx.env, ctx.actor, code, dept)
    if p:
        d = ctx.profile.department(p.department_code)
        ctx.say(ctx.t("s_routed", code=p.code, department=d.name if d else "—"))


@command("thuly", "accept")
def cmd_accept(ctx: Ctx, args: str) -> None:
    if not args.strip():
        ctx.say(usage(ctx, "thuly"))
        return
    p = ctx.attempt(svc.accept, ctx.env, ctx.actor, args.strip())
    if p:
        ctx.say(ctx.t("s_accepted", code=p.code, due=fmt_date(p.due_date)))


@command("giahan", "extend")
def cmd_extend(ctx: Ctx, args: str) -> None:
    code, reason = split_code(args)
    if not code or not reason:
        ctx.say(usage(ctx, "giahan"))
        return
    p = ctx.attempt(svc.extend, ctx.env, ctx.actor, code, reason)
    if p:
        ctx.say(ctx.t("s_extended", code=p.code, due=fmt_date(p.due_date)))


def _draft_command(op: str, name: str):  # noqa: ANN202
    def run(ctx: Ctx, args: str) -> None:
        code, text = split_code(args)
        if not code:
            ctx.say(usage(ctx, name))
            return
        if ctx.attempt(svc.get, ctx.env, ctx.actor, code) is None:
            return
        start_draft(ctx, op, code.upper(), text or None)

    return run


command("traloi", "answer")(_draft_command("ans", "traloi"))
command("bosung", "yeucau_bosung", "askinfo")(_draft_command("info", "bosung"))
command("chuyencq", "forward")(_draft_command("fwd", "chuyencq"))
command("tuchoi", "reject")(_draft_command("rej", "tuchoi"))
command("tralai", "return", roles=("admin",))(_draft_command("ret", "tralai"))


@command("duyet", "approve", roles=("admin",))
def cmd_approve(ctx: Ctx, args: str) -> None:
    p = ctx.attempt(svc.approve, ctx.env, ctx.actor, args.strip())
    if p:
        ctx.say(ctx.t("s_approved", code=p.code))


@command("phanloai", "reclassify")
def cmd_reclassify(ctx: Ctx, args: str) -> None:
    words = args.split()
    if len(words) < 2:
        ctx.say(ctx.t("s_reclass_usage", usage=ctx.t("u_phanloai"),
                      kinds=", ".join(k.code for k in ctx.profile.kinds), topics=", ".join(ctx.profile.topic_codes)))
        return
    kind = topic = None
    for w in words[1:]:
        if w in {k.code for k in ctx.profile.kinds}:
            kind = w
        elif w in ctx.profile.topic_codes:
            topic = w
        else:
            ctx.say(ctx.t("s_reclass_bad", word=w))
            return
    p = ctx.attempt(svc.reclassify, ctx.env, ctx.actor, words[0], kind, topic)
    if p:
        ctx.say(ctx.t("s_reclassified", code=p.code, kind=ctx.profile.kind(p.kind).name,
                      topic=ctx.profile.topic(p.topic).name, due=fmt_date(p.due_date)))


@command("dong", "close")
def cmd_close(ctx: Ctx, args: str) -> None:
    p = ctx.attempt(svc.close, ctx.env, ctx.actor, args.strip())
    if p:
        ctx.say(ctx.t("s_closed", code=p.code))


@command("danhtinh", "identity", roles=ALL, shown_to=("admin", "inspector"))  # others: refused and logged
def cmd_identity(ctx: Ctx, args: str) -> None:
    p = ctx.attempt(svc.reveal_identity, ctx.env, ctx.actor, args.strip())
    if p is None:
        return
    if p.anonymous:
        ctx.say(ctx.t("s_identity_anonymous", code=p.code))
        return
    who = svc.sender(ctx.env, p)
    text = ctx.t("s_identity", code=p.code, name=who["full_name"] or "—", phone=who["phone"] or "—",
                 address=who["address"] or "—", email=who["email"] or "—")
    if who.get("organisation"):
        text += "\n" + ctx.t("s_identity_org", organisation=who["organisation"])
    if ctx.msg.is_group:  # never in the group: queued for the asker's private chat, reported honestly
        from bot.core.types import Outbound
        from bot.services import notify

        assert ctx.staff is not None
        notify.to_staff_member(ctx.env, ctx.staff, Outbound(text))
        ctx.say(ctx.t("s_identity_private"))
    else:
        ctx.say(text)


@command("mau", "templates")
def cmd_templates(ctx: Ctx, args: str) -> None:
    tpls = ctx.profile.answer_templates
    if not tpls:
        ctx.say(ctx.t("s_no_templates"))
        return
    ctx.say("\n".join([ctx.t("s_templates_head")] + [f"• #{t.key} — {t.title}" for t in tpls]))


# ---------------------------------------------------------------------------- card buttons (bot.core.staff)
def _b_take(ctx: Ctx, code: str, rest: list[str], *, confirm: bool = False) -> None:
    try:
        p = svc.take(ctx.env, ctx.actor, code, confirm=confirm)
    except Refused as r:
        if r.key == "s_take_held":
            ctx.say(r.render(ctx.t), [[B(ctx.t("s_btn_take_over"), f"s:takef:{code}"),
                                       B(ctx.t("btn_cancel"), f"s:noop:{code}")]])
            return
        raise
    assert ctx.staff is not None
    ctx.say(ctx.t("s_taken", name=ctx.staff.name, code=p.code))


def _b_route(ctx: Ctx, code: str, rest: list[str]) -> None:
    if rest:
        p = svc.route(ctx.env, ctx.actor, code, rest[0])
        dept = ctx.profile.department(p.department_code)
        ctx.say(ctx.t("s_routed", code=p.code, department=dept.name if dept else "—"))
        return
    p = svc.get(ctx.env, ctx.actor, code)
    ctx.say(ctx.t("s_route_ask", code=p.code),
            [[B(d.name, f"s:rt:{p.code}:{d.code}")] for d in ctx.profile.departments])


def _b_draft(op: str) -> Any:
    def run(ctx: Ctx, code: str, rest: list[str]) -> None:
        if op == "qans":
            dsvc.get_question(ctx.env, code)
        else:
            svc.get(ctx.env, ctx.actor, code)
        start_draft(ctx, op, code)

    return run


def _b_accept(ctx: Ctx, code: str, rest: list[str]) -> None:
    p = svc.accept(ctx.env, ctx.actor, code)
    ctx.say(ctx.t("s_accepted", code=p.code, due=fmt_date(p.due_date)))


def _b_approve(ctx: Ctx, code: str, rest: list[str]) -> None:
    p = svc.approve(ctx.env, ctx.actor, code)
    ctx.say(ctx.t("s_approved", code=p.code))


def _b_view(ctx: Ctx, code: str, rest: list[str]) -> None:
    cmd_view(ctx, code)


def _b_map(ctx: Ctx, code: str, rest: list[str]) -> None:
    cmd_map(ctx, code)


def _b_take_over(ctx: Ctx, code: str, rest: list[str]) -> None:
    _b_take(ctx, code, rest, confirm=True)


