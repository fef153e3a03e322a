"""The web chat channel: the chat page ``/``, the embeddable widget, the public page ``/cong-khai``.

One aiohttp application (the one that also receives the Telegram webhook under ``pakn run --webhook``):

- ``GET /``: the chat page. The citizen is a random id in a signed, HttpOnly, SameSite cookie; a
  returning browser gets its history back (``storage.web``) and continues where it was.
- ``GET /ws``: WebSocket (same origin only). ``GET /api/poll`` + ``POST /api/send``: long polling, for
  networks that block WebSockets. ``POST /api/upload``: one attachment (size and type checked).
- ``GET /widget.js``: the embed script; ``GET /cong-khai``: published answers, figures, dialogue sessions.

Messages go to the core through the same runner as Telegram's (``bot.core.runner``), one message of a
browser at a time. Answers written by staff arrive through the outbox worker: ``WebSender`` stores
them and pushes them to the open pages of that browser; rows stored by a worker in another process
are picked up by a short poll of the table.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import json
import logging
import re
import secrets
from collections import defaultdict
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

from aiohttp import WSMsgType, web
from jinja2 import Environment, FileSystemLoader, select_autoescape

from bot.core.runner import CoreRunner, ThreadRunner
from bot.core.types import Attachment, Inbound, Outbound
from bot.delivery.base import SendResult
from storage import Store
from storage import web as web_repo
from storage.models import WebMessage

from .security import COOKIE, COOKIE_MAX_AGE, Identity, RateLimiter, load_key, make_rate_limiter

log = logging.getLogger(__name__)

CHANNEL = "web"
HERE = Path(__file__).resolve().parent
MAX_TEXT = 5000  # the core's own limit (bot.core.engine.MAX_TEXT); longer is refused by the core
MAX_JSON = 16 * 1024  # a message, its payload and its label
POLL_TIMEOUT = 25.0
PUMP_INTERVAL = 1.0  # how often rows written by another process (a separate `pakn worker`) are looked for
MENU = [("menu_petition", "menu:pa"), ("menu_dialogue", "menu:dt"), ("menu_lookup", "menu:lk"),
        ("menu_faq", "menu:faq"), ("menu_help", "menu:help")]
UPLOAD_TYPES = {  # the first bytes decide, not the name nor the browser's claim
    b"\xff\xd8\xff": ("image/jpeg", ".jpg", "photo"),
    b"\x89PNG\r\n\x1a\n": ("image/png", ".png", "photo"),
    b"%PDF-": ("application/pdf", ".pdf", "document"),
}
_SAFE_NAME = re.compile(r"[^\w.\- ]+", re.UNICODE)


def message_json(row: WebMessage) -> dict[str, Any]:
    return {"type": "msg", "id": row.id, "dir": row.direction, "text": row.text, **row.data}


def outbound_data(out: Outbound) -> dict[str, Any]:
    data: dict[str, Any] = {}
    if out.buttons:
        data["buttons"] = [[{"text": b.text, "payload": b.payload} for b in row] for row in out.buttons]
    if out.request_phone:
        data["request_phone"] = True
    if out.attachments:
        data["files"] = [a.file_name or a.kind for a in out.attachments]
    return data


class WebSender:
    """The outbox worker's sender for the web: store the message for the browser and, when the web server
    runs in this process, push it to that browser's open pages at once (otherwise the server finds it
    within ``PUMP_INTERVAL``)."""

    channel = CHANNEL

    def __init__(self, store: Store, web: WebChannel | None = None) -> None:
        self.store = store
        self.web = web

    async def send(self, recipient: str, msg: Outbound) -> SendResult:
        def go() -> list[WebMessage]:
            with self.store.session() as s:
                return [web_repo.add(s, recipient, "out", msg.text, outbound_data(msg))]

        rows = await asyncio.to_thread(go)
        if self.web is not None:
            self.web.publish(recipient, rows)
        return SendResult.sent(str(rows[0].id))


class WebChannel:
    def __init__(self, settings: Any, core: Any, store: Store, *, runner: CoreRunner | None = None,
                 t: Any = None, profile: Any = None) -> None:
        self.settings = settings
        self.core = core
        self.store = store
        self.profile = profile or getattr(core, "profile", None)
        self.t = t or core.t
        self.runner: CoreRunner = runner or ThreadRunner(core.handle, 1 if store.dialect == "sqlite" else 2)
        self.identity = Identity(load_key(settings))
        self.user_limit: RateLimiter = make_rate_limiter(settings, settings.web_messages_per_minute, "user")
        self.ip_limit: RateLimiter = make_rate_limiter(settings, settings.web_ip_messages_per_minute, "ip")
        self.max_upload = int(settings.web_max_upload_mb * 1024 * 1024)
        self.sender = WebSender(store, self)
        self.sockets: dict[str, set[web.WebSocketResponse]] = defaultdict(set)
        self.waiters: dict[str, set[asyncio.Event]] = defaultdict(set)
        self._locks: dict[str, asyncio.Lock] = {}
        self._lock_users: dict[str, int] = {}
        self._last_seen = 0  # highest web_messages id pushed or looked at by the pump
        self._pump_task: asyncio.Task | None = None
        self.stats: dict[str, int] = defaultdict(int)
        self.jinja = Environment(loader=FileSystemLoader(HERE / "templates"),
                                 autoescape=select_autoescape(default=True, default_for_string=True))
        self.app = self.make_app()

    # ------------------------------------------------------------------ application
    def make_app(self) -> web.Application:
        app = web.Application(client_max_size=self.max_upload + 64 * 1024,
                              middlewares=[self._headers_middleware])
        app.router.add_get("/", self.page_chat)
        app.router.add_get("/cong-khai", self.page_public)
        app.router.add_get("/widget.js", self.widget_js)
        app.router.add_get("/healthz", self.healthz)
        app.router.add_get("/ws", self.websocket)
        app.router.add_get("/api/poll", self.api_poll)
        app.router.add_post("/api/send", self.api_send)
        app.router.add_post("/api/upload", self.api_upload)
        app.router.add_static("/static/", HERE / "static", append_version=False)
        app.on_startup.append(self._on_startup)
        app.on_cleanup.append(self._on_cleanup)
        return app

    async def _on_startup(self, app: web.Application) -> None:
        self._last_seen = await asyncio.to_thread(self._latest_id)
        self._pump_task = asyncio.create_task(self._pump())

    async def _on_cleanup(self, app: web.Application) -> None:
        if self._pump_task is not None:
            self._pump_task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._pump_task
        for conns in list(self.sockets.values()):
            for ws in list(conns):
                with contextlib.suppress(Exception):
                    await ws.close()
        for lim in (self.user_limit, self.ip_limit):
            await lim.aclose()

    def _frame_ancestors(self) -> str:
        origins = self.settings.web_embed_origins.split()
        return " ".join(origins) if origins else "'self'"

    @web.middleware
    async def _headers_middleware(self, request: web.Request, handler: Any) -> web.StreamResponse:
        resp = await handler(request)
        if isinstance(resp, web.WebSocketResponse):
            return resp
        h = resp.headers
        h.setdefault("Content-Security-Policy",
                     "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
                     "connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; "
                     f"form-action 'self'; frame-ancestors {self._frame_ancestors()}")
        h.setdefault("X-Content-Type-Options", "nosniff")
        h.setdefault("Referrer-Policy", "no-referrer")
        h.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
        if request.path.startswith("/api/"):
            h.setdefault("Cache-Control", "no-store")
        return resp

    def _secure(self, request: web.Request) -> bool:
        if self.settings.web_trust_proxy and request.headers.get("X-Forwarded-Proto", "").lower() == "https":
            return True
        return request.secure

    def _ip(self, request: web.Request) -> str:
        ip = request.remote or "?"
        if self.settings.web_trust_proxy and request.headers.get("X-Forwarded-For"):
            ip = request.headers["X-Forwarded-For"].split(",")[0].strip()
        return hashlib.sha256(ip.encode()).hexdigest()[:20]  # limiter keys hold no address

    def _uid(self, request: web.Request) -> str | None:
        return self.identity.verify(request.cookies.get(COOKIE))

    def _set_cookie(self, request: web.Request, resp: web.StreamResponse, uid: str) -> None:
        secure = self._secure(request)
        # Over https the chat may sit in a Sở website's iframe (another site): SameSite=None, Partitioned.
        resp.set_cookie(COOKIE, self.identity.sign(uid), max_age=COOKIE_MAX_AGE, path="/", httponly=True,
                        secure=secure, samesite="None" if secure else "Lax")
        if secure:
            cookie = resp.cookies[COOKIE]
            with contextlib.suppress(Exception):
                cookie["partitioned"] = True

    def _base_url(self, request: web.Request) -> str:
        if self.settings.web_public_url:
            return self.settings.web_public_url.rstrip("/")
        scheme = "https" if self._secure(request) else "http"
        return f"{scheme}://{request.host}"

    def render(self, name: str, **ctx: Any) -> str:
        return self.jinja.get_template(name).render(t=self.t, profile=self.profile, **ctx)

    # ------------------------------------------------------------------ pages
    async def healthz(self, request: web.Request) -> web.Response:
        return web.json_response({"ok": True})

    async def page_chat(self, request: web.Request) -> web.Response:
        uid = self._uid(request)
        new = uid is None
        if uid is None:
            uid = self.identity.new_id()
        dt = request.query.get("dt", "")
        html = self.render("chat.html", csrf=self.identity.csrf(uid), embed=request.query.get("embed") == "1",
                           menu=[(self.t(k), p) for k, p in MENU], start_dt=dt if dt.isdigit() else "",
                           max_mb=f"{self.settings.web_max_upload_mb:g}")
        resp = web.Response(text=html, content_type="text/html", charset="utf-8")
        resp.headers["Cache-Control"] = "no-store"
        if new:
            self._set_cookie(request, resp, uid)
        return resp

    async def widget_js(self, request: web.Request) -> web.Response:
        body = (HERE / "static" / "widget.js").read_text(encoding="utf-8")
        body = body.replace("__PAKN_ORIGIN__", json.dumps(self._base_url(request))[1:-1])
        body = body.replace("__PAKN_LABEL__", json.dumps(self.t("web_open_chat"))[1:-1])
        body = body.replace("__PAKN_CLOSE__", json.dumps(self.t("web_close_chat"))[1:-1])
        resp = web.Response(text=body, content_type="application/javascript", charset="utf-8")
        resp.headers["Cache-Control"] = "public, max-age=300"
        resp.headers["Access-Control-Allow-Origin"] = "*"
        return resp

    async def page_public(self, request: web.Request) -> web.Response:
        from bot.channels.web.public import public_context

        ctx = await asyncio.to_thread(public_context, self, request.query, self._base_url(request))
        html = self.render("public.html", **ctx)
        return web.Response(text=html, content_type="text/html", charset="utf-8")

    # ------------------------------------------------------------------ storage
    def _latest_id(self) -> int:
        with self.store.session() as s:
            return web_repo.latest_id(s)

    async def store_messages(self, uid: str, direction: str, items: list[tuple[str, dict[str, Any]]]) -> list[WebMessage]:
        def go() -> list[WebMessage]:
            with self.store.session() as s:
                return [web_repo.add(s, uid, direction, text, data) for text, data in items]

        return await asyncio.to_thread(go)

    async def history(self, uid: str, after: int) -> list[WebMessage]:
        def go() -> list[WebMessage]:
            with self.store.session() as s:
                return web_repo.after(s, uid, after)

        return await asyncio.to_thread(go)

    # ------------------------------------------------------------------ pushing
    def publish(self, uid: str, rows: list[WebMessage]) -> None:
        for row in rows:
            self._last_seen = max(self._last_seen, row.id or 0)
            self._broadcast(uid, message_json(row))
        for ev in list(self.waiters.get(uid, ())):
            ev.set()

    def _broadcast(self, uid: str, data: dict[str, Any]) -> None:
        for ws in list(self.sockets.get(uid, ())):
            if not ws.closed:
                task = asyncio.ensure_future(ws.send_json(data))
                task.add_done_callback(lambda f: f.exception() if not f.cancelled() else None)

    async def _pump(self) -> None:
        """Rows another process stored for a browser that has a page open here (a separate worker)."""
        while True:
            await asyncio.sleep(PUMP_INTERVAL)
            users = [u for u, c in self.sockets.items() if c] + [u for u, w in self.waiters.items() if w]
            if not users:
                continue
            try:
                def go(after: int = self._last_seen, users: list[str] = users) -> list[WebMessage]:
                    with self.store.session() as s:
                        return web_repo.new_for(s, sorted(set(users)), after)

                rows = await asyncio.to_thread(go)
            except Exception:
                log.warning("web: looking for new messages failed", exc_info=True)
                continue
            for row in rows:
                if row.id and row.id > self._last_seen:
                    self.publish(row.user_id, [row])

    # ------------------------------------------------------------------ handling a citizen's message
    def _lock(self, uid: str) -> asyncio.Lock:
        lock = self._locks.get(uid)
        if lock is None:
            lock = self._locks[uid] = asyncio.Lock()
        self._lock_users[uid] = self._lock_users.get(uid, 0) + 1
        return lock

    def _unlock(self, uid: str) -> None:
        n = self._lock_users.get(uid, 1) - 1
        if n <= 0:
            self._lock_users.pop(uid, None)
            self._locks.pop(uid, None)
        else:
            self._lock_users[uid] = n

    async def allowed(self, uid: str, ip: str) -> bool:
        ok = await self.ip_limit.allow(ip) and await self.user_limit.allow(uid)
        if not ok:
            self.stats["rate_limited"] += 1
        return ok

    async def submit(self, uid: str, *, text: str = "", payload: str | None = None, label: str | None = None,
                     phone: str | None = None, attachments: list[Attachment] | None = None,
                     client_id: str | None = None) -> list[WebMessage]:
        """One citizen message: stored, shown on the browser's other pages, handled by the core; the
        replies are stored and pushed. Returns every row written."""
        text = (text or "")[: MAX_TEXT + 1]
        shown = text  # what the citizen's own bubble says
        if payload:
            shown = (label or "")[:200]  # a pressed button: its label; none (the first visit's menu): no bubble
        elif phone:
            shown = phone[:32]
        elif label and text.startswith("/start "):
            shown = label[:200]  # a deep link (?dt=ID) opened the registration
        data: dict[str, Any] = {}
        if attachments:
            data["files"] = [a.file_name or a.kind for a in attachments]
        lock = self._lock(uid)
        try:
            async with lock:
                in_rows = await self.store_messages(uid, "in", [(shown, data)]) if shown or data else []
                self.publish(uid, in_rows)
                self._broadcast(uid, {"type": "typing", "on": True})
                inbound = Inbound(channel=CHANNEL, user_id=uid, text=text if not phone else "", payload=payload,
                                  contact_phone=phone[:32] if phone else None, attachments=list(attachments or []),
                                  update_id=f"{uid[:24]}:{client_id[:36]}" if client_id else None)
                try:
                    replies = await self.runner.handle(inbound)
                except Exception:
                    log.exception("web: the core failed on a message")
                    replies = [Outbound(self.t("error"))]
                mine = [r for r in replies if r.chat_id is None or str(r.chat_id) == uid]
                out_rows = await self.store_messages(uid, "out", [(r.text, outbound_data(r)) for r in mine]) \
                    if mine else []
                self.stats["messages"] += 1
                self._broadcast(uid, {"type": "typing", "on": False})
                self.publish(uid, out_rows)
                return in_rows + out_rows
        finally:
            self._unlock(uid)

    @staticmethod
    def _fields(data: dict[str, Any]) -> dict[str, Any]:
        def s(key: str, limit: int) -> str | None:
            v = data.get(key)
            return v[:limit] if isinstance(v, str) and v else None

        return {"text": s("text", MAX_TEXT + 1) or "", "payload": s("payload", 64), "label": s("label", 200),
                "phone": s("phone", 32), "client_id": s("client_id", 64)}

    # ------------------------------------------------------------------ WebSocket
    def _same_origin(self, request: web.Request) -> bool:
        origin = request.headers.get("Origin")
        if not origin:
            return False
        return urlparse(origin).netloc == request.host or origin.rstrip("/") == (self.settings.web_public_url or "").rstrip("/")

    async def websocket(self, request: web.Request) -> web.StreamResponse:
        uid = self._uid(request)
        if uid is None or not self._same_origin(request):
            raise web.HTTPForbidden(text="forbidden")
        ws = web.WebSocketResponse(heartbeat=30, max_msg_size=MAX_JSON)
        await ws.prepare(request)
        self.sockets[uid].add(ws)
        ip = self._ip(request)
        self.stats["ws_open"] += 1
        try:
            async for msg in ws:
                if msg.type != WSMsgType.TEXT:
                    continue
                try:
                    data = json.loads(msg.data)
                    if not isinstance(data, dict):
                        continue
                except ValueError:
                    continue
                kind = data.get("type")
                if kind == "hello":
                    after = data.get("after") if isinstance(data.get("after"), int) else 0
                    rows = await self.history(uid, max(0, after))
                    await ws.send_json({"type": "history", "messages": [message_json(r) for r in rows]})
                elif kind == "send":
                    if not await self.allowed(uid, ip):
                        await ws.send_json({"type": "error", "text": self.t("web_rate_limited")})
                        continue
                    await self.submit(uid, **self._fields(data))
        finally:
            self.sockets[uid].discard(ws)
            if not self.sockets[uid]:
                self.sockets.pop(uid, None)
        return ws

    # ------------------------------------------------------------------ long polling
    def _api_uid(self, request: web.Request, *, post: bool) -> str:
        uid = self._uid(request)
        if uid is None:
            raise web.HTTPUnauthorized(text="no session")
        if post and not self.identity.check_csrf(uid, request.headers.get("X-CSRF-Token")):
            raise web.HTTPForbidden(text="bad csrf token")
        return uid

    async def api_poll(self, request: web.Request) -> web.Response:
        uid = self._api_uid(request, post=False)
        try:
            after = max(0, int(request.query.get("after", "0")))
        except ValueError:
            after = 0
        rows = await self.history(uid, after)
        if not rows and after > 0:
            ev = asyncio.Event()
            self.waiters[uid].add(ev)
            try:
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(ev.wait(), POLL_TIMEOUT)
            finally:
                self.waiters[uid].discard(ev)
                if not self.waiters[uid]:
                    self.waiters.pop(uid, None)
            rows = await self.history(uid, after)
        return web.json_response({"messages": [message_json(r) for r in rows]})

    async def api_send(self, request: web.Request) -> web.Response:
        uid = self._api_uid(request, post=True)
        if (request.content_length or 0) > MAX_JSON:
            raise web.HTTPRequestEntityTooLarge(max_size=MAX_JSON, actual_size=request.content_length or 0)
        try:
            data = json.loads(await request.read())
        except ValueError:
            raise web.HTTPBadRequest(text="bad json") from None
        if not isinstance(data, dict):
            raise web.HTTPBadRequest(text="bad json")
        if not await self.allowed(uid, self._ip(request)):
            return web.json_response({"error": self.t("web_rate_limited")}, status=429)
        rows = await self.submit(uid, **self._fields(data))
        return web.json_response({"messages": [message_json(r) for r in rows]})

    async def api_upload(self, request: web.Request) -> web.Response:
        uid = self._api_uid(request, post=True)
        too_large = {"error": self.t("web_too_large", max_mb=f"{self.settings.web_max_upload_mb:g}")}
        if (request.content_length or 0) > self.max_upload + 64 * 1024:
            return web.json_response(too_large, status=413)
        if not await self.allowed(uid, self._ip(request)):
            return web.json_response({"error": self.t("web_rate_limited")}, status=429)
        reader = await request.multipart()
        fields: dict[str, str] = {}
        saved: Attachment | None = None
        async for part in reader:
            if part.name == "file" and saved is None:
                saved = await self._save_upload(part)
                if saved is None:
                    return web.json_response(too_large, status=413)
            elif part.name in ("caption", "client_id"):
                fields[part.name] = (await part.text())[:MAX_TEXT]
        if saved is None:
            raise web.HTTPBadRequest(text="no file")
        rows = await self.submit(uid, text=fields.get("caption", ""), attachments=[saved],
                                 client_id=fields.get("client_id"))
        return web.json_response({"messages": [message_json(r) for r in rows]})

    async def _save_upload(self, part: Any) -> Attachment | None:
        """Read the file in chunks (stop past the limit), check its first bytes, keep it in attachments_dir."""
        chunks: list[bytes] = []
        size = 0
        while True:
            chunk = await part.read_chunk(64 * 1024)
            if not chunk:
                break
            size += len(chunk)
            if size > self.max_upload:
                return None
            chunks.append(chunk)
        body = b"".join(chunks)
        kind = next((v for magic, v in UPLOAD_TYPES.items() if body.startswith(magic)), None)
        if kind is None or not body:
            return None
        mime, ext, att_kind = kind
        folder = Path(self.settings.attachments_dir) / "web" / datetime.now(UTC).strftime("%Y-%m")
        dest = folder / f"{secrets.token_urlsafe(12)}{ext}"

        def write() -> None:
            folder.mkdir(parents=True, exist_ok=True)
            dest.write_bytes(body)

        await asyncio.to_thread(write)
        name = _SAFE_NAME.sub("_", Path(part.filename or f"tep{ext}").name)[:100] or f"tep{ext}"
        path = str(dest.resolve())
        return Attachment(kind=att_kind, file_id=path, file_name=name, mime_type=mime, size=size, stored_path=path)

    # ------------------------------------------------------------------ serving
    async def start(self, host: str | None = None, port: int | None = None) -> web.AppRunner:
        await self.runner.start()
        runner = web.AppRunner(self.app, access_log=None)
        await runner.setup()
        site = web.TCPSite(runner, host or self.settings.web_host, self.settings.web_port if port is None else port)
        await site.start()
        return runner


def bound_port(runner: web.AppRunner) -> int:
    """The port a started server listens on (for port 0 in tests and benchmarks)."""
    for site in runner.sites:
        server = getattr(site, "_server", None)
        if server is not None and server.sockets:
            return int(server.sockets[0].getsockname()[1])
    raise RuntimeError("server not started")


async def run_web(channel: WebChannel, stop_event: asyncio.Event, *, on_ready: Any = None) -> None:
    runner = await channel.start()
    try:
        if on_ready is not None:
            on_ready(bound_port(runner))
        await stop_event.wait()
    finally:
        await runner.cleanup()
