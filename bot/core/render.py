"""Formatting helpers shared by citizen and staff texts."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

TZ = ZoneInfo("Asia/Ho_Chi_Minh")
WEEKDAYS = ["Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ nhật"]


def local(dt: datetime) -> datetime:
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=UTC)
    return dt.astimezone(TZ)


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
