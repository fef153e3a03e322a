"""Rate-limit shapes of a channel (pure data): a global rate, a per-chat rate, a group's per-minute rate.

Kept apart from ``bot.delivery.limits`` (the limiters) so that the channel registry can describe each
channel's limits without importing the limiters.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Bucket:
    rate: float  # tokens per second
    capacity: float = 1.0  # burst size

    @property
    def interval(self) -> float:
        return 1.0 / self.rate


@dataclass(frozen=True, slots=True)
class ChannelLimits:
    per_second: float
    per_chat_per_second: float | None = None
    group_per_minute: float | None = None
    burst_seconds: float = 0.1  # global burst = rate × this (≥ 1): small, so no 1-s window overshoots

    def global_bucket(self) -> Bucket:
        return Bucket(self.per_second, max(1.0, round(self.per_second * self.burst_seconds)))

    def chat_bucket(self, recipient: str) -> Bucket | None:
        if is_group(recipient) and self.group_per_minute:
            return Bucket(self.group_per_minute / 60.0, 1.0)
        if self.per_chat_per_second:
            return Bucket(self.per_chat_per_second, 1.0)
        return None


DEFAULT_LIMITS = ChannelLimits(per_second=10.0, per_chat_per_second=1.0)


def is_group(recipient: str) -> bool:
    return recipient.startswith("-")
