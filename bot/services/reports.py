"""Reports for leadership and exports for the office (issue: reports and exports).

``build(env, actor, period)`` gathers every figure from SQL aggregates (storage/reports.py) in the profile's
time zone; ``summary_text``, ``write_xlsx``, ``write_csv``, ``write_chart`` and ``write_pdf`` present them.
Exports never contain a tố cáo sender's identity, and contain tố cáo content only for the roles that may see
it (admin, inspector; the command line acts as the system and may). Every export is recorded in the audit
trail (``export_log``) in the caller's unit of work.
"""

from __future__ import annotations

import calendar as _cal
import csv
import re
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import intents
from bot.core.render import fmt_short_date
from bot.services import xlsx_rows
from bot.services.base import Actor, Env, Refused
from storage import reports as repo
from storage.models import StaffRole

CONFIDENTIAL_ROLES = (str(StaffRole.admin), str(StaffRole.inspector))
SECRET = "(bảo mật)"
CONTENT_WITHHELD = "(nội dung tố cáo: chỉ lãnh đạo, thanh tra được xem)"
CHANNEL_NAMES = {
    "telegram": "Telegram", "zalo": "Zalo", "web": "Cổng thông tin", "console": "Thử nghiệm (console)",
    "paper": "Đơn giấy, bưu điện", "reception": "Tiếp công dân trực tiếp", "hotline": "Đường dây nóng",
    "email": "Thư điện tử",
}
RATING_NAMES = {3: "Hài lòng", 2: "Bình thường", 1: "Không hài lòng"}
QUARTER_ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}


# ============================================================================================ periods
@dataclass(frozen=True)
class Period:
    start: date
    end: date  # inclusive
    label: str

    @classmethod
    def month(cls, year: int, month: int) -> Period:
        last = _cal.monthrange(year, month)[1]
        return cls(date(year, month, 1), date(year, month, last), f"tháng {month:02d}/{year}")

    @classmethod
    def quarter(cls, year: int, q: int) -> Period:
        first = date(year, 3 * q - 2, 1)
        last = date(year, 3 * q, _cal.monthrange(year, 3 * q)[1])
        return cls(first, last, f"quý {QUARTER_ROMAN[q]}/{year}")

    @classmethod
    def year(cls, year: int) -> Period:
        return cls(date(year, 1, 1), date(year, 12, 31), f"năm {year}")

    @classmethod
    def between(cls, start: date, end: date) -> Period:
        if end < start:
            raise Refused("report_bad_period", text=f"{fmt_short_date(start)}–{fmt_short_date(end)}")
        return cls(start, end, f"từ {fmt_short_date(start)} đến {fmt_short_date(end)}")

    @classmethod
    def current_quarter(cls, today: date) -> Period:
        return cls.quarter(today.year, (today.month - 1) // 3 + 1)

    @property
    def file_tag(self) -> str:
        return f"{self.start:%Y%m%d}-{self.end:%Y%m%d}"


_Q = re.compile(r"^(?:(\d{4})\s*-?\s*q([1-4])|q([1-4])\s*[/-]\s*(\d{4}))$", re.I)
_M = re.compile(r"^(?:(\d{4})-(\d{1,2})|(\d{1,2})/(\d{4}))$")
_Y = re.compile(r"^(\d{4})$")
_D = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")


def parse_day(text: str) -> date | None:
    m = _D.match(text.strip())
    if not m:
        return None
    try:
        return date(int(m.group(3)), int(m.group(2)), int(m.group(1)))
    except ValueError:
        return None


def parse_period(text: str, today: date) -> Period:
    """'2026-Q4', 'Q4/2026', 'quy 4/2026', '2026-11', '11/2026', '2026', 'dd/mm/yyyy-dd/mm/yyyy'; empty = this
    quarter. Raises Refused('report_bad_period') otherwise."""
    t = " ".join(text.lower().replace("quý", "q").replace("quy", "q").replace("tháng", "").replace("thang", "").split())
    t = t.replace("q ", "q")
    if not t:
        return Period.current_quarter(today)
    if m := _Q.match(t):
        y, q = (m.group(1), m.group(2)) if m.group(1) else (m.group(4), m.group(3))
        return Period.quarter(int(y), int(q))
    if m := _M.match(t):
        y, mo = (m.group(1), m.group(2)) if m.group(1) else (m.group(4), m.group(3))
        if 1 <= int(mo) <= 12:
            return Period.month(int(y), int(mo))
    if m := _Y.match(t):
        return Period.year(int(m.group(1)))
    parts = re.split(r"\s*(?:-|–|đến|den|to)\s*", t)
    if len(parts) == 2 and (a := parse_day(parts[0])) and (b := parse_day(parts[1])):
        return Period.between(a, b)
    raise Refused("report_bad_period", text=text.strip())


# ============================================================================================ the report
@dataclass
class Report:
    period: Period
    department: str | None
    topic: str | None
    today: date
    total: int = 0
    by_kind: dict[str, int] = field(default_factory=dict)
    by_topic: dict[str, int] = field(default_factory=dict)
    by_department: dict[str | None, int] = field(default_factory=dict)
    by_status: dict[str, int] = field(default_factory=dict)
    by_channel: dict[str, int] = field(default_factory=dict)
    answered: int = 0
    on_time: int = 0
    late: int = 0
    overdue_of_period: int = 0  # received in the period, still open and past due today
    overdue_now: int = 0  # every open item past due today (whatever its receipt date)
    overdue_by_department: dict[str | None, int] = field(default_factory=dict)
    answer_days: dict[int, int] = field(default_factory=dict)  # working days -> petitions
    ratings: dict[int, int] = field(default_factory=dict)
    dissatisfied: list[tuple[str, str, str]] = field(default_factory=list)
    surveys: dict[tuple[str, str, str], int] = field(default_factory=dict)  # (subject, question, choice) -> n
    sessions: list[repo.SessionFigures] = field(default_factory=list)
    publish_days: int = 10
    announcements: repo.AnnouncementFigures = field(default_factory=repo.AnnouncementFigures)

    @property
    def rated(self) -> int:
        return sum(self.ratings.values())

    @property
    def response_rate(self) -> float | None:
        return self.rated / self.answered if self.answered else None

    @property
    def on_time_rate(self) -> float | None:
        return self.on_time / self.answered if self.answered else None

    @property
    def avg_days(self) -> float | None:
        n = sum(self.answer_days.values())
        return sum(k * v for k, v in self.answer_days.items()) / n if n else None

    @property
    def median_days(self) -> float | None:
        n = sum(self.answer_days.values())
        if not n:
            return None

        def nth(i: int) -> int:  # 0-based i-th value of the sorted distribution
            seen = 0
            for k in sorted(self.answer_days):
                seen += self.answer_days[k]
                if i < seen:
                    return k
            raise IndexError(i)  # pragma: no cover

        return (nth((n - 1) // 2) + nth(n // 2)) / 2

    def busiest_topics(self, n: int = 5) -> list[tuple[str, int]]:
        return Counter(self.by_topic).most_common(n)

    def most_overdue_departments(self, n: int = 5) -> list[tuple[str | None, int]]:
        return Counter(self.overdue_by_department).most_common(n)

    def publication(self, fs: repo.SessionFigures) -> tuple[date | None, date | None, bool | None]:
        """(deadline, published on, within the rule) for a session held; (None, None, None) if not held."""
        from bot.core.render import local

        if fs.held_at is None and fs.status not in ("held", "published"):
            return None, None, None
        held = local(fs.held_at or fs.starts_at).date()
        deadline = held + timedelta(days=self.publish_days)
        published = local(fs.published_at).date() if fs.published_at else None
        ok = (published <= deadline) if published else (False if self.today > deadline else None)
        return deadline, published, ok


def scope_of(env: Env, period: Period, department: str | None = None, topic: str | None = None) -> repo.Scope:
    if department and env.profile.department(department) is None:
        raise Refused("report_unknown_department", code=department,
                      known=", ".join(d.code for d in env.profile.departments))
    if topic and topic not in env.profile.topic_codes:
        raise Refused("report_unknown_topic", code=topic)
    return repo.Scope(period.start, period.end, env.profile.timezone, department, topic)


def may_report(actor: Actor) -> bool:
    return actor.kind == "system" or actor.staff is not None


def may_see_denunciations(actor: Actor) -> bool:
    """Tố cáo content (never the identity) in exports: admin, inspector and the system (the command line)."""
    return actor.kind == "system" or actor.role in CONFIDENTIAL_ROLES


def build(env: Env, actor: Actor, period: Period, *, department: str | None = None,
          topic: str | None = None) -> Report:
    if not may_report(actor):
        raise Refused("report_not_allowed")
    scope = scope_of(env, period, department, topic)
    today = env.today
    r = Report(period, department, topic, today, publish_days=env.profile.dialogue.publish_days_after)
    groups = repo.petition_groups(env.s, scope, today)
    kinds: Counter[str] = Counter()
    topics: Counter[str] = Counter()
    depts: Counter[str | None] = Counter()
    statuses: Counter[str] = Counter()
    channels: Counter[str] = Counter()
    ratings: Counter[int] = Counter()
    for g in groups:  # aggregate rows (one per combination), not petitions
        kinds[g.kind] += g.total
        topics[g.topic] += g.total
        depts[g.department] += g.total
        statuses[g.status] += g.total
        channels[g.channel] += g.total
        r.answered += g.answered
        r.on_time += g.on_time
        r.late += g.late
        r.overdue_of_period += g.overdue
        ratings.update(g.rated)
    r.total = sum(kinds.values())
    r.by_kind, r.by_topic, r.by_department = dict(kinds), dict(topics), dict(depts)
    r.by_status, r.by_channel = dict(statuses), dict(channels)
    r.ratings = {k: ratings.get(k, 0) for k in (3, 2, 1)}
    last = max(today, period.end)
    days, numbers = env.calendar.numbers(period.start - timedelta(days=1), last + timedelta(days=1))
    r.answer_days = repo.answer_days(env.s, scope, today, days, numbers)
    r.overdue_by_department = repo.overdue_by_department(env.s, today, department)
    r.overdue_now = sum(r.overdue_by_department.values())
    comments = repo.dissatisfied_comments(env.s, scope)
    if not may_see_denunciations(actor):
        comments = [c for c in comments if c[1] != "to_cao"]
    r.dissatisfied = comments
    r.surveys = repo.survey_counts(env.s, scope)
    if not department and not topic:
        r.sessions = repo.dialogue_sessions(env.s, scope, today)
        r.announcements = repo.announcements(env.s, scope)
    return r


# ============================================================================================ labels
def _num(x: float | None, digits: int = 1) -> str:
    if x is None:
        return "—"
    s = f"{x:.{digits}f}".replace(".", ",")
    return s[:-2] if digits == 1 and s.endswith(",0") else s


def _pct(part: int, whole: int) -> str:
    return f"{round(100 * part / whole)}%" if whole else "—"


class Labels:
    def __init__(self, env: Env) -> None:
        self.profile, self.t = env.profile, env.t

    def kind(self, code: str) -> str:
        try:
            return self.profile.kind(code).name
        except Exception:
            return code

    def topic(self, code: str) -> str:
        return self.profile.topic(code).name if code in self.profile.topic_codes else code

    def department(self, code: str | None) -> str:
        d = self.profile.department(code) if code else None
        return d.name if d else (code or "Chưa phân phòng")

    def status(self, code: str) -> str:
        return self.t("status_" + code)

    @staticmethod
    def channel(code: str) -> str:
        return CHANNEL_NAMES.get(code, code)


def _title(env: Env, r: Report, lab: Labels) -> str:
    scope = f" — {lab.department(r.department)}" if r.department else ""
    scope += f" — lĩnh vực {lab.topic(r.topic)}" if r.topic else ""
    return (f"Báo cáo tiếp nhận, xử lý phản ánh, kiến nghị {r.period.label} "
            f"({fmt_short_date(r.period.start)}–{fmt_short_date(r.period.end)}){scope}")


def _joined(items: Iterable[tuple[str, int]]) -> str:
    return ", ".join(f"{k}: {v}" for k, v in items) or "—"


def survey_lines(env: Env, r: Report) -> list[tuple[str, str]]:
    """One line per survey question of the profile: the share of each choice ("Phiếu khảo sát — …")."""
    out = []
    for subject, questions in (("answer", env.profile.surveys.after_answer),
                               ("dialogue", env.profile.surveys.after_dialogue)):
        for q in questions:
            counts = [(c, r.surveys.get((subject, q.key, c), 0)) for c in q.choices]
            total = sum(n for _c, n in counts)
            if total:
                out.append((f"Khảo sát: {q.label}", ", ".join(f"{c} {n} ({_pct(n, total)})" for c, n in counts)))
    return out


def summary_lines(env: Env, r: Report) -> list[tuple[str, str]]:
    """(label, value) pairs of the summary, shared by the text, the XLSX summary sheet and the PDF."""
    lab = Labels(env)
    out = [
        ("Tổng số hồ sơ tiếp nhận", str(r.total)),
        ("Theo loại", _joined((lab.kind(k.code), r.by_kind[k.code]) for k in env.profile.kinds if k.code in r.by_kind)),
        ("Theo kênh tiếp nhận", _joined((lab.channel(k), v) for k, v in Counter(r.by_channel).most_common())),
        ("Theo trạng thái", _joined((lab.status(k), v) for k, v in Counter(r.by_status).most_common())),
        ("Theo phòng", _joined((lab.department(k), v) for k, v in Counter(r.by_department).most_common())),
        ("Lĩnh vực nhiều nhất", _joined((lab.topic(k), v) for k, v in r.busiest_topics())),
        ("Đã trả lời", f"{r.answered} — đúng hạn {r.on_time} ({_pct(r.on_time, r.answered)}), trễ hạn {r.late}"),
        ("Thời gian trả lời (ngày làm việc)", f"trung bình {_num(r.avg_days)}, trung vị {_num(r.median_days)}"),
        ("Hồ sơ của kỳ đang quá hạn", str(r.overdue_of_period)),
        ("Đang quá hạn hôm nay (mọi kỳ)", str(r.overdue_now)),
        ("Phòng nhiều hồ sơ quá hạn nhất",
         _joined((lab.department(k), v) for k, v in r.most_overdue_departments()) if r.overdue_now else "—"),
        ("Mức độ hài lòng", ", ".join(f"{RATING_NAMES[k]} {v} ({_pct(v, r.rated)})" for k, v in r.ratings.items())
         if r.rated else "chưa có đánh giá"),
        ("Tỷ lệ phản hồi khảo sát", f"{r.rated}/{r.answered} ({_pct(r.rated, r.answered)})"),
    ]
    for code, _kind, comment in r.dissatisfied[:5]:
        out.append((f"Ý kiến không hài lòng {code}", " ".join(comment.split())[:300]))
    out += survey_lines(env, r)
    for fs in r.sessions:
        deadline, published, ok = r.publication(fs)
        pub = ("chưa diễn ra" if deadline is None else
               f"công bố {fmt_short_date(published)} ({'đúng' if ok else 'quá'} hạn {fmt_short_date(deadline)})"
               if published else f"chưa công bố (hạn {fmt_short_date(deadline)}{', đã quá hạn' if ok is False else ''})")
        out.append((f"Đối thoại #{fs.id} {fmt_short_date(fs.starts_at)}",
                    f"{fs.title}: {fs.registered} câu hỏi; trả lời tại hội nghị {fs.answered_at_session}, bằng văn "
                    f"bản {fs.answered_in_writing}, chuyển cấp trên {fs.forwarded}, chưa trả lời {fs.unanswered}; "
                    f"dự {fs.attended}, vắng {fs.absent if deadline else '—'}; {pub}"))
    a = r.announcements
    if a.broadcasts:
        st = a.by_status
        out.append(("Thông báo đã gửi",
                    f"{a.broadcasts} đợt, {a.recipients} người nhận; đã gửi {st.get('sent', 0)}, "
                    f"chặn/không liên lạc được {st.get('blocked', 0)}, lỗi {st.get('failed', 0)}, đang chờ "
                    f"{st.get('pending', 0) + st.get('sending', 0)}; đã hủy nhận tin {a.unsubscribed}; "
                    "số đã đọc: kênh không báo"))
    return out


def summary_text(env: Env, r: Report) -> str:
    lab = Labels(env)
    lines = [f"📊 {_title(env, r, lab)}"]
    lines += [f"• {k}: {v}" for k, v in summary_lines(env, r)]
    return "\n".join(lines)


# ============================================================================================ exports
HEADERS = [  # (title, width, source)
    ("Mã hồ sơ", 16, "code"), ("Loại", 12, "kind"), ("Lĩnh vực", 24, "topic"), ("Phòng xử lý", 26, "department_code"),
    ("Kênh tiếp nhận", 18, "channel"), ("Trạng thái", 18, "status"), ("Ngày tiếp nhận", 13, "created_at"),
    ("Hạn xử lý", 12, "due_date"), ("Ngày trả lời", 13, "answered_at"), ("Đúng hạn", 10, "on_time"),
    ("Họ tên", 22, "full_name"), ("Điện thoại", 14, "phone"), ("Địa chỉ", 30, "address"), ("Nội dung", 60, "content"),
    ("Trả lời", 60, "answer"), ("Đánh giá", 14, "rating"), ("Ý kiến đánh giá", 30, "rating_comment"),
    ("Khẩn", 7, "urgent"), ("Số hiệu sổ", 14, "source_ref"),
    # where the problem is and who it was sent for (issue 10)
    ("Tổ chức", 24, "organisation"), ("Địa điểm", 30, "place_text"), ("Xã/phường", 24, "place_commune_code"),
    ("Tọa độ", 20, "place_lat"),
]
_IDX = {c: i for i, c in enumerate(repo.EXPORT_COLUMNS)}
_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def _clean(text: str | None) -> str | None:
    """None for empty (no cell is written), without the control characters XML cannot hold."""
    if not text:
        return None
    return _ILLEGAL.sub("", text) if _ILLEGAL.search(text) else text


def export_records(env: Env, actor: Actor, scope: repo.Scope, kind: str | None = None) -> Iterator[list[Any]]:
    """Rows for the exports (values in HEADERS order, dates as local ``date``, None for empty), streamed from
    the database.

    Tố cáo: the sender's name, phone and address are never exported; content, answer and the rating comment
    only for actors that may see them."""
    from bot.core.render import fmt_coords, tz

    zone = tz()
    lab = Labels(env)
    see = may_see_denunciations(actor)
    names: dict[str, dict[Any, str]] = {
        "kind": {k.code: k.name for k in env.profile.kinds},
        "topic": {t.code: t.name for t in env.profile.topics},
        "department_code": {d.code: d.name for d in env.profile.departments},
    }

    def name(field: str, code: Any) -> str:
        table = names.setdefault(field, {})
        got = table.get(code)
        if got is None:
            got = table[code] = (lab.department(code) if field == "department_code" else
                                 lab.status(code) if field == "status" else lab.channel(code) if field == "channel"
                                 else str(code))
        return got

    communes: dict[str, str | None] = {}

    def commune(code: str | None) -> str | None:
        if not code:
            return None
        if code not in communes:
            c = intents.commune_by_code(code)
            communes[code] = f"{c['name']}, {c['province']}" if c else code
        return communes[code]

    i = _IDX
    for v in repo.export_rows(env.s, scope, kind):
        secret = v[i["kind"]] == "to_cao"
        hidden = secret and not see
        answered_at, due = v[i["answered_at"]], v[i["due_date"]]
        answered = answered_at.astimezone(zone).date() if answered_at else None
        on_time = None if answered is None else ("Đúng hạn" if due is None or answered <= due else "Trễ hạn")
        rating = v[i["rating"]]
        lat, lon = v[i["place_lat"]], v[i["place_lon"]]
        yield [
            v[i["code"]], name("kind", v[i["kind"]]), name("topic", v[i["topic"]]),
            name("department_code", v[i["department_code"]]), name("channel", v[i["channel"]]),
            name("status", v[i["status"]]), v[i["created_at"]].astimezone(zone).date(), due, answered, on_time,
            SECRET if secret else _clean(v[i["full_name"]]), SECRET if secret else _clean(v[i["phone"]]),
            SECRET if secret else _clean(v[i["address"]]),
            CONTENT_WITHHELD if hidden else _clean(v[i["content"]]),
            CONTENT_WITHHELD if hidden else _clean(v[i["answer"]]),
            RATING_NAMES.get(rating) if rating else None,
            None if hidden else _clean(v[i["rating_comment"]]),
            "Có" if v[i["urgent"]] else None, v[i["source_ref"]] or None,
            SECRET if secret and v[i["organisation"]] else _clean(v[i["organisation"]]),
            (CONTENT_WITHHELD if v[i["place_text"]] else None) if hidden else _clean(v[i["place_text"]]),
            commune(v[i["place_commune_code"]]),
            None if hidden or lat is None or lon is None else fmt_coords(lat, lon),
        ]


def _audit(env: Env, actor: Actor, fmt: str, scope: repo.Scope, rows: int, path: Path | None) -> None:
    repo.record_export(env.s, actor=actor.ref if actor.kind != "system" else "cli", staff_id=actor.staff_id,
                       format=fmt, scope=scope, rows=rows,
                       confidential_content=fmt in ("xlsx", "csv") and may_see_denunciations(actor),
                       file_name=path.name if path else None)


def write_xlsx(env: Env, actor: Actor, r: Report, path: Path) -> int:
    """Summary sheet plus one sheet per kind, openpyxl write-only (rows streamed, memory bounded)."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    scope = scope_of(env, r.period, r.department, r.topic)
    wb = Workbook(write_only=True)
    bold = Font(bold=True)
    head_fill = PatternFill("solid", fgColor="DDEBF7")

    def header_cell(ws: Any, value: str) -> WriteOnlyCell:
        c = WriteOnlyCell(ws, value=value)
        c.font, c.fill = bold, head_fill
        c.alignment = Alignment(wrap_text=True, vertical="center")
        return c

    lab = Labels(env)
    ws = wb.create_sheet("Tổng hợp")
    ws.column_dimensions["A"].width = 38
    ws.column_dimensions["B"].width = 110
    ws.freeze_panes = "A3"
    title = WriteOnlyCell(ws, value=_title(env, r, lab))
    title.font = Font(bold=True, size=13)
    ws.append([title])
    ws.append([header_cell(ws, "Chỉ tiêu"), header_cell(ws, "Số liệu")])
    for k, v in summary_lines(env, r):
        ws.append([k, _text_cell(ws, v)])
    made = WriteOnlyCell(ws, value=env.today)
    made.number_format = "DD/MM/YYYY"
    ws.append([])
    ws.append(["Ngày lập báo cáo", made])

    total = 0
    widths = [w for _t, w, _s in HEADERS]
    last_col = get_column_letter(len(HEADERS))
    day_style = xlsx_rows.date_style(ws, "DD/MM/YYYY")
    sheets: list[xlsx_rows.SheetRows] = []
    try:
        for kind in env.profile.kinds:
            sheet = wb.create_sheet(kind.name[:31])
            for i, w in enumerate(widths, 1):
                sheet.column_dimensions[get_column_letter(i)].width = w
            sheet.freeze_panes = "A2"
            sheet.append([header_cell(sheet, t) for t, _w, _s in HEADERS])
            # the data rows bypass openpyxl's per-cell objects (xlsx_rows: the same cells, ~15x less CPU)
            rows = xlsx_rows.SheetRows(sheet, len(HEADERS), day_style)
            sheets.append(rows)
            for values in export_records(env, actor, scope, kind.code):
                rows.append(values)
            sheet.auto_filter.ref = f"A1:{last_col}{rows.count + 1}"
            total += rows.count
        xlsx_rows.save(wb, path, sheets)
    finally:
        for rows in sheets:
            rows.close()
    _audit(env, actor, "xlsx", scope, total, path)
    return total


def _text_cell(ws: Any, value: str) -> Any:
    from openpyxl.cell import WriteOnlyCell

    c = WriteOnlyCell(ws, value=value)
    if isinstance(value, str) and value.startswith("="):
        c.data_type = "s"  # citizen text is never a formula
    return c


def write_csv(env: Env, actor: Actor, r: Report, path: Path) -> int:
    """Every kind in one CSV, UTF-8 with a BOM (Excel then reads the diacritics), dates dd/mm/yyyy."""
    scope = scope_of(env, r.period, r.department, r.topic)
    n = 0
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8-sig", newline="") as f:
        w = csv.writer(f)
        w.writerow([t for t, _w, _s in HEADERS])
        for values in export_records(env, actor, scope):
            w.writerow([_csv_value(x) for x in values])
            n += 1
    _audit(env, actor, "csv", scope, n, path)
    return n


def _csv_value(x: Any) -> str:
    if isinstance(x, date):
        return f"{x.day:02d}/{x.month:02d}/{x.year}"
    s = "" if x is None else str(x)
    return "'" + s if s[:1] in ("=", "+", "-", "@") else s  # no formula injection when opened in a spreadsheet


# ============================================================================================ charts
FONT = "DejaVu Sans"  # ships with matplotlib and covers Vietnamese (checked by tests/test_reports.py)


def _pyplot() -> Any:
    import matplotlib

    matplotlib.use("Agg", force=False)
    import matplotlib.pyplot as plt

    plt.rcParams["font.family"] = FONT
    return plt


def chart_figure(env: Env, r: Report) -> Any:
    plt = _pyplot()
    lab = Labels(env)
    fig, axes = plt.subplots(2, 2, figsize=(12, 8), dpi=100)
    fig.suptitle(_title(env, r, lab), fontsize=12, wrap=True)
    ax = axes[0][0]
    kinds = [(lab.kind(k.code), r.by_kind.get(k.code, 0)) for k in env.profile.kinds]
    ax.bar([k for k, _ in kinds], [v for _, v in kinds], color="#2f6db5")
    ax.set_title("Số hồ sơ theo loại")
    for i, (_k, v) in enumerate(kinds):
        ax.annotate(str(v), (i, v), ha="center", va="bottom")
    ax = axes[0][1]
    vals = [r.on_time, r.late, r.overdue_of_period]
    ax.bar(["Đúng hạn", "Trễ hạn", "Đang quá hạn"], vals, color=["#3a9d5d", "#e0a030", "#c8423b"])
    ax.set_title(f"Tiến độ trả lời (đúng hạn {_pct(r.on_time, r.answered)})")
    for i, v in enumerate(vals):
        ax.annotate(str(v), (i, v), ha="center", va="bottom")
    ax = axes[1][0]
    sat = [(RATING_NAMES[k], r.ratings.get(k, 0)) for k in (3, 2, 1)]
    ax.bar([k for k, _ in sat], [v for _, v in sat], color=["#3a9d5d", "#9aa5b1", "#c8423b"])
    ax.set_title(f"Mức độ hài lòng ({r.rated} đánh giá, phản hồi {_pct(r.rated, r.answered)})")
    ax = axes[1][1]
    top = r.busiest_topics(6)[::-1]
    ax.barh([_short(lab.topic(k), 34) for k, _ in top], [v for _, v in top], color="#6b4fa0")
    ax.set_title("Lĩnh vực nhiều hồ sơ nhất")
    fig.tight_layout(rect=(0, 0, 1, 0.95))
    return fig


def _short(text: str, n: int) -> str:
    return text if len(text) <= n else text[: n - 1].rstrip(" ,") + "…"


def write_chart(env: Env, actor: Actor, r: Report, path: Path) -> Path:
    plt = _pyplot()
    fig = chart_figure(env, r)
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, format="png")
    plt.close(fig)
    _audit(env, actor, "png", scope_of(env, r.period, r.department, r.topic), 0, path)
    return path


def write_pdf(env: Env, actor: Actor, r: Report, path: Path) -> Path:
    """The summary on the first page(s) and the charts on the last, A4 landscape, for printing."""
    import textwrap

    from matplotlib.backends.backend_pdf import PdfPages

    plt = _pyplot()
    lab = Labels(env)
    path.parent.mkdir(parents=True, exist_ok=True)
    lines: list[tuple[str, bool]] = []
    for k, v in summary_lines(env, r):
        wrapped = textwrap.wrap(f"{k}: {v}", 120) or [""]
        lines += [(w, i == 0) for i, w in enumerate(wrapped)]
    per_page = 30
    with PdfPages(path) as pdf:
        for start in range(0, max(len(lines), 1), per_page):
            fig = plt.figure(figsize=(11.69, 8.27))
            fig.text(0.05, 0.95, _title(env, r, lab), fontsize=12, weight="bold", va="top", wrap=True)
            y = 0.88
            for text, first in lines[start:start + per_page]:
                fig.text(0.05 if first else 0.07, y, text, fontsize=9, va="top")
                y -= 0.028
            pdf.savefig(fig)
            plt.close(fig)
        fig = chart_figure(env, r)
        fig.set_size_inches(11.69, 8.27)
        pdf.savefig(fig)
        plt.close(fig)
        info = pdf.infodict()
        info["Title"] = _title(env, r, lab)
        info["CreationDate"] = datetime.now().astimezone()
    _audit(env, actor, "pdf", scope_of(env, r.period, r.department, r.topic), 0, path)
    return path
