"""Telegram channel (aiogram 3 as the transport only; the conversation logic is the core's).

Public API (used by ``pakn run``):

    await run_telegram(settings, core, store, webhook=False, stop_event=stop)   # polling or webhook
    make_sender(settings, store) / make_runtime(ctx)   # the registry's entry points (bot/channels/registry.py)
    channel = TelegramChannel(settings, core, store)   # bot, dispatcher, sender for the outbox worker
    channel.sender                                    # TelegramSender (bot/delivery Sender contract)

Inbound: aiogram Message/CallbackQuery → ``Inbound`` (user_id = Telegram user id, chat_id = group id
or None in private chats, payload = the button's payload, contact_phone, attachments, reply_to_ref
from the card being replied to), handled by the core through a runner (``bot.core.runner``: worker
processes under ``pakn run``, a small thread pool otherwise; see "Performance" below); replies are sent
back to the chat they came from (or to ``Outbound.chat_id``).
Messages of one user are handled one at a time, in order. Albums are gathered into one Inbound.

Idempotency: the update id travels in ``Inbound.update_id`` and the core records it in
``processed_updates`` inside the message's own transaction (``Core.handles_update_ids``), so a
redelivered update is dropped, and an update whose handling failed (rolled back) is not lost. An
album is recorded under the update id of its first message (a redelivered album comes back whole,
with the same first message). With a core that does not record update ids (test doubles) the channel
records them itself, in the same worker-thread hop, before calling the core.

Performance (issue 4, see bench/telegram_throughput.py):
- ``core.handle`` never runs on the event loop. Under ``pakn run`` it runs in worker processes
  (``ProcessRunner``), so the channel's process only parses updates and sends replies and the core
  uses the other CPU cores; attachments are then downloaded by the worker (``bot.channels.fetchers.TelegramFileFetcher``, standard
  library only: a core worker imports no aiogram).
  Without a runner the channel uses a dedicated thread pool (``ThreadRunner``): one thread for SQLite
  (one writer at a time anyway; concurrent writers only meet in SQLite's busy handler), a few for
  PostgreSQL (overlapping database round trips; the Python part is serialised by the GIL).
- one thread hop and one transaction per update (no separate "mark the update" transaction).
- "typing…" is a timer cancelled when the answer is ready, not an ``asyncio.wait`` per update.
- aiogram's ``Response[...]`` models are pinned (see ``_pin_response_types``).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import re
import secrets
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

from aiogram import BaseMiddleware, Bot, Dispatcher
from aiogram.client.default import DefaultBotProperties
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer
from aiogram.exceptions import (
    TelegramAPIError,
    TelegramBadRequest,
    TelegramForbiddenError,
    TelegramMigrateToChat,
    TelegramNetworkError,
    TelegramRetryAfter,
    TelegramServerError,
    TelegramUnauthorizedError,
)
from aiogram.types import (
    BotCommand,
    BotCommandScopeChat,
    BotCommandScopeDefault,
    CallbackQuery,
    Message,
    TelegramObject,
    Update,
)

from bot.channels.base import SHUTDOWN_GRACE, TYPING_DELAY, ChannelBase, HttpServer, StartupError, bot_id_of
from bot.channels.fetchers import TelegramFileFetcher, safe_file_name
from bot.channels.telegram_sender import (
    CHANNEL,
    Renderer,
    TelegramSender,
    chat_ref,
    is_thread_gone,
    redact,
    send_outbound,
    split_text,
)
from bot.config import Settings
from bot.core.citizen import CITIZEN_COMMAND_MENU, MAIN_MENU
from bot.core.runner import CoreRunner
from bot.core.types import Attachment, Inbound, Location, Outbound
from bot.delivery.rates import is_group
from storage import Store, cards

log = logging.getLogger(__name__)

__all__ = [
    "TelegramChannel", "TelegramSender", "TelegramFileFetcher", "run_telegram", "run_polling", "run_webhook", "make_bot",
    "citizen_commands", "install_token_filter", "split_text",
]

ALBUM_DELAY = 0.8  # seconds to wait for the other photos of an album
REPLY_ATTEMPTS = 4  # a direct reply is tried this often (≈ 3.5 s of network errors), then put in the outbox
REPLY_MAX_RETRY_AFTER = 10.0  # a 429 asking for a longer pause puts the reply in the outbox at once
GROUP_REPLY_WAIT = 4.0  # a group's per-minute budget spent: wait this long at most, then the outbox paces it
STARTUP_MAX_DELAY = 30.0  # start-up retries back off up to this
COMMAND_RE = re.compile(r"^[a-z0-9_]{1,32}$")

# The citizen command menu is the core's, plus the personal-data commands.
CITIZEN_COMMANDS: list[tuple[str, str]] = [
    *CITIZEN_COMMAND_MENU,
    ("dulieu", "Xem dữ liệu cá nhân của tôi"),
    ("xoadulieu", "Yêu cầu xóa dữ liệu cá nhân"),
]



def citizen_commands() -> list[BotCommand]:
    return [BotCommand(command=c, description=d) for c, d in CITIZEN_COMMANDS]


def staff_commands(t: Any, role: str | None = None) -> list[BotCommand]:
    """The core's staff commands (Vietnamese names, descriptions from the catalog ``t``), optionally only
    those a role may use."""
    from bot.core import commands

    out: list[BotCommand] = []
    for cmd in commands.unique():
        if not COMMAND_RE.match(cmd.name) or (role and not cmd.visible_to(role)):
            continue
        out.append(BotCommand(command=cmd.name, description=t(cmd.help_key)[:256]))
    return out[:100]


# ============================================================================ token redaction
def install_token_filter(settings: Settings) -> None:
    """Redact the bot token (and webhook secret) from every log record, including aiogram's and aiohttp's."""
    from bot.channels.registry import all_secrets
    from bot.logs import RedactSecrets

    flt = RedactSecrets(all_secrets(settings))
    targets = [logging.getLogger()] + [logging.getLogger(n) for n in (
        "aiogram", "aiogram.dispatcher", "aiogram.event", "aiogram.webhook", "aiogram.middlewares",
        "aiogram.scene", "aiohttp", "aiohttp.access", "aiohttp.client", "aiohttp.server", "aiohttp.web",
        "bot.channels", "bot.channels.telegram", "bot.channels.telegram_sender", "bot.channels.zalo", "bot.delivery")]
    for lg in targets:
        if not any(isinstance(f, RedactSecrets) and f.secrets == flt.secrets for f in lg.filters):
            lg.addFilter(flt)
    for h in logging.getLogger().handlers:
        if not any(isinstance(f, RedactSecrets) and f.secrets == flt.secrets for f in h.filters):
            h.addFilter(flt)


def make_bot(settings: Settings) -> Bot:
    if not settings.telegram_token:
        raise ValueError("PAKN_TELEGRAM_TOKEN is not set")
    session = AiohttpSession(api=TelegramAPIServer.from_base(settings.telegram_api_url.rstrip("/")))
    return Bot(settings.telegram_token.get_secret_value(), session=session,
               default=DefaultBotProperties(parse_mode=None, link_preview_is_disabled=True))


# ============================================================================ aiogram response models
_PINNED: list[Any] = []


def _pin_response_types() -> None:
    """Keep aiogram's ``Response[T]`` models alive for the methods the channel calls.

    aiogram builds ``Response[method.__returning__]`` for every API answer; pydantic caches generic
    models in a WeakValueDictionary, so whenever the garbage collector has freed the class it is
    built again — about 5 ms of event-loop time each (pydantic schema generation), measured 52 times
    in 300 updates of the benchmark (≈ 10% of the CPU), always while some answer waits.
    """
    if _PINNED:
        return
    from aiogram import methods
    from aiogram.methods.base import Response

    for name in ("GetUpdates", "SendMessage", "SendChatAction", "AnswerCallbackQuery", "EditMessageText",
                 "EditMessageReplyMarkup", "SendPhoto", "SendDocument", "SendVideo", "SendAudio", "GetFile",
                 "CreateForumTopic", "SetMyCommands", "DeleteMyCommands", "SetWebhook", "DeleteWebhook",
                 "GetMe", "DeleteMessage", "SendVenue", "SendLocation"):
        method = getattr(methods, name, None)
        if method is not None:
            with contextlib.suppress(Exception):
                _PINNED.append(Response[method.__returning__])  # type: ignore[name-defined]


# ============================================================================ ordering
class UserOrderMiddleware(BaseMiddleware):
    """Keeps each user's updates in order: the user's lock is taken before the first ``await`` of
    the update's task, and asyncio locks are fair, so updates of one user are handled one at a time
    in the order Telegram sent them. (Idempotency is the core's, in the message's transaction.)
    """

    def __init__(self, channel: TelegramChannel) -> None:
        self.channel = channel

    async def __call__(self, handler: Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]],
                       event: TelegramObject, data: dict[str, Any]) -> Any:
        if not isinstance(event, Update):
            return await handler(event, data)
        user = (event.message.from_user if event.message else
                event.callback_query.from_user if event.callback_query else None)
        async with self.channel.inflight():
            if user is None:
                return await handler(event, data)
            async with self.channel.order.hold(str(user.id)):
                return await handler(event, data)


# ============================================================================ the channel
@dataclass
class _Album:
    messages: list[Message] = field(default_factory=list)
    update_ids: dict[int, int] = field(default_factory=dict)  # message id -> update id
    task: asyncio.Task | None = None


class TelegramChannel(ChannelBase):
    name = CHANNEL
    text_limit = 4096
    has_buttons = True

    def __init__(self, settings: Settings, core: Any, store: Store, *, bot: Bot | None = None,
                 album_delay: float = ALBUM_DELAY, typing_delay: float = TYPING_DELAY,
                 core_threads: int | None = None, runner: CoreRunner | None = None, own_runner: bool = True,
                 limiter: Any = None) -> None:
        """``limiter``: the process's delivery limiter (``bot.delivery.limits``), shared with the outbox worker:
        direct replies in a group then count against the group's per-minute limit (``pakn run``)."""
        from bot.channels.registry import staff_chat

        super().__init__(core, store, runner=runner, core_threads=core_threads, typing_delay=typing_delay,
                         own_runner=own_runner)
        self.settings = settings
        self.bot = bot or make_bot(settings)
        self.token = settings.telegram_token.get_secret_value() if settings.telegram_token else ""
        self.bot_id = bot_id_of(self.token)  # update ids are recorded per bot (a new token starts again at 1)
        self.limiter = limiter
        self.shutdown_grace = float(getattr(settings, "shutdown_grace", SHUTDOWN_GRACE))
        self.reply_max_retry_after = REPLY_MAX_RETRY_AFTER
        self.group_reply_wait = GROUP_REPLY_WAIT
        self.album_delay = album_delay
        self.staff_chat = staff_chat(settings, CHANNEL)
        t = getattr(core, "t", None)
        if t is None:
            from bot.core.texts import Catalog
            from bot.profile import load_profile

            with contextlib.suppress(Exception):
                t = Catalog(load_profile(settings.profile))
        self.t = t
        menu_rows = []
        labels: dict[str, str] = {}
        if t is not None:
            with contextlib.suppress(Exception):
                menu_rows = [[(t(k), p) for k, p in row] for row in MAIN_MENU]  # the core's menu as the reply keyboard
                labels = {"share_phone_label": t("pa_btn_share_phone"),
                          "share_location_label": t("pa_btn_share_location")}
        self.renderer = Renderer(store, menu_rows=menu_rows, **labels)
        self.sender = TelegramSender(self.bot, store, settings, renderer=self.renderer)
        self.stats["albums"] = 0
        self._albums: dict[tuple[str, str], _Album] = {}
        self._staff_scopes: dict[str, tuple[str, ...]] = {}
        _pin_response_types()
        self.dp = self._dispatcher()

    def update_key(self, update_id: int | str) -> str:
        """What ``processed_updates`` records for an update: ``<bot id>:<update id>`` (update ids are per bot)."""
        return f"{self.bot_id}:{update_id}"

    @property
    def _lock_users(self) -> dict[str, int]:
        return self.order._users

    # -------------------------------------------------------------- aiogram wiring
    def _dispatcher(self) -> Dispatcher:
        dp = Dispatcher(disable_fsm=True)  # the conversation state is the core's: no FSM middleware per update
        dp.update.outer_middleware(UserOrderMiddleware(self))
        dp.message.register(self.on_message)
        dp.callback_query.register(self.on_callback)
        dp.startup.register(self._on_startup)
        return dp

    async def _on_startup(self) -> None:
        self._loop = asyncio.get_running_loop()

    # -------------------------------------------------------------- inbound
    async def on_message(self, message: Message, event_update: Update | None = None) -> None:
        self._loop = asyncio.get_running_loop()
        self.stats["updates"] += 1
        if message.from_user is None or message.from_user.is_bot:
            return
        update_id = event_update.update_id if event_update is not None else None
        if message.media_group_id:
            self._buffer_album(message, update_id)
            return
        inbound = await self._inbound_from_message([message], update_id)
        if inbound is not None:
            await self._handle(inbound, message.chat.id, thread_id=self._thread_of(message),
                               reply_to=message.message_id if inbound.is_group else None,
                               slow=bool(inbound.attachments))

    async def on_callback(self, query: CallbackQuery, event_update: Update | None = None) -> None:
        self._loop = asyncio.get_running_loop()
        self.stats["updates"] += 1
        with contextlib.suppress(TelegramAPIError):
            await self.bot.answer_callback_query(query.id)
        msg = query.message if isinstance(query.message, Message) else None
        chat_id = msg.chat.id if msg else query.from_user.id
        is_group = msg is not None and msg.chat.type != "private"
        payload = (await asyncio.to_thread(self.renderer.resolve, query.data)
                   if (query.data or "").startswith("~") else query.data)
        if payload is None:
            payload = "stale"  # an expired server-side token: the core answers "this button is no longer valid"
        inbound = Inbound(channel=CHANNEL, user_id=str(query.from_user.id), payload=payload,
                          chat_id=str(chat_id) if is_group else None, display_name=query.from_user.full_name,
                          update_id=self.update_key(event_update.update_id) if event_update is not None else None)
        await self._handle(inbound, chat_id, thread_id=self._thread_of(msg) if msg else None)

    @staticmethod
    def _thread_of(message: Message | None) -> int | None:
        if message is not None and message.is_topic_message and message.message_thread_id:
            return message.message_thread_id
        return None

    def _attachments(self, message: Message) -> list[Attachment]:
        g = message.media_group_id
        if message.photo:
            p = max(message.photo, key=lambda x: (x.file_size or 0, x.width * x.height))
            return [Attachment(kind="photo", file_id=p.file_id, mime_type="image/jpeg", size=p.file_size,
                               group_id=g, file_name=f"{p.file_unique_id}.jpg")]
        if message.document:
            d = message.document
            return [Attachment(kind="document", file_id=d.file_id, file_name=d.file_name, mime_type=d.mime_type,
                               size=d.file_size, group_id=g)]
        if message.video:
            v = message.video
            return [Attachment(kind="video", file_id=v.file_id, file_name=v.file_name, mime_type=v.mime_type,
                               size=v.file_size, group_id=g)]
        if message.audio or message.voice:
            a = message.audio or message.voice
            return [Attachment(kind="audio", file_id=a.file_id, mime_type=a.mime_type, size=a.file_size, group_id=g,
                               file_name=getattr(a, "file_name", None))]
        return []

    def _remember_prompt(self, ref: str, chat_id: str, message_id: str) -> None:
        with self.store.session() as s:
            cards.save(s, CHANNEL, f"{ref}@prompt:{chat_id}:{message_id}", chat_id=chat_id, message_id=message_id)

    def _reply_ref(self, message: Message) -> str | None:
        r = message.reply_to_message
        if r is None:
            return None
        with self.store.session() as s:
            row = cards.by_message(s, CHANNEL, str(message.chat.id), str(r.message_id))
            return row.ref.split("@", 1)[0] if row else None

    async def _inbound_from_message(self, messages: list[Message], update_id: int | None = None) -> Inbound | None:
        first = messages[0]
        user = first.from_user
        assert user is not None
        is_group = first.chat.type != "private"
        text = next((m.text or m.caption for m in messages if m.text or m.caption), "") or ""
        attachments = [a for m in messages for a in self._attachments(m)]
        contact_phone = None
        if first.contact is not None:
            if first.contact.user_id in (None, user.id):
                contact_phone = first.contact.phone_number
            else:  # someone else's contact card: only its number, as typed text
                text = text or first.contact.phone_number
        # a shared place; a sticker or an animated emoji (🎲 🎯 🏀 …): nothing to read, but the core answers
        # them in a private chat (in a group they are chatter, not for the bot)
        location = None if is_group else self._location(first)
        sticker = bool(first.sticker or first.dice) and not (text or attachments or is_group)
        if not (text or attachments or contact_phone or location or sticker):
            return None  # service messages (joins, pins, …)
        payload = None
        if not is_group and text in self.renderer.menu_payloads:
            payload = self.renderer.menu_payloads[text]  # main-menu keyboard label → its payload
            text = ""
        reply_to_ref = await asyncio.to_thread(self._reply_ref, first) if first.reply_to_message else None
        return Inbound(channel=CHANNEL, user_id=str(user.id), text=text, payload=payload, attachments=attachments,
                       chat_id=str(first.chat.id) if is_group else None, display_name=user.full_name,
                       contact_phone=contact_phone, reply_to_ref=reply_to_ref,
                       update_id=self.update_key(update_id) if update_id is not None else None, location=location,
                       sticker=sticker)

    @staticmethod
    def _location(message: Message) -> Location | None:
        """A venue (a named place picked on the map) or a plain pin, the "share location" of Telegram."""
        if message.venue is not None:
            v = message.venue
            return Location.parse(v.location.latitude, v.location.longitude, v.title, v.address)
        if message.location is not None:
            return Location.parse(message.location.latitude, message.location.longitude)
        return None

    # -------------------------------------------------------------- albums
    def _buffer_album(self, message: Message, update_id: int | None = None) -> None:
        key = (str(message.chat.id), str(message.media_group_id))
        album = self._albums.setdefault(key, _Album())
        album.messages.append(message)
        if update_id is not None:
            album.update_ids[message.message_id] = update_id
        if album.task is not None:
            album.task.cancel()
        album.task = asyncio.create_task(self._flush_album(key))
        self._background.add(album.task)
        album.task.add_done_callback(self._background.discard)

    async def _flush_album(self, key: tuple[str, str], delay: float | None = None) -> None:
        await asyncio.sleep(self.album_delay if delay is None else delay)
        async with self.inflight():
            await self._flush_album_now(key)

    async def _flush_album_now(self, key: tuple[str, str]) -> None:
        album = self._albums.pop(key, None)
        if album is None or not album.messages:
            return
        album.task = None  # do not cancel ourselves if another photo arrives from now on
        msgs = sorted(album.messages, key=lambda m: m.message_id)
        self.stats["albums"] += 1
        # the album is recorded under its first message's update id (a redelivered album comes back whole)
        inbound = await self._inbound_from_message(msgs, album.update_ids.get(msgs[0].message_id))
        if inbound is None:
            return
        async with self.order.hold(inbound.user_id):
            await self._handle(inbound, msgs[0].chat.id, thread_id=self._thread_of(msgs[0]), slow=True)

    async def before_drain(self) -> None:
        """At shutdown an album being gathered is handled now (its updates were already received)."""
        for key, album in list(self._albums.items()):
            if album.task is not None:
                album.task.cancel()
            album.task = asyncio.create_task(self._flush_album(key, 0))
            await asyncio.sleep(0)  # let it count as in hand

    # -------------------------------------------------------------- handling
    async def _handle(self, inbound: Inbound, chat_id: int | str, *, thread_id: int | None = None,
                      reply_to: int | None = None, slow: bool = False) -> None:
        """Core call and replies; the caller holds the user's lock (see ProcessedUpdateMiddleware)."""
        replies = await self._call_core(inbound, chat_id, thread_id, slow)
        deferred: list[tuple[str, Outbound]] = []
        for out in replies:
            dest, thread, quote = chat_id, thread_id, reply_to
            if out.chat_id is not None and str(out.chat_id) != str(chat_id):
                dest, thread, quote = chat_ref(out.chat_id), None, None
            if deferred or await self.must_defer(dest):  # keep the order: behind what waits in the outbox
                deferred.append((str(dest), out))
                continue
            sent = await self.reply(dest, out, thread_id=thread, reply_to=quote)
            if sent is None:  # not now (429 beyond the budget, network, shutdown): the outbox delivers it
                deferred.append((str(dest), out))
                continue
            if out.ref and sent and dest == chat_id:
                # a reply to this message (a staff prompt or preview, an item shown to a citizen) is about
                # out.ref, like a reply to the card
                await asyncio.to_thread(self._remember_prompt, out.ref, str(chat_id), str(sent[-1].message_id))
        if deferred:
            await self.defer_replies(deferred, "Telegram did not take them now")

    async def _call_core(self, inbound: Inbound, chat_id: int | str, thread_id: int | None,
                         slow: bool) -> list[Outbound]:
        return await self.call_core(inbound, chat=(chat_id, thread_id), slow=slow)

    async def typing(self, chat: Any) -> None:
        chat_id, thread_id = chat
        with contextlib.suppress(TelegramAPIError, OSError):
            await self.bot.send_chat_action(chat_id=chat_id, action="typing", message_thread_id=thread_id)

    async def reply(self, chat_id: int | str, out: Outbound, *, thread_id: int | None = None,
                    reply_to: int | None = None) -> list[Message] | None:
        """Send a direct reply: a 429 with a short ``retry_after`` is waited out, network errors are retried a
        few times. Returns the messages sent; ``[]`` when it can never be sent (the user blocked the bot, a bad
        request); **None** when it cannot be sent *now* (429 beyond the budget, network errors, a group's
        minute spent, shutdown): the caller puts it in the outbox (:meth:`defer_replies`)."""
        if self.past_deadline():
            return None
        if self.limiter is not None and is_group(str(chat_id)):
            try:
                wait = await self.limiter.acquire(CHANNEL, str(chat_id),
                                                  max_wait=0.0 if self.draining else self.group_reply_wait)
            except Exception:  # a limiter failure never holds a reply back
                wait = 0.0
            if wait > 0:
                return None
        delay = 0.5
        for attempt in range(1, REPLY_ATTEMPTS + 1):
            try:
                sent = await send_outbound(self.bot, self.renderer, chat_id, out, thread_id=thread_id,
                                           reply_to=reply_to)
                self.stats["replies"] += 1
                return sent
            except TelegramRetryAfter as e:
                if self.limiter is not None:
                    with contextlib.suppress(Exception):
                        await self.limiter.pause(CHANNEL, float(e.retry_after))
                if attempt == REPLY_ATTEMPTS or e.retry_after > self.reply_max_retry_after or self.draining:
                    return None
                await asyncio.sleep(float(e.retry_after))
            except TelegramMigrateToChat as e:  # the group became a supergroup: answer there
                log.warning("a group was upgraded to supergroup %s: replying there", e.migrate_to_chat_id)
                chat_id, thread_id, reply_to = e.migrate_to_chat_id, None, None
            except (TelegramNetworkError, TelegramServerError) as e:
                if attempt == REPLY_ATTEMPTS or self.past_deadline():
                    log.warning("reply not sent now: %s", redact(str(e.message), self.token))
                    return None
                await asyncio.sleep(delay)
                delay *= 2
            except TelegramForbiddenError:
                self.stats["reply_errors"] += 1
                return []  # blocked right after writing: nothing to do
            except TelegramBadRequest as e:
                if thread_id is not None and is_thread_gone(e):
                    thread_id = None
                    continue
                log.warning("reply rejected by Telegram: %s", redact(str(e.message), self.token))
                self.stats["reply_errors"] += 1
                return []
            except Exception as e:  # an unexpected answer (e.g. undecodable): the outbox tries again
                log.warning("reply failed: %s", redact(f"{type(e).__name__}: {e}", self.token))
                return None
        return None

    # -------------------------------------------------------------- attachments
    async def download(self, att: Attachment) -> str:
        return await download_file(self.bot, self.settings, att)

    # -------------------------------------------------------------- command menus
    async def set_commands(self) -> None:
        """Citizen commands for everyone; staff commands only in the staff group and staff's private chats."""
        await self.bot.set_my_commands(citizen_commands(), scope=BotCommandScopeDefault())
        if self.staff_chat:
            await self.bot.set_my_commands(staff_commands(self.t), scope=BotCommandScopeChat(chat_id=chat_ref(self.staff_chat)))
        await self.refresh_staff_commands()

    def _staff_list(self) -> list[tuple[str, str]]:
        from storage import staff as staff_repo

        with self.store.session() as s:
            return [(st.channel_user_id, st.role) for st in staff_repo.list_active(s) if st.channel == CHANNEL]

    async def refresh_staff_commands(self) -> None:
        """Give each active Telegram staff member the staff menu in their private chat (and take it back)."""
        current = {uid: (role,) for uid, role in await asyncio.to_thread(self._staff_list)}
        for uid, (role,) in current.items():
            if self._staff_scopes.get(uid) == (role,) or not uid.lstrip("-").isdigit():
                continue
            try:
                await self.bot.set_my_commands(citizen_commands() + staff_commands(self.t, role),
                                               scope=BotCommandScopeChat(chat_id=int(uid)))
                self._staff_scopes[uid] = (role,)
            except TelegramAPIError as e:  # e.g. the staff member never opened the bot
                log.info("staff command menu not set for one chat: %s", redact(str(e.message), self.token))
        for uid in [u for u in self._staff_scopes if u not in current]:
            with contextlib.suppress(TelegramAPIError):
                await self.bot.delete_my_commands(scope=BotCommandScopeChat(chat_id=int(uid)))
            self._staff_scopes.pop(uid, None)

    # -------------------------------------------------------------- lifecycle
    async def close(self) -> None:
        """Drain the updates in hand (their replies sent or put in the outbox), then close."""
        with contextlib.suppress(Exception):
            await self.drain(self.shutdown_grace)
        await self.close_base()
        await self.bot.session.close()


# ============================================================================ attachments
async def download_file(bot: Bot, settings: Settings, att: Attachment) -> str:
    """getFile, then the file itself into ``attachments_dir/telegram/YYYY-MM/<file_unique_id>.<ext>``."""
    f = await bot.get_file(att.file_id)
    from datetime import UTC, datetime

    folder = Path(settings.attachments_dir) / "telegram" / datetime.now(UTC).strftime("%Y-%m")
    folder.mkdir(parents=True, exist_ok=True)
    dest = folder / safe_file_name(f.file_unique_id, att.file_name or f.file_path, att.kind)
    if not dest.exists():
        tmp = dest.with_suffix(f"{dest.suffix}.{os.getpid()}.part")  # two processes may fetch one file
        await bot.download_file(f.file_path or "", destination=tmp)
        tmp.replace(dest)
    return str(dest.resolve())


# ============================================================================ running
async def _periodic_commands(channel: TelegramChannel, stop_event: asyncio.Event, every: float) -> None:
    while not stop_event.is_set():
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(stop_event.wait(), every)
        if stop_event.is_set():
            return
        try:
            await channel.refresh_staff_commands()
        except Exception as e:  # never fatal
            log.warning("refreshing staff commands failed: %s", redact(str(e), channel.token))


async def _stopped_within(stop: asyncio.Event | None, seconds: float) -> bool:
    if stop is None:
        await asyncio.sleep(seconds)
        return False
    with contextlib.suppress(TimeoutError):
        await asyncio.wait_for(stop.wait(), seconds)
    return stop.is_set()


async def startup_call(channel: TelegramChannel, what: str, call: Callable[[], Awaitable[Any]],
                       stop: asyncio.Event | None, *, deadline: float) -> tuple[bool, Any]:
    """``call()`` at start-up, retried with exponential backoff while the Bot API cannot be reached, until the
    monotonic ``deadline``; then :class:`StartupError` with what to check (never a traceback, never the token).
    A refused token fails at once. Returns (False, None) when ``stop`` was set meanwhile."""
    loop = asyncio.get_running_loop()
    settings = channel.settings
    delay, attempt = 1.0, 0
    while True:
        attempt += 1
        try:
            return True, await call()
        except TelegramUnauthorizedError:
            raise StartupError("Telegram từ chối token (401 Unauthorized): kiểm tra PAKN_TELEGRAM_TOKEN "
                               "(lấy lại token từ @BotFather).") from None
        except (TelegramNetworkError, TelegramServerError, TelegramRetryAfter, OSError, TimeoutError) as e:
            reason = redact(f"{type(e).__name__}: {getattr(e, 'message', None) or e}", channel.token)[:200]
            left = deadline - loop.time()
            if left <= 0:
                raise StartupError(
                    f"Không kết nối được Telegram Bot API ({settings.telegram_api_url}) khi gọi {what}, đã thử "
                    f"{attempt} lần trong {settings.telegram_startup_timeout:.0f} giây: {reason}. Kiểm tra mạng, "
                    "tường lửa, proxy và PAKN_TELEGRAM_API_URL, rồi chạy lại; `pakn doctor` kiểm tra từng mục."
                ) from None
            wait = min(delay, left)
            if isinstance(e, TelegramRetryAfter):
                wait = min(max(wait, float(e.retry_after)), left)
            log.warning("Telegram Bot API unreachable (%s, attempt %d: %s): retrying in %.0f s", what, attempt,
                        reason, wait)
            if await _stopped_within(stop, wait):
                return False, None
            delay = min(delay * 2, STARTUP_MAX_DELAY)


async def connect(channel: TelegramChannel, stop: asyncio.Event | None) -> tuple[float, bool]:
    """getMe with retries (see :func:`startup_call`): (the start-up deadline, whether to go on)."""
    deadline = asyncio.get_running_loop().time() + float(channel.settings.telegram_startup_timeout)
    ok, me = await startup_call(channel, "getMe", channel.bot.me, stop, deadline=deadline)
    if ok and me is not None:
        log.info("Telegram bot @%s (id %s) connected", me.username, me.id)
    return deadline, ok


async def run_polling(settings: Settings, core: Any, store: Store, stop_event: asyncio.Event, *,
                      channel: TelegramChannel | None = None, polling_timeout: int = 10,
                      runner: CoreRunner | None = None) -> None:
    """Long polling until ``stop_event`` is set. At start the Bot API is waited for (``startup_call``); at the
    end the updates in hand are drained (their replies sent or put in the outbox)."""
    install_token_filter(settings)
    channel = channel or TelegramChannel(settings, core, store, runner=runner)
    bot, dp = channel.bot, channel.dp
    try:
        deadline, go_on = await connect(channel, stop_event)
        if not go_on:
            return
        go_on, _ = await startup_call(channel, "deleteWebhook", lambda: bot.delete_webhook(drop_pending_updates=False),
                                      stop_event, deadline=deadline)
        if not go_on:
            return
        await channel.runner.start()
        await _startup_commands(channel)
        refresher = asyncio.create_task(_periodic_commands(channel, stop_event, 600))
        polling = asyncio.create_task(dp.start_polling(bot, handle_signals=False, close_bot_session=False,
                                                       polling_timeout=polling_timeout,
                                                       allowed_updates=["message", "callback_query"]))
        stopper = asyncio.create_task(stop_event.wait())
        done, _ = await asyncio.wait({polling, stopper}, return_when=asyncio.FIRST_COMPLETED)
        if polling not in done:
            with contextlib.suppress(RuntimeError):
                await dp.stop_polling()
            with contextlib.suppress(asyncio.CancelledError):
                await polling
        else:
            polling.result()
        stopper.cancel()
        refresher.cancel()
    finally:
        await channel.close()


def webhook_path(settings: Settings) -> str:
    if settings.telegram_webhook_url:
        path = urlparse(settings.telegram_webhook_url).path
        if path and path != "/":
            return path
    return "/telegram/webhook"


def _webhook_handler(channel: TelegramChannel, secret: str) -> Any:
    """aiogram's handler, answering only once the update was handled (its replies sent or put in the outbox):
    a process killed meanwhile does not acknowledge it, so Telegram sends it again (the update id, recorded in
    the update's own transaction, keeps it from being applied twice). While the process shuts down new
    updates get 503 (Telegram retries them, another instance takes them)."""
    from aiogram.webhook.aiohttp_server import SimpleRequestHandler
    from aiohttp import web

    class Handler(SimpleRequestHandler):
        async def handle(self, request: web.Request) -> web.Response:
            if channel.draining:
                return web.Response(status=503, text="shutting down")
            return await super().handle(request)

        __call__ = handle

    return Handler(dispatcher=channel.dp, bot=channel.bot, secret_token=secret, handle_in_background=False)


async def start_webhook_server(channel: TelegramChannel, *, secret: str) -> Any:
    """Start the aiohttp server that receives updates; returns the runner (call ``.cleanup()``)."""
    from aiogram.webhook.aiohttp_server import setup_application
    from aiohttp import web

    settings = channel.settings
    app = web.Application()
    _webhook_handler(channel, secret).register(app, path=webhook_path(settings))
    setup_application(app, channel.dp, bot=channel.bot)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, settings.telegram_webhook_host, settings.telegram_webhook_port)
    await site.start()
    return runner


def add_webhook_route(channel: TelegramChannel, http: HttpServer, *, secret: str) -> None:
    """Telegram's route on the process's one HTTP server (aiogram checks X-Telegram-Bot-Api-Secret-Token)."""
    from aiogram.webhook.aiohttp_server import setup_application

    path = webhook_path(channel.settings)
    _webhook_handler(channel, secret).register(http.app, path=path)
    http.paths.append(path)
    setup_application(http.app, channel.dp, bot=channel.bot)


def webhook_secret(settings: Settings) -> str:
    return (settings.telegram_webhook_secret.get_secret_value() if settings.telegram_webhook_secret
            else secrets.token_urlsafe(32))


async def run_webhook(settings: Settings, core: Any, store: Store, stop_event: asyncio.Event, *,
                      channel: TelegramChannel | None = None, runner: CoreRunner | None = None,
                      http: HttpServer | None = None, secret: str | None = None) -> None:
    """Webhook mode: aiohttp server checking X-Telegram-Bot-Api-Secret-Token, setWebhook on start.
    ``http``: the process's HTTP server, already serving this channel's route (``add_webhook_route``)
    with ``secret``; otherwise a server of its own is started here."""
    install_token_filter(settings)
    if not settings.telegram_webhook_url:
        raise ValueError("PAKN_TELEGRAM_WEBHOOK_URL is required in webhook mode")
    secret = secret or webhook_secret(settings)
    channel = channel or TelegramChannel(settings, core, store, runner=runner)
    web_runner = None
    try:
        deadline, go_on = await connect(channel, stop_event)
        if not go_on:
            return
        await channel.runner.start()
        web_runner = await start_webhook_server(channel, secret=secret) if http is None else None
        go_on, _ = await startup_call(
            channel, "setWebhook",
            lambda: channel.bot.set_webhook(settings.telegram_webhook_url, secret_token=secret,  # type: ignore[arg-type]
                                            allowed_updates=["message", "callback_query"],
                                            drop_pending_updates=False),
            stop_event, deadline=deadline)
        if not go_on:
            return
        await _startup_commands(channel)
        refresher = asyncio.create_task(_periodic_commands(channel, stop_event, 600))
        await stop_event.wait()
        refresher.cancel()
    finally:
        with contextlib.suppress(Exception):
            await channel.drain(channel.shutdown_grace)  # before the server goes: requests in hand finish
        if web_runner is not None:
            await web_runner.cleanup()
        await channel.close()


async def _startup_commands(channel: TelegramChannel) -> None:
    try:
        await channel.set_commands()
    except TelegramAPIError as e:  # the bot still works without a menu
        log.warning("setMyCommands failed: %s", redact(str(e.message), channel.token))


async def run_telegram(settings: Settings, core: Any, store: Store, *, webhook: bool,
                       stop_event: asyncio.Event, channel: TelegramChannel | None = None,
                       runner: CoreRunner | None = None) -> None:
    """Entry point for ``pakn run`` (polling) and ``pakn run --webhook``. ``runner``: where the core runs
    (``bot.core.runner``); default: ``core`` on a thread pool of this process."""
    if webhook:
        await run_webhook(settings, core, store, stop_event, channel=channel, runner=runner)
    else:
        await run_polling(settings, core, store, stop_event, channel=channel, runner=runner)


# ============================================================================ registry entry points
def make_sender(settings: Settings, store: Store) -> tuple[TelegramSender, Callable[[], Awaitable[None]]]:
    """The outbox worker's sender (``bot.channels.registry.build_senders``)."""
    bot = make_bot(settings)  # honours PAKN_TELEGRAM_API_URL (a local Bot API server, tests)
    return TelegramSender(bot, store, settings), bot.session.close


class TelegramRuntime:
    """``pakn run``'s Telegram: long polling, or the webhook route on the process's HTTP server."""

    name = CHANNEL

    def __init__(self, ctx: Any) -> None:
        self.ctx = ctx
        self.channel: TelegramChannel | None = None
        self.secret: str | None = None

    async def setup(self) -> None:
        ctx = self.ctx
        if ctx.webhook:
            install_token_filter(ctx.settings)
            if not ctx.settings.telegram_webhook_url:
                raise ValueError("PAKN_TELEGRAM_WEBHOOK_URL is required in webhook mode")
            self.channel = TelegramChannel(ctx.settings, ctx.core, ctx.store, runner=ctx.runner,
                                           own_runner=ctx.runner is None, limiter=ctx.limiter)
            self.secret = webhook_secret(ctx.settings)
            add_webhook_route(self.channel, ctx.http, secret=self.secret)

    async def run(self) -> None:
        ctx = self.ctx
        if self.channel is not None:
            await run_webhook(ctx.settings, ctx.core, ctx.store, ctx.stop, channel=self.channel, http=ctx.http,
                              secret=self.secret)
        else:  # looked up at call time: tests replace it
            channel = None
            if ctx.limiter is not None:
                channel = TelegramChannel(ctx.settings, ctx.core, ctx.store, runner=ctx.runner,
                                          own_runner=ctx.runner is None, limiter=ctx.limiter)
            await run_telegram(ctx.settings, ctx.core, ctx.store, webhook=False, stop_event=ctx.stop, runner=ctx.runner,
                               channel=channel)

    async def close(self) -> None:
        return None  # run_polling / run_webhook close the channel they ran


def make_runtime(ctx: Any) -> TelegramRuntime:
    return TelegramRuntime(ctx)
