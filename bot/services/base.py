"""What every service call gets: the unit of work and its surroundings, and who acts."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from sqlmodel import Session

from bot.core.render import local
from bot.core.texts import Catalog
from bot.profile import Profile
from bot.workdays import WorkCalendar
from storage.models import Citizen, Staff


class Refused(Exception):
    """An operation the rules do not allow. ``key`` is a message-catalog key, ``params`` its values."""

    def __init__(self, key: str, **params: Any) -> None:
        super().__init__(key)
        self.key = key
        self.params = params

    def render(self, t: Catalog) -> str:
        params = dict(self.params)
        if "status" in params:
            params["status"] = t(f"status_{params['status']}")
        if "action" in params:
            params["action"] = t(f"act_{params['action']}")
        return t(self.key, **params)


@dataclass(frozen=True)
class Actor:
    """Who performs an operation: a citizen, a staff member or the system (jobs, imports)."""

    kind: str  # "citizen" | "staff" | "system"
    staff: Staff | None = None
    citizen: Citizen | None = None

    @classmethod
    def of_staff(cls, staff: Staff) -> Actor:
        return cls("staff", staff=staff)

    @classmethod
    def of_citizen(cls, citizen: Citizen | None) -> Actor:
        return cls("citizen", citizen=citizen)

    @classmethod
    def system(cls) -> Actor:
        return cls("system")

    @property
    def ref(self) -> str:
        """How the timeline names the actor."""
        if self.staff is not None:
            return f"staff:{self.staff.id}"
        return self.kind

    @property
    def staff_id(self) -> int | None:
        return self.staff.id if self.staff is not None else None

    @property
    def role(self) -> str | None:
        return str(self.staff.role) if self.staff is not None else None


@dataclass
class Env:
    """The unit of work (an open session), the agency profile and the clock."""

    s: Session
    profile: Profile
    clock: Callable[[], datetime]
    t: Catalog
    calendar: WorkCalendar
    staff_chats: list[tuple[str, str]] = field(default_factory=list)  # where staff cards go; empty = each staff's chat
    sealer: Any = None  # bot.services.identity.Sealer: seals denouncers' identities (default: this process's key)
    _now: datetime | None = None
    memo: dict[Any, Any] = field(default_factory=dict)  # look-ups done once per unit of work

    def __post_init__(self) -> None:
        if self.sealer is None:
            from bot.services.identity import process_sealer

            self.sealer = process_sealer()

    @property
    def now(self) -> datetime:
        if self._now is None:
            self._now = self.clock()
        return self._now

    @property
    def today(self) -> date:
        return local(self.now).date()
