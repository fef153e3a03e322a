"""The contract between the outbox worker and the channels that actually send messages."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from bot.core.types import Outbound


@dataclass(slots=True)
class SendResult:
    ok: bool
    external_id: str | None = None  # the channel's message id (kept for later edits)
    retry_after: float | None = None  # rate limited (HTTP 429): pause the channel this long
    blocked: bool = False  # the recipient blocked the bot / cannot be reached (HTTP 403)
    permanent: bool = False  # any other error that retrying cannot fix (bad request)
    error: str | None = None  # short description, never containing a token

    @classmethod
    def sent(cls, external_id: str | None = None) -> SendResult:
        return cls(ok=True, external_id=external_id)


class Sender(Protocol):
    """One per channel. ``send`` must not raise for expected API errors: it returns a SendResult.

    Network failures may raise; the worker treats an exception as a transient error.
    ``msg.edit`` with ``msg.ref`` asks to edit the message previously posted for that ref
    (staff cards); a sender that cannot edit sends a new message instead.
    """

    channel: str

    async def send(self, recipient: str, msg: Outbound) -> SendResult: ...
