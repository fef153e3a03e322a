"""Staff commands for announcements: parse, call :mod:`bot.services.announcements`, render.

The core routes these commands and the ``bc:`` button payloads here:

* ``handle_command(ctx, name, args)`` / ``handle_button(ctx, payload)`` with the core's ``Ctx``
  (uses ``ctx.s``, ``ctx.staff``, ``ctx.now``, ``ctx.profile``, ``ctx.msg``): effects commit with the
  core's transaction;
* ``handle_announce_command(store, profile, staff, args, now, name=...)``: the same, in its own
  transaction (CLI, tests, other adapters).

Commands (Vietnamese, like the rest of the staff interface):

    /thongbao [#lĩnh_vực,…|@ID_buổi] nội dung   bản nháp + xem trước (ảnh: gửi kèm ảnh với lệnh)
    /thongbao_doithoai ID_buổi [lời nhắn thêm]  thông báo một buổi đối thoại (cảnh báo nếu < 7 ngày)
    /thongbao_gui ID                            gửi ngay
    /thongbao_hen ID dd/mm/yyyy HH:MM           hẹn giờ gửi
    /thongbao_huy ID                            hủy (cả khi đang gửi: phần chưa gửi bị hủy)
    /thongbao_tt [ID]                           tình hình gửi (không có ID: các thông báo gần đây)
    /doithoai_congbo ID [tóm tắt kết quả]       công bố kết quả, gửi trả lời cho mọi người đã hỏi
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from bot.core.render import clip, fmt_datetime, local, parse_local
from bot.core.texts import Catalog
from bot.core.types import Outbound
from bot.services import announcements as bc
from storage import utcnow

WRITERS = ("admin", "officer")

# name -> roles (usage and help: catalog texts u_<name>, h_<name>)
COMMANDS: dict[str, tuple[str, ...]] = {
    "thongbao": WRITERS,
    "thongbao_doithoai": WRITERS,
    "thongbao_gui": WRITERS,
    "thongbao_hen": WRITERS,
    "thongbao_huy": WRITERS,
    "thongbao_tt": ("admin", "officer", "inspector"),
    "doithoai_congbo": WRITERS,
}


@dataclass
class Request:
    s: Any
    profile: Any
    staff: Any
    now: datetime
    channel: str
    chat: str
    photo: str | None = None

    @property
    def t(self) -> Catalog:
        return Catalog(self.profile)

    def usage(self, name: str) -> str:
        return self.t("s_usage", usage=self.t(f"u_{name}"))

    @property
    def dest(self) -> bc.Destination:
        return bc.Destination(self.channel, self.chat)


def _id(args: str) -> tuple[int | None, str]:
    head, _, rest = args.strip().partition(" ")
    head = head.lstrip("#")
    if head.upper().startswith("BC-"):
        head = head[3:]
    return (int(head) if head.isdigit() else None), rest.strip()


def _say(text: str, **kw: Any) -> list[Outbound]:
    return [Outbound(text=text, **kw)]


# ---------------------------------------------------------------------------------------------- commands
def dispatch(req: Request, name: str, args: str) -> list[Outbound]:
    name = name.lower().lstrip("/")
    roles = COMMANDS.get(name)
    if roles is None:
        return _say(req.t("s_unknown_command", name=name))
    if req.staff is None or getattr(req.staff, "role", None) not in roles:
        return _say(req.t("s_no_permission"))
    try:
        return HANDLERS[name](req, args.strip())
    except bc.BroadcastError as e:
        return _say(str(e))


def cmd_create(req: Request, args: str) -> list[Outbound]:
    audience: dict[str, Any] = {"type": "all"}
    session_id = None
    text = args
    head, _, rest = args.partition(" ")
    if head.startswith("#") and len(head) > 1:
        codes = [c.strip() for c in head[1:].split(",") if c.strip()]
        bad = [c for c in codes if c not in req.profile.topic_codes]
        if bad:
            return _say(req.t("s_bc_bad_topics", bad=", ".join(bad), topics=", ".join(req.profile.topic_codes)))
        audience, text = {"type": "topics", "topics": codes}, rest
    elif head.startswith("@") and head[1:].isdigit():
        session_id = int(head[1:])
        audience, text = {"type": "session", "session_id": session_id}, rest
    if not text.strip():
        return _say(req.t("s_bc_usage", usage=req.t("u_thongbao")))
    b = bc.create_announcement(req.s, text=text, photo=req.photo, session_id=session_id, audience=audience,
                               created_by=getattr(req.staff, "id", None), progress_to=req.dest)
    return bc.preview(req.s, b, req.profile)


def cmd_session(req: Request, args: str) -> list[Outbound]:
    sid, extra = _id(args)
    if sid is None:
        return _say(req.usage("thongbao_doithoai"))
    b, warnings = bc.create_session_announcement(req.s, req.profile, sid, extra_text=extra,
                                                 created_by=getattr(req.staff, "id", None), progress_to=req.dest,
                                                 now=req.now)
    out = bc.preview(req.s, b, req.profile)
    extra_warn = [w for w in warnings if w not in out[-1].text]
    if extra_warn:
        out[-1].text += "\n" + "\n".join(extra_warn)
    return out


def _get(req: Request, args: str, usage_key: str):
    bid, rest = _id(args)
    b = bc.get(req.s, bid) if bid is not None else None
    if b is None:
        raise bc.BroadcastError(req.t("s_bc_not_found", id=bid) if bid is not None else req.usage(usage_key))
    return b, rest


def cmd_send(req: Request, args: str) -> list[Outbound]:
    b, _ = _get(req, args, "thongbao_gui")
    if b.status == "scheduled" and b.scheduled_at and b.scheduled_at <= req.now:
        return _say(req.t("s_bc_queued", id=b.id))
    bc.send_now(req.s, b, req.now)
    b.progress_chat = b.progress_chat or req.dest.encode()
    n = bc.audience_count(req.s, b)
    return _say(req.t("s_bc_sending", id=b.id, n=n))


def cmd_schedule(req: Request, args: str) -> list[Outbound]:
    b, rest = _get(req, args, "thongbao_hen")
    when = parse_local(rest)
    if when is None:
        return _say(req.usage("thongbao_hen"))
    bc.schedule(req.s, b, when, now=req.now)
    return _say(req.t("s_bc_scheduled", id=b.id, when=fmt_datetime(when), n=bc.audience_count(req.s, b)))


def cmd_cancel(req: Request, args: str) -> list[Outbound]:
    b, _ = _get(req, args, "thongbao_huy")
    was = b.status
    n = bc.cancel(req.s, b)
    if was == "sending":
        return _say(req.t("s_bc_stopped", id=b.id, n=n) + "\n" + bc.progress_text(b, bc.counts(req.s, b)))
    return _say(req.t("s_bc_cancelled", id=b.id))


def cmd_status(req: Request, args: str) -> list[Outbound]:
    bid, _ = _id(args)
    if bid is not None:
        b, _ = _get(req, args, "thongbao_tt")
        return _say(bc.status_text(req.s, b, req.profile))
    rows = bc.recent(req.s, 10)
    if not rows:
        return _say(req.t("s_bc_none", usage=req.t("u_thongbao")))
    lines = [req.t("s_bc_recent_head")]
    for b in rows:
        c = bc.counts(req.s, b)
        lines.append(req.t("s_bc_recent_line", id=b.id, status=bc.status_label(b.status), sent=c["sent"],
                           total=b.total or "—", text=clip(b.text, 60)))
    lines.append(req.t("s_bc_recent_tail"))
    return _say("\n".join(lines))


def cmd_publish(req: Request, args: str) -> list[Outbound]:
    sid, summary = _id(args)
    if sid is None:
        return _say(req.usage("doithoai_congbo"))
    r = bc.publish_session_results(req.s, req.profile, sid, summary=summary, now=req.now,
                                   created_by=getattr(req.staff, "id", None), progress_to=req.dest)
    already = req.t("s_pub_already", n=r["already"]) if r["already"] else ""
    lines = [req.t("s_pub_done", id=sid, sent=r["sent"], already=already)]
    if r["unreachable"]:
        lines.append(req.t("s_pub_unreachable", n=r["unreachable"]))
    if r["unanswered"]:
        lines.append(req.t("s_pub_unanswered", n=len(r["unanswered"]), codes=", ".join(r["unanswered"][:20])))
    if r["summary_broadcast"]:
        lines.append(req.t("s_pub_summary", id=r["summary_broadcast"]))
    return _say("\n".join(lines))


HANDLERS = {
    "thongbao": cmd_create,
    "thongbao_doithoai": cmd_session,
    "thongbao_gui": cmd_send,
    "thongbao_hen": cmd_schedule,
    "thongbao_huy": cmd_cancel,
    "thongbao_tt": cmd_status,
    "doithoai_congbo": cmd_publish,
}


def button(req: Request, payload: str) -> list[Outbound]:
    """``bc:send:<id>``, ``bc:sched:<id>``, ``bc:cancel:<id>``."""
    parts = payload.split(":")
    if len(parts) != 3 or not parts[2].isdigit():
        return _say(req.t("stale_button"))
    action, bid = parts[1], parts[2]
    if action == "send":
        return dispatch(req, "thongbao_gui", bid)
    if action == "cancel":
        return dispatch(req, "thongbao_huy", bid)
    if action == "sched":
        return _say(req.t("s_bc_schedule_hint", id=bid, example=_example_time(req.now)))
    return _say(req.t("stale_button"))


def _example_time(now: datetime) -> str:
    lt = local(now)
    return f"{lt.day:02d}/{lt.month:02d}/{lt.year} 08:00"


# ---------------------------------------------------------------------------------------------- entry points
def _request_from_ctx(ctx: Any) -> Request:
    msg = ctx.msg
    photo = next((a.file_id for a in getattr(msg, "attachments", []) or [] if a.kind == "photo"), None)
    return Request(s=ctx.s, profile=ctx.profile, staff=ctx.staff, now=ctx.now, channel=msg.channel,
                   chat=msg.chat_id or msg.user_id, photo=photo)


def handle_command(ctx: Any, name: str, args: str) -> list[Outbound]:
    """For the core: one of :data:`COMMANDS` typed by a staff member (runs in the core's transaction)."""
    return dispatch(_request_from_ctx(ctx), name, args)


def handle_button(ctx: Any, payload: str) -> list[Outbound]:
    """For the core: a pressed ``bc:…`` button."""
    return button(_request_from_ctx(ctx), payload)


def handle_announce_command(store: Any, profile: Any, staff: Any, args: str, now: datetime | None = None, *,
                            name: str = "thongbao", channel: str | None = None, chat_id: str | None = None,
                            photo: str | None = None) -> list[Outbound]:
    """Standalone: run a command in its own transaction. ``channel``/``chat_id`` say where progress goes
    (default: the staff member's own chat)."""
    with store.session() as s:
        req = Request(s=s, profile=profile, staff=staff, now=now or utcnow(),
                      channel=channel or getattr(staff, "channel", "console"),
                      chat=chat_id or getattr(staff, "channel_user_id", ""), photo=photo)
        if name.startswith("bc:"):
            return button(req, name)
        return dispatch(req, name, args)


def _register() -> None:
    """The commands join the staff command set; they run in the core's transaction."""
    from bot.core.commands import command

    for name, roles in COMMANDS.items():
        def run(ctx: Any, args: str, _name: str = name) -> None:
            ctx.replies.extend(handle_command(ctx, _name, args))

        command(name, roles=roles)(run)


_register()
