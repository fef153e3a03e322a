"""Retry delays for transient delivery errors: exponential backoff with full jitter (tenacity)."""

from __future__ import annotations

from dataclasses import dataclass

from tenacity import RetryCallState, wait_random_exponential


@dataclass(slots=True)
class Backoff:
    """``delay(n)`` = a random time in [0, min(max, base × 2^(n-1))] for the n-th failed attempt
    (AWS "full jitter"), with a floor so a retry never comes back immediately."""

    base: float = 1.0
    maximum: float = 300.0
    floor: float = 0.2

    def delay(self, attempt: int) -> float:
        wait = wait_random_exponential(multiplier=self.base, max=self.maximum)
        state = RetryCallState(retry_object=None, fn=None, args=(), kwargs={})  # type: ignore[arg-type]
        state.attempt_number = max(1, attempt)
        return max(self.floor, float(wait(state)))

    @classmethod
    def from_settings(cls, settings: object) -> Backoff:
        return cls(base=getattr(settings, "delivery_backoff_base", 1.0),
                   maximum=getattr(settings, "delivery_backoff_max", 300.0))
