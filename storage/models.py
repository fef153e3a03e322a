"""The schema. Every table of pakn-bot is declared here and nowhere else.

Conventions:
- datetimes are timezone-aware UTC (``storage.utcnow()``); display code converts to local time;
- dates that follow the working-day calendar (``due_date``) are local calendar dates;
- JSON columns hold plain lists/dicts so the same schema works on SQLite and PostgreSQL.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import JSON, Column, Index, Text, UniqueConstraint, text
from sqlmodel import Field, SQLModel


def utcnow() -> datetime:
    return datetime.now(UTC)


def _json_list() -> Any:
    return Field(default_factory=list, sa_column=Column(JSON, nullable=False, default=list))


def _json_dict() -> Any:
    return Field(default_factory=dict, sa_column=Column(JSON, nullable=False, default=dict))


class PetitionKind(StrEnum):
    phan_anh = "phan_anh"
    kien_nghi = "kien_nghi"
    khieu_nai = "khieu_nai"
    to_cao = "to_cao"


class PetitionStatus(StrEnum):
    received = "received"  # waiting for triage
    assigned = "assigned"
    in_progress = "in_progress"
    needs_info = "needs_info"
    approval = "approval"  # an answer waits for a leader's approval
    review = "review"  # reopened after a dissatisfied rating, for a supervisor's review
    answered = "answered"
    closed = "closed"
    forwarded = "forwarded"
    rejected = "rejected"
    withdrawn = "withdrawn"


OPEN_STATUSES = (
    PetitionStatus.received,
    PetitionStatus.assigned,
    PetitionStatus.in_progress,
    PetitionStatus.needs_info,
    PetitionStatus.approval,
    PetitionStatus.review,
)


class StaffRole(StrEnum):
    admin = "admin"
    officer = "officer"
    inspector = "inspector"  # thanh tra: may see a denouncer's identity


class SessionStatus(StrEnum):
    planned = "planned"  # created, registration open until the deadline
    held = "held"
    published = "published"  # answers published
    cancelled = "cancelled"


class QuestionStatus(StrEnum):
    registered = "registered"
    attended = "attended"
    answered = "answered"
    forwarded = "forwarded"
    withdrawn = "withdrawn"


class OutboxStatus(StrEnum):
    pending = "pending"
    sending = "sending"
    sent = "sent"
    failed = "failed"
    blocked = "blocked"  # recipient blocked the bot / unreachable
    cancelled = "cancelled"


class Citizen(SQLModel, table=True):
    __tablename__ = "citizens"
    __table_args__ = (
        UniqueConstraint("channel", "channel_user_id", name="uq_citizen_identity"),
        # the same person on other channels (same confirmed phone): looked for in every message's read of a
        # citizen whose phone is confirmed (storage.conversations), and by storage.citizens.confirmed_with_phone
        Index("ix_citizens_confirmed_phone", "phone", postgresql_where=text("phone_confirmed_at IS NOT NULL"),
              sqlite_where=text("phone_confirmed_at IS NOT NULL")),
    )

    id: int | None = Field(default=None, primary_key=True)
    channel: str = Field(max_length=32)
    channel_user_id: str = Field(max_length=128)
    display_name: str | None = Field(default=None, max_length=200)
    full_name: str | None = Field(default=None, max_length=200)
    phone: str | None = Field(default=None, max_length=32)
    email: str | None = Field(default=None, max_length=254)
    address: str | None = Field(default=None, sa_column=Column(Text))
    province_code: str | None = Field(default=None, max_length=8)
    commune_code: str | None = Field(default=None, max_length=8)
    consent_at: datetime | None = None
    consent_version: str | None = Field(default=None, max_length=32)
    subscribed: bool = False
    interests: list[str] = _json_list()
    unreachable: bool = False
    unreachable_reason: str | None = Field(default=None, max_length=200)
    erased_at: datetime | None = None
    # set when the channel vouched for ``phone`` (Telegram's own contact card) or a code sent to an
    # identity already confirmed on another channel was typed back: citizens with the same confirmed
    # phone are one person, who sees all their items on either channel
    phone_confirmed_at: datetime | None = None
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)


class Department(SQLModel, table=True):
    __tablename__ = "departments"

    id: int | None = Field(default=None, primary_key=True)
    code: str = Field(max_length=64, unique=True, index=True)
    name: str = Field(max_length=200)
    topics: list[str] = _json_list()
    telegram_thread_id: int | None = None
    active: bool = True


class Staff(SQLModel, table=True):
    __tablename__ = "staff"
    __table_args__ = (UniqueConstraint("channel", "channel_user_id", name="uq_staff_identity"),)

    id: int | None = Field(default=None, primary_key=True)
    channel: str = Field(max_length=32)
    channel_user_id: str = Field(max_length=128)
    name: str = Field(max_length=200)
    role: str = Field(default=StaffRole.officer, max_length=16)
    departments: list[str] = _json_list()
    active: bool = True
    created_at: datetime = Field(default_factory=utcnow)


# Where a petition came in: the chat channels use their own name (telegram, console, …); items entered by staff
# use one of these.
OFFLINE_CHANNELS = ("paper", "reception", "hotline", "email")

REPORT_COLUMNS = ("kind", "topic", "department_code", "status", "channel", "answered_at", "due_date", "rating")
_OPEN_SQL = text("status IN (" + ", ".join(f"'{x}'" for x in OPEN_STATUSES) + ")")  # partial indexes of open items


class Petition(SQLModel, table=True):
    __tablename__ = "petitions"
    __table_args__ = (
        Index("ix_petitions_status_due", "status", "due_date"),
        # open items by deadline, all and per department: inboxes, the deadline digest, overdue counts
        Index("ix_petitions_open_due", "due_date", "id", postgresql_where=_OPEN_SQL, sqlite_where=_OPEN_SQL),
        Index("ix_petitions_open_dept_due", "department_code", "due_date", "id", postgresql_where=_OPEN_SQL,
              sqlite_where=_OPEN_SQL),
        # reports: the period's rows read from the index alone on PostgreSQL (every column the figures use)
        Index("ix_petitions_created_at", "created_at", postgresql_include=list(REPORT_COLUMNS)),
        # the comments of dissatisfied ratings, without reading the period's other rows
        Index("ix_petitions_unhappy", "created_at", postgresql_where=text("rating = 1"), sqlite_where=text("rating = 1")),
        # each assignee's open items by deadline: "mine" inboxes and the assignees' part of the digest
        Index("ix_petitions_open_assignee_due", "assignee_id", "due_date", "id", postgresql_where=_OPEN_SQL,
              sqlite_where=_OPEN_SQL),
    )

    id: int | None = Field(default=None, primary_key=True)
    code: str = Field(max_length=32, unique=True, index=True)
    kind: str = Field(max_length=32)
    topic: str = Field(max_length=64)
    department_code: str | None = Field(default=None, max_length=64, index=True)
    content: str = Field(sa_column=Column(Text, nullable=False))
    extra: dict[str, Any] = _json_dict()  # answers to the topic's extra questions
    attachments: list[dict[str, Any]] = _json_list()
    channel: str = Field(max_length=32)  # intake channel: a chat channel's name or one of OFFLINE_CHANNELS
    source_ref: str | None = Field(default=None, max_length=128, unique=True, index=True)  # e.g. the paper register's row
    citizen_id: int | None = Field(default=None, foreign_key="citizens.id", index=True)
    # Contact data as given for this item (a snapshot: the citizen row may change later)
    full_name: str | None = Field(default=None, max_length=200)
    phone: str | None = Field(default=None, max_length=32)
    email: str | None = Field(default=None, max_length=254)
    address: str | None = Field(default=None, sa_column=Column(Text))
    organisation: str | None = Field(default=None, max_length=300)  # sent on behalf of a business, an association…
    # where the problem is (a pothole, a market stall): typed words, a shared map pin, the 2025 commune
    place_text: str | None = Field(default=None, sa_column=Column(Text))
    place_lat: float | None = None
    place_lon: float | None = None
    place_commune_code: str | None = Field(default=None, max_length=8)
    status: str = Field(default=PetitionStatus.received, max_length=16)  # indexed with due_date
    urgent: bool = False
    confidential: bool = False  # tố cáo: the denouncer's identity is classified
    anonymous: bool = False
    created_at: datetime = Field(default_factory=utcnow)  # the day received, for items entered later (indexed)
    updated_at: datetime = Field(default_factory=utcnow)
    due_date: date | None = None
    answered_at: datetime | None = None
    closed_at: datetime | None = None
    assignee_id: int | None = Field(default=None, foreign_key="staff.id")
    answer: str | None = Field(default=None, sa_column=Column(Text))
    forwarded_to: str | None = Field(default=None, max_length=300)
    reject_reason: str | None = Field(default=None, sa_column=Column(Text))
    rating: int | None = None  # 3 = hài lòng, 2 = bình thường, 1 = không hài lòng
    rating_comment: str | None = Field(default=None, sa_column=Column(Text))
    rated_at: datetime | None = None
    nlu: dict[str, Any] = _json_dict()  # scores at intake, for feedback and audits
    accepted_at: datetime | None = None  # thụ lý (khiếu nại, tố cáo): the legal clock starts here
    complex_reason: str | None = Field(default=None, sa_column=Column(Text))  # deadline extended, why
    draft_answer: str | None = Field(default=None, sa_column=Column(Text))  # an answer waiting for approval
    draft_by: int | None = Field(default=None, foreign_key="staff.id")
    answer_document: dict[str, Any] = _json_dict()  # e.g. the signed công văn (an Attachment as a dict)
    approved_by: int | None = Field(default=None, foreign_key="staff.id")
    erased_at: datetime | None = None  # personal data erased (request or retention); statistics remain


class ProtectedIdentity(SQLModel, table=True):
    """A denouncer's identity (tố cáo), apart from the item and encrypted at rest (bot.services.identity).

    ``sealed`` is a Fernet token of the sender's name, phone, e-mail, address and citizen row; the item
    itself keeps none of them. ``owner_digest`` (a keyed hash of the citizen row) lets the sender find
    their own item without the database saying who it is. For an anonymous tố cáo the sealed record is
    only the reply handle, and it is deleted when the item closes.
    """

    __tablename__ = "protected_identities"

    id: int | None = Field(default=None, primary_key=True)
    petition_id: int = Field(foreign_key="petitions.id", unique=True)
    sealed: str = Field(sa_column=Column(Text, nullable=False))
    owner_digest: str = Field(max_length=64, index=True)
    anonymous: bool = False
    created_at: datetime = Field(default_factory=utcnow)


class PetitionEvent(SQLModel, table=True):
    """The timeline and audit trail of a petition."""

    __tablename__ = "petition_events"
    # the daily digest marks newly overdue items with INSERT … SELECT … WHERE NOT EXISTS (an "overdue" event):
    # probing this small index instead of every event of every item due that week (1M petitions: 85 → 2 ms)
    __table_args__ = (Index("ix_petition_events_overdue", "petition_id", postgresql_where=text("action = 'overdue'"),
                            sqlite_where=text("action = 'overdue'")),)

    id: int | None = Field(default=None, primary_key=True)
    petition_id: int = Field(foreign_key="petitions.id", index=True)
    at: datetime = Field(default_factory=utcnow)
    actor: str = Field(max_length=64)  # "citizen", "staff:<id>", "system"
    staff_id: int | None = Field(default=None, foreign_key="staff.id")
    action: str = Field(max_length=32)
    from_status: str | None = Field(default=None, max_length=16)
    to_status: str | None = Field(default=None, max_length=16)
    note: str | None = Field(default=None, sa_column=Column(Text))
    public: bool = True  # shown to the citizen in their timeline
    data: dict[str, Any] = _json_dict()


class ExportRecord(SQLModel, table=True):
    """The audit trail of reports and exports: who took which data out, for which period."""

    __tablename__ = "export_log"

    id: int | None = Field(default=None, primary_key=True)
    at: datetime = Field(default_factory=utcnow)
    actor: str = Field(max_length=64)  # "staff:<id>" or "cli"
    staff_id: int | None = Field(default=None, foreign_key="staff.id")
    format: str = Field(max_length=16)  # xlsx | csv | pdf | png | text
    period_start: date
    period_end: date
    department: str | None = Field(default=None, max_length=64)
    topic: str | None = Field(default=None, max_length=64)
    rows: int = 0
    confidential_content: bool = False  # tố cáo content included (roles that may see it)
    file_name: str | None = Field(default=None, max_length=300)


class DialogueSession(SQLModel, table=True):
    __tablename__ = "dialogue_sessions"

    id: int | None = Field(default=None, primary_key=True)
    title: str = Field(max_length=300)
    host: str = Field(max_length=200)
    starts_at: datetime  # UTC
    place: str = Field(max_length=300)
    registration_deadline: datetime  # UTC
    capacity: int | None = None
    status: str = Field(default=SessionStatus.planned, max_length=16)
    topics: list[str] = _json_list()
    description: str | None = Field(default=None, sa_column=Column(Text))  # theme (chủ đề)
    programme: str | None = Field(default=None, sa_column=Column(Text))  # chương trình
    rules: str | None = Field(default=None, sa_column=Column(Text))  # nội quy
    held_override_by: int | None = Field(default=None, foreign_key="staff.id")  # "held" recorded early, by whom
    created_at: datetime = Field(default_factory=utcnow)
    announced_at: datetime | None = None
    reminded_at: datetime | None = None
    held_at: datetime | None = None
    results_published_at: datetime | None = None


class DialogueQuestion(SQLModel, table=True):
    __tablename__ = "dialogue_questions"

    id: int | None = Field(default=None, primary_key=True)
    code: str = Field(max_length=32, unique=True, index=True)
    session_id: int = Field(foreign_key="dialogue_sessions.id", index=True)
    citizen_id: int | None = Field(default=None, foreign_key="citizens.id", index=True)
    channel: str = Field(default="console", max_length=32)
    full_name: str | None = Field(default=None, max_length=200)
    organisation: str | None = Field(default=None, max_length=300)
    phone: str | None = Field(default=None, max_length=32)
    topic: str = Field(default="khac", max_length=64)
    question: str = Field(sa_column=Column(Text, nullable=False))
    attend_in_person: bool = True
    status: str = Field(default=QuestionStatus.registered, max_length=16)
    answer: str | None = Field(default=None, sa_column=Column(Text))
    answered_at: datetime | None = None
    answered_by: int | None = Field(default=None, foreign_key="staff.id")
    checked_in_at: datetime | None = None
    source: str = Field(default="registered", max_length=16)  # registered | floor (raised during the session)
    forwarded_to: str | None = Field(default=None, max_length=300)
    created_at: datetime = Field(default_factory=utcnow)
    erased_at: datetime | None = None  # personal data erased (request or retention)


class FaqEntry(SQLModel, table=True):
    __tablename__ = "faq_entries"

    id: int | None = Field(default=None, primary_key=True)
    key: str = Field(max_length=64, unique=True)
    question: str = Field(sa_column=Column(Text, nullable=False))
    answer: str = Field(sa_column=Column(Text, nullable=False))
    topic: str = Field(default="khac", max_length=64)
    keywords: list[str] = _json_list()
    alt_questions: list[str] = _json_list()
    source: str = Field(default="profile", max_length=16)  # profile | staff
    active: bool = True
    updated_at: datetime = Field(default_factory=utcnow)


class ConversationState(SQLModel, table=True):
    __tablename__ = "conversation_states"
    __table_args__ = (UniqueConstraint("channel", "user_id", name="uq_conversation"),)

    id: int | None = Field(default=None, primary_key=True)
    channel: str = Field(max_length=32)
    user_id: str = Field(max_length=128)
    state: str = Field(default="idle", max_length=64)
    slots: dict[str, Any] = _json_dict()
    updated_at: datetime = Field(default_factory=utcnow)
    # optimistic locking: every save is ``UPDATE … WHERE version = <read>``; a concurrent writer wins
    version: int = Field(default=0, sa_column_kwargs={"server_default": "0"})


class Outbox(SQLModel, table=True):
    """Every message that leaves the core for someone other than the current sender."""

    __tablename__ = "outbox"
    __table_args__ = (
        Index("ix_outbox_claim", "status", "channel", "next_attempt_at"),
        # per-recipient FIFO: the worker claims a row only when no earlier row to that chat is unfinished
        Index("ix_outbox_recipient", "channel", "recipient", "status"),
    )

    id: int | None = Field(default=None, primary_key=True)
    channel: str = Field(max_length=32)
    recipient: str = Field(max_length=128)  # chat id on that channel
    citizen_id: int | None = Field(default=None, foreign_key="citizens.id")
    purpose: str = Field(default="notify", max_length=32)  # notify | card | broadcast | digest | reminder
    ref: str | None = Field(default=None, max_length=64, index=True)  # e.g. PA-2026-000123
    payload: dict[str, Any] = _json_dict()  # serialised bot.core.types.Outbound
    status: str = Field(default=OutboxStatus.pending, max_length=16)
    attempts: int = 0
    next_attempt_at: datetime = Field(default_factory=utcnow)
    claimed_at: datetime | None = None
    claimed_by: str | None = Field(default=None, max_length=64)
    last_error: str | None = Field(default=None, sa_column=Column(Text))
    external_id: str | None = Field(default=None, max_length=64)  # message id returned by the channel
    broadcast_id: int | None = Field(default=None, foreign_key="broadcasts.id", index=True)
    dedupe_key: str | None = Field(default=None, max_length=128, unique=True)
    created_at: datetime = Field(default_factory=utcnow)
    sent_at: datetime | None = None


class Broadcast(SQLModel, table=True):
    """An announcement to many recipients (issue: announcements and reminders)."""

    __tablename__ = "broadcasts"

    id: int | None = Field(default=None, primary_key=True)
    text: str = Field(sa_column=Column(Text, nullable=False))
    photo: str | None = Field(default=None, max_length=300)
    session_id: int | None = Field(default=None, foreign_key="dialogue_sessions.id")
    audience: dict[str, Any] = _json_dict()  # {"type": "all"|"topics"|"session", "topics": [...], ...}
    status: str = Field(default="draft", max_length=16)  # draft | scheduled | sending | done | cancelled
    scheduled_at: datetime | None = None
    created_by: int | None = Field(default=None, foreign_key="staff.id")
    created_at: datetime = Field(default_factory=utcnow)
    started_at: datetime | None = None
    finished_at: datetime | None = None
    total: int = 0
    progress_chat: str | None = Field(default=None, max_length=128)
    progress_message_id: str | None = Field(default=None, max_length=64)


class CardRef(SQLModel, table=True):
    """Where the staff card of an item was posted, so it can be edited in place."""

    __tablename__ = "card_refs"
    __table_args__ = (UniqueConstraint("channel", "ref", name="uq_card_ref"),)

    id: int | None = Field(default=None, primary_key=True)
    channel: str = Field(max_length=32)
    ref: str = Field(max_length=64)  # PA-… or DT-…
    chat_id: str = Field(max_length=128)
    message_id: str | None = Field(default=None, max_length=64)
    thread_id: int | None = None
    updated_at: datetime = Field(default_factory=utcnow)


class ProcessedUpdate(SQLModel, table=True):
    """Inbound update ids already handled, so a redelivered update does nothing twice."""

    __tablename__ = "processed_updates"
    __table_args__ = (UniqueConstraint("channel", "update_id", name="uq_processed_update"),)

    id: int | None = Field(default=None, primary_key=True)
    channel: str = Field(max_length=32)
    update_id: str = Field(max_length=64)
    at: datetime = Field(default_factory=utcnow)


class CodeCounter(SQLModel, table=True):
    """Per prefix and year sequence for human-typable codes (PA-2026-000123)."""

    __tablename__ = "code_counters"

    prefix: str = Field(primary_key=True, max_length=8)
    year: int = Field(primary_key=True)
    value: int = 0


class NluFeedback(SQLModel, table=True):
    """Staff reclassifications, exported as training data."""

    __tablename__ = "nlu_feedback"

    id: int | None = Field(default=None, primary_key=True)
    petition_id: int | None = Field(default=None, foreign_key="petitions.id")
    text: str = Field(sa_column=Column(Text, nullable=False))
    old_kind: str | None = Field(default=None, max_length=32)
    new_kind: str | None = Field(default=None, max_length=32)
    old_topic: str | None = Field(default=None, max_length=64)
    new_topic: str | None = Field(default=None, max_length=64)
    staff_id: int | None = Field(default=None, foreign_key="staff.id")
    at: datetime = Field(default_factory=utcnow)


class KeyValue(SQLModel, table=True):
    """Small persistent flags for scheduled jobs (last digest date, …)."""

    __tablename__ = "kv"

    key: str = Field(primary_key=True, max_length=128)
    value: dict[str, Any] = _json_dict()
    updated_at: datetime = Field(default_factory=utcnow)


class WebMessage(SQLModel, table=True):
    """The web chat's history, per browser identity (the signed cookie's id), so a reload shows it again."""

    __tablename__ = "web_messages"
    __table_args__ = (Index("ix_web_messages_user", "user_id", "id"),)

    id: int | None = Field(default=None, primary_key=True)
    user_id: str = Field(max_length=64)
    direction: str = Field(max_length=4)  # "in" (from the citizen) | "out" (from the bot or staff)
    text: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))
    data: dict[str, Any] = _json_dict()  # buttons, request_phone, attachment names
    created_at: datetime = Field(default_factory=utcnow)


class PublicationStatus(StrEnum):
    waiting = "waiting"  # the citizen agreed; staff have not approved a text yet
    approved = "approved"  # shown on the public page
    withdrawn = "withdrawn"  # taken down by staff (or the citizen's data was erased)


class Publication(SQLModel, table=True):
    """An item the citizen agreed to publish, and the text staff approved for the public page."""

    __tablename__ = "publications"

    id: int | None = Field(default=None, primary_key=True)
    petition_id: int = Field(foreign_key="petitions.id", unique=True)
    status: str = Field(default=PublicationStatus.waiting, max_length=16, index=True)
    content: str | None = Field(default=None, sa_column=Column(Text))  # the approved (masked, edited) text
    answer: str | None = Field(default=None, sa_column=Column(Text))  # the approved (masked) answer
    consent_at: datetime = Field(default_factory=utcnow)
    approved_by: int | None = Field(default=None, foreign_key="staff.id")
    approved_at: datetime | None = None
    updated_at: datetime = Field(default_factory=utcnow)


class LookupFailure(SQLModel, table=True):
    """A look-up of somebody else's item that failed verification (wrong last 4 digits of the phone).

    Counted per user and per code over the last 24 hours to stop guessing; kept a short time (retention)."""

    __tablename__ = "lookup_failures"
    __table_args__ = (
        Index("ix_lookup_failures_subject", "subject", "at"),
        Index("ix_lookup_failures_code", "code", "at"),
    )

    id: int | None = Field(default=None, primary_key=True)
    subject: str = Field(max_length=170)  # "<channel>:<user id>"
    code: str = Field(max_length=32)  # without its check letter
    at: datetime = Field(default_factory=utcnow)

class ChannelUsage(SQLModel, table=True):
    """Outbound messages a channel sent in one calendar month (plans with a monthly quota: Zalo)."""

    __tablename__ = "channel_usage"
    __table_args__ = (UniqueConstraint("channel", "month", name="uq_channel_usage"),)

    id: int | None = Field(default=None, primary_key=True)
    channel: str = Field(max_length=32)
    month: str = Field(max_length=7)  # YYYY-MM, agency's time zone
    sent: int = 0
    warned_at: datetime | None = None  # admins were told the quota is nearly spent
    updated_at: datetime = Field(default_factory=utcnow)


class SurveyAnswer(SQLModel, table=True):
    """One answered question of a satisfaction survey (after an answer, or after a dialogue session): a choice
    of the profile's fixed scale, one row per question so that reports count them in SQL. Free-text
    comments are not kept here (a rating comment stays on its petition)."""

    __tablename__ = "survey_answers"
    __table_args__ = (Index("ix_survey_subject_at", "subject", "created_at"),)

    id: int | None = Field(default=None, primary_key=True)
    subject: str = Field(max_length=16)  # answer | dialogue
    petition_id: int | None = Field(default=None, index=True)
    session_id: int | None = Field(default=None, index=True)
    citizen_id: int | None = Field(default=None, index=True)  # unlinked on erasure
    question: str = Field(max_length=64)  # the profile's question key
    choice: str = Field(max_length=200)  # the choice as the profile words it
    created_at: datetime = Field(default_factory=utcnow)
