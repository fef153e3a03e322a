"""Formatting helpers shared by citizen and staff texts."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

DEFAULT_TIMEZONE = "Asia/Ho_Chi_Minh"
# The agency's time zone (the profile's ``timezone``; set by ``use_timezone`` when the core or the scheduler
# is built). Read it through ``tz()``: a name imported with ``from … import TZ`` would not follow a change.
TZ = ZoneInfo(DEFAULT_TIMEZONE)
WEEKDAYS = ["Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ nhật"]


def use_timezone(name: str) -> ZoneInfo:
    """Make ``name`` (an IANA zone, e.g. the profile's ``timezone``) the zone of every local date and time."""
    global TZ
    TZ = ZoneInfo(name)
    return TZ


def tz() -> ZoneInfo:
    return TZ


def local(dt: datetime) -> datetime:
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=UTC)
    return dt.astimezone(TZ)


def local_midnight(d: date) -> datetime:
    """The start of local day ``d`` as an aware UTC datetime."""
    return datetime(d.year, d.month, d.day, tzinfo=TZ).astimezone(UTC)


def fmt_date(d: date | datetime | None) -> str:
    if d is None:
        return "—"
    if isinstance(d, datetime):
        d = local(d).date()
    return f"{WEEKDAYS[d.weekday()]}, {d.day:02d}/{d.month:02d}/{d.year}"


def fmt_short_date(d: date | datetime | None) -> str:
    if d is None:
        return "—"
    if isinstance(d, datetime):
        d = local(d).date()
    return f"{d.day:02d}/{d.month:02d}/{d.year}"


def fmt_datetime(dt: datetime | None) -> str:
    if dt is None:
        return "—"
    lt = local(dt)
    return f"{lt.hour:02d}:{lt.minute:02d} {fmt_date(lt.date())}"


def clip(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def mask_phone(phone: str | None) -> str:
    if not phone:
        return "—"
    return phone[:3] + "*" * max(0, len(phone) - 6) + phone[-3:]


def fmt_coord(x: float) -> str:
    """A latitude or longitude with 6 decimals at most (≈ 10 cm), without trailing zeros."""
    return f"{x:.6f}".rstrip("0").rstrip(".")


def fmt_coords(lat: float, lon: float) -> str:
    return f"{fmt_coord(lat)}, {fmt_coord(lon)}"


def map_url(lat: float, lon: float) -> str:
    """An OpenStreetMap link with a marker at the point (no key, no tracking parameters)."""
    a, b = fmt_coord(lat), fmt_coord(lon)
    return f"https://www.openstreetmap.org/?mlat={a}&mlon={b}#map=18/{a}/{b}"


_LOCAL_DT_RE = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})(?:\s+(\d{1,2})[:h](\d{2})?)?")


def parse_local(text: str, default_hour: int = 8) -> datetime | None:
    """'dd/mm/yyyy [HH:MM]' in Vietnam time → an aware UTC datetime (staff-typed dates)."""
    m = _LOCAL_DT_RE.search(text)
    if not m:
        return None
    d, mo, y, h, mi = m.groups()
    try:
        return datetime(int(y), int(mo), int(d), int(h or default_hour), int(mi or 0), tzinfo=TZ).astimezone(UTC)
    except ValueError:
        return None
