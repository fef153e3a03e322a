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
        by = jobs.digest_counts_by_assignee(s, date(2026, 2, 25), date(2026, 2, 23))  # one scan: totals and owners
        assert by == {a.id: (27, 0), None: (MAX_DIGEST_LINES + 15 - 27, 3)}
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


def test_digest_lines_word_for_word(dstore, dprofile):
    """The text of each line (due dates' texts are made once per date and shared by every digest of the day)."""
    from types import SimpleNamespace

    sched = Scheduler(dstore, dprofile, staff_destinations=[GROUP])
    staff = {7: SimpleNamespace(name="Cán bộ B")}

    def item(i: int, due: date, assignee: int | None = 7, urgent: bool = False) -> SimpleNamespace:
        return SimpleNamespace(id=i, code=f"PA-2026-00000{i}-X", kind="phan_anh", due_date=due, assignee_id=assignee,
                               urgent=urgent)

    # Monday 23/02/2026: Sat 21 and Sun 22 are days off, Fri 20/02 the last day of Tết
    items = [item(1, date(2026, 2, 13), urgent=True), item(2, date(2026, 2, 22), None), item(3, date(2026, 2, 23)),
             item(4, date(2026, 2, 25)), item(5, date(2026, 2, 25), None)]
    cache: dict = {}
    text = sched.digest_text(items, date(2026, 2, 23), staff, title="📅 Hạn", overdue=2, soon=5, cache=cache)
    again = sched.digest_text(items[3:], date(2026, 2, 23), staff, title="📅 Của tôi", overdue=0, soon=2, cache=cache)
    assert text.splitlines()[1:] == [
        "⏰ Quá hạn (2):",
        "• PA-2026-000001-X ⚠️ · Phản ánh · hạn 13/02/2026 (quá hạn 1 ngày làm việc) · Cán bộ B",
        "• PA-2026-000002-X · Phản ánh · hạn 22/02/2026 (quá hạn 1 ngày làm việc) · chưa có người nhận",
        "⌛ Sắp đến hạn (5):",
        "• PA-2026-000003-X · Phản ánh · hạn 23/02/2026 (hạn hôm nay) · Cán bộ B",
        "• PA-2026-000004-X · Phản ánh · hạn 25/02/2026 (còn 2 ngày làm việc) · Cán bộ B",
        "• PA-2026-000005-X · Phản ánh · hạn 25/02/2026 (còn 2 ngày làm việc) · chưa có người nhận",
        "… và 2 hồ sơ khác. Xem: /hopthu quahan",
    ]
    assert again.splitlines()[2:4] == text.splitlines()[6:8]  # the same lines, from the shared cache
    sunday = sched.digest_text([item(6, date(2026, 2, 21))], date(2026, 2, 22), staff, title="📅", overdue=1, soon=0)
    assert sunday.splitlines()[2] == "• PA-2026-000006-X · Phản ánh · hạn 21/02/2026 (quá hạn) · Cán bộ B"  # a day off
