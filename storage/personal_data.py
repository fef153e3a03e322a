"""Where personal data lives, and the queries that show, erase and expire it (Luật Bảo vệ dữ liệu cá nhân
91/2025/QH15, Nghị định 356/2025/NĐ-CP).

``REGISTRY`` lists every table column and file area that can hold a citizen's personal data. "Dữ liệu của
tôi", erasure ("xóa dữ liệu của tôi", ``pakn data erase``) and retention (``pakn data retention``) all work
from it, and ``tests/security/test_erasure.py`` fills every place it lists, erases, and checks each one;
``NOT_PERSONAL`` names the text columns that hold none, with the reason, so a new column must be put in one
list or the other (the test fails otherwise).

What legal processing requires is kept (``held``): an item still being handled keeps its contact data and
content until it is closed; a closed khiếu nại or tố cáo keeps them for the profile's archive period. The
citizen is told which items and until when.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import event, or_, update
from sqlmodel import Session, delete, select

from storage.models import (
    OPEN_STATUSES,
    Citizen,
    ConversationState,
    DialogueQuestion,
    DialogueSession,
    LookupFailure,
    NluFeedback,
    Outbox,
    OutboxStatus,
    Petition,
    PetitionEvent,
    ProcessedUpdate,
    ProtectedIdentity,
    Publication,
    PublicationStatus,
    SurveyAnswer,
    WebMessage,
)

log = logging.getLogger(__name__)

ERASED = "[đã xóa dữ liệu cá nhân]"
LEGAL_CASE_KINDS = ("khieu_nai", "to_cao")  # their case files are archived (Luật Khiếu nại, Luật Tố cáo)
FINISHED = (OutboxStatus.sent, OutboxStatus.failed, OutboxStatus.blocked, OutboxStatus.cancelled)


@dataclass(frozen=True)
class Place:
    """One place holding personal data."""

    table: str  # table name, or "files:<area>" for files on disk
    columns: tuple[str, ...]
    linked_by: str  # how a citizen's rows are found
    what: str  # in words, for the citizen ("dữ liệu của tôi", the erasure notice)
    on_erase: str  # what erasure does
    retention: str  # which ``privacy.retention`` period ends it


REGISTRY: tuple[Place, ...] = (
    Place("citizens", ("display_name", "full_name", "phone", "email", "address", "province_code", "commune_code",
                       "consent_at", "consent_version", "interests", "unreachable_reason"),
          "the citizen's row", "họ tên, điện thoại, thư điện tử, địa chỉ, đồng ý xử lý dữ liệu, đăng ký nhận tin",
          "cleared", "on request"),
    Place("citizens", ("channel_user_id",), "the citizen's row",
          "mã tài khoản nhắn tin (để gửi trả lời)", "replaced by a pseudonym unless an item is held", "on request"),
    Place("petitions", ("full_name", "phone", "email", "address", "organisation", "content", "extra", "attachments",
                        "answer", "reject_reason", "rating_comment", "draft_answer", "complex_reason", "answer_document",
                        "place_text", "place_lat", "place_lon"),
          "citizen_id", "nội dung, thông tin liên hệ, tổ chức, địa điểm và tọa độ, tệp đính kèm, trả lời và đánh giá "
                        "của từng hồ sơ",
          "cleared (content replaced by a marker) unless held", "closed_items_days / legal_case_days"),
    Place("protected_identities", ("sealed", "owner_digest"), "the tố cáo items of the citizen (owner digest)",
          "danh tính người tố cáo (mã hóa, tách khỏi hồ sơ)", "deleted with the item unless held", "with the item"),
    Place("petition_events", ("note", "data"), "petition_id of the citizen's items",
          "ghi chú trong diễn biến hồ sơ (thông tin bổ sung, lời nhắn)", "cleared with the item", "with the item"),
    Place("nlu_feedback", ("text",), "petition_id of the citizen's items",
          "bản sao nội dung dùng để cải thiện việc phân loại", "deleted with the item", "with the item"),
    Place("dialogue_questions", ("full_name", "phone", "organisation", "question", "answer"), "citizen_id",
          "câu hỏi đối thoại, họ tên, tổ chức, điện thoại", "cleared", "dialogue_days"),
    Place("outbox", ("recipient", "payload", "dedupe_key"),
          "citizen_id, the citizen's chat, or the ref of the citizen's items",
          "tin nhắn đã gửi cho Ông/Bà và thẻ hồ sơ gửi cán bộ", "deleted unless they belong to a held item",
          "outbox_days"),
    Place("survey_answers", ("citizen_id",), "citizen_id",
          "phiếu đánh giá mức độ hài lòng (chỉ các lựa chọn, không có lời văn)", "kept, unlinked from the person",
          "kept unlinked: anonymous statistics"),
    Place("conversation_states", ("slots",), "channel + user id",
          "thông tin đang nhập dở trong một biểu mẫu", "cleared", "forms_days"),
    Place("lookup_failures", ("subject",), "channel + user id", "lần tra cứu không thành công",
          "deleted", "lookup_failures_days"),
    Place("web_messages", ("user_id", "text", "data"), "the web chat identity (channel_user_id)",
          "lịch sử trò chuyện trên trang web", "deleted", "on request"),
    Place("publications", ("content", "answer"), "petition_id of the citizen's items",
          "nội dung đã che thông tin cá nhân được công khai trên trang web (khi Ông/Bà đồng ý)",
          "taken off the public page and cleared", "with the item"),
    Place("files:attachments", ("petitions.attachments[].stored_path", "petitions.answer_document.stored_path"),
          "the citizen's items", "tệp đính kèm đã tải về máy chủ, văn bản trả lời", "deleted from disk unless held",
          "with the item"),
    Place("files:exports", ("report files (xlsx, csv, pdf) sent to staff",), "the period of the report",
          "báo cáo, tệp xuất cho cán bộ (có thể có họ tên)",
          "kept: a report taken out by an officer, each one logged in export_log", "the agency's records schedule"),
    Place("files:documents", ("bien-ban-doi-thoai-<session>.docx",), "the dialogue session",
          "biên bản buổi đối thoại (tên người phát biểu)",
          "kept: the official minutes of a public session are an agency record", "the agency's records schedule"),
)

# Text/JSON columns that hold no personal data of a citizen, and why.
NOT_PERSONAL: dict[str, str] = {
    "channel_usage.channel": "channel name", "channel_usage.month": "a month (message count per channel)",
    "citizens.channel": "channel name", "petitions.code": "item code", "petitions.kind": "classification",
    "petitions.topic": "classification", "petitions.department_code": "routing",
    "petitions.channel": "channel name", "petitions.status": "workflow", "petitions.forwarded_to": "an agency",
    "petitions.nlu": "classifier scores only",
    "petitions.place_commune_code": "the commune (2025 division) where the problem is: a statistic like the topic, "
                                    "kept after erasure; the words and the coordinates of the place are erased",
    "petition_events.actor": "'citizen' or a staff id", "petition_events.action": "workflow",
    "petition_events.from_status": "workflow", "petition_events.to_status": "workflow",
    "dialogue_questions.code": "question code", "dialogue_questions.channel": "channel name",
    "dialogue_questions.topic": "classification", "dialogue_questions.status": "workflow",
    "survey_answers.subject": "kind of survey", "survey_answers.question": "the profile's question key",
    "survey_answers.choice": "a choice on the profile's fixed scale, no free text",
    "conversation_states.channel": "channel name",
    "conversation_states.user_id": "the chat the person is talking in now: needed to answer at all; the row "
                                   "has no other data after erasure and is deleted after forms_days of silence",
    "conversation_states.state": "form step",
    "outbox.channel": "channel name", "outbox.purpose": "kind of message", "outbox.ref": "item code",
    "outbox.status": "delivery state", "outbox.claimed_by": "worker id", "outbox.last_error": "API error text",
    "outbox.external_id": "message id",
    "lookup_failures.code": "item code",
    "nlu_feedback.old_kind": "classification", "nlu_feedback.new_kind": "classification",
    "nlu_feedback.old_topic": "classification", "nlu_feedback.new_topic": "classification",
    "processed_updates.channel": "channel name", "processed_updates.update_id": "update number",
    "card_refs.channel": "channel name", "card_refs.ref": "item code", "card_refs.chat_id": "the staff group",
    "card_refs.message_id": "message id",
    "code_counters.prefix": "code prefix", "kv.key": "job flag", "kv.value": "job state",
    "departments.code": "agency data", "departments.name": "agency data", "departments.topics": "agency data",
    "faq_entries.key": "agency data", "faq_entries.question": "agency data", "faq_entries.answer": "agency data",
    "faq_entries.topic": "agency data", "faq_entries.keywords": "agency data",
    "faq_entries.alt_questions": "agency data", "faq_entries.source": "agency data",
    "dialogue_sessions.title": "agency data", "dialogue_sessions.host": "an official's public role",
    "dialogue_sessions.place": "agency data", "dialogue_sessions.status": "workflow",
    "dialogue_sessions.topics": "agency data", "dialogue_sessions.description": "agency data",
    "dialogue_sessions.programme": "agency data", "dialogue_sessions.rules": "agency data",
    "dialogue_questions.source": "workflow", "dialogue_questions.forwarded_to": "an agency",
    "petitions.source_ref": "the office register's row number",
    "web_messages.direction": "in or out", "publications.status": "workflow",
    "export_log.actor": "a staff id or 'cli'", "export_log.format": "file type",
    "export_log.department": "agency data", "export_log.topic": "classification",
    "export_log.file_name": "a report file's name",
    "broadcasts.text": "an announcement to the public", "broadcasts.photo": "an announcement",
    "broadcasts.audience": "topic codes or a session id", "broadcasts.status": "workflow",
    "broadcasts.progress_chat": "a staff chat", "broadcasts.progress_message_id": "message id",
    # Staff members' data: work contacts managed by administrators (/canbo_them, /canbo_xoa), not citizens'.
    "staff.channel": "staff", "staff.channel_user_id": "staff", "staff.name": "staff", "staff.role": "staff",
    "staff.departments": "staff",
}


# ================================================================================ what is held
@dataclass
class Held:
    """An item whose personal data legal processing requires, and until when."""

    code: str
    kind: str
    until: datetime | None  # None: until the item is closed, then the archive period of its kind
    open: bool


def _is_open(p: Petition) -> bool:
    return p.status in [str(x) for x in OPEN_STATUSES]


def held_items(s: Session, citizen_id: int, now: datetime, legal_case_days: int,
               sealed_ids: Iterable[int] = ()) -> list[Held]:
    out = []
    for p in _petitions_of(s, citizen_id, sealed_ids):
        if p.erased_at is not None:
            continue
        if _is_open(p):
            out.append(Held(p.code, p.kind, None, True))
        elif p.kind in LEGAL_CASE_KINDS:
            until = (p.closed_at or p.updated_at) + timedelta(days=legal_case_days)
            if until > now:
                out.append(Held(p.code, p.kind, until, False))
    return out


def _petitions_of(s: Session, citizen_id: int, sealed_ids: Iterable[int] = ()) -> list[Petition]:
    """The citizen's items: linked by ``citizen_id``, or (a tố cáo, whose link is sealed) listed by the caller,
    who alone can read the owner digest."""
    ids = list(sealed_ids)
    cond = or_(Petition.citizen_id == citizen_id, Petition.id.in_(ids)) if ids else Petition.citizen_id == citizen_id  # type: ignore[union-attr]
    return list(s.exec(select(Petition).where(cond).order_by(Petition.id)).all())


# ================================================================================ show
def summary(s: Session, c: Citizen, sealed_ids: Iterable[int] = ()) -> dict[str, Any]:
    """What is stored about a citizen, place by place (for "dữ liệu của tôi")."""
    items = _petitions_of(s, c.id, sealed_ids)
    questions = list(s.exec(select(DialogueQuestion).where(DialogueQuestion.citizen_id == c.id)).all())
    codes = [p.code for p in items] + [q.code for q in questions]
    messages = s.exec(select(Outbox.id).where(or_(Outbox.citizen_id == c.id, _to_chat(c)))).all()
    return {
        "items": [p.code for p in items if p.erased_at is None],
        # (code, place words, latitude, longitude, organisation) of items that still hold any of them
        "places": [(p.code, p.place_text, p.place_lat, p.place_lon, p.organisation) for p in items
                   if p.erased_at is None and (p.place_text or p.place_lat is not None or p.organisation)],
        "erased_items": [p.code for p in items if p.erased_at is not None],
        "questions": [q.code for q in questions if q.erased_at is None],
        "messages": len(messages),
        "cards": len(s.exec(select(Outbox.id).where(Outbox.ref.in_(codes))).all()) if codes else 0,  # type: ignore[union-attr]
        "files": sum(1 for p in items for a in (p.attachments or []) if a.get("stored_path")),
        "lookup_failures": len(s.exec(select(LookupFailure.id).where(
            LookupFailure.subject == f"{c.channel}:{c.channel_user_id}")).all()),
    }


def _to_chat(c: Citizen) -> Any:
    return (Outbox.channel == c.channel) & (Outbox.recipient == c.channel_user_id)


# ================================================================================ erase
def _unlink_after_commit(s: Session, paths: Iterable[str], root: Path | None) -> None:
    """Delete the files once the transaction has committed (a rolled-back erasure keeps them)."""
    files = [Path(p) for p in paths if p]
    if not files:
        return
    allowed = root.resolve() if root is not None else None

    def unlink(_session: Any) -> None:
        for f in files:
            try:
                real = f.resolve()
                if allowed is not None and allowed not in real.parents:
                    log.warning("not deleting an attachment outside the attachments folder")
                    continue
                real.unlink(missing_ok=True)
            except OSError:
                log.warning("could not delete an attachment file", exc_info=True)

    event.listen(s, "after_commit", unlink, once=True)


def erase_item(s: Session, p: Petition, now: datetime, *, files_root: Path | None = None) -> None:
    """Erase the personal data of one item: contact snapshot, content, answers, notes, copies, files."""
    paths = [a.get("stored_path") for a in [*(p.attachments or []), p.answer_document or {}] if isinstance(a, dict)]
    p.full_name = p.phone = p.email = p.address = p.organisation = None
    p.place_text, p.place_lat, p.place_lon = None, None, None  # a place can identify a home; the commune stays
    p.content = ERASED
    p.extra, p.attachments, p.answer_document = {}, [], {}
    p.answer = ERASED if p.answer else None
    p.draft_answer = ERASED if p.draft_answer else None
    p.complex_reason = ERASED if p.complex_reason else None
    p.reject_reason = ERASED if p.reject_reason else None
    p.rating_comment = None
    p.erased_at = now
    s.add(p)
    for ev in s.exec(select(PetitionEvent).where(PetitionEvent.petition_id == p.id)).all():
        if ev.note or ev.data:
            ev.note, ev.data = None, {}
            s.add(ev)
    s.exec(delete(NluFeedback).where(NluFeedback.petition_id == p.id))
    s.exec(delete(ProtectedIdentity).where(ProtectedIdentity.petition_id == p.id))
    s.exec(update(Publication).where(Publication.petition_id == p.id)  # off the public page too
           .values(status=PublicationStatus.withdrawn, content=None, answer=None, updated_at=now))
    s.exec(delete(Outbox).where(Outbox.ref == p.code, Outbox.status.in_([str(x) for x in FINISHED])))  # type: ignore[attr-defined]
    # a pending message about an erased item carries its text too: it will not be sent
    s.exec(delete(Outbox).where(Outbox.ref == p.code, Outbox.status == OutboxStatus.pending))
    _unlink_after_commit(s, [x for x in paths if x], files_root)


def erase_question(s: Session, q: DialogueQuestion, now: datetime) -> None:
    q.full_name = q.phone = q.organisation = None
    q.question = ERASED
    q.answer = ERASED if q.answer else None
    q.erased_at = now
    s.add(q)
    s.exec(delete(Outbox).where(Outbox.ref == q.code, Outbox.status != OutboxStatus.sending))


def erase_citizen(s: Session, c: Citizen, now: datetime, *, legal_case_days: int,
                  files_root: Path | None = None, sealed_ids: Iterable[int] = ()) -> dict[str, Any]:
    """Erase everything ``REGISTRY`` lists for a citizen, except what legal processing requires.
    ``sealed_ids``: the citizen's tố cáo items, found by the caller through their sealed identities.

    Returns {"held": [Held…], "items": n erased, "erased_codes": [codes], "questions": n, "messages": n deleted}."""
    sealed_ids = list(sealed_ids)
    held = held_items(s, c.id, now, legal_case_days, sealed_ids)
    held_codes = {h.code for h in held}
    erased: list[str] = []
    for p in _petitions_of(s, c.id, sealed_ids):
        if p.code in held_codes or p.erased_at is not None:
            continue
        erase_item(s, p, now, files_root=files_root)
        erased.append(p.code)
    questions = list(s.exec(select(DialogueQuestion).where(DialogueQuestion.citizen_id == c.id)).all())
    for q in questions:
        if q.erased_at is None:
            erase_question(s, q, now)
    # messages to the citizen, except those about an item still held (an answer on its way)
    msgs = select(Outbox).where(or_(Outbox.citizen_id == c.id, _to_chat(c)))
    deleted = 0
    for row in s.exec(msgs).all():
        if row.ref in held_codes and row.status not in [str(x) for x in FINISHED]:
            continue
        if row.status == OutboxStatus.sending:
            continue  # in the worker's hands right now; retention removes it after delivery
        s.delete(row)
        deleted += 1
    for st in s.exec(select(ConversationState).where(ConversationState.channel == c.channel,
                                                     ConversationState.user_id == c.channel_user_id)).all():
        st.slots, st.state = {}, "idle"
        s.add(st)
    s.exec(delete(LookupFailure).where(LookupFailure.subject == f"{c.channel}:{c.channel_user_id}"))
    s.exec(update(SurveyAnswer).where(SurveyAnswer.citizen_id == c.id).values(citizen_id=None))
    if c.channel == "web":  # the web chat's history holds what they wrote
        s.exec(delete(WebMessage).where(WebMessage.user_id == c.channel_user_id))
    for col in REGISTRY[0].columns:
        setattr(c, col, [] if col == "interests" else None)
    c.subscribed = False
    c.unreachable = False
    if not held:
        c.channel_user_id = f"erased:{c.id}"  # nothing left to send: the chat id goes too
    c.erased_at = c.updated_at = now
    s.add(c)
    s.flush()
    return {"held": held, "items": len(erased), "erased_codes": erased, "questions": len(questions),
            "messages": deleted}


# ================================================================================ retention
@dataclass
class RetentionRules:
    closed_items_days: int
    legal_case_days: int
    dialogue_days: int
    outbox_days: int
    forms_days: int
    lookup_failures_days: int
    processed_updates_days: int


def apply_retention(s: Session, rules: RetentionRules, now: datetime, *, files_root: Path | None = None,
                    dry_run: bool = False) -> dict[str, int]:
    """Erase or delete what has been kept long enough. Returns counts per place."""
    counts: dict[str, int] = {}
    # items: closed phản ánh/kiến nghị after closed_items_days (at once when the sender asked for erasure),
    # closed khiếu nại/tố cáo after legal_case_days
    closed = select(Petition).where(Petition.erased_at.is_(None),  # type: ignore[union-attr]
                                    Petition.status.not_in([str(x) for x in OPEN_STATUSES]))  # type: ignore[attr-defined]
    n = 0
    for p in s.exec(closed).all():
        ended = p.closed_at or p.updated_at
        legal = p.kind in LEGAL_CASE_KINDS
        days = rules.legal_case_days if legal else rules.closed_items_days
        asked = False
        if not legal and p.citizen_id is not None:
            c = s.get(Citizen, p.citizen_id)
            asked = c is not None and c.erased_at is not None and p.created_at <= c.erased_at
        if asked or ended + timedelta(days=days) <= now:
            n += 1
            if not dry_run:
                erase_item(s, p, now, files_root=files_root)
    counts["items"] = n
    q_old = (select(DialogueQuestion).join(DialogueSession, DialogueSession.id == DialogueQuestion.session_id)
             .where(DialogueQuestion.erased_at.is_(None),  # type: ignore[union-attr]
                    DialogueSession.starts_at < now - timedelta(days=rules.dialogue_days)))
    qs = list(s.exec(q_old).all())
    if not dry_run:
        for q in qs:
            erase_question(s, q, now)
    counts["questions"] = len(qs)
    out_old = (Outbox.status.in_([str(x) for x in FINISHED])  # type: ignore[attr-defined]
               & (Outbox.created_at < now - timedelta(days=rules.outbox_days))
               & or_(Outbox.sent_at.is_(None), Outbox.sent_at < now - timedelta(days=rules.outbox_days)))  # type: ignore[union-attr]
    counts["messages"] = _delete(s, Outbox, out_old, dry_run)
    forms = ConversationState.updated_at < now - timedelta(days=rules.forms_days)
    counts["forms"] = _delete(s, ConversationState, forms, dry_run)
    counts["lookup_failures"] = _delete(s, LookupFailure,
                                        LookupFailure.at < now - timedelta(days=rules.lookup_failures_days), dry_run)
    counts["processed_updates"] = _delete(
        s, ProcessedUpdate, ProcessedUpdate.at < now - timedelta(days=rules.processed_updates_days), dry_run)
    s.flush()
    return counts


def _delete(s: Session, model: Any, where: Any, dry_run: bool) -> int:
    if dry_run:
        return len(s.exec(select(model.id).where(where)).all())
    return int(s.exec(delete(model).where(where)).rowcount or 0)

