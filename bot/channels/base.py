"""What every messaging channel shares (Telegram, Zalo, the web chat; the console uses the rendering).

A channel translates its network's updates into ``Inbound`` and the core's ``Outbound`` back; what is
not about the network lives here:

* **per-user ordering** (:class:`UserOrder`): the messages of one user are handled one at a time, in
  the order they arrived (asyncio locks are fair), whatever the runner;
* **hand-off to the core runner** (:class:`ChannelBase`): ``Core.handle`` never runs on the event loop;
  it runs on a ``bot.core.runner`` runner (worker processes under ``pakn run``, a thread pool of this
  process otherwise); "typing…" is shown only when the answer takes longer than ``typing_delay``;
* **update ids**: ``Inbound.update_id`` is recorded by the core in the message's own transaction; a core
  that does not (test doubles: ``handles_update_ids`` false) gets it recorded by the channel first;
* **attachment fetching hand-off**: with a thread runner the channel registers its own downloader with
  the core (``fetch_attachment``); with worker processes the channel's registry entry gives a picklable
  fetcher (``bot.channels.fetchers``) that imports no channel library;
* **durable replies** (:meth:`ChannelBase.defer_replies`): a direct reply that cannot be sent now (429
  beyond the reply's retry budget, network errors, shutdown) becomes an outbox row (purpose ``reply``)
  that the delivery worker sends with its retries; the chat's later replies follow it through the outbox
  until it is delivered, so the chat's order is kept. The update is marked processed in the core's
  transaction, so a reply dropped here would be lost for good;
* **draining** (:meth:`ChannelBase.drain`): at shutdown the updates in hand finish (their replies sent,
  or put in the outbox once ``shutdown_grace`` has passed) before the runner and the client close;
* **reply rendering** (:func:`render_texts`): buttons become numbered choices on channels without
  buttons (``bot.core.types.numbered_text``; the core maps a typed number or the option's words back to
  its payload), and long texts are split at paragraph, then line, sentence, word boundaries under the
  channel's maximum length (:func:`split_text`).

Deliveries from the outbox go through each channel's ``Sender`` (``bot.delivery.base``); the channels a
process runs, their senders, rate limits, webhook routes and staff chats come from
``bot.channels.registry``; the one aiohttp server for every webhook route (and the web chat) is
:class:`HttpServer`.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import threading
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any

from bot.core.runner import CoreRunner, ThreadRunner
from bot.core.runner import core_threads as runner_threads
from bot.core.types import Attachment, Inbound, Outbound, numbered_text
from storage import Store, outbox, updates

log = logging.getLogger(__name__)

TYPING_DELAY = 0.6  # a step slower than this shows "typing…"
SHUTDOWN_GRACE = 8.0  # seconds the updates in hand get at shutdown (PAKN_SHUTDOWN_GRACE)


class StartupError(RuntimeError):
    """A channel could not start, after retrying for a bounded time; the message says what to fix."""


# ============================================================================ text
def split_text(text: str, limit: int, measure: Callable[[str], int] = len) -> list[str]:
    """Cut a long text into pieces of at most ``limit`` units (``measure``: characters by default;
    Telegram counts UTF-16 units), preferring paragraph, then line, sentence, clause and word
    boundaries; a word longer than the limit is cut where it must be."""
    text = text.strip()
    if not text:
        return []
    parts: list[str] = []
    while measure(text) > limit:
        lo, hi = 0, len(text)  # the longest prefix that fits, in characters
        while lo < hi:
            mid = (lo + hi + 1) // 2
            if measure(text[:mid]) <= limit:
                lo = mid
            else:
                hi = mid - 1
        window = text[:lo]
        cut = -1
        for sep in ("\n\n", "\n", ". ", "; ", ", ", " "):
            i = window.rfind(sep)
            if i >= lo // 3:  # do not leave absurdly short pieces
                cut = i + (len(sep) if sep.strip() else 0)
                break
        if cut <= 0:
            cut = lo
        parts.append(text[:cut].rstrip())
        text = text[cut:].lstrip()
    if text:
        parts.append(text)
    return parts


def render_texts(out: Outbound, *, limit: int, buttons: bool, measure: Callable[[str], int] = len,
                 choices_hint: str | None = None) -> list[str]:
    """The text pieces of one Outbound for a channel: with ``buttons`` false, the buttons are written
    as numbered choices (kept together in the last piece when they fit)."""
    if buttons or not out.buttons:
        return split_text(out.text or "", limit, measure)
    body = numbered_text(out)
    if choices_hint is not None:
        body = body.rsplit("\n", 1)[0] + "\n" + choices_hint
    pieces = split_text(body, limit, measure)
    choices = body[len(out.text or ""):].strip()
    if len(pieces) > 1 and measure(choices) <= limit:  # never cut the list of choices in two
        pieces = [*split_text(out.text or "", limit, measure), choices]
        if len(pieces) >= 2 and measure(pieces[-2] + "\n\n" + choices) <= limit:
            pieces[-2:] = [pieces[-2] + "\n\n" + choices]
    return pieces


# ============================================================================ ordering
class UserOrder:
    """One fair asyncio lock per user, forgotten when nobody holds or waits for it."""

    def __init__(self) -> None:
        self._locks: dict[str, asyncio.Lock] = {}
        self._users: dict[str, int] = {}

    def acquire_ref(self, user_id: str) -> asyncio.Lock:
        """The user's lock, counted as in use until :meth:`release_ref` (take it before the first await)."""
        lock = self._locks.get(user_id)
        if lock is None:
            lock = self._locks[user_id] = asyncio.Lock()
        self._users[user_id] = self._users.get(user_id, 0) + 1
        return lock

    def release_ref(self, user_id: str) -> None:
        n = self._users.get(user_id, 1) - 1
        if n <= 0:
            self._users.pop(user_id, None)
            self._locks.pop(user_id, None)
        else:
            self._users[user_id] = n

    @contextlib.asynccontextmanager
    async def hold(self, user_id: str) -> AsyncIterator[None]:
        lock = self.acquire_ref(user_id)
        try:
            async with lock:
                yield
        finally:
            self.release_ref(user_id)

    def __len__(self) -> int:
        return len(self._locks)


# ============================================================================ the channel base
class ChannelBase:
    """The shared half of a channel: the core runner, ordering, update ids, typing, attachments.

    A subclass sets ``name``, ``text_limit`` and ``has_buttons``, turns its updates into ``Inbound``
    and calls :meth:`call_core` while holding the user's turn (``async with self.order.hold(uid)``),
    then sends the replies its own way. ``typing(chat)`` shows the channel's "typing…" if it has one.
    """

    name = "channel"
    text_limit = 4096
    has_buttons = False

    def __init__(self, core: Any, store: Store, *, runner: CoreRunner | None = None,
                 core_threads: int | None = None, typing_delay: float = TYPING_DELAY, own_runner: bool = True) -> None:
        """``runner``: where the core runs (None: a thread pool of this process, with this channel's
        downloader registered on ``core``); ``own_runner`` false: a runner shared with other channels,
        closed by whoever started it (``bot.channels.serve.serve``)."""
        self.core = core
        self.store = store
        self.typing_delay = typing_delay
        self.order = UserOrder()
        self.stats: dict[str, int] = {"updates": 0, "duplicates": 0, "replies": 0, "typing": 0, "downloads": 0,
                                      "reply_errors": 0, "replies_deferred": 0}
        self._stats_lock = threading.Lock()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._background: set[asyncio.Task] = set()
        # the core records Inbound.update_id in its own transaction; otherwise the channel does it
        self._core_marks = bool(getattr(core, "handles_update_ids", False))
        self.owns_runner = runner is None or own_runner
        if runner is None:  # the given core, on a thread pool of this process
            if core_threads is None:
                core_threads = runner_threads(store.dialect)
            runner = ThreadRunner(self._run_core, core_threads)
            if hasattr(core, "register_fetcher"):
                core.register_fetcher(self.name, self.fetch_attachment)
        self.runner = runner
        self._deferred_chats: set[str] = set()  # chats whose replies wait in the outbox (their order)
        self._inflight = 0  # updates in hand (see inflight / drain)
        self._idle: asyncio.Event | None = None
        self.draining = False
        self._drain_deadline: float | None = None

    # -------------------------------------------------------------- in hand, draining
    @contextlib.asynccontextmanager
    async def inflight(self) -> AsyncIterator[None]:
        """Count an update as in hand while its core call and replies run (what :meth:`drain` waits for)."""
        self._inflight += 1
        try:
            yield
        finally:
            self._inflight -= 1
            if self._inflight <= 0 and self._idle is not None:
                self._idle.set()

    @property
    def in_hand(self) -> int:
        return self._inflight

    def past_deadline(self) -> bool:
        """Shutting down and the grace period is over: replies go to the outbox instead of waiting."""
        if not self.draining or self._drain_deadline is None:
            return False
        return asyncio.get_running_loop().time() >= self._drain_deadline

    async def before_drain(self) -> None:
        """Hook: what a channel holds back (albums being gathered) is handled at once."""
        return None

    async def drain(self, grace: float = SHUTDOWN_GRACE) -> bool:
        """Stop taking new updates and let those in hand finish: their replies are sent, or put in the outbox
        once ``grace`` seconds have passed. True when nothing was left in hand."""
        loop = asyncio.get_running_loop()
        if not self.draining:
            self.draining = True
            self._drain_deadline = loop.time() + grace
        await self.before_drain()
        if self._inflight <= 0:
            return True
        log.info("%s: waiting for %d updates in hand before stopping", self.name, self._inflight)
        self._idle = asyncio.Event()
        # after the grace period the replies still waiting go to the outbox: a little more time for that
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._idle.wait(), max(0.0, self._drain_deadline - loop.time()) + 5.0)  # type: ignore[operator]
        if self._inflight > 0:
            log.warning("%s: %d updates still in hand at shutdown", self.name, self._inflight)
            return False
        return True

    # -------------------------------------------------------------- durable replies
    def _enqueue_replies(self, items: list[tuple[str, Outbound]]) -> None:
        with self.store.session() as s:
            for chat, out in items:
                outbox.enqueue(s, channel=self.name, recipient=str(chat), payload=out.to_payload(), purpose="reply",
                               ref=out.ref)

    async def defer_replies(self, items: list[tuple[str, Outbound]], reason: str) -> int:
        """Replies that cannot be sent now become outbox rows (purpose ``reply``), delivered by the worker with
        its retries; the chats' later replies follow them there (:meth:`must_defer`). Returns how many."""
        if not items:
            return 0
        for attempt in range(3):
            try:
                await asyncio.to_thread(self._enqueue_replies, items)
                break
            except Exception:
                if attempt == 2:
                    log.exception("%s: %d replies could not be sent nor put in the outbox", self.name, len(items))
                    self.count("reply_errors", len(items))
                    return 0
                await asyncio.sleep(0.2 * (attempt + 1))
        self._deferred_chats.update(str(chat) for chat, _ in items)
        self.count("replies_deferred", len(items))
        log.warning("%s: %d replies put in the outbox (%s); the delivery worker sends them", self.name, len(items),
                    reason)
        return len(items)

    def _has_deferred(self, chat: str) -> bool:
        with self.store.session() as s:
            return outbox.has_unfinished(s, channel=self.name, recipient=chat, purpose="reply")

    async def must_defer(self, chat: Any) -> bool:
        """The chat still has replies waiting in the outbox: later ones queue behind them (order kept)."""
        key = str(chat)
        if key not in self._deferred_chats:
            return False
        try:
            waiting = await asyncio.to_thread(self._has_deferred, key)
        except Exception:
            return True
        if not waiting:
            self._deferred_chats.discard(key)
        return waiting

    # -------------------------------------------------------------- the core
    async def call_core(self, inbound: Inbound, *, chat: Any = None, slow: bool = False) -> list[Outbound]:
        """``Core.handle`` on the runner; "typing…" at once when ``slow``, else after ``typing_delay``."""
        loop = asyncio.get_running_loop()
        self._loop = loop
        timer = None
        if slow:
            self._typing(chat)
        else:
            timer = loop.call_later(self.typing_delay, self._typing, chat)
        try:
            return await self.runner.handle(inbound)
        finally:
            if timer is not None:
                timer.cancel()

    def _run_core(self, inbound: Inbound) -> list[Outbound]:
        """In a core thread. A core that does not record update ids gets them recorded here first."""
        if inbound.update_id is not None and not self._core_marks:
            with self.store.session() as s:
                first = updates.mark_processed(s, inbound.channel, inbound.update_id)
            if not first:
                self.count("duplicates")
                log.info("update %s on %s already processed: dropped", inbound.update_id, inbound.channel)
                return []
        return self.core.handle(inbound)

    def count(self, key: str, n: int = 1) -> None:
        with self._stats_lock:
            self.stats[key] = self.stats.get(key, 0) + n

    # -------------------------------------------------------------- typing
    async def typing(self, chat: Any) -> None:
        """Show "typing…" in ``chat`` (channels without it do nothing)."""
        return None

    def _typing(self, chat: Any) -> None:
        if chat is None:
            return
        self.stats["typing"] += 1
        self.spawn(self._typing_quietly(chat))

    async def _typing_quietly(self, chat: Any) -> None:
        with contextlib.suppress(Exception):
            await self.typing(chat)

    def spawn(self, coro: Awaitable[Any]) -> asyncio.Task:
        """A background task kept until done (cancelled by :meth:`close`)."""
        t = asyncio.ensure_future(coro)
        self._background.add(t)
        t.add_done_callback(self._background.discard)
        return t

    # -------------------------------------------------------------- rendering
    def render(self, out: Outbound) -> list[str]:
        return render_texts(out, limit=self.text_limit, buttons=self.has_buttons)

    # -------------------------------------------------------------- attachments
    def fetch_attachment(self, att: Attachment) -> str | None:
        """Called by the core (in a core thread) when an item is submitted: the file's local path.

        Runs :meth:`download` on the channel's event loop; never blocks the loop itself."""
        if att.stored_path:
            return att.stored_path
        loop = self._loop
        if loop is None or not loop.is_running():
            return None
        try:
            if asyncio.get_running_loop() is loop:
                return None
        except RuntimeError:
            pass
        fut = asyncio.run_coroutine_threadsafe(self._download_counted(att), loop)
        return fut.result(timeout=120)

    async def _download_counted(self, att: Attachment) -> str | None:
        path = await self.download(att)
        if path:
            self.count("downloads")
        return path

    async def download(self, att: Attachment) -> str | None:
        """Download one attachment into the agency's storage (channels with attachments override)."""
        return None

    # -------------------------------------------------------------- lifecycle
    async def close_base(self) -> None:
        for t in list(self._background):
            t.cancel()
        if self.owns_runner:
            await self.runner.close()


# ============================================================================ one HTTP server
class HttpServer:
    """The one aiohttp application of a process: every channel's webhook route (and the web chat's
    pages) is added before :meth:`start`; ``pakn run`` starts it when any route was added."""

    def __init__(self) -> None:
        from aiohttp import web

        self.app = web.Application(client_max_size=2 * 1024 * 1024)
        self.paths: list[str] = []
        self._runner: Any = None
        self.port: int | None = None

    def add_route(self, method: str, path: str, handler: Callable[..., Awaitable[Any]]) -> None:
        if path in self.paths:
            raise ValueError(f"two channels want the same HTTP path {path!r}")
        self.app.router.add_route(method, path, handler)
        self.paths.append(path)

    @property
    def has_routes(self) -> bool:
        return bool(self.paths) or bool(self.app.router.routes())

    async def start(self, host: str, port: int) -> None:
        from aiohttp import web

        self._runner = web.AppRunner(self.app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, host, port)
        await site.start()
        server = getattr(site, "_server", None)
        sockets = getattr(server, "sockets", None) or []
        self.port = sockets[0].getsockname()[1] if sockets else port
        log.info("HTTP server on %s:%s (%s)", host, self.port, ", ".join(self.paths) or "no routes")

    async def cleanup(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None


def http_address(settings: Any) -> tuple[str, int]:
    """Where the process's HTTP server listens (every webhook path on one port): PAKN_WEB_HOST:PORT when
    the web chat is served (it always is unless PAKN_WEB_ENABLED=false), else the Telegram webhook's."""
    if getattr(settings, "web_enabled", False):
        return settings.web_host, settings.web_port
    return settings.telegram_webhook_host, settings.telegram_webhook_port


def bot_id_of(token: str | None) -> str:
    """A bot's numeric id: the part of its token before ``:`` (Telegram's getMe ``id``; Zalo bot tokens have
    the same shape). Update ids are recorded per bot: a new bot starts its numbering again."""
    head = (token or "").split(":", 1)[0]
    return head if head.isdigit() else "bot"
