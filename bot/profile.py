"""Agency profiles: everything that differs between agencies lives in a YAML file, validated here."""

from __future__ import annotations

from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

PROFILES_DIR = Path(__file__).parent / "profiles"
KINDS = ("phan_anh", "kien_nghi", "khieu_nai", "to_cao")
MIN_TOPIC_EXAMPLES = 10


class ProfileError(Exception):
    """A profile file that cannot be used; the message says where and why, in plain words."""


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class ExtraQuestion(_Strict):
    """A per-topic question asked after the main content (like an Open311 service attribute)."""

    key: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    prompt: str
    label: str = Field(min_length=1, max_length=60)  # short name shown in summaries and staff cards
    # place: a map pin or typed words, matched to a commune (stored as the item's place)
    type: Literal["text", "number", "date", "choice", "place"] = "text"
    required: bool = False
    choices: list[str] = Field(default_factory=list)
    # the kinds the question fits (empty: all); a khiếu nại about a fine is not asked when the goods were bought
    kinds: list[Literal["phan_anh", "kien_nghi", "khieu_nai", "to_cao"]] = Field(default_factory=list)

    @model_validator(mode="after")
    def _choices(self) -> ExtraQuestion:
        if self.type == "choice" and len(self.choices) < 2:
            raise ValueError(f"câu hỏi '{self.key}' kiểu choice cần ít nhất 2 lựa chọn")
        return self


class SurveyQuestion(_Strict):
    """One question of a satisfaction survey; answered with one of ``choices`` (a scale, best first)."""

    key: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    prompt: str
    label: str = Field(min_length=1, max_length=60)
    choices: list[str] = Field(min_length=2, max_length=6)


class Surveys(_Strict):
    """Satisfaction surveys (the seed plans measure the procedure and the service, not only the answer).

    ``after_answer``: asked after the citizen rates an answer (the rating itself is the first question);
    ``after_dialogue``: sent to those who attended a dialogue session once it is marked held."""

    after_answer: list[SurveyQuestion] = Field(default_factory=list)
    after_dialogue: list[SurveyQuestion] = Field(default_factory=list)


class UrgentRule(_Strict):
    keywords: list[str] = Field(min_length=1)
    notice: str


class Topic(_Strict):
    code: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    name: str
    description: str = ""
    keywords: list[str] = Field(default_factory=list)
    department: str | None = None  # default department for routing
    extra_questions: list[ExtraQuestion] = Field(default_factory=list)
    urgent: UrgentRule | None = None
    # short real-style citizen messages of this field: `pakn nlu train --profile` learns the topic model from them
    examples: list[str] = Field(default_factory=list)


class Department(_Strict):
    code: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    name: str
    topics: list[str] = Field(default_factory=list)


class KindInfo(_Strict):
    code: Literal["phan_anh", "kien_nghi", "khieu_nai", "to_cao"]
    name: str
    description: str = ""
    legal_notice: str = ""  # told to the citizen at intake (formal requirements)


class DeadlineRule(_Strict):
    """How long the agency has to answer one kind of petition.

    ``days`` counts from receipt, or from the acknowledgement (thụ lý) when
    ``acknowledge_days`` is set. ``unit`` says whether weekends and holidays count.
    """

    days: int = Field(gt=0)
    unit: Literal["working", "calendar"] = "working"
    complex_days: int | None = None
    acknowledge_days: int | None = None
    acknowledge_unit: Literal["working", "calendar"] = "working"
    forward_days: int | None = None  # out of competence: forward within …
    source: str


class FaqItem(_Strict):
    key: str = Field(pattern=r"^[a-z0-9_]+$")
    question: str
    answer: str
    topic: str = "khac"
    keywords: list[str] = Field(default_factory=list)
    alt_questions: list[str] = Field(default_factory=list)


class Procedure(_Strict):
    """One administrative procedure (TTHC) the agency handles, as on the public-service portal."""

    key: str = Field(pattern=r"^[a-z0-9_]+$")
    name: str
    topic: str = "khac"
    aliases: list[str] = Field(default_factory=list)  # other names citizens use ("làm giấy khai sinh")
    papers: list[str] = Field(default_factory=list)
    time_limit: str = ""
    fee: str = ""
    where: str = ""
    link: str | None = None
    notes: str = ""


class OtherBody(_Strict):
    """A body that handles what this agency does not: questions about it get a pointer, not an answer."""

    key: str = Field(pattern=r"^[a-z0-9_]+$")
    name: str
    handles: str  # what it does, in the citizen's words ("cấp căn cước, đăng ký cư trú")
    where: str = ""
    link: str | None = None
    keywords: list[str] = Field(min_length=1)  # subjects that belong to it ("căn cước", "hộ chiếu")


class AnswerTemplate(_Strict):
    key: str = Field(pattern=r"^[a-z0-9_]+$")
    title: str
    text: str
    status: str | None = None  # answered | forwarded | rejected | needs_info | received
    topic: str | None = None


class Consent(_Strict):
    version: str
    text: str


class DialogueDefaults(_Strict):
    host: str
    place: str
    announce_days_before: int = 7
    publish_days_after: int = 10
    # the rule the announcement and publication deadlines come from, cited in staff warnings
    legal_basis: str = "quy chế đối thoại của cơ quan"
    rules: str = ""  # nội quy shown with announcements and registrations, unless a session has its own
    upward_body: str = ""  # where out-of-competence questions are forwarded by default


class Workflow(_Strict):
    """How the agency handles items beyond the legal deadlines."""

    # kinds whose answers a leader approves before they go out (the seed plans have the Director sign)
    approval_kinds: list[Literal["phan_anh", "kien_nghi", "khieu_nai", "to_cao"]] = Field(default_factory=list)
    # a dissatisfied rating reopens the item for a supervisor's review instead of closing it
    review_dissatisfied: bool = True
    # the department that handles tố cáo (never the accused unit's)
    inspection_department: str | None = None


class LookupLimits(_Strict):
    """Look-ups of items the asker did not send (verified with the last 4 digits of the phone)."""

    failures_per_code: int = Field(default=5, ge=1)  # wrong answers per code in 24 hours, all askers together
    failures_per_user: int = Field(default=20, ge=1)  # wrong answers per asker in 24 hours, all codes together


class Retention(_Strict):
    """How long personal data is kept (days). Periods whose legal basis the agency must confirm against its
    own archive list (Thông tư 10/2022/TT-BNV and its records schedule) are marked unconfirmed."""

    closed_items_days: int = Field(default=365, ge=0)  # phản ánh, kiến nghị after closing (unconfirmed)
    legal_case_days: int = Field(default=1826, ge=0)  # khiếu nại, tố cáo after closing (unconfirmed)
    dialogue_days: int = Field(default=365, ge=0)  # dialogue questions after the session
    outbox_days: int = Field(default=30, ge=0)  # delivered (or given up) messages, then deleted
    forms_days: int = Field(default=30, ge=0)  # a form left half-way (its answers)
    lookup_failures_days: int = Field(default=2, ge=1)
    processed_updates_days: int = Field(default=7, ge=1)


class Privacy(_Strict):
    lookup: LookupLimits = Field(default_factory=LookupLimits)
    retention: Retention = Field(default_factory=Retention)


class Profile(_Strict):
    code: str
    name: str
    short_name: str
    level: Literal["province", "commune"] = "province"
    address: str
    province: str = ""
    hotline: str
    emergency_hotline: str | None = None
    email: str | None = None
    website: str | None = None
    working_hours: str
    timezone: str = "Asia/Ho_Chi_Minh"  # IANA name: local dates (deadlines, reports) and times shown
    reception_schedule: str = ""  # lịch tiếp công dân
    departments: list[Department] = Field(min_length=1)
    topics: list[Topic] = Field(min_length=1)
    kinds: list[KindInfo] = Field(min_length=4)
    deadlines: dict[str, DeadlineRule]
    extra_days_off: list[date] = Field(default_factory=list)
    extra_working_days: list[date] = Field(default_factory=list)
    faq: list[FaqItem] = Field(default_factory=list)
    procedures: list[Procedure] = Field(default_factory=list)
    other_bodies: list[OtherBody] = Field(default_factory=list)
    # notice per urgent situation recognised by meaning (radiation | fire | violence | collapse); falls back to the
    # message catalog's urgent_<category>
    urgent_notices: dict[Literal["radiation", "fire", "violence", "collapse"], str] = Field(default_factory=dict)
    answer_templates: list[AnswerTemplate] = Field(default_factory=list)
    consent: Consent
    dialogue: DialogueDefaults
    workflow: Workflow = Field(default_factory=Workflow)
    texts: dict[str, str] = Field(default_factory=dict)  # overrides of bot/messages/vi.yaml
    privacy: Privacy = Field(default_factory=Privacy)
    surveys: Surveys = Field(default_factory=Surveys)

    @field_validator("timezone")
    @classmethod
    def _timezone(cls, v: str) -> str:
        from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

        try:
            ZoneInfo(v)
        except (ZoneInfoNotFoundError, ValueError) as e:
            raise ValueError(f"múi giờ không hợp lệ: {v} (dạng Asia/Ho_Chi_Minh)") from e
        return v

    @field_validator("deadlines")
    @classmethod
    def _all_kinds(cls, v: dict[str, DeadlineRule]) -> dict[str, DeadlineRule]:
        missing = [k for k in KINDS if k not in v]
        if missing:
            raise ValueError(f"thiếu thời hạn cho loại: {', '.join(missing)}")
        return v

    @model_validator(mode="after")
    def _references(self) -> Profile:
        topic_codes = {t.code for t in self.topics}
        dept_codes = {d.code for d in self.departments}
        if "khac" not in topic_codes:
            raise ValueError("cần có lĩnh vực 'khac' (khác)")
        for d in self.departments:
            for t in d.topics:
                if t not in topic_codes:
                    raise ValueError(f"phòng '{d.code}' nhận lĩnh vực không tồn tại '{t}'")
        for t in self.topics:
            if t.department and t.department not in dept_codes:
                raise ValueError(f"lĩnh vực '{t.code}' trỏ tới phòng không tồn tại '{t.department}'")
        for f in self.faq:
            if f.topic not in topic_codes:
                raise ValueError(f"câu hỏi thường gặp '{f.key}' có lĩnh vực không tồn tại '{f.topic}'")
        keys = [f.key for f in self.faq]
        if len(keys) != len(set(keys)):
            raise ValueError("khóa câu hỏi thường gặp bị trùng")
        if self.workflow.inspection_department and self.workflow.inspection_department not in dept_codes:
            raise ValueError(f"phòng thanh tra '{self.workflow.inspection_department}' không tồn tại")
        for pr in self.procedures:
            if pr.topic not in topic_codes:
                raise ValueError(f"thủ tục '{pr.key}' có lĩnh vực không tồn tại '{pr.topic}'")
        keys = [pr.key for pr in self.procedures]
        if len(keys) != len(set(keys)):
            raise ValueError("khóa thủ tục bị trùng")
        if {k.code for k in self.kinds} != set(KINDS):
            raise ValueError(f"cần mô tả đủ 4 loại: {', '.join(KINDS)}")
        return self

    # -- look-ups -------------------------------------------------------------------------
    def topic(self, code: str | None) -> Topic:
        for t in self.topics:
            if t.code == code:
                return t
        return next(t for t in self.topics if t.code == "khac")

    def kind(self, code: str) -> KindInfo:
        return next(k for k in self.kinds if k.code == code)

    def department(self, code: str | None) -> Department | None:
        return next((d for d in self.departments if d.code == code), None)

    def department_for(self, kind: str, topic: str) -> Department | None:
        """Where a new item goes: tố cáo to the inspection department, others by their topic."""
        if kind == "to_cao" and self.workflow.inspection_department:
            return self.department(self.workflow.inspection_department)
        return self.department_for_topic(topic)

    def department_for_topic(self, topic: str) -> Department | None:
        t = self.topic(topic)
        if t.department:
            return self.department(t.department)
        return next((d for d in self.departments if topic in d.topics), None)

    @property
    def topic_codes(self) -> list[str]:
        return [t.code for t in self.topics]

    def warnings(self) -> list[str]:
        """Things that work but work badly (shown by `pakn profile check`)."""
        out = []
        few = [t.code for t in self.topics if len(t.examples) < MIN_TOPIC_EXAMPLES]
        if few:
            out.append(f"lĩnh vực có ít hơn {MIN_TOPIC_EXAMPLES} câu ví dụ (examples), sẽ phân loại bằng từ khóa: "
                       + ", ".join(few))
        return out


_ERROR_TEXT = {
    "missing": "thiếu trường bắt buộc",
    "extra_forbidden": "trường không được phép (có thể gõ sai tên trường)",
    "string_type": "phải là chuỗi ký tự",
    "int_type": "phải là số nguyên",
    "int_parsing": "phải là số nguyên",
    "bool_type": "phải là true hoặc false",
    "bool_parsing": "phải là true hoặc false",
    "list_type": "phải là một danh sách",
    "dict_type": "phải là một bảng khóa: giá trị",
    "model_type": "phải là một bảng khóa: giá trị",
    "date_type": "phải là ngày dạng YYYY-MM-DD",
    "date_from_datetime_parsing": "phải là ngày dạng YYYY-MM-DD",
    "date_parsing": "phải là ngày dạng YYYY-MM-DD",
    "string_pattern_mismatch": "chỉ gồm chữ thường không dấu, số và dấu gạch dưới",
    "greater_than": "phải lớn hơn {gt}",
    "too_short": "cần ít nhất {min_length} phần tử",
}


def _error_text(e: dict) -> str:
    if e["type"] == "literal_error":
        return f"giá trị phải là một trong: {e.get('ctx', {}).get('expected', '')}"
    if e["type"] == "value_error":
        return str(e["msg"]).removeprefix("Value error, ")
    text = _ERROR_TEXT.get(e["type"])
    if text is None:
        return str(e["msg"])
    try:
        return text.format(**e.get("ctx", {}))
    except (KeyError, IndexError):
        return text


def _format_error(path: Path, err: ValidationError) -> str:
    lines = [f"Hồ sơ cơ quan không hợp lệ: {path}"]
    for e in err.errors():
        loc = ".".join(str(p) for p in e["loc"]) or "(gốc)"
        lines.append(f"  - {loc}: {_error_text(e)}")
    return "\n".join(lines)


def resolve_profile_path(name_or_path: str) -> Path:
    p = Path(name_or_path)
    if p.suffix in (".yaml", ".yml") or p.exists():
        return p
    return PROFILES_DIR / f"{name_or_path}.yaml"


def load_profile_file(path: Path) -> Profile:
    if not path.exists():
        available = ", ".join(sorted(x.stem for x in PROFILES_DIR.glob("*.yaml")))
        raise ProfileError(f"Không tìm thấy hồ sơ cơ quan '{path}'. Hồ sơ có sẵn: {available}")
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as e:
        raise ProfileError(f"Hồ sơ cơ quan {path} không phải YAML hợp lệ: {e}") from e
    if not isinstance(data, dict):
        raise ProfileError(f"Hồ sơ cơ quan {path} phải là một bảng khóa: giá trị")
    try:
        return Profile.model_validate(data)
    except ValidationError as e:
        raise ProfileError(_format_error(path, e)) from e


@lru_cache(maxsize=8)
def load_profile(name_or_path: str = "so-khcn") -> Profile:
    return load_profile_file(resolve_profile_path(name_or_path))
