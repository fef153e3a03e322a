"""Zalo channel (Zalo Bot Platform API), on the channel base shared with Telegram.

The API looks like Telegram's: ``POST {PAKN_ZALO_API_URL}/bot{token}/{method}`` with a JSON body,
answered ``{"ok": true, "result": ...}`` or ``{"ok": false, "error_code": ..., "description": ...}``.
Methods used: getMe, getUpdates, setWebhook, deleteWebhook, getWebhookInfo, sendMessage, sendPhoto,
sendSticker, sendChatAction. The client is our own thin aiohttp client (:class:`ZaloApi`; see the
README, "Zalo", for why not ``python-zalo-bot``).

What differs from Telegram, and how it is handled here:

* **Updates.** ``getUpdates`` returns one event, not a list, and has no offset: each event's
  ``message_id`` travels as ``Inbound.update_id`` and the core records it in the message's own
  transaction (``processed_updates``), so a redelivered event does nothing twice. An idle long poll
  answers HTTP 408: normal, poll again. ``getUpdates`` does not work while a webhook is set: polling
  starts with ``deleteWebhook``.
* **Webhook.** ``POST`` bodies carry ``event_name`` and ``message``; the secret arrives in
  ``X-Bot-Api-Secret-Token`` and is compared in constant time (wrong or missing: 401, nothing done).
  The route lives on the process's one HTTP server (``pakn run --webhook``), on the path of
  ``PAKN_ZALO_WEBHOOK_URL``.
* **Events.** ``message.text.received`` → the core; ``message.image.received`` → the core with the
  photo URL as an attachment, downloaded **after** the core's transaction committed (the core records
  where it will be kept: ``bot.channels.fetchers.ZaloFileFetcher``); ``message.sticker.received`` → the
  core with ``Inbound.sticker`` (it answers at whatever step the conversation is);
  ``message.unsupported.received`` → a polite answer from the catalog. Never silence. The Bot API has
  no location event (its events are these four), so a shared location is "unsupported": the citizen
  types the place instead.
* **Text** is at most 2,000 characters: split at paragraphs (``bot.channels.base.split_text``).
* **No buttons**: the core's choices are numbered; the citizen answers with the number or the option's
  words (the core maps both back to the choice).
* **Monthly quota** (``PAKN_ZALO_MONTHLY_QUOTA``): every outbound message is counted in the database
  (``storage.quota``) per month; admins are warned once at 80 %; broadcasts stop when the quota is spent
  (the row is marked not sent and the broadcast report says how many); replies and notices to citizens
  are never held back.
* **Staff.** Cards of items filed on Zalo go to the Telegram staff group as usual (the registry's one
  rule for staff chats); answers reach the citizen on Zalo through the outbox (rows carry the channel);
  a staff member added with ``pakn staff add --channel zalo`` uses the command set in a private chat.

The token is never logged: errors never carry the request URL, and the registry's secrets are
redacted from every log record.
"""

from __future__ import annotations

import asyncio
import contextlib
import hmac
import logging
import secrets
from collections.abc import Awaitable, Callable
from datetime import datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import aiohttp
from aiohttp import web

from bot.channels.base import TYPING_DELAY, ChannelBase, HttpServer, bot_id_of, render_texts
from bot.channels.fetchers import ZaloFileFetcher, zalo_photo_path
from bot.config import Settings
from bot.core.runner import CoreRunner
from bot.core.types import Attachment, Inbound, Outbound
from bot.delivery.base import Delivery, SendResult
from storage import Store, conversations, outbox, quota, updates, utcnow
from storage import staff as staff_repo

log = logging.getLogger(__name__)

CHANNEL = "zalo"
TEXT_LIMIT = 2000
SECRET_HEADER = "X-Bot-Api-Secret-Token"
POLL_TIMEOUT = 30  # seconds the server holds an idle getUpdates (then HTTP 408)
REPLY_ATTEMPTS = 4
EVENTS = ("message.text.received", "message.image.received", "message.sticker.received",
          "message.unsupported.received")


# ============================================================================ the API client
class ZaloApiError(Exception):
    """An answer other than ``ok``. Never carries the token (nor the request URL)."""

    def __init__(self, status: int, description: str, *, error_code: int | None = None,
                 retry_after: float | None = None) -> None:
        super().__init__(f"{status} {description}")
        self.status = status
        self.description = description
        self.error_code = error_code
        self.retry_after = retry_after


class ZaloNetworkError(ConnectionError):
    """The server could not be reached or answered garbage; the message never contains the token."""


class ZaloApi:
    """A thin aiohttp client: one pooled session, one JSON POST per method."""

    def __init__(self, settings: Settings, *, session: aiohttp.ClientSession | None = None,
                 timeout: float = 30.0) -> None:
        if not settings.zalo_token:
            raise ValueError("PAKN_ZALO_TOKEN is not set")
        self.token = settings.zalo_token.get_secret_value()
        self.base = settings.zalo_api_url.rstrip("/")
        self.timeout = timeout
        self._session = session
        self.calls = 0

    @property
    def session(self) -> aiohttp.ClientSession:
        if self._session is None or self._session.closed:
            self._session = aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=100))
        return self._session

    def safe(self, text: str) -> str:
        return text.replace(self.token, "***")[:500] if self.token else text[:500]

    async def call(self, method: str, payload: dict[str, Any] | None = None, *, timeout: float | None = None) -> Any:
        url = f"{self.base}/bot{self.token}/{method}"
        self.calls += 1
        try:
            async with self.session.post(url, json=payload or {},
                                         timeout=aiohttp.ClientTimeout(total=timeout or self.timeout)) as r:
                status = r.status
                retry_header = r.headers.get("Retry-After")
                try:
                    body = await r.json(content_type=None)
                except ValueError:
                    body = None
        except (aiohttp.ClientError, TimeoutError) as e:
            raise ZaloNetworkError(f"{method}: {type(e).__name__}") from None
        if isinstance(body, dict) and body.get("ok") and status < 400:
            return body.get("result")
        if not isinstance(body, dict):
            raise ZaloApiError(status, "non-JSON answer")
        params = body.get("parameters") or {}
        retry = params.get("retry_after") if isinstance(params, dict) else None
        if retry is None and retry_header and retry_header.replace(".", "", 1).isdigit():
            retry = float(retry_header)
        code = body.get("error_code")
        raise ZaloApiError(int(code) if status < 400 and isinstance(code, int) else status,
                           self.safe(str(body.get("description") or "error")),
                           error_code=code if isinstance(code, int) else None,
                           retry_after=float(retry) if retry is not None else None)

    # -------------------------------------------------------------- methods
    async def get_me(self) -> dict[str, Any]:
        return await self.call("getMe")

    async def get_updates(self, timeout: int = POLL_TIMEOUT) -> dict[str, Any] | None:
        """One event, or None (the server answered 408: nothing happened within ``timeout``)."""
        try:
            return await self.call("getUpdates", {"timeout": str(timeout)}, timeout=timeout + 10)
        except ZaloApiError as e:
            if e.status == 408:
                return None
            raise

    async def set_webhook(self, url: str, secret_token: str) -> Any:
        return await self.call("setWebhook", {"url": url, "secret_token": secret_token})

    async def delete_webhook(self) -> Any:
        return await self.call("deleteWebhook")

    async def get_webhook_info(self) -> dict[str, Any]:
        return await self.call("getWebhookInfo")

    async def send_message(self, chat_id: str, text: str) -> dict[str, Any]:
        return await self.call("sendMessage", {"chat_id": chat_id, "text": text})

    async def send_photo(self, chat_id: str, photo: str, caption: str | None = None) -> dict[str, Any]:
        payload = {"chat_id": chat_id, "photo": photo}
        if caption:
            payload["caption"] = caption
        return await self.call("sendPhoto", payload)

    async def send_sticker(self, chat_id: str, sticker: str) -> dict[str, Any]:
        return await self.call("sendSticker", {"chat_id": chat_id, "sticker": sticker})

    async def send_chat_action(self, chat_id: str, action: str = "typing") -> Any:
        return await self.call("sendChatAction", {"chat_id": chat_id, "action": action})

    async def download(self, url: str, dest: Path) -> Path:
        """A photo of an event (a plain HTTPS URL, no token) into ``dest``."""
        if dest.exists():
            return dest
        dest.parent.mkdir(parents=True, exist_ok=True)
        tmp = dest.with_suffix(f"{dest.suffix}.part")
        try:
            async with self.session.get(url, timeout=aiohttp.ClientTimeout(total=120)) as r:
                r.raise_for_status()
                with tmp.open("wb") as f:
                    async for chunk in r.content.iter_chunked(1 << 16):
                        f.write(chunk)
        except (aiohttp.ClientError, TimeoutError) as e:
            tmp.unlink(missing_ok=True)
            raise ZaloNetworkError(f"photo download: {type(e).__name__}") from None
        tmp.replace(dest)
        return dest

    async def close(self) -> None:
        if self._session is not None and not self._session.closed:
            await self._session.close()


# ============================================================================ the monthly quota
class ZaloQuota:
    """Outbound messages counted per calendar month (the agency's time zone) in the database."""

    def __init__(self, store: Store, settings: Settings, t: Callable[..., str] | None = None) -> None:
        self.store = store
        self.limit = settings.zalo_monthly_quota
        self.warn_ratio = settings.zalo_quota_warn_ratio
        self.settings = settings
        self._t = t

    @property
    def t(self) -> Callable[..., str]:
        if self._t is None:
            from bot.core.texts import Catalog
            from bot.profile import load_profile

            self._t = Catalog(load_profile(self.settings.profile))
        return self._t

    def month(self, now: datetime | None = None) -> str:
        """The agency's month (the profile's time zone, as every local date: ``bot.core.render.local``)."""
        from bot.core.render import local

        return local(now or utcnow()).strftime("%Y-%m")

    def remaining(self) -> int | None:
        if not self.limit:
            return None
        with self.store.session() as s:
            return max(0, self.limit - quota.used(s, CHANNEL, self.month()))

    def record(self, n: int) -> int:
        """Count ``n`` messages sent; the first time the month passes the warning share, the admins are
        told (in the same transaction). Returns the month's total. Without a quota nothing is counted
        (no database write per message)."""
        if n <= 0 or not self.limit:
            return 0
        month = self.month()
        with self.store.session() as s:
            total = quota.add(s, CHANNEL, month, n)
            if self.limit and total >= self.warn_ratio * self.limit and quota.claim_warning(s, CHANNEL, month):
                self._warn(s, total, month)
        return total

    def _warn(self, s: Any, used: int, month: str) -> None:
        from bot.channels.registry import staff_destinations

        y, m = month.split("-")
        text = self.t("zalo_quota_warning", used=used, quota=self.limit, month=f"{m}/{y}",
                      percent=round(100 * used / max(1, self.limit or 1)))
        admins = [(st.channel, st.channel_user_id) for st in staff_repo.list_active(s) if st.role == "admin"]
        for channel, chat in admins or staff_destinations(self.settings):
            outbox.enqueue(s, channel=channel, recipient=chat, purpose="staff", ref=f"QUOTA-{CHANNEL}-{month}",
                           payload=Outbound(text=text).to_payload())
        log.warning("Zalo: %d of %d messages of the month used: admins warned", used, self.limit)


# ============================================================================ rendering and sending
def _error_result(e: ZaloApiError) -> SendResult:
    if e.status == 429:
        return SendResult(ok=False, retry_after=e.retry_after or 1.0, error=f"429 {e.description}")
    if e.status == 403:
        return SendResult(ok=False, blocked=True, error=f"403 {e.description}")
    if e.status in (400, 404, 413):
        return SendResult(ok=False, permanent=True, error=f"{e.status} {e.description}")
    raise ZaloNetworkError(f"{e.status} {e.description}")


class ZaloRenderer:
    """Outbound → the texts and photos of Zalo messages (no buttons, no edits)."""

    def __init__(self, t: Callable[..., str] | None = None) -> None:
        self.t = t

    def _text(self, key: str, default: str) -> str:
        if self.t is None:
            return default
        with contextlib.suppress(Exception):
            text = self.t(key)
            if text != key:
                return text
        return default

    def texts(self, msg: Outbound) -> list[str]:
        hint = self._text("zalo_choices_hint", "(Ông/Bà trả lời bằng số thứ tự hoặc gõ nội dung lựa chọn)")
        out = msg
        if msg.request_phone:
            out = Outbound(text=f"{msg.text}\n{self._text('zalo_phone_hint', '(Ông/Bà gõ số điện thoại vào ô tin nhắn.)')}",
                           buttons=msg.buttons)
        elif msg.request_location:  # the Bot API receives no shared location: the place is typed
            hint = self._text("zalo_location_hint", "(Ông/Bà gõ địa chỉ, tên thôn, xã nơi xảy ra sự việc.)")
            out = Outbound(text=f"{msg.text}\n{hint}", buttons=msg.buttons)
        return render_texts(out, limit=TEXT_LIMIT, buttons=False, choices_hint=hint)  # an edit is a new message

    @staticmethod
    def photos(msg: Outbound) -> list[str]:
        return [a.file_id for a in msg.attachments if a.kind == "photo" and a.file_id.startswith(("http://", "https://"))]

    @staticmethod
    def unsendable(msg: Outbound) -> list[str]:
        """Files Zalo cannot take by URL (local files, documents): named in the text instead."""
        return [a.file_name or Path(a.stored_path or a.file_id).name for a in msg.attachments
                if not (a.kind == "photo" and a.file_id.startswith(("http://", "https://")))]


async def send_outbound(api: ZaloApi, renderer: ZaloRenderer, chat_id: str, msg: Outbound) -> int:
    """Photos first, then the text in pieces. Returns the number of messages sent."""
    n = 0
    for url in renderer.photos(msg):
        await api.send_photo(chat_id, url)
        n += 1
    texts = renderer.texts(msg)
    files = renderer.unsendable(msg)
    if files:
        texts.append("📎 " + ", ".join(files))
    for piece in texts:
        await api.send_message(chat_id, piece)
        n += 1
    return n


class ZaloSender:
    """``Sender`` for the outbox worker (see bot/delivery/base.py)."""

    channel = CHANNEL
    supports_digest = False
    text_limit = TEXT_LIMIT

    def __init__(self, api: ZaloApi, store: Store, settings: Settings, *, quota_: ZaloQuota | None = None,
                 renderer: ZaloRenderer | None = None) -> None:
        self.api = api
        self.store = store
        self.settings = settings
        self.quota = quota_ or ZaloQuota(store, settings)
        self.renderer = renderer or ZaloRenderer(self.quota.t)
        self.stats = {"sent": 0, "quota_held": 0}

    async def send(self, delivery: Delivery) -> SendResult:
        msg = delivery.msg
        if delivery.purpose == "digest" and delivery.items:
            lines = [f"• {(m.text or m.ref or '').strip().splitlines()[0][:200]}" for m in delivery.items if m.text or m.ref]
            msg = Outbound(text="\n".join(lines))
        if delivery.purpose == "broadcast" and self.quota.limit:
            needed = len(self.renderer.texts(msg)) + len(self.renderer.photos(msg))
            left = await asyncio.to_thread(self.quota.remaining)
            if left is not None and left < needed:
                self.stats["quota_held"] += 1
                return SendResult(ok=False, quota=True, error="quota: Zalo monthly message quota spent (not sent)")
        sent = 0
        try:
            sent = await send_outbound(self.api, self.renderer, delivery.recipient, msg)
        except ZaloApiError as e:
            return _error_result(e)
        finally:
            if sent and self.quota.limit:
                await asyncio.to_thread(self.quota.record, sent)
        if msg.buttons:  # the numbers shown now mean these options (e.g. rating an answer)
            await asyncio.to_thread(self._remember_choices, delivery.recipient, msg)
        self.stats["sent"] += 1
        return SendResult.sent()

    def _remember_choices(self, recipient: str, msg: Outbound) -> None:
        with self.store.session() as s:
            conversations.remember_choices(s, CHANNEL, recipient, [[b.text, b.payload] for row in msg.buttons
                                                                   for b in row])


# ============================================================================ the channel
def _event_of(body: Any) -> dict[str, Any] | None:
    """An event from a getUpdates result or a webhook body (both shapes are accepted)."""
    if isinstance(body, dict) and "result" in body and "event_name" not in body:
        body = body.get("result")
    if isinstance(body, list):  # defensive: a list of events
        body = body[0] if body else None
    if not isinstance(body, dict) or not body.get("event_name"):
        return None
    return body


class ZaloChannel(ChannelBase):
    name = CHANNEL
    text_limit = TEXT_LIMIT
    has_buttons = False

    def __init__(self, settings: Settings, core: Any, store: Store, *, api: ZaloApi | None = None,
                 runner: CoreRunner | None = None, own_runner: bool = True, core_threads: int | None = None,
                 typing_delay: float = TYPING_DELAY, poll_timeout: int = POLL_TIMEOUT) -> None:
        self.settings = settings
        self._fetcher = ZaloFileFetcher(settings)
        super().__init__(core, store, runner=runner, own_runner=own_runner, core_threads=core_threads,
                         typing_delay=typing_delay)
        self.api = api or ZaloApi(settings)
        t = getattr(core, "t", None)
        self.quota = ZaloQuota(store, settings, t)
        self.renderer = ZaloRenderer(t)
        self.sender = ZaloSender(self.api, store, settings, quota_=self.quota, renderer=self.renderer)
        self.poll_timeout = poll_timeout
        token = settings.zalo_token.get_secret_value() if settings.zalo_token else None
        self.bot_id = bot_id_of(token)  # event ids are recorded per bot, like Telegram's update ids
        self.stats.update({"events": 0, "stickers": 0, "unsupported": 0, "polls_idle": 0, "webhook_refused": 0,
                           "photos_stored": 0})

    # -------------------------------------------------------------- inbound
    def submit(self, event: dict[str, Any]) -> asyncio.Task | None:
        """Handle one event in the background, after the earlier events of the same user."""
        msg = event.get("message") or {}
        sender = msg.get("from") or {}
        uid = str(sender.get("id") or "")
        if not uid or sender.get("is_bot"):
            return None
        self.stats["events"] += 1
        lock = self.order.acquire_ref(uid)  # before the first await: the user's events keep their order

        async def go() -> None:
            try:
                async with lock:
                    await self.handle_event(event)
            except Exception:
                log.exception("Zalo event %s failed", event.get("event_name"))
            finally:
                self.order.release_ref(uid)

        return self.spawn(go())

    async def handle_event(self, event: dict[str, Any]) -> None:
        self._loop = asyncio.get_running_loop()
        name = str(event.get("event_name") or "")
        msg = event.get("message") or {}
        sender = msg.get("from") or {}
        chat = msg.get("chat") or {}
        uid = str(sender.get("id"))
        chat_id = str(chat.get("id") or uid)
        private = str(chat.get("chat_type") or "PRIVATE").upper() == "PRIVATE" or chat_id == uid
        mid = f"{self.bot_id}:{msg['message_id']}" if msg.get("message_id") else None
        display = sender.get("display_name") or sender.get("name")
        sticker = name == "message.sticker.received"
        if (sticker or name not in EVENTS or name == "message.unsupported.received") and not private:
            return  # a sticker in a group is not addressed to the bot
        if name == "message.unsupported.received" or name not in EVENTS:
            # what the Bot API does not describe (a shared location arrives so: the API has no location event)
            if mid is not None and not await asyncio.to_thread(self._first_time, mid):
                self.count("duplicates")
                return
            self.stats["unsupported"] += 1
            await self.reply(chat_id, Outbound(self.renderer._text(
                "zalo_unsupported", "Xin lỗi Ông/Bà, hệ thống chưa đọc được loại tin nhắn này. Xin Ông/Bà gửi nội dung "
                                    "bằng chữ hoặc hình ảnh; gõ “menu” để xem các mục.")))
            return
        if sticker:  # the core answers it (Inbound.sticker), at whatever step the conversation is
            self.stats["stickers"] += 1
        text = "" if sticker else str(msg.get("text") or msg.get("caption") or "")
        attachments: list[Attachment] = []
        photo = msg.get("photo_url") or msg.get("photo")
        if name == "message.image.received" and isinstance(photo, str) and photo:
            attachments.append(Attachment(kind="photo", file_id=photo, mime_type="image/jpeg",
                                          file_name=zalo_photo_path(self.settings, photo).name))
        inbound = Inbound(channel=CHANNEL, user_id=uid, text=text, attachments=attachments,
                          chat_id=None if private else chat_id, display_name=display, update_id=mid, sticker=sticker)
        replies = await self.call_core(inbound, chat=chat_id, slow=bool(attachments))
        for att in attachments:  # the core's transaction has committed: now the file is fetched
            self.spawn(self._store_photo(att.file_id))
        deferred: list[tuple[str, Outbound]] = []
        for out in replies:
            dest = chat_id if out.chat_id is None else str(out.chat_id)
            # behind what waits in the outbox (order kept), or not sendable now: the outbox worker delivers it
            if deferred or await self.must_defer(dest) or await self.reply(dest, out) is None:
                deferred.append((dest, out))
        if deferred:
            await self.defer_replies(deferred, "Zalo did not take them now")

    def _first_time(self, mid: str) -> bool:
        with self.store.session() as s:
            return updates.mark_processed(s, CHANNEL, mid)

    async def _store_photo(self, url: str) -> None:
        try:
            await self.api.download(url, zalo_photo_path(self.settings, url))
            self.count("photos_stored")
            self.count("downloads")
        except Exception as e:  # the URL stays in the item: staff can still open it
            log.warning("Zalo photo not stored: %s", self.api.safe(str(e)))

    def fetch_attachment(self, att: Attachment) -> str | None:
        """The core's fetcher: only where the photo is kept (downloaded after the commit)."""
        return self._fetcher(att)

    async def typing(self, chat: Any) -> None:
        await self.api.send_chat_action(str(chat), "typing")

    async def reply(self, chat_id: str, out: Outbound) -> int | None:
        """A direct answer: honours a short 429 retry_after and retries network errors; never held by the quota.
        Returns the messages sent (0: it can never be sent); **None** when it cannot be sent *now*: the caller
        puts it in the outbox (:meth:`defer_replies`)."""
        delay = 0.5
        for attempt in range(1, REPLY_ATTEMPTS + 1):
            sent = 0
            try:
                sent = await send_outbound(self.api, self.renderer, chat_id, out)
                self.count("replies")
                return sent
            except ZaloApiError as e:
                if e.status == 429:
                    if attempt < REPLY_ATTEMPTS and (e.retry_after or 1.0) <= 10 and not self.draining:
                        await asyncio.sleep(e.retry_after or 1.0)
                        continue
                    return None
                if e.status >= 500:
                    if attempt < REPLY_ATTEMPTS and not self.past_deadline():
                        await asyncio.sleep(delay)
                        delay *= 2
                        continue
                    log.warning("Zalo reply not sent now: %s", self.api.safe(str(e)))
                    return None
                log.warning("Zalo reply not sent: %s", self.api.safe(str(e)))
                break
            except ZaloNetworkError as e:
                if attempt == REPLY_ATTEMPTS or self.past_deadline():
                    log.warning("Zalo reply not sent now: %s", self.api.safe(str(e)))
                    return None
                await asyncio.sleep(delay)
                delay *= 2
            finally:
                if sent and self.quota.limit:
                    await asyncio.to_thread(self.quota.record, sent)
        self.count("reply_errors")
        return 0

    # -------------------------------------------------------------- polling
    async def poll(self, stop: asyncio.Event) -> None:
        """Long polling until ``stop``: one event per answer; 408 = nothing new (normal)."""
        with contextlib.suppress(ZaloApiError, ZaloNetworkError):
            await self.api.delete_webhook()  # getUpdates does not work while a webhook is set
        backoff = 1.0
        stopper = asyncio.ensure_future(stop.wait())
        try:
            while not stop.is_set():
                poll = asyncio.ensure_future(self.api.get_updates(self.poll_timeout))
                done, _ = await asyncio.wait({poll, stopper}, return_when=asyncio.FIRST_COMPLETED)
                if poll not in done:
                    poll.cancel()
                    with contextlib.suppress(asyncio.CancelledError, Exception):
                        await poll
                    break
                try:
                    result = poll.result()
                except ZaloApiError as e:
                    if e.status == 409 or "webhook" in e.description.lower():
                        log.warning("Zalo: a webhook is set; deleting it to poll")
                        with contextlib.suppress(ZaloApiError, ZaloNetworkError):
                            await self.api.delete_webhook()
                    else:
                        log.warning("Zalo getUpdates failed: %s", e)
                    await self._sleep(stop, backoff)
                    backoff = min(backoff * 2, 30.0)
                    continue
                except ZaloNetworkError as e:
                    log.warning("Zalo getUpdates failed: %s", e)
                    await self._sleep(stop, backoff)
                    backoff = min(backoff * 2, 30.0)
                    continue
                backoff = 1.0
                event = _event_of(result)
                if event is None:
                    self.stats["polls_idle"] += 1
                    continue
                self.submit(event)
        finally:
            stopper.cancel()

    @staticmethod
    async def _sleep(stop: asyncio.Event, seconds: float) -> None:
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(stop.wait(), seconds)

    # -------------------------------------------------------------- webhook
    def webhook_handler(self, secret: str) -> Callable[[web.Request], Awaitable[web.Response]]:
        expected = secret.encode()

        async def handle(request: web.Request) -> web.Response:
            given = request.headers.get(SECRET_HEADER, "").encode()
            if not given or not hmac.compare_digest(given, expected):
                self.stats["webhook_refused"] += 1
                return web.json_response({"ok": False, "description": "Unauthorized"}, status=401)
            try:
                body = await request.json()
            except ValueError:
                return web.json_response({"ok": False, "description": "Bad Request"}, status=400)
            event = _event_of(body)
            if event is not None:
                self.submit(event)
            return web.json_response({"ok": True})

        return handle

    async def drain(self, grace: float | None = None) -> bool:
        """Wait for the events in hand (tests, shutdown). ``grace`` (shutdown): once it has passed, replies still
        waiting go to the outbox instead of being retried."""
        if grace is not None and not self.draining:
            self.draining = True
            self._drain_deadline = asyncio.get_running_loop().time() + grace
        while self._background:
            await asyncio.gather(*list(self._background), return_exceptions=True)
        return True

    async def close(self) -> None:
        grace = float(getattr(self.settings, "shutdown_grace", 8.0))
        with contextlib.suppress(Exception):
            await asyncio.wait_for(self.drain(grace), grace + 5)
        await self.close_base()
        await self.api.close()


# ============================================================================ running
def webhook_path(settings: Settings) -> str:
    if settings.zalo_webhook_url:
        path = urlparse(settings.zalo_webhook_url).path
        if path and path != "/":
            return path
    return "/zalo/webhook"


def webhook_secret(settings: Settings) -> str:
    return (settings.zalo_webhook_secret.get_secret_value() if settings.zalo_webhook_secret
            else secrets.token_urlsafe(32))


def add_webhook_route(channel: ZaloChannel, http: HttpServer, *, secret: str) -> str:
    path = webhook_path(channel.settings)
    http.add_route("POST", path, channel.webhook_handler(secret))
    return path


async def run_zalo(settings: Settings, core: Any, store: Store, *, webhook: bool, stop_event: asyncio.Event,
                   channel: ZaloChannel | None = None, runner: CoreRunner | None = None,
                   http: HttpServer | None = None, secret: str | None = None) -> None:
    """Polling, or (``webhook`` and ``PAKN_ZALO_WEBHOOK_URL``) setWebhook with the route served by ``http``
    (already added with ``secret``; without ``http`` a server of its own is started here)."""
    channel = channel or ZaloChannel(settings, core, store, runner=runner)
    own_http = None
    try:
        await channel.runner.start()
        with contextlib.suppress(ZaloApiError, ZaloNetworkError):
            me = await channel.api.get_me()
            log.info("Zalo bot %s ready", (me or {}).get("account_name") or (me or {}).get("id") or "")
        if webhook and settings.zalo_webhook_url:
            if http is None or secret is None:
                from bot.channels.base import http_address

                secret = secret or webhook_secret(settings)
                own_http = HttpServer()
                add_webhook_route(channel, own_http, secret=secret)
                await own_http.start(*http_address(settings))
            await channel.api.set_webhook(settings.zalo_webhook_url, secret)
            await stop_event.wait()
        else:
            await channel.poll(stop_event)
    finally:
        if own_http is not None:
            await own_http.cleanup()
        await channel.close()


# ============================================================================ registry entry points
def make_sender(settings: Settings, store: Store) -> tuple[ZaloSender, Callable[[], Awaitable[None]]]:
    api = ZaloApi(settings)
    return ZaloSender(api, store, settings), api.close


class ZaloRuntime:
    name = CHANNEL

    def __init__(self, ctx: Any) -> None:
        self.ctx = ctx
        self.channel: ZaloChannel | None = None
        self.secret: str | None = None

    async def setup(self) -> None:
        ctx = self.ctx
        self.channel = ZaloChannel(ctx.settings, ctx.core, ctx.store, runner=ctx.runner, own_runner=ctx.runner is None)
        if ctx.webhook and ctx.settings.zalo_webhook_url:
            self.secret = webhook_secret(ctx.settings)
            add_webhook_route(self.channel, ctx.http, secret=self.secret)

    async def run(self) -> None:
        ctx = self.ctx
        await run_zalo(ctx.settings, ctx.core, ctx.store, webhook=ctx.webhook, stop_event=ctx.stop,
                       channel=self.channel, http=ctx.http, secret=self.secret)

    async def close(self) -> None:
        return None  # run_zalo closes the channel


def make_runtime(ctx: Any) -> ZaloRuntime:
    return ZaloRuntime(ctx)
