"""No message lost, on the outbox worker's side (issue 11), with the real TelegramSender over real HTTP
against the fake Bot API:

* a dead Redis: the in-process limits take over with one warning, and everything is delivered;
* the attempt cap holds on every path (a row reclaimed after crashes, a limiter that raises) and ends in
  ``failed`` with a private alert to the administrators (coalesced);
* the bot removed from the staff group (403): cards are held, never dropped; the admins are alerted once;
  the cards go out, in order, when the bot is back;
* the staff group upgraded to a supergroup (400 ``migrate_to_chat_id``): followed, persisted, alerted, and
  the next start sends staff cards to the new id;
* digested cards keep a button (and a ``/xem`` line) that opens each card.
"""

from __future__ import annotations

import asyncio
import logging
import socket
from datetime import timedelta

from bot.core.types import Button, Outbound
from bot.delivery.limits import ChannelLimits, LocalLimiter, RedisLimiter, make_limiter
from bot.delivery.worker import Worker
from storage import destinations, outbox, utcnow
from storage import staff as staff_repo
from storage.models import Outbox
from tests import delivery_fixtures as _df
from tests.delivery_fixtures import TOKEN, settings_for, statuses

dstore = _df.dstore  # fixture: SQLite, and PostgreSQL when PAKN_TEST_POSTGRES_URL is set
dprofile = _df.dprofile

GROUP = -1001234567890
SUPERGROUP = -1009876543210
ADMIN, OFFICER = 5001, 5002


def closed_port() -> int:
    """A port nobody listens on (bound then released): connections to it are refused."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]



def _staff(store) -> None:
    with store.session() as s:
        staff_repo.add(s, channel="telegram", user_id=str(ADMIN), name="Nguyễn Thị Hoa", role="admin")
        staff_repo.add(s, channel="telegram", user_id=str(OFFICER), name="Trần Văn Minh", role="officer")


def _worker(store, fake, profile, *, limiter=None, **kw):
    from bot.channels.telegram import TelegramSender, make_bot

    values = {"telegram_token": TOKEN, "telegram_api_url": fake.base_url, "telegram_staff_chat_id": GROUP,
              "telegram_rate_per_second": 500, "telegram_rate_per_chat_per_second": 500,
              "telegram_group_per_minute": 60_000, "delivery_max_attempts": 3,
              "delivery_digest_threshold": 0, "delivery_group_retry_seconds": 0.3}
    values.update(kw)
    settings = settings_for(store.url, **values)
    bot = make_bot(settings)
    sender = TelegramSender(bot, store, settings)
    worker = Worker(store, {"telegram": sender}, settings, worker_id="reliab-test", profile=profile,
                    limiter=limiter or LocalLimiter({"telegram": ChannelLimits(per_second=500, per_chat_per_second=500,
                                                                               group_per_minute=60_000)}),
                    concurrency=2, batch_size=5, max_limiter_wait=5)
    worker.scheduler = None  # the scheduled jobs are not under test
    return bot, sender, worker


def _card(i: int) -> Outbound:
    code = f"PA-2026-{i:06d}-A"
    return Outbound(text=f"📨 {code}\nLoại: Phản ánh\n\nNội dung số {i}.", ref=code,
                    buttons=[[Button("🙋 Nhận xử lý", f"s:take:{code}")]])


def _enqueue(store, msgs: list[Outbound], *, recipient: int | str = GROUP, purpose: str = "card") -> list[int]:
    with store.session() as s:
        return [outbox.enqueue(s, channel="telegram", recipient=str(recipient), payload=m.to_payload(),
                               purpose=purpose, ref=m.ref).id for m in msgs]


async def _until(worker: Worker, store, done, timeout: float = 20.0) -> dict[str, int]:
    async def loop() -> dict[str, int]:
        while True:
            await worker.run_once()
            c = statuses(store)
            if done(c):
                return c
            await asyncio.sleep(0.05)

    return await asyncio.wait_for(loop(), timeout)


def _settled(c: dict[str, int]) -> bool:
    return c["pending"] + c["sending"] == 0


def _alerts(store) -> list[Outbox]:
    with store.session() as s:
        return outbox.rows_for(s, purpose="alert")


# ------------------------------------------------------------------------------------------------ Redis down
async def test_a_dead_redis_falls_back_to_local_limits_with_one_warning(dstore, fake, dprofile, caplog):
    settings = settings_for(dstore.url, redis_url=f"redis://127.0.0.1:{closed_port()}/0")
    limiter = make_limiter(settings)
    assert isinstance(limiter, RedisLimiter)
    limiter.limits = {"telegram": ChannelLimits(per_second=500, per_chat_per_second=500, group_per_minute=60_000)}
    limiter.local.limits = limiter.limits
    bot, _sender, worker = _worker(dstore, fake, dprofile, limiter=limiter)
    chats = [2000 + i for i in range(12)]
    _enqueue(dstore, [Outbound(f"Thông báo {i}") for i in range(12)], recipient=chats[0], purpose="notify")
    for chat in chats[1:]:
        _enqueue(dstore, [Outbound("Tin riêng")], recipient=chat, purpose="notify")
    caplog.set_level(logging.WARNING, logger="bot.delivery.limits")
    try:
        c = await _until(worker, dstore, _settled)
    finally:
        await bot.session.close()
        await limiter.aclose()
    assert c["sent"] == 23 and c["failed"] == 0  # nothing stuck in "sending", nothing lost
    assert fake.texts(chats[0]) == [f"Thông báo {i}" for i in range(12)]  # in order, once each
    assert all(fake.texts(chat) == ["Tin riêng"] for chat in chats[1:])
    warnings = [r for r in caplog.records if "Redis is unreachable" in r.getMessage()]
    assert len(warnings) == 1, [r.getMessage() for r in caplog.records]  # one warning, not one per message
    assert limiter.degraded and limiter.redis_failures >= 1


async def test_redis_back_is_used_again(monkeypatch):
    """After the retry interval the shared limits are tried again; success ends the fallback (one more line)."""
    limiter = RedisLimiter(f"redis://127.0.0.1:{closed_port()}/0", {"telegram": ChannelLimits(per_second=100)},
                           retry_seconds=0.0)
    calls = {"n": 0}

    async def flaky(channel, recipient, max_wait):
        calls["n"] += 1
        if calls["n"] == 1:
            raise ConnectionError("Redis down")
        return 0.0

    monkeypatch.setattr(limiter, "_acquire_shared", flaky)
    assert await limiter.acquire("telegram", "1", max_wait=0.1) == 0.0 and limiter.degraded
    assert await limiter.acquire("telegram", "2", max_wait=0.1) == 0.0 and not limiter.degraded
    await limiter.aclose()


# ------------------------------------------------------------------------------------------------ the cap
async def test_a_row_reclaimed_after_crashes_ends_failed_with_an_alert(dstore, fake, dprofile):
    _staff(dstore)
    bot, _sender, worker = _worker(dstore, fake, dprofile)
    [rid] = _enqueue(dstore, [Outbound("Trả lời hồ sơ PA-2026-000001-A", ref="PA-2026-000001-A")], recipient=3001,
                     purpose="notify")
    # a worker took it and died, again and again: each reclaim after the lease counted one attempt
    with dstore.session() as s:
        row = s.get(Outbox, rid)
        row.status, row.claimed_by, row.claimed_at = "sending", "dead", utcnow() - timedelta(hours=1)
        row.attempts = worker.max_attempts - 1
    try:
        c = await _until(worker, dstore, lambda c: c["failed"] == 1 and _settled(c))
    finally:
        await bot.session.close()
    with dstore.session() as s:
        row = s.get(Outbox, rid)
    assert row.status == "failed" and row.attempts == worker.max_attempts and "lần thử" in row.last_error
    assert fake.texts(3001) == []  # this test's crashes never sent it
    [alert] = [a for a in _alerts(dstore) if a.recipient == str(ADMIN)]
    assert alert.status == "sent" and c["sent"] == 1  # delivered to the admin's private chat, and only there
    assert not [a for a in _alerts(dstore) if a.recipient == str(OFFICER)]
    [text] = fake.texts(ADMIN)
    assert "PA-2026-000001-A" in text and "không gửi được" in text.lower() and "pakn doctor" in text


async def test_a_failing_limiter_cannot_keep_rows_sending_forever(dstore, fake, dprofile, caplog):
    class Broken(LocalLimiter):
        async def acquire(self, channel, recipient, max_wait=30.0):
            raise RuntimeError("limiter bug")

    _staff(dstore)
    bot, _sender, worker = _worker(dstore, fake, dprofile, limiter=Broken())
    worker.backoff.base = worker.backoff.floor = 0.01
    worker.backoff.maximum = 0.02
    [rid] = _enqueue(dstore, [Outbound("Thông báo")], recipient=3002, purpose="notify")
    caplog.set_level(logging.CRITICAL)
    try:
        await _until(worker, dstore, lambda c: c["failed"] >= 1, timeout=15)
    finally:
        await bot.session.close()
    with dstore.session() as s:
        row = s.get(Outbox, rid)
    assert row.status == "failed" and row.attempts == worker.max_attempts and "RuntimeError" in row.last_error
    assert [a.recipient for a in _alerts(dstore)] == [str(ADMIN)]


async def test_failure_alerts_are_coalesced(dstore, fake, dprofile):
    _staff(dstore)
    bot, _sender, worker = _worker(dstore, fake, dprofile)
    for chat in (4001, 4002, 4003):
        fake.fail_next("sendMessage", 400, "Bad Request: message text is empty", chat_id=chat)
    _enqueue(dstore, [Outbound("a")], recipient=4001, purpose="notify")
    _enqueue(dstore, [Outbound("b")], recipient=4002, purpose="staff")
    _enqueue(dstore, [Outbound("c")], recipient=4003, purpose="broadcast")  # announcements: their own report
    try:
        c = await _until(worker, dstore, _settled)
    finally:
        await bot.session.close()
    assert c["failed"] == 3
    assert [a.recipient for a in _alerts(dstore)] == [str(ADMIN)]  # one alert for the window, not one per row
    [text] = fake.texts(ADMIN)
    assert "Trong 1 giờ qua có 1 tin nhắn" in text  # the count at the first failure; the second is coalesced


# ------------------------------------------------------------------------------------------------ staff group
async def test_bot_removed_from_the_staff_group_holds_cards_alerts_once_and_resends(dstore, fake, dprofile, caplog):
    _staff(dstore)
    bot, _sender, worker = _worker(dstore, fake, dprofile)
    fake.kick(GROUP)
    ids = _enqueue(dstore, [_card(i) for i in range(1, 6)])
    caplog.set_level(logging.ERROR, logger="bot.delivery.worker")
    try:
        for _ in range(6):  # a few probes while the bot is out of the group
            await worker.run_once()
            await asyncio.sleep(0.35)
        with dstore.session() as s:
            rows = [s.get(Outbox, i) for i in ids]
            assert all(r.status == "pending" and r.attempts == 0 for r in rows)  # held, never blocked nor failed
            assert destinations.down(s, "telegram", str(GROUP)) is not None
        assert fake.messages(GROUP) == []
        tries = [r for r in fake.rejected if r[1] == 403]
        assert 2 <= len(tries) <= 7  # one probe per retry interval, not one per card
        assert len(fake.texts(ADMIN)) == 1 and "nhóm cán bộ" in fake.texts(ADMIN)[0]  # alerted once, privately
        assert fake.texts(OFFICER) == []
        assert [r for r in caplog.records if "cannot post in group" in r.getMessage()]

        fake.unkick(GROUP)  # an admin adds the bot back
        c = await _until(worker, dstore, lambda c: _settled(c))
    finally:
        await bot.session.close()
    assert c["blocked"] == 0 and c["failed"] == 0
    assert [m["text"].splitlines()[0] for m in fake.messages(GROUP)] == [f"📨 PA-2026-{i:06d}-A" for i in range(1, 6)]
    assert len(fake.texts(ADMIN)) == 2 and "trở lại" in fake.texts(ADMIN)[1]
    with dstore.session() as s:
        assert destinations.down(s, "telegram", str(GROUP)) is None


async def test_a_group_upgraded_to_a_supergroup_is_followed_and_remembered(dstore, fake, dprofile, tmp_path):
    _staff(dstore)
    bot, sender, worker = _worker(dstore, fake, dprofile)
    fake.migrate(GROUP, SUPERGROUP)
    _enqueue(dstore, [_card(i) for i in range(1, 4)])
    try:
        c = await _until(worker, dstore, _settled)
        assert c["sent"] == 4 and c["failed"] == 0  # 3 cards and the admin's alert
        assert [m["text"].splitlines()[0] for m in fake.messages(SUPERGROUP)] == [
            f"📨 PA-2026-{i:06d}-A" for i in range(1, 4)]
        assert sender.staff_chat == str(SUPERGROUP)
        [alert] = fake.texts(ADMIN)
        assert str(SUPERGROUP) in alert and "PAKN_TELEGRAM_STAFF_CHAT_ID" in alert
        # a core process still using the old id: its cards are moved when claimed
        _enqueue(dstore, [_card(4)])
        c = await _until(worker, dstore, _settled)
    finally:
        await bot.session.close()
    assert fake.messages(SUPERGROUP)[-1]["text"].startswith("📨 PA-2026-000004-A")
    assert [r for r in fake.rejected if r[1] == 400] == [r for r in fake.rejected if r[1] == 400][:1]  # one 400
    with dstore.session() as s:
        assert destinations.moves(s, "telegram") == {str(GROUP): str(SUPERGROUP)}
        assert {r.recipient for r in outbox.rows_for(s, purpose="card")} == {str(SUPERGROUP)}

    # the next start sends staff cards to the new id, whatever the configuration still says
    from bot.app import build

    app = build(settings_for(dstore.url, telegram_token=TOKEN, telegram_staff_chat_id=GROUP, data_dir=tmp_path))
    try:
        assert app.settings.telegram_staff_chat_id == SUPERGROUP
        assert app.core.staff_chats == [("telegram", str(SUPERGROUP))]
    finally:
        app.store.dispose()


# ------------------------------------------------------------------------------------------------ digests
async def test_digested_cards_keep_a_way_to_open_their_card(dstore, fake, dprofile):
    bot, _sender, worker = _worker(dstore, fake, dprofile, delivery_digest_threshold=3)
    refs = [f"PA-2026-{i:06d}-A" for i in range(1, 11)]
    _enqueue(dstore, [_card(i) for i in range(1, 11)])
    try:
        c = await _until(worker, dstore, _settled)
    finally:
        await bot.session.close()
    assert c["sent"] == 10
    sends = fake.messages(GROUP)
    digest = sends[-1]
    assert "vượt giới hạn" in digest["text"] and "/xem" in digest["text"]
    digested = [ref for ref in refs if ref in digest["text"]]
    assert len(digested) >= 2 and len(sends) < 10
    buttons = [b for row in digest["reply_markup"]["inline_keyboard"] for b in row]
    assert [b["callback_data"] for b in buttons] == [f"s:view:{ref}" for ref in digested]
    assert all(ref in b["text"] for ref, b in zip(digested, buttons, strict=True))


async def test_web_chat_limits_survive_a_dead_redis(caplog):
    from bot.channels.web.security import RedisRateLimiter

    lim = RedisRateLimiter(f"redis://127.0.0.1:{closed_port()}/0", 3, "pakntest:web")
    caplog.set_level(logging.WARNING, logger="bot.channels.web.security")
    try:
        answers = [await lim.allow("browser-1") for _ in range(5)]
    finally:
        await lim.aclose()
    assert answers == [True, True, True, False, False]  # still limited (in process), never an error
    assert lim.degraded and len([r for r in caplog.records if "Redis is unreachable" in r.getMessage()]) == 1
