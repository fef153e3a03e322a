"""Staff commands: the same set on every channel, role-checked on every call, recorded in the timeline."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from bot.core import notify
from bot.core.engine import Ctx
from bot.core.render import TZ, clip, fmt_date, fmt_datetime, fmt_short_date, parse_local
from bot.core.types import Button
from storage import dialogue, feedback, petitions, utcnow
from storage import staff as staff_repo
from storage.models import (
    OPEN_STATUSES,
    Petition,
    PetitionStatus,
    QuestionStatus,
    SessionStatus,
    StaffRole,
)

log = logging.getLogger(__name__)
B = Button

ALL = (StaffRole.admin, StaffRole.officer, StaffRole.inspector)
ADMIN = (StaffRole.admin,)
CONFIDENTIAL_ROLES = (StaffRole.admin, StaffRole.inspector)  # may see and handle tố cáo identities


@dataclass(frozen=True)
class Command:
    names: tuple[str, ...]
    roles: tuple[str, ...]
    usage: str
    help: str
    fn: Callable[[Ctx, str], None]


COMMANDS: dict[str, Command] = {}


def command(*names: str, roles: tuple[str, ...] = ALL, usage: str = "", help: str = ""):
    def deco(fn: Callable[[Ctx, str], None]) -> Callable[[Ctx, str], None]:
        cmd = Command(names, tuple(str(r) for r in roles), usage or f"/{names[0]}", help, fn)
        for n in names:
            COMMANDS[n] = cmd
        return fn

    return deco


def _command_name(text: str) -> tuple[str, str] | None:
    if not text.startswith("/"):
        return None
    head, _, rest = text[1:].partition(" ")
    name = head.split("@", 1)[0].lower()
    return name, rest.strip()


def wants_staff_handler(ctx: Ctx) -> bool:
    msg = ctx.msg
    if msg.payload and msg.payload.startswith(("s:", "bc:")):
        return True
    parsed = _command_name(msg.text)
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
        if msg.is_group and not (msg.payload or _command_name(msg.text)):
            return
        ctx.say("Xin lỗi, chức năng này chỉ dành cho cán bộ được phân quyền. Ông/Bà vẫn có thể gửi phản ánh, "
                "kiến nghị như thường.")
        return
    if msg.payload:
        _button(ctx, msg.payload)
        return
    parsed = _command_name(msg.text)
    if parsed:
        name, args = parsed
        cmd = COMMANDS.get(name)
        if cmd is None:
            ctx.say(f"Không có lệnh /{name}. Gõ /trogiup để xem các lệnh.")
            return
        if ctx.staff.role not in cmd.roles:
            ctx.say("Ông/Bà không có quyền dùng lệnh này.")
            return
        if ctx.state.state.startswith("staff."):
            ctx.reset()
        cmd.fn(ctx, args)
        return
    if ctx.state.state.startswith("staff."):
        _pending(ctx)
        return
    if msg.reply_to_ref and msg.text:
        ref = msg.reply_to_ref
        if ref.startswith("DT"):
            _answer_question(ctx, ref, msg.text)
        else:
            _answer(ctx, ref, msg.text)


# ============================================================================ helpers
def _petition(ctx: Ctx, code: str, *, act: bool = True) -> Petition | None:
    import intents

    code = intents.parse_code(code) or code.strip().upper()
    p = petitions.get_by_code(ctx.s, code) if code else None
    if p is None:
        ctx.say(f"Không tìm thấy hồ sơ {code or '(thiếu mã)'}.")
        return None
    if act and p.kind == "to_cao" and ctx.staff.role not in CONFIDENTIAL_ROLES:
        ctx.say("Hồ sơ tố cáo chỉ do lãnh đạo hoặc thanh tra xử lý.")
        return None
    return p


def _open(ctx: Ctx, p: Petition) -> bool:
    if p.status not in [str(s) for s in OPEN_STATUSES]:
        ctx.say(f"Hồ sơ {p.code} đang ở trạng thái \"{ctx.t('status_' + p.status)}\", không thể thao tác.")
        return False
    return True


def _actor(ctx: Ctx) -> dict[str, Any]:
    return {"actor": f"staff:{ctx.staff.id}", "staff_id": ctx.staff.id}


def _split_code(args: str) -> tuple[str, str]:
    code, _, rest = args.strip().partition(" ")
    return code, rest.strip()


def _template(ctx: Ctx, p: Petition, text: str) -> str:
    """`#key` uses the profile's answer template with that key."""
    if not text.startswith("#"):
        return text
    key, _, extra = text[1:].partition(" ")
    tpl = next((t for t in ctx.profile.answer_templates if t.key == key), None)
    if tpl is None:
        return text

    class _Keep(dict):
        def __missing__(self, k: str) -> str:
            return "{" + k + "}"

    values = _Keep(name=p.full_name or "Ông/Bà", code=p.code, agency=ctx.profile.name, date=fmt_short_date(ctx.now),
                   department=(ctx.profile.department(p.department_code) or ctx.profile.departments[0]).name,
                   hotline=ctx.profile.hotline, target=p.forwarded_to or "", reason=extra)
    body = tpl.text.format_map(values)
    return f"{body}\n{extra}".strip() if extra and "{reason}" not in tpl.text else body


# ============================================================================ buttons and pending input
PENDING_PROMPTS = {
    "ans": ("staff.answer", "Nhập nội dung trả lời cho {code} (có thể dùng mẫu: #khoa_mau). Gõ /huy để thôi."),
    "info": ("staff.info", "Nhập nội dung cần người dân bổ sung cho {code}."),
    "fwd": ("staff.fwd", "Nhập tên cơ quan có thẩm quyền sẽ nhận hồ sơ {code}."),
    "rej": ("staff.rej", "Nhập lý do không tiếp nhận hồ sơ {code}."),
    "qans": ("staff.qans", "Nhập nội dung trả lời câu hỏi {code}."),
}


def _button(ctx: Ctx, payload: str) -> None:
    if payload.startswith("bc:"):
        _announce(ctx, payload)
        return
    parts = payload.split(":")
    if len(parts) < 3:
        ctx.say(ctx.t("stale_button"))
        return
    action, code = parts[1], parts[2]
    if action == "take":
        _take(ctx, code)
    elif action == "view":
        cmd_view(ctx, code)
    elif action == "route":
        p = _petition(ctx, code)
        if p and _open(ctx, p):
            ctx.say(f"Chuyển {p.code} tới phòng nào?",
                    [[B(d.name, f"s:rt:{p.code}:{d.code}")] for d in ctx.profile.departments])
    elif action == "rt" and len(parts) == 4:
        _route(ctx, code, parts[3])
    elif action in PENDING_PROMPTS:
        if action == "qans":
            if dialogue.get_question(ctx.s, code) is None:
                ctx.say(f"Không tìm thấy câu hỏi {code}.")
                return
        else:
            p = _petition(ctx, code)
            if p is None or not _open(ctx, p):
                return
        state, prompt = PENDING_PROMPTS[action]
        ctx.goto(state, staff_code=code)
        ctx.say(prompt.format(code=code))
    else:
        ctx.say(ctx.t("stale_button"))


def _pending(ctx: Ctx) -> None:
    state, code, text = ctx.state.state, ctx.slots.get("staff_code", ""), ctx.msg.text
    if not text:
        ctx.say("Xin nhập nội dung bằng chữ, hoặc /huy để thôi.")
        return
    if text.lower() in ("/huy", "huy", "hủy"):
        ctx.reset()
        ctx.say("Đã hủy.")
        return
    ctx.reset()
    {"staff.answer": _answer, "staff.info": _ask_info, "staff.fwd": _forward, "staff.rej": _reject,
     "staff.qans": _answer_question}.get(state, lambda c, a, b: c.say("Đã hủy."))(ctx, code, text)


# ============================================================================ petition actions
def _transition(ctx: Ctx, code: str, status: str, action: str, done: str, *, tell_citizen: bool = True,
                notice: dict[str, Any] | None = None, **fields: Any) -> Petition | None:
    """One staff action on an open petition: status, timeline, citizen notice, card edit, reply."""
    p = _petition(ctx, code)
    if p is None or not _open(ctx, p):
        return None
    petitions.set_status(ctx.s, p, status, action=action, **_actor(ctx), **fields)
    if tell_citizen:
        notify.petition_status_to_citizen(ctx, p, status, **(notice or {}))
    notify.card_update(ctx, p)
    ctx.say(done.format(code=p.code))
    return p


def _take(ctx: Ctx, code: str) -> None:
    _transition(ctx, code, PetitionStatus.in_progress, "taken", f"Ông/Bà {ctx.staff.name} đã nhận xử lý {{code}}.",
                assignee_id=ctx.staff.id, note=ctx.staff.name)


def _route(ctx: Ctx, code: str, dept_code: str) -> None:
    dept = ctx.profile.department(dept_code)
    if dept is None:
        ctx.say(f"Không có phòng '{dept_code}'. Các phòng: " + ", ".join(d.code for d in ctx.profile.departments))
        return
    p = _petition(ctx, code)
    if p is None:
        return
    status = PetitionStatus.assigned if p.status == PetitionStatus.received else p.status
    _transition(ctx, code, status, "routed", f"Đã chuyển {{code}} tới {dept.name}.", tell_citizen=False,
                department_code=dept.code, note=dept.name)


def _answer(ctx: Ctx, code: str, text: str) -> None:
    if len(text.strip()) < 5:
        ctx.say("Nội dung trả lời quá ngắn.")
        return
    p = _petition(ctx, code)
    if p is None:
        return
    _transition(ctx, code, PetitionStatus.answered, "answered", "Đã gửi trả lời {code} tới người dân.",
                answer=_template(ctx, p, text.strip()), answered_at=utcnow(),
                assignee_id=p.assignee_id or ctx.staff.id)


def _ask_info(ctx: Ctx, code: str, text: str) -> None:
    _transition(ctx, code, PetitionStatus.needs_info, "needs_info",
                "Đã đề nghị người dân bổ sung thông tin cho {code}.", notice={"question": text}, note=text)


def _forward(ctx: Ctx, code: str, target: str) -> None:
    _transition(ctx, code, PetitionStatus.forwarded, "forwarded",
                f"Đã chuyển {{code}} tới {target} và báo cho người dân.", forwarded_to=clip(target, 300),
                closed_at=utcnow(), note=target)


def _reject(ctx: Ctx, code: str, reason: str) -> None:
    p = _petition(ctx, code)
    if p is None:
        return
    reason = _template(ctx, p, reason)
    _transition(ctx, code, PetitionStatus.rejected, "rejected", "Đã từ chối {code} và báo lý do cho người dân.",
                reject_reason=reason, closed_at=utcnow(), note=reason)


# ============================================================================ commands
@command("hopthu", "inbox", usage="/hopthu [trạng thái] [mã phòng] [quahan] [cuatoi]",
         help="Danh sách hồ sơ đang mở, lọc theo trạng thái, phòng, quá hạn, của tôi")
def cmd_inbox(ctx: Ctx, args: str) -> None:
    statuses, dept, overdue, mine = None, None, False, False
    for word in args.lower().split():
        if word in [s.value for s in PetitionStatus]:
            statuses = [word]
        elif word in ("quahan", "overdue", "quá_hạn"):
            overdue = True
        elif word in ("cuatoi", "mine"):
            mine = True
        elif ctx.profile.department(word):
            dept = word
        else:
            ctx.say(f"Không hiểu bộ lọc '{word}'. Cách dùng: {COMMANDS['hopthu'].usage}")
            return
    rows = petitions.inbox(ctx.s, statuses=statuses, department=dept, overdue_before=ctx.today if overdue else None,
                           assignee_id=ctx.staff.id if mine else None, limit=30)
    if not rows:
        ctx.say("Không có hồ sơ nào phù hợp.")
        return
    lines = [f"Hộp thư ({len(rows)} hồ sơ):"]
    for p in rows:
        late = " ⏰QUÁ HẠN" if p.due_date and p.due_date < ctx.today else ""
        urgent = " ⚠️" if p.urgent else ""
        lines.append(f"• {p.code}{urgent}{late} · {ctx.profile.kind(p.kind).name} · {ctx.profile.topic(p.topic).name} · "
                     f"{ctx.t('status_' + p.status)} · hạn {fmt_short_date(p.due_date)}")
    ctx.say("\n".join(lines), [[B(f"Xem {p.code}", f"s:view:{p.code}")] for p in rows[:5]])


@command("xem", "view", usage="/xem MÃ", help="Xem hồ sơ và toàn bộ diễn biến")
def cmd_view(ctx: Ctx, args: str) -> None:
    if args.strip().upper().startswith("DT"):
        q = dialogue.get_question(ctx.s, args.strip().upper())
        if q is None:
            ctx.say(f"Không tìm thấy câu hỏi {args.strip()}.")
            return
        ctx.say(notify.question_card(ctx.core, q, dialogue.get_session(ctx.s, q.session_id)).text)
        return
    p = _petition(ctx, args, act=False)
    if p is None:
        return
    card = notify.petition_card(ctx.core, p)
    lines = [card.text, "", "Diễn biến:"]
    for ev in petitions.events(ctx.s, p.id):
        who = ev.actor
        if ev.staff_id:
            st = staff_repo.get_by_id(ctx.s, ev.staff_id)
            who = st.name if st else who
        elif p.confidential and ev.actor == "citizen":
            who = "người gửi"
        note = f" — {clip(ev.note, 200)}" if ev.note and not (p.confidential and ev.action == "identity_viewed") else ""
        lines.append(f"• {fmt_datetime(ev.at)} · {ev.action} · {who}{note}")
    allowed = p.kind != "to_cao" or ctx.staff.role in CONFIDENTIAL_ROLES
    ctx.say("\n".join(lines), card.buttons if allowed else None)


@command("nhan", "take", usage="/nhan MÃ", help="Nhận xử lý hồ sơ")
def cmd_take(ctx: Ctx, args: str) -> None:
    _take(ctx, args.strip())


@command("giao", "assign", usage="/giao MÃ CÁN_BỘ(id hoặc tên)", help="Giao hồ sơ cho cán bộ")
def cmd_assign(ctx: Ctx, args: str) -> None:
    code, who = _split_code(args)
    p = _petition(ctx, code)
    if p is None or not _open(ctx, p):
        return
    st = staff_repo.find(ctx.s, who) if who else None
    if st is None:
        ctx.say(f"Không tìm thấy cán bộ '{who}'. Cách dùng: {COMMANDS['giao'].usage}")
        return
    if p.kind == "to_cao" and st.role not in CONFIDENTIAL_ROLES:
        ctx.say("Hồ sơ tố cáo chỉ được giao cho lãnh đạo hoặc thanh tra.")
        return
    petitions.set_status(ctx.s, p, PetitionStatus.assigned, action="assigned", assignee_id=st.id, note=st.name,
                         **_actor(ctx))
    notify.card_update(ctx, p)
    from bot.core.types import Outbound
    from storage import outbox

    outbox.enqueue(ctx.s, channel=st.channel, recipient=st.channel_user_id, purpose="staff", ref=p.code,
                   payload=Outbound(f"Ông/Bà được giao xử lý {p.code} (hạn {fmt_date(p.due_date)}). "
                                    f"Gõ /xem {p.code} để xem.").to_payload())
    ctx.say(f"Đã giao {p.code} cho {st.name}.")


@command("chuyen", "route", usage="/chuyen MÃ MÃ_PHÒNG", help="Chuyển hồ sơ tới phòng chuyên môn")
def cmd_route(ctx: Ctx, args: str) -> None:
    code, dept = _split_code(args)
    if not dept:
        ctx.say("Cách dùng: /chuyen MÃ MÃ_PHÒNG. Các phòng: " + ", ".join(d.code for d in ctx.profile.departments))
        return
    _route(ctx, code, dept)


def _with_text(usage: str, fn: Callable[[Ctx, str, str], None]) -> Callable[[Ctx, str], None]:
    def run(ctx: Ctx, args: str) -> None:
        code, text = _split_code(args)
        if not code or not text:
            ctx.say(f"Cách dùng: {usage}")
            return
        fn(ctx, code, text)

    return run


command("traloi", "answer", usage="/traloi MÃ nội dung (hoặc #mẫu)", help="Trả lời người dân (gửi ngay)")(
    _with_text("/traloi MÃ nội dung", _answer))
command("bosung", "askinfo", usage="/bosung MÃ nội dung cần bổ sung", help="Đề nghị người dân bổ sung")(
    _with_text("/bosung MÃ nội dung", _ask_info))
command("chuyencq", "forward", usage="/chuyencq MÃ tên cơ quan", help="Chuyển cơ quan có thẩm quyền")(
    _with_text("/chuyencq MÃ tên cơ quan", _forward))
command("tuchoi", "reject", usage="/tuchoi MÃ lý do", help="Không tiếp nhận, nêu lý do")(
    _with_text("/tuchoi MÃ lý do", _reject))


@command("phanloai", "reclassify", usage="/phanloai MÃ LOẠI [LĨNH_VỰC]", help="Sửa loại/lĩnh vực (dùng để dạy lại NLU)")
def cmd_reclassify(ctx: Ctx, args: str) -> None:
    words = args.split()
    if len(words) < 2:
        ctx.say("Cách dùng: /phanloai MÃ LOẠI [LĨNH_VỰC]. Loại: " + ", ".join(k.code for k in ctx.profile.kinds)
                + ". Lĩnh vực: " + ", ".join(ctx.profile.topic_codes))
        return
    p = _petition(ctx, words[0])
    if p is None:
        return
    kind, topic = p.kind, p.topic
    for w in words[1:]:
        if w in {k.code for k in ctx.profile.kinds}:
            kind = w
        elif w in ctx.profile.topic_codes:
            topic = w
        else:
            ctx.say(f"'{w}' không phải loại hay lĩnh vực hợp lệ.")
            return
    if (kind, topic) == (p.kind, p.topic):
        ctx.say("Phân loại không thay đổi.")
        return
    feedback.add(ctx.s, petition_id=p.id, text=p.content, old_kind=p.kind, new_kind=kind, old_topic=p.topic,
                 new_topic=topic, staff_id=ctx.staff.id)
    fields: dict[str, Any] = {"kind": kind, "topic": topic, "confidential": p.confidential or kind == "to_cao"}
    if kind != p.kind:
        fields["due_date"] = ctx.core.calendar.due_date(p.created_at.astimezone(TZ).date(), ctx.profile.deadlines[kind])
    petitions.set_status(ctx.s, p, p.status, action="reclassified", note=f"{p.kind}/{p.topic} → {kind}/{topic}",
                         **_actor(ctx), **fields)
    notify.card_update(ctx, p)
    ctx.say(f"Đã phân loại lại {p.code}: {ctx.profile.kind(kind).name} · {ctx.profile.topic(topic).name}.")


@command("dong", "close", usage="/dong MÃ", help="Đóng hồ sơ đã trả lời")
def cmd_close(ctx: Ctx, args: str) -> None:
    p = _petition(ctx, args)
    if p is None:
        return
    if p.status not in (PetitionStatus.answered, *OPEN_STATUSES):
        ctx.say(f"Hồ sơ {p.code} đã kết thúc.")
        return
    petitions.set_status(ctx.s, p, PetitionStatus.closed, action="closed", closed_at=utcnow(), **_actor(ctx))
    notify.petition_status_to_citizen(ctx, p, PetitionStatus.closed)
    notify.card_update(ctx, p)
    ctx.say(f"Đã đóng {p.code}.")


@command("danhtinh", "identity", roles=CONFIDENTIAL_ROLES, usage="/danhtinh MÃ",
         help="Xem danh tính người gửi hồ sơ mật (được ghi nhật ký)")
def cmd_identity(ctx: Ctx, args: str) -> None:
    p = _petition(ctx, args)
    if p is None:
        return
    petitions.add_event(ctx.s, p, action="identity_viewed", public=False, **_actor(ctx))
    if p.anonymous:
        ctx.say(f"{p.code} là tố cáo ẩn danh.")
        return
    reply = ctx.say(f"🔒 {p.code} — thông tin mật, không chia sẻ:\nHọ tên: {p.full_name or '—'}\n"
                    f"Điện thoại: {p.phone or '—'}\nĐịa chỉ: {p.address or '—'}\nThư điện tử: {p.email or '—'}")
    if ctx.msg.is_group:  # never in the group: sent privately to the person who asked
        reply.chat_id = ctx.msg.user_id
        ctx.say("Đã gửi thông tin danh tính vào tin nhắn riêng của Ông/Bà.")


@command("thongke", "stats", usage="/thongke [ngày]", help="Thống kê nhanh (mặc định: từ đầu quý)")
def cmd_stats(ctx: Ctx, args: str) -> None:
    today = ctx.today
    if args.strip().isdigit():
        since_day = today - timedelta(days=int(args.strip()))
        label = f"{args.strip()} ngày qua"
    else:
        since_day = today.replace(month=(today.month - 1) // 3 * 3 + 1, day=1)
        label = f"quý {(today.month - 1) // 3 + 1}/{today.year}"
    since = datetime(since_day.year, since_day.month, since_day.day, tzinfo=TZ).astimezone(UTC)
    st = petitions.stats(ctx.s, since=since)
    overdue = len(petitions.inbox(ctx.s, overdue_before=today, limit=10000))
    kinds = ", ".join(f"{ctx.profile.kind(k).name}: {n}" for k, n in sorted(st["by_kind"].items())) or "—"
    statuses = ", ".join(f"{ctx.t('status_' + k)}: {n}" for k, n in sorted(st["by_status"].items())) or "—"
    r = st["ratings"]
    rated = st["rating_count"]
    sat = f"{100 * r.get(3, 0) / rated:.0f}% hài lòng ({rated} đánh giá)" if rated else "chưa có đánh giá"
    on_time = f"{100 * st['on_time'] / st['answered']:.0f}%" if st["answered"] else "—"
    ctx.say(f"📊 Thống kê {label}\nTổng số: {st['total']}\nTheo loại: {kinds}\nTheo trạng thái: {statuses}\n"
            f"Đã trả lời: {st['answered']} (đúng hạn {on_time})\nĐang quá hạn: {overdue}\nMức độ hài lòng: {sat}")


@command("mau", "templates", usage="/mau", help="Các mẫu trả lời (dùng: /traloi MÃ #khóa)")
def cmd_templates(ctx: Ctx, args: str) -> None:
    tpls = ctx.profile.answer_templates
    if not tpls:
        ctx.say("Hồ sơ cơ quan chưa có mẫu trả lời.")
        return
    ctx.say("Mẫu trả lời:\n" + "\n".join(f"• #{t.key} — {t.title}" for t in tpls))


# ---------------------------------------------------------------------------- dialogue sessions
@command("doithoai", "sessions", usage="/doithoai", help="Danh sách buổi đối thoại")
def cmd_sessions(ctx: Ctx, args: str) -> None:
    rows = dialogue.all_sessions(ctx.s)
    if not rows:
        ctx.say("Chưa có buổi đối thoại nào. Tạo bằng: " + COMMANDS["doithoai_tao"].usage)
        return
    lines = ["Các buổi đối thoại:"]
    for ds in rows:
        qs = dialogue.questions_for_session(ctx.s, ds.id)
        lines.append(f"• #{ds.id} {ds.title} · {fmt_datetime(ds.starts_at)} · {ds.status} · {len(qs)} câu hỏi")
    ctx.say("\n".join(lines))


@command("doithoai_tao", "session_new", roles=(StaffRole.admin, StaffRole.officer),
         usage="/doithoai_tao Tiêu đề | dd/mm/yyyy HH:MM | Địa điểm | [hạn đăng ký dd/mm/yyyy HH:MM] | [số chỗ]",
         help="Tạo buổi đối thoại")
def cmd_session_new(ctx: Ctx, args: str) -> None:
    parts = [x.strip() for x in args.split("|")]
    if len(parts) < 2 or not parts[0]:
        ctx.say("Cách dùng: " + COMMANDS["doithoai_tao"].usage)
        return
    starts = parse_local(parts[1])
    if starts is None or starts <= ctx.now:
        ctx.say("Thời gian bắt đầu chưa đúng hoặc đã qua (dạng dd/mm/yyyy HH:MM).")
        return
    place = parts[2] if len(parts) > 2 and parts[2] else ctx.profile.dialogue.place
    deadline = parse_local(parts[3]) if len(parts) > 3 and parts[3] else starts - timedelta(days=2)
    if deadline is None or deadline > starts:
        ctx.say("Hạn đăng ký chưa đúng (phải trước giờ bắt đầu).")
        return
    capacity = int(parts[4]) if len(parts) > 4 and parts[4].isdigit() else None
    ds = dialogue.create_session(ctx.s, title=clip(parts[0], 300), host=ctx.profile.dialogue.host, starts_at=starts,
                                 place=place, registration_deadline=deadline, capacity=capacity)
    lines = [f"Đã tạo buổi đối thoại #{ds.id}: {ds.title}, {fmt_datetime(starts)}, {place}."]
    days = (starts - ctx.now).days
    min_days = ctx.profile.dialogue.announce_days_before
    if days < min_days:
        lines.append(f"⚠️ Chỉ còn {days} ngày: pháp luật yêu cầu thông báo công khai ít nhất {min_days} ngày trước "
                     "buổi đối thoại (Luật Tổ chức chính quyền địa phương 2025, Điều 43).")
    lines.append(f"Đề xuất gửi thông báo tới người đăng ký nhận tin: /thongbao_doithoai {ds.id}")
    ctx.say("\n".join(lines))


@command("doithoai_sua", "session_edit", roles=(StaffRole.admin, StaffRole.officer),
         usage="/doithoai_sua ID trường=giá trị (trường: tieude, thoigian, diadiem, handangky, socho, chutri)",
         help="Sửa buổi đối thoại")
def cmd_session_edit(ctx: Ctx, args: str) -> None:
    sid, _, rest = args.strip().partition(" ")
    ds = dialogue.get_session(ctx.s, int(sid)) if sid.isdigit() else None
    if ds is None or "=" not in rest:
        ctx.say("Cách dùng: " + COMMANDS["doithoai_sua"].usage)
        return
    field, _, value = rest.partition("=")
    field, value = field.strip(), value.strip()
    mapping = {"tieude": "title", "diadiem": "place", "chutri": "host"}
    if field in mapping:
        dialogue.update_session(ctx.s, ds, **{mapping[field]: clip(value, 300)})
    elif field in ("thoigian", "handangky"):
        when = parse_local(value)
        if when is None:
            ctx.say("Thời gian chưa đúng (dd/mm/yyyy HH:MM).")
            return
        dialogue.update_session(ctx.s, ds, **{"starts_at" if field == "thoigian" else "registration_deadline": when})
    elif field == "socho":
        dialogue.update_session(ctx.s, ds, capacity=int(value) if value.isdigit() else None)
    else:
        ctx.say("Không có trường này. " + COMMANDS["doithoai_sua"].usage)
        return
    ctx.say(f"Đã cập nhật buổi đối thoại #{ds.id}.")


@command("doithoai_huy", "session_cancel", roles=(StaffRole.admin, StaffRole.officer), usage="/doithoai_huy ID [lý do]",
         help="Hủy buổi đối thoại (báo người đã đăng ký)")
def cmd_session_cancel(ctx: Ctx, args: str) -> None:
    sid, _, reason = args.strip().partition(" ")
    ds = dialogue.get_session(ctx.s, int(sid)) if sid.isdigit() else None
    if ds is None or ds.status == SessionStatus.cancelled:
        ctx.say("Không tìm thấy buổi đối thoại đang mở với mã này.")
        return
    dialogue.update_session(ctx.s, ds, status=SessionStatus.cancelled)
    from bot.core.types import Outbound

    n = 0
    for q in dialogue.questions_for_session(ctx.s, ds.id):
        text = (f"Buổi đối thoại \"{ds.title}\" ({fmt_datetime(ds.starts_at)}) đã bị hủy. {reason}".strip()
                + f" Câu hỏi {q.code} của Ông/Bà vẫn được ghi nhận và sẽ được trả lời bằng văn bản.")
        if notify.to_citizen(ctx, q.citizen_id, Outbound(text), ref=q.code):
            n += 1
    ctx.say(f"Đã hủy buổi #{ds.id} và báo cho {n} người đã đăng ký.")


@command("doithoai_ds", "session_questions", usage="/doithoai_ds ID", help="Câu hỏi đã đăng ký của một buổi")
def cmd_session_questions(ctx: Ctx, args: str) -> None:
    ds = dialogue.get_session(ctx.s, int(args.strip())) if args.strip().isdigit() else None
    if ds is None:
        ctx.say("Cách dùng: /doithoai_ds ID")
        return
    qs = dialogue.questions_for_session(ctx.s, ds.id)
    if not qs:
        ctx.say(f"Buổi #{ds.id} chưa có câu hỏi nào.")
        return
    lines = [f"Câu hỏi buổi #{ds.id} — {ds.title} ({len(qs)}):"]
    for q in qs:
        mode = "trực tiếp" if q.attend_in_person else "văn bản"
        lines.append(f"• {q.code} · {q.full_name or '—'}{' (' + q.organisation + ')' if q.organisation else ''} · "
                     f"{mode} · {ctx.t('qstatus_' + q.status)}\n  {clip(q.question, 300)}")
    ctx.say("\n".join(lines))


def _answer_question(ctx: Ctx, code: str, text: str) -> None:
    q = dialogue.get_question(ctx.s, code.strip().upper())
    if q is None:
        ctx.say(f"Không tìm thấy câu hỏi {code}.")
        return
    dialogue.update_question(ctx.s, q, answer=text.strip(), answered_at=utcnow(), answered_by=ctx.staff.id,
                             status=QuestionStatus.answered)
    from bot.core.types import Outbound

    notify.to_citizen(ctx, q.citizen_id, Outbound(ctx.t("n_question_answered", code=q.code, answer=q.answer)),
                      ref=q.code)
    notify.question_card_update(ctx, q, dialogue.get_session(ctx.s, q.session_id))
    ctx.say(f"Đã gửi trả lời câu hỏi {q.code}.")


command("doithoai_tl", "qanswer", usage="/doithoai_tl MÃ_DT nội dung", help="Trả lời câu hỏi đối thoại (gửi ngay)")(
    _with_text("/doithoai_tl MÃ_DT nội dung", _answer_question))


@command("diemdanh", "checkin", usage="/diemdanh MÃ_DT", help="Ghi nhận người đến dự (kiểm tra mã tại cửa)")
def cmd_checkin(ctx: Ctx, args: str) -> None:
    import intents

    code = intents.parse_code(args) or args.strip().upper()
    q = dialogue.get_question(ctx.s, code)
    if q is None:
        ctx.say(f"Mã {code} không hợp lệ: không có đăng ký nào như vậy.")
        return
    if q.checked_in_at:
        ctx.say(f"{q.code} đã điểm danh lúc {fmt_datetime(q.checked_in_at)}.")
        return
    status = q.status if q.status == QuestionStatus.answered else QuestionStatus.attended
    dialogue.update_question(ctx.s, q, checked_in_at=utcnow(), status=status)
    ctx.say(f"✅ {q.code}: {q.full_name or '—'} đã điểm danh.")


@command("doithoai_xong", "session_held", roles=(StaffRole.admin, StaffRole.officer), usage="/doithoai_xong ID",
         help="Ghi nhận buổi đối thoại đã diễn ra (bắt đầu hạn 10 ngày công bố kết quả)")
def cmd_session_held(ctx: Ctx, args: str) -> None:
    ds = dialogue.get_session(ctx.s, int(args.strip())) if args.strip().isdigit() else None
    if ds is None:
        ctx.say("Cách dùng: /doithoai_xong ID")
        return
    dialogue.update_session(ctx.s, ds, status=SessionStatus.held, held_at=utcnow())
    deadline = ctx.today + timedelta(days=ctx.profile.dialogue.publish_days_after)
    open_q = [q for q in dialogue.questions_for_session(ctx.s, ds.id) if not q.answer]
    ctx.say(f"Đã ghi nhận buổi #{ds.id} đã diễn ra. Hạn công bố kết quả: {fmt_date(deadline)}. "
            f"Còn {len(open_q)} câu hỏi chưa có trả lời (/doithoai_ds {ds.id}).")


# ---------------------------------------------------------------------------- staff management
@command("canbo", "staff", roles=ADMIN, usage="/canbo", help="Danh sách cán bộ")
def cmd_staff(ctx: Ctx, args: str) -> None:
    rows = staff_repo.list_active(ctx.s)
    ctx.say("Cán bộ:\n" + "\n".join(f"• #{s.id} {s.name} · {s.role} · {s.channel}:{s.channel_user_id}"
                                     f"{' · ' + ','.join(s.departments) if s.departments else ''}" for s in rows))


@command("canbo_them", "staff_add", roles=ADMIN,
         usage="/canbo_them kênh:mã_người_dùng vai_trò Họ tên [#phòng1,phòng2] (vai trò: admin, officer, inspector)",
         help="Thêm cán bộ")
def cmd_staff_add(ctx: Ctx, args: str) -> None:
    words = args.split()
    depts: list[str] = []
    if words and words[-1].startswith("#"):
        depts = [d for d in words.pop()[1:].split(",") if d]
    if len(words) < 3 or ":" not in words[0] or words[1] not in [r.value for r in StaffRole]:
        ctx.say("Cách dùng: " + COMMANDS["canbo_them"].usage)
        return
    bad = [d for d in depts if ctx.profile.department(d) is None]
    if bad:
        ctx.say("Không có phòng: " + ", ".join(bad))
        return
    channel, _, uid = words[0].partition(":")
    st = staff_repo.add(ctx.s, channel=channel, user_id=uid, name=" ".join(words[2:]), role=words[1], departments=depts)
    ctx.say(f"Đã thêm cán bộ #{st.id} {st.name} ({st.role}).")


@command("canbo_xoa", "staff_remove", roles=ADMIN, usage="/canbo_xoa ID", help="Ngừng quyền cán bộ")
def cmd_staff_remove(ctx: Ctx, args: str) -> None:
    st = staff_repo.get_by_id(ctx.s, int(args.strip())) if args.strip().isdigit() else None
    if st is None or not st.active:
        ctx.say("Cách dùng: /canbo_xoa ID")
        return
    if st.id == ctx.staff.id:
        ctx.say("Không thể tự ngừng quyền của chính mình.")
        return
    staff_repo.deactivate(ctx.s, st)
    ctx.say(f"Đã ngừng quyền cán bộ #{st.id} {st.name}.")


@command("trogiup", "staffhelp", usage="/trogiup", help="Các lệnh dành cho cán bộ")
def cmd_help(ctx: Ctx, args: str) -> None:
    seen: set[str] = set()
    lines = ["Lệnh dành cho cán bộ:"]
    for cmd in COMMANDS.values():
        if cmd.names[0] in seen or ctx.staff.role not in cmd.roles:
            continue
        seen.add(cmd.names[0])
        lines.append(f"• {cmd.usage} — {cmd.help}")
    lines.append("Trả lời trực tiếp vào thẻ hồ sơ cũng là gửi trả lời cho người dân.")
    ctx.say("\n".join(lines))


# ---------------------------------------------------------------------------- announcements (delivery engine)
def _announce(ctx: Ctx, payload: str) -> None:
    from bot.delivery import announce_commands

    ctx.replies.extend(announce_commands.handle_button(ctx, payload))


def _register_announce_commands() -> None:
    """/thongbao… and /doithoai_congbo live with the delivery engine; they run in the core's transaction."""
    from bot.delivery import announce_commands

    for name, (usage, help_text, roles) in announce_commands.COMMANDS.items():
        def run(ctx: Ctx, args: str, _name: str = name) -> None:
            ctx.replies.extend(announce_commands.handle_command(ctx, _name, args))

        command(name, roles=roles, usage=usage, help=help_text)(run)


_register_announce_commands()


def staff_command_menu() -> list[tuple[str, str]]:
    """(command, description) for channels that show a command menu to staff."""
    seen: set[str] = set()
    out = []
    for cmd in COMMANDS.values():
        if cmd.names[0] not in seen:
            seen.add(cmd.names[0])
            out.append((cmd.names[0], cmd.help[:256] or cmd.names[0]))
    return out
