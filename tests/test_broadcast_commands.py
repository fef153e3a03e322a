"""Staff announcement commands (core-independent entry point) and the dialogue publication flow."""

from __future__ import annotations

from datetime import timedelta

import pytest

from bot.core import staff_announce as ac
from bot.core.render import local
from bot.delivery.scheduler import Scheduler
from bot.services import announcements as bc
from storage import broadcasts as repo
from storage import dialogue, outbox, utcnow
from storage.models import Staff
from tests import delivery_fixtures as _df
from tests.delivery_fixtures import add_citizens

dprofile = _df.dprofile  # fixture
sqlite_dstore = _df.sqlite_dstore  # fixture


@pytest.fixture
def staff(sqlite_dstore):
    with sqlite_dstore.session() as s:
        officer = Staff(channel="console", channel_user_id="canbo", name="Trần Văn Minh", role="officer")
        inspector = Staff(channel="console", channel_user_id="tt", name="Lê Huy", role="inspector")
        s.add_all([officer, inspector])
        s.flush()
    return officer, inspector


def run(store, profile, who, name, args="", now=None):
    return ac.handle_announce_command(store, profile, who, args, now or utcnow(), name=name)


def text(out) -> str:
    return "\n".join(o.text for o in out)


def test_draft_preview_send_and_progress_chat(sqlite_dstore, dprofile, staff):
    officer, _ = staff
    add_citizens(sqlite_dstore, 3, interests=["vien_thong_cntt"])
    add_citizens(sqlite_dstore, 2, first_id=200_000, interests=["so_huu_tri_tue"])
    out = run(sqlite_dstore, dprofile, officer, "thongbao", "#vien_thong_cntt Tập huấn chữ ký số ngày 5/12")
    assert "Tập huấn chữ ký số" in out[0].text and "3 người" in out[1].text
    bid = int(out[1].button_payloads()[0].split(":")[2])
    assert out[1].button_payloads() == [f"bc:send:{bid}", f"bc:sched:{bid}", f"bc:cancel:{bid}"]
    out = run(sqlite_dstore, dprofile, officer, f"bc:send:{bid}")
    assert "Đang bắt đầu gửi" in text(out) and "3 người" in text(out)
    Scheduler(sqlite_dstore, dprofile, staff_destinations=[]).tick()
    with sqlite_dstore.session() as s:
        b = repo.get(s, bid)
        assert b.status == "sending" and b.total == 3 and b.progress_chat == "console:canbo"
        assert len(outbox.rows_for(s, ref=f"BC-{bid}", purpose="progress", recipient="canbo")) == 1
    assert "0/3" in text(run(sqlite_dstore, dprofile, officer, "thongbao_tt", str(bid)))
    assert f"#{bid}" in text(run(sqlite_dstore, dprofile, officer, "thongbao_tt"))


def test_schedule_and_cancel(sqlite_dstore, dprofile, staff):
    officer, _ = staff
    add_citizens(sqlite_dstore, 2)
    now = utcnow()
    out = run(sqlite_dstore, dprofile, officer, "thongbao", "Nghỉ Tết Dương lịch", now=now)
    bid = int(out[1].button_payloads()[0].split(":")[2])
    assert "thongbao_hen" in text(run(sqlite_dstore, dprofile, officer, f"bc:sched:{bid}"))
    when = local(now + timedelta(days=2))
    out = run(sqlite_dstore, dprofile, officer, "thongbao_hen", f"{bid} {when:%d/%m/%Y} 09:30", now=now)
    assert "Đã hẹn gửi" in text(out) and "09:30" in text(out)
    sched = Scheduler(sqlite_dstore, dprofile, staff_destinations=[])
    sched.tick(now + timedelta(hours=1))
    with sqlite_dstore.session() as s:
        assert repo.get(s, bid).status == "scheduled" and outbox.rows_for(s, broadcast_id=bid) == []
    assert "Đã hủy" in text(run(sqlite_dstore, dprofile, officer, f"bc:cancel:{bid}"))
    sched.tick(now + timedelta(days=3))
    with sqlite_dstore.session() as s:
        assert repo.get(s, bid).status == "cancelled" and outbox.rows_for(s, broadcast_id=bid) == []
    assert "không hủy được" in text(run(sqlite_dstore, dprofile, officer, "thongbao_huy", str(bid)))


def test_scheduled_broadcast_starts_when_due(sqlite_dstore, dprofile, staff):
    officer, _ = staff
    add_citizens(sqlite_dstore, 2)
    now = utcnow()
    with sqlite_dstore.session() as s:
        b = bc.create_announcement(s, text="x")
        bc.schedule(s, b, now + timedelta(hours=2), now=now)
        bid = b.id
    sched = Scheduler(sqlite_dstore, dprofile, staff_destinations=[])
    assert sched.tick(now + timedelta(hours=1))["broadcasts"] == 0
    assert sched.tick(now + timedelta(hours=2, seconds=1))["broadcasts"] == 1
    with sqlite_dstore.session() as s:
        assert len(outbox.rows_for(s, broadcast_id=bid)) == 2


def test_permissions_and_usage(sqlite_dstore, dprofile, staff):
    officer, inspector = staff
    assert "không có quyền" in text(run(sqlite_dstore, dprofile, inspector, "thongbao", "x"))
    assert "Không có thông báo" not in text(run(sqlite_dstore, dprofile, inspector, "thongbao_tt"))
    assert "Cách dùng" in text(run(sqlite_dstore, dprofile, officer, "thongbao", ""))
    assert "Không có lĩnh vực" in text(run(sqlite_dstore, dprofile, officer, "thongbao", "#khong_co abc"))
    assert "Không tìm thấy" in text(run(sqlite_dstore, dprofile, officer, "thongbao_gui", "999"))
    bid = run(sqlite_dstore, dprofile, officer, "thongbao", "Nội dung")[1].button_payloads()[0].split(":")[2]
    assert "Cách dùng" in text(run(sqlite_dstore, dprofile, officer, "thongbao_hen", f"{bid} mai nhé"))
    assert "không có quyền" in text(run(sqlite_dstore, dprofile, None, "thongbao", "x"))


def test_session_announcement_warns_when_less_than_7_days(sqlite_dstore, dprofile, staff):
    officer, _ = staff
    with sqlite_dstore.session() as s:
        start = utcnow() + timedelta(days=4)
        ds = dialogue.create_session(s, title="Đối thoại chuyển đổi số", host="Giám đốc Sở", starts_at=start,
                                     place="Hội trường", registration_deadline=start - timedelta(days=1),
                                     topics=["vien_thong_cntt"])
        sid = ds.id
    out = run(sqlite_dstore, dprofile, officer, "thongbao_doithoai", str(sid))
    assert "Đối thoại chuyển đổi số" in out[0].text and out[0].button_payloads() == [f"dt:{sid}"]
    assert "ít nhất 7 ngày" in out[1].text and "Chỉ thị 13/CT-TTg" in out[1].text  # the Sở's basis, from its profile
    with sqlite_dstore.session() as s:
        b = repo.recent(s, 1)[0]
        assert b.session_id == sid and b.audience == {"type": "topics", "topics": ["vien_thong_cntt"]}


def test_publish_results_reaches_every_registrant_once(sqlite_dstore, dprofile, staff):
    officer, _ = staff
    cids = add_citizens(sqlite_dstore, 3, subscribed=False)
    with sqlite_dstore.session() as s:
        start = utcnow() - timedelta(days=2)
        ds = dialogue.create_session(s, title="Đối thoại", host="GĐ", starts_at=start, place="HT",
                                     registration_deadline=start - timedelta(days=1), status="held", held_at=start)
        present = dialogue.create_question(s, year=2026, session_id=ds.id, citizen_id=cids[0], question="Q1",
                                           status="answered", answer="A1", answered_at=utcnow(), checked_in_at=start)
        absent = dialogue.create_question(s, year=2026, session_id=ds.id, citizen_id=cids[1], question="Q2",
                                          status="answered", answer="A2", answered_at=utcnow())
        open_q = dialogue.create_question(s, year=2026, session_id=ds.id, citizen_id=cids[2], question="Q3")
        sid, codes = ds.id, (present.code, absent.code, open_q.code)
    out = text(run(sqlite_dstore, dprofile, officer, "doithoai_congbo", f"{sid} Đã trả lời 2/3 câu hỏi."))
    assert "gửi 2 câu trả lời" in out and codes[2] in out and "#" in out
    with sqlite_dstore.session() as s:
        answers = {r.ref: r for r in outbox.rows_for(s, purpose="notify")}
        assert set(answers) == {codes[0], codes[1]}  # the absentee too
        assert "A2" in answers[codes[1]].payload["text"]
        ds = dialogue.get_session(s, sid)
        assert ds.status == "published" and ds.results_published_at is not None
        assert any(b.text.startswith("📋 Kết quả") for b in repo.recent(s, 5))
    run(sqlite_dstore, dprofile, officer, "doithoai_congbo", str(sid))  # again: nobody gets it twice
    with sqlite_dstore.session() as s:
        assert len(outbox.rows_for(s, purpose="notify")) == 2


def test_handle_command_with_a_core_like_context(sqlite_dstore, dprofile, staff):
    from types import SimpleNamespace

    from bot.core.types import Attachment, Inbound

    officer, _ = staff
    add_citizens(sqlite_dstore, 1)
    with sqlite_dstore.session() as s:
        msg = Inbound(channel="telegram", user_id="55", chat_id="-100999", text="/thongbao Mời dự",
                      attachments=[Attachment(kind="photo", file_id="PHOTO-1")])
        ctx = SimpleNamespace(s=s, staff=officer, now=utcnow(), profile=dprofile, msg=msg)
        out = ac.handle_command(ctx, "thongbao", "Mời dự")
        assert out[0].attachments[0].file_id == "PHOTO-1"
        bid = int(out[1].button_payloads()[0].split(":")[2])
        ac.handle_button(ctx, f"bc:send:{bid}")
        assert repo.get(s, bid).progress_chat == "telegram:-100999"


def test_jobs_thread_for_console_mode(sqlite_dstore, dprofile):
    from types import SimpleNamespace

    from bot.delivery.runtime import start_jobs_thread
    from tests.delivery_fixtures import settings_for, wait_until

    add_citizens(sqlite_dstore, 2, channel="console")
    with sqlite_dstore.session() as s:
        b = bc.create_announcement(s, text="Xin chào")
        bc.send_now(s, b)
        bid = b.id
    app = SimpleNamespace(settings=settings_for(sqlite_dstore.url), store=sqlite_dstore, profile=dprofile)
    stop = start_jobs_thread(app)
    try:
        def expanded() -> bool:
            with sqlite_dstore.session() as s:
                return len(outbox.rows_for(s, broadcast_id=bid)) == 2

        assert wait_until(expanded, timeout=20)
    finally:
        stop()
    with sqlite_dstore.session() as s:  # console rows are left for the console chat to print
        assert {r.status for r in outbox.rows_for(s, broadcast_id=bid)} == {"pending"}
