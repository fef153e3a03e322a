"""Scheduled jobs, run every few seconds inside the outbox worker (``pakn run`` / ``pakn worker``).

Each job is idempotent across processes: a conditional update (broadcast status, the session's
``reminded_at``) or a run-once key in the ``kv`` table, written in the same transaction as the
messages the job queues. Jobs:

* ``broadcasts``  — start scheduled broadcasts when due; refresh progress messages; final reports;
* ``reminders``   — from 08:00 the day before a dialogue session, remind its registrants (once);
* ``publication`` — the results of a session held must be published within ``publish_days_after``
  days (10, under the rule the profile cites: dialogue.legal_basis): from 3 days before the deadline,
  remind staff once a day until published;
* ``deadlines``   — on working days from 08:00, one digest of petitions overdue or due within
  ``due_soon_days`` working days, to the staff destination and to each assignee; overdue
  petitions get a one-time (internal) "overdue" event in their timeline.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import date, datetime, time, timedelta
from typing import Any

from bot.core.render import clip, fmt_date, fmt_short_date, use_timezone
from bot.core.types import Outbound
from bot.services import announcements as bc
from bot.workdays import WorkCalendar
from storage import Store, dialogue, jobs, outbox, utcnow
from storage import broadcasts as repo
from storage import staff as staff_repo
from storage.models import DialogueSession

log = logging.getLogger(__name__)

MAX_DIGEST_LINES = 40


class Scheduler:
    def __init__(
        self,
        store: Store,
        profile: Any,
        settings: Any = None,
        *,
        clock: Callable[[], datetime] = utcnow,
        staff_destinations: list[tuple[str, str]] | None = None,
        digest_hour: int = 8,
        reminder_hour: int = 8,
        due_soon_days: int = 2,
        publication_warn_days: int = 3,
    ) -> None:
        self.store = store
        self.profile = profile
        self.settings = settings
        self.clock = clock
        self.tz = use_timezone(profile.timezone)
        self.calendar = WorkCalendar.from_profile(profile)
        self._staff_destinations = staff_destinations
        self.digest_hour = digest_hour
        self.reminder_hour = reminder_hour
        self.due_soon_days = due_soon_days
        self.publication_warn_days = publication_warn_days

    # -------------------------------------------------------------------------------------------- helpers
    def local(self, dt: datetime) -> datetime:
        return dt.astimezone(self.tz)

    def local_at(self, d: date, hour: int) -> datetime:
        return datetime.combine(d, time(hour), tzinfo=self.tz)

    def staff_destinations(self, s: Any) -> list[tuple[str, str]]:
        """The staff group (Telegram) when configured, otherwise each active staff member's own chat."""
        if self._staff_destinations is not None:
            return list(self._staff_destinations)
        from bot.channels.registry import staff_destinations

        chats = staff_destinations(self.settings)
        if chats:
            return chats
        return [(x.channel, x.channel_user_id) for x in staff_repo.list_active(s)]

    def _to_staff(self, s: Any, text: str, *, purpose: str, ref: str | None = None) -> int:
        n = 0
        for channel, chat in self.staff_destinations(s):
            outbox.enqueue(s, channel=channel, recipient=chat, payload=Outbound(text=text, ref=ref).to_payload(),
                           purpose=purpose, ref=ref)
            n += 1
        return n

    # -------------------------------------------------------------------------------------------- tick
    def tick(self, now: datetime | None = None) -> dict[str, int]:
        """Run every job once (each in its own transaction). Returns what each did."""
        now = now or self.clock()
        out: dict[str, int] = {}
        for name, job in (("broadcasts", self.run_broadcasts), ("reminders", self.run_reminders),
                          ("publication", self.run_publication_reminders), ("deadlines", self.run_deadline_digest),
                          ("retention", self.run_retention)):
            try:
                out[name] = job(now)
            except Exception:
                log.exception("scheduled job %s failed", name)
                out[name] = -1
        return out

    # -------------------------------------------------------------------------------------------- jobs
    def run_broadcasts(self, now: datetime) -> int:
        n = 0
        with self.store.session() as s:
            due = [b.id for b in repo.due(s, now)]
        for bid in due:  # one transaction per broadcast: a big expansion does not hold the others
            with self.store.session() as s:
                b = repo.get(s, bid)
                if b is not None and bc.start(s, b, now, profile=self.profile) is not None:
                    n += 1
                    log.info("broadcast #%s started: %s recipients", bid, b.total)
        with self.store.session() as s:
            for b in repo.with_status(s, "sending"):
                if bc.finish_if_done(s, b, now):
                    n += 1
                    log.info("broadcast #%s done", b.id)
                else:
                    bc.update_progress(s, b, now)
        return n

    def run_reminders(self, now: datetime) -> int:
        """Registrants are reminded from ``reminder_hour`` on the day before the session."""
        n = 0
        today = self.local(now).date()
        tomorrow_end = self.local_at(today + timedelta(days=2), 0)
        with self.store.session() as s:
            candidates = repo.sessions_to_remind(s, now, tomorrow_end)
        for ds in candidates:
            start_day = self.local(ds.starts_at).date()
            if now < self.local_at(start_day - timedelta(days=1), self.reminder_hour):
                continue
            with self.store.session() as s:
                fresh = dialogue.get_session(s, ds.id)
                if fresh is not None and bc.remind_registrants(s, self.profile, fresh, now) is not None:
                    n += 1
        return n

    def publication_deadline(self, ds: DialogueSession) -> date:
        held = self.local(ds.held_at or ds.starts_at).date()
        return held + timedelta(days=self.profile.dialogue.publish_days_after)

    def run_publication_reminders(self, now: datetime) -> int:
        n = 0
        today = self.local(now).date()
        with self.store.session() as s:
            for ds in repo.sessions_awaiting_results(s):
                deadline = self.publication_deadline(ds)
                left = (deadline - today).days
                if left > self.publication_warn_days:
                    continue
                if not jobs.claim_once(s, f"pubwarn:{ds.id}:{today.isoformat()}", now=now):
                    continue
                open_q = [q for q in dialogue.questions_for_session(s, ds.id) if not q.answer and q.status != "withdrawn"]
                if left >= 0:
                    head = (f"⏳ Còn {left} ngày để công bố kết quả buổi đối thoại #{ds.id} “{clip(ds.title, 100)}” "
                            f"(hạn {fmt_date(deadline)}, {self.profile.dialogue.legal_basis}).")
                else:
                    head = (f"⚠️ Đã quá hạn {-left} ngày công bố kết quả buổi đối thoại #{ds.id} "
                            f"“{clip(ds.title, 100)}” (hạn {fmt_date(deadline)}).")
                text = (f"{head}\nCòn {len(open_q)} câu hỏi chưa có trả lời (/doithoai_ds {ds.id}). "
                        f"Công bố và gửi trả lời cho người hỏi: /doithoai_congbo {ds.id} [tóm tắt kết quả]")
                self._to_staff(s, text, purpose="reminder", ref=f"DS-{ds.id}")
                n += 1
        return n

    def run_retention(self, now: datetime) -> int:
        """Once a day, at night (after 02:00 local): the profile's retention periods (``pakn data retention``
        does the same by hand). Returns how many rows or items it erased or deleted."""
        from bot.core.texts import Catalog
        from bot.services import personal_data
        from bot.services.base import Env

        lt = self.local(now)
        if lt.hour < 2:
            return 0
        with self.store.session() as s:
            if not jobs.claim_once(s, f"retention:{lt.date().isoformat()}", now=now):
                return 0
            env = Env(s=s, profile=self.profile, clock=lambda: now, t=Catalog(self.profile), calendar=self.calendar)
            counts = personal_data.retention(env)
        if any(counts.values()):
            log.info("retention: %s", ", ".join(f"{k} {v}" for k, v in counts.items()))
        return sum(counts.values())

    def run_deadline_digest(self, now: datetime) -> int:
        """Once per working day, after ``digest_hour``: 1 if the digest was queued by this call.

        It reads the lines it shows (at most MAX_DIGEST_LINES, per destination and per assignee) and counts the
        rest in SQL; overdue items are marked with one INSERT … SELECT; working days come from the calendar's
        precomputed numbering. Runs in the delivery worker's job thread, never in a channel's event loop."""
        lt = self.local(now)
        today = lt.date()
        if lt.hour < self.digest_hour or not self.calendar.is_working_day(today):
            return 0
        with self.store.session() as s:
            if not jobs.claim_once(s, f"digest:{today.isoformat()}", now=now):
                return 0
            horizon = self.calendar.add_working_days(today, self.due_soon_days)
            last = jobs.get(s, "digest:overdue_marked")
            since = date.fromisoformat(last["day"]) - timedelta(days=7) if last and last.get("day") else None
            marked = jobs.mark_overdue(s, today, now=now, since=since)
            jobs.put(s, "digest:overdue_marked", {"day": today.isoformat()})
            counts = jobs.digest_counts_by_assignee(s, horizon, today)  # the totals and each assignee's, one scan
            n_overdue, n_soon = sum(o for o, _n in counts.values()), sum(n for _o, n in counts.values())
            if not n_overdue + n_soon:
                return 1
            rows = jobs.digest_rows(s, horizon, MAX_DIGEST_LINES)
            staff_by_id = {st.id: st for st in staff_repo.list_active(s)}
            destinations = self.staff_destinations(s)
            cache: dict[Any, Any] = {}
            text = self.digest_text(rows, today, staff_by_id, title="📅 Hạn xử lý hồ sơ", overdue=n_overdue,
                                    soon=n_soon, cache=cache)
            messages = [dict(channel=channel, recipient=chat, purpose="digest", ref=f"DIGEST-{today}",
                             payload=Outbound(text=text).to_payload(), dedupe_key=f"digest:{today}:{channel}:{chat}")
                        for channel, chat in destinations]
            by_assignee = jobs.digest_rows_by_assignee(s, horizon, today, MAX_DIGEST_LINES, counts)
            for sid, (mine, over, soon) in by_assignee.items():
                st = staff_by_id.get(sid)
                if st is None or (st.channel, st.channel_user_id) in destinations:
                    continue  # gone, or already has the full digest
                mine_text = self.digest_text(mine, today, staff_by_id, overdue=over, soon=soon, title="📅 Hồ sơ của Ông/Bà",
                                             cache=cache)
                messages.append(dict(channel=st.channel, recipient=st.channel_user_id, purpose="digest",
                                     ref=f"DIGEST-{today}", dedupe_key=f"digest:{today}:{st.channel}:{st.channel_user_id}",
                                     payload=Outbound(text=mine_text).to_payload()))
            outbox.enqueue_many(s, messages)
            log.info("deadline digest %s: %d items (%d overdue, %d newly marked)", today, n_overdue + n_soon,
                     n_overdue, marked)
        return 1

    def digest_text(self, items: list[Any], today: date, staff_by_id: dict, *, title: str, overdue: int,
                    soon: int, cache: dict[Any, Any] | None = None) -> str:
        """``items``: the first rows (id, code, kind, due_date, assignee_id, urgent), earliest first; ``overdue``
        and ``soon``: how many there are in all. ``cache``: lines already made for this digest, by petition id
        (an item is in the group's digest and in its assignee's), and under "due" the text of each due date."""
        lines = [f"{title} — {fmt_date(today)}"]
        cache = {} if cache is None else cache
        kinds = {k.code: k.name for k in self.profile.kinds}
        today_n = self.calendar.number(today)
        due_texts: dict[Any, str] = cache.setdefault("due", {})  # per due date

        def due_text(due: date) -> str:
            got = due_texts.get(due)
            if got is None:
                wd = self.calendar.number(due) - today_n
                when = (f"quá hạn {-wd} ngày làm việc" if wd < 0 else "hạn hôm nay" if wd == 0
                        else f"còn {wd} ngày làm việc")
                if due < today and wd == 0:
                    when = "quá hạn"  # due on a day off just passed
                got = due_texts[due] = f"hạn {fmt_short_date(due)} ({when})"
            return got

        def line(p: Any) -> str:
            done = cache.get(p.id)
            if done is not None:
                return done
            who = staff_by_id[p.assignee_id].name if p.assignee_id in staff_by_id else "chưa có người nhận"
            urgent = " ⚠️" if p.urgent else ""
            cache[p.id] = out = f"• {p.code}{urgent} · {kinds.get(p.kind, p.kind)} · {due_text(p.due_date)} · {who}"
            return out

        shown = 0
        late = [p for p in items if p.due_date < today]
        coming = [p for p in items if p.due_date >= today]
        for label, group in ((f"⏰ Quá hạn ({overdue}):", late), (f"⌛ Sắp đến hạn ({soon}):", coming)):
            if not group and not (label.startswith("⏰") and overdue) and not (label.startswith("⌛") and soon):
                continue
            lines.append(label)
            for p in group:
                lines.append(line(p))
                shown += 1
        if shown < overdue + soon:
            lines.append(f"… và {overdue + soon - shown} hồ sơ khác. Xem: /hopthu quahan")
        else:
            lines.append("Xem hộp thư: /hopthu quahan")
        return "\n".join(lines)
