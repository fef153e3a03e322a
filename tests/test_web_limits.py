"""The web chat's message limits, in process (aiolimiter) and shared through Redis, and its cookie signature."""

from __future__ import annotations

import uuid

from bot.channels.web.security import Identity, LocalRateLimiter, RedisRateLimiter
from tests.conftest import REDIS_URL, needs_redis


async def test_local_limit_refuses_past_the_rate_per_key():
    lim = LocalRateLimiter(3)
    assert [await lim.allow("a") for _ in range(5)] == [True, True, True, False, False]
    assert await lim.allow("b")  # another browser is not affected


@needs_redis
async def test_redis_limit_is_shared_between_limiters():
    prefix = f"test:{uuid.uuid4().hex}"
    one, two = RedisRateLimiter(REDIS_URL, 3, prefix), RedisRateLimiter(REDIS_URL, 3, prefix)
    try:
        got = [await one.allow("x"), await two.allow("x"), await one.allow("x"), await two.allow("x")]
        assert got == [True, True, True, False]  # two processes, one budget
    finally:
        await one.aclose()
        await two.aclose()


def test_cookie_signature_and_csrf():
    ident = Identity(b"k" * 32)
    uid = ident.new_id()
    signed = ident.sign(uid)
    assert ident.verify(signed) == uid
    assert ident.verify(signed[:-1] + ("A" if signed[-1] != "A" else "B")) is None
    assert ident.verify(f"other.{signed.rpartition('.')[2]}") is None
    assert Identity(b"x" * 32).verify(signed) is None  # another key
    assert ident.check_csrf(uid, ident.csrf(uid)) and not ident.check_csrf(uid, ident.csrf("someone-else"))
    assert not ident.check_csrf(uid, None)
