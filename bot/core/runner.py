"""Where ``Core.handle`` runs for a channel's event loop.

``Core.handle`` is synchronous (one database transaction per message) and costs a millisecond or
two of CPU. A channel's event loop must never run it itself, so it hands every message to a runner:

- ``ThreadRunner``: a small dedicated thread pool in the channel's own process. Simple, shares the
  process's Core (tests, the console, small installations). The Python part of the core and the
  channel then share one interpreter lock.
- ``ProcessRunner``: worker processes, each with its own Core, database connection pool and NLU
  models, built from the settings. The channel's process only does network I/O; the core runs on the
  other CPU cores. This is what ``pakn run`` uses (``PAKN_CORE_PROCESSES``; see README, Telegram →
  Performance). Messages of one user are still handled one at a time and in order: the channel
  awaits one message of a user before it submits the next (its per-user lock); any worker may take it.

Both record nothing themselves: the core records each inbound update id in the message's own
transaction, so a message that is run again (a worker died, the connection was lost) is not applied
twice.
"""

from __future__ import annotations

import asyncio
import contextlib
import contextvars
import logging
import multiprocessing
import os
import pickle
import socket
import struct
import threading
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from typing import TYPE_CHECKING, Any, Protocol

from bot.core.types import Attachment, Inbound, Outbound

if TYPE_CHECKING:
    from bot.config import Settings

log = logging.getLogger(__name__)

PG_THREADS = 2  # measured in bench/telegram_throughput.py: 2 beat 1 and 4 (the GIL serialises the rest)


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
        self._executor.shutdown(wait=False)  # a second call does nothing


# -------------------------------------------------------------------------------- worker processes
_WORKER_CORE: Any = None


def _init_worker(settings: Settings, fetchers: Sequence[Fetcher]) -> None:
    """Runs once in each worker process: logging (with token redaction), store, profile, Core, the NLU
    models (loaded before the first citizen waits for them), then the collector's tuning."""
    global _WORKER_CORE
    from bot.app import build, tune_gc
    from bot.logs import setup_logging
    from intents import warm_up

    setup_logging(settings)
    # the parent migrated and synced the profile; the only database work here is Core.handle (Store.run)
    app = build(settings, migrate=False, sync=False, pre_ping=False)
    for fetch in fetchers:
        app.core.register_fetcher(fetch.channel, fetch)
    _WORKER_CORE = app.core
    warm_up(app.profile)  # with the agency's profile: its own topic model and keyword tables too
    tune_gc()


def core_threads(dialect: str) -> int:
    """Messages one process handles at once: 1 on SQLite (one writer at a time anyway; concurrent
    writers only meet in SQLite's busy handler), 2 on PostgreSQL (while one message waits for the
    database, another uses the CPU)."""
    return 1 if dialect == "sqlite" else PG_THREADS


def _worker_main(sock: socket.socket, settings: Settings, fetchers: Sequence[Fetcher], threads: int) -> None:
    """A worker process: build the core, say ready, then answer messages (``threads`` at a time) until
    told to stop (``None``) or until the channel's process goes away (end of file)."""
    conn = Connection(sock.detach())  # the same framing (4-byte length + pickle) as the parent's streams
    _init_worker(settings, fetchers)
    send_lock = threading.Lock()
    conn.send((0, "ready", os.getpid()))

    def run(rid: int, inbound: Inbound) -> None:
        try:
            result: tuple[int, str, Any] = (rid, "ok", _WORKER_CORE.handle(inbound))
        except BaseException as e:  # Core.handle answers errors itself; this is a last resort
            result = (rid, "error", f"{type(e).__name__}: {e}")
        with send_lock:
            conn.send(result)

    with ThreadPoolExecutor(max(1, threads), thread_name_prefix="pakn-core") as pool:
        while True:
            try:
                request = conn.recv()
            except (EOFError, OSError):
                return
            if request is None:
                return
            pool.submit(run, *request)


class WorkerDied(RuntimeError):
    """The worker process handling a message ended before answering."""


_HEADER = struct.Struct("!i")  # multiprocessing.connection's frame header


@dataclass(eq=False)
class _Worker:
    process: Any
    reader: asyncio.StreamReader
    writer: asyncio.StreamWriter
    ready: asyncio.Event = field(default_factory=asyncio.Event)
    ended: asyncio.Event = field(default_factory=asyncio.Event)
    pending: dict[int, asyncio.Future] = field(default_factory=dict)  # request id -> its caller
    pid: int | None = None
    alive: bool = True
    task: asyncio.Task | None = None


class ProcessRunner:
    """``Core.handle`` in ``processes`` worker processes built from ``settings``.

    Each worker is connected by a socket pair that the event loop reads and writes without blocking and
    without helper threads (``concurrent.futures.ProcessPoolExecutor`` spends about 0.35 ms of the
    channel's CPU per call in its queue threads; this costs about 0.07 ms). A message goes to the worker
    with the fewest messages waiting; each worker handles ``threads`` messages at once (the channel
    never sends two messages of one user at the same time, so each user's order is kept).

    A worker that dies (killed, out of memory) is replaced, and the messages it had not answered are run
    again on another worker (a message whose transaction had committed is recognised by its update id and
    not applied twice; its replies are then lost, which is logged)."""

    def __init__(self, settings: Settings, processes: int, *, fetchers: Sequence[Fetcher] = (),
                 threads: int | None = None, ready_timeout: float = 180.0) -> None:
        self.settings = settings
        self.processes = max(1, processes)
        dialect = "sqlite" if settings.sqlalchemy_url.startswith("sqlite") else "postgresql"
        self.threads = core_threads(dialect) if threads is None else max(1, threads)
        self._next_id = 0
        self.fetchers = list(fetchers)
        self.ready_timeout = ready_timeout
        self.restarts = 0
        self._workers: list[_Worker] = []
        self._starting: asyncio.Task | None = None
        self._closing = False
        self._replacing: set[asyncio.Task] = set()

    @property
    def pids(self) -> list[int]:
        return sorted(w.pid for w in self._workers if w.alive and w.pid is not None)

    async def start(self) -> None:
        """Start the workers (each loads its models: a few seconds), so the first messages are not slow."""
        if self._starting is None:
            self._starting = asyncio.ensure_future(self._start())
        await asyncio.shield(self._starting)

    async def _start(self) -> None:
        self._workers = list(await asyncio.gather(*(self._spawn() for _ in range(self.processes))))
        await asyncio.gather(*(self._until_ready(w) for w in self._workers))
        log.info("core: %d worker processes ready", self.processes)

    async def _spawn(self) -> _Worker:
        parent, child = socket.socketpair()
        ctx = multiprocessing.get_context("spawn")  # a clean interpreter, whatever threads this process runs
        process = ctx.Process(target=_worker_main, args=(child, self.settings, self.fetchers, self.threads),
                              name="pakn-core", daemon=True)
        await asyncio.to_thread(process.start)
        child.close()
        reader, writer = await asyncio.open_connection(sock=parent)
        w = _Worker(process=process, reader=reader, writer=writer)
        w.task = asyncio.create_task(self._read(w))
        return w

    async def _until_ready(self, w: _Worker) -> None:
        """Until the worker has loaded everything; it failing to start (a bad profile, say) is an error at
        once, not a wait nor a loop of new workers failing the same way."""
        waits = [asyncio.ensure_future(w.ready.wait()), asyncio.ensure_future(w.ended.wait())]
        try:
            await asyncio.wait(waits, timeout=self.ready_timeout, return_when=asyncio.FIRST_COMPLETED)
        finally:
            for t in waits:
                t.cancel()
        if not w.ready.is_set():
            raise RuntimeError("a core worker process could not start (its error is in the log above)")

    async def _read(self, w: _Worker) -> None:
        """Answers of one worker, in the order of its messages; on its end, fail what it still had."""
        try:
            while True:
                (size,) = _HEADER.unpack(await w.reader.readexactly(_HEADER.size))
                rid, kind, value = pickle.loads(await w.reader.readexactly(size))
                if kind == "ready":
                    w.pid = value
                    w.ready.set()
                    continue
                fut = w.pending.pop(rid, None)
                if fut is None or fut.done():
                    continue  # the caller gave up (cancelled)
                if kind == "ok":
                    fut.set_result(value)
                else:
                    fut.set_exception(RuntimeError(f"core worker: {value}"))
        except (asyncio.IncompleteReadError, ConnectionError):
            pass
        finally:
            w.alive = False
            for fut in w.pending.values():
                if not fut.done():
                    fut.set_exception(WorkerDied())
            w.pending.clear()
            w.writer.close()
            w.ended.set()
            if not self._closing and w.ready.is_set():  # one that never started is not restarted (see _until_ready)
                log.error("core worker process %s ended unexpectedly (exit code %s): starting another",
                          w.pid, await asyncio.to_thread(self._exitcode, w))
                task = asyncio.create_task(self._replace(w))
                self._replacing.add(task)
                task.add_done_callback(self._replacing.discard)

    @staticmethod
    def _exitcode(w: _Worker) -> int | None:
        w.process.join(5)
        return w.process.exitcode

    async def _replace(self, dead: _Worker) -> None:
        new = await self._spawn()
        self._workers = [new if w is dead else w for w in self._workers]
        self.restarts += 1
        try:
            await self._until_ready(new)
        except RuntimeError as e:
            log.error("%s: running with %d core worker processes", e, len(self.pids))

    async def _pick(self) -> _Worker:
        """The ready worker with the fewest messages waiting (waits while all are starting)."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + self.ready_timeout
        while True:
            ready = [w for w in self._workers if w.alive and w.ready.is_set()]
            if ready:
                return min(ready, key=lambda w: len(w.pending))
            if loop.time() > deadline or not any(w.alive for w in self._workers):
                raise RuntimeError("no core worker process is running")
            await asyncio.sleep(0.05)

    async def handle(self, inbound: Inbound) -> list[Outbound]:
        await self.start()
        for attempt in (1, 2):
            w = await self._pick()
            self._next_id += 1
            rid = self._next_id
            data = pickle.dumps((rid, inbound), protocol=pickle.HIGHEST_PROTOCOL)
            fut: asyncio.Future[list[Outbound]] = asyncio.get_running_loop().create_future()
            w.pending[rid] = fut
            w.writer.write(_HEADER.pack(len(data)) + data)  # buffered by the transport: never blocks the loop
            try:
                return await fut
            except WorkerDied:
                if attempt == 2:
                    raise
                log.warning("message %s of %s run again on another core worker", inbound.update_id, inbound.channel)
        raise AssertionError("unreachable")

    async def close(self) -> None:
        """Stop the workers (a second call does nothing: channels sharing a runner may each close it)."""
        if self._closing:
            return
        self._closing = True
        stop = _HEADER.pack(len(_STOP)) + _STOP
        for w in self._workers:
            if w.alive:
                w.writer.write(stop)
        for w in self._workers:
            with contextlib.suppress(Exception):
                await w.writer.drain()
            await asyncio.to_thread(w.process.join, 10)
            if w.process.is_alive():
                w.process.kill()
            if w.task is not None:
                w.task.cancel()
            w.writer.close()
        for task in list(self._replacing):
            task.cancel()


_STOP = pickle.dumps(None)
