"""The Telegram adapter over real HTTP against the fake Bot API (aiogram in the loop), with a stand-in core."""

from __future__ import annotations

import asyncio
import logging
import threading
import time

import pytest

from bot.channels.telegram import TelegramChannel, bot_id_of, install_token_filter
from bot.channels.telegram_sender import TOKEN_PREFIX, split_text, u16len
from bot.core.texts import Catalog
from bot.core.types import Button, Inbound, Outbound
from bot.delivery.base import Delivery
from bot.profile import load_profile
from storage import updates
from tests.fake_telegram import STAFF_CHAT, TOKEN, free_port, make_settings, running

LONG_PAYLOAD = "s:rt:PA-2026-000123:" + "phong_quan_ly_cong_nghe_va_chuyen_doi_so_rat_dai"


REAL_T = Catalog(load_profile("so-khcn"))


class StandInCore:
    """Records what it receives; answers by keyword."""

    def __init__(self) -> None:
        self.seen: list[Inbound] = []
        self.fetchers: dict = {}
        self.lock = threading.Lock()
        self.threads: set[str] = set()

    def register_fetcher(self, channel, fetch) -> None:
        self.fetchers[channel] = fetch

    def t(self, key: str) -> str:
        return {"menu_petition": "📝 Gửi phản ánh", "menu_dialogue": "🗓 Đối thoại", "menu_lookup": "🔎 Tra cứu",
                "menu_faq": "❓ Hỏi đáp", "menu_subscribe": "🔔 Nhận tin", "menu_help": "ℹ️ Hướng dẫn",
                "pa_btn_share_phone": "📱 Chia sẻ số điện thoại"}.get(key) or REAL_T(key)

    def handle(self, msg: Inbound) -> list[Outbound]:
        with self.lock:
            self.seen.append(msg)
            self.threads.add(threading.current_thread().name)
        text = msg.text
        if text == "slow":
            time.sleep(1.0)
        if text == "long":
            para = "Đoạn văn bản dài về thủ tục hành chính và việc cấp phép. " * 30
            return [Outbound(text="\n\n".join(f"{i}. {para}" for i in range(8)))]
        if text == "buttons":
            return [Outbound(text="Chọn phòng", buttons=[[Button("Phòng dài", LONG_PAYLOAD), Button("Ngắn", "x:1")]])]
        if text == "menu":
            return [Outbound(text="Menu chính", menu=True)]
        if text == "phone":
            return [Outbound(text="Xin số điện thoại", request_phone=True)]
        if msg.is_group and not text.startswith("/") and not msg.reply_to_ref:
            return []
        return [Outbound(text=f"echo: {text or msg.payload or msg.contact_phone or len(msg.attachments)}")]



@pytest.fixture
def settings(fake, tmp_path):
    return make_settings(fake.base_url, tmp_path)


async def test_text_roundtrip_and_inbound_fields(fake, settings, sqlite_store):
    core = StandInCore()
    async with running(settings, core, sqlite_store):
        fake.user_text(1001, "xin chao", first_name="An")
        m = await fake.wait_for_message(1001, lambda m: m["text"] == "echo: xin chao")
        assert m["chat"]["id"] == 1001
    inbound = core.seen[0]
    assert inbound.channel == "telegram" and inbound.user_id == "1001" and inbound.chat_id is None
    assert inbound.display_name == "An"


async def test_long_text_is_split_on_paragraphs(fake, settings, sqlite_store):
    async with running(settings, StandInCore(), sqlite_store):
        fake.user_text(1002, "long")
        await fake.wait_for_message(1002, lambda m: "\n7. " in m["text"] or m["text"].startswith("7."))
    parts = fake.texts(1002)
    assert len(parts) >= 2 and all(u16len(p) <= 4096 for p in parts)
    assert all(p.split(".")[0].isdigit() for p in parts)  # every piece starts at a paragraph


def test_split_text_limits():
    text = ("Một câu rất dài không xuống dòng " * 400).strip()
    parts = split_text(text, 1024)
    assert all(u16len(p) <= 1024 for p in parts)
    assert " ".join(parts).split() == text.split()
    assert split_text("😀" * 3000, 4096) == ["😀" * 2048, "😀" * 952]  # UTF-16 units, not characters
    assert split_text("   ") == []


async def test_long_callback_payload_is_kept_server_side(fake, settings, sqlite_store):
    core = StandInCore()
    async with running(settings, core, sqlite_store):
        fake.user_text(1003, "buttons")
        m = await fake.wait_for_message(1003, lambda m: "Chọn phòng" in m["text"])
        datas = [b["callback_data"] for row in m["reply_markup"]["inline_keyboard"] for b in row]
        assert all(len(d.encode()) <= 64 for d in datas)
        assert datas[0].startswith(TOKEN_PREFIX) and datas[1] == "x:1"
        fake.press(1003, m, datas[0])
        await fake.wait_for_message(1003, lambda m: m["text"] == f"echo: {LONG_PAYLOAD}")
        assert fake.callback_answers  # the button's spinner was stopped
        fake.callback(1003, "~unknowntoken", m["message_id"])
        await fake.wait_for_message(1003, lambda m: m["text"] == "echo: stale")


async def test_menu_keyboard_phone_button_and_contact(fake, settings, sqlite_store):
    core = StandInCore()
    async with running(settings, core, sqlite_store):
        fake.user_text(1004, "menu")
        m = await fake.wait_for_message(1004, lambda m: m["text"] == "Menu chính")
        labels = [b["text"] for row in m["reply_markup"]["keyboard"] for b in row]
        assert "🔎 Tra cứu" in labels
        fake.user_text(1004, "🔎 Tra cứu")  # a menu label typed by the keyboard becomes its payload
        await fake.wait_for_message(1004, lambda m: m["text"] == "echo: menu:lk")
        fake.user_text(1004, "phone")
        m = await fake.wait_for_message(1004, lambda m: m["text"] == "Xin số điện thoại")
        btn = m["reply_markup"]["keyboard"][0][0]
        assert btn["request_contact"] is True and m["reply_markup"]["one_time_keyboard"] is True
        fake.contact(1004, "+84912345678")
        await fake.wait_for_message(1004, lambda m: m["text"] == "echo: +84912345678")
    assert core.seen[-1].contact_phone == "+84912345678"


async def test_album_is_one_inbound_with_all_photos_and_typing(fake, settings, sqlite_store):
    core = StandInCore()
    async with running(settings, core, sqlite_store, album_delay=0.3):
        first = fake.user_photo(1005, caption="Ong cong bi vo", media_group_id="alb1")
        fake.user_photo(1005, media_group_id="alb1")
        fake.user_photo(1005, media_group_id="alb1")
        fake.user_document(1005, file_name="don.pdf")
        await fake.wait_for_message(1005, lambda m: m["text"] == "echo: Ong cong bi vo")
        await fake.wait_for_message(1005, lambda m: m["text"] == "echo: 1")
        await fake.wait_for(lambda: any(a["chat_id"] == "1005" for a in fake.chat_actions))
    album = next(i for i in core.seen if i.text == "Ong cong bi vo")
    assert [a.kind for a in album.attachments] == ["photo"] * 3
    assert {a.group_id for a in album.attachments} == {"alb1"}
    assert len({a.file_id for a in album.attachments}) == 3
    # an album is recorded under its first update id (update ids are per bot: "<bot id>:<update id>")
    assert album.update_id == f"{bot_id_of(TOKEN)}:{first['update_id']}"
    doc = next(i for i in core.seen if i is not album)
    assert doc.attachments[0].kind == "document" and doc.attachments[0].file_name == "don.pdf"


async def test_typing_on_a_slow_step(fake, settings, sqlite_store):
    async with running(settings, StandInCore(), sqlite_store, typing_delay=0.2):
        fake.user_text(1006, "slow")
        await fake.wait_for_message(1006, lambda m: m["text"] == "echo: slow")
    assert {"chat_id": "1006", "action": "typing"} in fake.chat_actions


async def test_attachment_download_into_agency_storage(fake, settings, sqlite_store):
    core = StandInCore()
    async with running(settings, core, sqlite_store, album_delay=0.2) as channel:
        fake.user_photo(1007, content=b"\xff\xd8 real photo bytes")
        await fake.wait_for_message(1007, lambda m: m["text"] == "echo: 1")
        att = core.seen[0].attachments[0]
        path = await asyncio.to_thread(core.fetchers["telegram"], att)
        assert channel.stats["downloads"] == 1
    assert path and path.startswith(str(settings.attachments_dir.resolve()))
    with open(path, "rb") as f:
        assert f.read() == b"\xff\xd8 real photo bytes"


async def test_redelivered_update_is_processed_once(fake, settings, sqlite_store):
    core = StandInCore()
    async with running(settings, core, sqlite_store) as channel:
        upd = fake.user_text(1008, "mot lan thoi")
        await fake.wait_for_message(1008, lambda m: m["text"] == "echo: mot lan thoi")
        fake.redeliver(upd)  # Telegram hands it out again (e.g. after a crash before the offset was confirmed)
        await fake.wait_for(lambda: channel.stats["duplicates"] == 1)
        fake.user_text(1008, "tiep theo")
        await fake.wait_for_message(1008, lambda m: m["text"] == "echo: tiep theo")
    assert [i.text for i in core.seen] == ["mot lan thoi", "tiep theo"]
    assert fake.texts(1008).count("echo: mot lan thoi") == 1
    with sqlite_store.session() as s:
        key = f"{bot_id_of(TOKEN)}:{upd['update_id']}"
        assert updates.is_processed(s, "telegram", key)
        assert not updates.mark_processed(s, "telegram", key)


async def test_core_runs_on_the_channels_own_single_thread_on_sqlite(fake, settings, sqlite_store):
    """SQLite has one writer at a time: core.handle runs on one dedicated thread, in order, with the
    update id in the Inbound (not on asyncio's default executor, where concurrent writers would meet
    in SQLite's busy handler)."""
    core = StandInCore()
    async with running(settings, core, sqlite_store) as channel:
        assert channel.runner.threads == 1
        ups = [fake.user_text(1100 + k, f"tin {k}") for k in range(6)]
        for k in range(6):
            await fake.wait_for_message(1100 + k, lambda m, k=k: m["text"] == f"echo: tin {k}")
    assert core.threads == {"pakn-core_0"}
    assert sorted(i.update_id for i in core.seen) == sorted(f"{bot_id_of(TOKEN)}:{u['update_id']}" for u in ups)


async def test_webhook_checks_the_secret_and_drops_duplicates(fake, tmp_path, sqlite_store):
    port = free_port()
    settings = make_settings(fake.base_url, tmp_path, telegram_webhook_url=f"http://127.0.0.1:{port}/tg/hook",
                             telegram_webhook_secret="s3cret_Token-abc", telegram_webhook_port=port)
    core = StandInCore()
    async with running(settings, core, sqlite_store, webhook=True) as channel:
        await fake.wait_for(lambda: fake.webhook)
        assert fake.webhook["secret_token"] == "s3cret_Token-abc"
        assert fake.webhook["url"] == f"http://127.0.0.1:{port}/tg/hook"
        upd = fake.text_update(1009, "qua webhook")
        assert await fake.deliver_webhook(upd, secret="wrong-secret") == 401
        assert await fake.deliver_webhook({**upd}, secret="") == 401
        assert await fake.deliver_webhook(upd) == 200
        await fake.wait_for_message(1009, lambda m: m["text"] == "echo: qua webhook")
        assert await fake.deliver_webhook(upd) == 200  # Telegram retries: accepted, not processed again
        await fake.wait_for(lambda: channel.stats["duplicates"] == 1)
    assert [i.text for i in core.seen] == ["qua webhook"]


async def test_command_menus(fake, settings, sqlite_store):
    from storage import staff as staff_repo

    with sqlite_store.session() as s:
        staff_repo.add(s, channel="telegram", user_id="5001", name="Cán bộ A", role="officer")
        staff_repo.add(s, channel="telegram", user_id="5002", name="Thanh tra B", role="inspector")
        staff_repo.add(s, channel="console", user_id="canbo", name="Console", role="admin")
    async with running(settings, StandInCore(), sqlite_store):
        await fake.wait_for(lambda: "chat:5002" in fake.commands)
    default = {c["command"] for c in fake.commands["default"]}
    assert {"start", "huongdan", "huy"} <= default and "hopthu" not in default
    group = {c["command"] for c in fake.commands[f"chat:{STAFF_CHAT}"]}
    assert {"hopthu", "nhan", "traloi"} <= group
    officer = {c["command"] for c in fake.commands["chat:5001"]}
    inspector = {c["command"] for c in fake.commands["chat:5002"]}
    assert "hopthu" in officer and "danhtinh" not in officer and "danhtinh" in inspector
    assert "start" in officer
    assert not any(k.endswith("canbo") for k in fake.commands)


async def test_group_messages_and_replies_to_cards(fake, settings, sqlite_store):
    from storage import cards

    core = StandInCore()
    with sqlite_store.session() as s:
        cards.save(s, "telegram", "PA-2026-000007", chat_id=str(STAFF_CHAT), message_id="1")
    fake.sent[str(STAFF_CHAT)]  # the group exists
    async with running(settings, core, sqlite_store):
        # the card is message 1 of the group (posted by the bot)
        fake._bot_message({}, str(STAFF_CHAT), text="📝 PA-2026-000007")
        fake.user_text(5001, "Đã xử lý xong, kính báo", chat_id=STAFF_CHAT, reply_to=1)
        reply = await fake.wait_for_message(STAFF_CHAT, lambda m: m["text"].startswith("echo: Đã xử lý"))
        fake.user_text(5001, "chuyện riêng trong nhóm", chat_id=STAFF_CHAT)
        fake.user_text(5001, "/hopthu", chat_id=STAFF_CHAT)
        await fake.wait_for_message(STAFF_CHAT, lambda m: m["text"] == "echo: /hopthu")
    first = core.seen[0]
    assert first.chat_id == str(STAFF_CHAT) and first.user_id == "5001" and first.is_group
    assert first.reply_to_ref == "PA-2026-000007"
    assert reply["reply_to_message"]["message_id"] > 1  # the bot quotes the staff member's message
    assert [i.text for i in core.seen][1:] == ["chuyện riêng trong nhóm", "/hopthu"]


def test_token_never_in_logs(caplog, tmp_path):
    settings = make_settings("http://127.0.0.1:9", tmp_path)
    install_token_filter(settings)
    with caplog.at_level(logging.INFO):
        logging.getLogger("aiogram.dispatcher").error("Failed to fetch updates - http://x/bot%s/getUpdates", TOKEN)
        logging.getLogger("bot.channels.telegram").warning("token %s", TOKEN)
        try:
            raise RuntimeError(f"boom at /bot{TOKEN}/sendMessage")
        except RuntimeError:
            logging.getLogger("aiogram.event").exception("Cause exception while process update")
    text = caplog.text + "".join(r.exc_text or "" for r in caplog.records)
    assert TOKEN not in text and "***" in text


async def test_unreachable_server_error_has_no_token(tmp_path, sqlite_store):
    settings = make_settings(f"http://127.0.0.1:{free_port()}", tmp_path)
    channel = TelegramChannel(settings, StandInCore(), sqlite_store)
    try:
        with pytest.raises(ConnectionError) as ei:
            await channel.sender.send(Delivery("1001", Outbound(text="xin chào"), purpose="notice"))
        assert TOKEN not in str(ei.value) and ei.value.__cause__ is None
    finally:
        await channel.close()
