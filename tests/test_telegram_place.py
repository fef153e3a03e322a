"""Telegram over real HTTP (fake Bot API, aiogram in the loop): a shared location, a venue, a sticker and an
animated emoji reach the core as ``Inbound.location`` / ``Inbound.sticker``; staff get an item's place as a
venue message, from the card's "📍 Bản đồ" and from ``/vitri``."""

from __future__ import annotations

import threading
from types import SimpleNamespace

import pytest

from bot.app import sync_profile
from bot.core.engine import Core
from bot.core.types import Button, Inbound, Location, Outbound
from bot.delivery.worker import Worker
from bot.services import petitions as svc
from bot.services.base import Actor, Env
from storage import citizens
from storage import staff as staff_repo
from tests.fake_telegram import STAFF_CHAT, FakeTelegram, make_settings, running

GROUP = str(STAFF_CHAT)
STAFF = 5001


class Recorder:
    """A stand-in core that records what the channel hands it and answers every message."""

    def __init__(self) -> None:
        self.seen: list[Inbound] = []
        self.lock = threading.Lock()

    def register_fetcher(self, channel, fetch) -> None:
        return None

    def handle(self, msg: Inbound) -> list[Outbound]:
        with self.lock:
            self.seen.append(msg)
        if msg.is_group:
            return []
        if msg.text == "where":
            return [Outbound(text="Sự việc ở đâu?", request_location=True)]
        if msg.text == "where, with choices":
            return [Outbound(text="Sự việc ở đâu?", request_location=True, buttons=[[Button("Bỏ qua", "skip")]])]
        what = "pin" if msg.location else "sticker" if msg.sticker else msg.text
        return [Outbound(text=f"got {what}")]


async def test_location_venue_sticker_and_dice_reach_the_core(tmp_path, sqlite_store):
    fake = await FakeTelegram().start()
    core = Recorder()
    try:
        async with running(make_settings(fake.base_url, tmp_path), core, sqlite_store):
            fake.user_location(2001, 15.1234, 108.8012)
            await fake.wait_for_message(2001, lambda m: m["text"] == "got pin")
            fake.user_venue(2002, 15.12, 108.8, "Chợ Bình Khánh", "Xã Tịnh Khê, Quảng Ngãi")
            await fake.wait_for_message(2002, lambda m: m["text"] == "got pin")
            fake.user_sticker(2003, "👍")
            await fake.wait_for_message(2003, lambda m: m["text"] == "got sticker")
            fake.user_dice(2004, "🎯")
            await fake.wait_for_message(2004, lambda m: m["text"] == "got sticker")
            # in the staff group a sticker or a pin is chatter: not handed to the core at all
            fake.user_sticker(STAFF, chat_id=STAFF_CHAT)
            fake.user_location(STAFF, 1.0, 2.0, chat_id=STAFF_CHAT)
            fake.user_text(2005, "xin chao")
            await fake.wait_for_message(2005, lambda m: m["text"] == "got xin chao")
    finally:
        await fake.stop()
    by_user = {m.user_id: m for m in core.seen}
    assert by_user["2001"].location == Location(15.1234, 108.8012) and by_user["2001"].text == ""
    assert by_user["2002"].location == Location(15.12, 108.8, "Chợ Bình Khánh", "Xã Tịnh Khê, Quảng Ngãi")
    assert by_user["2003"].sticker and by_user["2003"].text == "" and not by_user["2003"].attachments
    assert by_user["2004"].sticker and by_user["2004"].location is None
    assert not by_user["2005"].sticker and by_user["2005"].location is None
    assert str(STAFF) not in by_user


async def test_a_request_for_the_location_offers_telegram_s_share_location_button(tmp_path, sqlite_store):
    fake = await FakeTelegram().start()
    core = Recorder()
    try:
        async with running(make_settings(fake.base_url, tmp_path), core, sqlite_store):
            fake.user_text(2101, "where")
            ask = await fake.wait_for_message(2101, lambda m: m["text"] == "Sự việc ở đâu?")
            [[button]] = ask["reply_markup"]["keyboard"]
            assert button == {"text": "📍 Gửi vị trí", "request_location": True}
            fake.user_text(2101, "where, with choices")  # inline choices too: the keyboard comes in its own message
            await fake.wait_for_message(2101, lambda m: "inline_keyboard" in (m.get("reply_markup") or {}))
            kb = await fake.wait_for_message(2101, lambda m: m["text"] == "📍 Gửi vị trí")
            assert kb["reply_markup"]["keyboard"][0][0]["request_location"] is True
            fake.user_location(2101, 15.5, 108.5)  # what pressing it sends
            await fake.wait_for_message(2101, lambda m: m["text"] == "got pin")
    finally:
        await fake.stop()
    assert core.seen[-1].location == Location(15.5, 108.5)


@pytest.fixture
async def staff_world(tmp_path, sqlite_store, profile):
    fake = await FakeTelegram().start()
    settings = make_settings(fake.base_url, tmp_path, telegram_rate_per_chat_per_second=1000.0,
                             telegram_group_per_minute=10_000.0, telegram_rate_per_second=1000.0)
    sync_profile(sqlite_store, profile)
    core = Core(sqlite_store, profile, staff_chats=[("telegram", GROUP)])
    with sqlite_store.session() as s:
        staff_repo.add(s, channel="telegram", user_id=str(STAFF), name="Trần Văn Minh", role="admin")
        citizens.get_or_create(s, "telegram", "1001", "An")
    async with running(settings, core, sqlite_store) as channel:
        worker = Worker(sqlite_store, {"telegram": channel.sender}, settings, profile=profile)
        yield SimpleNamespace(fake=fake, core=core, store=sqlite_store, worker=worker)
    await fake.stop()


def _submit(w, place: dict, organisation: str | None = None) -> str:
    core = w.core
    with w.store.session() as s:
        env = Env(s=s, profile=core.profile, clock=core.clock, t=core.t, calendar=core.calendar, sealer=core.sealer,
                  staff_chats=list(core.staff_chats))
        c = citizens.get(s, "telegram", "1001")
        sub = svc.Submission(kind="phan_anh", topic="do_luong_chat_luong", content="Sạp số 12 cân thiếu 2 lạng",
                             channel="telegram", citizen_id=c.id, full_name="Nguyễn Văn An", phone="0912345678",
                             place=place, organisation=organisation)
        return svc.submit(env, Actor.of_citizen(c), sub).code


async def test_staff_get_the_place_as_a_venue_from_the_card_and_from_vitri(staff_world):
    w = staff_world
    code = _submit(w, {"text": "sạp số 12 chợ Bình Khánh, xã Tịnh Khê", "lat": 15.1234, "lon": 108.8012},
                   organisation="Hộ kinh doanh Thanh Hà")
    await w.worker.drain()
    card = await w.fake.wait_for_message(GROUP, lambda m: code in (m.get("text") or ""))
    assert "📍 Địa điểm: sạp số 12 chợ Bình Khánh" in card["text"] and "🏢 Tổ chức: Hộ kinh doanh Thanh Hà" in card["text"]
    assert "openstreetmap.org/?mlat=15.1234&mlon=108.8012" in card["text"]
    n = len(w.fake.messages(GROUP))
    w.fake.press(STAFF, card, f"s:map:{code}")
    venue = await w.fake.wait_for_message(GROUP, lambda m: m.get("method") == "sendVenue", after=n)
    assert venue["venue"]["location"] == {"latitude": 15.1234, "longitude": 108.8012}
    assert venue["venue"]["title"].startswith(code) and venue["venue"]["address"] == "Xã Tịnh Khê, Quảng Ngãi"
    words = await w.fake.wait_for_message(GROUP, lambda m: (m.get("text") or "").startswith(f"📍 {code}"), after=n)
    assert "openstreetmap.org" in words["text"]
    # /vitri in the staff member's private chat: the same pin there
    w.fake.user_text(STAFF, f"/vitri {code}")
    private = await w.fake.wait_for_message(STAFF, lambda m: m.get("method") == "sendVenue")
    assert private["venue"]["location"]["latitude"] == 15.1234
    # an item with words only: no pin, the words and why
    bare = _submit(w, {"text": "đường vào thôn An Hòa"})
    w.fake.user_text(STAFF, f"/vitri {bare}")
    await w.fake.wait_for_message(STAFF, lambda m: "không chia sẻ vị trí" in (m.get("text") or ""))
    assert sum(m.get("method") == "sendVenue" for m in w.fake.messages(STAFF)) == 1
