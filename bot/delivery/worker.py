"""The outbox worker: claims due rows, sends them within the channel's limits, records the outcome.

Guarantees
----------
* **Nothing is lost.** A row leaves ``pending``/``sending`` only with a final status written after
  the channel answered: ``sent``, ``blocked`` (403: the citizen is marked unreachable and
  unsubscribed), ``failed`` (400-like permanent error, or ``delivery_max_attempts`` transient
  failures) or ``cancelled`` (broadcast cancelled before the row was taken).
* **Several workers.** Claims are atomic (``storage.outbox.claim_batch``: ``FOR UPDATE SKIP LOCKED``
  on PostgreSQL), so two workers never hold the same row.
* **Crash safety.** A worker killed with ``kill -9`` leaves its claimed rows in ``sending``; after
  ``lease_seconds`` any worker reclaims them. Each of the ``concurrency`` consumer tasks sends its
  claimed rows one at a time and records each result before sending the next, so at the moment of a
  crash at most ``concurrency`` rows have been sent without their result being recorded: **a crash
  duplicates at most ``concurrency`` messages** (per killed process); the other claimed rows had not
  been sent yet. Rows in flight are bounded by ``batch_size × concurrency``.

Outcome of one send (``SendResult``)
------------------------------------
* ``ok`` → sent (external id kept);
* ``retry_after`` (429) → the channel is paused for that long (shared through Redis when
  configured) and the row is rescheduled after the pause. This does **not** count as an attempt:
  a 429 says nothing about the message itself, only about our pace;
* ``blocked`` (403) → blocked; ``permanent`` → failed at once;
* ``quota`` (the channel's monthly quota is spent; senders say so for broadcasts only) → failed at
  once with a ``quota:`` error, counted apart in the broadcast's report;
* anything else, or an exception (network, timeout) → retried with exponential backoff and full
  jitter (tenacity's ``wait_random_exponential``); after ``delivery_max_attempts`` attempts → failed
  with the last error.

Per-chat order is kept by the claim (one unfinished row per chat at a time).

The attempt cap holds on every path: a row reclaimed after its worker died (the lease expired) counts
an attempt, and a row claimed with ``delivery_max_attempts`` attempts spent, or whose delivery raised an
unexpected error for the last time, ends ``failed`` too, never ``sending`` forever. A row that ends
``failed`` (other than an announcement or an alert) sends the administrators a private alert
(``alert_delivery_failed``, at most one per ``delivery_alert_window`` seconds, with the count of the
last hour), through the outbox like any other message.

Group chats that fail
---------------------
* **403 / chat not found** for a group (the bot was removed from the staff group): the row is *held*,
  not ``blocked`` — given back without counting an attempt and tried again every
  ``delivery_group_retry_seconds`` (60); the group's later messages wait behind it (per-chat order), so
  nothing is lost and one request a minute probes the group. The first failure logs an error and alerts
  the administrators privately (once per outage, ``storage.destinations``); the first success after it
  says the group is back, and the held cards go out (as a digest when they are many).
* **400 with ``migrate_to_chat_id``** (a group upgraded to a supergroup): the move is recorded
  (``storage.destinations``, read again at every start: ``bot.app`` sends staff cards to the new id), the
  group's waiting rows move to the new id and are sent there at once, later rows for the old id are moved
  when claimed, and the administrators are told to update ``PAKN_TELEGRAM_STAFF_CHAT_ID``.

Digest fallback for group chats
-------------------------------
A group chat takes about ``telegram_group_per_minute`` (20) messages a minute. Before sending a new
card (purpose ``card``, not an edit) to a group chat (``limits.is_group``) whose sender
``supports_digest`` (it folds a ``Delivery(purpose="digest", items=[...])`` into one message), the worker weighs the chat's minute: ``budget = threshold − messages the chat got in
the last window`` (a digest counts once) against the new cards and staff messages still waiting for
it. While ``budget > 1`` cards go out one by one; once at most one message is left (``budget ≤ 1``)
and more than that is waiting, the card in hand and the unbroken run of new cards right behind it
(``outbox.claim_digest_run``: the first edit or staff message ends the run, so the chat's order is
kept) go out as **one** digest message (code + first line of each card; as many as fit one message,
the rest stay pending for the next digest). Those rows become ``sent`` with the digest's message id
as ``external_id`` and a ``digest:`` note in ``last_error``; no card reference is saved for them, so
their next edit posts a full card. A failed digest gives its run back to ``pending`` (no attempt
counted) and the card in hand takes the usual outcome (a permanent error: it is sent on its own).
Settings (read with defaults, none required): ``delivery_digest_threshold`` (messages per window per
group; default ``telegram_group_per_minute``; 0 disables), ``delivery_digest_window`` (60 s),
``delivery_digest_max_items`` (100 rows per digest). A burst of 40 new cards thus becomes 19 cards
and one digest: 20 messages.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import re
import socket
import uuid
from collections import Counter
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any, TypeVar

from tenacity import AsyncRetrying, stop_after_attempt, wait_random_exponential

from bot.core.types import Outbound
from bot.delivery.backoff import Backoff
from bot.delivery.base import Delivery, Sender, SendResult
from bot.delivery.limits import Limiter, is_group, make_limiter
from storage import Store, destinations, outbox, utcnow
from storage.models import Outbox

log = logging.getLogger(__name__)
T = TypeVar("T")

_TOKEN_RE = re.compile(r"bot\d+:[A-Za-z0-9_-]+|\d{6,}:[A-Za-z0-9_-]{30,}")


def redact(text: str) -> str:
    """Error strings may embed a request URL; never let a bot token reach the database or logs."""
    return _TOKEN_RE.sub("bot<redacted>", text)


_DIGEST_TEXT_LIMIT = 4096  # one message (Telegram's limit; a sender may set ``digest_text_limit``)
_DIGEST_OVERHEAD = 300  # title and footer of a digest


def _digest_line_len(msg: Outbound) -> int:
    """An upper bound of one digest line (UTF-16 units: ref, first line cut at 200 characters, bullet)."""
    text = (msg.text or "").strip()
    first = text.splitlines()[0][:200] if text else ""
    return (len(first.encode("utf-16-le")) // 2) + len(msg.ref or "") + 6


def default_worker_id() -> str:
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:6]}"


class Worker:
    """Delivers outbox rows for the channels it has senders for (others, e.g. console, are left alone)."""

    def __init__(
        self,
        store: Store,
        senders: dict[str, Sender],
        settings: Any,
        worker_id: str | None = None,
        *,
        limiter: Limiter | None = None,
        concurrency: int | None = None,
        batch_size: int | None = None,
        lease_seconds: float | None = None,
        send_timeout: float = 30.0,
        max_limiter_wait: float = 10.0,
        scheduler: Any = None,
        profile: Any = None,
        scheduler_interval: float = 2.0,
        clock: Callable[[], datetime] = utcnow,
    ) -> None:
        self.store = store
        self.senders = dict(senders)
        self.settings = settings
        self.worker_id = worker_id or default_worker_id()
        self._own_limiter = limiter is None  # a limiter given by the caller (shared with channels) is theirs to close
        self.limiter = limiter or make_limiter(settings)
        self.concurrency = concurrency or getattr(settings, "delivery_concurrency", 8)
        self.batch_size = batch_size or getattr(settings, "delivery_batch_size", 5)
        self.lease_seconds = lease_seconds or getattr(settings, "delivery_lease_seconds", 120.0)
        self.send_timeout = send_timeout
        self.max_limiter_wait = max_limiter_wait
        self.max_attempts = getattr(settings, "delivery_max_attempts", 8)
        self.poll_interval = getattr(settings, "worker_poll_interval", 0.5)
        self.backoff = Backoff.from_settings(settings)
        self.clock = clock
        if scheduler is None and profile is not None:
            from bot.delivery.scheduler import Scheduler

            scheduler = Scheduler(store, profile, settings)
        self.scheduler = scheduler
        self.scheduler_interval = scheduler_interval
        self.profile = profile
        threshold = getattr(settings, "delivery_digest_threshold", None)
        if threshold is None:
            threshold = getattr(settings, "telegram_group_per_minute", 20)
        self.digest_threshold = int(threshold or 0)
        self.digest_window = float(getattr(settings, "delivery_digest_window", 60.0) or 60.0)
        self.digest_max_items = max(2, int(getattr(settings, "delivery_digest_max_items", 100) or 100))
        self.group_retry_seconds = float(getattr(settings, "delivery_group_retry_seconds", 60.0) or 60.0)
        self.alert_window = float(getattr(settings, "delivery_alert_window", 600.0) or 600.0)
        self.stats: Counter[str] = Counter()
        self._moved: dict[str, dict[str, str]] = {}  # channel -> old chat id -> new chat id
        self._down: set[tuple[str, str]] = set()  # (channel, group) the bot cannot post in
        self._destinations_loaded = False
        self._catalog: Any = None

    @property
    def channels(self) -> list[str]:
        return list(self.senders)

    def _profile(self) -> Any:
        """The profile (alerts need its catalog); ``pakn worker --no-jobs`` runs without one: loaded then."""
        if self.profile is None and self.settings is not None:
            from bot.profile import load_profile

            self.profile = load_profile(self.settings.profile)
        return self.profile

    def _env(self, s: Any) -> Any:
        from bot.app import staff_chats
        from bot.core.texts import Catalog
        from bot.services.base import Env
        from bot.workdays import WorkCalendar

        profile = self._profile()
        if self._catalog is None:
            self._catalog = Catalog(profile)
        return Env(s=s, profile=profile, clock=self.clock, t=self._catalog,
                   calendar=WorkCalendar.from_profile(profile),
                   staff_chats=staff_chats(self.settings) if self.settings else [])

    def _flag_unreachable(self, s: Any, code: str) -> bool:
        from bot.services.notify import flag_unreachable

        return flag_unreachable(self._env(s), code)

    def _alert(self, s: Any, key: str | None, text_key: str, **params: Any) -> int:
        """A private message to every administrator, in the caller's transaction (once per ``key``)."""
        from bot.services.notify import alert_admins

        env = self._env(s)
        return alert_admins(env, env.t(text_key, **params), key=key)

    # ------------------------------------------------------------------------------------------ database
    async def _db(self, fn: Callable[..., T], *args: Any, **kw: Any) -> T:
        """Run a storage function in its own transaction, in a thread; retried on transient DB errors."""

        def call() -> T:
            with self.store.session() as s:
                return fn(s, *args, **kw)

        async for attempt in AsyncRetrying(stop=stop_after_attempt(5), wait=wait_random_exponential(0.05, max=2),
                                           reraise=True):
            with attempt:
                return await asyncio.to_thread(call)
        raise AssertionError("unreachable")  # pragma: no cover

    def _load_destinations(self, s: Any) -> None:
        for channel in self.channels:
            self._moved[channel] = destinations.moves(s, channel)
            self._down |= {(channel, chat) for chat in destinations.down_chats(s, channel)}

    async def _claim(self) -> list[Outbox]:
        if not self._destinations_loaded:
            await self._db(self._load_destinations)
            self._destinations_loaded = True
        rows = await self._db(outbox.claim_batch, channels=self.channels, worker_id=self.worker_id,
                              limit=self.batch_size, lease_seconds=self.lease_seconds, now=self.clock())
        self.stats["claimed"] += len(rows)
        return rows

    # ------------------------------------------------------------------------------------------ sending
    async def _deliver(self, row: Outbox) -> str:
        """Send one claimed row and record the outcome. Returns the outcome name."""
        assert row.id is not None
        if row.attempts >= self.max_attempts:  # reclaimed again and again after its worker died or stalled
            await self._fail(row, f"{row.last_error or 'interrupted'} (bỏ sau {row.attempts} lần thử)",
                             count_attempt=False)
            return self._count("failed")
        target = destinations.resolve(self._moved.get(row.channel, {}), row.recipient)
        if target != row.recipient:  # the group became a supergroup: this and its other rows go there
            await self._db(outbox.move_recipient, channel=row.channel, old=row.recipient, new=target)
            row.recipient = target
        wait = await self.limiter.acquire(row.channel, row.recipient, max_wait=self.max_limiter_wait)
        if wait > 0:  # the channel is paused or very busy: give the row back instead of holding it
            await self._record(outbox.mark_retry, row.id, None, self.clock() + timedelta(seconds=wait),
                               count_attempt=False)
            return self._count("deferred")
        try:
            msg = Outbound.from_payload(row.payload)
        except Exception as e:  # a malformed row can never be sent
            await self._fail(row, f"bad payload: {e.__class__.__name__}: {e}"[:300])
            return self._count("failed")
        if self._may_digest(row):
            outcome = await self._digest(row, msg)
            if outcome is not None:
                return outcome
        return await self._send_one(row, msg)

    async def _send_one(self, row: Outbox, msg: Outbound) -> str:
        sender = self.senders[row.channel]
        try:
            result = await asyncio.wait_for(sender.send(Delivery.from_row(row, msg)), timeout=self.send_timeout)
        except asyncio.CancelledError:
            raise
        except Exception as e:  # network errors, timeouts: transient
            result = SendResult(ok=False, error=f"{e.__class__.__name__}: {e}"[:300])
        return await self._outcome(row, result)

    async def _outcome(self, row: Outbox, r: SendResult) -> str:
        assert row.id is not None
        error = redact(r.error or "")[:1000] or None
        if r.ok:
            await self._record(outbox.mark_sent, row.id, r.external_id, now=self.clock())
            if (row.channel, row.recipient) in self._down:
                await self._group_up(row)
            return self._count("sent")
        if r.migrate_to:
            await self._group_moved(row, str(r.migrate_to))
            return self._count("moved")
        if r.retry_after is not None:
            await self.limiter.pause(row.channel, float(r.retry_after))
            await self._record(outbox.mark_retry, row.id, error or "429 rate limited",
                               self.clock() + timedelta(seconds=float(r.retry_after)), count_attempt=False)
            return self._count("rate_limited")
        if r.blocked and is_group(row.recipient):  # the bot was removed from a (staff) group: hold, never drop
            await self._group_down(row, error or "403 forbidden")
            return self._count("held")
        if r.blocked:
            await self._record(outbox.mark_blocked, row.id, error or "blocked")
            if row.purpose == "notify" and row.ref and row.ref.startswith("PA-") and self.profile is not None:
                await self._db(self._flag_unreachable, row.ref)  # staff see it on the card
            return self._count("blocked")
        if r.quota:  # the channel's monthly quota is spent: not sent, reported with the broadcast
            await self._record(outbox.mark_failed, row.id, error or "quota: not sent")
            return self._count("quota")
        if r.permanent:
            await self._fail(row, error or "permanent error")
            return self._count("failed")
        return await self._retry(row, error or "error")

    async def _retry(self, row: Outbox, error: str) -> str:
        """A transient failure: back off and try again, or fail once the attempts are spent."""
        assert row.id is not None
        attempts = row.attempts + 1
        if attempts >= self.max_attempts:
            await self._fail(row, f"{error} (sau {attempts} lần thử)")
            return self._count("failed")
        delay = self.backoff.delay(attempts)
        await self._record(outbox.mark_retry, row.id, error, self.clock() + timedelta(seconds=delay))
        return self._count("retry")

    async def _fail(self, row: Outbox, error: str, *, count_attempt: bool = True) -> None:
        """The row ends ``failed``; the administrators hear of it (announcements have their own report)."""
        assert row.id is not None
        if not await self._record(outbox.mark_failed, row.id, error, count_attempt=count_attempt):
            return
        if row.purpose in ("broadcast", "alert"):
            return
        log.error("outbox row %s (%s, %s) failed: %s", row.id, row.channel, row.purpose, redact(error)[:200])
        now = self.clock()
        bucket = int(now.timestamp() // self.alert_window)
        purpose = row.purpose or "notify"

        def work(s: Any) -> int:
            count = max(1, outbox.failed_since(s, now - timedelta(hours=1)))  # this one, at least
            t = self._env(s).t
            what = t(f"s_outbox_purpose_{purpose}") if f"s_outbox_purpose_{purpose}" in t else purpose
            return self._alert(s, f"failed:{bucket}", "alert_delivery_failed", what=what,
                               ref=f" {row.ref}" if row.ref else "", channel=row.channel, error=redact(error)[:200],
                               count=count)

        try:
            await self._db(work)
        except Exception:
            log.exception("could not alert the administrators about outbox row %s", row.id)

    # ------------------------------------------------------------------------------------------ groups
    async def _group_down(self, row: Outbox, error: str) -> None:
        assert row.id is not None
        now = self.clock()

        def work(s: Any) -> bool:
            first = destinations.mark_down(s, row.channel, row.recipient, error, now=now)
            if first:
                self._alert(s, None, "alert_group_down", chat=row.recipient, channel=row.channel, error=error[:200],
                            minutes=max(1, round(self.group_retry_seconds / 60)))
            return first

        try:
            first = await self._db(work)
        except Exception:
            log.exception("could not record that group %s:%s is unreachable", row.channel, row.recipient)
            first = False
        if first or (row.channel, row.recipient) not in self._down:
            log.error("cannot post in group %s:%s (%s): its messages are held and retried every %.0f s; "
                      "administrators alerted", row.channel, row.recipient, error[:200], self.group_retry_seconds)
        self._down.add((row.channel, row.recipient))
        await self._record(outbox.mark_retry, row.id, error, now + timedelta(seconds=self.group_retry_seconds),
                           count_attempt=False)

    async def _group_up(self, row: Outbox) -> None:
        self._down.discard((row.channel, row.recipient))

        def work(s: Any) -> bool:
            was = destinations.mark_up(s, row.channel, row.recipient)
            if was is not None:
                self._alert(s, None, "alert_group_up", chat=row.recipient, channel=row.channel)
            return was is not None

        try:
            if await self._db(work):
                log.warning("group %s:%s is reachable again: its held messages are being sent", row.channel,
                            row.recipient)
        except Exception:
            log.exception("could not record that group %s:%s is reachable again", row.channel, row.recipient)

    async def _group_moved(self, row: Outbox, new: str) -> None:
        """The group became a supergroup: follow it (recorded for every process and the next start)."""
        assert row.id is not None
        old = row.recipient
        now = self.clock()

        def work(s: Any) -> tuple[bool, int]:
            fresh = destinations.record_move(s, row.channel, old, new, now=now)
            n = outbox.move_recipient(s, channel=row.channel, old=old, new=new)
            if fresh:
                self._alert(s, None, "alert_group_moved", old=old, new=new, channel=row.channel)
            return fresh, n

        fresh, n = await self._db(work)
        self._moved.setdefault(row.channel, {})[old] = new
        hook = getattr(self.senders.get(row.channel), "chat_moved", None)
        if hook is not None:
            hook(old, new)
        if fresh:
            log.error("group %s:%s was upgraded to supergroup %s: %d waiting messages now go there; set the new id "
                      "in the configuration (PAKN_TELEGRAM_STAFF_CHAT_ID)", row.channel, old, new, n)
        # this row moved with the others: sent to the new chat at once, no attempt counted
        await self._record(outbox.mark_retry, row.id, f"moved to {new}", now, count_attempt=False)

    # ------------------------------------------------------------------------------------------ digests
    def _may_digest(self, row: Outbox) -> bool:
        return (self.digest_threshold > 0 and is_group(row.recipient) and row.id is not None
                and outbox.is_new_card(row.purpose, row.payload)
                and bool(getattr(self.senders.get(row.channel), "supports_digest", False)))

    async def _digest(self, row: Outbox, msg: Outbound) -> str | None:
        """Send ``row`` and the new cards right behind it as one digest if the group's minute is spent.

        None: no digest (send ``row`` normally). Otherwise the outcome, every claimed row recorded.
        """
        assert row.id is not None
        now = self.clock()
        pending, recent = await self._db(outbox.digest_pressure, channel=row.channel, recipient=row.recipient,
                                         from_id=row.id, since=now - timedelta(seconds=self.digest_window))
        budget = self.digest_threshold - recent
        if budget > 1 or pending <= max(budget, 1):
            return None  # the burst fits: one card at a time (the limiter paces them)
        run = await self._db(outbox.claim_digest_run, channel=row.channel, recipient=row.recipient,
                             after_id=row.id, worker_id=self.worker_id, limit=self.digest_max_items - 1, now=now)
        if not run:
            return None  # a lone card: a digest would save nothing
        rows, msgs = [row], [msg]
        size = _DIGEST_OVERHEAD + _digest_line_len(msg)
        limit = int(getattr(self.senders[row.channel], "text_limit", _DIGEST_TEXT_LIMIT))
        give_back: list[int] = []
        for r in run:
            assert r.id is not None
            try:
                m = Outbound.from_payload(r.payload)
            except Exception:  # it fails on its own turn; the run (and the chat's order) ends here
                m = None
            if give_back or m is None or size + _digest_line_len(m) > limit:
                give_back.append(r.id)
                continue
            rows.append(r)
            msgs.append(m)
            size += _digest_line_len(m)
        if give_back:
            await self._db(outbox.release, give_back, worker_id=self.worker_id, next_attempt_at=now)
        if len(rows) < 2:
            return None
        followers = [r.id for r in rows[1:] if r.id is not None]
        sender = self.senders[row.channel]
        digest = Delivery(row.recipient, Outbound(""), "digest", items=msgs)
        try:
            result = await asyncio.wait_for(sender.send(digest), timeout=self.send_timeout)
        except asyncio.CancelledError:
            raise
        except Exception as e:
            result = SendResult(ok=False, error=f"{e.__class__.__name__}: {e}"[:300])
        if not result.ok:
            with contextlib.suppress(Exception):  # else they come back when their lease expires
                await self._db(outbox.release, followers, worker_id=self.worker_id, next_attempt_at=now)
            self.stats["digest_errors"] += 1
            if result.permanent and result.retry_after is None and not result.blocked:
                log.warning("digest to %s:%s refused (%s): sending the card on its own", row.channel,
                            row.recipient, redact(result.error or ""))
                return await self._send_one(row, msg)
            return await self._outcome(row, result)
        ids = [r.id for r in rows if r.id is not None]
        note = f"{outbox.DIGEST_NOTE} gửi gộp trong tin tổng hợp {result.external_id or '?'} ({len(ids)} mục)"
        try:
            n = await self._db(outbox.mark_sent_digest, ids, result.external_id, worker_id=self.worker_id,
                               now=self.clock(), note=note)
        except Exception:
            log.exception("could not record digest %s of %d outbox rows", result.external_id, len(ids))
            self.stats["record_errors"] += 1
            n = len(ids)
        if n < len(ids):
            log.warning("%d rows of a digest were reclaimed by another worker before we recorded them", len(ids) - n)
            self.stats["lost_claims"] += len(ids) - n
        log.info("group %s:%s over its per-minute budget: %d cards sent as one digest (message %s)",
                 row.channel, row.recipient, len(ids), result.external_id)
        self.stats["digests"] += 1
        self.stats["digested"] += len(ids)
        self.stats["sent"] += len(ids)
        return "digested"

    async def _record(self, fn: Callable[..., bool], *args: Any, quiet: bool = False, **kw: Any) -> bool:
        """Record an outcome; False when it was not recorded (the row is no longer ours, or the database failed)."""
        try:
            ok = await self._db(fn, *args, worker_id=self.worker_id, **kw)
        except Exception:
            # The row stays 'sending' and is reclaimed when the lease expires (possible duplicate).
            log.exception("could not record the outcome of outbox row %s", args[0] if args else "?")
            self.stats["record_errors"] += 1
            return False
        if not ok and not quiet:
            log.warning("outbox row %s was reclaimed by another worker before we recorded it", args[0])
            self.stats["lost_claims"] += 1
        return bool(ok)

    async def _unexpected(self, row: Outbox, e: BaseException) -> None:
        """A bug or an unexpected failure while delivering: counted as an attempt (the cap still holds)."""
        if row.id is None:
            return
        with contextlib.suppress(Exception):
            fresh = await self._db(outbox.get, row.id)
            if fresh is None or fresh.status != "sending" or fresh.claimed_by != self.worker_id:
                return  # its outcome was recorded before the error
            await self._retry(row, f"{type(e).__name__}: {e}"[:300])

    def _count(self, outcome: str) -> str:
        self.stats[outcome] += 1
        return outcome

    async def _process(self, rows: list[Outbox], stop: asyncio.Event | None = None) -> int:
        done = 0
        for i, row in enumerate(rows):
            if stop is not None and stop.is_set():
                rest = [r.id for r in rows[i:] if r.id is not None]
                with contextlib.suppress(Exception):
                    await self._db(outbox.release, rest, worker_id=self.worker_id)
                break
            try:
                await self._deliver(row)
            except asyncio.CancelledError:
                raise
            except Exception as e:  # a bug in a sender: retried (and capped), the worker stays alive
                log.exception("unexpected error delivering outbox row %s", row.id)
                self.stats["errors"] += 1
                await self._unexpected(row, e)
            done += 1
        return done

    # ------------------------------------------------------------------------------------------ loops
    async def run_once(self) -> int:
        """One round: each consumer claims one batch and sends it. Returns the rows handled."""
        if not self.channels:
            return 0
        batches = await asyncio.gather(*(self._claim() for _ in range(self.concurrency)))
        counts = await asyncio.gather(*(self._process(b) for b in batches if b))
        return sum(counts)

    async def drain(self, *, max_rounds: int = 10_000, tick_scheduler: bool = False) -> int:
        """Run rounds until nothing is due (tests, one-shot CLI). Returns the rows handled."""
        total = 0
        for _ in range(max_rounds):
            if tick_scheduler and self.scheduler is not None:
                await asyncio.to_thread(self.scheduler.tick)
            n = await self.run_once()
            total += n
            if n == 0:
                break
        return total

    async def _consumer(self, stop: asyncio.Event) -> None:
        while not stop.is_set():
            try:
                rows = await self._claim()
            except Exception:
                log.exception("claiming outbox rows failed")
                rows = []
            if rows:
                await self._process(rows, stop)
                continue
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), timeout=self.poll_interval)

    async def _scheduler_loop(self, stop: asyncio.Event) -> None:
        while not stop.is_set():
            try:
                await asyncio.to_thread(self.scheduler.tick)
            except Exception:
                log.exception("scheduled jobs failed")
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), timeout=self.scheduler_interval)

    async def run(self, stop_event: asyncio.Event | None = None) -> None:
        """Deliver until ``stop_event`` is set; then finish the message in hand and give back the rest."""
        stop = stop_event or asyncio.Event()
        log.info("outbox worker %s: channels %s, concurrency %d, batch %d, lease %.0f s",
                 self.worker_id, ",".join(self.channels) or "(none)", self.concurrency, self.batch_size,
                 self.lease_seconds)
        tasks = [asyncio.create_task(self._consumer(stop)) for _ in range(self.concurrency if self.channels else 0)]
        if self.scheduler is not None:
            tasks.append(asyncio.create_task(self._scheduler_loop(stop)))
        try:
            await stop.wait()
            await asyncio.gather(*tasks)
        finally:
            for t in tasks:
                t.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)
            with contextlib.suppress(Exception):
                n = await asyncio.to_thread(self._release_all)
                if n:
                    log.info("outbox worker %s gave back %d rows", self.worker_id, n)
            if self._own_limiter:
                await self.limiter.aclose()
        log.info("outbox worker %s stopped: %s", self.worker_id, dict(self.stats))

    def _release_all(self) -> int:
        with self.store.session() as s:
            return outbox.release_worker(s, self.worker_id)
