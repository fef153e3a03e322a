"""Working-day calendar for deadlines (Vietnamese public-sector calendar).

Rules implemented here
----------------------
* Saturdays and Sundays are days off, public holidays are days off (Bộ luật Lao động 2019,
  Điều 112: Tết Dương lịch, Tết Âm lịch, Giỗ Tổ Hùng Vương, 30/4, 1/5, Quốc khánh; from 2026
  also Ngày Văn hóa Việt Nam 24/11). The lunar dates, the "nghỉ bù" (observed) days and the
  government's announced swap days come from the ``holidays`` package (country ``"VN"``):
  a swapped Saturday that becomes a working day (e.g. 26/4/2025, 22/8/2026) is read from
  ``HolidayBase.weekend_workdays`` and counted as a working day.
* The agency profile can add days off (``extra_days_off``: a swap day announced after the
  package release, a local holiday) and working days (``extra_working_days``: a Saturday worked
  in exchange). ``extra_working_days`` wins over everything else, then ``extra_days_off``.
* Counting (Bộ luật Dân sự 2015, Điều 147): when a period is counted in days, the day of the
  event (receipt) is not counted; the period starts the next day.
* A calendar-day period whose last day is a weekend day or a holiday ends on the next working
  day (Bộ luật Dân sự 2015, Điều 148 khoản 5). This is how Vietnamese agencies apply "ngày"
  deadlines of the Luật Khiếu nại / Luật Tố cáo; :func:`due_date` does the same.

Keep the ``holidays`` package up to date: each new release carries the swap days announced by
the government for the coming year.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, timedelta
from functools import lru_cache
from typing import TYPE_CHECKING, Protocol

import holidays

if TYPE_CHECKING:
    from bot.profile import DeadlineRule

__all__ = ["WorkCalendar", "due_date", "default_calendar"]

EXTRA_DAY_OFF_NAME = "Ngày nghỉ bổ sung (theo hồ sơ cơ quan)"
_MAX_SCAN_DAYS = 3660  # safety net: never loop for more than ~10 years
MIN_YEAR = 1990  # working_days_between uses the numbering from this year on, day-by-day counting before


class _HasExtraDays(Protocol):
    extra_days_off: list[date]
    extra_working_days: list[date]


@lru_cache(maxsize=64)
def _vn_year(year: int) -> tuple[dict[date, str], frozenset[date]]:
    """Public holidays (date -> Vietnamese name) and weekend working days of one year."""
    h = holidays.country_holidays("VN", years=year, language="vi")
    days = {d: name for d, name in h.items() if d.year == year}
    weekend_work = frozenset(d for d in getattr(h, "weekend_workdays", ()) if d.year == year)
    return days, weekend_work


def _as_date(d: date | datetime) -> date:
    return d.date() if isinstance(d, datetime) else d


class WorkCalendar:
    """Which days are working days for the agency, and arithmetic on them."""

    def __init__(
        self,
        extra_days_off: Iterable[date] = (),
        extra_working_days: Iterable[date] = (),
    ) -> None:
        self.extra_days_off: frozenset[date] = frozenset(_as_date(d) for d in extra_days_off)
        self.extra_working_days: frozenset[date] = frozenset(_as_date(d) for d in extra_working_days)
        self._cum: dict[int, list[int]] = {}  # year -> working days from 1 January up to each day (inclusive)
        self._base: dict[int, int] = {}  # year -> working days from 1 January of ``_epoch`` to 31 December of year - 1
        self._epoch: int | None = None  # the first year numbered; set by the first use, moved back if needed

    @classmethod
    def from_profile(cls, profile: _HasExtraDays) -> WorkCalendar:
        return cls(profile.extra_days_off, profile.extra_working_days)

    # -- single days ----------------------------------------------------------------------
    def holiday_name(self, d: date | datetime) -> str | None:
        """Name of the holiday on ``d`` (public holiday or profile day off), else None."""
        d = _as_date(d)
        if d in self.extra_working_days:
            return None
        name = _vn_year(d.year)[0].get(d)
        if name is None and d in self.extra_days_off:
            name = EXTRA_DAY_OFF_NAME
        return name

    def is_working_day(self, d: date | datetime) -> bool:
        d = _as_date(d)
        if d in self.extra_working_days:
            return True
        if d in self.extra_days_off:
            return False
        days_off, weekend_work = _vn_year(d.year)
        if d in days_off:
            return False
        if d.weekday() >= 5:
            return d in weekend_work
        return True

    def next_working_day(self, d: date | datetime) -> date:
        """``d`` itself if it is a working day, otherwise the first working day after it."""
        d = _as_date(d)
        for _ in range(_MAX_SCAN_DAYS):
            if self.is_working_day(d):
                return d
            d += timedelta(days=1)
        raise ValueError("không tìm thấy ngày làm việc nào trong 10 năm")  # pragma: no cover

    # -- arithmetic -----------------------------------------------------------------------
    def add_working_days(self, start: date | datetime, n: int) -> date:
        """The n-th working day after ``start`` (``start`` itself is not counted).

        ``n == 0`` returns ``start`` if it is a working day, otherwise the next working day.
        A negative ``n`` counts backwards (the |n|-th working day before ``start``).
        """
        d = _as_date(start)
        if n == 0:
            return self.next_working_day(d)
        step = timedelta(days=1 if n > 0 else -1)
        remaining = abs(n)
        for _ in range(_MAX_SCAN_DAYS + remaining * 3):
            d += step
            if self.is_working_day(d):
                remaining -= 1
                if remaining == 0:
                    return d
        raise ValueError("khoảng thời gian quá dài")  # pragma: no cover

    def add_calendar_days(self, start: date | datetime, n: int) -> date:
        """``start + n`` days; if that is not a working day, the next working day (BLDS Điều 148)."""
        return self.next_working_day(_as_date(start) + timedelta(days=n))

    # -- precomputed numbering ----------------------------------------------------------------
    def _year_cum(self, year: int) -> list[int]:
        cum = self._cum.get(year)
        if cum is None:
            cum, n, d = [], 0, date(year, 1, 1)
            while d.year == year:
                n += self.is_working_day(d)
                cum.append(n)
                d += timedelta(days=1)
            self._cum[year] = cum
        return cum

    def _year_base(self, year: int) -> int:
        if self._epoch is None or year < self._epoch:
            self._epoch = year  # numbers from an earlier epoch: every base moves, recompute them
            self._base.clear()
        base = self._base.get(year)
        if base is None:
            base = 0
            for y in range(self._epoch, year):
                base += self._year_cum(y)[-1]
            self._base[year] = base
        return base

    def number(self, d: date | datetime) -> int:
        """The working-day number of ``d``: working days from 1 January of the calendar's first numbered year
        up to and including ``d``. Only differences mean something (the epoch is the earliest year asked for).

        ``number(b) - number(a)`` is the count of working days after ``a`` up to ``b``; the per-year tables
        are computed once per calendar, so this costs two list look-ups (the deadline digest and the reports
        use it instead of walking day by day)."""
        d = _as_date(d)
        return self._year_base(d.year) + self._year_cum(d.year)[d.timetuple().tm_yday - 1]

    def numbers(self, first: date, last: date) -> tuple[list[date], list[int]]:
        """Every day from ``first`` to ``last`` with its working-day number (a calendar table for SQL joins)."""
        days, nums = [], []
        d = first
        while d <= last:
            days.append(d)
            nums.append(self.number(d))
            d += timedelta(days=1)
        return days, nums

    def working_days_between(self, a: date | datetime, b: date | datetime) -> int:
        """Working days after ``a`` up to and including ``b`` (negative if ``b`` < ``a``).

        Consistent with :meth:`add_working_days`: if ``add_working_days(a, n) == b`` and
        ``n > 0`` then ``working_days_between(a, b) == n``.
        """
        a, b = _as_date(a), _as_date(b)
        if a.year >= MIN_YEAR and b.year >= MIN_YEAR:
            first = self.number(min(a, b))  # the earlier first: a moved epoch then applies to both
            return self.number(b) - first if a <= b else first - self.number(a)
        if b < a:
            return -self.working_days_between(b, a)
        count = 0
        d = a + timedelta(days=1)
        while d <= b:
            if self.is_working_day(d):
                count += 1
            d += timedelta(days=1)
        return count

    def holidays_between(self, a: date | datetime, b: date | datetime) -> list[tuple[date, str]]:
        """Holidays and profile days off from ``a`` to ``b`` inclusive, sorted (weekends excluded
        unless they carry a holiday name)."""
        a, b = _as_date(a), _as_date(b)
        if b < a:
            a, b = b, a
        out: list[tuple[date, str]] = []
        d = a
        while d <= b:
            name = self.holiday_name(d)
            if name is not None:
                out.append((d, name))
            d += timedelta(days=1)
        return out

    # -- deadlines ------------------------------------------------------------------------
    def add(self, start: date | datetime, n: int, unit: str) -> date:
        """``n`` working or calendar days after ``start`` (a calendar deadline on a day off moves on)."""
        return self._add(_as_date(start), n, unit)

    def _add(self, start: date, n: int, unit: str) -> date:
        if unit == "calendar":
            return self.add_calendar_days(start, n)
        return self.add_working_days(start, n)

    def acknowledge_date(self, received: date | datetime, rule: DeadlineRule) -> date | None:
        """Last day for the acknowledgement (thụ lý), or None if the rule has none."""
        if not rule.acknowledge_days:
            return None
        return self._add(_as_date(received), rule.acknowledge_days, rule.acknowledge_unit)

    def forward_date(self, received: date | datetime, rule: DeadlineRule) -> date | None:
        """Last day to forward an out-of-competence petition (always working days), or None."""
        if not rule.forward_days:
            return None
        return self.add_working_days(_as_date(received), rule.forward_days)

    def due_date(self, received: date | datetime, rule: DeadlineRule, complex: bool = False) -> date:
        """Last day to answer a petition received on ``received`` under ``rule``.

        * With ``acknowledge_days`` set, the acknowledgement (thụ lý) deadline is computed
          first (in ``acknowledge_unit``) and ``days`` are counted from it; otherwise from
          receipt. The start day itself is never counted.
        * ``complex=True`` uses ``complex_days`` when the rule has it (total length, e.g. 45
          days for a complex first-instance khiếu nại), else ``days``.
        * ``unit == "working"`` skips weekends and holidays; ``unit == "calendar"`` counts every
          day but a deadline that falls on a day off moves to the next working day.
        """
        start = _as_date(received)
        ack = self.acknowledge_date(start, rule)
        if ack is not None:
            start = ack
        days = rule.complex_days if complex and rule.complex_days else rule.days
        return self._add(start, days, rule.unit)


@lru_cache(maxsize=1)
def default_calendar() -> WorkCalendar:
    """A calendar without profile extras (public holidays and weekends only)."""
    return WorkCalendar()


def due_date(
    received: date | datetime,
    rule: DeadlineRule,
    complex: bool = False,
    calendar: WorkCalendar | None = None,
) -> date:
    """Module-level shortcut for :meth:`WorkCalendar.due_date`.

    Pass ``calendar=WorkCalendar.from_profile(profile)`` to honour the profile's extra days.
    """
    return (calendar or default_calendar()).due_date(received, rule, complex=complex)
