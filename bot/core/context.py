"""What one handled message carries through the conversation: the chat side of a unit of work."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any, Protocol

from sqlmodel import Session

from bot.core import texts
from bot.core.render import local
from bot.core.types import Attachment, Button, Inbound, Outbound
from bot.profile import Profile
from bot.services.base import Actor, Env, Refused
from bot.services.identity import Sealer
from bot.workdays import WorkCalendar
from storage.models import Citizen, ConversationState, Staff

MAX_TEXT = 5000  # longest message the core accepts as one piece of content
NOT_READ: Any = object()  # Ctx.awaiting_info when the message's first read did not give it
Fetcher = Callable[[Attachment], str | None]


class CoreLike(Protocol):
    """What flows use of the core (bot.core.engine.Core)."""

    t: texts.Catalog
    profile: Profile
    calendar: WorkCalendar
    fetchers: dict[str, Fetcher]
    staff_chats: list[tuple[str, str]]
    documents_dir: Path
    sealer: Sealer

    def faq_index(self, s: Session) -> Any: ...


@dataclass
class Ctx:
    """Everything one handled message needs; flows read and write through it."""

    core: CoreLike
    s: Session
    msg: Inbound
    now: datetime
    state: ConversationState
    slots: dict[str, Any]
    staff: Staff | None = None
    citizen: Citizen | None = None
    replies: list[Outbound] = field(default_factory=list)
    next_state: str | None = None
    # the code of the sender's newest item awaiting information, as the message's first read saw it (NOT_READ:
    # that read did not include it; bot.core.flows.followup.waiting_for_info then asks the database)
    awaiting_info: Any = NOT_READ
    _env: Env | None = None

    @property
    def t(self) -> texts.Catalog:
        return self.core.t

    @property
    def profile(self) -> Profile:
        return self.core.profile

    @property
    def today(self) -> date:
        return local(self.now).date()

    @property
    def env(self) -> Env:
        """The service layer's view of this unit of work."""
        if self._env is None:
            self._env = Env(s=self.s, profile=self.profile, clock=lambda: self.now, t=self.t,
                            calendar=self.core.calendar, staff_chats=list(self.core.staff_chats),
                            sealer=self.core.sealer)
        return self._env

    @property
    def actor(self) -> Actor:
        if self.staff is not None:
            return Actor.of_staff(self.staff)
        return Actor.of_citizen(self.citizen)

    def say(self, text: str, buttons: list[list[Button]] | None = None, **kw: Any) -> Outbound:
        out = Outbound(text=text, buttons=buttons or [], **kw)
        self.replies.append(out)
        return out

    def refused(self, r: Refused, **kw: Any) -> Outbound:
        return self.say(r.render(self.t), **kw)

    def attempt(self, fn: Callable[..., Any], *args: Any, **kw: Any) -> Any:
        """Call a service; a refusal is said to the user and gives None."""
        try:
            return fn(*args, **kw)
        except Refused as r:
            self.refused(r)
            return None

    def goto(self, state: str, **slots: Any) -> None:
        self.next_state = state
        self.slots.update(slots)

    def reset(self) -> None:
        """Leave whatever was being done; drafts kept for "tiếp tục" stay."""
        self.next_state = "idle"
        drafts = self.slots.get("_drafts")
        self.slots.clear()
        if drafts:
            self.slots["_drafts"] = drafts
