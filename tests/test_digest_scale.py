"""The deadline digest reads only the lines it shows and counts the rest in SQL; overdue marking is one statement."""

from __future__ import annotations

from datetime import date

from bot.delivery.scheduler import MAX_DIGEST_LINES, Scheduler
from storage import jobs, outbox, petitions
from storage.models import Staff
from tests import delivery_fixtures as _df
from tests.test_deadlines_schedule import GROUP, at

dprofile = _df.dprofile  # fixture
dstore = _df.dstore  # fixture


def test_digest_counts_beyond_the_lines_it_shows(dstore, dprofile):
    with dstore.session() as s:
        a = Staff(channel="telegram", channel_user_id="9001", name="Cán bộ A", role="officer")
        s.add(a)
        s.flush()
        for i in range(MAX_DIGEST_LINES + 15):  # overdue: due 02/02..
            petitions.create(s, year=2026, kind="phan_anh", topic="khac", content="Nội dung", channel="console",
                             due_date=date(2026, 2, 2 + i % 10), status="assigned", assignee_id=a.id if i % 2 else None)
        for _ in range(3):  # due soon (Tue 24/02 is 1 working day after Mon 23/02)
            petitions.create(s, year=2026, kind="kien_nghi", topic="khac", content="Nội dung", channel="console",
                             due_date=date(2026, 2, 24), status="in_progress")
        petitions.create(s, year=2026, kind="kien_nghi", topic="khac", content="Nội dung", channel="console",
                         due_date=date(2026, 2, 3), status="answered")  # closed items never count
        assert jobs.digest_counts(s, date(2026, 2, 25), date(2026, 2, 23)) == (MAX_DIGEST_LINES + 15, 3)
    sched = Scheduler(dstore, dprofile, staff_destinations=[GROUP])
    assert sched.run_deadline_digest(at(2026, 2, 23)) == 1
    with dstore.session() as s:
        rows = {r.recipient: r.payload["text"] for r in outbox.rows_for(s, purpose="digest")}
    group = rows[GROUP[1]]
    assert f"⏰ Quá hạn ({MAX_DIGEST_LINES + 15}):" in group and "⌛ Sắp đến hạn (3):" in group
    assert group.count("\n• ") == MAX_DIGEST_LINES and "… và 18 hồ sơ khác" in group
    mine = rows["9001"]
    assert "⏰ Quá hạn (27):" in mine and mine.count("\n• ") == 27 and "Xem hộp thư" in mine
    with dstore.session() as s:  # every overdue item marked once, by one statement; a second run adds none
        assert jobs.mark_overdue(s, date(2026, 2, 23)) == 0
        assert jobs.mark_overdue(s, date(2026, 2, 24)) == 0  # due today is not overdue
        assert jobs.mark_overdue(s, date(2026, 2, 25), since=date(2026, 2, 16)) == 3  # the due-soon ones, once past
        assert jobs.mark_overdue(s, date(2026, 2, 26)) == 0
