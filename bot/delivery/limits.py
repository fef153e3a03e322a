"""Per-channel rate limits and pauses for the outbox worker.

Each channel has a global rate and a per-chat rate (Telegram: 25 msg/s overall, 1 msg/s per chat,
20 msg/min for a group chat; a negative chat id is a group), given by its entry in
``bot.channels.registry``. A 429 pauses the whole channel for the
``retry_after`` the API asked for.

Two implementations with one interface:

* :class:`LocalLimiter` — in process, built on ``aiolimiter`` leaky buckets; right for one worker
  process (SQLite deployments, tests).
* :class:`RedisLimiter` — shared by every process that uses the same Redis (``PAKN_REDIS_URL``):
  one Lua script checks the channel pause and all the buckets of a message atomically, with the
  GCRA algorithm (a token bucket kept as one "theoretical arrival time" per key, read from the
  Redis clock so process clocks do not matter). Nothing is consumed unless every bucket admits.

``acquire`` waits up to ``max_wait`` seconds and returns 0 once the message may go; otherwise it
returns how long the caller should wait and gives up (the worker then puts the row back in the
outbox for later instead of holding it).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Awaitable, Callable
from typing import Any, Protocol

from aiolimiter import AsyncLimiter

from bot.delivery.rates import DEFAULT_LIMITS, Bucket, ChannelLimits, is_group  # noqa: F401 - re-exported

log = logging.getLogger(__name__)


def limits_from_settings(settings: Any) -> dict[str, ChannelLimits]:
    """Each registered channel's limits (``bot.channels.registry``)."""
    from bot.channels.registry import limits_from_settings as registered

    return registered(settings)


class Limiter(Protocol):
    async def acquire(self, channel: str, recipient: str, max_wait: float = 30.0) -> float: ...
    async def pause(self, channel: str, seconds: float) -> None: ...
    async def paused_for(self, channel: str) -> float: ...
    async def aclose(self) -> None: ...


class LocalLimiter:
    """In-process limits (aiolimiter). Not shared between processes."""

    MAX_CHAT_LIMITERS = 5000

    def __init__(self, limits: dict[str, ChannelLimits] | None = None) -> None:
        self.limits = dict(limits or {})
        self._global: dict[str, AsyncLimiter] = {}
        self._chats: dict[tuple[str, str], tuple[AsyncLimiter, float]] = {}
        self._paused_until: dict[str, float] = {}

    def _limits(self, channel: str) -> ChannelLimits:
        return self.limits.get(channel, DEFAULT_LIMITS)

    @staticmethod
    def _make(b: Bucket) -> AsyncLimiter:
        return AsyncLimiter(b.capacity, b.capacity / b.rate)

    def _global_for(self, channel: str) -> AsyncLimiter:
        lim = self._global.get(channel)
        if lim is None:
            lim = self._global[channel] = self._make(self._limits(channel).global_bucket())
        return lim

    def _chat_for(self, channel: str, recipient: str) -> AsyncLimiter | None:
        bucket = self._limits(channel).chat_bucket(recipient)
        if bucket is None:
            return None
        key = (channel, recipient)
        now = time.monotonic()
        entry = self._chats.get(key)
        if entry is None:
            if len(self._chats) >= self.MAX_CHAT_LIMITERS:
                self._prune(now)
            entry = (self._make(bucket), now)
        self._chats[key] = (entry[0], now)
        return entry[0]

    def _prune(self, now: float) -> None:
        # a chat limiter unused for a minute is empty again: forgetting it changes nothing
        for key, (_lim, last) in list(self._chats.items()):
            if now - last > 60.0:
                del self._chats[key]

    async def paused_for(self, channel: str) -> float:
        return max(0.0, self._paused_until.get(channel, 0.0) - time.monotonic())

    async def pause(self, channel: str, seconds: float) -> None:
        until = time.monotonic() + max(0.0, seconds)
        if until > self._paused_until.get(channel, 0.0):
            self._paused_until[channel] = until
            log.warning("channel %s paused for %.1f s (rate limited)", channel, seconds)

    async def acquire(self, channel: str, recipient: str, max_wait: float = 30.0) -> float:
        deadline = time.monotonic() + max_wait
        paused = await self.paused_for(channel)
        if paused > max_wait:
            return paused
        if paused:
            await asyncio.sleep(paused)
        for lim in (self._chat_for(channel, recipient), self._global_for(channel)):
            if lim is None:
                continue
            left = deadline - time.monotonic()
            if left <= 0 and not lim.has_capacity():
                return max(0.05, lim.time_period / lim.max_rate)
            try:
                await asyncio.wait_for(lim.acquire(), timeout=max(left, 0.001))
            except TimeoutError:
                return max(0.05, lim.time_period / lim.max_rate)
        paused = await self.paused_for(channel)  # a 429 may have arrived while we waited
        if paused:
            if paused > max(0.0, deadline - time.monotonic()):
                return paused
            await asyncio.sleep(paused)
        return 0.0

    async def aclose(self) -> None:
        return None


# GCRA over several keys at once. KEYS[1] = the channel's pause key, KEYS[2..] = bucket keys;
# ARGV = (interval_us, tolerance_us) per bucket key. Returns 0 (admitted, all buckets updated) or the
# number of microseconds to wait (nothing consumed).
_ACQUIRE_LUA = """
local pttl = redis.call('PTTL', KEYS[1])
if pttl > 0 then return pttl * 1000 end
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
local wait = 0
local tats = {}
for i = 2, #KEYS do
  local interval = tonumber(ARGV[(i - 2) * 2 + 1])
  local tolerance = tonumber(ARGV[(i - 2) * 2 + 2])
  local tat = tonumber(redis.call('GET', KEYS[i]) or '0')
  if tat < now then tat = now end
  local allow_at = tat - tolerance
  if allow_at > now and allow_at - now > wait then wait = allow_at - now end
  tats[i] = tat + interval
end
if wait > 0 then return wait end
for i = 2, #KEYS do
  redis.call('SET', KEYS[i], string.format('%d', tats[i]), 'PX', math.floor((tats[i] - now) / 1000) + 1000)
end
return 0
"""

_PAUSE_LUA = """
local ms = tonumber(ARGV[1])
if redis.call('PTTL', KEYS[1]) < ms then
  redis.call('SET', KEYS[1], '1', 'PX', ms)
  return 1
end
return 0
"""


class RedisLimiter:
    """Limits shared by every process using the same Redis and key prefix.

    When Redis cannot be reached the limiter falls back to an in-process :class:`LocalLimiter` (each
    process then keeps the limits on its own, so several processes together may exceed them until Redis
    is back) with **one** warning, and tries Redis again every ``retry_seconds``; delivery never stops
    because of Redis.
    """

    def __init__(self, redis_url: str, limits: dict[str, ChannelLimits] | None = None, *,
                 prefix: str = "pakn", client: Any = None, retry_seconds: float = 30.0,
                 timeout: float = 2.0) -> None:
        import redis.asyncio as aioredis
        from redis.exceptions import RedisError

        self.limits = dict(limits or {})
        self.prefix = prefix
        self.redis = client or aioredis.Redis.from_url(redis_url, socket_connect_timeout=timeout,
                                                       socket_timeout=timeout)
        self._acquire = self.redis.register_script(_ACQUIRE_LUA)
        self._pause = self.redis.register_script(_PAUSE_LUA)
        self.local = LocalLimiter(self.limits)
        self.retry_seconds = retry_seconds
        self._errors: tuple[type[BaseException], ...] = (RedisError, OSError, TimeoutError)
        self._retry_at = 0.0
        self.degraded = False  # Redis is down: the in-process limits are used
        self.redis_failures = 0

    # -------------------------------------------------------------- falling back
    def _redis_usable(self) -> bool:
        return time.monotonic() >= self._retry_at

    def _failed(self, e: BaseException) -> None:
        self._retry_at = time.monotonic() + self.retry_seconds
        self.redis_failures += 1
        if not self.degraded:
            self.degraded = True
            log.warning("Redis is unreachable (%s: %s): rate limits are kept by this process alone until it is "
                        "back (checked every %.0f s)", type(e).__name__, str(e)[:200], self.retry_seconds)

    def _ok(self) -> None:
        if self.degraded:
            self.degraded = False
            log.warning("Redis is reachable again: rate limits are shared again")

    # -------------------------------------------------------------- Redis
    def _limits(self, channel: str) -> ChannelLimits:
        return self.limits.get(channel, DEFAULT_LIMITS)

    def _pause_key(self, channel: str) -> str:
        return f"{self.prefix}:pause:{channel}"

    def _plan(self, channel: str, recipient: str) -> tuple[list[str], list[int]]:
        lim = self._limits(channel)
        keys = [self._pause_key(channel)]
        args: list[int] = []
        buckets = [(f"{self.prefix}:rl:{channel}:all", lim.global_bucket())]
        chat = lim.chat_bucket(recipient)
        if chat is not None:
            buckets.append((f"{self.prefix}:rl:{channel}:chat:{recipient}", chat))
        for key, b in buckets:
            keys.append(key)
            interval_us = int(b.interval * 1_000_000)
            args += [interval_us, int((b.capacity - 1) * interval_us)]
        return keys, args

    async def _acquire_shared(self, channel: str, recipient: str, max_wait: float) -> float:
        keys, args = self._plan(channel, recipient)
        deadline = time.monotonic() + max_wait
        while True:
            wait_us = int(await self._acquire(keys=keys, args=args))
            if wait_us <= 0:
                return 0.0
            wait = wait_us / 1_000_000
            if time.monotonic() + wait > deadline:
                return wait
            await asyncio.sleep(wait)

    async def _shared(self, call: Callable[[], Awaitable[Any]]) -> tuple[bool, Any]:
        """(True, what ``call`` gave) when Redis answered; (False, None) when it is down or just failed."""
        if not self._redis_usable():
            return False, None
        try:
            value = await call()
        except self._errors as e:
            self._failed(e)
            return False, None
        self._ok()
        return True, value

    async def acquire(self, channel: str, recipient: str, max_wait: float = 30.0) -> float:
        ok, wait = await self._shared(lambda: self._acquire_shared(channel, recipient, max_wait))
        return wait if ok else await self.local.acquire(channel, recipient, max_wait)

    async def pause(self, channel: str, seconds: float) -> None:
        await self.local.pause(channel, seconds)  # also kept here: it outlives a Redis outage
        ms = max(1, int(seconds * 1000))
        ok, paused = await self._shared(lambda: self._pause(keys=[self._pause_key(channel)], args=[ms]))
        if ok and int(paused):
            log.info("channel %s paused for %.1f s (shared)", channel, seconds)

    async def paused_for(self, channel: str) -> float:
        local = await self.local.paused_for(channel)
        ok, pttl = await self._shared(lambda: self.redis.pttl(self._pause_key(channel)))
        return max(local, int(pttl) / 1000 if ok and int(pttl) > 0 else 0.0)

    async def aclose(self) -> None:
        with contextlib.suppress(Exception):
            await self.redis.aclose()


def make_limiter(settings: Any, *, prefix: str = "pakn") -> Limiter:
    """Redis-backed when ``settings.redis_url`` is set, in process otherwise."""
    limits = limits_from_settings(settings)
    if getattr(settings, "redis_url", None):
        return RedisLimiter(settings.redis_url, limits, prefix=prefix)
    return LocalLimiter(limits)
