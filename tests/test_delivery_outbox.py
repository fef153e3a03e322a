"""The outbox claim protocol and the worker's handling of each send outcome (SQLite and PostgreSQL)."""

from __future__ import annotations

import asyncio
import threading
from datetime import timedelta

import pytest

from bot.core.types import Outbound
from bot.delivery.base import SendResult
from bot.delivery.limits import LocalLimiter, limits_from_settings
from bot.delivery.worker import Worker, redact
from storage import outbox, utcnow
from storage.models import Citizen, Outbox
from tests import delivery_fixtures as _df
from tests.delivery_fixtures import ScriptedSender, add_citizens, settings_for, statuses

dstore = _df.dstore  # fixture
pg_dstore = _df.pg_dstore  # fixture


def _enqueue(store, n: int, *, channel: str = "telegram", recipient=None, citizen_ids=None, **kw) -> list[int]:
    ids = []
    with store.session() as s:
        for i in range(n):
            rid = recipient if recipient is not None else str(500 + i)
            row = outbox.enqueue(s, channel=channel, recipient=rid, payload=Outbound(text=f"tin {i}").to_payload(),
                                 citizen_id=citizen_ids[i] if citizen_ids else None, **kw)
            ids.append(row.id)
    return ids


def _claim(store, worker="w1", limit=10, lease=60.0, channels=("telegram",), now=None):
    with store.session() as s:
        return outbox.claim_batch(s, channels=channels, worker_id=worker, limit=limit, lease_seconds=lease, now=now)


def _worker(store, sender, **kw) -> Worker:
    settings = settings_for(store.url, delivery_max_attempts=kw.pop("max_attempts", 3), telegram_rate_per_second=500)
    return Worker(store, {sender.channel: sender}, settings, worker_id=kw.pop("worker_id", "test-worker"),
                  limiter=kw.pop("limiter", None) or LocalLimiter(limits_from_settings(settings)), concurrency=kw.pop("concurrency", 2),
                  batch_size=kw.pop("batch_size", 5), **kw)


# --------------------------------------------------------------------------------------------- claiming
def test_claim_takes_due_rows_once_and_marks_them(dstore):
    _enqueue(dstore, 3)
    with dstore.session() as s:
        outbox.enqueue(s, channel="console", recipient="x", payload=Outbound("console").to_payload())
        later = outbox.enqueue(s, channel="telegram", recipient="later", payload=Outbound("later").to_payload())
        later.next_attempt_at = utcnow() + timedelta(hours=1)
    rows = _claim(dstore)
    assert [r.payload["text"] for r in rows] == ["tin 0", "tin 1", "tin 2"]
    assert all(r.status == "sending" and r.claimed_by == "w1" and r.claimed_at for r in rows)
    assert _claim(dstore, worker="w2") == []  # nothing else due; console rows are never claimed here
    assert statuses(dstore)["pending"] == 2


def test_claim_keeps_per_chat_order(dstore):
    _enqueue(dstore, 3, recipient="42")
    first = _claim(dstore)
    assert [r.payload["text"] for r in first] == ["tin 0"]  # later rows of the chat wait for the first
    assert _claim(dstore) == []
    with dstore.session() as s:
        outbox.mark_sent(s, first[0].id, "m1", worker_id="w1")
    assert [r.payload["text"] for r in _claim(dstore)] == ["tin 1"]


def test_stale_claims_are_reclaimed_after_the_lease(dstore):
    _enqueue(dstore, 2)
    rows = _claim(dstore, worker="dead", lease=30)
    assert len(rows) == 2
    assert _claim(dstore, worker="alive", lease=30) == []  # lease not expired
    later = utcnow() + timedelta(seconds=31)
    again = _claim(dstore, worker="alive", lease=30, now=later)
    assert [r.id for r in again] == [r.id for r in rows]
    assert all(r.claimed_by == "alive" and r.attempts == 1 for r in again)  # a reclaim counts one attempt
    with dstore.session() as s:  # the dead worker's late result no longer applies
        assert outbox.mark_sent(s, rows[0].id, "x", worker_id="dead") is False
        assert outbox.mark_sent(s, rows[0].id, "x", worker_id="alive") is True


def test_recover_stale_and_release(dstore):
    ids = _enqueue(dstore, 3)
    _claim(dstore, worker="w1")
    with dstore.session() as s:
        assert outbox.recover_stale(s, lease_seconds=60) == 0
        assert outbox.recover_stale(s, lease_seconds=60, now=utcnow() + timedelta(minutes=2)) == 3
    assert len(_claim(dstore, worker="w2", now=utcnow() + timedelta(minutes=3))) == 3
    with dstore.session() as s:
        assert outbox.release(s, ids[:2], worker_id="w2") == 2
        assert outbox.release_worker(s, "w2") == 1
    assert statuses(dstore)["pending"] == 3


def test_mark_blocked_makes_the_citizen_unreachable(dstore):
    cid = add_citizens(dstore, 1)[0]
    ids = _enqueue(dstore, 1, citizen_ids=[cid])
    _claim(dstore)
    with dstore.session() as s:
        assert outbox.mark_blocked(s, ids[0], "403 Forbidden: bot was blocked by the user", worker_id="w1")
    with dstore.session() as s:
        c = s.get(Citizen, cid)
        assert c.unreachable and not c.subscribed and "403" in c.unreachable_reason
        assert s.get(Outbox, ids[0]).status == "blocked"


def test_two_claimers_on_postgres_never_share_a_row(pg_dstore):
    _enqueue(pg_dstore, 400)
    claimed: dict[str, list[int]] = {"a": [], "b": [], "c": []}
    barrier = threading.Barrier(3)

    def claimer(name: str) -> None:
        from storage import Store

        own = Store(pg_dstore.url)  # its own connection pool: truly concurrent transactions
        barrier.wait()
        while True:
            rows = _claim(own, worker=name, limit=7)
            if not rows:
                break
            claimed[name] += [r.id for r in rows]
            with own.session() as s:
                for r in rows:
                    outbox.mark_sent(s, r.id, None, worker_id=name)
        own.dispose()

    threads = [threading.Thread(target=claimer, args=(n,)) for n in claimed]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    every = [i for ids in claimed.values() for i in ids]
    assert len(every) == 400 and len(set(every)) == 400
    assert sum(1 for ids in claimed.values() if ids) >= 2  # they really ran side by side
    assert statuses(pg_dstore)["sent"] == 400


async def test_two_workers_on_postgres_never_send_the_same_row(pg_dstore):
    from storage import Store

    _enqueue(pg_dstore, 300)
    sender_a, sender_b = ScriptedSender(delay=0.002), ScriptedSender(delay=0.002)
    store_b = Store(pg_dstore.url)
    wa = _worker(pg_dstore, sender_a, worker_id="A", concurrency=4)
    wb = _worker(store_b, sender_b, worker_id="B", concurrency=4)
    stop = asyncio.Event()

    async def stop_when_done() -> None:
        while statuses(pg_dstore)["sent"] < 300:
            await asyncio.sleep(0.05)
        stop.set()

    await asyncio.wait_for(asyncio.gather(wa.run(stop), wb.run(stop), stop_when_done()), timeout=60)
    store_b.dispose()
    a, b = sender_a.sent_to(), sender_b.sent_to()
    assert sum(a.values()) + sum(b.values()) == 300
    assert not set(a) & set(b)  # no recipient served by both
    assert max((a + b).values()) == 1
    assert a and b


# --------------------------------------------------------------------------------------------- outcomes
async def test_ok_is_sent_with_the_external_id(dstore):
    ids = _enqueue(dstore, 2)
    sender = ScriptedSender()
    assert await _worker(dstore, sender).drain() == 2
    with dstore.session() as s:
        rows = [s.get(Outbox, i) for i in ids]
    assert [r.status for r in rows] == ["sent", "sent"]
    assert rows[0].external_id == "m-500" and rows[0].sent_at is not None and rows[0].claimed_by == "test-worker"


async def test_transient_errors_back_off_then_fail_with_the_error(dstore):
    ids = _enqueue(dstore, 1)
    sender = ScriptedSender()
    sender.script["500"] = [ConnectionError("boom 1"), SendResult(ok=False, error="502 Bad Gateway"),
                            ConnectionError("boom 3")]
    w = _worker(dstore, sender, max_attempts=3)
    await w.run_once()
    with dstore.session() as s:
        row = s.get(Outbox, ids[0])
        assert (row.status, row.attempts) == ("pending", 1)
        assert "boom 1" in row.last_error and row.next_attempt_at > utcnow() - timedelta(seconds=1)
    for _ in range(200):  # retries come back after the (short, test) backoff
        await w.run_once()
        if statuses(dstore)["failed"]:
            break
        await asyncio.sleep(0.02)
    with dstore.session() as s:
        row = s.get(Outbox, ids[0])
    assert row.status == "failed" and row.attempts == 3 and "boom 3" in row.last_error
    assert len(sender.calls) == 3


async def test_transient_error_then_success(dstore):
    _enqueue(dstore, 1)
    sender = ScriptedSender()
    sender.script["500"] = [TimeoutError("slow")]
    w = _worker(dstore, sender)
    for _ in range(200):
        await w.run_once()
        if statuses(dstore)["sent"]:
            break
        await asyncio.sleep(0.02)
    assert statuses(dstore)["sent"] == 1 and len(sender.calls) == 2


async def test_permanent_error_fails_at_once(dstore):
    ids = _enqueue(dstore, 1)
    sender = ScriptedSender()
    sender.script["500"] = [SendResult(ok=False, permanent=True, error="400 Bad Request: chat not found")]
    await _worker(dstore, sender).drain()
    with dstore.session() as s:
        row = s.get(Outbox, ids[0])
    assert row.status == "failed" and row.attempts == 1 and "400" in row.last_error


async def test_blocked_recipient(dstore):
    cid = add_citizens(dstore, 1)[0]
    _enqueue(dstore, 1, citizen_ids=[cid])
    sender = ScriptedSender()
    sender.script["500"] = [SendResult(ok=False, blocked=True, error="403 Forbidden: bot was blocked by the user")]
    await _worker(dstore, sender).drain()
    assert statuses(dstore)["blocked"] == 1
    with dstore.session() as s:
        assert s.get(Citizen, cid).unreachable


async def test_rate_limit_pauses_the_channel_without_counting_an_attempt(dstore):
    ids = _enqueue(dstore, 3)
    limiter = LocalLimiter(limits_from_settings(settings_for(dstore.url)))
    sender = ScriptedSender()
    sender.script["500"] = [SendResult(ok=False, retry_after=30, error="429")]
    w = _worker(dstore, sender, limiter=limiter, concurrency=1, max_limiter_wait=0.5)
    await w.run_once()
    assert await limiter.paused_for("telegram") > 25
    with dstore.session() as s:
        rows = [s.get(Outbox, i) for i in ids]
    assert rows[0].status == "pending" and rows[0].attempts == 0
    assert rows[0].next_attempt_at > utcnow() + timedelta(seconds=25)
    # the rows behind it are given back, not sent, while the channel is paused
    assert [r.status for r in rows[1:]] == ["pending", "pending"] and len(sender.calls) == 1
    assert w.stats["deferred"] == 2


async def test_worker_leaves_channels_it_has_no_sender_for(dstore):
    _enqueue(dstore, 2, channel="console")
    assert await _worker(dstore, ScriptedSender()).drain() == 0
    assert statuses(dstore)["pending"] == 2


async def test_stop_gives_back_claimed_rows(dstore):
    _enqueue(dstore, 10)
    sender = ScriptedSender(delay=0.05)
    w = _worker(dstore, sender, concurrency=1, batch_size=10)
    stop = asyncio.Event()
    task = asyncio.create_task(w.run(stop))
    while not sender.calls:
        await asyncio.sleep(0.01)
    stop.set()
    await asyncio.wait_for(task, 10)
    c = statuses(dstore)
    assert c["sending"] == 0 and c["sent"] + c["pending"] == 10 and c["pending"] > 0


def test_redact_hides_tokens():
    assert "AAFake" not in redact("POST https://api.telegram.org/bot123456789:AAFakeTokenForTestsOnly_x/sendMessage")


@pytest.mark.parametrize("attempt", [1, 3, 10])
def test_backoff_grows_with_jitter_and_is_capped(attempt):
    from bot.delivery.backoff import Backoff

    b = Backoff(base=1.0, maximum=60.0)
    delays = [b.delay(attempt) for _ in range(50)]
    assert all(0.2 <= d <= min(60.0, 2 ** (attempt - 1)) + 1e-9 for d in delays)
    assert len({round(d, 6) for d in delays}) > 1  # jitter


def test_enqueue_many_writes_the_rows_enqueue_would(dstore):
    """One statement for many messages (the daily digest): the same columns and defaults as enqueue, due at once."""
    from sqlmodel import select

    msgs = [dict(channel="telegram", recipient=str(100 + i), purpose="digest", ref="DIGEST-x",
                 payload=Outbound(text=f"dòng {i}").to_payload(), dedupe_key=f"digest:x:{i}") for i in range(3)]
    with dstore.session() as s:
        assert outbox.enqueue_many(s, msgs) == 3
        one = outbox.enqueue(s, channel="telegram", recipient="200", payload=Outbound(text="một").to_payload())
    with dstore.session() as s:
        rows = s.exec(select(Outbox).order_by(Outbox.id)).all()
    many, single = rows[:3], rows[3]
    assert [r.recipient for r in many] == ["100", "101", "102"] and single.id == one.id
    for r in many:
        assert (r.status, r.attempts, r.purpose, r.ref, r.claimed_at) == (single.status, 0, "digest", "DIGEST-x", None)
        assert r.payload["text"].startswith("dòng") and r.next_attempt_at <= utcnow() and r.created_at is not None
    assert [r.id for r in _claim(dstore, limit=10)] == [r.id for r in rows]
    with dstore.session() as s, pytest.raises(TypeError):
        outbox.enqueue_many(s, [dict(channel="telegram", recipient="1", payload={}, status="sent")])


def test_payload_is_a_plain_copy_that_round_trips() -> None:
    """to_payload is written out by hand for speed: it must stay what dataclasses.asdict gives, for every field."""
    from dataclasses import asdict

    from bot.core.types import Attachment, Button, Location

    full = Outbound(text="đủ", buttons=[[Button("Có", "y"), Button("Không", "n")], [Button("Menu", "m")]],
                    attachments=[Attachment("photo", "f1", "a.jpg", "image/jpeg", 10, "g", "/x/a.jpg")],
                    request_phone=True, request_location=True, menu=True, chat_id="-100", ref="PA-1", edit=True,
                    thread_key="van_phong", location=Location(10.5, 106.7, "Chợ", "Phường 1"))
    for msg in (full, Outbound("chỉ chữ")):
        payload = msg.to_payload()
        assert payload == asdict(msg)
        assert Outbound.from_payload(payload) == msg
        before = [list(row) for row in msg.buttons]
        payload["buttons"].clear()  # a copy: changing it leaves the message alone
        assert msg.buttons == before
