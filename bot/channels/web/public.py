"""What the public page (công khai) shows: published answers (searchable, paginated), the quarter's
figures, and the dialogue sessions. Read-only; the rules of what may be published are in
``bot.services.publication`` and ``storage.publication``."""

from __future__ import annotations

import math
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlencode

from bot.core.render import TZ, fmt_date, fmt_datetime, local
from storage import publication as repo
from storage import utcnow

PER_PAGE = 10
STATUS_ORDER = ("received", "assigned", "in_progress", "needs_info", "answered", "closed", "forwarded", "rejected",
                "withdrawn")


def quarter_bounds(now: datetime) -> tuple[datetime, datetime, str]:
    """The current quarter in local time, from its first day to now, and its label (e.g. "quý 4/2026")."""
    today = local(now).date()
    q = (today.month - 1) // 3
    start = datetime(today.year, q * 3 + 1, 1, tzinfo=TZ).astimezone(UTC)
    return start, now, f"quý {q + 1}/{today.year}"


def public_context(channel: Any, query: Mapping[str, str], base_url: str, *, now: datetime | None = None) -> dict[str, Any]:
    now = now or utcnow()
    profile, t, settings = channel.profile, channel.t, channel.settings
    text = (query.get("q") or "").strip()[:100]
    topic = (query.get("linh_vuc") or "").strip()
    if topic and topic not in profile.topic_codes:
        topic = ""
    try:
        page = max(1, min(10_000, int(query.get("trang", "1"))))
    except ValueError:
        page = 1
    since, until, period = quarter_bounds(now)
    with channel.store.session() as s:
        rows, total = repo.published(s, topic=topic or None, text=text or None, page=page, per_page=PER_PAGE)
        stats = repo.period_stats(s, since, until)
        upcoming = repo.sessions_upcoming(s, now)
        held = repo.sessions_held(s)
    items = [{
        "code": p.code, "topic": profile.topic(p.topic).name, "kind": profile.kind(p.kind).name,
        "content": pub.content or "", "answer": pub.answer or "", "answered": fmt_date(p.answered_at) if p.answered_at else "",
    } for pub, p in rows]
    pages = max(1, math.ceil(total / PER_PAGE))

    def link(n: int) -> str:
        params = {k: v for k, v in (("q", text), ("linh_vuc", topic), ("trang", str(n))) if v}
        return "/cong-khai?" + urlencode(params)

    by_status = [(t(f"status_{k}"), stats["by_status"][k]) for k in STATUS_ORDER if stats["by_status"].get(k)]
    on_time = f"{100 * stats['on_time'] / stats['answered']:.0f} %" if stats["answered"] else "—"
    tg = settings.telegram_bot_username.lstrip("@") if settings.telegram_bot_username else None
    sessions_up = [{
        "id": ds.id, "title": ds.title, "when": fmt_datetime(ds.starts_at), "place": ds.place, "host": ds.host,
        "deadline": fmt_datetime(ds.registration_deadline), "web": f"/?dt={ds.id}",
        "telegram": f"https://t.me/{tg}?start=dt_{ds.id}" if tg else None,
        "zalo": settings.zalo_bot_link or None,
    } for ds in upcoming]
    from bot.services.publication import mask

    sessions_done = [{
        "id": ds.id, "title": ds.title, "when": fmt_datetime(ds.starts_at), "place": ds.place,
        "answers": [{"question": mask(q.question, names=[q.full_name] if q.full_name else [],
                                      phones=[q.phone] if q.phone else []),
                     "answer": mask(q.answer or "")} for q in qs],
    } for ds, qs in held]
    return {
        "items": items, "total": total, "page": page, "pages": pages, "q": text, "topic": topic,
        "topics": [(tp.code, tp.name) for tp in profile.topics],
        "prev_url": link(page - 1) if page > 1 else None, "next_url": link(page + 1) if page < pages else None,
        "period": period, "stats_total": stats["total"], "by_status": by_status, "on_time": on_time,
        "answered": stats["answered"], "sessions_up": sessions_up, "sessions_done": sessions_done,
        "base_url": base_url,
    }
