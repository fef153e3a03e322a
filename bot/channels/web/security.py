"""The citizen's identity (a signed cookie), CSRF tokens, and per-browser / per-IP message limits."""

from __future__ import annotations

import base64
import contextlib
import hashlib
import hmac
import logging
import os
import secrets
import time
from pathlib import Path
from typing import Any, Protocol

from aiolimiter import AsyncLimiter

log = logging.getLogger(__name__)

COOKIE = "pakn_web"
COOKIE_MAX_AGE = 400 * 24 * 3600  # the longest browsers keep a cookie


def load_key(settings: Any) -> bytes:
    """``PAKN_WEB_SECRET``, or a random key created once in ``data_dir`` (readable by the owner only)."""
    if settings.web_secret is not None:
        return settings.web_secret.get_secret_value().encode()
    path = Path(settings.data_dir) / "web_secret.key"
    try:
        return path.read_bytes().strip()
    except FileNotFoundError:
        path.parent.mkdir(parents=True, exist_ok=True)
        key = secrets.token_urlsafe(48).encode()
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "wb") as f:
            f.write(key)
        return key
    except OSError:  # a read-only data directory: the cookies last as long as the process
        log.warning("cannot keep the web cookie key in %s: using a key for this process only", path.parent)
        return secrets.token_urlsafe(48).encode()


class Identity:
    """``<id>.<mac>``: the id is random (no personal data); the mac proves the server issued it."""

    def __init__(self, key: bytes) -> None:
        self.key = key

    @staticmethod
    def new_id() -> str:
        return secrets.token_urlsafe(18)

    def _mac(self, purpose: str, value: str) -> str:
        digest = hmac.new(self.key, f"{purpose}:{value}".encode(), hashlib.sha256).digest()
        return base64.urlsafe_b64encode(digest).decode().rstrip("=")

    def sign(self, uid: str) -> str:
        return f"{uid}.{self._mac('uid', uid)}"

    def verify(self, value: str | None) -> str | None:
        if not value or "." not in value or len(value) > 200:
            return None
        uid, _, mac = value.rpartition(".")
        if uid and hmac.compare_digest(mac, self._mac("uid", uid)):
            return uid
        return None

    def csrf(self, uid: str) -> str:
        return self._mac("csrf", uid)

    def check_csrf(self, uid: str, token: str | None) -> bool:
        return bool(token) and hmac.compare_digest(token, self.csrf(uid))


class RateLimiter(Protocol):
    async def allow(self, key: str) -> bool: ...
    async def aclose(self) -> None: ...


class LocalRateLimiter:
    """``per_minute`` messages per key in this process (aiolimiter's leaky bucket, never waiting)."""

    MAX_KEYS = 20_000

    def __init__(self, per_minute: int) -> None:
        self.per_minute = max(1, per_minute)
        self._buckets: dict[str, tuple[AsyncLimiter, float]] = {}

    async def allow(self, key: str) -> bool:
        now = time.monotonic()
        entry = self._buckets.get(key)
        if entry is None:
            if len(self._buckets) >= self.MAX_KEYS:
                for k, (_, last) in list(self._buckets.items()):
                    if now - last > 60:
                        del self._buckets[k]
            entry = (AsyncLimiter(self.per_minute, 60), now)
        limiter = entry[0]
        self._buckets[key] = (limiter, now)
        if not limiter.has_capacity():
            return False
        await limiter.acquire()
        return True

    async def aclose(self) -> None:
        return None


class RedisRateLimiter:
    """The same limit shared by every process (``PAKN_REDIS_URL``): a counter per key and minute. When Redis
    cannot be reached the limit is kept in this process (one warning; Redis is tried again every 30 s), so the
    web chat never stops because of Redis."""

    RETRY_SECONDS = 30.0

    def __init__(self, url: str, per_minute: int, prefix: str) -> None:
        import redis.asyncio as aioredis
        from redis.exceptions import RedisError

        self.redis = aioredis.from_url(url, socket_connect_timeout=2, socket_timeout=2)
        self.per_minute = max(1, per_minute)
        self.prefix = prefix
        self.local = LocalRateLimiter(per_minute)
        self._errors: tuple[type[BaseException], ...] = (RedisError, OSError, TimeoutError)
        self._retry_at = 0.0
        self.degraded = False

    async def allow(self, key: str) -> bool:
        if time.monotonic() >= self._retry_at:
            window = int(time.time() // 60)
            k = f"{self.prefix}:{key}:{window}"
            try:
                pipe = self.redis.pipeline()
                pipe.incr(k)
                pipe.expire(k, 120)
                count, _ = await pipe.execute()
            except self._errors as e:
                self._retry_at = time.monotonic() + self.RETRY_SECONDS
                if not self.degraded:
                    self.degraded = True
                    log.warning("Redis is unreachable (%s): web chat limits are kept by this process alone until it "
                                "is back", type(e).__name__)
            else:
                if self.degraded:
                    self.degraded = False
                    log.warning("Redis is reachable again: web chat limits are shared again")
                return int(count) <= self.per_minute
        return await self.local.allow(key)

    async def aclose(self) -> None:
        with contextlib.suppress(Exception):
            await self.redis.aclose()


def make_rate_limiter(settings: Any, per_minute: int, name: str) -> RateLimiter:
    if getattr(settings, "redis_url", None):
        return RedisRateLimiter(settings.redis_url, per_minute, f"pakn:web:{name}")
    return LocalRateLimiter(per_minute)
