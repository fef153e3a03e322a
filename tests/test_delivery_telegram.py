"""The worker with the real TelegramSender against the fake Bot API server, over real HTTP:
429 (pause + retry, not counted), 403 (blocked → citizen unreachable), 5xx (backoff), 400 (failed)."""

from __future__ import annotations

import asyncio

import pytest

from bot.core.types import Outbound
from bot.delivery.limits import LocalLimiter, limits_from_settings
from bot.delivery.worker import Worker
from storage import outbox
from storage.models import Citizen, Outbox
from tests import delivery_fixtures as _df
from tests.delivery_fixtures import TOKEN, add_citizens, settings_for, statuses

sqlite_dstore = _df.sqlite_dstore  # fixture



@pytest.fixture
async def tg(sqlite_dstore, fake):
    """(store, fake, worker) with the real Telegram sender pointed at the fake server."""
    from bot.channels.telegram import TelegramSender, make_bot

    settings = settings_for(sqlite_dstore.url, telegram_token=TOKEN, telegram_api_url=fake.base_url,
                            telegram_rate_per_second=200, delivery_max_attempts=3)
    bot = make_bot(settings)
    sender = TelegramSender(bot, sqlite_dstore, settings)
    worker = Worker(sqlite_dstore, {"telegram": sender}, settings, worker_id="tg-test",
                    limiter=LocalLimiter(limits_from_settings(settings)), concurrency=2, batch_size=5,
                    max_limiter_wait=5)
    yield sqlite_dstore, fake, worker
    await bot.session.close()


def _queue(store, chats, text="Thông báo thử", citizen_ids=None):
    with store.session() as s:
        return [outbox.enqueue(s, channel="telegram", recipient=str(c), payload=Outbound(text).to_payload(),
                               citizen_id=citizen_ids[i] if citizen_ids else None, purpose="broadcast").id
                for i, c in enumerate(chats)]


async def _until_done(worker, store, n, timeout=20.0):
    async def loop():
        while True:
            await worker.run_once()
            c = statuses(store)
            if c["pending"] + c["sending"] == 0 and sum(c.values()) >= n:
                return c
            await asyncio.sleep(0.05)

    return await asyncio.wait_for(loop(), timeout)


async def test_messages_arrive(tg):
    store, fake, worker = tg
    _queue(store, [1001, 1002])
    c = await _until_done(worker, store, 2)
    assert c["sent"] == 2
    assert fake.texts(1001) == ["Thông báo thử"] and fake.texts(1002) == ["Thông báo thử"]
    with store.session() as s:
        assert all(r.external_id for r in outbox.rows_for(s, purpose="broadcast"))


async def test_429_pauses_the_channel_and_retries_without_counting(tg):
    store, fake, worker = tg
    fake.fail_next("sendMessage", 429, "Too Many Requests: retry after 1", retry_after=1)
    ids = _queue(store, [2001, 2002, 2003])
    worker.max_limiter_wait = 0.2  # rows behind the 429 are given back while the channel is paused
    await worker.run_once()
    assert worker.stats["rate_limited"] == 1 and await worker.limiter.paused_for("telegram") > 0
    with store.session() as s:
        first = s.get(Outbox, ids[0])
        assert first.status == "pending" and first.attempts == 0 and "429" in first.last_error
    c = await _until_done(worker, store, 3)
    assert c["sent"] == 3
    with store.session() as s:
        assert s.get(Outbox, ids[0]).attempts == 0  # the 429 did not use up an attempt
    assert [m for m in fake.rejected if m[1] == 429] and all(len(fake.texts(ch)) == 1 for ch in (2001, 2002, 2003))


async def test_403_marks_the_citizen_unreachable_and_unsubscribed(tg):
    store, fake, worker = tg
    cids = add_citizens(store, 2, first_id=3001)
    fake.block(3001)
    _queue(store, [3001, 3002], citizen_ids=cids)
    c = await _until_done(worker, store, 2)
    assert c["blocked"] == 1 and c["sent"] == 1
    with store.session() as s:
        blocked, ok = s.get(Citizen, cids[0]), s.get(Citizen, cids[1])
        assert blocked.unreachable and not blocked.subscribed and "403" in blocked.unreachable_reason
        assert not ok.unreachable and ok.subscribed
        row = outbox.rows_for(s, recipient="3001")[0]
        assert row.status == "blocked" and "blocked" in row.last_error and TOKEN not in row.last_error


async def test_server_errors_are_retried_then_sent(tg):
    store, fake, worker = tg
    fake.fail_next("sendMessage", 502, "Bad Gateway", times=2)
    ids = _queue(store, [4001])
    c = await _until_done(worker, store, 1)
    assert c["sent"] == 1 and fake.texts(4001) == ["Thông báo thử"]
    with store.session() as s:
        assert s.get(Outbox, ids[0]).attempts == 2


async def test_server_errors_until_max_attempts_fail_the_row(tg):
    store, fake, worker = tg
    fake.fail_next("sendMessage", 500, "Internal Server Error", times=10)
    ids = _queue(store, [5001])
    c = await _until_done(worker, store, 1)
    assert c["failed"] == 1
    with store.session() as s:
        row = s.get(Outbox, ids[0])
    assert row.attempts == 3 and "500" in row.last_error or "Internal" in row.last_error
    assert TOKEN not in row.last_error


async def test_bad_request_fails_at_once(tg):
    store, fake, worker = tg
    fake.fail_next("sendMessage", 400, "Bad Request: can't parse entities")
    ids = _queue(store, [6001])
    c = await _until_done(worker, store, 1)
    assert c["failed"] == 1
    with store.session() as s:
        assert s.get(Outbox, ids[0]).attempts == 1
