"""Where the core runs: worker processes (what ``pakn run`` uses) and the in-process thread pool.

The process tests start real worker processes ("spawn"), each building its own Core from the
settings, and talk to them the way a channel does."""

from __future__ import annotations

import asyncio
import os
import signal
from pathlib import Path
from types import SimpleNamespace

import pytest

from bot.app import sync_profile
from bot.config import Settings
from bot.core.engine import Core
from bot.core.runner import ProcessRunner, ThreadRunner, default_processes
from bot.core.types import Inbound
from bot.delivery.worker import Worker
from storage import petitions, updates
from storage import staff as staff_repo
from tests.conftest import make_store
from tests.fake_telegram import FakeTelegram, make_settings, running
from tests.test_telegram_e2e import CITIZEN, GROUP, STAFF, file_petition


def _settings(url: str, tmp_path: Path, **kw) -> Settings:
    kw.setdefault("profile", "so-khcn")
    return Settings(_env_file=None, database_url=url, data_dir=tmp_path, **kw)


def test_default_processes_follow_the_database(tmp_path):
    assert default_processes(_settings(f"sqlite:///{tmp_path}/x.db", tmp_path)) == 1
    assert default_processes(_settings("postgresql+psycopg://u@h/db", tmp_path)) == max(1, min(4, (os.cpu_count() or 1) - 1))
    assert default_processes(_settings("postgresql+psycopg://u@h/db", tmp_path, core_processes=0)) == 0
    assert default_processes(_settings(f"sqlite:///{tmp_path}/x.db", tmp_path, core_processes=3)) == 3


async def test_worker_processes_handle_messages(db_url, tmp_path, profile):
    """Each worker builds its own Core from the settings; replies and the recorded update id are the
    same as in process; a redelivered update is dropped by whichever worker gets it."""
    store = make_store(db_url)
    sync_profile(store, profile)
    settings = _settings(db_url, tmp_path)
    runner = ProcessRunner(settings, 2)
    assert runner.threads == (1 if db_url.startswith("sqlite") else 2)
    try:
        await runner.start()
        assert len(runner.pids) == 2 and os.getpid() not in runner.pids
        replies = await runner.handle(Inbound(channel="telegram", user_id="7", text="xin chao", update_id="31"))
        local_core = Core(store, profile)
        core_error = local_core.t("error")
        local = local_core.handle(Inbound(channel="telegram", user_id="8", text="xin chao"))
        assert [r.text for r in replies] == [r.text for r in local]
        with store.session() as s:
            assert updates.is_processed(s, "telegram", "31")
        again = await asyncio.gather(*(runner.handle(Inbound(channel="telegram", user_id="7", text="xin chao",
                                                             update_id="31")) for _ in range(4)))
        assert again == [[]] * 4
        # many citizens at once: each gets their own answer (workers handle several messages at a time)
        many = await asyncio.gather(*(runner.handle(Inbound(channel="telegram", user_id=f"c{k}", text="hướng dẫn",
                                                            update_id=f"9{k}")) for k in range(12)))
        assert all(r and r[0].text == many[0][0].text != core_error for r in many)
    finally:
        await runner.close()
        store.dispose()


async def test_a_dead_worker_is_replaced(sqlite_store, tmp_path, profile):
    """A worker killed (out of memory, an operator's kill -9) costs no later message: the runner starts
    new workers and the next messages are answered."""
    sync_profile(sqlite_store, profile)
    runner = ProcessRunner(_settings(sqlite_store.url, tmp_path), 1)
    try:
        await runner.start()
        old = runner.pids
        os.kill(old[0], signal.SIGKILL)
        await asyncio.sleep(0.3)  # the pool notices the death
        replies = await asyncio.gather(*(runner.handle(Inbound(channel="telegram", user_id=f"u{k}", text="hướng dẫn",
                                                               update_id=f"5{k}")) for k in range(3)))
        assert all(r and r[0].text for r in replies)
        assert runner.restarts == 1 and runner.pids and runner.pids != old
    finally:
        await runner.close()


async def test_thread_runner_runs_on_its_own_threads():
    seen: list[str] = []

    def handle(inbound: Inbound):
        import threading

        seen.append(threading.current_thread().name)
        return []

    runner = ThreadRunner(handle, 2)
    await asyncio.gather(*(runner.handle(Inbound(channel="t", user_id=str(k))) for k in range(6)))
    await runner.close()
    assert len(seen) == 6 and all(name.startswith("pakn-core") for name in seen)


async def test_telegram_petition_through_worker_processes(tmp_path, sqlite_store, profile):
    """What ``pakn run`` does: aiogram in this process, the core in a worker process. A citizen files a
    petition with a photo (downloaded by the worker when the item is submitted), the card reaches the
    staff group, staff answer by replying to it, the citizen gets the answer."""
    from bot.channels.telegram import TelegramFileFetcher

    fake = FakeTelegram()
    await fake.start()
    settings = make_settings(fake.base_url, tmp_path, database_url=sqlite_store.url, profile="so-khcn",
                             telegram_rate_per_chat_per_second=1000.0, telegram_group_per_minute=10_000.0,
                             telegram_rate_per_second=1000.0)
    sync_profile(sqlite_store, profile)
    with sqlite_store.session() as s:
        staff_repo.add(s, channel="telegram", user_id=str(STAFF), name="Trần Văn Minh", role="admin")
    core = Core(sqlite_store, profile, staff_chats=[("telegram", GROUP)])  # texts and state look-ups only
    runner = ProcessRunner(settings, 1, fetchers=[TelegramFileFetcher(settings)])
    try:
        async with running(settings, core, sqlite_store, album_delay=0.3, runner=runner) as channel:
            await runner.start()
            w = SimpleNamespace(fake=fake, channel=channel, core=core, store=sqlite_store)
            code = await file_petition(w)
            with sqlite_store.session() as s:
                stored = petitions.get_by_code(s, code).attachments[0].get("stored_path")
            assert stored and Path(stored).read_bytes() == b"\xff\xd8 anh den duong hong"
            assert channel.stats["downloads"] == 0  # fetched by the worker process, not by the channel

            worker = Worker(sqlite_store, {"telegram": channel.sender}, settings, profile=profile)
            await worker.drain()
            card = await fake.wait_for_message(GROUP, lambda m: code in (m.get("text") or ""))
            n = len(fake.messages(GROUP))
            fake.user_text(STAFF, "Kinh gui ong An, So da cho sua den duong. Tran trong.", chat_id=int(GROUP),
                           reply_to=card["message_id"])
            preview = await fake.wait_for_message(GROUP, lambda m: "Xem trước" in (m.get("text") or ""), after=n)
            fake.press(STAFF, preview, f"s:dsend:{code}")
            await fake.wait_for_message(GROUP, lambda m: "Đã gửi trả lời" in (m.get("text") or ""), after=n)
            await worker.drain()
            await fake.wait_for_message(CITIZEN, lambda m: "sua den duong" in (m.get("text") or ""))
            assert runner.restarts == 0
    finally:
        await fake.stop()


@pytest.mark.parametrize("processes", [0, 1])
async def test_pakn_run_chooses_the_runner_from_settings(processes, tmp_path, monkeypatch):
    """``pakn run`` hands the channel a ProcessRunner unless PAKN_CORE_PROCESSES=0."""
    from bot import cli
    from bot.app import build

    seen: dict = {}

    async def fake_run_telegram(settings, core, store, *, webhook, stop_event, runner=None, **kw):
        seen["runner"] = runner

    async def fake_worker(app, *, stop_event, **kw):
        return None

    monkeypatch.setattr("bot.channels.telegram.run_telegram", fake_run_telegram)
    monkeypatch.setattr("bot.delivery.runtime.run_worker", fake_worker)
    app = build(_settings(f"sqlite:///{tmp_path}/p.db", tmp_path, core_processes=processes,
                          telegram_token="123456:" + "A" * 30, web_enabled=False))  # Telegram alone
    await cli._serve(app, webhook=False)
    assert (seen["runner"] is None) == (processes == 0)
    if processes:
        assert isinstance(seen["runner"], ProcessRunner) and seen["runner"].processes == processes
        assert [f.channel for f in seen["runner"].fetchers] == ["telegram"]
        await seen["runner"].close()
    app.store.dispose()


def test_tune_gc_freezes_start_up_objects_and_raises_the_young_threshold():
    import gc

    from bot.app import GC_YOUNG_THRESHOLD, tune_gc

    before = gc.get_threshold()
    try:
        tune_gc()
        assert gc.get_threshold()[0] == GC_YOUNG_THRESHOLD and gc.get_threshold()[1:] == before[1:]
        assert gc.get_freeze_count() > 0
    finally:
        gc.unfreeze()
        gc.set_threshold(*before)


async def test_a_worker_that_cannot_start_is_an_error_not_a_loop(tmp_path):
    """A worker failing at start-up (here: a profile that does not exist) fails start() at once, with no
    new workers spawned to fail the same way."""
    runner = ProcessRunner(_settings(f"sqlite:///{tmp_path}/x.db", tmp_path, profile=str(tmp_path / "missing.yaml")),
                           1, ready_timeout=60)
    loop = asyncio.get_running_loop()
    t0 = loop.time()
    try:
        with pytest.raises(RuntimeError, match="could not start"):
            await runner.start()
        assert loop.time() - t0 < 30 and runner.restarts == 0
        with pytest.raises(RuntimeError):
            await runner.handle(Inbound(channel="telegram", user_id="1", text="xin chao"))
    finally:
        await runner.close()
