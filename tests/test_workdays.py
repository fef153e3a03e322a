"""Working-day calendar, checked against the official Vietnamese public-sector calendar.

Official references used for the pinned dates:
* Tết Ất Tỵ 2025: civil servants off Sat 25/1 – Sun 2/2/2025 (Thông báo 6150/TB-BLĐTBXH),
  i.e. weekdays Mon 27/1 – Fri 31/1 off; back to work Mon 3/2.
* Tết Bính Ngọ 2026: off Sat 14/2 – Sun 22/2/2026, weekdays Mon 16/2 – Fri 20/2 off.
* 30/4–1/5/2025: Fri 2/5 off, swapped with Sat 26/4 worked.
* Quốc khánh: 2 days (2/9 and one adjacent day): 1–2/9/2025 (Mon–Tue), 1–2/9/2026 (Tue–Wed).
* Giỗ Tổ Hùng Vương (10/3 lunar): Mon 7/4/2025; Sun 26/4/2026 → nghỉ bù Mon 27/4/2026.
The ``holidays`` package (VN) agrees with all of these, so no profile extra_days_off are needed.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest

from bot.profile import DeadlineRule, load_profile
from bot.workdays import WorkCalendar, due_date

CAL = WorkCalendar()


def _days(a: date, b: date) -> list[date]:
    return [a + timedelta(days=i) for i in range((b - a).days + 1)]


# -- the official calendar ------------------------------------------------------------------
def test_tet_2026_weekdays_off_16_to_20_february():
    for d in _days(date(2026, 2, 16), date(2026, 2, 20)):
        assert not CAL.is_working_day(d), d
    assert CAL.is_working_day(date(2026, 2, 13))  # Friday before Tết
    assert CAL.is_working_day(date(2026, 2, 23))  # back to work Monday
    # the whole break Sat 14/2 – Sun 22/2 is off
    assert not any(CAL.is_working_day(d) for d in _days(date(2026, 2, 14), date(2026, 2, 22)))
    names = dict(CAL.holidays_between(date(2026, 2, 14), date(2026, 2, 22)))
    assert set(names) == set(_days(date(2026, 2, 16), date(2026, 2, 20)))
    assert "Tết Nguyên Đán" in names[date(2026, 2, 17)]


def test_tet_2025_weekdays_off_27_to_31_january():
    for d in _days(date(2025, 1, 27), date(2025, 1, 31)):
        assert not CAL.is_working_day(d), d
    assert not any(CAL.is_working_day(d) for d in _days(date(2025, 1, 25), date(2025, 2, 2)))
    assert CAL.is_working_day(date(2025, 1, 24))
    assert CAL.is_working_day(date(2025, 2, 3))


def test_gio_to_hung_vuong():
    assert not CAL.is_working_day(date(2025, 4, 7))
    # 2026: 10/3 lunar is Sunday 26/4 -> nghỉ bù Monday 27/4
    assert not CAL.is_working_day(date(2026, 4, 26))
    assert not CAL.is_working_day(date(2026, 4, 27))
    assert CAL.is_working_day(date(2026, 4, 28))
    assert "Hùng Vương" in (CAL.holiday_name(date(2026, 4, 27)) or "")


def test_30_april_1_may_and_swap_day_2025():
    assert not CAL.is_working_day(date(2025, 4, 30))
    assert not CAL.is_working_day(date(2025, 5, 1))
    assert not CAL.is_working_day(date(2025, 5, 2))  # swapped day off
    assert CAL.is_working_day(date(2025, 4, 26))  # Saturday worked in exchange
    assert not CAL.is_working_day(date(2026, 4, 30))
    assert not CAL.is_working_day(date(2026, 5, 1))


def test_quoc_khanh_two_days():
    assert not CAL.is_working_day(date(2025, 9, 1))
    assert not CAL.is_working_day(date(2025, 9, 2))
    assert CAL.is_working_day(date(2025, 9, 3))
    assert not CAL.is_working_day(date(2026, 9, 1))
    assert not CAL.is_working_day(date(2026, 9, 2))
    assert CAL.is_working_day(date(2026, 9, 3))


def test_weekends_and_ordinary_days():
    assert CAL.is_working_day(date(2026, 3, 10))  # Tuesday
    assert not CAL.is_working_day(date(2026, 3, 14))  # Saturday
    assert not CAL.is_working_day(date(2026, 3, 15))  # Sunday
    assert CAL.is_working_day(datetime(2026, 3, 10, 15, 30))  # datetimes accepted


# -- arithmetic -----------------------------------------------------------------------------
def test_add_working_days_basics():
    fri = date(2026, 3, 13)
    assert CAL.add_working_days(fri, 1) == date(2026, 3, 16)  # Monday
    assert CAL.add_working_days(fri, 0) == fri
    assert CAL.add_working_days(date(2026, 3, 14), 0) == date(2026, 3, 16)  # Saturday -> Monday
    assert CAL.add_working_days(date(2026, 3, 14), 1) == date(2026, 3, 16)  # receipt day not counted
    assert CAL.add_working_days(date(2026, 3, 16), -1) == fri
    assert CAL.add_working_days(date(2026, 3, 9), 5) == date(2026, 3, 16)


def test_ten_working_days_starting_just_before_tet_2026_skip_it():
    # received Thu 12/2/2026: Fri 13/2 is day 1, Tết 14–22/2 skipped, Mon 23/2 is day 2,
    # … Thu 5/3 is day 10 (without Tết it would have been Thu 26/2)
    due = CAL.add_working_days(date(2026, 2, 12), 10)
    assert due == date(2026, 3, 5)
    assert CAL.working_days_between(date(2026, 2, 12), due) == 10
    assert WorkCalendar(extra_working_days=_days(date(2026, 2, 16), date(2026, 2, 20))).add_working_days(
        date(2026, 2, 12), 10
    ) == date(2026, 2, 26)


def test_working_days_between_is_consistent_with_add():
    a = date(2025, 1, 20)
    for n in (1, 3, 7, 10, 25):
        b = CAL.add_working_days(a, n)
        assert CAL.working_days_between(a, b) == n
        assert CAL.working_days_between(b, a) == -n
    assert CAL.working_days_between(a, a) == 0


def test_holidays_between_lists_names_in_order():
    got = CAL.holidays_between(date(2025, 4, 1), date(2025, 5, 31))
    assert [d for d, _ in got] == [date(2025, 4, 7), date(2025, 4, 30), date(2025, 5, 1), date(2025, 5, 2)]
    assert all(isinstance(n, str) and n for _, n in got)


# -- profile extras -------------------------------------------------------------------------
def test_extra_days_off_and_extra_working_days():
    cal = WorkCalendar(extra_days_off=[date(2026, 3, 10)], extra_working_days=[date(2026, 3, 14)])
    assert not cal.is_working_day(date(2026, 3, 10))
    assert cal.is_working_day(date(2026, 3, 14))  # Saturday worked
    assert cal.add_working_days(date(2026, 3, 9), 1) == date(2026, 3, 11)
    assert cal.add_working_days(date(2026, 3, 13), 1) == date(2026, 3, 14)
    assert (date(2026, 3, 10), "Ngày nghỉ bổ sung (theo hồ sơ cơ quan)") in cal.holidays_between(
        date(2026, 3, 9), date(2026, 3, 15)
    )
    # an extra working day overrides even a public holiday
    assert WorkCalendar(extra_working_days=[date(2026, 9, 1)]).is_working_day(date(2026, 9, 1))


def test_from_profile_uses_extra_days():
    prof = load_profile("so-khcn").model_copy(
        update={"extra_days_off": [date(2026, 6, 1)], "extra_working_days": [date(2026, 6, 6)]}
    )
    cal = WorkCalendar.from_profile(prof)
    assert not cal.is_working_day(date(2026, 6, 1))
    assert cal.is_working_day(date(2026, 6, 6))


# -- due dates ------------------------------------------------------------------------------
def _rule(**kw) -> DeadlineRule:
    return DeadlineRule(source="test", **kw)


def test_due_date_working_days():
    assert due_date(date(2026, 2, 12), _rule(days=10)) == date(2026, 3, 5)
    assert due_date(date(2026, 2, 12), _rule(days=10), calendar=WorkCalendar([date(2026, 3, 5)])) == date(
        2026, 3, 6
    )


def test_calendar_deadline_on_sunday_moves_to_monday():
    # 30 calendar days from Fri 6/3/2026 is Sun 5/4/2026 -> Mon 6/4/2026
    rule = _rule(days=30, unit="calendar")
    assert date(2026, 3, 6) + timedelta(days=30) == date(2026, 4, 5)
    assert due_date(date(2026, 3, 6), rule) == date(2026, 4, 6)
    # landing on Saturday 4/4 (received 5/3) also moves to Monday
    assert due_date(date(2026, 3, 5), rule) == date(2026, 4, 6)
    # landing on a working day stays
    assert due_date(date(2026, 3, 9), rule) == date(2026, 4, 8)


def test_calendar_deadline_on_holiday_moves_past_it():
    # 30 days from 31/3/2026 is Thu 30/4 (holiday), 1/5 holiday, weekend -> Mon 4/5
    assert due_date(date(2026, 3, 31), _rule(days=30, unit="calendar")) == date(2026, 5, 4)


def test_acknowledgement_then_days():
    # khiếu nại: thụ lý within 10 days, resolve within 30 (45 complex) days of thụ lý
    rule = _rule(days=30, complex_days=45, unit="calendar", acknowledge_days=10, acknowledge_unit="calendar")
    cal = WorkCalendar()
    received = date(2026, 3, 2)  # Monday
    assert cal.acknowledge_date(received, rule) == date(2026, 3, 12)
    assert cal.due_date(received, rule) == date(2026, 4, 13)  # 12/3 + 30 = Sat 11/4 -> Mon 13/4
    # 12/3 + 45 = Sun 26/4 (Giỗ Tổ), Mon 27/4 is nghỉ bù -> Tue 28/4
    assert cal.due_date(received, rule, complex=True) == date(2026, 4, 28)


def test_to_cao_rule_from_profile():
    prof = load_profile("so-khcn")
    cal = WorkCalendar.from_profile(prof)
    rule = prof.deadlines["to_cao"]
    received = date(2026, 2, 11)  # Wednesday before Tết
    ack = cal.acknowledge_date(received, rule)
    # 7 working days: 12, 13 (Tết 14–22 skipped), 23, 24, 25, 26, 27 February
    assert ack == date(2026, 2, 27)
    assert cal.working_days_between(received, ack) == 7
    assert cal.forward_date(received, rule) == date(2026, 2, 25)  # 5 working days
    # 30 calendar days from thụ lý: 27/2 + 30 = Sunday 29/3 -> Monday 30/3
    assert cal.due_date(received, rule) == date(2026, 3, 30)
    assert cal.due_date(received, rule, complex=True) == date(2026, 4, 28)  # 28/4 (27/4 is nghỉ bù)


@pytest.mark.parametrize("kind", ["phan_anh", "kien_nghi", "khieu_nai", "to_cao"])
def test_every_profile_rule_gives_a_working_day_after_receipt(kind):
    for name in ("so-khcn", "ubnd-xa"):
        prof = load_profile(name)
        cal = WorkCalendar.from_profile(prof)
        for received in _days(date(2025, 12, 20), date(2026, 3, 10)):
            due = cal.due_date(received, prof.deadlines[kind])
            assert due > received
            assert cal.is_working_day(due)
