"""Zalo next to Telegram: a petition filed on Zalo is answered from the Telegram staff group and the
answer reaches the citizen on Zalo; staff use the command set in a private Zalo chat; ``pakn run`` runs
Zalo alone or with Telegram."""

from __future__ import annotations

import asyncio
import os
import signal
from types import SimpleNamespace

import pytest

from bot.app import build, staff_chats, sync_profile
from bot.channels.registry import staff_destinations
from bot.core.engine import Core
from bot.delivery.worker import Worker
from storage import petitions
from storage import staff as staff_repo
from tests import fake_telegram as ftg
from tests import fake_zalo as fz
from tests.test_zalo import CITIZEN, Driver, file_petition

GROUP = str(ftg.STAFF_CHAT)
STAFF_TG = 5001
STAFF_Z = "8501"


@pytest.fixture
async def both(tmp_path, sqlite_store, profile):
    tg = ftg.FakeTelegram()
    await tg.start()
    zl = await fz.FakeZalo().start()
    settings = ftg.make_settings(tg.base_url, tmp_path, zalo_token=fz.TOKEN, zalo_api_url=zl.base_url,
                                 telegram_rate_per_chat_per_second=1000.0, telegram_group_per_minute=10_000.0,
                                 telegram_rate_per_second=1000.0, zalo_rate_per_second=1000.0,
                                 zalo_rate_per_chat_per_second=1000.0)
    sync_profile(sqlite_store, profile)
    assert staff_chats(settings) == [("telegram", GROUP)] == staff_destinations(settings)  # one rule
    core = Core(sqlite_store, profile, staff_chats=staff_chats(settings))
    with sqlite_store.session() as s:
        staff_repo.add(s, channel="telegram", user_id=str(STAFF_TG), name="Trần Văn Minh", role="admin")
        staff_repo.add(s, channel="zalo", user_id=STAFF_Z, name="Lê Thị Lan", role="officer")
    async with ftg.running(settings, core, sqlite_store) as tch, fz.running(settings, core, sqlite_store,
                                                                            poll_timeout=1) as zch:
        worker = Worker(sqlite_store, {"telegram": tch.sender, "zalo": zch.sender}, settings, profile=profile)
        yield SimpleNamespace(tg=tg, fake=zl, tch=tch, channel=zch, core=core, store=sqlite_store, worker=worker,
                              settings=settings)
    await zl.stop()
    await tg.stop()


async def test_petition_filed_on_zalo_answered_from_the_telegram_group(both):
    w = both
    citizen = Driver(w.fake, w.channel, w.core, CITIZEN)
    code = await file_petition(w, citizen, choose_by="words")
    with w.store.session() as s:
        p = petitions.get_by_code(s, code)
        assert p.channel == "zalo" and p.phone == "0912345678"
    await w.worker.drain()
    card = await w.tg.wait_for_message(GROUP, lambda m: code in (m.get("text") or ""))  # the card, on Telegram
    assert "s:take:" + code in str(card["reply_markup"])
    assert w.fake.texts(CITIZEN) and not any(code in t and "Nhận xử lý" in t for t in w.fake.texts(CITIZEN))

    n = len(w.tg.messages(GROUP))
    w.tg.user_text(STAFF_TG, "Kinh gui ong An, So da chi dao sua chua den duong trong tuan nay. Tran trong.",
                   chat_id=ftg.STAFF_CHAT, reply_to=card["message_id"])
    preview = await w.tg.wait_for_message(GROUP, lambda m: "Xem trước" in (m.get("text") or ""), after=n)
    w.tg.press(STAFF_TG, preview, f"s:dsend:{code}")  # staff see exactly what the citizen will get, then send
    await w.tg.wait_for_message(GROUP, lambda m: "Đã gửi trả lời" in (m.get("text") or ""), after=n)
    await w.worker.drain()
    answer = await w.fake.wait_for_text(CITIZEN, lambda t: "sua chua den duong" in t)
    assert "1. " in answer  # the rating choices, numbered
    await citizen.say("1")
    with w.store.session() as s:
        assert petitions.get_by_code(s, code).rating is not None


async def test_staff_use_the_command_set_in_a_private_zalo_chat(both):
    w = both
    staff = Driver(w.fake, w.channel, w.core, STAFF_Z)
    out = await staff.say("/trogiup")
    assert any("/xem" in t for t in out)  # the staff help, not the citizen menu
    stranger = Driver(w.fake, w.channel, w.core, "8999")
    out = await stranger.say("/xem PA-2026-000001")
    assert not any("Trạng thái" in t for t in out)  # a citizen is not staff on Zalo


async def _serve_until(app, check) -> None:
    from bot import cli

    task = asyncio.create_task(cli._serve(app, webhook=False))
    try:
        await check()
    finally:
        os.kill(os.getpid(), signal.SIGTERM)  # pakn run stops on SIGTERM
        await asyncio.wait_for(task, 20)


@pytest.mark.parametrize("with_telegram", [False, True])
async def test_pakn_run_answers_on_zalo_alone_or_next_to_telegram(with_telegram, tmp_path):
    zl = await fz.FakeZalo().start()
    tg = await ftg.FakeTelegram().start() if with_telegram else None
    kw = {"telegram_token": ftg.TOKEN, "telegram_api_url": tg.base_url} if tg else {}
    settings = fz.make_settings(zl.base_url, tmp_path, core_processes=0, profile="so-khcn", **kw)
    app = build(settings)

    async def check() -> None:
        zl.user_text(CITIZEN, "/start")
        await zl.wait_for_text(CITIZEN, lambda t: "1. " in t, timeout=20)
        if tg is not None:
            tg.user_text(1001, "/start")
            await tg.wait_for_message(1001, timeout=20)

    try:
        await _serve_until(app, check)
    finally:
        app.store.dispose()
        await zl.stop()
        if tg is not None:
            await tg.stop()


async def test_one_person_sees_their_items_on_both_channels(both):
    """Filed on Telegram with the phone shared by Telegram's own button (confirmed); on Zalo the same
    person links with a code sent to their Telegram chat, then looks up and opens the item there."""
    from tests import test_telegram_e2e as tge

    w = both
    code = await tge.file_petition(SimpleNamespace(fake=w.tg, channel=w.tch, core=w.core))
    zalo = Driver(w.fake, w.channel, w.core, CITIZEN)
    await zalo.say("/tracuu")
    assert not any(code in t for t in w.fake.texts(CITIZEN))  # not linked yet: not shown

    out = await zalo.say("/lienket")
    assert "số điện thoại" in out[-1]
    out = await zalo.say("0912 345 678")
    assert "mã 6 chữ số" in out[-1]
    await w.worker.drain()
    sent = await w.tg.wait_for_message(tge.CITIZEN, lambda m: "Mã liên kết" in (m.get("text") or ""))
    link_code = next(tok for tok in sent["text"].split() if tok.rstrip(".").isdigit() and len(tok.rstrip(".")) == 6)
    await zalo.say("000000" if link_code != "000000" else "111111")  # a wrong code first
    assert "Mã chưa đúng" in zalo.last[-1]
    out = await zalo.say(link_code.rstrip("."))
    assert "Đã liên kết" in out[-1]

    out = await zalo.say("/tracuu")
    assert any(code in t for t in out)
    out = await zalo.say(code)
    assert not any("4 số cuối" in t for t in out) and any(code in t and "Trạng thái" in t for t in out)  # opened as its owner
    # and a stranger typing the same number on Zalo gets nothing without the code
    other = Driver(w.fake, w.channel, w.core, "8777")
    await other.say("/lienket")
    await other.say("0912345678")
    for _ in range(3):
        await other.say("123")
    await other.say("/tracuu")
    assert not any(code in t for t in w.fake.texts("8777"))


async def test_one_http_server_serves_the_telegram_and_zalo_webhooks(tmp_path, sqlite_store, profile):
    """``pakn run --webhook`` with both channels: one port, one path each, each secret checked."""
    from bot.channels.serve import serve

    port = ftg.free_port()
    tg = await ftg.FakeTelegram().start()
    zl = await fz.FakeZalo().start()
    settings = ftg.make_settings(
        tg.base_url, tmp_path, zalo_token=fz.TOKEN, zalo_api_url=zl.base_url, telegram_webhook_port=port,
        web_port=port,  # the web chat shares the one server: everything on one port
        telegram_webhook_url=f"http://127.0.0.1:{port}/tg/hook", telegram_webhook_secret="tg-secret-123",
        zalo_webhook_url=f"http://127.0.0.1:{port}/zl/hook", zalo_webhook_secret="zl-secret-123")
    sync_profile(sqlite_store, profile)
    core = Core(sqlite_store, profile, staff_chats=staff_chats(settings))
    stop = asyncio.Event()
    task = asyncio.create_task(serve(settings, core, sqlite_store, webhook=True, stop=stop))
    try:
        await zl.wait_for(lambda: zl.webhook is not None and tg.webhook is not None, timeout=90)  # aiogram start-up
        assert zl.webhook["url"].endswith("/zl/hook") and tg.webhook["url"].endswith("/tg/hook")
        assert await zl.deliver_webhook(zl.event(CITIZEN, "message.text.received", text="/start"),
                                        secret="tg-secret-123") == 401  # the other channel's secret
        assert await zl.deliver_webhook(zl.event(CITIZEN, "message.text.received", text="/start"),
                                        secret="zl-secret-123") == 200
        assert await tg.deliver_webhook(tg.text_update(1001, "/start")) == 200
        await zl.wait_for_text(CITIZEN, lambda t: "1. " in t)
        await tg.wait_for_message(1001)
    finally:
        stop.set()
        await asyncio.wait_for(task, 20)
        await zl.stop()
        await tg.stop()
