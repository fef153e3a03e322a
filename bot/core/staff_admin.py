"""Staff commands for the team and the figures: staff management, statistics, help."""

from __future__ import annotations

from datetime import timedelta

from bot.core.commands import ADMIN, command, unique, usage
from bot.core.context import Ctx
from bot.services import staff as staff_svc
from bot.services.base import Refused


@command("thongke", "stats")
def cmd_stats(ctx: Ctx, args: str) -> None:
    today = ctx.today
    arg = args.strip()
    if arg.isascii() and arg.isdigit() and int(arg) < 3660:
        since_day = today - timedelta(days=int(arg))
        label = ctx.t("s_stats_days", n=arg)
    else:
        since_day = today.replace(month=(today.month - 1) // 3 * 3 + 1, day=1)
        label = ctx.t("s_stats_quarter", q=(today.month - 1) // 3 + 1, year=today.year)
    from bot.core.staff_reports import channels_line, quick_report

    r = quick_report(ctx, since_day, label)  # SQL aggregates (bot/services/reports.py)
    kinds = ", ".join(f"{ctx.profile.kind(k).name}: {n}" for k, n in sorted(r.by_kind.items())) or "—"
    statuses = ", ".join(f"{ctx.t('status_' + k)}: {n}" for k, n in sorted(r.by_status.items())) or "—"
    rated = r.rated
    sat = ctx.t("s_stats_satisfied", pct=f"{100 * r.ratings.get(3, 0) / rated:.0f}", n=rated) if rated else ctx.t("s_stats_no_rating")
    on_time = f"{100 * r.on_time / r.answered:.0f}%" if r.answered else "—"
    lines = [ctx.t("s_stats", label=label, total=r.total, kinds=kinds, statuses=statuses,
                   answered=r.answered, on_time=on_time, overdue=r.overdue_now, satisfaction=sat),
             channels_line(ctx, r)]
    comments = [(code, text) for code, _kind, text in r.dissatisfied]
    if comments:
        lines.append(ctx.t("s_stats_comments_head"))
        lines += [f"• {code}: {text}" for code, text in comments[:5]]
    ctx.say("\n".join(lines))


@command("canbo", "staff", roles=ADMIN)
def cmd_staff(ctx: Ctx, args: str) -> None:
    rows = staff_svc.active(ctx.env)
    lines = [ctx.t("s_staff_head")]
    for s in rows:
        depts = f" · {', '.join(s.departments)}" if s.departments else ""
        lines.append(f"• #{s.id} {s.name} · {ctx.t('role_' + s.role)} · {s.channel}:{s.channel_user_id}{depts}")
    ctx.say("\n".join(lines))


@command("canbo_them", "staff_add", roles=ADMIN)
def cmd_staff_add(ctx: Ctx, args: str) -> None:
    words = args.split()
    depts: list[str] = []
    if words and words[-1].startswith("#"):
        depts = [d for d in words.pop()[1:].split(",") if d]
    if len(words) < 3 or ":" not in words[0]:
        ctx.say(usage(ctx, "canbo_them"))
        return
    channel, _, uid = words[0].partition(":")
    try:
        st = staff_svc.add(ctx.env, ctx.actor, channel=channel, user_id=uid, name=" ".join(words[2:]), role=words[1],
                           departments=depts)
    except Refused as r:
        ctx.refused(r)
        ctx.say(usage(ctx, "canbo_them"))
        return
    ctx.say(ctx.t("s_staff_added", id=st.id, name=st.name, role=ctx.t("role_" + st.role)))


@command("canbo_xoa", "staff_remove", roles=ADMIN)
def cmd_staff_remove(ctx: Ctx, args: str) -> None:
    try:
        st = staff_svc.remove(ctx.env, ctx.actor, args.strip())
    except Refused as r:
        ctx.refused(r)
        return
    ctx.say(ctx.t("s_staff_removed", id=st.id, name=st.name))


@command("trogiup", "staffhelp")
def cmd_help(ctx: Ctx, args: str) -> None:
    assert ctx.staff is not None
    lines = [ctx.t("s_help_head")]
    for cmd in unique():
        if cmd.visible_to(ctx.staff.role):
            lines.append(f"• {ctx.t(cmd.usage_key)} — {ctx.t(cmd.help_key)}")
    lines.append(ctx.t("s_help_tail"))
    ctx.say("\n".join(lines))
