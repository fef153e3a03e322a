"""The contract between the outbox worker and the channels that actually send messages.

A channel's ``Sender`` gets a :class:`Delivery`: the recipient, the message, and **why** it is sent
(``purpose``) with the item it is about (``ref``), so no sender guesses a card from the message's
text or buttons, and the worker finds out what a sender can do from its declared attributes
(``supports_digest``, ``text_limit``), not by probing for methods.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal, Protocol

from bot.core.types import Outbound

Purpose = Literal["reply", "card", "notice", "broadcast", "digest"]
PURPOSES: tuple[str, ...] = ("reply", "card", "notice", "broadcast", "digest")

# outbox rows keep finer purposes (storage.models.Outbox.purpose); what each means to a sender
_ROW_PURPOSE: dict[str, Purpose] = {
    "card": "card",  # a staff card (posted once per ref, then edited in place)
    "broadcast": "broadcast",  # an announcement to subscribers (the only purpose a quota may hold back)
    "digest": "digest",  # the daily deadline digest for staff
    "reply": "reply",
    "notify": "notice",  # a message to a citizen about their item (an answer, a status change)
    "staff": "notice",  # a message to staff (an assignment, an unreachable citizen)
    "reminder": "notice",
    "progress": "notice",  # broadcast progress, edited in place by ref
    "report": "notice",
    "alert": "notice",  # a private alert to administrators (delivery failures, staff group down or moved)
}


def purpose_of_row(row_purpose: str | None) -> Purpose:
    return _ROW_PURPOSE.get(row_purpose or "", "notice")


@dataclass(slots=True)
class Delivery:
    """One message for one recipient on one channel.

    * ``reply``: a direct answer to the recipient's own message;
    * ``card``: a staff card for ``ref`` (``msg.edit``: edit the card already posted for ``ref``);
    * ``notice``: any other message to a citizen or a staff member (``ref``: the item it is about);
    * ``broadcast``: an announcement to a subscriber;
    * ``digest``: one message standing for several (``items``: the cards it replaces, when the worker
      folds a burst; empty for a digest already written, such as the daily deadline digest).
    """

    recipient: str
    msg: Outbound
    purpose: Purpose = "notice"
    ref: str | None = None
    items: list[Outbound] = field(default_factory=list)

    def __post_init__(self) -> None:
        if self.purpose not in PURPOSES:
            raise ValueError(f"unknown delivery purpose {self.purpose!r}")
        self.recipient = str(self.recipient)
        if self.ref is None:
            self.ref = self.msg.ref

    @classmethod
    def from_row(cls, row: Any, msg: Outbound) -> Delivery:
        """The delivery of an outbox row (``storage.models.Outbox``)."""
        return cls(str(row.recipient), msg, purpose_of_row(row.purpose), ref=row.ref or msg.ref)

    @property
    def is_card(self) -> bool:
        return self.purpose == "card"


@dataclass(slots=True)
class SendResult:
    ok: bool
    external_id: str | None = None  # the channel's message id (kept for later edits)
    retry_after: float | None = None  # rate limited (HTTP 429): pause the channel this long
    blocked: bool = False  # the recipient blocked the bot / cannot be reached (HTTP 403)
    permanent: bool = False  # any other error that retrying cannot fix (bad request)
    quota: bool = False  # not sent: the channel's monthly message quota is spent (broadcasts only)
    migrate_to: str | None = None  # the group became a supergroup with this id (Telegram's migrate_to_chat_id)
    error: str | None = None  # short description, never containing a token

    @classmethod
    def sent(cls, external_id: str | None = None) -> SendResult:
        return cls(ok=True, external_id=external_id)


class Sender(Protocol):
    """One per channel. ``send`` must not raise for expected API errors: it returns a SendResult.

    Network failures may raise; the worker treats an exception as a transient error.
    ``supports_digest``: the sender folds ``Delivery(purpose="digest", items=[...])`` into one message
    (the worker then may digest a burst of new cards to a group chat); ``text_limit``: the longest
    message the channel takes (the worker sizes digests with it).
    """

    channel: str
    supports_digest: bool
    text_limit: int

    async def send(self, delivery: Delivery) -> SendResult: ...
