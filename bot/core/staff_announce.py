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
from zoneinfo import ZoneInfo

from bot.core.render import clip, fmt_datetime, parse_local
from bot.core.types import Outbound
from bot.services import announcements as bc
from storage import utcnow

TZ = ZoneInfo("Asia/Ho_Chi_Minh")
WRITERS = ("admin", "officer")

# name -> (usage, help, roles)
COMMANDS: dict[str, tuple[str, str, tuple[str, ...]]] = {
    "thongbao": ("/thongbao [#lĩnh_vực,…|@ID_buổi] nội dung", "Soạn thông báo gửi người đăng ký nhận tin", WRITERS),
    "thongbao_doithoai": ("/thongbao_doithoai ID_buổi [lời nhắn thêm]", "Soạn thông báo một buổi đối thoại", WRITERS),
    "thongbao_gui": ("/thongbao_gui ID", "Gửi ngay một thông báo", WRITERS),
    "thongbao_hen": ("/thongbao_hen ID dd/mm/yyyy HH:MM", "Hẹn giờ gửi thông báo", WRITERS),
    "thongbao_huy": ("/thongbao_huy ID", "Hủy thông báo", WRITERS),
    "thongbao_tt": ("/thongbao_tt [ID]", "Tình hình gửi thông báo", ("admin", "officer", "inspector")),
    "doithoai_congbo": ("/doithoai_congbo ID [tóm tắt kết quả]",
                        "Công bố kết quả đối thoại, gửi trả lời cho người đã hỏi", WRITERS),
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
    spec = COMMANDS.get(name)
    if spec is None:
        return _say(f"Không có lệnh /{name}.")
    if req.staff is None or getattr(req.staff, "role", None) not in spec[2]:
        return _say("Ông/Bà không có quyền dùng lệnh này.")
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
            return _say("Không có lĩnh vực: " + ", ".join(bad) + ". Các lĩnh vực: " + ", ".join(req.profile.topic_codes))
        audience, text = {"type": "topics", "topics": codes}, rest
    elif head.startswith("@") and head[1:].isdigit():
        session_id = int(head[1:])
        audience, text = {"type": "session", "session_id": session_id}, rest
    if not text.strip():
        return _say("Cách dùng: " + COMMANDS["thongbao"][0] + "\nVí dụ: /thongbao #chuyen_doi_so Sở tổ chức tập huấn…\n"
                    "@ID gửi cho người đã đăng ký câu hỏi buổi đối thoại ID; không ghi gì: gửi mọi người đăng ký nhận tin.")
    b = bc.create_announcement(req.s, text=text, photo=req.photo, session_id=session_id, audience=audience,
                               created_by=getattr(req.staff, "id", None), progress_to=req.dest)
    return bc.preview(req.s, b, req.profile)


def cmd_session(req: Request, args: str) -> list[Outbound]:
    sid, extra = _id(args)
    if sid is None:
        return _say("Cách dùng: " + COMMANDS["thongbao_doithoai"][0])
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
        raise bc.BroadcastError(("Không tìm thấy thông báo #" + str(bid)) if bid is not None
                                else "Cách dùng: " + COMMANDS[usage_key][0])
    return b, rest


def cmd_send(req: Request, args: str) -> list[Outbound]:
    b, _ = _get(req, args, "thongbao_gui")
    if b.status == "scheduled" and b.scheduled_at and b.scheduled_at <= req.now:
        return _say(f"Thông báo #{b.id} đang được đưa vào hàng gửi.")
    bc.send_now(req.s, b, req.now)
    b.progress_chat = b.progress_chat or req.dest.encode()
    n = bc.audience_count(req.s, b)
    return _say(f"🚀 Đang bắt đầu gửi thông báo #{b.id} tới {n} người. Tiến độ sẽ được cập nhật tại đây "
                f"(/thongbao_tt {b.id}).")


def cmd_schedule(req: Request, args: str) -> list[Outbound]:
    b, rest = _get(req, args, "thongbao_hen")
    when = parse_local(rest)
    if when is None:
        return _say("Cách dùng: " + COMMANDS["thongbao_hen"][0])
    bc.schedule(req.s, b, when, now=req.now)
    return _say(f"🕒 Đã hẹn gửi thông báo #{b.id} lúc {fmt_datetime(when)} tới {bc.audience_count(req.s, b)} người. "
                f"Hủy: /thongbao_huy {b.id}")


def cmd_cancel(req: Request, args: str) -> list[Outbound]:
    b, _ = _get(req, args, "thongbao_huy")
    was = b.status
    n = bc.cancel(req.s, b)
    if was == "sending":
        return _say(f"⏹ Đã dừng thông báo #{b.id}: hủy {n} tin chưa gửi.\n" + bc.progress_text(b, bc.counts(req.s, b)))
    return _say(f"Đã hủy thông báo #{b.id}.")


def cmd_status(req: Request, args: str) -> list[Outbound]:
    bid, _ = _id(args)
    if bid is not None:
        b, _ = _get(req, args, "thongbao_tt")
        return _say(bc.status_text(req.s, b, req.profile))
    rows = bc.recent(req.s, 10)
    if not rows:
        return _say("Chưa có thông báo nào. Soạn bằng: " + COMMANDS["thongbao"][0])
    lines = ["Thông báo gần đây:"]
    for b in rows:
        c = bc.counts(req.s, b)
        lines.append(f"• #{b.id} · {bc.status_label(b.status)} · đã gửi {c['sent']}/{b.total or '—'} · "
                     f"{clip(b.text, 60)}")
    lines.append("Chi tiết: /thongbao_tt ID")
    return _say("\n".join(lines))


def cmd_publish(req: Request, args: str) -> list[Outbound]:
    sid, summary = _id(args)
    if sid is None:
        return _say("Cách dùng: " + COMMANDS["doithoai_congbo"][0])
    r = bc.publish_session_results(req.s, req.profile, sid, summary=summary, now=req.now,
                                   created_by=getattr(req.staff, "id", None), progress_to=req.dest)
    already = f" ({r['already']} người đã nhận trước đó)" if r["already"] else ""
    lines = [f"✅ Đã công bố kết quả buổi đối thoại #{sid}: gửi {r['sent']} câu trả lời cho người hỏi{already}."]
    if r["unreachable"]:
        lines.append(f"⚠️ {r['unreachable']} người không liên lạc được qua kênh nhắn tin: cần gửi văn bản.")
    if r["unanswered"]:
        lines.append(f"⚠️ {len(r['unanswered'])} câu hỏi chưa có trả lời: {', '.join(r['unanswered'][:20])} "
                     "(/doithoai_tl MÃ_DT nội dung).")
    if r["summary_broadcast"]:
        lines.append(f"Tóm tắt kết quả đang được gửi tới người đăng ký nhận tin (thông báo #{r['summary_broadcast']}).")
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
        return _say("Nút không hợp lệ.")
    action, bid = parts[1], parts[2]
    if action == "send":
        return dispatch(req, "thongbao_gui", bid)
    if action == "cancel":
        return dispatch(req, "thongbao_huy", bid)
    if action == "sched":
        return _say(f"Gõ: /thongbao_hen {bid} dd/mm/yyyy HH:MM (giờ Việt Nam), ví dụ /thongbao_hen {bid} "
                    f"{_example_time(req.now)}")
    return _say("Nút không hợp lệ.")


def _example_time(now: datetime) -> str:
    lt = now.astimezone(TZ)
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

    for name, (_usage, _help, roles) in COMMANDS.items():
        def run(ctx: Any, args: str, _name: str = name) -> None:
            ctx.replies.extend(handle_command(ctx, _name, args))

        command(name, roles=roles)(run)


_register()
