"""The life of a petition: one table of what may happen in which status.

Every operation of :mod:`bot.services.petitions` asks :func:`check` first; the storage layer only moves
an item from the status it was read in to the one the table gives (a compare-and-set), so two officers
acting at once cannot both win and nothing can put an item in a status the table does not allow.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.services.base import Refused
from storage.models import PetitionStatus as S

LEGAL_KINDS = ("khieu_nai", "to_cao")  # kinds with a legal acceptance step (thụ lý)

WORKING = (S.received, S.assigned, S.in_progress)  # being handled by the agency
OPEN = (S.received, S.assigned, S.in_progress, S.needs_info, S.approval, S.review)
ANSWERABLE = (S.received, S.assigned, S.in_progress, S.needs_info, S.review)
FINAL = (S.closed, S.forwarded, S.rejected, S.withdrawn)


@dataclass(frozen=True)
class Transition:
    action: str
    sources: tuple[str, ...]
    target: str | None  # None: the status does not change
    by: tuple[str, ...] = ("staff",)  # actor kinds allowed
    kinds: tuple[str, ...] | None = None  # petition kinds the action applies to (None: all)


# action -> transition. Keys are also the timeline's action names and the catalog's "ev_<action>" keys.
TABLE: dict[str, Transition] = {t.action: t for t in (
    Transition("take", (S.received, S.assigned, S.in_progress, S.review), S.in_progress),
    Transition("assign", (S.received, S.assigned, S.in_progress, S.review), S.assigned),
    Transition("route", (S.received, S.assigned, S.in_progress, S.needs_info, S.review), None),
    Transition("accept", (S.received, S.assigned, S.in_progress), S.in_progress, kinds=LEGAL_KINDS),
    Transition("extend", (S.assigned, S.in_progress, S.needs_info), None, kinds=LEGAL_KINDS),
    Transition("ask_info", (S.received, S.assigned, S.in_progress, S.review), S.needs_info),
    Transition("add_info", (S.needs_info,), S.in_progress, by=("citizen",)),
    # more information the citizen sends on their own while the item is handled: recorded, status kept
    Transition("add_note", (S.received, S.assigned, S.in_progress, S.approval, S.review), None, by=("citizen",)),
    Transition("submit_answer", ANSWERABLE, S.approval),
    Transition("approve", (S.approval,), S.answered),
    Transition("return_answer", (S.approval,), S.in_progress),
    Transition("answer", ANSWERABLE, S.answered),
    Transition("forward", (S.received, S.assigned, S.in_progress, S.needs_info, S.review), S.forwarded),
    Transition("reject", (S.received, S.assigned, S.in_progress, S.needs_info, S.review), S.rejected),
    Transition("reclassify", (*OPEN, S.answered), None),
    Transition("close", (S.answered, S.review), S.closed),
    Transition("withdraw", (S.received, S.assigned, S.in_progress, S.needs_info), S.withdrawn, by=("citizen",)),
    Transition("rate", (S.answered, S.closed), S.closed, by=("citizen",)),
    Transition("rate_review", (S.answered, S.closed), S.review, by=("citizen",)),
)}
ACTIONS: tuple[str, ...] = tuple(TABLE)
STATUSES: tuple[str, ...] = tuple(str(s) for s in S)


def allowed(action: str, status: str, *, kind: str | None = None, actor_kind: str = "staff") -> bool:
    t = TABLE[action]
    if actor_kind not in t.by and actor_kind != "system":
        return False
    if t.kinds is not None and kind is not None and kind not in t.kinds:
        return False
    return status in t.sources


def check(action: str, status: str, *, kind: str, code: str, actor_kind: str = "staff") -> str:
    """The status after ``action``; refuses with a catalog key that says why."""
    t = TABLE[action]
    if actor_kind not in t.by and actor_kind != "system":
        raise Refused("s_refused_actor", code=code)
    if t.kinds is not None and kind not in t.kinds:
        raise Refused("s_refused_kind", code=code, action=action)
    if status not in t.sources:
        raise Refused("s_refused_status", code=code, action=action, status=status)
    return t.target or status
