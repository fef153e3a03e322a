"""The conversation core: one inbound message in, the replies out.

Every call runs in one database transaction. Replies are returned only after the
transaction has committed, so a citizen is never told "received" for something that
was not stored. Messages for anybody else go to the outbox in the same transaction.
"""

from __future__ import annotations

import logging
import re
import tempfile
import time
import unicodedata
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlmodel import Session

from bot.core import citizen, staff, texts
from bot.core.context import MAX_TEXT, Ctx, Fetcher
from bot.core.forms import choices
from bot.core.forms.model import Choice
from bot.core.render import use_timezone
from bot.core.types import Inbound, Outbound
from bot.profile import Profile
from bot.services.identity import process_sealer
from bot.workdays import WorkCalendar
from storage import Conflict, InvalidValue, Store, conversations, utcnow
from storage import faq as faq_repo
from storage import staff as staff_repo

log = logging.getLogger(__name__)

__all__ = ["MAX_TEXT", "Core", "Ctx", "clean_text"]
FAQ_TTL = 60.0  # seconds between rebuilds of the FAQ index
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u200b-\u200f\u202a-\u202e\u2060-\u2064\ufeff"
                      r"\ud800-\udfff]")  # … and lone surrogates (invalid JSON escapes): no database stores them



def clean_text(text: str | None) -> str:
    """NFC, no control or invisible characters, trimmed."""
    if not text:
        return ""
    text = unicodedata.normalize("NFC", text)
    text = _CONTROL.sub("", text).replace("\r\n", "\n").replace("\r", "\n")
    return text.strip()


class Core:
    handles_update_ids = True  # Inbound.update_id is recorded (storage.updates) in the message's transaction

    def __init__(
        self,
        store: Store,
        profile: Profile,
        *,
        staff_chats: list[tuple[str, str]] | None = None,
        clock: Callable[[], datetime] | None = None,
    ) -> None:
        self.store = store
        self.profile = profile
        self.t = texts.Catalog(profile)
        use_timezone(profile.timezone)
        self.calendar = WorkCalendar.from_profile(profile)
        self.staff_chats = list(staff_chats or [])  # where staff cards go; empty = each staff's own chat
        self.clock = clock or utcnow
        self.fetchers: dict[str, Fetcher] = {}
        self.documents_dir = Path(tempfile.gettempdir()) / "pakn-documents"  # generated documents (biên bản)
        self.sealer = process_sealer()  # denouncers' identities; bot.app sets the deployment's key
        self._faq_index: Any = None
        self._faq_built = 0.0

    # -- wiring -------------------------------------------------------------------------------
    def register_fetcher(self, channel: str, fetch: Fetcher) -> None:
        """A channel that can download attachments into the agency's storage registers here."""
        self.fetchers[channel] = fetch

    # -- entry point --------------------------------------------------------------------------
    def handle(self, msg: Inbound) -> list[Outbound]:
        msg.text = clean_text(msg.text)
        if msg.payload:
            msg.payload = clean_text(msg.payload)
        if msg.display_name:
            msg.display_name = clean_text(msg.display_name)[:200] or None
        payload = msg.payload  # as received (a typed choice is mapped to a payload during handling)
        try:
            try:
                return self.store.run(lambda s: self._handle_in(s, msg))
            except Conflict:
                # another message of this person changed the conversation meanwhile (two processes, a
                # double press): nothing of this one was kept; it runs once more, first taking the
                # conversation's lock, so it sees the other's result and cannot conflict again
                log.info("conversation changed concurrently on %s: the message runs again", msg.channel)
                msg.payload = payload
                return self.store.run(lambda s: self._handle_in(s, msg, lock=True))
        except (InvalidValue, ValueError, OverflowError) as e:
            # a value the database or a number parser refused (too long, out of range, "²"): nothing was
            # saved; a polite answer instead of the generic error
            log.warning("input refused on %s: %s", msg.channel, type(e).__name__)
            return [Outbound(self.t("input_invalid"))]
        except Exception:
            log.exception("failed to handle a message on %s", msg.channel)
            return [Outbound(self.t("error"))]

    def _handle_in(self, s: Session, msg: Inbound, *, lock: bool = False) -> list[Outbound]:
        """One message in one transaction (may run twice if the connection was lost: see Store.run).
        ``lock``: take the conversation's lock first (the second run after a conflict)."""
        if lock:
            conversations.lock(s, msg.channel, msg.user_id)
        ctx = self._context(s, msg)
        if ctx is None:  # a redelivered update is dropped; it is recorded with the message's own writes
            log.info("update %s on %s already processed: dropped", msg.update_id, msg.channel)
            return []
        self._dispatch(ctx)
        self._persist_state(ctx)
        return ctx.replies

    def _context(self, s: Session, msg: Inbound) -> Ctx | None:
        sender = conversations.open_message(s, msg.channel, msg.user_id, msg.update_id)
        if sender is None:
            return None
        st = sender.state
        return Ctx(core=self, s=s, msg=msg, now=self.clock(), state=st, slots=dict(st.slots or {}),
                   staff=sender.staff, citizen=sender.citizen, awaiting_info=sender.awaiting_info)

    def _persist_state(self, ctx: Ctx) -> None:
        state = ctx.next_state or ctx.state.state
        buttons = [b for out in ctx.replies if out.chat_id is None for row in out.buttons for b in row]
        if buttons:
            ctx.slots["_btn"] = [[b.text, b.payload] for b in buttons]
        elif ctx.replies:
            ctx.slots.pop("_btn", None)
        conversations.close_message(ctx.s, ctx.state, state, ctx.slots)

    def _dispatch(self, ctx: Ctx) -> None:
        msg = ctx.msg
        self._map_choice(ctx)
        if msg.payload == "resume" and ctx.staff is not None and not msg.is_group:
            staff.greet(ctx)  # a staff member opening a chat gets the staff help, not the citizen menu
            return
        if staff.wants_staff_handler(ctx):
            staff.handle(ctx)
            return
        if msg.is_group:
            return  # chatter in a group that is not for the bot
        citizen.handle(ctx)

    def _map_choice(self, ctx: Ctx) -> None:
        """Numbered answers ("2", "số 2") and typed button labels become the button's payload, as in a form."""
        msg = ctx.msg
        if msg.payload or not msg.text:
            return
        if ctx.state.state == "form":
            return  # the form matches typed answers against its own choices (bot/core/forms/choices.py)
        last = ctx.slots.get("_btn") or []
        if not last:
            return
        found = choices.match(msg.text, [Choice(payload, label) for label, payload in last])
        if found is not None:
            msg.payload = found.value

    # -- shared services used by flows ------------------------------------------------------------
    def faq_index(self, s: Session) -> Any:
        """The FAQ search index, rebuilt at most every FAQ_TTL seconds (entries change rarely)."""
        from intents import FaqIndex

        now = time.monotonic()
        if self._faq_index is None or now - self._faq_built > FAQ_TTL:
            self._faq_index = FaqIndex(faq_repo.active(s))
            self._faq_built = now
        return self._faq_index

    def staff_destinations(self, s: Session) -> list[tuple[str, str]]:
        if self.staff_chats:
            return list(self.staff_chats)
        return [(st.channel, st.channel_user_id) for st in staff_repo.list_active(s)]
