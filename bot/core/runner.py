"""Where ``Core.handle`` runs for a channel's event loop.

``Core.handle`` is synchronous (one database transaction per message) and costs a millisecond or
two of CPU. A channel's event loop must never run it itself, so it hands every message to a runner:

- ``ThreadRunner``: a small dedicated thread pool in the channel's own process. Simple, shares the
  process's Core (tests, the console, small installations). The Python part of the core and the
  channel then share one interpreter lock.
- ``ProcessRunner``: worker processes, each with its own Core, database connection pool and NLU
  models, built from the settings. The channel's process only does network I/O; the core runs on the
  other CPU cores. This is what ``pakn run`` uses (``PAKN_CORE_PROCESSES``; see README,
  "Hiệu năng"). Messages of one user are still handled one at a time and in order: the channel
  awaits one message of a user before it submits the next (its per-user lock); any worker may take it.

Both record nothing themselves: the core records each inbound update id in the message's own
transaction, so a message that is run again (a worker died, the connection was lost) is not applied
twice.
"""

from __future__ import annotations

import asyncio
import contextvars
import logging
import multiprocessing
import os
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import TYPE_CHECKING, Any, Protocol

from bot.core.types import Attachment, Inbound, Outbound

if TYPE_CHECKING:
    from bot.config import Settings

log = logging.getLogger(__name__)


class Fetcher(Protocol):
    """A picklable attachment downloader a channel gives to worker processes (``Core.register_fetcher``)."""

    channel: str

    def __call__(self, att: Attachment) -> str | None: ...


class CoreRunner(Protocol):
    async def start(self) -> None: ...
    async def handle(self, inbound: Inbound) -> list[Outbound]: ...
    async def close(self) -> None: ...


def default_processes(settings: Settings) -> int:
    """``PAKN_CORE_PROCESSES`` if set; otherwise 1 on SQLite (one writer at a time anyway) and on
    PostgreSQL one per CPU but the one the channel's process needs, at most 4 (on 2 CPUs: 1; measured
    in bench/telegram_throughput.py, a second worker there only competes with the channel and the
    database server for CPU)."""
    if settings.core_processes is not None:
        return max(0, settings.core_processes)
    if settings.sqlalchemy_url.startswith("sqlite"):
        return 1
    return max(1, min(4, (os.cpu_count() or 1) - 1))


class ThreadRunner:
    """``handle`` on a dedicated thread pool (not asyncio's default executor, which other work shares)."""

    def __init__(self, handle: Callable[[Inbound], list[Outbound]], threads: int = 1) -> None:
        self._handle = handle
        self.threads = max(1, threads)
        self._executor = ThreadPoolExecutor(self.threads, thread_name_prefix="pakn-core")

    async def start(self) -> None:
        return None

    async def handle(self, inbound: Inbound) -> list[Outbound]:
        loop = asyncio.get_running_loop()
        ctx = contextvars.copy_context()  # as asyncio.to_thread does
        return await loop.run_in_executor(self._executor, ctx.run, self._handle, inbound)

    async def close(self) -> None:
        self._executor.shutdown(wait=False)


# -------------------------------------------------------------------------------- worker processes
_WORKER_CORE: Any = None


def _init_worker(settings: Settings, fetchers: Sequence[Fetcher]) -> None:
    """Runs once in each worker process: logging (with token redaction), store, profile, Core, the NLU
    models (loaded before the first citizen waits for them), then the collector's tuning."""
    global _WORKER_CORE
    from bot.app import build, tune_gc
    from bot.logs import setup_logging
    from intents import understand

    setup_logging(settings)
    app = build(settings, migrate=False, sync=False)  # the parent migrated and synced the profile
    for fetch in fetchers:
        app.core.register_fetcher(fetch.channel, fetch)
    _WORKER_CORE = app.core
    understand("xin chào")
    tune_gc()


def _warm(_: int) -> int:
    return os.getpid()


def _handle_in_worker(inbound: Inbound) -> list[Outbound]:
    return _WORKER_CORE.handle(inbound)


class ProcessRunner:
    """``Core.handle`` in ``processes`` worker processes built from ``settings``.

    A worker that dies (killed, out of memory) breaks the pool: the runner starts a new one and runs
    the affected messages again (a message whose transaction had committed is recognised by its update
    id and not applied twice)."""

    def __init__(self, settings: Settings, processes: int, *, fetchers: Sequence[Fetcher] = ()) -> None:
        self.settings = settings
        self.processes = max(1, processes)
        self.fetchers = list(fetchers)
        self.restarts = 0
        self._pool = self._new_pool()
        self._generation = 0
        self._lock = asyncio.Lock()
        self._started = False

    def _new_pool(self) -> ProcessPoolExecutor:
        # "spawn": a clean interpreter per worker, safe whatever threads the channel's process runs
        return ProcessPoolExecutor(self.processes, mp_context=multiprocessing.get_context("spawn"),
                                   initializer=_init_worker, initargs=(self.settings, self.fetchers))

    @property
    def pids(self) -> list[int]:
        return sorted((self._pool._processes or {}).keys())  # type: ignore[attr-defined]

    async def start(self) -> None:
        """Start the workers (each loads its models: a few seconds), so the first messages are not slow."""
        if self._started:
            return
        self._started = True
        loop = asyncio.get_running_loop()
        await asyncio.gather(*(loop.run_in_executor(self._pool, _warm, i) for i in range(self.processes * 2)))
        log.info("core: %d worker processes ready", self.processes)

    async def handle(self, inbound: Inbound) -> list[Outbound]:
        loop = asyncio.get_running_loop()
        for attempt in (1, 2):
            pool, generation = self._pool, self._generation
            try:
                return await loop.run_in_executor(pool, _handle_in_worker, inbound)
            except BrokenProcessPool:
                if attempt == 2:
                    raise
                await self._replace(generation)
        raise AssertionError("unreachable")

    async def _replace(self, generation: int) -> None:
        """A new pool, once for all the messages that saw the old one break."""
        async with self._lock:
            if generation != self._generation:
                return  # another message already replaced it
            log.error("a core worker process died: starting new workers")
            old = self._pool
            self._pool = self._new_pool()
            self._generation += 1
            self.restarts += 1
            await asyncio.to_thread(old.shutdown, wait=False, cancel_futures=True)

    async def close(self) -> None:
        await asyncio.to_thread(self._pool.shutdown, wait=True, cancel_futures=True)
