"""Messages for people other than the sender: staff cards and citizen notifications (via the outbox)."""

from __future__ import annotations

from typing import Any

from bot.core.render import clip, fmt_date, fmt_datetime, mask_phone
from bot.core.types import Button, Outbound
from storage import citizens, outbox
from storage.models import OPEN_STATUSES, DialogueQuestion, DialogueSession, Petition, PetitionStatus

B = Button
KIND_ICONS = {"phan_anh": "📝", "kien_nghi": "💡", "khieu_nai": "⚖️", "to_cao": "🚨"}


def extra_answers(profile: Any, topic: str, extra: dict | None) -> list[tuple[str, Any]]:
    """(label, answer) for the topic's extra questions that were answered."""
    out = []
    for q in profile.topic(topic).extra_questions:
        v = (extra or {}).get(q.key)
        if v not in (None, ""):
            out.append((q.label or q.prompt.rstrip("?:. "), v))
    return out


def _status_label(t: Any, status: str) -> str:
    return t(f"status_{status}")


def petition_card(core: Any, p: Petition, *, unreachable: bool = False) -> Outbound:
    """The staff card of a petition. A tố cáo card never shows who sent it."""
    t, prof = core.t, core.profile
    dept = prof.department(p.department_code)
    lines = [
        f"{KIND_ICONS.get(p.kind, '📝')} {p.code}{'  ⚠️ KHẨN' if p.urgent else ''}",
        f"Loại: {prof.kind(p.kind).name} · Lĩnh vực: {prof.topic(p.topic).name}",
        f"Phòng xử lý: {dept.name if dept else 'chưa phân'} · Hạn: {fmt_date(p.due_date)}",
        f"Trạng thái: {_status_label(t, p.status)}",
        "",
        clip(p.content, 1500),
    ]
    lines += [f"• {label}: {value}" for label, value in extra_answers(prof, p.topic, p.extra)]
    if p.attachments:
        lines.append(f"📎 {len(p.attachments)} tệp đính kèm")
    lines.append("")
    if p.confidential or p.anonymous:
        lines.append("🔒 Danh tính người gửi được bảo mật (lệnh /danhtinh " + p.code + ", chỉ lãnh đạo, thanh tra)."
                     if not p.anonymous else "👤 Tố cáo ẩn danh.")
    else:
        lines.append(f"Người gửi: {p.full_name or '—'} · ĐT: {mask_phone(p.phone)}")
    if p.answer:
        lines.append(f"Trả lời: {clip(p.answer, 500)}")
    if p.forwarded_to:
        lines.append(f"Đã chuyển: {p.forwarded_to}")
    if p.reject_reason:
        lines.append(f"Lý do từ chối: {clip(p.reject_reason, 300)}")
    if p.rating:
        lines.append(f"Đánh giá: {t(f'rate_btn_{p.rating}')}")
    if unreachable:
        lines.append("⚠️ Không gửi được tin cho người dân (đã chặn bot). Cần liên hệ qua điện thoại/bưu chính.")
    buttons: list[list[Button]] = []
    if p.status in [str(s) for s in OPEN_STATUSES]:
        buttons = [
            [B("🙋 Nhận xử lý", f"s:take:{p.code}"), B("🏢 Chuyển phòng", f"s:route:{p.code}")],
            [B("✍️ Trả lời", f"s:ans:{p.code}"), B("❓ Yêu cầu bổ sung", f"s:info:{p.code}")],
            [B("↪️ Chuyển cơ quan khác", f"s:fwd:{p.code}"), B("⛔ Từ chối", f"s:rej:{p.code}")],
        ]
    return Outbound(text="\n".join(lines), buttons=buttons, ref=p.code, thread_key=p.department_code)


def question_card(core: Any, q: DialogueQuestion, ds: DialogueSession | None) -> Outbound:
    lines = [
        f"🗓 {q.code} — câu hỏi đối thoại",
        f"Buổi: {ds.title if ds else '—'} ({fmt_datetime(ds.starts_at) if ds else '—'})",
        f"Lĩnh vực: {core.profile.topic(q.topic).name}",
        f"Người hỏi: {q.full_name or '—'}{' · ' + q.organisation if q.organisation else ''} · ĐT: {mask_phone(q.phone)}",
        f"Hình thức: {'dự trực tiếp' if q.attend_in_person else 'nhận trả lời bằng văn bản'}",
        f"Trạng thái: {core.t(f'qstatus_{q.status}')}",
        "",
        clip(q.question, 1500),
    ]
    if q.answer:
        lines.append(f"\nTrả lời: {clip(q.answer, 500)}")
    buttons = [] if q.answer else [[B("✍️ Trả lời", f"s:qans:{q.code}")]]
    dept = core.profile.department_for_topic(q.topic)
    return Outbound(text="\n".join(lines), buttons=buttons, ref=q.code, thread_key=dept.code if dept else None)


def _to_staff(ctx: Any, out: Outbound, *, purpose: str) -> None:
    for channel, chat in ctx.core.staff_destinations(ctx.s):
        outbox.enqueue(ctx.s, channel=channel, recipient=chat, payload=out.to_payload(), purpose=purpose, ref=out.ref)


def card_for_petition(ctx: Any, p: Petition) -> None:
    _to_staff(ctx, petition_card(ctx.core, p), purpose="card")


def card_update(ctx: Any, p: Petition) -> None:
    c = citizens.get_by_id(ctx.s, p.citizen_id) if p.citizen_id else None
    card = petition_card(ctx.core, p, unreachable=bool(c and c.unreachable))
    card.edit = True
    _to_staff(ctx, card, purpose="card")


def card_for_question(ctx: Any, q: DialogueQuestion, ds: DialogueSession | None) -> None:
    _to_staff(ctx, question_card(ctx.core, q, ds), purpose="card")


def question_card_update(ctx: Any, q: DialogueQuestion, ds: DialogueSession | None) -> None:
    card = question_card(ctx.core, q, ds)
    card.edit = True
    _to_staff(ctx, card, purpose="card")


def staff_message(ctx: Any, p: Petition | None, text: str) -> None:
    out = Outbound(text=text, thread_key=p.department_code if p else None)
    _to_staff(ctx, out, purpose="staff")


def to_citizen(ctx: Any, citizen_id: int | None, out: Outbound, *, ref: str | None = None) -> bool:
    """Queue a message for a citizen on their own channel. False when they cannot be reached."""
    if citizen_id is None:
        return False
    c = citizens.get_by_id(ctx.s, citizen_id)
    if c is None or c.erased_at is not None and not c.channel_user_id:
        return False
    outbox.enqueue(ctx.s, channel=c.channel, recipient=c.channel_user_id, payload=out.to_payload(),
                   purpose="notify", ref=ref, citizen_id=c.id)
    return not c.unreachable


def rating_buttons(t: Any, code: str) -> list[list[Button]]:
    return [[B(t("rate_btn_3"), f"r:3:{code}")], [B(t("rate_btn_2"), f"r:2:{code}")],
            [B(t("rate_btn_1"), f"r:1:{code}")]]


def petition_status_to_citizen(ctx: Any, p: Petition, status: str, **kw: Any) -> None:
    t = ctx.t
    if status == PetitionStatus.answered:
        out = Outbound(t("n_answered", code=p.code, answer=p.answer or ""), buttons=rating_buttons(t, p.code))
    elif status == PetitionStatus.needs_info:
        out = Outbound(t("n_needs_info", code=p.code, question=kw.get("question", "")),
                       buttons=[[B(t("lk_btn_add_info"), f"info:{p.code}")]])
    elif status == PetitionStatus.forwarded:
        out = Outbound(t("n_forwarded", code=p.code, target=p.forwarded_to or "", note=kw.get("note", "")))
    elif status == PetitionStatus.rejected:
        out = Outbound(t("n_rejected", code=p.code, reason=p.reject_reason or ""))
    elif status == PetitionStatus.closed:
        out = Outbound(t("n_closed", code=p.code))
    elif status == PetitionStatus.in_progress:
        dept = ctx.profile.department(p.department_code)
        out = Outbound(t("n_in_progress", code=p.code, department=dept.name if dept else ctx.profile.short_name))
    else:
        return
    out.ref = p.code
    to_citizen(ctx, p.citizen_id, out, ref=p.code)


def flag_unreachable(s: Any, profile: Any, code: str, staff_chats: list[tuple[str, str]] | None = None) -> bool:
    """A citizen could not be reached about ``code`` (blocked the bot): show it on the item's staff card.

    Called by the delivery worker, outside any conversation. Returns False when ``code`` is no petition.
    """
    from types import SimpleNamespace

    from bot.core.texts import Catalog
    from storage import petitions
    from storage import staff as staff_repo

    p = petitions.get_by_code(s, code)
    if p is None:
        return False
    core = SimpleNamespace(t=Catalog(profile), profile=profile)
    card = petition_card(core, p, unreachable=True)
    card.edit = True
    chats = staff_chats or [(st.channel, st.channel_user_id) for st in staff_repo.list_active(s)]
    for channel, chat in chats:
        outbox.enqueue(s, channel=channel, recipient=chat, payload=card.to_payload(), purpose="card", ref=p.code)
    petitions.add_event(s, p, actor="system", action="unreachable", public=False,
                        note="Không gửi được tin cho người dân (đã chặn bot)")
    return True
