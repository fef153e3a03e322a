"""Reports, exports and the intake register, against a hand-checked fixture (SQLite and PostgreSQL).

The period is 01/02/2026–30/04/2026 (it holds Tết 16–20/02 and the compensatory day off of Giỗ Tổ, Monday
27/04); "today" is Monday 04/05/2026, 09:00 in Hà Nội. Every expected figure below was counted by hand.

| item | kind / channel | received (local) | due | answered (local) | working days | on time | rating |
| A | phản ánh / telegram | Tue 10/02 09:00 | 03/03 | 04/03 10:00 | 11 (Tết skipped) | late | 1 + comment |
| B | kiến nghị / telegram | Thu 12/02 08:00 | 05/03 | 05/03 23:30 (16:30 UTC) | 10 | yes | 3 |
| C | phản ánh / hotline | Mon 20/04 08:00 | 07/05 | open, in progress | | | |
| D | phản ánh / paper | Mon 13/04 09:00 | 28/04 | 29/04 06:30 (28/04 UTC) | 11 (27/04 skipped) | late | none |
| E | khiếu nại / reception | Mon 02/02 09:00 | 16/03 | open, overdue today | | | |
| F | tố cáo / telegram | Thu 05/03 09:00 | 24/04 | 20/03 15:00 | 11 | yes | 2 |
| H | kiến nghị / telegram | Thu 30/04 23:30 (16:30 UTC) | 15/05 | open | | | |
| G | outside: Sat 31/01 23:30 local (in the period by its UTC date, not by the local one); open, due 27/02: overdue |
| I | outside: Fri 01/05 00:30 local (30/04 17:30 UTC) |
| J | an old item of 2025, open and overdue: counts in "overdue today" only |
"""

from __future__ import annotations

import csv
import io
import warnings
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from bot.core import staff_reports
from bot.core.render import use_timezone
from bot.core.texts import Catalog
from bot.services import intake
from bot.services import reports as svc
from bot.services.base import Actor, Env, Refused
from bot.workdays import WorkCalendar
from storage import broadcasts, dialogue, outbox, petitions
from storage import reports as repo
from storage import staff as staff_repo
from tests.conftest import Chat, Clock, build_core

HN = ZoneInfo("Asia/Ho_Chi_Minh")
NOW = datetime(2026, 5, 4, 9, 0, tzinfo=HN).astimezone(UTC)
PERIOD = svc.Period.between(date(2026, 2, 1), date(2026, 4, 30))


def lt(y: int, mo: int, d: int, h: int = 9, mi: int = 0) -> datetime:
    """A local (Hà Nội) time as aware UTC."""
    return datetime(y, mo, d, h, mi, tzinfo=HN).astimezone(UTC)


def env_for(s, profile) -> Env:
    use_timezone(profile.timezone)
    return Env(s=s, profile=profile, clock=lambda: NOW, t=Catalog(profile), calendar=WorkCalendar.from_profile(profile))


def _petition(s, code_year: int = 2026, **fields):
    created = fields.pop("created_at")
    p = petitions.create(s, year=code_year, created_at=created, updated_at=created, **fields)
    return p


def seed(store) -> dict[str, str]:
    codes: dict[str, str] = {}
    with store.session() as s:
        base = dict(topic="khac", department_code="van_phong", content="Nội dung hồ sơ thử nghiệm")
        a = _petition(s, kind="phan_anh", channel="telegram", created_at=lt(2026, 2, 10), due_date=date(2026, 3, 3),
                      status="answered", answered_at=lt(2026, 3, 4, 10), answer="Đã trả lời A", rating=1,
                      rating_comment="Trả lời chậm quá", rated_at=lt(2026, 3, 5), full_name="Nguyễn Văn A",
                      phone="0912000001", **base)
        b = _petition(s, kind="kien_nghi", channel="telegram", created_at=lt(2026, 2, 12, 8), due_date=date(2026, 3, 5),
                      status="closed", answered_at=lt(2026, 3, 5, 23, 30), answer="Đã trả lời B", rating=3,
                      rated_at=lt(2026, 3, 6), **{**base, "topic": "dich_vu_cong_truc_tuyen"})
        c = _petition(s, kind="phan_anh", channel="hotline", created_at=lt(2026, 4, 20, 8), due_date=date(2026, 5, 7),
                      status="in_progress", **{**base, "topic": "dich_vu_cong_truc_tuyen"})
        d = _petition(s, kind="phan_anh", channel="paper", created_at=lt(2026, 4, 13), due_date=date(2026, 4, 28),
                      status="answered", answered_at=lt(2026, 4, 29, 6, 30), answer="=Đã trả lời D",
                      **{**base, "topic": "dich_vu_cong_truc_tuyen", "content": "=SUM(A1:A9) nội dung bắt đầu bằng ="})
        e = _petition(s, kind="khieu_nai", channel="reception", created_at=lt(2026, 2, 2), due_date=date(2026, 3, 16),
                      status="received", **{**base, "department_code": "thanh_tra"})
        f = _petition(s, kind="to_cao", channel="telegram", created_at=lt(2026, 3, 5), due_date=date(2026, 4, 24),
                      status="answered", answered_at=lt(2026, 3, 20, 15), answer="Kết luận tố cáo F", rating=2,
                      rated_at=lt(2026, 3, 21), confidential=True, full_name="Trần Bí Mật", phone="0988777666",
                      address="Số 1 đường Bí Mật", **{**base, "department_code": "thanh_tra",
                                                       "content": "Tố cáo ông X nhận tiền của doanh nghiệp"})
        h = _petition(s, kind="kien_nghi", channel="telegram", created_at=lt(2026, 4, 30, 23, 30),
                      due_date=date(2026, 5, 15), status="received", **base)
        _petition(s, kind="phan_anh", channel="telegram", created_at=lt(2026, 1, 31, 23, 30), due_date=date(2026, 2, 27),
                  status="received", **base)  # G
        _petition(s, kind="phan_anh", channel="telegram", created_at=lt(2026, 5, 1, 0, 30), due_date=date(2026, 5, 18),
                  status="received", **base)  # I
        _petition(s, code_year=2025, kind="phan_anh", channel="telegram", created_at=lt(2025, 12, 1),
                  due_date=date(2025, 12, 15), status="assigned", **{**base, "department_code": "chi_cuc_tdc"})  # J
        codes.update(A=a.code, B=b.code, C=c.code, D=d.code, E=e.code, F=f.code, H=h.code)

        # a dialogue session held 15/04, results published 28/04 (deadline 25/04: late)
        ds = dialogue.create_session(s, title="Đối thoại quý II", host="Giám đốc Sở", starts_at=lt(2026, 4, 15, 8, 30),
                                     place="Hội trường", registration_deadline=lt(2026, 4, 12), status="published",
                                     held_at=lt(2026, 4, 15, 8, 30), results_published_at=lt(2026, 4, 28, 10))
        q = dict(session_id=ds.id, question="Câu hỏi về thủ tục", year=2026)
        dialogue.create_question(s, attend_in_person=True, checked_in_at=lt(2026, 4, 15, 8), status="answered",
                                 answer="Trả lời tại hội nghị", answered_at=lt(2026, 4, 15, 10), **q)
        dialogue.create_question(s, attend_in_person=True, status="answered", answer="Trả lời bằng văn bản",
                                 answered_at=lt(2026, 4, 20, 10), **q)  # an absentee, answered in writing
        dialogue.create_question(s, attend_in_person=False, status="registered", **q)  # not answered yet
        dialogue.create_question(s, attend_in_person=True, status="withdrawn", **q)  # not counted

        # an announcement started 10/03 to 3 citizens: 2 delivered, 1 blocked; one has unsubscribed since
        from storage.models import Citizen

        cits = [Citizen(channel="telegram", channel_user_id=str(100 + i), subscribed=i != 0) for i in range(3)]
        s.add_all(cits)
        s.flush()
        bc = broadcasts.create(s, text="Thông báo", status="done", started_at=lt(2026, 3, 10), total=3)
        for i, cz in enumerate(cits):
            row = outbox.enqueue(s, channel="telegram", recipient=cz.channel_user_id, citizen_id=cz.id,
                                 broadcast_id=bc.id, purpose="broadcast", payload={"text": "Thông báo"})
            row.status = "sent" if i < 2 else "blocked"
            s.add(row)
        s.flush()
        # satisfaction surveys: two after answers and one after the session in the period, one after it
        from storage import surveys

        surveys.add(s, subject="answer", answers={"thai_do": "Rất hài lòng", "thoi_gian": "Trễ hẹn"},
                    at=lt(2026, 4, 21, 9))
        surveys.add(s, subject="answer", answers={"thai_do": "Chưa hài lòng"}, at=lt(2026, 4, 28, 9))
        surveys.add(s, subject="dialogue", answers={"to_chuc": "Hài lòng"}, session_id=ds.id, at=lt(2026, 4, 16))
        surveys.add(s, subject="answer", answers={"thai_do": "Hài lòng"}, at=lt(2026, 5, 2, 9))
    return codes


@pytest.fixture
def seeded(store, profile):
    return store, profile, seed(store)


def test_figures_match_the_hand_count(seeded):
    store, profile, _codes = seeded
    with store.session() as s:
        r = svc.build(env_for(s, profile), Actor.system(), PERIOD)
    assert r.total == 7
    assert r.by_kind == {"phan_anh": 3, "kien_nghi": 2, "khieu_nai": 1, "to_cao": 1}
    assert r.by_channel == {"telegram": 4, "paper": 1, "hotline": 1, "reception": 1}
    assert r.by_topic == {"khac": 4, "dich_vu_cong_truc_tuyen": 3}
    assert r.by_department == {"van_phong": 5, "thanh_tra": 2}
    assert r.by_status == {"answered": 3, "closed": 1, "in_progress": 1, "received": 2}
    assert (r.answered, r.on_time, r.late) == (4, 2, 2)  # D, answered 06:30 the day after, is late
    assert r.answer_days == {10: 1, 11: 3}
    assert r.avg_days == pytest.approx(10.75) and r.median_days == 11
    assert r.overdue_of_period == 1 and r.overdue_now == 3  # E; and G, J received outside the period
    assert r.overdue_by_department == {"thanh_tra": 1, "van_phong": 1, "chi_cuc_tdc": 1}
    assert r.ratings == {3: 1, 2: 1, 1: 1} and r.rated == 3 and r.response_rate == pytest.approx(0.75)
    assert [c for _code, _k, c in r.dissatisfied] == ["Trả lời chậm quá"]
    assert r.surveys == {("answer", "thai_do", "Rất hài lòng"): 1, ("answer", "thai_do", "Chưa hài lòng"): 1,
                         ("answer", "thoi_gian", "Trễ hẹn"): 1, ("dialogue", "to_chuc", "Hài lòng"): 1}
    assert r.busiest_topics(1) == [("khac", 4)]

    (fs,) = r.sessions
    assert (fs.registered, fs.in_person, fs.attended, fs.absent) == (3, 2, 1, 1)
    assert (fs.answered_at_session, fs.answered_in_writing, fs.unanswered, fs.forwarded) == (1, 1, 1, 0)
    assert r.publication(fs) == (date(2026, 4, 25), date(2026, 4, 28), False)

    a = r.announcements
    assert (a.broadcasts, a.recipients, a.by_status, a.unsubscribed) == (1, 3, {"sent": 2, "blocked": 1}, 1)

    text = svc.summary_text(env_for(None, profile), r)
    assert "Tổng số hồ sơ tiếp nhận: 7" in text and "đúng hạn 2 (50%), trễ hạn 2" in text
    assert "trung bình 10,8, trung vị 11" in text and "Trả lời chậm quá" in text
    assert "Đơn giấy, bưu điện: 1" in text and "vắng 1" in text and "quá hạn 25/04/2026" in text
    assert "Khảo sát: Thái độ phục vụ: Rất hài lòng 1 (50%), Hài lòng 0 (0%), Chưa hài lòng 1 (50%)" in text
    assert "Khảo sát: Tổ chức buổi đối thoại: Rất hài lòng 0 (0%), Hài lòng 1 (100%)" in text


def test_department_filter_and_overdue_beyond_any_limit(seeded):
    store, profile, _ = seeded
    with store.session() as s:
        env = env_for(s, profile)
        r = svc.build(env, Actor.system(), PERIOD, department="thanh_tra")
        assert r.total == 2 and r.by_kind == {"khieu_nai": 1, "to_cao": 1} and r.overdue_now == 1
        assert repo.overdue_count(s, date(2026, 5, 4)) == 3
        with pytest.raises(Refused) as e:
            svc.build(env, Actor.system(), PERIOD, department="khong_co")
        assert e.value.key == "report_unknown_department"


@pytest.mark.parametrize(("text", "expected"), [
    ("2026-Q4", (date(2026, 10, 1), date(2026, 12, 31))), ("Q1/2026", (date(2026, 1, 1), date(2026, 3, 31))),
    ("quý 2/2026", (date(2026, 4, 1), date(2026, 6, 30))), ("2026-02", (date(2026, 2, 1), date(2026, 2, 28))),
    ("11/2026", (date(2026, 11, 1), date(2026, 11, 30))), ("2026", (date(2026, 1, 1), date(2026, 12, 31))),
    ("01/02/2026-30/04/2026", (date(2026, 2, 1), date(2026, 4, 30))), ("", (date(2026, 4, 1), date(2026, 6, 30))),
])
def test_periods(text, expected):
    p = svc.parse_period(text, date(2026, 5, 4))
    assert (p.start, p.end) == expected


def test_bad_period_is_refused():
    with pytest.raises(Refused):
        svc.parse_period("quý 5", date(2026, 5, 4))
    with pytest.raises(Refused):
        svc.parse_period("30/04/2026-01/02/2026", date(2026, 5, 4))


def test_working_day_numbers_agree_with_day_by_day_counting():
    cal = WorkCalendar(extra_days_off=[date(2026, 3, 2)])
    days, numbers = cal.numbers(date(2025, 12, 20), date(2026, 5, 10))
    for i in range(0, len(days), 7):
        for j in range(i, len(days), 11):
            a, b = days[i], days[j]
            slow = sum(1 for k in range((b - a).days) if cal.is_working_day(a + timedelta(days=k + 1)))
            assert numbers[j] - numbers[i] == slow == cal.working_days_between(a, b)
            assert cal.working_days_between(b, a) == -slow


# ------------------------------------------------------------------------------------------ exports
def _staff(s, role: str):
    return staff_repo.add(s, channel="console", user_id=f"u-{role}", name=f"Cán bộ {role}", role=role)


def test_xlsx_read_back_cell_by_cell(seeded, tmp_path):
    from openpyxl import load_workbook

    store, profile, codes = seeded
    path = tmp_path / "bao-cao.xlsx"
    with store.session() as s:
        env = env_for(s, profile)
        admin = Actor.of_staff(_staff(s, "admin"))
        r = svc.build(env, admin, PERIOD)
        assert svc.write_xlsx(env, admin, r, path) == 7
    wb = load_workbook(path)
    assert wb.sheetnames == ["Tổng hợp", "Phản ánh", "Kiến nghị", "Khiếu nại", "Tố cáo"]
    summary = wb["Tổng hợp"]
    assert summary["A1"].value.startswith("Báo cáo tiếp nhận, xử lý phản ánh, kiến nghị từ 01/02/2026 đến 30/04/2026")
    assert (summary["A2"].value, summary["B2"].value) == ("Chỉ tiêu", "Số liệu")
    assert (summary["A3"].value, summary["B3"].value) == ("Tổng số hồ sơ tiếp nhận", "7")
    assert summary.freeze_panes == "A3"

    ws = wb["Phản ánh"]
    headers = [c.value for c in ws[1]]
    assert headers[:10] == ["Mã hồ sơ", "Loại", "Lĩnh vực", "Phòng xử lý", "Kênh tiếp nhận", "Trạng thái",
                            "Ngày tiếp nhận", "Hạn xử lý", "Ngày trả lời", "Đúng hạn"]
    assert ws.freeze_panes == "A2" and ws.auto_filter.ref == "A1:W4"
    assert ws.column_dimensions["A"].width == 16 and ws.column_dimensions["N"].width == 60
    rows = [[c.value for c in row] for row in ws.iter_rows(min_row=2)]
    assert [r[0] for r in rows] == [codes["A"], codes["D"], codes["C"]]  # oldest first
    a = rows[0]
    assert a[1:6] == ["Phản ánh", "Lĩnh vực khác", "Văn phòng Sở – Bộ phận Một cửa", "Telegram", "Đã trả lời"]
    assert a[6:10] == [datetime(2026, 2, 10), datetime(2026, 3, 3), datetime(2026, 3, 4), "Trễ hạn"]
    assert ws.cell(row=2, column=7).number_format == "DD/MM/YYYY"
    assert a[10:12] == ["Nguyễn Văn A", "0912000001"] and a[15:17] == ["Không hài lòng", "Trả lời chậm quá"]
    d = rows[1]
    assert d[4] == "Đơn giấy, bưu điện" and d[8] == datetime(2026, 4, 29) and d[9] == "Trễ hạn"
    assert d[13] == "=SUM(A1:A9) nội dung bắt đầu bằng =" and ws.cell(row=3, column=14).data_type == "s"
    assert rows[2][8] is None and rows[2][9] is None  # C: not answered

    denounce = [[c.value for c in row] for row in wb["Tố cáo"].iter_rows(min_row=2)]
    (f,) = denounce
    assert f[10:13] == ["(bảo mật)"] * 3  # the identity never leaves
    assert f[13] == "Tố cáo ông X nhận tiền của doanh nghiệp"  # an admin sees the content
    with store.session() as s:
        (rec,) = repo.export_log(s)
        assert (rec.format, rec.rows, rec.confidential_content, rec.actor) == ("xlsx", 7, True, admin.ref)
        assert (rec.period_start, rec.period_end) == (date(2026, 2, 1), date(2026, 4, 30))


def test_officer_cannot_export_denunciation_content(seeded, tmp_path):
    from openpyxl import load_workbook

    store, profile, _ = seeded
    with store.session() as s:
        env = env_for(s, profile)
        officer = Actor.of_staff(_staff(s, "officer"))
        r = svc.build(env, officer, PERIOD)
        svc.write_xlsx(env, officer, r, tmp_path / "o.xlsx")
        svc.write_csv(env, officer, r, tmp_path / "o.csv")
    (f,) = [[c.value for c in row] for row in load_workbook(tmp_path / "o.xlsx")["Tố cáo"].iter_rows(min_row=2)]
    assert f[13] == svc.CONTENT_WITHHELD and f[14] == svc.CONTENT_WITHHELD and f[10] == "(bảo mật)"
    raw = (tmp_path / "o.csv").read_text(encoding="utf-8-sig")
    assert "nhận tiền" not in raw and "Trần Bí Mật" not in raw and "0988777666" not in raw
    assert "Kết luận tố cáo F" not in raw
    with store.session() as s:
        assert {(x.format, x.confidential_content) for x in repo.export_log(s)} == {("xlsx", False), ("csv", False)}


def test_csv_has_a_bom_and_reads_back(seeded, tmp_path):
    store, profile, codes = seeded
    path = tmp_path / "bao-cao.csv"
    with store.session() as s:
        env = env_for(s, profile)
        r = svc.build(env, Actor.system(), PERIOD)
        assert svc.write_csv(env, Actor.system(), r, path) == 7
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert rows[0][0] == "Mã hồ sơ" and len(rows) == 8
    by_code = {r[0]: r for r in rows[1:]}
    assert by_code[codes["B"]][6:10] == ["12/02/2026", "05/03/2026", "05/03/2026", "Đúng hạn"]
    assert by_code[codes["D"]][13].startswith("'=SUM")  # no formula when opened in a spreadsheet
    assert by_code[codes["F"]][10] == "(bảo mật)" and by_code[codes["F"]][13].startswith("Tố cáo ông X")


def test_chart_and_pdf_render_vietnamese(seeded, tmp_path):
    from matplotlib import font_manager
    from matplotlib.ft2font import FT2Font
    from PIL import Image

    store, profile, _ = seeded
    with store.session() as s:
        env = env_for(s, profile)
        r = svc.build(env, Actor.system(), PERIOD)
        with warnings.catch_warnings():
            warnings.simplefilter("error")  # "Glyph … missing from font" would fail here
            png = svc.write_chart(env, Actor.system(), r, tmp_path / "c.png")
            pdf = svc.write_pdf(env, Actor.system(), r, tmp_path / "c.pdf")
    with Image.open(png) as im:
        assert im.size == (1200, 800)
    assert pdf.read_bytes().startswith(b"%PDF") and pdf.stat().st_size > 10_000
    font = FT2Font(font_manager.findfont(svc.FONT, fallback_to_default=False))
    charmap = font.get_charmap()
    labels = "Số hồ sơ theo loại Tiến độ trả lời Đúng hạn Trễ hạn Đang quá hạn Mức độ hài lòng Không hài lòng " \
             "Lĩnh vực nhiều hồ sơ nhất Báo cáo tiếp nhận, xử lý phản ánh, kiến nghị quý IV ẩ ặ ễ ỗ ữ ự ỹ Ỵ đ Đ"
    assert all(ord(ch) in charmap for ch in labels if not ch.isspace())


# ------------------------------------------------------------------------------------------ in the chat
def test_baocao_sends_summary_chart_and_workbook(seeded, tmp_path, monkeypatch):
    store, profile, _ = seeded
    core = build_core(store, profile, Clock(NOW))
    core.exports_dir = tmp_path / "exports"
    with store.session() as s:
        staff_repo.add(s, channel="console", user_id="sep", name="Lãnh đạo", role="admin")
        staff_repo.add(s, channel="console", user_id="cb", name="Cán bộ", role="officer")
    chat = Chat(core, "sep")
    out = chat.say("/baocao 01/02/2026-30/04/2026")
    assert "Tổng số hồ sơ tiếp nhận: 7" in out[0].text
    files = out[1].attachments
    assert [a.kind for a in files] == ["photo", "document"]
    assert all(Path(a.stored_path).is_file() for a in files) and files[1].file_name.endswith(".xlsx")
    assert "thanh_tra" not in out[0].text  # names, not codes
    out = Chat(core, "cb").say("/baocao 2026-Q1 thanh_tra")
    assert "Tổng số hồ sơ tiếp nhận: 2" in out[0].text and "không có trong tệp" in out[1].text
    assert "Không hiểu kỳ báo cáo" in Chat(core, "cb").say("/baocao quý 9")[0].text
    monkeypatch.setattr(staff_reports, "CHAT_XLSX_LIMIT", 5)
    out = chat.say("/baocao 01/02/2026-30/04/2026")
    assert [a.kind for a in out[1].attachments] == ["photo"] and "có 7 hồ sơ, quá nhiều" in out[1].text
    stats = Chat(core, "cb").say("/thongke")[0].text
    assert "quá hạn: 3" in stats.lower() and "Theo kênh tiếp nhận: Telegram: 2" in stats


def test_nhap_registers_a_paper_item_with_its_channel(store, profile, tmp_path):
    core = build_core(store, profile, Clock(NOW))
    with store.session() as s:
        staff_repo.add(s, channel="console", user_id="cb", name="Cán bộ", role="officer")
    chat = Chat(core, "cb")
    out = chat.say("/nhap tiếp dân | Nguyễn Văn An | 0912 345 678 | thôn 3 | phản ánh | dịch vụ công | "
                   "Cổng dịch vụ công không nộp được hồ sơ | 28/04/2026")
    assert "Đã nhập PA-2026-" in out[0].text and "tiếp công dân trực tiếp" in out[0].text
    code = out[0].text.split()[2].rstrip(":")
    with store.session() as s:
        p = petitions.get_by_code(s, code)
        assert (p.channel, p.topic, p.kind, p.phone) == ("reception", "dich_vu_cong_truc_tuyen", "phan_anh", "0912345678")
        assert p.created_at == lt(2026, 4, 28, 8) and p.due_date == date(2026, 5, 14)  # 10 working days from 28/04 (30/04, 1/5 off)
        cards = [o for o in outbox.rows_for(s, ref=code) if o.purpose == "card"]
        assert len(cards) == 1  # the staff card of the new item, once, as for a chat petition
    assert "không hợp lệ" in chat.say("/nhap fax | A | 1 | x | phản ánh | khác | nội dung đủ dài")[0].text
    assert "chỉ do lãnh đạo hoặc thanh tra" in chat.say("/nhap giấy | A | 1 | x | tố cáo | khác | nội dung đủ dài")[0].text
    assert "Cách dùng" in chat.say("/nhap giấy | A")[0].text


def test_import_register_dry_run_refusals_and_rerun(store, profile, tmp_path):
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append(["STT", "Ngày nhận", "Họ và tên", "Điện thoại", "Địa chỉ", "Hình thức", "Loại đơn", "Lĩnh vực", "Nội dung"])
    ws.append([1, datetime(2026, 3, 2), "Lê Thị B", "0905111222", "xã A", "Bưu điện", "Kiến nghị", "Khác",
               "Đề nghị công khai danh sách hồ sơ"])
    ws.append([2, "16/03/2026", "Phạm C", None, None, "Điện thoại", "phản ánh", "dich_vu_cong_truc_tuyen",
               "Cổng dịch vụ công chậm"])
    ws.append([3, "31/02/2026", "Sai Ngày", None, None, None, "phản ánh", "khác", "Ngày không có thật"])
    ws.append([4, "01/03/2026", "Không Loại", None, None, None, "đơn thư", "khác", "Loại không nhận ra được"])
    ws.append([5, "01/03/2026", "Thiếu Nội Dung", None, None, None, "phản ánh", "khác", None])
    ws.append([None] * 9)
    path = tmp_path / "so.xlsx"
    wb.save(path)

    def run(dry: bool) -> intake.ImportResult:
        with store.session() as s:
            res = intake.import_register(env_for(s, profile), Actor.system(), path, dry_run=dry)
            if dry:
                s.rollback()
            return res

    dry = run(True)
    assert dry.created == ["dòng 2", "dòng 3"] and [n for n, _ in dry.refused] == [4, 5, 6]
    assert "Ngày tiếp nhận" in dry.refused[0][1] and "Loại" in dry.refused[1][1] and "nội dung" in dry.refused[2][1]
    assert dry.mapping["content"] == "Nội dung" and dry.mapping["channel"] == "Hình thức"
    with store.session() as s:
        assert repo.petition_by_source_ref(s, "register:1") is None  # a dry run writes nothing
    first = run(False)
    assert len(first.created) == 2 and not first.skipped
    again = run(False)
    assert not again.created and [n for n, _ in again.skipped] == [2, 3]
    with store.session() as s:
        p = repo.petition_by_source_ref(s, "register:1")
        assert (p.channel, p.kind, p.full_name) == ("paper", "kien_nghi", "Lê Thị B")
        assert p.created_at == lt(2026, 3, 2, 8)
        assert repo.petition_by_source_ref(s, "register:2").channel == "hotline"
        r = svc.build(env_for(s, profile), Actor.system(), svc.Period.quarter(2026, 1))
        assert r.by_channel == {"paper": 1, "hotline": 1}


def test_export_rows_stream_in_batches(seeded):
    store, profile, _ = seeded
    with store.session() as s:
        scope = repo.Scope(PERIOD.start, PERIOD.end, profile.timezone)
        assert len(list(repo.export_rows(s, scope, batch=2))) == 7
        assert len(list(repo.export_rows(s, scope, kind="phan_anh", batch=2))) == 3
