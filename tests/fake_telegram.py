"""A fake Telegram Bot API server for tests and benchmarks (aiohttp, 127.0.0.1, any token).

    fake = FakeTelegram()
    await fake.start()                      # fake.base_url -> PAKN_TELEGRAM_API_URL
    fake.user_text(1001, "xin chao")        # queue an update for getUpdates
    msg = await fake.wait_for_message(1001, lambda m: "chào" in m["text"])
    await fake.stop()

Routes: ``/bot{token}/{method}`` and ``/file/bot{token}/{path}``. Requests are accepted as
JSON, urlencoded or multipart (aiogram sends form data, files as multipart parts).
Error injection: ``fail_next(method, status, description, retry_after=None, chat_id=None, times=1)``
(status 0: the connection is dropped, a network error for the client), ``block(chat_id)`` (403 for
everything sent to that chat), ``kick(group)`` (the bot removed from a group: 403, getChatMember "kicked"),
``migrate(group, supergroup)`` (400 with ``migrate_to_chat_id``), ``privacy_mode`` (getMe's
``can_read_all_group_messages``), ``member_status[chat]`` (getChatMember), an optional global rate limit
(``rate_limit=msgs_per_second`` → 429 with retry_after) and an optional per-group limit.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import json
import socket
import time
from collections import defaultdict
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from aiohttp import ClientSession, ClientTimeout, web

from tests.fake_bot_api import FakeBotApi

if TYPE_CHECKING:
    from bot.channels.telegram import TelegramChannel
    from bot.config import Settings

BOT_ID = 777000111
BOT_USERNAME = "pakn_test_bot"

SEND_METHODS = {"sendMessage", "sendPhoto", "sendDocument", "sendVideo", "sendAudio", "sendMediaGroup", "sendVenue",
                "sendLocation"}
EDIT_METHODS = {"editMessageText", "editMessageReplyMarkup", "editMessageCaption"}
_JSON_FIELDS = {"reply_markup", "commands", "scope", "allowed_updates", "entities", "caption_entities", "media",
                "reply_parameters", "link_preview_options"}
_FLOAT_FIELDS = {"latitude", "longitude", "horizontal_accuracy"}
_INT_FIELDS = {"message_id", "message_thread_id", "offset", "limit", "timeout", "reply_to_message_id",
               "max_connections", "icon_color"}


@dataclass
class _Failure:
    method: str
    status: int
    description: str
    retry_after: float | None
    chat_id: str | None
    times: int


def _chat_key(v: Any) -> str:
    return str(v) if v is not None else ""


class FakeTelegram(FakeBotApi):
    client_max_size = 50 * 1024 * 1024  # documents sent by the bot

    def __init__(self, *, host: str = "127.0.0.1", port: int = 0, rate_limit: float | None = None,
                 group_per_minute: float | None = None, latency: float = 0.0, group_window: float = 60.0) -> None:
        super().__init__(host, port)
        self.rate_limit = rate_limit  # messages per second over all chats (None = unlimited)
        self.group_per_minute = group_per_minute  # messages per minute per group chat (None = unlimited)
        self.group_window = group_window  # the group limit's window in seconds (tests shorten the minute)
        self.latency = latency  # added to every API call (seconds)
        self._update_ids = itertools.count(1)
        self._message_ids: dict[str, itertools.count] = defaultdict(lambda: itertools.count(1))
        self._file_ids = itertools.count(1)
        self.updates: list[dict[str, Any]] = []
        self._updates_changed = asyncio.Event()
        self.sent: dict[str, list[dict[str, Any]]] = defaultdict(list)  # chat id -> bot messages
        self.messages_by_id: dict[tuple[str, int], dict[str, Any]] = {}  # every message, users' and the bot's
        self.edits: list[dict[str, Any]] = []
        self.calls: list[tuple[str, dict[str, Any]]] = []
        self.callback_answers: list[dict[str, Any]] = []
        self.chat_actions: list[dict[str, Any]] = []
        self.commands: dict[str, list[dict[str, Any]]] = {}  # scope key -> commands
        self.webhook: dict[str, Any] | None = None
        self.files: dict[str, dict[str, Any]] = {}  # file_id -> {path, content, ...}
        self.forum_chats: set[str] = set()
        self.topics: dict[str, dict[int, str]] = defaultdict(dict)  # chat -> thread id -> name
        self.blocked: set[str] = set()
        self.failures: list[_Failure] = []
        self.rejected: list[tuple[str, int, str]] = []  # (method, status, description) of injected errors
        self._chat_waiters: dict[str, list[asyncio.Future]] = defaultdict(list)  # see wait_for_message
        self._rate_window: list[float] = []
        self._group_window: dict[str, list[float]] = defaultdict(list)
        self.get_updates_calls = 0
        self.kicked: set[str] = set()  # groups the bot was removed from
        self.migrated: dict[str, int] = {}  # group -> the supergroup it became
        self.privacy_mode = False  # getMe: can_read_all_group_messages = not privacy_mode
        self.member_status: dict[str, str] = {}  # chat -> the bot's getChatMember status (default administrator)
        self.webhook_error: str | None = None  # getWebhookInfo's last_error_message
        self.dropped = 0  # connections dropped by fail_next(status=0)
        # chaos(method, chat) -> None, or (status, description, retry_after) with status 0 = drop the connection:
        # random faults for benchmarks (bench/reliability.py)
        self.chaos: Callable[[str, str | None], tuple[int, str, float | None] | None] | None = None

    # ------------------------------------------------------------------ lifecycle
    def add_routes(self, app: web.Application) -> None:
        app.router.add_route("*", "/bot{token}/{method}", self._api)
        app.router.add_get("/file/bot{token}/{path:.+}", self._file)

    async def before_stop(self) -> None:
        self._updates_changed.set()

    # ------------------------------------------------------------------ controls
    def fail_next(self, method: str, status: int, description: str, retry_after: float | None = None,
                  chat_id: int | str | None = None, times: int = 1) -> None:
        self.failures.append(_Failure(method, status, description, retry_after,
                                      _chat_key(chat_id) if chat_id is not None else None, times))

    def block(self, chat_id: int | str) -> None:
        self.blocked.add(_chat_key(chat_id))

    def unblock(self, chat_id: int | str) -> None:
        self.blocked.discard(_chat_key(chat_id))

    def kick(self, chat_id: int | str) -> None:
        """The bot was removed from a group: sends fail with 403, getChatMember says "kicked"."""
        self.kicked.add(_chat_key(chat_id))

    def unkick(self, chat_id: int | str) -> None:
        self.kicked.discard(_chat_key(chat_id))

    def migrate(self, chat_id: int | str, to_chat_id: int) -> None:
        """The group became a supergroup: calls naming the old id fail with 400 and ``migrate_to_chat_id``."""
        self.migrated[_chat_key(chat_id)] = int(to_chat_id)

    def make_forum(self, chat_id: int | str) -> None:
        self.forum_chats.add(_chat_key(chat_id))

    def delete_topic(self, chat_id: int | str, thread_id: int) -> None:
        self.topics[_chat_key(chat_id)].pop(int(thread_id), None)

    # ------------------------------------------------------------------ updates
    def push_update(self, update: dict[str, Any]) -> dict[str, Any]:
        """Queue an update; an explicit ``update_id`` is kept (to simulate a redelivery)."""
        if "update_id" not in update:
            update = {"update_id": next(self._update_ids), **update}
        self.updates.append(update)
        self._updates_changed.set()
        return update

    def _user(self, user_id: int, first_name: str | None = None, **extra: Any) -> dict[str, Any]:
        return {"id": int(user_id), "is_bot": False, "first_name": first_name or f"User{user_id}",
                "language_code": "vi", **extra}

    def _chat(self, user_id: int, chat_id: int | None) -> dict[str, Any]:
        if chat_id is None or int(chat_id) == int(user_id):
            return {"id": int(user_id), "type": "private", "first_name": f"User{user_id}"}
        chat: dict[str, Any] = {"id": int(chat_id), "type": "supergroup", "title": "Cán bộ tiếp nhận"}
        if _chat_key(chat_id) in self.forum_chats:
            chat["is_forum"] = True
        return chat

    def _new_message(self, user_id: int, chat_id: int | None, *, reply_to: int | None = None,
                     thread_id: int | None = None, first_name: str | None = None, **content: Any) -> dict[str, Any]:
        chat = self._chat(user_id, chat_id)
        key = _chat_key(chat["id"])
        mid = next(self._message_ids[key])
        msg: dict[str, Any] = {"message_id": mid, "date": int(time.time()), "chat": chat,
                               "from": self._user(user_id, first_name), **content}
        if thread_id is not None:
            msg["message_thread_id"] = int(thread_id)
            msg["is_topic_message"] = True
        if reply_to is not None:
            original = self.messages_by_id.get((key, int(reply_to)))
            msg["reply_to_message"] = original or {"message_id": int(reply_to), "date": int(time.time()),
                                                   "chat": chat}
        self.messages_by_id[(key, mid)] = msg
        return msg

    def user_text(self, user_id: int, text: str, *, chat_id: int | None = None, reply_to: int | None = None,
                  thread_id: int | None = None, first_name: str | None = None,
                  update_id: int | None = None) -> dict[str, Any]:
        content: dict[str, Any] = {"text": text}
        if text.startswith("/"):
            cmd = text.split()[0]
            content["entities"] = [{"type": "bot_command", "offset": 0, "length": len(cmd)}]
        msg = self._new_message(user_id, chat_id, reply_to=reply_to, thread_id=thread_id, first_name=first_name,
                                **content)
        upd: dict[str, Any] = {"message": msg}
        if update_id is not None:
            upd["update_id"] = update_id
        return self.push_update(upd)

    def add_file(self, content: bytes, *, file_name: str = "file.bin", mime_type: str | None = None) -> str:
        n = next(self._file_ids)
        file_id = f"FILE{n:05d}-{'x' * 20}"
        self.files[file_id] = {"file_id": file_id, "file_unique_id": f"U{n:05d}", "file_size": len(content),
                               "file_path": f"documents/file_{n}_{file_name}", "content": content,
                               "file_name": file_name, "mime_type": mime_type}
        return file_id

    def user_photo(self, user_id: int, *, caption: str | None = None, media_group_id: str | None = None,
                   content: bytes = b"\xff\xd8\xff\xe0fake-jpeg" + b"0" * 64, chat_id: int | None = None,
                   reply_to: int | None = None) -> dict[str, Any]:
        big = self.add_file(content, file_name="photo.jpg", mime_type="image/jpeg")
        small = self.add_file(content[:16], file_name="thumb.jpg", mime_type="image/jpeg")
        sizes = [
            {"file_id": small, "file_unique_id": self.files[small]["file_unique_id"], "width": 90, "height": 60,
             "file_size": 16},
            {"file_id": big, "file_unique_id": self.files[big]["file_unique_id"], "width": 1280, "height": 960,
             "file_size": len(content)},
        ]
        content_d: dict[str, Any] = {"photo": sizes}
        if caption:
            content_d["caption"] = caption
        if media_group_id:
            content_d["media_group_id"] = media_group_id
        msg = self._new_message(user_id, chat_id, reply_to=reply_to, **content_d)
        return self.push_update({"message": msg})

    def user_document(self, user_id: int, *, file_name: str = "don.pdf", content: bytes = b"%PDF-1.4 fake",
                      mime_type: str = "application/pdf", caption: str | None = None,
                      media_group_id: str | None = None, chat_id: int | None = None) -> dict[str, Any]:
        fid = self.add_file(content, file_name=file_name, mime_type=mime_type)
        doc = {"file_id": fid, "file_unique_id": self.files[fid]["file_unique_id"], "file_name": file_name,
               "mime_type": mime_type, "file_size": len(content)}
        content_d: dict[str, Any] = {"document": doc}
        if caption:
            content_d["caption"] = caption
        if media_group_id:
            content_d["media_group_id"] = media_group_id
        return self.push_update({"message": self._new_message(user_id, chat_id, **content_d)})

    def contact(self, user_id: int, phone: str, *, first_name: str = "An") -> dict[str, Any]:
        msg = self._new_message(user_id, None, contact={"phone_number": phone, "first_name": first_name,
                                                         "user_id": int(user_id)})
        return self.push_update({"message": msg})

    def user_location(self, user_id: int, latitude: float, longitude: float, *,
                      chat_id: int | None = None) -> dict[str, Any]:
        """The attachment menu's "Location": a pin."""
        loc = {"latitude": latitude, "longitude": longitude}
        return self.push_update({"message": self._new_message(user_id, chat_id, location=loc)})

    def user_venue(self, user_id: int, latitude: float, longitude: float, title: str, address: str) -> dict[str, Any]:
        """A place picked from the map's list: a venue (Telegram sends its location too)."""
        loc = {"latitude": latitude, "longitude": longitude}
        venue = {"location": loc, "title": title, "address": address}
        return self.push_update({"message": self._new_message(user_id, None, location=loc, venue=venue)})

    def user_sticker(self, user_id: int, emoji: str = "👍", *, chat_id: int | None = None) -> dict[str, Any]:
        fid = self.add_file(b"RIFF-webp", file_name="sticker.webp", mime_type="image/webp")
        sticker = {"file_id": fid, "file_unique_id": self.files[fid]["file_unique_id"], "type": "regular",
                   "width": 512, "height": 512, "is_animated": False, "is_video": False, "emoji": emoji}
        return self.push_update({"message": self._new_message(user_id, chat_id, sticker=sticker)})

    def user_dice(self, user_id: int, emoji: str = "🎯") -> dict[str, Any]:
        """An animated emoji (🎲 🎯 🏀 ⚽ 🎳 🎰), sent as a dice message."""
        return self.push_update({"message": self._new_message(user_id, None, dice={"emoji": emoji, "value": 3})})

    def callback(self, user_id: int, data: str, message_id: int, *, chat_id: int | None = None,
                 update_id: int | None = None) -> dict[str, Any]:
        key = _chat_key(chat_id if chat_id is not None else user_id)
        message = self.messages_by_id.get((key, int(message_id))) or {
            "message_id": int(message_id), "date": int(time.time()), "chat": self._chat(user_id, chat_id)}
        cq = {"id": f"cq{next(self._file_ids)}", "from": self._user(user_id), "chat_instance": f"ci{key}",
              "data": data, "message": message}
        upd: dict[str, Any] = {"callback_query": cq}
        if update_id is not None:
            upd["update_id"] = update_id
        return self.push_update(upd)

    def press(self, user_id: int, message: dict[str, Any], data_or_predicate: str | Callable[[dict], bool],
              *, chat_id: int | None = None) -> dict[str, Any]:
        """Press an inline button of a bot message, by exact callback_data or by a predicate on the button."""
        buttons = [b for row in (message.get("reply_markup") or {}).get("inline_keyboard", []) for b in row]
        if callable(data_or_predicate):
            btn = next(b for b in buttons if data_or_predicate(b))
        else:
            btn = next(b for b in buttons if b.get("callback_data") == data_or_predicate)
        return self.callback(user_id, btn["callback_data"], message["message_id"],
                             chat_id=chat_id if chat_id is not None else message["chat"]["id"])

    # ------------------------------------------------------------------ webhook delivery
    async def deliver_webhook(self, update: dict[str, Any], *, secret: str | None = None,
                              url: str | None = None) -> int:
        """POST an update to the registered webhook (as Telegram does); returns the HTTP status."""
        if "update_id" not in update:
            update = {"update_id": next(self._update_ids), **update}
        target = url or (self.webhook or {}).get("url")
        assert target, "no webhook set"
        headers = {"Content-Type": "application/json"}
        token = secret if secret is not None else (self.webhook or {}).get("secret_token")
        if token:
            headers["X-Telegram-Bot-Api-Secret-Token"] = token
        async with ClientSession(timeout=ClientTimeout(total=10)) as http, \
                http.post(target, data=json.dumps(update), headers=headers) as resp:
            await resp.read()
            return resp.status

    def text_update(self, user_id: int, text: str) -> dict[str, Any]:
        """An update dict without queueing it (for webhook delivery)."""
        msg = self._new_message(user_id, None, text=text)
        return {"update_id": next(self._update_ids), "message": msg}

    # ------------------------------------------------------------------ observation
    def messages(self, chat_id: int | str) -> list[dict[str, Any]]:
        return list(self.sent.get(_chat_key(chat_id), []))

    def texts(self, chat_id: int | str) -> list[str]:
        return [m.get("text") or m.get("caption") or "" for m in self.messages(chat_id)]

    def message(self, chat_id: int | str, message_id: int) -> dict[str, Any] | None:
        return self.messages_by_id.get((_chat_key(chat_id), int(message_id)))

    async def wait_for_message(self, chat_id: int | str, predicate: Callable[[dict], bool] | None = None,
                               timeout: float = 10.0, *, after: int = 0) -> dict[str, Any]:
        """The first bot message to ``chat_id`` (from index ``after``) that satisfies ``predicate``.

        Re-checked only when a message to that chat is sent or edited (one future per waiting chat),
        so many concurrent waiters (the throughput benchmark) cost nothing per unrelated API call.
        """
        key = _chat_key(chat_id)

        def find() -> dict[str, Any] | None:
            for m in self.sent.get(key, [])[after:]:
                if predicate is None or predicate(m):
                    return m
            return None

        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        try:
            while True:
                found = find()
                if found is not None:
                    return found
                remaining = deadline - loop.time()
                if remaining <= 0:
                    raise TimeoutError
                fut = loop.create_future()
                self._chat_waiters[key].append(fut)
                try:
                    await asyncio.wait_for(fut, remaining)
                finally:
                    if not fut.done():
                        fut.cancel()
                    with contextlib.suppress(ValueError):
                        self._chat_waiters[key].remove(fut)
        except TimeoutError:
            raise AssertionError(f"no matching message to {chat_id} within {timeout}s; got: "
                                 f"{[(m.get('text') or m.get('caption') or '')[:80] for m in self.sent.get(key, [])][-8:]}") from None

    def _wake_chat(self, chat: str) -> None:
        for fut in self._chat_waiters.pop(chat, []):
            if not fut.done():
                fut.set_result(None)

    async def _notify(self) -> None:
        await self.api_called()

    # ------------------------------------------------------------------ HTTP
    async def _params(self, request: web.Request) -> dict[str, Any]:
        params: dict[str, Any] = dict(request.query)
        if request.method == "POST" and request.can_read_body:
            if request.content_type == "application/json":
                params.update(await request.json())
            else:
                form = await request.post()
                for k, v in form.items():
                    if isinstance(v, web.FileField):
                        params[k] = {"_file": v.filename, "_content": v.file.read()}
                    else:
                        params[k] = v
        for k, v in list(params.items()):
            if not isinstance(v, str):
                continue
            if k in _JSON_FIELDS:
                with contextlib.suppress(ValueError):
                    params[k] = json.loads(v)
            elif k in _INT_FIELDS and v.lstrip("-").isdigit():
                params[k] = int(v)
            elif k in _FLOAT_FIELDS:
                with contextlib.suppress(ValueError):
                    params[k] = float(v)
            elif v in ("true", "false"):
                params[k] = v == "true"
        return params

    def _ok(self, result: Any) -> web.Response:
        return web.json_response({"ok": True, "result": result})

    def _error(self, method: str, status: int, description: str, retry_after: float | None = None,
               **parameters: Any) -> web.Response:
        body: dict[str, Any] = {"ok": False, "error_code": status, "description": description}
        if retry_after is not None:
            parameters["retry_after"] = retry_after
        if parameters:
            body["parameters"] = parameters
        self.rejected.append((method, status, description))
        return web.json_response(body, status=status)

    def _injected(self, method: str, chat: str | None) -> web.Response | None:
        fault = self.chaos(method, chat) if self.chaos is not None else None
        if fault is not None:
            status, description, retry_after = fault
            if status == 0:
                self.rejected.append((method, 0, "connection dropped"))
                return _DROP
            return self._error(method, status, description, retry_after)
        for f in self.failures:
            if f.method not in (method, "*") or (f.chat_id is not None and f.chat_id != chat):
                continue
            f.times -= 1
            if f.times <= 0:
                self.failures.remove(f)
            if f.status == 0:
                self.rejected.append((method, 0, "connection dropped"))
                return _DROP
            return self._error(method, f.status, f.description, f.retry_after)
        if chat is not None and chat in self.migrated and method != "getUpdates":
            return self._error(method, 400, "Bad Request: group chat was upgraded to a supergroup chat",
                               migrate_to_chat_id=self.migrated[chat])
        if chat is not None and chat in self.kicked and (method in SEND_METHODS or method in EDIT_METHODS
                                                         or method == "sendChatAction"):
            return self._error(method, 403, "Forbidden: bot was kicked from the supergroup chat")
        if chat is not None and chat in self.blocked and (method in SEND_METHODS or method == "sendChatAction"):
            return self._error(method, 403, "Forbidden: bot was blocked by the user")
        if method in SEND_METHODS:
            now = time.monotonic()
            if self.rate_limit:
                self._rate_window[:] = [t for t in self._rate_window if now - t < 1.0]
                if len(self._rate_window) >= self.rate_limit:
                    return self._error(method, 429, "Too Many Requests: retry after 1", 1)
                self._rate_window.append(now)
            if self.group_per_minute and chat and chat.startswith("-"):
                win = self._group_window[chat]
                win[:] = [t for t in win if now - t < self.group_window]
                if len(win) >= self.group_per_minute:
                    retry = int(self.group_window - (now - win[0])) + 1
                    return self._error(method, 429, f"Too Many Requests: retry after {retry}", retry)
                win.append(now)
        return None

    async def _api(self, request: web.Request) -> web.Response:
        method = request.match_info["method"]
        params = await self._params(request)
        if self.latency:
            await asyncio.sleep(self.latency)
        self.calls.append((method, params))
        try:
            if method == "getUpdates":
                return await self._get_updates(params)
            chat = _chat_key(params["chat_id"]) if "chat_id" in params else None
            err = self._injected(method, chat)
            if err is _DROP:  # the connection goes away without an answer: a network error for the client
                self.dropped += 1
                assert request.transport is not None
                request.transport.close()
                return web.Response(status=500)
            if err is not None:
                return err  # type: ignore[return-value]
            handler = getattr(self, f"_m_{method}", None)
            if handler is None:
                return self._error(method, 404, "Not Found: method not found")
            return handler(params, chat)
        finally:
            await self._notify()

    async def _file(self, request: web.Request) -> web.StreamResponse:
        path = request.match_info["path"]
        for f in self.files.values():
            if f["file_path"] == path:
                return web.Response(body=f["content"], content_type=f.get("mime_type") or "application/octet-stream")
        raise web.HTTPNotFound()

    # ------------------------------------------------------------------ methods
    async def _get_updates(self, params: dict[str, Any]) -> web.Response:
        self.get_updates_calls += 1
        if self.webhook:
            return self._error("getUpdates", 409, "Conflict: can't use getUpdates method while webhook is active")
        offset = int(params.get("offset") or 0)
        timeout = float(params.get("timeout") or 0)
        limit = int(params.get("limit") or 100)
        deadline = time.monotonic() + timeout
        while True:
            if offset:  # confirmed updates are forgotten (a redelivered one is handed out once more)
                self.updates[:] = [u for u in self.updates if u["update_id"] >= offset or u.get("_redelivered")]
            if self.updates or time.monotonic() >= deadline or self._runner is None:
                break
            self._updates_changed.clear()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._updates_changed.wait(), max(0.01, deadline - time.monotonic()))
        batch = self.updates[:limit]
        for u in batch:
            if u.pop("_redelivered", False):
                self.updates.remove(u)
        return self._ok([{k: v for k, v in u.items() if not k.startswith("_")} for u in batch])

    def redeliver(self, update: dict[str, Any]) -> dict[str, Any]:
        """Hand out an already confirmed update again (as Telegram does after a crash)."""
        again = {**update, "_redelivered": True}
        self.updates.append(again)
        self._updates_changed.set()
        return again

    def _m_getMe(self, p: dict, chat: str | None) -> web.Response:
        return self._ok({"id": BOT_ID, "is_bot": True, "first_name": "PAKN", "username": BOT_USERNAME,
                         "can_join_groups": True, "can_read_all_group_messages": not self.privacy_mode,
                         "supports_inline_queries": False})

    def _m_getChat(self, p: dict, chat: str | None) -> web.Response:
        if chat is None:
            return self._error("getChat", 400, "Bad Request: chat not found")
        if chat in self.kicked:
            return self._error("getChat", 403, "Forbidden: bot was kicked from the supergroup chat")
        full = {"accent_color_id": 0, "max_reaction_count": 11,
                "accepted_gift_types": {"unlimited_gifts": False, "limited_gifts": False, "unique_gifts": False,
                                        "premium_subscription": False, "gifts_from_channels": False}}
        if not chat.startswith("-"):
            return self._ok({"id": int(chat), "type": "private", "first_name": "User", **full})
        return self._ok({"id": int(chat), "type": "supergroup", "title": "Cán bộ tiếp nhận", **full,
                         **({"is_forum": True} if chat in self.forum_chats else {})})

    def _m_getChatMember(self, p: dict, chat: str | None) -> web.Response:
        if chat is None:
            return self._error("getChatMember", 400, "Bad Request: chat not found")
        user_id = int(p.get("user_id") or 0)
        status = "kicked" if chat in self.kicked else self.member_status.get(chat, "administrator")
        member: dict[str, Any] = {"status": status, "user": {"id": user_id, "is_bot": user_id == BOT_ID,
                                                             "first_name": "PAKN" if user_id == BOT_ID else "User"}}
        if status == "administrator":
            member.update({"can_be_edited": False, "is_anonymous": False, "can_manage_chat": True,
                           "can_delete_messages": True, "can_manage_video_chats": False, "can_restrict_members": False,
                           "can_promote_members": False, "can_change_info": False, "can_invite_users": True,
                           "can_post_stories": False, "can_edit_stories": False, "can_delete_stories": False,
                           "can_send_welcome_messages": False, "can_manage_topics": True, "can_pin_messages": True})
        if status == "kicked":
            member["until_date"] = 0
        if status == "restricted":
            member.update({"is_member": True, "can_send_messages": False, "can_send_audios": False,
                           "can_send_documents": False, "can_send_photos": False, "can_send_videos": False,
                           "can_send_video_notes": False, "can_send_voice_notes": False, "can_send_polls": False,
                           "can_send_other_messages": False, "can_add_web_page_previews": False,
                           "can_react_to_messages": False, "can_edit_tag": False, "can_change_info": False, "can_invite_users": False, "can_pin_messages": False,
                           "can_manage_topics": False, "until_date": 0})
        return self._ok(member)

    def _bot_message(self, p: dict, chat: str, **content: Any) -> dict[str, Any]:
        thread = p.get("message_thread_id")
        if thread is not None and chat in self.forum_chats and int(thread) not in self.topics[chat]:
            raise _ApiError(400, "Bad Request: message thread not found")
        mid = next(self._message_ids[chat])
        chat_obj = ({"id": int(chat), "type": "private", "first_name": "User"} if not chat.startswith("-")
                    else {"id": int(chat), "type": "supergroup", "title": "Cán bộ",
                          **({"is_forum": True} if chat in self.forum_chats else {})})
        msg: dict[str, Any] = {"message_id": mid, "date": int(time.time()), "chat": chat_obj,
                               "from": {"id": BOT_ID, "is_bot": True, "first_name": "PAKN",
                                        "username": BOT_USERNAME}, **content}
        if thread is not None:
            msg["message_thread_id"] = int(thread)
            msg["is_topic_message"] = True
        if p.get("reply_markup"):
            msg["reply_markup"] = p["reply_markup"]
        reply_to = p.get("reply_to_message_id") or (p.get("reply_parameters") or {}).get("message_id")
        if reply_to:
            msg["reply_to_message"] = self.messages_by_id.get((chat, int(reply_to)), {
                "message_id": int(reply_to), "date": int(time.time()), "chat": chat_obj})
        record = {**msg, "method": p.get("_method"), "chat_id": chat, "_at": time.monotonic()}
        self.sent[chat].append(record)
        self.messages_by_id[(chat, mid)] = record
        self._wake_chat(chat)
        if "inline_keyboard" not in (msg.get("reply_markup") or {}):
            msg.pop("reply_markup", None)  # Telegram returns only inline keyboards in a Message
        return msg

    def _send(self, p: dict, chat: str | None, **content: Any) -> web.Response:
        if chat is None:
            return self._error(p.get("_method", "send"), 400, "Bad Request: chat_id is empty")
        try:
            return self._ok(self._bot_message(p, chat, **content))
        except _ApiError as e:
            return self._error(p.get("_method", "send"), e.status, e.description)

    def _m_sendMessage(self, p: dict, chat: str | None) -> web.Response:
        text = p.get("text") or ""
        if not text:
            return self._error("sendMessage", 400, "Bad Request: message text is empty")
        if len(text) > 4096:
            return self._error("sendMessage", 400, "Bad Request: message is too long")
        return self._send({**p, "_method": "sendMessage"}, chat, text=text)

    def _media(self, p: dict, kind: str) -> tuple[dict[str, Any] | list[dict[str, Any]], str | None]:
        value = p.get(kind)
        if isinstance(value, str) and value.startswith("attach://"):
            value = p.get(value[len("attach://"):])
        if isinstance(value, dict) and "_content" in value:
            fid = self.add_file(value["_content"], file_name=value.get("_file") or kind)
            uploaded = True
        else:
            fid, uploaded = str(value), False
        info = {"file_id": fid, "file_unique_id": self.files.get(fid, {}).get("file_unique_id", "u-" + fid[:8])}
        if kind == "photo":
            return [{**info, "width": 800, "height": 600}], ("upload" if uploaded else "file_id")
        return {**info, "file_name": (self.files.get(fid) or {}).get("file_name")}, \
            ("upload" if uploaded else "file_id")

    def _send_media(self, p: dict, chat: str | None, kind: str) -> web.Response:
        caption = p.get("caption")
        if caption and len(caption) > 1024:
            return self._error(f"send{kind.title()}", 400, "Bad Request: message caption is too long")
        media, how = self._media(p, kind)
        content: dict[str, Any] = {kind: media}
        if caption:
            content["caption"] = caption
        return self._send({**p, "_method": f"send{kind.title()}", "_how": how}, chat, **content)

    def _m_sendPhoto(self, p: dict, chat: str | None) -> web.Response:
        return self._send_media(p, chat, "photo")

    def _m_sendDocument(self, p: dict, chat: str | None) -> web.Response:
        return self._send_media(p, chat, "document")

    def _m_sendLocation(self, p: dict, chat: str | None) -> web.Response:
        loc = {"latitude": p.get("latitude"), "longitude": p.get("longitude")}
        if not all(isinstance(x, int | float) for x in loc.values()):
            return self._error("sendLocation", 400, "Bad Request: wrong latitude or longitude")
        return self._send({**p, "_method": "sendLocation"}, chat, location=loc)

    def _m_sendVenue(self, p: dict, chat: str | None) -> web.Response:
        loc = {"latitude": p.get("latitude"), "longitude": p.get("longitude")}
        if not all(isinstance(x, int | float) for x in loc.values()):
            return self._error("sendVenue", 400, "Bad Request: wrong latitude or longitude")
        if not p.get("title") or not p.get("address"):
            return self._error("sendVenue", 400, "Bad Request: venue title and address are required")
        venue = {"location": loc, "title": p["title"], "address": p["address"]}
        return self._send({**p, "_method": "sendVenue"}, chat, location=loc, venue=venue)

    def _edit(self, p: dict, chat: str | None, method: str, **changes: Any) -> web.Response:
        key = (chat or "", int(p.get("message_id") or 0))
        msg = self.messages_by_id.get(key)
        if msg is None or msg.get("from", {}).get("id") != BOT_ID:
            return self._error(method, 400, "Bad Request: message to edit not found")
        new_markup = p.get("reply_markup")
        if all(msg.get(k) == v for k, v in changes.items()) and (msg.get("reply_markup") or None) == (
                new_markup or None):
            return self._error(method, 400, "Bad Request: message is not modified: specified new message content "
                                            "and reply markup are exactly the same as a current content and reply "
                                            "markup of the message")
        msg.update(changes)
        if new_markup:
            msg["reply_markup"] = new_markup
        else:
            msg.pop("reply_markup", None)
        self.edits.append({"method": method, "chat_id": chat, "message_id": key[1], **changes,
                           "reply_markup": new_markup})
        self._wake_chat(chat or "")
        return self._ok({k: v for k, v in msg.items() if k not in ("method", "chat_id", "_at")})

    def _m_editMessageText(self, p: dict, chat: str | None) -> web.Response:
        if len(p.get("text") or "") > 4096:
            return self._error("editMessageText", 400, "Bad Request: message is too long")
        return self._edit(p, chat, "editMessageText", text=p.get("text"))

    def _m_editMessageReplyMarkup(self, p: dict, chat: str | None) -> web.Response:
        return self._edit(p, chat, "editMessageReplyMarkup")

    def _m_answerCallbackQuery(self, p: dict, chat: str | None) -> web.Response:
        self.callback_answers.append(p)
        return self._ok(True)

    def _m_sendChatAction(self, p: dict, chat: str | None) -> web.Response:
        self.chat_actions.append({"chat_id": chat, "action": p.get("action")})
        return self._ok(True)

    @staticmethod
    def scope_key(scope: dict[str, Any] | None) -> str:
        scope = scope or {"type": "default"}
        key = scope.get("type", "default")
        if "chat_id" in scope:
            key += f":{scope['chat_id']}"
        if "user_id" in scope:
            key += f":{scope['user_id']}"
        return key

    def _m_setMyCommands(self, p: dict, chat: str | None) -> web.Response:
        key = self.scope_key(p.get("scope"))
        if p.get("language_code"):
            key += f"@{p['language_code']}"
        cmds = p.get("commands") or []
        for c in cmds:
            name = c.get("command", "")
            if not (1 <= len(name) <= 32) or not all(ch.islower() or ch.isdigit() or ch == "_" for ch in name):
                return self._error("setMyCommands", 400, "Bad Request: BOT_COMMAND_INVALID")
            if not (1 <= len(c.get("description", "")) <= 256):
                return self._error("setMyCommands", 400, "Bad Request: BOT_COMMAND_DESCRIPTION_INVALID")
        self.commands[key] = cmds
        return self._ok(True)

    def _m_deleteMyCommands(self, p: dict, chat: str | None) -> web.Response:
        self.commands.pop(self.scope_key(p.get("scope")), None)
        return self._ok(True)

    def _m_getFile(self, p: dict, chat: str | None) -> web.Response:
        f = self.files.get(str(p.get("file_id")))
        if f is None:
            return self._error("getFile", 400, "Bad Request: invalid file_id")
        return self._ok({k: f[k] for k in ("file_id", "file_unique_id", "file_size", "file_path")})

    def _m_setWebhook(self, p: dict, chat: str | None) -> web.Response:
        self.webhook = {"url": p.get("url"), "secret_token": p.get("secret_token"),
                        "allowed_updates": p.get("allowed_updates")}
        return self._ok(True)

    def _m_deleteWebhook(self, p: dict, chat: str | None) -> web.Response:
        self.webhook = None
        return self._ok(True)

    def _m_getWebhookInfo(self, p: dict, chat: str | None) -> web.Response:
        info: dict[str, Any] = {"url": (self.webhook or {}).get("url") or "", "has_custom_certificate": False,
                                "pending_update_count": 0}
        if self.webhook_error:
            info.update({"last_error_date": int(time.time()) - 60, "last_error_message": self.webhook_error})
        return self._ok(info)

    def _m_createForumTopic(self, p: dict, chat: str | None) -> web.Response:
        if chat not in self.forum_chats:
            return self._error("createForumTopic", 400, "Bad Request: the chat is not a forum")
        thread = next(self._message_ids[chat])  # topics take message ids in Telegram
        self.topics[chat][thread] = p.get("name") or ""
        return self._ok({"message_thread_id": thread, "name": p.get("name"), "icon_color": 7322096})

    def _m_deleteMessage(self, p: dict, chat: str | None) -> web.Response:
        self.messages_by_id.pop((chat or "", int(p.get("message_id") or 0)), None)
        return self._ok(True)


_DROP: Any = object()  # _injected: drop the connection


class _ApiError(Exception):
    def __init__(self, status: int, description: str) -> None:
        super().__init__(description)
        self.status, self.description = status, description


# ============================================================================ harness helpers
# (used by the Telegram tests, the delivery tests and bench/telegram_throughput.py)

TOKEN = "123456789:AAHtestTOKENabcdefghijklmnopqrstuvwxyz0"
STAFF_CHAT = -1001234567890


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def make_settings(base_url: str, data_dir: Path, **kw: Any) -> Settings:
    from bot.config import Settings

    values: dict[str, Any] = {"telegram_token": TOKEN, "telegram_api_url": base_url,
                              "telegram_staff_chat_id": STAFF_CHAT, "data_dir": data_dir}
    values.update(kw)
    return Settings(_env_file=None, **values)


@contextlib.asynccontextmanager
async def running(settings: Settings, core: Any, store: Any, *, webhook: bool = False,
                  **channel_kw: Any) -> AsyncIterator[TelegramChannel]:
    """Run the channel (polling or webhook) in the background for the duration of the block."""
    from bot.channels.telegram import TelegramChannel, run_polling, run_telegram

    channel = TelegramChannel(settings, core, store, **channel_kw)
    stop = asyncio.Event()
    if webhook:
        task = asyncio.create_task(run_telegram(settings, core, store, webhook=True, stop_event=stop, channel=channel))
    else:
        task = asyncio.create_task(run_polling(settings, core, store, stop, channel=channel, polling_timeout=1))
    try:
        yield channel
    finally:
        stop.set()
        await asyncio.wait_for(task, 15)

