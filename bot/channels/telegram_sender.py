"""Telegram output: rendering Outbound messages (keyboards, long texts, attachments) and the
outbox ``Sender`` (cards edited in place, forum topics per department, error mapping).

Nothing here retries by itself except where a single re-send fixes the cause (a deleted forum
topic, an edited message that no longer exists); rate limits and network errors go back to the
outbox worker through ``SendResult`` / an exception, which owns the pacing and the backoff.
"""

from __future__ import annotations

import asyncio
import logging
import os
from collections.abc import Sequence
from typing import Any

from aiogram import Bot
from aiogram.exceptions import (
    TelegramAPIError,
    TelegramBadRequest,
    TelegramForbiddenError,
    TelegramMigrateToChat,
    TelegramNetworkError,
    TelegramNotFound,
    TelegramRetryAfter,
    TelegramServerError,
    TelegramUnauthorizedError,
)
from aiogram.types import (
    FSInputFile,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    KeyboardButton,
    Message,
    ReplyKeyboardMarkup,
    ReplyParameters,
)

from bot.channels.base import split_text as _split_text
from bot.config import Settings
from bot.core.types import Attachment, Button, Location, Outbound
from bot.delivery.base import Delivery, SendResult
from storage import Store, cards

log = logging.getLogger(__name__)

CHANNEL = "telegram"
TEXT_LIMIT = 4096
CAPTION_LIMIT = 1024
CALLBACK_LIMIT = 64  # bytes
DIGEST_BUTTONS = 100  # Telegram takes at most 100 buttons in one inline keyboard
TOKEN_PREFIX = "~"  # callback data "~<token>": the payload is kept server-side (storage.cards)
SHARE_PHONE_LABEL = "📱 Chia sẻ số điện thoại"
SHARE_LOCATION_LABEL = "📍 Gửi vị trí"

Markup = InlineKeyboardMarkup | ReplyKeyboardMarkup | None


class TelegramTransientError(ConnectionError):
    """A network or server error while talking to Telegram; the message never contains the token."""


# ============================================================================ helpers
def redact(text: str, token: str | None) -> str:
    from bot.logs import RedactSecrets

    return RedactSecrets([token] if token else []).redact(text)


def u16len(text: str) -> int:
    """Telegram counts message length in UTF-16 code units."""
    return len(text.encode("utf-16-le")) // 2


def split_text(text: str, limit: int = TEXT_LIMIT) -> list[str]:
    """Cut a long text into pieces of at most ``limit`` UTF-16 units, preferring paragraph,
    then line, then sentence, then word boundaries."""
    return _split_text(text, limit, u16len)


def chat_ref(recipient: str | int) -> int | str:
    s = str(recipient)
    return int(s) if s.lstrip("-").isdigit() else s


class Renderer:
    """Outbound → Telegram markup. Long callback payloads are stored server-side."""

    def __init__(self, store: Store, *, menu_rows: Sequence[Sequence[tuple[str, str]]] = (),
                 share_phone_label: str = SHARE_PHONE_LABEL,
                 share_location_label: str = SHARE_LOCATION_LABEL) -> None:
        self.store = store
        self.menu_rows = [list(r) for r in menu_rows]  # rows of (label, payload)
        self.menu_payloads = {label: payload for row in self.menu_rows for label, payload in row}
        self.share_phone_label = share_phone_label
        self.share_location_label = share_location_label

    def callback_data(self, payloads: list[str]) -> dict[str, str]:
        """payload → callback_data (≤ 64 bytes), storing long ones (one transaction for all)."""
        out: dict[str, str] = {}
        long = []
        for p in payloads:
            if len(p.encode("utf-8")) <= CALLBACK_LIMIT and not p.startswith(TOKEN_PREFIX):
                out[p] = p
            else:
                long.append(p)
        if long:
            with self.store.session() as s:
                for p in long:
                    out[p] = TOKEN_PREFIX + cards.store_payload(s, p)
        return out

    async def callback_data_async(self, payloads: list[str]) -> dict[str, str]:
        """As ``callback_data``; the database is touched (in a thread) only for long payloads."""
        if all(len(p.encode("utf-8")) <= CALLBACK_LIMIT and not p.startswith(TOKEN_PREFIX) for p in payloads):
            return {p: p for p in payloads}
        return await asyncio.to_thread(self.callback_data, payloads)

    def resolve(self, data: str | None) -> str | None:
        """callback_data → payload (None for an unknown token: a stale button)."""
        if not data or not data.startswith(TOKEN_PREFIX):
            return data
        with self.store.session() as s:
            return cards.load_payload(s, data[len(TOKEN_PREFIX):])

    def inline(self, buttons: list[list[Button]], data: dict[str, str]) -> InlineKeyboardMarkup | None:
        rows = [[InlineKeyboardButton(text=b.text[:64] or "•", callback_data=data[b.payload]) for b in row]
                for row in buttons if row]
        return InlineKeyboardMarkup(inline_keyboard=rows) if rows else None

    def main_menu(self) -> ReplyKeyboardMarkup | None:
        if not self.menu_rows:
            return None
        return ReplyKeyboardMarkup(keyboard=[[KeyboardButton(text=label) for label, _ in row] for row in self.menu_rows],
                                   resize_keyboard=True, is_persistent=True,
                                   input_field_placeholder="Viết nội dung hoặc chọn một mục")

    def share_phone(self) -> ReplyKeyboardMarkup:
        return ReplyKeyboardMarkup(keyboard=[[KeyboardButton(text=self.share_phone_label, request_contact=True)]],
                                   resize_keyboard=True, one_time_keyboard=True)

    def share_location(self) -> ReplyKeyboardMarkup:
        return ReplyKeyboardMarkup(keyboard=[[KeyboardButton(text=self.share_location_label, request_location=True)]],
                                   resize_keyboard=True, one_time_keyboard=True)

    def request_label(self, msg: Outbound) -> str:
        return self.share_phone_label if msg.request_phone else self.share_location_label

    def markups(self, msg: Outbound, data: dict[str, str]) -> tuple[Markup, ReplyKeyboardMarkup | None]:
        """(markup of the message itself, a reply keyboard that needs a message of its own)."""
        inline = self.inline(msg.buttons, data)
        request = self.share_phone() if msg.request_phone else self.share_location() if msg.request_location else None
        reply_kb = request or (self.main_menu() if msg.menu else None)
        if inline is None:
            return reply_kb, None
        return inline, request


# ============================================================================ sending primitives
async def send_outbound(bot: Bot, renderer: Renderer, chat_id: int | str, msg: Outbound, *,
                        thread_id: int | None = None, reply_to: int | None = None,
                        with_attachments: bool = True) -> list[Message]:
    """Send one Outbound (attachments first, then the text in pieces, the keyboard on the last piece)."""
    data = await renderer.callback_data_async(msg.button_payloads()) if msg.buttons else {}
    markup, extra_kb = renderer.markups(msg, data)
    sent: list[Message] = []
    common: dict[str, Any] = {"message_thread_id": thread_id}
    if reply_to:
        common["reply_parameters"] = ReplyParameters(message_id=reply_to, allow_sending_without_reply=True)
    text = msg.text or ""
    atts = msg.attachments if with_attachments else []
    for i, att in enumerate(atts):
        caption = None
        if i == len(atts) - 1 and text and u16len(text) <= CAPTION_LIMIT and not markup:
            caption, text = text, ""
        sent.append(await send_attachment(bot, chat_id, att, caption=caption, **common))
        common.pop("reply_parameters", None)
    if msg.location is not None and with_attachments:
        sent.append(await send_pin(bot, chat_id, msg.location, **common))
        common.pop("reply_parameters", None)
    chunks = split_text(text)
    for i, chunk in enumerate(chunks):
        last = i == len(chunks) - 1
        sent.append(await bot.send_message(chat_id=chat_id, text=chunk, reply_markup=markup if last else None,
                                           **common))
        common.pop("reply_parameters", None)
    if extra_kb is not None:
        sent.append(await bot.send_message(chat_id=chat_id, text=renderer.request_label(msg), reply_markup=extra_kb,
                                           message_thread_id=thread_id))
    return sent


async def send_attachment(bot: Bot, chat_id: int | str, att: Attachment, *, caption: str | None = None,
                          **kw: Any) -> Message:
    local = att.stored_path or (att.file_id if os.path.isfile(att.file_id) else None)
    file: Any = att.file_id
    if local and (att.file_id == local or not att.file_id):
        file = FSInputFile(local, filename=att.file_name or os.path.basename(local))
    if att.kind == "photo":
        return await bot.send_photo(chat_id=chat_id, photo=file, caption=caption, **kw)
    if att.kind == "video":
        return await bot.send_video(chat_id=chat_id, video=file, caption=caption, **kw)
    if att.kind == "audio":
        return await bot.send_audio(chat_id=chat_id, audio=file, caption=caption, **kw)
    return await bot.send_document(chat_id=chat_id, document=file, caption=caption, **kw)


async def send_pin(bot: Bot, chat_id: int | str, loc: Location, **kw: Any) -> Message:
    """A venue (a pin with its name and address, opened in the map by a tap), or a bare location."""
    if loc.title and loc.address:
        return await bot.send_venue(chat_id=chat_id, latitude=loc.latitude, longitude=loc.longitude,
                                    title=loc.title[:100], address=loc.address[:200], **kw)
    return await bot.send_location(chat_id=chat_id, latitude=loc.latitude, longitude=loc.longitude, **kw)


def _desc(e: TelegramAPIError) -> str:
    return (getattr(e, "message", None) or str(e)).lower()


def is_thread_gone(e: TelegramAPIError) -> bool:
    d = _desc(e)
    return "thread not found" in d or "topic_deleted" in d or "topic deleted" in d or "topic_id_invalid" in d


def is_topic_closed(e: TelegramAPIError) -> bool:
    return "topic_closed" in _desc(e)


# ============================================================================ the outbox sender
class TelegramSender:
    """``Sender`` for the outbox worker (see bot/delivery/base.py)."""

    channel = CHANNEL
    supports_digest = True
    text_limit = TEXT_LIMIT

    def __init__(self, bot: Bot, store: Store, settings: Settings, *, renderer: Renderer | None = None) -> None:
        from bot.channels.registry import staff_chat

        self.bot = bot
        self.store = store
        self.settings = settings
        self.renderer = renderer or Renderer(store)
        self.staff_chat = staff_chat(settings, CHANNEL)
        self._token = settings.telegram_token.get_secret_value() if settings.telegram_token else None
        self._not_forum: set[str] = set()
        self._topic_locks: dict[str, asyncio.Lock] = {}
        self.stats = {"sent": 0, "edited": 0, "coalesced": 0, "topics_created": 0, "not_modified": 0}

    # -------------------------------------------------------------- public
    async def send(self, delivery: Delivery) -> SendResult:
        try:
            if delivery.purpose == "digest" and delivery.items:
                return await self._send_digest(delivery.recipient, delivery.items)
            return await self._send(delivery.recipient, delivery.msg, card=delivery.is_card)
        except TelegramRetryAfter as e:
            return SendResult(ok=False, retry_after=float(e.retry_after), error="429 rate limited")
        except TelegramMigrateToChat as e:  # a group upgraded to a supergroup: the worker follows it
            return SendResult(ok=False, migrate_to=str(e.migrate_to_chat_id),
                              error=self._safe(f"400 group upgraded to supergroup {e.migrate_to_chat_id}"))
        except TelegramForbiddenError as e:
            return SendResult(ok=False, blocked=True, error=self._safe(f"403 {e.message}"))
        except TelegramBadRequest as e:
            d = _desc(e)
            if "chat not found" in d or "user is deactivated" in d or "peer_id_invalid" in d:
                return SendResult(ok=False, blocked=True, error=self._safe(f"400 {e.message}"))
            return SendResult(ok=False, permanent=True, error=self._safe(f"400 {e.message}"))
        except TelegramNotFound as e:
            return SendResult(ok=False, permanent=True, error=self._safe(f"404 {e.message}"))
        except (TelegramNetworkError, TelegramServerError, TelegramUnauthorizedError) as e:
            raise TelegramTransientError(self._safe(f"{type(e).__name__}: {e.message}")) from None
        except TelegramAPIError as e:  # 409 and the like: retried by the worker, reported without token
            raise TelegramTransientError(self._safe(f"{type(e).__name__}: {e.message}")) from None

    async def _send_digest(self, recipient: str, msgs: list[Outbound], *, title: str | None = None) -> SendResult:
        """One message standing for many cards (when a burst would exceed the group's rate limit).

        Every line names its item and every item gets a button opening its card (``s:view:CODE``, the
        ``/xem CODE`` command): the refs get no card message of their own yet; their next update (or a
        later re-send by the worker) posts a full card.
        """
        lines = [title or f"📋 {len(msgs)} hồ sơ mới/cập nhật (tóm tắt do vượt giới hạn tin nhắn của nhóm):"]
        refs: list[str] = []
        for m in msgs:
            first = (m.text or "").strip().splitlines()[0] if (m.text or "").strip() else (m.ref or "")
            if m.ref and m.ref not in first[:200]:  # every line names its item
                first = f"{m.ref} — {first}"
            lines.append(f"• {first[:200]}")
            if m.ref and m.ref not in refs:
                refs.append(m.ref)
        lines.append("Bấm nút dưới đây hoặc gõ /xem MÃ để mở thẻ của từng hồ sơ.")
        buttons = [Button(f"📄 {ref}", f"s:view:{ref}") for ref in refs[:DIGEST_BUTTONS]]
        rows = [buttons[i:i + 2] for i in range(0, len(buttons), 2)]
        return await self._send(recipient, Outbound(text="\n".join(lines), buttons=rows), card=False)

    def chat_moved(self, old: str, new: str) -> None:
        """The worker learnt that group ``old`` became supergroup ``new``: staff cards follow it."""
        if self.staff_chat == str(old):
            self.staff_chat = str(new)

    # -------------------------------------------------------------- internals
    def _safe(self, text: str) -> str:
        return redact(text, self._token)[:500]

    def _card_key(self, recipient: str, ref: str) -> str:
        """One card per ref in the staff group; cards sent to staff privately are keyed per chat."""
        return ref if recipient == self.staff_chat else f"{ref}@{recipient}"[:64]

    async def _send(self, recipient: str, msg: Outbound, *, card: bool) -> SendResult:
        """``card``: a staff card (posted once per ref, then edited in place; an edit is always a card's)."""
        chat = chat_ref(recipient)
        card = bool(msg.ref) and (card or msg.edit)
        key = self._card_key(recipient, msg.ref) if card and msg.ref else None
        thread = await self._thread_for(recipient, msg.thread_key) if recipient == self.staff_chat else None

        if msg.edit and key:
            existing = await asyncio.to_thread(self._card_and_pending, key, recipient, msg)
            if existing is not None:
                ref_row, newer = existing
                if newer:
                    self.stats["coalesced"] += 1
                    return SendResult.sent(ref_row.message_id)
                if ref_row.message_id and (thread is None or ref_row.thread_id == thread):
                    done = await self._edit(chat, int(ref_row.message_id), msg)
                    if done is not None:
                        return done
                elif ref_row.message_id:  # routed to another department: the card moves to that topic
                    result = await self._send_new(recipient, chat, msg, thread, key)
                    await self._retire(chat, int(ref_row.message_id), msg, thread)
                    return result
        return await self._send_new(recipient, chat, msg, thread, key)

    def _card_and_pending(self, key: str, recipient: str, msg: Outbound) -> tuple[Any, bool] | None:
        with self.store.session() as s:
            row = cards.get(s, CHANNEL, key)
            if row is None or row.chat_id != recipient:
                return None
            newer = cards.newer_edit_pending(s, CHANNEL, recipient, msg.ref or "", msg.to_payload())
            return row, newer

    async def _edit(self, chat: int | str, message_id: int, msg: Outbound) -> SendResult | None:
        """Edit a card in place. None = the message is gone: send anew."""
        data = await self.renderer.callback_data_async(msg.button_payloads()) if msg.buttons else {}
        markup = self.renderer.inline(msg.buttons, data)
        text = split_text(msg.text)[0] if msg.text else "—"
        if len(split_text(msg.text)) > 1:
            text = text[: TEXT_LIMIT - 2] + " …"
        try:
            await self.bot.edit_message_text(chat_id=chat, message_id=message_id, text=text, reply_markup=markup)
        except TelegramBadRequest as e:
            d = _desc(e)
            if "message is not modified" in d:
                self.stats["not_modified"] += 1
                return SendResult.sent(str(message_id))
            if "message to edit not found" in d or "message can't be edited" in d or "message_id_invalid" in d:
                return None
            raise
        self.stats["edited"] += 1
        return SendResult.sent(str(message_id))

    async def _retire(self, chat: int | str, message_id: int, msg: Outbound, thread: int | None) -> None:
        """The old card of an item that moved to another topic keeps a short pointer, no buttons."""
        first = (msg.text or "").splitlines()[0] if msg.text else (msg.ref or "")
        try:
            await self.bot.edit_message_text(chat_id=chat, message_id=message_id,
                                             text=f"{first}\n↪️ Thẻ đã chuyển sang chủ đề của phòng xử lý mới.")
        except TelegramAPIError as e:  # cosmetic only
            log.info("could not retire an old card: %s", self._safe(str(e.message)))

    async def _send_new(self, recipient: str, chat: int | str, msg: Outbound, thread: int | None,
                        key: str | None) -> SendResult:
        try:
            sent = await send_outbound(self.bot, self.renderer, chat, msg, thread_id=thread,
                                       with_attachments=not msg.edit)
        except TelegramBadRequest as e:
            if thread is None or not (is_thread_gone(e) or is_topic_closed(e)):
                raise
            if is_thread_gone(e) and msg.thread_key:
                log.warning("forum topic of %s is gone: recreating it", msg.thread_key)
                await asyncio.to_thread(self._set_thread, msg.thread_key, None)
                thread = await self._thread_for(recipient, msg.thread_key)
            else:
                thread = None  # a closed topic: post in the general topic rather than lose the card
            try:
                sent = await send_outbound(self.bot, self.renderer, chat, msg, thread_id=thread,
                                           with_attachments=not msg.edit)
            except TelegramBadRequest as e2:
                if thread is None or not is_thread_gone(e2):
                    raise
                thread = None
                sent = await send_outbound(self.bot, self.renderer, chat, msg, thread_id=None,
                                           with_attachments=not msg.edit)
        if not sent:
            return SendResult(ok=False, permanent=True, error="empty message")
        last = sent[-1] if not (msg.request_phone or msg.request_location) or len(sent) < 2 else sent[-2]
        if key:
            await asyncio.to_thread(self._save_card, key, recipient, str(last.message_id), thread)
        elif msg.ref and recipient != self.staff_chat:
            # a notice about an item (an answer, a request for more information): a reply to it is about the item
            note = f"{msg.ref}@note:{recipient}:{last.message_id}"[:64]
            await asyncio.to_thread(self._save_card, note, recipient, str(last.message_id), None)
        self.stats["sent"] += 1
        return SendResult.sent(str(last.message_id))

    def _save_card(self, key: str, recipient: str, message_id: str, thread: int | None) -> None:
        with self.store.session() as s:
            cards.save(s, CHANNEL, key, chat_id=recipient, message_id=message_id, thread_id=thread)

    # -------------------------------------------------------------- forum topics
    def _thread_of(self, code: str) -> tuple[int | None, str | None]:
        with self.store.session() as s:
            return cards.department_thread(s, code), cards.department_name(s, code)

    def _set_thread(self, code: str, thread: int | None) -> None:
        with self.store.session() as s:
            cards.set_department_thread(s, code, thread)

    async def _thread_for(self, recipient: str, dept_code: str | None) -> int | None:
        """The department's forum topic in the staff group, created on first use."""
        if not dept_code or recipient in self._not_forum:
            return None
        lock = self._topic_locks.setdefault(dept_code, asyncio.Lock())
        async with lock:
            thread, name = await asyncio.to_thread(self._thread_of, dept_code)
            if thread is not None:
                return thread
            if name is None:  # not a department we know
                return None
            try:
                topic = await self.bot.create_forum_topic(chat_id=chat_ref(recipient), name=name[:128])
            except TelegramBadRequest as e:
                d = _desc(e)
                if "not a forum" in d or "chat_not_forum" in d or "method is available only for" in d:
                    self._not_forum.add(recipient)
                    return None
                log.warning("could not create a forum topic for %s: %s", dept_code, self._safe(e.message))
                return None
            except TelegramForbiddenError:  # no right to manage topics: use the general topic
                self._not_forum.add(recipient)
                return None
            self.stats["topics_created"] += 1
            await asyncio.to_thread(self._set_thread, dept_code, topic.message_thread_id)
            return topic.message_thread_id
