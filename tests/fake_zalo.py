"""A fake Zalo Bot Platform API server on 127.0.0.1, for tests and bench/zalo_throughput.py.

Routes: ``POST /bot{token}/{method}`` (JSON or form-encoded) and ``GET /photos/{name}`` (the photos of image events).
Behaves like the real API where the channel depends on it:

* ``getUpdates`` hands out **one** event per call (no offset; an event handed out is gone unless
  :meth:`redeliver` puts it back), holds an idle poll up to ``timeout`` seconds and then answers
  HTTP 408; it refuses while a webhook is set;
* ``setWebhook`` / ``deleteWebhook`` / ``getWebhookInfo``; :meth:`deliver_webhook` POSTs an event to the
  bot's webhook with ``X-Bot-Api-Secret-Token``;
* ``sendMessage`` refuses texts over 2,000 characters (400); blocked chats get 403; ``fail_next``
  injects one error (429 with ``parameters.retry_after``, 403, 500, …);
* a wrong token gets 401.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import time
import uuid
from collections.abc import Callable
from typing import Any

import aiohttp
from aiohttp import web

from tests.fake_bot_api import FakeBotApi

TOKEN = "3141592653589793:ZaLoTestTokenAbcdefghijklmnopqrstuv"
BOT_ID = "7000000000000000001"
TEXT_LIMIT = 2000


class FakeZalo(FakeBotApi):
    def __init__(self, *, host: str = "127.0.0.1", port: int = 0, token: str = TOKEN) -> None:
        super().__init__(host, port)
        self.token = token
        self.events: list[dict[str, Any]] = []
        self.sent: list[dict[str, Any]] = []  # every accepted send*, in order
        self.by_chat: dict[str, list[dict[str, Any]]] = {}  # the same, per chat (the harness polls it)
        self.calls: list[tuple[str, dict[str, Any]]] = []
        self.webhook: dict[str, Any] | None = None
        self.blocked: set[str] = set()
        self.failures: list[tuple[str, int, str, float | None]] = []
        self.photos: dict[str, bytes] = {}
        self.idle_polls = 0
        self._ids = itertools.count(1)
        self._changed = asyncio.Event()  # new events for getUpdates
        self._client: aiohttp.ClientSession | None = None

    # ------------------------------------------------------------------ lifecycle
    def add_routes(self, app: web.Application) -> None:
        app.router.add_post("/bot{token}/{method}", self._api)
        app.router.add_get("/photos/{name}", self._photo)

    async def before_stop(self) -> None:
        if self._client is not None:
            await self._client.close()
        self._changed.set()

    # ------------------------------------------------------------------ scripting
    def fail_next(self, method: str, status: int, description: str, retry_after: float | None = None) -> None:
        self.failures.append((method, status, description, retry_after))

    def block(self, chat_id: str) -> None:
        self.blocked.add(str(chat_id))

    def _message(self, user_id: str, *, name: str = "Nguyễn Văn An", **content: Any) -> dict[str, Any]:
        return {"message_id": uuid.uuid4().hex, "date": int(time.time() * 1000),
                "from": {"id": str(user_id), "display_name": name, "is_bot": False},
                "chat": {"id": str(user_id), "chat_type": "PRIVATE"}, **content}

    def push(self, event: dict[str, Any]) -> dict[str, Any]:
        self.events.append(event)
        self._changed.set()
        return event

    def event(self, user_id: str, name: str, **content: Any) -> dict[str, Any]:
        return {"event_name": name, "message": self._message(user_id, **content)}

    def user_text(self, user_id: str, text: str) -> dict[str, Any]:
        return self.push(self.event(user_id, "message.text.received", text=text))

    def add_photo(self, content: bytes, name: str = "anh.jpg") -> str:
        self.photos[name] = content
        return f"{self.base_url}/photos/{name}"

    def user_image(self, user_id: str, content: bytes, *, caption: str | None = None) -> dict[str, Any]:
        url = self.add_photo(content, f"{uuid.uuid4().hex[:12]}.jpg")
        extra = {"caption": caption} if caption else {}
        return self.push(self.event(user_id, "message.image.received", photo_url=url, **extra))

    def user_sticker(self, user_id: str) -> dict[str, Any]:
        return self.push(self.event(user_id, "message.sticker.received", sticker="bfe8ec4a9b0f"))

    def user_unsupported(self, user_id: str) -> dict[str, Any]:
        return self.push(self.event(user_id, "message.unsupported.received"))

    def redeliver(self, event: dict[str, Any]) -> dict[str, Any]:
        return self.push(event)

    async def deliver_webhook(self, event: dict[str, Any], *, secret: str | None) -> int:
        """POST an event to the registered webhook; returns the HTTP status."""
        assert self.webhook is not None, "no webhook set"
        if self._client is None:
            self._client = aiohttp.ClientSession()
        headers = {"X-Bot-Api-Secret-Token": secret} if secret is not None else {}
        async with self._client.post(self.webhook["url"], json=event, headers=headers) as r:
            return r.status

    # ------------------------------------------------------------------ reading
    def messages(self, chat_id: str) -> list[dict[str, Any]]:
        return list(self.by_chat.get(str(chat_id), ()))

    def texts(self, chat_id: str) -> list[str]:
        return [m.get("text") or m.get("caption") or "" for m in self.messages(chat_id)]

    async def wait_for_text(self, chat_id: str, predicate: Callable[[str], bool], *, after: int = 0,
                            timeout: float = 10.0) -> str:
        def find() -> str | None:
            return next((t for t in self.texts(chat_id)[after:] if predicate(t)), None)

        return await self.wait_for(find, timeout)

    # ------------------------------------------------------------------ server
    def _ok(self, result: Any) -> web.Response:
        return web.json_response({"ok": True, "result": result})

    def _error(self, status: int, description: str, retry_after: float | None = None) -> web.Response:
        body: dict[str, Any] = {"ok": False, "error_code": status, "description": description}
        if retry_after is not None:
            body["parameters"] = {"retry_after": retry_after}
        return web.json_response(body, status=status)

    async def _photo(self, request: web.Request) -> web.Response:
        data = self.photos.get(request.match_info["name"])
        if data is None:
            raise web.HTTPNotFound()
        return web.Response(body=data, content_type="image/jpeg")

    async def _api(self, request: web.Request) -> web.Response:
        if request.match_info["token"] != self.token:
            return self._error(401, "Unauthorized")
        method = request.match_info["method"]
        try:
            if not request.can_read_body:
                params = {}
            elif request.content_type == "application/json":
                params = await request.json()
            else:  # form-encoded, as python-telegram-bot style clients send
                params = dict(await request.post())
        except ValueError:
            return self._error(400, "Bad Request: invalid JSON")
        self.calls.append((method, params))
        for i, (m, status, desc, retry) in enumerate(self.failures):
            if m == method:
                del self.failures[i]
                return self._error(status, desc, retry)
        handler = getattr(self, f"_m_{method}", None)
        if handler is None:
            return self._error(404, "Not Found: method not found")
        try:
            result = handler(params)
            if asyncio.iscoroutine(result):
                result = await result
            return result
        finally:
            await self.api_called()

    async def _m_getUpdates(self, p: dict[str, Any]) -> web.Response:
        if self.webhook is not None:
            return self._error(409, "Conflict: getUpdates is not available while a webhook is set")
        deadline = time.monotonic() + float(p.get("timeout") or 0)
        while not self.events:
            left = deadline - time.monotonic()
            if left <= 0 or self._runner is None:
                self.idle_polls += 1
                return self._error(408, "Request Timeout")
            self._changed.clear()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._changed.wait(), left)
        return self._ok(self.events.pop(0))

    def _m_getMe(self, p: dict[str, Any]) -> web.Response:
        return self._ok({"id": BOT_ID, "account_name": "bot.pakn", "account_type": "BASIC", "can_join_groups": False})

    def _m_setWebhook(self, p: dict[str, Any]) -> web.Response:
        secret = str(p.get("secret_token") or "")
        if not p.get("url") or not 8 <= len(secret) <= 256:
            return self._error(400, "Bad Request: url and secret_token (8-256 characters) are required")
        self.webhook = {"url": p["url"], "secret_token": secret, "updated_at": int(time.time() * 1000)}
        return self._ok({"url": p["url"], "updated_at": self.webhook["updated_at"]})

    def _m_deleteWebhook(self, p: dict[str, Any]) -> web.Response:
        self.webhook = None
        return self._ok({"url": "", "updated_at": int(time.time() * 1000)})

    def _m_getWebhookInfo(self, p: dict[str, Any]) -> web.Response:
        return self._ok({"url": (self.webhook or {}).get("url", ""), "updated_at": (self.webhook or {}).get("updated_at")})

    def _send(self, p: dict[str, Any], kind: str, **content: Any) -> web.Response:
        chat = str(p.get("chat_id") or "")
        if not chat:
            return self._error(400, "Bad Request: chat_id is required")
        if chat in self.blocked:
            return self._error(403, "Forbidden: the user has blocked the bot")
        msg = {"message_id": uuid.uuid4().hex, "chat_id": chat, "kind": kind, "date": int(time.time() * 1000),
               "_at": time.monotonic(), **content}
        self.sent.append(msg)
        self.by_chat.setdefault(chat, []).append(msg)
        return self._ok({"message_id": msg["message_id"], "date": msg["date"]})

    def _m_sendMessage(self, p: dict[str, Any]) -> web.Response:
        text = str(p.get("text") or "")
        if not 1 <= len(text) <= TEXT_LIMIT:
            return self._error(400, f"Bad Request: text must be 1-{TEXT_LIMIT} characters")
        return self._send(p, "text", text=text)

    def _m_sendPhoto(self, p: dict[str, Any]) -> web.Response:
        if not p.get("photo"):
            return self._error(400, "Bad Request: photo is required")
        return self._send(p, "photo", photo=p["photo"], caption=p.get("caption"))

    def _m_sendSticker(self, p: dict[str, Any]) -> web.Response:
        return self._send(p, "sticker", sticker=p.get("sticker"))

    def _m_sendChatAction(self, p: dict[str, Any]) -> web.Response:
        return self._ok(True)


def make_settings(base_url: str, data_dir: Any, **kw: Any) -> Any:
    from bot.config import Settings

    values: dict[str, Any] = {"zalo_token": TOKEN, "zalo_api_url": base_url, "data_dir": data_dir}
    values.update(kw)
    return Settings(_env_file=None, **values)


@contextlib.asynccontextmanager
async def running(settings: Any, core: Any, store: Any, *, webhook: bool = False, **channel_kw: Any):
    """Run the Zalo channel (polling, or its webhook on a server of its own) for the block."""
    from bot.channels.zalo import ZaloChannel, run_zalo

    channel = ZaloChannel(settings, core, store, **channel_kw)
    stop = asyncio.Event()
    task = asyncio.create_task(run_zalo(settings, core, store, webhook=webhook, stop_event=stop, channel=channel))
    try:
        yield channel
    finally:
        stop.set()
        await asyncio.wait_for(task, 15)
