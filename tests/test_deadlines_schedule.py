"""Scheduled jobs: the daily deadline digest across Tết and substitute days off, session reminders,
the 10-day publication window, and run-once behaviour with several processes."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlmodel import select

from bot.delivery.scheduler import Scheduler
from storage import dialogue, outbox, petitions
from storage.models import PetitionEvent, Staff
from tests import delivery_fixtures as _df
from tests.delivery_fixtures import add_citizens

dprofile = _df.dprofile  # fixture
dstore = _df.dstore  # fixture

TZ = ZoneInfo("Asia/Ho_Chi_Minh")
GROUP = ("telegram", "-100500")


def at(y, mo, d, h=9, mi=0) -> datetime:
    """Local (Hà Nội) wall-clock time, as an aware datetime."""
    return datetime(y, mo, d, h, mi, tzinfo=TZ)


def _petition(s, due: date, *, status="assigned", assignee=None, kind="phan_anh"):
    return petitions.create(s, year=2026, kind=kind, topic="khac", content="Nội dung", channel="console",
                            due_date=due, status=status, assignee_id=assignee)


def digests(store) -> list:
    with store.session() as s:
        return outbox.rows_for(s, purpose="digest")


@pytest.fixture
def sched(dstore, dprofile):
    return Scheduler(dstore, dprofile, staff_destinations=[GROUP])


def test_digest_counts_working_days_across_tet(dstore, sched):
    # Tết Bính Ngọ 2026: Mon 16/02 – Fri 20/02 off. Thu 12/02 → Fri 13/02 (1) → Mon 23/02 (2 working days).
    with dstore.session() as s:
        after_tet = _petition(s, date(2026, 2, 23)).code
        later = _petition(s, date(2026, 2, 24)).code
        overdue = _petition(s, date(2026, 2, 11)).code
        closed = _petition(s, date(2026, 2, 10), status="answered").code
    assert sched.run_deadline_digest(at(2026, 2, 12, 8, 30)) == 1
    [row] = digests(dstore)
    text = row.payload["text"]
    assert (row.channel, row.recipient) == GROUP
    assert after_tet in text and "còn 2 ngày làm việc" in text  # 11 calendar days, 2 working days
    assert later not in text and closed not in text
    assert overdue in text and "quá hạn 1 ngày làm việc" in text


@pytest.mark.parametrize(("when", "sent"), [
    (at(2026, 2, 17), False),   # Tết
    (at(2026, 2, 14), False),   # Saturday
    (at(2026, 4, 27), False),   # Giỗ Tổ Hùng Vương, substitute day off (nghỉ bù) on Monday
    (at(2026, 8, 22), True),    # Saturday worked in exchange for Mon 31/08
    (at(2026, 8, 31), False),   # the day off given for it
    (at(2026, 2, 23, 7, 59), False),  # before 08:00
    (at(2026, 2, 23, 8, 0), True),
])
def test_digest_only_on_working_days(dstore, sched, when, sent):
    with dstore.session() as s:
        _petition(s, when.date() + timedelta(days=1))
    assert sched.run_deadline_digest(when) == int(sent)
    assert len(digests(dstore)) == int(sent)


def test_profile_extra_day_off_is_respected(dstore, dprofile):
    profile = dprofile.model_copy(update={"extra_days_off": [date(2026, 3, 2)]})
    sched = Scheduler(dstore, profile, staff_destinations=[GROUP])
    with dstore.session() as s:
        code = _petition(s, date(2026, 3, 3)).code
    assert sched.run_deadline_digest(at(2026, 3, 2)) == 0  # a local day off: no digest
    assert sched.run_deadline_digest(at(2026, 2, 27)) == 1  # Fri: Mon is off, so Tue 03/03 is 1 working day away
    assert code in digests(dstore)[0].payload["text"] and "còn 1 ngày làm việc" in digests(dstore)[0].payload["text"]


def test_digest_runs_once_per_day_even_with_two_processes(dstore, dprofile):
    from storage import Store

    with dstore.session() as s:
        _petition(s, date(2026, 2, 24))
    other = Scheduler(Store(dstore.url), dprofile, staff_destinations=[GROUP])
    one = Scheduler(dstore, dprofile, staff_destinations=[GROUP])
    now = at(2026, 2, 23, 9)
    assert one.run_deadline_digest(now) + other.run_deadline_digest(now) + one.run_deadline_digest(now) == 1
    assert len(digests(dstore)) == 1
    assert one.run_deadline_digest(at(2026, 2, 24, 9)) == 1  # next working day: a new digest
    other.store.dispose()


def test_assignees_get_their_own_items_and_overdue_is_marked(dstore, dprofile):
    with dstore.session() as s:
        a = Staff(channel="telegram", channel_user_id="9001", name="Cán bộ A", role="officer")
        b = Staff(channel="telegram", channel_user_id="9002", name="Cán bộ B", role="officer")
        s.add_all([a, b])
        s.flush()
        mine = _petition(s, date(2026, 2, 20 - 10), assignee=a.id)  # overdue (10/02)
        theirs = _petition(s, date(2026, 2, 24), assignee=b.id)
        ids = (a.id, b.id, mine.id, mine.code, theirs.code)
    sched = Scheduler(dstore, dprofile, staff_destinations=[GROUP])
    sched.run_deadline_digest(at(2026, 2, 23))
    rows = {r.recipient: r.payload["text"] for r in digests(dstore)}
    assert set(rows) == {GROUP[1], "9001", "9002"}
    assert ids[3] in rows["9001"] and ids[4] not in rows["9001"]
    assert ids[4] in rows["9002"] and "Cán bộ B" in rows[GROUP[1]]
    sched.run_deadline_digest(at(2026, 2, 24))
    with dstore.session() as s:
        events = [e for e in petitions.events(s, ids[2]) if e.action == "overdue"]
    assert len(events) == 1 and not events[0].public  # marked once, internal


def test_without_a_staff_group_every_active_staff_gets_the_digest(dstore, dprofile):
    with dstore.session() as s:
        s.add_all([Staff(channel="console", channel_user_id="canbo-1", name="A", role="officer"),
                   Staff(channel="console", channel_user_id="canbo-2", name="B", role="admin", active=False)])
        _petition(s, date(2026, 2, 24))
    Scheduler(dstore, dprofile).run_deadline_digest(at(2026, 2, 23))
    assert [(r.channel, r.recipient) for r in digests(dstore)] == [("console", "canbo-1")]


# --------------------------------------------------------------------------------------------- sessions
def _session(s, starts: datetime, **kw):
    starts = starts.astimezone(ZoneInfo("UTC"))
    return dialogue.create_session(s, title="Đối thoại TTHC", host="Giám đốc Sở", starts_at=starts, place="HT",
                                   registration_deadline=starts - timedelta(days=2), **kw)


def test_registrants_are_reminded_the_day_before(dstore, sched):
    cids = add_citizens(dstore, 2)
    with dstore.session() as s:
        ds = _session(s, at(2026, 3, 10, 8, 30))
        for cid in cids:
            dialogue.create_question(s, year=2026, session_id=ds.id, citizen_id=cid, question="Hỏi?")
        sid = ds.id
    assert sched.run_reminders(at(2026, 3, 8, 20)) == 0  # two days before
    assert sched.run_reminders(at(2026, 3, 9, 7, 59)) == 0  # the day before, before 08:00
    assert sched.run_reminders(at(2026, 3, 9, 8, 0)) == 1
    assert sched.run_reminders(at(2026, 3, 9, 9, 0)) == 0  # once
    with dstore.session() as s:
        assert dialogue.get_session(s, sid).reminded_at is not None
        rows = outbox.rows_for(s, purpose="broadcast")
        assert len(rows) == 2 and all("Nhắc lịch" in r.payload["text"] for r in rows)


def test_publication_window_reminders(dstore, sched):
    with dstore.session() as s:
        held = at(2026, 3, 2, 10)
        ds = _session(s, held, status="held", held_at=held.astimezone(ZoneInfo("UTC")))
        dialogue.create_question(s, year=2026, session_id=ds.id, question="Chưa trả lời")
        sid = ds.id
    assert sched.run_publication_reminders(at(2026, 3, 8)) == 0  # deadline 12/03: 4 days left
    assert sched.run_publication_reminders(at(2026, 3, 9)) == 1  # 3 days left
    assert sched.run_publication_reminders(at(2026, 3, 9, 15)) == 0  # once a day
    assert sched.run_publication_reminders(at(2026, 3, 13)) == 1  # overdue
    with dstore.session() as s:
        texts = [r.payload["text"] for r in outbox.rows_for(s, purpose="reminder")]
        assert "Còn 3 ngày" in texts[0] and "1 câu hỏi chưa có trả lời" in texts[0]
        assert f"/doithoai_congbo {sid}" in texts[0] and "quá hạn 1 ngày" in texts[1]
        dialogue.update_session(s, dialogue.get_session(s, sid), results_published_at=at(2026, 3, 13, 16))
    assert sched.run_publication_reminders(at(2026, 3, 14)) == 0


def test_tick_runs_every_job(dstore, sched):
    out = sched.tick(at(2026, 2, 23, 9))
    assert set(out) == {"broadcasts", "reminders", "publication", "deadlines", "retention"} and -1 not in out.values()
    with dstore.session() as s:
        assert s.exec(select(PetitionEvent)).all() == []
