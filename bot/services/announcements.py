"""Announcements and reminders to many citizens, with progress reports for staff.

Every function takes the caller's database session ``s`` (``with store.session() as s`` or the
core's ``ctx.s``), so the staff command and its effects commit together.

Life of a broadcast::

    create_announcement (draft) → preview → send_now / schedule (scheduled)
        → start (scheduler, when due: one outbox row per recipient, status sending)
        → update_progress … → finish_if_done (done, final report)
    cancel: from draft, scheduled or sending (rows not yet taken are cancelled)

Expansion is idempotent: each row has ``dedupe_key = f"b{broadcast_id}:{citizen_id}"``.
Staff follow the sending in one message edited in place (``ref = f"BC-{id}"``, purpose
``progress``), then get a final delivery report (purpose ``report``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from bot.core.render import clip, fmt_date, fmt_datetime, local
from bot.core.texts import Catalog
from bot.core.types import Attachment, Button, Outbound
from storage import broadcasts as repo
from storage import dialogue, jobs, outbox, utcnow
from storage.models import Broadcast, DialogueSession, OutboxStatus, SessionStatus

PROGRESS_EVERY = timedelta(seconds=5)
CODE_PLACEHOLDER = "{ma_dang_ky}"  # replaced by the recipient's registration codes (session audience)


class BroadcastError(ValueError):
    """A request staff can fix (shown to them as is, in Vietnamese)."""


@dataclass(frozen=True, slots=True)
class Destination:
    channel: str
    chat: str

    def encode(self) -> str:
        return f"{self.channel}:{self.chat}"

    @classmethod
    def decode(cls, value: str | None) -> Destination | None:
        if not value or ":" not in value:
            return None
        channel, _, chat = value.partition(":")
        return cls(channel, chat)


def ref_of(b: Broadcast) -> str:
    return f"BC-{b.id}"


# ---------------------------------------------------------------------------------------------- drafts
def create_announcement(
    s: Any,
    *,
    text: str,
    photo: str | None = None,
    session_id: int | None = None,
    audience: dict[str, Any] | None = None,
    created_by: int | None = None,
    progress_to: Destination | tuple[str, str] | None = None,
) -> Broadcast:
    """A draft announcement. ``audience``: ``{"type": "all"}`` (default), ``{"type": "topics",
    "topics": [...]}`` or ``{"type": "session", "session_id": N}`` (registrants of a session)."""
    text = (text or "").strip()
    if not text:
        raise BroadcastError("Nội dung thông báo đang trống.")
    if len(text) > 3500:
        raise BroadcastError(f"Nội dung quá dài ({len(text)} ký tự, tối đa 3500).")
    audience = dict(audience or {"type": "all"})
    if audience.get("type") not in ("all", "topics", "session"):
        raise BroadcastError("Đối tượng nhận không hợp lệ.")
    if audience["type"] == "topics" and not audience.get("topics"):
        raise BroadcastError("Cần ít nhất một lĩnh vực.")
    if audience["type"] == "session":
        session_id = session_id or audience.get("session_id")
        if session_id is None:
            raise BroadcastError("Cần mã buổi đối thoại.")
        audience["session_id"] = int(session_id)
    if session_id is not None and dialogue.get_session(s, int(session_id)) is None:
        raise BroadcastError(f"Không có buổi đối thoại #{session_id}.")
    if isinstance(progress_to, tuple):
        progress_to = Destination(*progress_to)
    return repo.create(s, text=text, photo=photo, session_id=session_id, audience=audience, created_by=created_by,
                       progress_chat=progress_to.encode() if progress_to else None)


def get(s: Any, broadcast_id: int) -> Broadcast | None:
    return repo.get(s, broadcast_id)


def recipients(s: Any, b: Broadcast) -> list[repo.Recipient]:
    return repo.audience(s, b.audience or {"type": "all"}, b.session_id)


def audience_count(s: Any, b: Broadcast) -> int:
    return len(recipients(s, b))


def audience_label(profile: Any, b: Broadcast, session: DialogueSession | None = None) -> str:
    a = b.audience or {}
    if a.get("type") == "topics":
        names = [profile.topic(t).name if profile else t for t in a.get("topics", [])]
        return "người đăng ký nhận tin quan tâm: " + ", ".join(names)
    if a.get("type") == "session":
        title = f" “{clip(session.title, 80)}”" if session else ""
        return f"người đã đăng ký câu hỏi buổi đối thoại #{a.get('session_id')}{title}"
    return "tất cả người đăng ký nhận tin"


def citizen_message(b: Broadcast, session: DialogueSession | None, t: Catalog, *,
                    codes: list[str] | None = None) -> Outbound:
    """The message as citizens receive it: the catalog's header (with the profile's short name), the text, the
    way to stop receiving (not for a session's registrants) and a button to register while a session is open."""
    text = b.text
    if CODE_PLACEHOLDER in text:
        text = text.replace(CODE_PLACEHOLDER, ", ".join(codes or []) or "—")
    parts = [t("bc_citizen_header"), text]
    if (b.audience or {}).get("type", "all") != "session":
        parts.append(t("bc_unsubscribe_hint"))
    buttons: list[list[Button]] = []
    if session is not None and session.status == SessionStatus.planned and session.registration_deadline > utcnow():
        buttons = [[Button(t("bc_register_button"), f"dt:{session.id}")]]
    attachments = [Attachment(kind="photo", file_id=b.photo)] if b.photo else []
    return Outbound(text="\n\n".join(parts), buttons=buttons, attachments=attachments, ref=ref_of(b))


def preview(s: Any, b: Broadcast, profile: Any) -> list[Outbound]:
    """What staff see before confirming: the message exactly as sent, then the audience and the buttons."""
    session = dialogue.get_session(s, b.session_id) if b.session_id else None
    sample = citizen_message(b, session, Catalog(profile), codes=["DT-…"])
    sample.ref = None
    n = audience_count(s, b)
    lines = [f"👀 Xem trước thông báo #{b.id} (ở trên). Sẽ gửi tới {n} người — {audience_label(profile, b, session)}."]
    if session is not None:
        lines += _session_warnings(profile, session, utcnow())
    lines.append(f"Hẹn giờ: /thongbao_hen {b.id} dd/mm/yyyy HH:MM · Hủy: /thongbao_huy {b.id}")
    buttons = [[Button("✅ Gửi ngay", f"bc:send:{b.id}"), Button("🕒 Hẹn giờ", f"bc:sched:{b.id}")],
               [Button("❌ Hủy", f"bc:cancel:{b.id}")]]
    return [sample, Outbound(text="\n".join(lines), buttons=buttons)]


def _session_warnings(profile: Any, ds: DialogueSession, now: datetime) -> list[str]:
    min_days = profile.dialogue.announce_days_before if profile is not None else 7
    days_left = (local(ds.starts_at).date() - local(now).date()).days
    if days_left < min_days:
        basis = profile.dialogue.legal_basis if profile is not None else ""
        return [f"⚠️ Buổi đối thoại chỉ còn {days_left} ngày: cần thông báo công khai ít nhất "
                f"{min_days} ngày trước ({basis})."]
    return []


# ---------------------------------------------------------------------------------------------- sending
def send_now(s: Any, b: Broadcast, now: datetime | None = None) -> None:
    """Queue for immediate sending (the worker's scheduler starts it within seconds)."""
    schedule(s, b, now or utcnow(), now=now)


def schedule(s: Any, b: Broadcast, when: datetime, now: datetime | None = None) -> None:
    now = now or utcnow()
    if b.status not in ("draft", "scheduled"):
        raise BroadcastError(f"Thông báo #{b.id} đang ở trạng thái “{status_label(b.status)}”, không hẹn giờ được.")
    if when < now - timedelta(minutes=1):
        raise BroadcastError("Thời điểm hẹn đã qua.")
    repo.update_fields(s, b, status="scheduled", scheduled_at=max(when, now))


def cancel(s: Any, b: Broadcast) -> int:
    """Cancel a draft, scheduled or sending broadcast. Returns how many queued messages were cancelled."""
    if b.status not in repo.OPEN:
        raise BroadcastError(f"Thông báo #{b.id} đã {status_label(b.status)}, không hủy được.")
    repo.transition(s, b.id, repo.OPEN, "cancelled", finished_at=utcnow())
    return outbox.cancel_pending(s, broadcast_id=b.id)


def start(s: Any, b: Broadcast, now: datetime | None = None, *, profile: Any) -> int | None:
    """Expand a due broadcast into one outbox row per recipient. None if another process started it.

    Idempotent: the status change is conditional and rows carry a unique dedupe key.
    """
    now = now or utcnow()
    if not repo.transition(s, b.id, ["scheduled"], "sending", started_at=now):
        return None
    session = dialogue.get_session(s, b.session_id) if b.session_id else None
    t = Catalog(profile)
    rows = []
    for r in recipients(s, b):
        msg = citizen_message(b, session, t, codes=r.codes)
        rows.append({"channel": r.channel, "recipient": r.user_id, "citizen_id": r.citizen_id,
                     "payload": msg.to_payload(), "purpose": "broadcast", "ref": ref_of(b),
                     "broadcast_id": b.id, "dedupe_key": f"b{b.id}:{r.citizen_id}"})
    repo.add_rows(s, rows)
    total = repo.count_rows(s, b.id)
    repo.update_fields(s, b, total=total)
    _progress_message(s, b, now)
    return total


def counts(s: Any, b: Broadcast) -> dict[str, int]:
    c = outbox.counts(s, broadcast_id=b.id)
    c["waiting"] = c[OutboxStatus.pending] + c[OutboxStatus.sending]
    return c


STATUS_LABELS = {"draft": "bản nháp", "scheduled": "đã hẹn giờ", "sending": "đang gửi", "done": "đã gửi xong",
                 "cancelled": "đã hủy"}


def status_label(status: str) -> str:
    return STATUS_LABELS.get(status, status)


def progress_text(b: Broadcast, c: dict[str, int]) -> str:
    total = b.total or sum(c.get(k, 0) for k in ("pending", "sending", "sent", "failed", "blocked", "cancelled"))
    lines = [f"📣 Thông báo #{b.id} — {status_label(b.status)}",
             f"Đã gửi: {c.get('sent', 0)}/{total}",
             f"Đang chờ: {c.get('pending', 0) + c.get('sending', 0)}",
             f"Lỗi: {c.get('failed', 0)}",
             f"Đã chặn bot: {c.get('blocked', 0)}"]
    if c.get("cancelled"):
        lines.append(f"Đã hủy: {c['cancelled']}")
    return "\n".join(lines)


def _progress_message(s: Any, b: Broadcast, now: datetime) -> bool:
    dest = Destination.decode(b.progress_chat)
    if dest is None:
        return False
    c = counts(s, b)
    # always an edit: a sender that has no message for this ref yet posts one and keeps its id
    out = Outbound(text=progress_text(b, c), ref=ref_of(b), edit=True)
    outbox.upsert_pending(s, channel=dest.channel, recipient=dest.chat, ref=ref_of(b), purpose="progress",
                          payload=out.to_payload())
    jobs.put(s, f"bcprog:{b.id}", {"at": now.isoformat(), "counts": c})
    return True


def update_progress(s: Any, b: Broadcast, now: datetime | None = None, *, force: bool = False) -> bool:
    """Refresh the staff's progress message if the numbers moved (at most every PROGRESS_EVERY)."""
    now = now or utcnow()
    last = jobs.get(s, f"bcprog:{b.id}") or {}
    if not force and last.get("at") and now - datetime.fromisoformat(last["at"]) < PROGRESS_EVERY:
        return False
    if not force and last.get("counts") == counts(s, b):
        return False
    return _progress_message(s, b, now)


def finish_if_done(s: Any, b: Broadcast, now: datetime | None = None) -> bool:
    """When no row is waiting any more: status done, last progress edit and the delivery report."""
    now = now or utcnow()
    c = counts(s, b)
    if c["waiting"]:
        return False
    if not repo.transition(s, b.id, ["sending"], "done", finished_at=now):
        return False
    _progress_message(s, b, now)
    dest = Destination.decode(b.progress_chat)
    if dest is not None:
        outbox.enqueue(s, channel=dest.channel, recipient=dest.chat, purpose="report",
                       payload=Outbound(text=report_text(s, b, c)).to_payload())
    return True


def report_text(s: Any, b: Broadcast, c: dict[str, int] | None = None) -> str:
    c = c or counts(s, b)
    lines = [f"📊 Báo cáo gửi thông báo #{b.id}",
             f"Tổng số người nhận: {b.total}",
             f"✅ Gửi thành công: {c['sent']}",
             f"🚫 Người nhận đã chặn bot (đã ngừng gửi cho họ): {c['blocked']}",
             f"❌ Lỗi không gửi được: {c['failed']}"]
    if c.get("cancelled"):
        lines.append(f"⏹ Đã hủy trước khi gửi: {c['cancelled']}")
    if b.started_at and b.finished_at:
        secs = max(1.0, (b.finished_at - b.started_at).total_seconds())
        lines.append(f"Thời gian: {secs / 60:.1f} phút ({c['sent'] / secs:.1f} tin/giây)")
    held = outbox.count_failed_like(s, broadcast_id=b.id, error_prefix="quota:")
    if held:
        lines.append(f"⛔ Chưa gửi vì đã hết hạn mức tin nhắn trong tháng của kênh (Zalo): {held}")
    errors: dict[str, int] = {}
    for row in outbox.failed_rows(s, broadcast_id=b.id, limit=200):
        key = clip(row.last_error or "?", 80)
        errors[key] = errors.get(key, 0) + 1
    if errors:
        lines.append("Lỗi thường gặp: " + "; ".join(f"{k} ({n})" for k, n in sorted(errors.items(), key=lambda x: -x[1])[:3]))
    return "\n".join(lines)


def status_text(s: Any, b: Broadcast, profile: Any = None) -> str:
    session = dialogue.get_session(s, b.session_id) if b.session_id else None
    lines = [progress_text(b, counts(s, b)),
             f"Đối tượng: {audience_label(profile, b, session)}",
             f"Nội dung: {clip(b.text, 120)}"]
    if b.status == "scheduled" and b.scheduled_at:
        lines.append(f"Hẹn gửi: {fmt_datetime(b.scheduled_at)}")
    if b.status == "draft":
        lines.append(f"Chưa gửi. Gửi: /thongbao_gui {b.id} · Hẹn giờ: /thongbao_hen {b.id} dd/mm/yyyy HH:MM")
    if b.started_at:
        lines.append(f"Bắt đầu: {fmt_datetime(b.started_at)}")
    if b.finished_at:
        lines.append(f"Kết thúc: {fmt_datetime(b.finished_at)}")
    return "\n".join(lines)


def recent(s: Any, limit: int = 10) -> list[Broadcast]:
    return repo.recent(s, limit)


# ---------------------------------------------------------------------------------------------- dialogue
def session_announcement_text(profile: Any, ds: DialogueSession) -> str:
    lines = [f"🗓 {ds.host} tổ chức {ds.title}.",
             f"⏰ Thời gian: {fmt_datetime(ds.starts_at)}",
             f"📍 Địa điểm: {ds.place}"]
    if ds.description:
        lines.append(f"📌 Chủ đề: {clip(ds.description, 800)}")
    if ds.programme:
        lines.append(f"📋 Chương trình: {clip(ds.programme, 800)}")
    rules = ds.rules or (profile.dialogue.rules if profile is not None else "")
    if rules:
        lines.append(f"📜 Nội quy: {clip(rules, 600)}")
    lines.append(f"Người dân, doanh nghiệp đăng ký câu hỏi trước {fmt_datetime(ds.registration_deadline)} "
                 f"ngay tại đây (nút bên dưới) hoặc gọi {profile.hotline}.")
    if ds.capacity:
        lines.append(f"Số chỗ dự trực tiếp: {ds.capacity}.")
    return "\n".join(lines)


def create_session_announcement(
    s: Any, profile: Any, session_id: int, *, extra_text: str = "", created_by: int | None = None,
    progress_to: Destination | tuple[str, str] | None = None, now: datetime | None = None,
) -> tuple[Broadcast, list[str]]:
    """Draft the public announcement of a dialogue session (to every subscriber interested in its topics).
    Returns the draft and warnings (less than the legal 7 days left, registration closed)."""
    now = now or utcnow()
    ds = dialogue.get_session(s, session_id)
    if ds is None:
        raise BroadcastError(f"Không có buổi đối thoại #{session_id}.")
    if ds.status != SessionStatus.planned or ds.starts_at <= now:
        raise BroadcastError(f"Buổi đối thoại #{session_id} không còn ở trạng thái sắp diễn ra.")
    text = session_announcement_text(profile, ds)
    if extra_text.strip():
        text += "\n\n" + extra_text.strip()
    audience: dict[str, Any] = {"type": "topics", "topics": list(ds.topics)} if ds.topics else {"type": "all"}
    b = create_announcement(s, text=text, session_id=ds.id, audience=audience, created_by=created_by,
                            progress_to=progress_to)
    warnings = _session_warnings(profile, ds, now)
    if ds.registration_deadline <= now:
        warnings.append("⚠️ Hạn đăng ký câu hỏi đã qua.")
    return b, warnings


def remind_registrants(s: Any, profile: Any, ds: DialogueSession, now: datetime | None = None) -> Broadcast | None:
    """The reminder the day before a session, to everyone who registered a question (once per session)."""
    now = now or utcnow()
    if not repo.mark_reminded(s, ds.id, now):
        return None
    text = (f"🔔 Nhắc lịch đối thoại: {ds.title}\n"
            f"⏰ {fmt_datetime(ds.starts_at)}\n📍 {ds.place}\n"
            f"Mã đăng ký của Ông/Bà: {CODE_PLACEHOLDER}. Nếu dự trực tiếp, Ông/Bà vui lòng mang theo mã này và "
            f"giấy tờ tùy thân. Nếu không đến được, câu hỏi vẫn sẽ được trả lời bằng văn bản.")
    b = repo.create(s, text=text, session_id=ds.id, audience={"type": "session", "session_id": ds.id},
                    status="scheduled", scheduled_at=now)
    start(s, b, now, profile=profile)
    return b


def publish_session_results(
    s: Any, profile: Any, session_id: int, *, summary: str = "", now: datetime | None = None,
    created_by: int | None = None, progress_to: Destination | tuple[str, str] | None = None,
) -> dict[str, Any]:
    """After a session: every registrant with an answered question gets the answer (absentees included),
    the session is marked published, and an optional public summary goes to the subscribers.

    Answers already delivered individually (``/doithoai_tl``) are not sent twice; each answer is
    queued once (dedupe key ``dtans:<code>``). Questions still unanswered are listed for staff.
    """
    now = now or utcnow()
    ds = dialogue.get_session(s, session_id)
    if ds is None:
        raise BroadcastError(f"Không có buổi đối thoại #{session_id}.")
    if ds.status == SessionStatus.cancelled:
        raise BroadcastError(f"Buổi đối thoại #{session_id} đã bị hủy.")
    from storage import citizens

    sent, already, unanswered, unreachable = 0, 0, [], 0
    for q in dialogue.questions_for_session(s, ds.id):
        if q.status == "withdrawn":
            continue
        if not q.answer:
            unanswered.append(q.code)
            continue
        if q.answered_at and any(r.created_at >= q.answered_at - timedelta(seconds=1)
                                 for r in outbox.rows_for(s, ref=q.code, purpose="notify")):
            already += 1
            continue
        c = citizens.get_by_id(s, q.citizen_id) if q.citizen_id else None
        if c is None or c.erased_at is not None or c.unreachable:
            unreachable += 1
            continue
        text = (f"📬 Trả lời câu hỏi {q.code} tại buổi đối thoại “{ds.title}” ({fmt_date(ds.starts_at)}):\n\n"
                f"{q.answer}")
        if outbox.enqueue_once(s, dedupe_key=f"dtans:{q.code}", channel=c.channel, recipient=c.channel_user_id,
                               payload=Outbound(text, ref=q.code).to_payload(), purpose="notify", ref=q.code,
                               citizen_id=c.id):
            sent += 1
        else:
            already += 1
    dialogue.update_session(s, ds, results_published_at=now, status=SessionStatus.published)
    summary_id = None
    if summary.strip():
        b = create_announcement(
            s, text=f"📋 Kết quả {ds.title} ({fmt_date(ds.starts_at)}):\n\n{summary.strip()}",
            session_id=ds.id, audience={"type": "all"}, created_by=created_by, progress_to=progress_to)
        send_now(s, b, now)
        summary_id = b.id
    return {"sent": sent, "already": already, "unanswered": unanswered, "unreachable": unreachable,
            "summary_broadcast": summary_id}
