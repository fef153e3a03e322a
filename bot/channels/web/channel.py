"""The web chat channel: the chat page ``/``, the embeddable widget, the public page ``/cong-khai``.

One aiohttp application (the one that also receives the Telegram webhook under ``pakn run --webhook``):

- ``GET /``: the chat page. The citizen is a random id in a signed, HttpOnly, SameSite cookie; a
  returning browser gets its history back (``storage.web``) and continues where it was.
- ``GET /ws``: WebSocket (same origin only). ``GET /api/poll`` + ``POST /api/send``: long polling, for
  networks that block WebSockets. ``POST /api/upload``: one attachment (size and type checked). A message
  with ``lat``/``lon`` (the "📍 Vị trí" button, the browser's geolocation) reaches the core as
  ``Inbound.location``.
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
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

from aiohttp import WSMsgType, web
from jinja2 import Environment, FileSystemLoader, select_autoescape

from bot.channels.base import ChannelBase
from bot.core.render import fmt_coords
from bot.core.runner import CoreRunner
from bot.core.types import Attachment, Inbound, Location, Outbound
from bot.delivery.base import Delivery, SendResult
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
    if out.request_location:
        data["request_location"] = True
    if out.attachments:
        data["files"] = [a.file_name or a.kind for a in out.attachments]
    return data


ACTIVE: list[WebChannel] = []  # the web channels serving pages in this process (pushed to at once)


class WebSender:
    """The outbox worker's sender for the web: store the message for the browser, and push it at once to
    that browser's open pages when the web server runs in this process (a server in another process
    finds it within ``PUMP_INTERVAL``)."""

    channel = CHANNEL
    supports_digest = False
    text_limit = 100_000  # long answers are shown whole

    def __init__(self, store: Store) -> None:
        self.store = store

    async def send(self, delivery: Delivery) -> SendResult:
        msg, recipient = delivery.msg, delivery.recipient

        def go() -> list[WebMessage]:
            with self.store.session() as s:
                return [web_repo.add(s, recipient, "out", msg.text, outbound_data(msg))]

        rows = await asyncio.to_thread(go)
        for web_channel in ACTIVE:
            web_channel.publish(recipient, rows)
        return SendResult.sent(str(rows[0].id))


def make_sender(settings: Any, store: Store) -> tuple[WebSender, Callable[[], Awaitable[None]]]:
    """The outbox worker's sender (``bot.channels.registry.build_senders``)."""

    async def close() -> None:
        return None

    return WebSender(store), close


class WebChannel(ChannelBase):
    name = CHANNEL
    text_limit = 100_000
    has_buttons = True

    def __init__(self, settings: Any, core: Any, store: Store, *, runner: CoreRunner | None = None,
                 own_runner: bool = True, t: Any = None, profile: Any = None) -> None:
        super().__init__(core, store, runner=runner, own_runner=own_runner)
        self.settings = settings
        self.profile = profile or getattr(core, "profile", None)
        self.t = t or core.t
        self.identity = Identity(load_key(settings))
        self.user_limit: RateLimiter = make_rate_limiter(settings, settings.web_messages_per_minute, "user")
        self.ip_limit: RateLimiter = make_rate_limiter(settings, settings.web_ip_messages_per_minute, "ip")
        self.max_upload = int(settings.web_max_upload_mb * 1024 * 1024)
        self.sender = WebSender(store)
        self.sockets: dict[str, set[web.WebSocketResponse]] = defaultdict(set)
        self.waiters: dict[str, set[asyncio.Event]] = defaultdict(set)
        self._last_seen = 0  # highest web_messages id pushed or looked at by the pump
        self._pump_task: asyncio.Task | None = None
        self.jinja = Environment(loader=FileSystemLoader(HERE / "templates"),
                                 autoescape=select_autoescape(default=True, default_for_string=True))

    # ------------------------------------------------------------------ application
    ROUTES = (("GET", "/", "page_chat"), ("GET", "/cong-khai", "page_public"), ("GET", "/widget.js", "widget_js"),
              ("GET", "/healthz", "healthz"), ("GET", "/ws", "websocket"), ("GET", "/api/poll", "api_poll"),
              ("POST", "/api/send", "api_send"), ("POST", "/api/upload", "api_upload"))

    def mount(self, http: Any) -> None:
        """Add the pages, the API and the static files to the process's HTTP server
        (``bot.channels.base.HttpServer``), before it starts."""
        for method, path, handler in self.ROUTES:
            http.add_route(method, path, getattr(self, handler))
        self._mount_rest(http.app)

    def _mount_rest(self, app: web.Application) -> None:
        app.router.add_static("/static/", HERE / "static", append_version=False)
        app.on_response_prepare.append(self._security_headers)
        app.on_startup.append(self._on_startup)
        app.on_cleanup.append(self._on_cleanup)
        ACTIVE.append(self)

    def make_app(self) -> web.Application:
        """An application of its own (tests, benchmarks); ``pakn run`` uses :meth:`mount`."""
        app = web.Application()
        for method, path, handler in self.ROUTES:
            app.router.add_route(method, path, getattr(self, handler))
        self._mount_rest(app)
        return app

    async def _on_startup(self, app: web.Application) -> None:
        self._last_seen = await asyncio.to_thread(self._latest_id)
        self._pump_task = asyncio.create_task(self._pump())

    async def _on_cleanup(self, app: web.Application) -> None:
        if self in ACTIVE:
            ACTIVE.remove(self)
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

    async def _security_headers(self, request: web.Request, resp: web.StreamResponse) -> None:
        if isinstance(resp, web.WebSocketResponse):
            return
        h = resp.headers
        h.setdefault("Content-Security-Policy",
                     "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
                     "connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; "
                     f"form-action 'self'; frame-ancestors {self._frame_ancestors()}")
        h.setdefault("X-Content-Type-Options", "nosniff")
        h.setdefault("Referrer-Policy", "no-referrer")
        # geolocation: the "📍 Vị trí" button (this origin only; an embedding site delegates it with allow=)
        h.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=(self)")
        if request.path.startswith("/api/"):
            h.setdefault("Cache-Control", "no-store")

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
        items = [] if new else await asyncio.to_thread(self._items, uid)
        html = self.render("chat.html", csrf=self.identity.csrf(uid), embed=request.query.get("embed") == "1",
                           items=items,
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
    def _items(self, uid: str) -> list[dict[str, str]]:
        """The browser's own items (a returning citizen sees them at once), newest first."""
        from storage import citizens, petitions

        with self.store.session() as s:
            c = citizens.get(s, CHANNEL, uid)
            rows = petitions.for_citizen(s, c.id, limit=10) if c is not None and c.id else []
            return [{"code": p.code, "kind": self.profile.kind(p.kind).name, "status": self.t(f"status_{p.status}")}
                    for p in rows]

    def _latest_id(self) -> int:
        with self.store.session() as s:
            return web_repo.latest_id(s)

    async def store_messages(self, uid: str, direction: str, items: list[tuple[str, dict[str, Any]]]) -> list[WebMessage]:
        def go() -> list[WebMessage]:
            with self.store.session() as s:
                return [web_repo.add(s, uid, direction, text, data) for text, data in items]

        return await asyncio.to_thread(go)

    async def store_exchange(self, uid: str, items: list[tuple[str, str, dict[str, Any]]]) -> list[WebMessage]:
        if not items:
            return []

        def go() -> list[WebMessage]:
            with self.store.session() as s:
                return [web_repo.add(s, uid, direction, text, data) for direction, text, data in items]

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
    async def typing(self, chat: Any) -> None:
        """The base calls this when the core takes longer than ``typing_delay`` (``chat`` = the browser id)."""
        self._broadcast(chat, {"type": "typing", "on": True})

    async def allowed(self, uid: str, ip: str) -> bool:
        ok = await self.ip_limit.allow(ip) and await self.user_limit.allow(uid)
        if not ok:
            self.count("rate_limited")
        return ok

    async def submit(self, uid: str, *, text: str = "", payload: str | None = None, label: str | None = None,
                     phone: str | None = None, attachments: list[Attachment] | None = None,
                     client_id: str | None = None, location: Location | None = None) -> list[WebMessage]:
        """One citizen message: stored, shown on the browser's other pages, handled by the core; the
        replies are stored and pushed. Returns every row written. ``location``: the browser's position,
        shared with the "📍 Vị trí" button."""
        text = (text or "")[: MAX_TEXT + 1]
        shown = text  # what the citizen's own bubble says
        if location is not None:
            text, payload, phone = "", None, None
            shown = self.t("web_location_sent", coords=fmt_coords(location.latitude, location.longitude))
        elif payload:
            shown = (label or "")[:200]  # a pressed button: its label; none (the first visit's menu): no bubble
        elif phone:
            shown = phone[:32]
        elif label and text.startswith("/start "):
            shown = label[:200]  # a deep link (?dt=ID) opened the registration
        data: dict[str, Any] = {}
        if attachments:
            data["files"] = [a.file_name or a.kind for a in attachments]
        async with self.order.hold(uid):  # one message of a browser at a time, in order
            inbound = Inbound(channel=CHANNEL, user_id=uid, text=text if not phone else "", payload=payload,
                              contact_phone=phone[:32] if phone else None, attachments=list(attachments or []),
                              update_id=f"{uid[:24]}:{client_id[:36]}" if client_id else None, location=location)
            self.count("updates")
            try:
                replies = await self.call_core(inbound, chat=uid, slow=bool(attachments))
            except Exception:
                log.exception("web: the core failed on a message")
                replies = [Outbound(self.t("error"))]
            mine = [r for r in replies if r.chat_id is None or str(r.chat_id) == uid]
            # the citizen's message and the replies in one transaction (the page shows the citizen's own
            # text at once; other open pages of the browser get both now)
            items = ([("in", shown, data)] if shown or data else []) + [("out", r.text, outbound_data(r)) for r in mine]
            rows = await self.store_exchange(uid, items)
            self.count("replies", len(mine))
            self._broadcast(uid, {"type": "typing", "on": False})
            self.publish(uid, rows)
            return rows

    @staticmethod
    def _fields(data: dict[str, Any]) -> dict[str, Any]:
        def s(key: str, limit: int) -> str | None:
            v = data.get(key)
            return v[:limit] if isinstance(v, str) and v else None

        return {"text": s("text", MAX_TEXT + 1) or "", "payload": s("payload", 64), "label": s("label", 200),
                "phone": s("phone", 32), "client_id": s("client_id", 64),
                "location": Location.parse(data["lat"], data["lon"]) if "lat" in data and "lon" in data else None}

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
        self.count("ws_open")
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
        """Serve on an application of its own (tests, benchmarks); ``pakn run`` mounts on its server."""
        await self.runner.start()
        runner = web.AppRunner(self.make_app(), access_log=None)
        await runner.setup()
        site = web.TCPSite(runner, host or self.settings.web_host, self.settings.web_port if port is None else port)
        await site.start()
        return runner

    async def close(self) -> None:
        await self.close_base()


def bound_port(runner: web.AppRunner) -> int:
    """The port a started server listens on (for port 0 in tests and benchmarks)."""
    for site in runner.sites:
        server = getattr(site, "_server", None)
        if server is not None and server.sockets:
            return int(server.sockets[0].getsockname()[1])
    raise RuntimeError("server not started")


class WebRuntime:
    """``pakn run``'s web chat: pages and API on the process's one HTTP server (PAKN_WEB_HOST:PORT)."""

    name = CHANNEL

    def __init__(self, ctx: Any) -> None:
        self.ctx = ctx
        self.channel: WebChannel | None = None

    async def setup(self) -> None:
        ctx = self.ctx
        self.channel = WebChannel(ctx.settings, ctx.core, ctx.store, runner=ctx.runner, own_runner=ctx.runner is None)
        self.channel.mount(ctx.http)
        await self.channel.runner.start()

    async def run(self) -> None:
        await self.ctx.stop.wait()

    async def close(self) -> None:
        if self.channel is not None:
            await self.channel.close()


def make_runtime(ctx: Any) -> WebRuntime:
    return WebRuntime(ctx)
