"""Staff commands for reports and the intake register: /baocao, /nhap, and the figures of /thongke.

Registered with the staff command registry (bot/core/commands.py; imported at the bottom of bot/core/staff.py).
The work is done by bot/services/reports.py and bot/services/intake.py; this module only reads the command's
arguments and turns the results into messages. Files (chart PNG, XLSX) are written under
``<documents_dir>/exports`` (``PAKN_DATA_DIR/documents/exports`` under ``pakn run``) and sent as documents in
the chat that asked.
"""

from __future__ import annotations

import logging
import re
import time
from datetime import date
from pathlib import Path

from bot.core.commands import ALL, command, usage
from bot.core.context import Ctx
from bot.core.render import fmt_short_date
from bot.core.types import Attachment, Outbound
from bot.services import intake
from bot.services import reports as svc
from bot.services.base import Actor, Env, Refused

log = logging.getLogger(__name__)

EXPORT_KEEP_DAYS = 7  # files sent in chats are removed after this many days
CHAT_XLSX_LIMIT = 60_000  # larger exports hold a core worker too long: the command line makes them


def env_of(ctx: Ctx) -> Env:
    return ctx.env


def exports_dir(ctx: Ctx) -> Path:
    return Path(ctx.core.documents_dir) / "exports"


def _prune(folder: Path) -> None:
    limit = time.time() - EXPORT_KEEP_DAYS * 86400
    for f in folder.glob("*/*"):
        try:
            if f.is_file() and f.stat().st_mtime < limit:
                f.unlink()
                if not any(f.parent.iterdir()):
                    f.parent.rmdir()
        except OSError:  # another process cleaned it up
            continue


def _n(x: int) -> str:
    return f"{x:,}".replace(",", ".")  # 60.000, as written in Vietnamese


def _args(ctx: Ctx, args: str) -> tuple[str, str | None]:
    """(period text, department code) from '/baocao [kỳ] [mã phòng]'."""
    words = args.split()
    dept = None
    if words and ctx.profile.department(words[-1].lower()) is not None:
        dept = words.pop().lower()
    return " ".join(words), dept


@command("baocao", "report")
def cmd_report(ctx: Ctx, args: str) -> None:
    env, actor = env_of(ctx), Actor.of_staff(ctx.staff)
    text, dept = _args(ctx, args)
    try:
        period = svc.parse_period(text, env.today)
        r = svc.build(env, actor, period, department=dept)
    except Refused as e:
        ctx.say(e.render(ctx.t))
        return
    ctx.say(svc.summary_text(env, r))
    base = exports_dir(ctx)
    _prune(base)
    folder = base / f"{ctx.now:%Y%m%d-%H%M%S}-{ctx.staff.id}"
    tag = f"{period.file_tag}{'-' + dept if dept else ''}"
    chart = svc.write_chart(env, actor, r, folder / f"bieu-do-{tag}.png")
    photo = Attachment(kind="photo", file_id="", file_name=chart.name, mime_type="image/png",
                       stored_path=str(chart.resolve()))
    if r.total > CHAT_XLSX_LIMIT:
        ctx.replies.append(Outbound(
            text=ctx.t("s_report_too_big", period=period.label, n=_n(r.total), limit=_n(CHAT_XLSX_LIMIT),
                       args=text or "kỳ"),
            attachments=[photo]))
        return
    xlsx = folder / f"bao-cao-{tag}.xlsx"
    rows = svc.write_xlsx(env, actor, r, xlsx)
    note = "" if svc.may_see_denunciations(actor) else " " + ctx.t("s_report_no_denunciation_content")
    ctx.replies.append(Outbound(
        text=ctx.t("s_report_files", period=period.label, n=_n(rows)) + note,
        attachments=[
            photo,
            Attachment(kind="document", file_id="", file_name=xlsx.name, stored_path=str(xlsx.resolve()),
                       mime_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        ],
    ))


def quick_report(ctx: Ctx, since_day: date, label: str) -> svc.Report:
    """/thongke's figures: the report from ``since_day`` to today (SQL aggregates)."""
    return svc.build(ctx.env, Actor.of_staff(ctx.staff), svc.Period(since_day, ctx.today, label))


def channels_line(ctx: Ctx, r: svc.Report) -> str:
    lab = svc.Labels(ctx.env)
    return ctx.t("s_stats_channels", channels=", ".join(f"{lab.channel(k)}: {n}" for k, n in
                                                        sorted(r.by_channel.items(), key=lambda x: -x[1])) or "—")


@command("nhap", "intake", roles=ALL)
def cmd_intake(ctx: Ctx, args: str) -> None:
    parts = [p.strip() for p in args.split("|")]
    if len(parts) < 7:
        ctx.say(usage(ctx, "nhap") + "\n" + ctx.t("s_intake_example"))
        return
    env, actor = env_of(ctx), Actor.of_staff(ctx.staff)
    try:
        received = None
        if len(parts) > 7 and parts[7]:
            received = svc.parse_day(parts[7])
            if received is None:
                raise Refused("intake_bad_date", text=parts[7])
        item = intake.OfflineItem(
            channel=intake.parse_channel(parts[0]), full_name=parts[1] or None,
            phone=re.sub(r"[^\d+]", "", parts[2]) or None, address=parts[3] or None,
            kind=intake.parse_kind(env, parts[4]), topic=intake.parse_topic(env, parts[5]), content=parts[6],
            received=received, source_ref=(parts[8] if len(parts) > 8 and parts[8] else None),
        )
        p = intake.register_offline(env, actor, item)
    except Refused as e:
        ctx.say(e.render(ctx.t))
        return
    lab = svc.Labels(env)
    ctx.say(ctx.t("s_intake_done", code=p.code, kind=lab.kind(p.kind), channel=lab.channel(p.channel).lower(),
                  topic=lab.topic(p.topic), due=fmt_short_date(p.due_date)))


__all__ = ["channels_line", "cmd_intake", "cmd_report", "quick_report"]
