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
* anything else, or an exception (network, timeout) → retried with exponential backoff and full
  jitter (tenacity's ``wait_random_exponential``); after ``delivery_max_attempts`` attempts → failed
  with the last error.

Per-chat order is kept by the claim (one unfinished row per chat at a time).
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
from bot.delivery.base import Sender, SendResult
from bot.delivery.limits import Limiter, make_limiter
from storage import Store, outbox, utcnow
from storage.models import Outbox

log = logging.getLogger(__name__)
T = TypeVar("T")

_TOKEN_RE = re.compile(r"bot\d+:[A-Za-z0-9_-]+|\d{6,}:[A-Za-z0-9_-]{30,}")


def redact(text: str) -> str:
    """Error strings may embed a request URL; never let a bot token reach the database or logs."""
    return _TOKEN_RE.sub("bot<redacted>", text)


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
        self.stats: Counter[str] = Counter()

    @property
    def channels(self) -> list[str]:
        return list(self.senders)

    def _flag_unreachable(self, s: Any, code: str) -> bool:
        from bot.app import staff_chats
        from bot.core.notify import flag_unreachable

        return flag_unreachable(s, self.profile, code, staff_chats(self.settings) if self.settings else None)

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

    async def _claim(self) -> list[Outbox]:
        rows = await self._db(outbox.claim_batch, channels=self.channels, worker_id=self.worker_id,
                              limit=self.batch_size, lease_seconds=self.lease_seconds, now=self.clock())
        self.stats["claimed"] += len(rows)
        return rows

    # ------------------------------------------------------------------------------------------ sending
    async def _deliver(self, row: Outbox) -> str:
        """Send one claimed row and record the outcome. Returns the outcome name."""
        assert row.id is not None
        wait = await self.limiter.acquire(row.channel, row.recipient, max_wait=self.max_limiter_wait)
        if wait > 0:  # the channel is paused or very busy: give the row back instead of holding it
            await self._record(outbox.mark_retry, row.id, None, self.clock() + timedelta(seconds=wait),
                               count_attempt=False)
            return self._count("deferred")
        try:
            msg = Outbound.from_payload(row.payload)
        except Exception as e:  # a malformed row can never be sent
            await self._record(outbox.mark_failed, row.id, f"bad payload: {e.__class__.__name__}: {e}"[:300])
            return self._count("failed")
        sender = self.senders[row.channel]
        try:
            result = await asyncio.wait_for(sender.send(row.recipient, msg), timeout=self.send_timeout)
        except asyncio.CancelledError:
            raise
        except Exception as e:  # network errors, timeouts: transient
            result = SendResult(ok=False, error=f"{e.__class__.__name__}: {e}"[:300])
        return await self._outcome(row, result)

    async def _outcome(self, row: Outbox, r: SendResult) -> str:
        assert row.id is not None
        error = redact(r.error or "")[:1000] or None
        if r.ok:
            await self._record(outbox.mark_sent, row.id, r.external_id)
            return self._count("sent")
        if r.retry_after is not None:
            await self.limiter.pause(row.channel, float(r.retry_after))
            await self._record(outbox.mark_retry, row.id, error or "429 rate limited",
                               self.clock() + timedelta(seconds=float(r.retry_after)), count_attempt=False)
            return self._count("rate_limited")
        if r.blocked:
            await self._record(outbox.mark_blocked, row.id, error or "blocked")
            if row.purpose == "notify" and row.ref and row.ref.startswith("PA-") and self.profile is not None:
                await self._db(self._flag_unreachable, row.ref)  # staff see it on the card
            return self._count("blocked")
        if r.permanent:
            await self._record(outbox.mark_failed, row.id, error or "permanent error")
            return self._count("failed")
        attempts = row.attempts + 1
        if attempts >= self.max_attempts:
            await self._record(outbox.mark_failed, row.id, f"{error or 'error'} (sau {attempts} lần thử)")
            return self._count("failed")
        delay = self.backoff.delay(attempts)
        await self._record(outbox.mark_retry, row.id, error or "error", self.clock() + timedelta(seconds=delay))
        return self._count("retry")

    async def _record(self, fn: Callable[..., bool], *args: Any, **kw: Any) -> None:
        try:
            ok = await self._db(fn, *args, worker_id=self.worker_id, **kw)
        except Exception:
            # The row stays 'sending' and is reclaimed when the lease expires (possible duplicate).
            log.exception("could not record the outcome of outbox row %s", args[0] if args else "?")
            self.stats["record_errors"] += 1
            return
        if not ok:
            log.warning("outbox row %s was reclaimed by another worker before we recorded it", args[0])
            self.stats["lost_claims"] += 1

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
            except Exception:  # a bug in a sender: leave the row to the lease, keep the worker alive
                log.exception("unexpected error delivering outbox row %s", row.id)
                self.stats["errors"] += 1
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
            await self.limiter.aclose()
        log.info("outbox worker %s stopped: %s", self.worker_id, dict(self.stats))

    def _release_all(self) -> int:
        with self.store.session() as s:
            return outbox.release_worker(s, self.worker_id)
