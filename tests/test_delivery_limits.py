"""Rate limits: per chat, per group, global, pauses; in process and shared through Redis."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

from bot.delivery.limits import ChannelLimits, LocalLimiter, RedisLimiter, is_group, make_limiter
from tests.delivery_fixtures import REDIS_URL, needs_redis, settings_for

ROOT = Path(__file__).resolve().parent.parent
TG = {"telegram": ChannelLimits(per_second=25, per_chat_per_second=1, group_per_minute=20)}


def test_groups_are_negative_chat_ids():
    assert is_group("-1001234") and not is_group("1234")
    lim = TG["telegram"]
    assert lim.chat_bucket("-100").rate == pytest.approx(20 / 60)
    assert lim.chat_bucket("42").rate == 1
    assert lim.global_bucket().capacity == 2  # small bursts: no 1-s window sees much more than the rate


async def test_local_per_chat_limit():
    lim = LocalLimiter(TG)
    assert await lim.acquire("telegram", "42", max_wait=0.05) == 0
    assert await lim.acquire("telegram", "42", max_wait=0.05) > 0  # 1 msg/s per chat: not now
    assert await lim.acquire("telegram", "43", max_wait=0.05) == 0  # another chat is free


async def test_local_group_limit_is_stricter():
    lim = LocalLimiter(TG)
    assert await lim.acquire("telegram", "-100", max_wait=0.05) == 0
    assert await lim.acquire("telegram", "-100", max_wait=0.05) >= 1.0


async def test_local_global_limit():
    lim = LocalLimiter({"telegram": ChannelLimits(per_second=5)})
    admitted = [await lim.acquire("telegram", str(i), max_wait=0.0) for i in range(10)]
    assert admitted.count(0.0) <= 2  # burst capacity 1 at 5/s (+1 leaked meanwhile at most)


async def test_local_pause():
    lim = LocalLimiter(TG)
    await lim.pause("telegram", 5)
    assert 4 < await lim.paused_for("telegram") <= 5
    assert await lim.acquire("telegram", "1", max_wait=0.1) > 4
    assert await lim.paused_for("other") == 0


def test_make_limiter_picks_redis_when_configured():
    assert isinstance(make_limiter(settings_for("sqlite://")), LocalLimiter)
    assert isinstance(make_limiter(settings_for("sqlite://", redis_url="redis://127.0.0.1:1/0")), RedisLimiter)


# ------------------------------------------------------------------------------------------------ Redis
@pytest.fixture
def redis_prefix():
    if not REDIS_URL:
        pytest.skip("Redis test: set PAKN_TEST_REDIS_URL to run it")
    prefix = f"pakntest:{uuid.uuid4().hex[:8]}"
    yield prefix
    import redis

    r = redis.Redis.from_url(REDIS_URL)
    for key in r.scan_iter(f"{prefix}:*"):
        r.delete(key)
    r.close()


@needs_redis
@pytest.mark.redis
async def test_redis_per_chat_and_pause(redis_prefix):
    a = RedisLimiter(REDIS_URL, TG, prefix=redis_prefix)
    b = RedisLimiter(REDIS_URL, TG, prefix=redis_prefix)  # another process would see the same keys
    try:
        assert await a.acquire("telegram", "42", max_wait=0.05) == 0
        assert await b.acquire("telegram", "42", max_wait=0.05) > 0  # the chat's slot is taken, for everyone
        await a.pause("telegram", 3)
        assert 2 < await b.paused_for("telegram") <= 3
        assert await b.acquire("telegram", "77", max_wait=0.1) > 2
        await b.pause("telegram", 1)  # a shorter pause does not shorten a longer one
        assert await a.paused_for("telegram") > 2
    finally:
        await a.aclose()
        await b.aclose()


_CHILD = """
import asyncio, json, sys, time
from bot.delivery.limits import ChannelLimits, RedisLimiter

url, prefix, name, n, start_at = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]), float(sys.argv[5])

async def main():
    lim = RedisLimiter(url, {"telegram": ChannelLimits(per_second=20)}, prefix=prefix)
    await lim.acquire("telegram", "warmup-" + name, max_wait=0)  # connect before the start line
    while time.time() < start_at:
        await asyncio.sleep(0.005)
    grants = []
    for i in range(n):
        assert await lim.acquire("telegram", f"{name}-{i}", max_wait=30) == 0
        grants.append(time.time())
    await lim.aclose()
    print(json.dumps(grants))

asyncio.run(main())
"""


@needs_redis
@pytest.mark.redis
def test_redis_limit_is_shared_by_two_processes(redis_prefix):
    """Two processes taking 20 tokens each at a shared 20/s: together they need ≈ 2 s, alone each ≈ 1 s."""
    start_at = time.time() + 3.0
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    procs = [subprocess.Popen([sys.executable, "-c", _CHILD, REDIS_URL, redis_prefix, name, "20", str(start_at)],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env, cwd=ROOT)
             for name in ("a", "b")]
    grants = []
    for p in procs:
        out, err = p.communicate(timeout=60)
        assert p.returncode == 0, err
        grants.append(json.loads(out))
    every = sorted(grants[0] + grants[1])
    span = every[-1] - max(start_at, every[0])
    # 40 grants at 20/s with a burst of 2 take at least 1.9 s; unshared limits would finish in ~1 s
    assert span >= 1.6, span
    # the two processes really ran at the same time (interleaved grants)
    assert grants[0][0] < grants[1][-1] and grants[1][0] < grants[0][-1]
