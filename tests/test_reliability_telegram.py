"""No message lost, on the channel's side (issue 11), end to end over HTTP against the fake Bot API:

* a direct reply that Telegram refuses for longer than the reply's budget (429 beyond it, dropped
  connections, 5xx) goes to the outbox and arrives — the tracking code included, in order, once;
* the chat's later replies queue behind it (order kept);
* at shutdown the updates in hand finish; a reply that still cannot go by then waits in the outbox;
* direct replies in a group count against the group's limit (shared with the outbox worker);
* start-up waits for an unreachable Bot API with backoff, and gives up with a clear message;
* update ids are recorded per bot and pruned after 7 days; file names from the server are sanitised.
"""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
import threading
import time
from datetime import timedelta
from pathlib import Path

import pytest

from bot.channels.base import StartupError
from bot.channels.telegram import TelegramChannel, bot_id_of, run_polling
from bot.core.types import Attachment, Inbound, Outbound
from bot.delivery.limits import ChannelLimits, LocalLimiter
from bot.delivery.worker import Worker
from storage import outbox, updates, utcnow
from storage.models import ProcessedUpdate
from tests.fake_telegram import STAFF_CHAT, TOKEN, FakeTelegram, free_port, make_settings, running

ROOT = Path(__file__).resolve().parent.parent
CODE = "PA-2026-000123-E"
CITIZEN = 1001


class TrackingCore:
    """Stands in for the conversation (which is not under test): "gui" files an item and answers with three
    messages, the tracking code in the second; "cham" takes a while; anything else is echoed."""

    handles_update_ids = False  # the channel records the update id before the core runs: it is "processed"

    def __init__(self, slow: float = 1.5) -> None:
        self.seen: list[Inbound] = []
        self.slow = slow
        self.started = threading.Event()

    def handle(self, msg: Inbound) -> list[Outbound]:
        self.seen.append(msg)
        if msg.text == "gui":
            return [Outbound("Đã tiếp nhận phản ánh của Ông/Bà."), Outbound(f"Mã hồ sơ của Ông/Bà: {CODE}", ref=CODE),
                    Outbound("Xin cảm ơn Ông/Bà.")]
        if msg.text == "cham":
            self.started.set()
            time.sleep(self.slow)
            return [Outbound(f"Trả lời sau khi xử lý lâu: {CODE}", ref=CODE)]
        return [Outbound(f"echo: {msg.text}")]


def _settings(fake: FakeTelegram, tmp_path, **kw):
    values = {"telegram_rate_per_second": 500.0, "telegram_rate_per_chat_per_second": 500.0,
              "telegram_group_per_minute": 60_000.0, "delivery_backoff_base": 0.05, "delivery_backoff_max": 0.2,
              "delivery_max_attempts": 20, "worker_poll_interval": 0.05}
    values.update(kw)
    return make_settings(fake.base_url, tmp_path, **values)


class WorkerInBackground:
    def __init__(self, store, channel: TelegramChannel, settings, limiter=None) -> None:
        self.stop = asyncio.Event()
        self.worker = Worker(store, {"telegram": channel.sender}, settings, worker_id="w-reliab",
                             limiter=limiter or LocalLimiter({"telegram": ChannelLimits(per_second=500,
                                                                                        per_chat_per_second=500)}),
                             concurrency=2, batch_size=5, max_limiter_wait=10)
        self.task = asyncio.create_task(self.worker.run(self.stop))

    async def close(self) -> None:
        self.stop.set()
        await asyncio.wait_for(self.task, 15)


def _reply_rows(store, chat) -> list:
    with store.session() as s:
        return outbox.rows_for(s, recipient=str(chat), purpose="reply")



# ------------------------------------------------------------------------------------------------ replies
@pytest.mark.parametrize("fault", ["429", "dropped", "502"])
async def test_the_tracking_code_arrives_whatever_telegram_answers(fault, fake, tmp_path, sqlite_store):
    settings = _settings(fake, tmp_path)
    core = TrackingCore()
    async with running(settings, core, sqlite_store) as channel:
        channel.reply_max_retry_after = 0.5  # so the test need not wait 10 s for a "long" 429
        if fault == "429":  # longer than the reply may wait, twice: the outbox honours it
            fake.fail_next("sendMessage", 429, "Too Many Requests: retry after 2", retry_after=2, chat_id=CITIZEN,
                           times=2)
        elif fault == "dropped":  # more network errors than the reply's 4 attempts
            fake.fail_next("sendMessage", 0, "", chat_id=CITIZEN, times=6)
        else:
            fake.fail_next("sendMessage", 502, "Bad Gateway", chat_id=CITIZEN, times=6)
        worker = WorkerInBackground(sqlite_store, channel, settings)
        try:
            upd = fake.user_text(CITIZEN, "gui")
            await fake.wait_for_message(CITIZEN, lambda m: m["text"] == "Xin cảm ơn Ông/Bà.", timeout=30)
        finally:
            await worker.close()
    assert fake.texts(CITIZEN) == ["Đã tiếp nhận phản ánh của Ông/Bà.", f"Mã hồ sơ của Ông/Bà: {CODE}",
                                   "Xin cảm ơn Ông/Bà."]  # all of them, in order, once
    assert channel.stats["replies_deferred"] == 3
    assert [r.status for r in _reply_rows(sqlite_store, CITIZEN)] == ["sent"] * 3
    with sqlite_store.session() as s:  # the update was marked processed before the replies failed
        assert updates.is_processed(s, "telegram", channel.update_key(upd["update_id"]))
    assert len(core.seen) == 1


async def test_later_replies_wait_behind_those_in_the_outbox(fake, tmp_path, sqlite_store):
    settings = _settings(fake, tmp_path)
    async with running(settings, TrackingCore(), sqlite_store) as channel:
        channel.reply_max_retry_after = 0.5
        fake.fail_next("sendMessage", 429, "Too Many Requests: retry after 3", retry_after=3, chat_id=CITIZEN,
                       times=2)
        worker = WorkerInBackground(sqlite_store, channel, settings)
        try:
            fake.user_text(CITIZEN, "gui")
            await fake.wait_for(lambda: channel.stats["replies_deferred"] == 3)
            fake.user_text(CITIZEN, "tiep theo")  # while the first three wait for the 429 to pass
            await fake.wait_for_message(CITIZEN, lambda m: m["text"] == "echo: tiep theo", timeout=30)
        finally:
            await worker.close()
    assert fake.texts(CITIZEN) == ["Đã tiếp nhận phản ánh của Ông/Bà.", f"Mã hồ sơ của Ông/Bà: {CODE}",
                                   "Xin cảm ơn Ông/Bà.", "echo: tiep theo"]
    assert channel.stats["replies_deferred"] == 4


# ------------------------------------------------------------------------------------------------ shutdown
async def test_shutdown_waits_for_the_reply_in_hand(fake, tmp_path, sqlite_store):
    core = TrackingCore(slow=1.5)
    async with running(_settings(fake, tmp_path), core, sqlite_store) as channel:
        fake.user_text(CITIZEN, "cham")
        await asyncio.to_thread(core.started.wait, 10)
        assert channel.in_hand == 1
    # the channel was stopped while the core was still working: the reply went out before it closed
    assert fake.texts(CITIZEN) == [f"Trả lời sau khi xử lý lâu: {CODE}"]
    assert _reply_rows(sqlite_store, CITIZEN) == []


async def test_a_reply_that_cannot_go_at_shutdown_waits_in_the_outbox(fake, tmp_path, sqlite_store):
    core = TrackingCore(slow=1.0)
    settings = _settings(fake, tmp_path, shutdown_grace=0.5)
    async with running(settings, core, sqlite_store) as channel:
        fake.fail_next("sendMessage", 0, "", chat_id=CITIZEN, times=100)  # the API is gone meanwhile
        fake.user_text(CITIZEN, "cham")
        await asyncio.to_thread(core.started.wait, 10)
    assert fake.texts(CITIZEN) == []
    [row] = _reply_rows(sqlite_store, CITIZEN)
    assert row.status == "pending" and CODE in row.payload["text"]
    assert channel.stats["replies_deferred"] == 1
    # the next process's worker delivers it
    fake.failures.clear()
    channel2 = TelegramChannel(settings, core, sqlite_store)
    worker = WorkerInBackground(sqlite_store, channel2, settings)
    try:
        await fake.wait_for_message(CITIZEN, lambda m: CODE in m["text"], timeout=15)
    finally:
        await worker.close()
        await channel2.bot.session.close()


# ------------------------------------------------------------------------------------------------ group limit
async def test_direct_replies_in_a_group_respect_the_groups_limit(tmp_path, sqlite_store):
    """The fake server enforces 4 messages per 6 s in the group (Telegram: 20 a minute, shortened); the channel
    and the outbox worker share one limiter paced to that: no 429, every reply arrives once."""
    fake = FakeTelegram(group_per_minute=4, group_window=6.0)
    await fake.start()
    settings = _settings(fake, tmp_path, telegram_group_per_minute=36.0)
    limiter = LocalLimiter({"telegram": ChannelLimits(per_second=500, per_chat_per_second=500, group_per_minute=36)})
    try:
        async with running(settings, TrackingCore(), sqlite_store, limiter=limiter) as channel:
            channel.group_reply_wait = 2.0
            worker = WorkerInBackground(sqlite_store, channel, settings, limiter=limiter)
            try:
                for k in range(7):  # seven staff members write in the group at once
                    fake.user_text(6000 + k, f"lenh {k}", chat_id=STAFF_CHAT)
                await fake.wait_for(lambda: len(fake.messages(STAFF_CHAT)) == 7, timeout=40)
            finally:
                await worker.close()
        assert not [r for r in fake.rejected if r[1] == 429]  # the group's limit was never hit
        assert sorted(fake.texts(STAFF_CHAT)) == [f"echo: lenh {k}" for k in range(7)]
        assert channel.stats["replies_deferred"] >= 1  # the budget was spent: the outbox paced the rest
    finally:
        await fake.stop()


# ------------------------------------------------------------------------------------------------ start-up
def test_start_up_with_the_bot_api_unreachable_gives_up_with_a_clear_message(tmp_path):
    port = free_port()  # nobody listens there
    env = {**os.environ, "PAKN_TELEGRAM_TOKEN": TOKEN, "PAKN_TELEGRAM_API_URL": f"http://127.0.0.1:{port}",
           "PAKN_TELEGRAM_STARTUP_TIMEOUT": "3", "PAKN_WEB_ENABLED": "false", "PAKN_CORE_PROCESSES": "0",
           "PAKN_DATA_DIR": str(tmp_path), "PAKN_DATABASE_URL": f"sqlite:///{tmp_path}/p.db", "PAKN_LOG_LEVEL": "INFO"}
    for key in ("PAKN_REDIS_URL", "PAKN_TELEGRAM_STAFF_CHAT_ID", "PAKN_TELEGRAM_WEBHOOK_URL", "PAKN_ZALO_TOKEN"):
        env.pop(key, None)
    p = subprocess.run([sys.executable, "-m", "bot.cli", "run"], env=env, cwd=tmp_path, capture_output=True,
                       text=True, timeout=90)
    out = p.stdout + p.stderr
    assert p.returncode == 1, out
    assert "Traceback" not in out
    assert "Không khởi động được: Không kết nối được Telegram Bot API" in p.stderr
    assert "PAKN_TELEGRAM_API_URL" in p.stderr and "pakn doctor" in p.stderr
    assert out.count("retrying in") >= 2  # backed off and retried before giving up
    assert TOKEN not in out and TOKEN.split(":")[1] not in out


async def test_start_up_waits_for_the_bot_api_to_come_up(tmp_path, sqlite_store):
    port = free_port()
    fake = FakeTelegram(port=port)
    settings = make_settings(f"http://127.0.0.1:{port}", tmp_path)
    stop = asyncio.Event()
    task = asyncio.create_task(run_polling(settings, TrackingCore(), sqlite_store, stop, polling_timeout=1))
    try:
        await asyncio.sleep(1.5)  # getMe fails meanwhile (connection refused): retried with backoff
        assert not task.done()
        await fake.start()
        fake.user_text(CITIZEN, "xin chao")
        await fake.wait_for_message(CITIZEN, lambda m: m["text"] == "echo: xin chao", timeout=20)
    finally:
        stop.set()
        await asyncio.wait_for(task, 15)
        await fake.stop()


async def test_a_refused_token_fails_at_once(fake, tmp_path, sqlite_store):
    fake.fail_next("getMe", 401, "Unauthorized")
    with pytest.raises(StartupError, match="PAKN_TELEGRAM_TOKEN"):
        await asyncio.wait_for(run_polling(_settings(fake, tmp_path), TrackingCore(), sqlite_store, asyncio.Event()),
                               10)


# ------------------------------------------------------------------------------------------------ update ids
async def test_update_ids_are_kept_per_bot_and_pruned_after_seven_days(fake, tmp_path, sqlite_store, profile):
    """A new bot (another token) starts its update ids again at 1: its updates are not taken for duplicates."""
    core = TrackingCore()
    other = "987654321:BBHtestTOKENabcdefghijklmnopqrstuvwxyz9"
    a = TelegramChannel(_settings(fake, tmp_path), core, sqlite_store)
    b = TelegramChannel(_settings(fake, tmp_path, telegram_token=other), core, sqlite_store)
    try:
        assert a.update_key(5) == f"{bot_id_of(TOKEN)}:5" and b.update_key(5) == "987654321:5"
        assert await a.call_core(Inbound(channel="telegram", user_id="1", text="mot", update_id=a.update_key(5)))
        assert await a.call_core(Inbound(channel="telegram", user_id="1", text="mot",
                                         update_id=a.update_key(5))) == []  # a redelivery: dropped
        assert await b.call_core(Inbound(channel="telegram", user_id="1", text="hai", update_id=b.update_key(5)))
    finally:
        for ch in (a, b):
            await ch.close()
    assert [m.text for m in core.seen] == ["mot", "hai"]

    from bot.delivery.scheduler import Scheduler

    old = utcnow() - timedelta(days=8)
    with sqlite_store.session() as s:
        s.add(ProcessedUpdate(channel="telegram", update_id=f"{bot_id_of(TOKEN)}:1", at=old))
    night = utcnow().replace(hour=20, minute=0)  # 03:00 in Hà Nội: the nightly retention job runs
    Scheduler(sqlite_store, profile).run_retention(night)
    with sqlite_store.session() as s:
        assert not updates.is_processed(s, "telegram", f"{bot_id_of(TOKEN)}:1")  # older than 7 days: pruned
        assert updates.is_processed(s, "telegram", a.update_key(5)) and updates.is_processed(s, "telegram",
                                                                                              b.update_key(5))


# ------------------------------------------------------------------------------------------------ file names
async def test_file_names_from_the_server_are_sanitised(fake, tmp_path):
    from bot.channels.fetchers import TelegramFileFetcher

    settings = _settings(fake, tmp_path)
    fid = fake.add_file(b"\xff\xd8 anh", file_name="photo.jpg")
    fake.files[fid]["file_unique_id"] = "../../../../tmp/evil name;rm -rf"
    fake.files[fid]["file_path"] = "photos/../../x.JPG"
    path = await asyncio.to_thread(TelegramFileFetcher(settings),
                                   Attachment(kind="photo", file_id=fid, file_name="../../a b.JPG"))
    p = Path(path)
    assert p.is_relative_to(settings.attachments_dir.resolve() / "telegram")
    assert p.name == "tmp_evil_name_rm_-rf.jpg" and p.read_bytes() == b"\xff\xd8 anh"
