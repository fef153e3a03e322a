"""End to end over HTTP: citizen ⇄ fake Telegram ⇄ aiogram ⇄ TelegramChannel ⇄ real Core ⇄ outbox worker."""

from __future__ import annotations

import re
from pathlib import Path
from types import SimpleNamespace

import pytest

from bot.app import sync_profile
from bot.channels.telegram import bot_id_of
from bot.core.engine import Core
from bot.core.types import Inbound
from bot.delivery.worker import Worker
from intents import fold
from storage import outbox, outbox_view, petitions, updates
from storage import staff as staff_repo
from tests.fake_telegram import STAFF_CHAT, TOKEN, FakeTelegram, make_settings, running
from tests.helpers import state_of, step_of_texts

GROUP = str(STAFF_CHAT)
CITIZEN, STAFF, STRANGER = 1001, 5001, 1003
PETITION = ("Den duong o to dan pho 3 phuong Cam Thanh bi hong hon 2 tuan nay, buoi toi rat toi va nguy hiem "
            "cho nguoi di duong, de nghi so som sua chua")


class Driver:
    """Plays one Telegram user: sends, waits for the bot to finish answering, presses buttons."""

    def __init__(self, fake: FakeTelegram, channel, core: Core, user_id: int) -> None:
        self.fake, self.channel, self.user_id, self.core = fake, channel, user_id, core
        self.chat = SimpleNamespace(core=core, channel="telegram", user_id=str(user_id))
        self.last: list[dict] = []

    @property
    def step(self) -> str:
        """What the bot asks now, read from the messages of the last turn."""
        return step_of_texts(self.core, [m.get("text") or m.get("caption") or "" for m in self.last])

    async def choose(self, label: str) -> list[dict]:
        """Press the inline button whose label contains ``label`` (accents and case ignored)."""
        want = fold(label)
        for m in reversed(self.fake.messages(self.user_id)):
            for row in (m.get("reply_markup") or {}).get("inline_keyboard", []):
                for b in row:
                    if want in fold(b["text"]):
                        return await self.press(b["callback_data"])
        raise AssertionError(f"no button {label!r}")

    async def _settle(self, before: int) -> list[dict]:
        uid = str(self.user_id)
        await self.fake.wait_for(lambda: len(self.fake.messages(uid)) > before and uid not in self.channel._lock_users)
        self.last = self.fake.messages(uid)[before:]
        return self.last

    async def say(self, text: str) -> list[dict]:
        n = len(self.fake.messages(self.user_id))
        self.fake.user_text(self.user_id, text)
        return await self._settle(n)

    async def photo(self, **kw) -> list[dict]:
        n = len(self.fake.messages(self.user_id))
        self.fake.user_photo(self.user_id, **kw)
        return await self._settle(n)

    async def contact(self, phone: str) -> list[dict]:
        n = len(self.fake.messages(self.user_id))
        self.fake.contact(self.user_id, phone)
        return await self._settle(n)

    async def press(self, data: str) -> list[dict]:
        msg = next(m for m in reversed(self.fake.messages(self.user_id))
                   if any(b.get("callback_data") == data
                          for row in (m.get("reply_markup") or {}).get("inline_keyboard", []) for b in row))
        n = len(self.fake.messages(self.user_id))
        self.fake.press(self.user_id, msg, data)
        return await self._settle(n)


@pytest.fixture
async def world(tmp_path, sqlite_store, profile):
    fake = FakeTelegram()
    await fake.start()
    settings = make_settings(fake.base_url, tmp_path, telegram_rate_per_chat_per_second=1000.0,
                             telegram_group_per_minute=10_000.0, telegram_rate_per_second=1000.0)
    sync_profile(sqlite_store, profile)
    core = Core(sqlite_store, profile, staff_chats=[("telegram", GROUP)])
    with sqlite_store.session() as s:
        staff_repo.add(s, channel="telegram", user_id=str(STAFF), name="Trần Văn Minh", role="admin")
    async with running(settings, core, sqlite_store, album_delay=0.3) as channel:
        worker = Worker(sqlite_store, {"telegram": channel.sender}, settings, profile=profile)
        yield SimpleNamespace(fake=fake, channel=channel, core=core, store=sqlite_store, worker=worker,
                              settings=settings)
    await fake.stop()


async def file_petition(w) -> str:
    citizen = Driver(w.fake, w.channel, w.core, CITIZEN)
    await citizen.say("/start")
    menu = w.fake.messages(CITIZEN)[0]
    assert "keyboard" in menu["reply_markup"]  # the main menu as a reply keyboard
    await citizen.say(PETITION)
    sent_photo = False
    for _ in range(25):
        step = citizen.step
        if step == "received":
            break
        if step == "class":
            await citizen.choose("Đúng")
        elif step == "extra":
            buttons = (citizen.last[-1].get("reply_markup") or {}).get("inline_keyboard", [])
            await (citizen.press(buttons[0][0]["callback_data"]) if buttons else citizen.say("Truoc nha so 12 duong Le Loi"))
        elif step == "attach":
            if not sent_photo:
                sent_photo = True
                await citizen.photo(content=b"\xff\xd8 anh den duong hong")
            else:
                await citizen.choose("Xong")
        elif step == "name":
            await citizen.say("Nguyen Van An")
        elif step == "address":
            await citizen.say("So 5 duong Hung Vuong, phuong Cam Thanh, tinh Quang Ngai")
        elif step == "phone":
            ask = w.fake.messages(CITIZEN)[-1]
            assert ask["reply_markup"]["keyboard"][0][0]["request_contact"] is True
            await citizen.contact("+84912345678")
        elif step == "email":
            await citizen.choose("Bỏ qua")
        elif step == "consent":
            await citizen.choose("Tôi đồng ý")
        elif step == "publish":
            await citizen.choose("Không công khai")
        elif step == "confirm":
            await citizen.choose("Gửi")
        else:
            raise AssertionError(f"unexpected step {step}: {w.fake.texts(CITIZEN)[-1]}")
    assert sent_photo
    m = re.search(r"PA-\d{4}-\d{6}-[A-Z]", "\n".join(w.fake.texts(CITIZEN)[-3:]))
    assert m, w.fake.texts(CITIZEN)[-3:]
    return m.group(0)


async def test_petition_to_answer_and_rating(world):
    w = world
    fake = w.fake
    code = await file_petition(w)

    with w.store.session() as s:
        p = petitions.get_by_code(s, code)
        assert p.phone == "0912345678" and len(p.attachments) == 1
        stored = p.attachments[0].get("stored_path")
    assert stored and Path(stored).read_bytes() == b"\xff\xd8 anh den duong hong"  # downloaded on submit

    # the card appears in the staff group
    await w.worker.drain()
    card = await fake.wait_for_message(GROUP, lambda m: code in (m.get("text") or ""))
    assert "📎 1" in card["text"] and "s:take:" + code in str(card["reply_markup"])

    # staff route it with the card's buttons
    staff = Driver(fake, w.channel, w.core, STAFF)
    n = len(fake.messages(GROUP))
    fake.press(STAFF, card, f"s:route:{code}")
    ask = await fake.wait_for_message(GROUP, lambda m: "tới phòng nào" in (m.get("text") or ""), after=n)
    target = [b for row in ask["reply_markup"]["inline_keyboard"] for b in row][-1]
    fake.press(STAFF, ask, target["callback_data"])
    await fake.wait_for_message(GROUP, lambda m: (m.get("text") or "").startswith("Đã chuyển"), after=n)
    await w.worker.drain()
    await fake.wait_for(lambda: any(e["message_id"] == card["message_id"] for e in fake.edits))
    edited = fake.message(GROUP, card["message_id"])
    assert f"Phòng xử lý: {target['text']}" in edited["text"]  # edited in place, not a new card
    assert sum(code in (m.get("text") or "") and m.get("reply_markup") is not None
               and "s:take" in str(m["reply_markup"]) for m in fake.messages(GROUP)) == 1

    # staff answer by replying to the card
    n = len(fake.messages(GROUP))
    fake.user_text(STAFF, "Kinh gui ong An, So da chi dao sua chua den duong trong tuan nay. Tran trong.",
                   chat_id=STAFF_CHAT, reply_to=card["message_id"])
    preview = await fake.wait_for_message(GROUP, lambda m: "Xem trước" in (m.get("text") or ""), after=n)
    assert "sua chua den duong" in preview["text"]  # exactly what the citizen will receive
    fake.press(STAFF, preview, f"s:dsend:{code}")
    await fake.wait_for_message(GROUP, lambda m: "Đã gửi trả lời" in (m.get("text") or ""), after=n)
    await w.worker.drain()
    answer = await fake.wait_for_message(CITIZEN, lambda m: "sua chua den duong" in (m.get("text") or ""))
    assert "Trạng thái" in fake.message(GROUP, card["message_id"])["text"]

    # the citizen rates the answer
    citizen = Driver(fake, w.channel, w.core, CITIZEN)
    rate = next(b["callback_data"] for row in answer["reply_markup"]["inline_keyboard"] for b in row
                if b["callback_data"].startswith("r:3:"))
    await citizen.press(rate)
    with w.store.session() as s:
        assert petitions.get_by_code(s, code).rating == 3
    del staff


async def test_redelivered_update_is_not_processed_twice(world):
    """The real core records the update id in the message's own transaction: a redelivered update
    (Telegram hands it out again after a crash before the offset was confirmed) changes nothing."""
    w = world
    calls: list[tuple[str | None, int]] = []
    handle = w.core.handle

    def recording(msg: Inbound):
        out = handle(msg)
        calls.append((msg.update_id, len(out)))
        return out

    w.core.handle = recording
    citizen = Driver(w.fake, w.channel, w.core, CITIZEN)
    await citizen.say("/start")
    n = len(w.fake.messages(CITIZEN))
    upd = w.fake.user_text(CITIZEN, PETITION)
    await citizen._settle(n)
    state, sent = state_of(citizen.chat), len(w.fake.messages(CITIZEN))
    key = f"{bot_id_of(TOKEN)}:{upd['update_id']}"  # update ids are recorded per bot
    with w.store.session() as s:
        assert updates.is_processed(s, "telegram", key)
    w.fake.redeliver(upd)
    await w.fake.wait_for(lambda: [c for c in calls if c[0] == key][1:])
    assert [c for c in calls if c[0] == key][1] == (key, 0)
    await w.fake.wait_for(lambda: str(CITIZEN) not in w.channel._lock_users)
    assert state_of(citizen.chat) == state and len(w.fake.messages(CITIZEN)) == sent


def test_core_records_the_update_id_only_when_the_message_is_handled(sqlite_store, profile, monkeypatch):
    sync_profile(sqlite_store, profile)
    core = Core(sqlite_store, profile, staff_chats=[("telegram", GROUP)])
    assert core.handle(Inbound(channel="telegram", user_id="42", text="xin chao", update_id="900"))
    assert core.handle(Inbound(channel="telegram", user_id="42", text="xin chao", update_id="900")) == []
    # a failure rolls the update id back with everything else: the redelivery is handled
    monkeypatch.setattr(core, "_dispatch", lambda ctx: 1 / 0)
    assert core.handle(Inbound(channel="telegram", user_id="42", text="xin chao", update_id="901"))  # "error"
    monkeypatch.undo()
    with sqlite_store.session() as s:
        assert not updates.is_processed(s, "telegram", "901")
    assert core.handle(Inbound(channel="telegram", user_id="42", text="xin chao", update_id="901"))
    with sqlite_store.session() as s:
        assert updates.is_processed(s, "telegram", "901")


async def test_non_staff_gets_a_polite_refusal(world):
    w = world
    stranger = Driver(w.fake, w.channel, w.core, STRANGER)
    replies = await stranger.say("/hopthu")
    assert "chỉ dành cho cán bộ" in replies[0]["text"]
    await w.worker.drain()
    assert w.fake.messages(GROUP) == []


async def test_blocked_citizen_does_not_stall_other_deliveries(world):
    w = world
    w.fake.block("2001")
    with w.store.session() as s:
        for uid in ("2001", "2002", "2003"):
            outbox.enqueue(s, channel="telegram", recipient=uid, payload={"text": f"Thông báo cho {uid}"})
    await w.worker.drain()
    assert w.fake.texts("2002") == ["Thông báo cho 2002"] and w.fake.texts("2003") == ["Thông báo cho 2003"]
    with w.store.session() as s:
        rows = {uid: outbox_view.pending_payloads(s, channel="telegram", recipient=uid)[0]["_status"]
                for uid in ("2001", "2002", "2003")}
    assert rows["2001"] == "blocked" and rows["2002"] == rows["2003"] == "sent"


async def test_blocked_citizen_is_shown_on_the_card(world):
    """A 403 on the answer marks the citizen unreachable and the staff card says so."""
    w = world
    code = await file_petition(w)
    await w.worker.drain()
    card = await w.fake.wait_for_message(GROUP, lambda m: code in (m.get("text") or ""))
    w.fake.block(str(CITIZEN))
    staff = Driver(w.fake, w.channel, w.core, STAFF)
    await staff.say(f"/traloi {code} So da kiem tra va xu ly, tran trong cam on ong.")
    await staff.press(f"s:dsend:{code}")
    await w.worker.drain()
    await w.worker.drain()  # the card edit queued after the 403
    await w.fake.wait_for(lambda: "Không gửi được tin" in (w.fake.message(GROUP, card["message_id"]).get("text") or ""))
    with w.store.session() as s:
        from storage import citizens

        assert citizens.get(s, "telegram", str(CITIZEN)).unreachable


async def test_group_chatter_after_answer_button_never_reaches_the_citizen(world):
    """After "✍️ Trả lời" in the group, only a reply to the bot's prompt is the answer, and only after Gửi."""
    w = world
    fake = w.fake
    code = await file_petition(w)
    await w.worker.drain()
    card = await fake.wait_for_message(GROUP, lambda m: code in (m.get("text") or ""))
    n = len(fake.messages(GROUP))
    fake.press(STAFF, card, f"s:ans:{code}")
    prompt = await fake.wait_for_message(GROUP, lambda m: "Nhập nội dung trả lời" in (m.get("text") or ""), after=n)
    fake.user_text(STAFF, "de minh hoi lai phong do luong da", chat_id=STAFF_CHAT)  # chatter, not a reply
    fake.user_text(STAFF, "xin chao", chat_id=STAFF)  # a private message of the same officer
    await fake.wait_for_message(STAFF, lambda m: "cuộc trò chuyện khác" in (m.get("text") or ""))
    n = len(fake.messages(GROUP))
    fake.user_text(STAFF, "So da kiem tra va cho sua den duong. Tran trong.", chat_id=STAFF_CHAT,
                   reply_to=prompt["message_id"])
    preview = await fake.wait_for_message(GROUP, lambda m: "Xem trước" in (m.get("text") or ""), after=n)
    assert "cho sua den duong" in preview["text"] and "hoi lai phong" not in preview["text"]
    await w.worker.drain()
    assert not any("hoi lai phong" in t or "cho sua den duong" in t for t in fake.texts(CITIZEN))
    fake.press(STAFF, preview, f"s:dsend:{code}")
    await fake.wait_for_message(GROUP, lambda m: "Đã gửi trả lời" in (m.get("text") or ""), after=n)
    await w.worker.drain()
    await fake.wait_for_message(CITIZEN, lambda m: "cho sua den duong" in (m.get("text") or ""))
    assert not any("hoi lai phong" in t for t in fake.texts(CITIZEN))


async def test_citizen_replies_to_the_request_for_information(world):
    """A reply (Telegram's "Trả lời") to the agency's request for more information is offered as an
    addition to that item, confirmed, and recorded; a reply to the item shown by a look-up too."""
    w = world
    fake = w.fake
    code = await file_petition(w)
    await w.worker.drain()
    await fake.wait_for_message(GROUP, lambda m: code in (m.get("text") or ""))  # the card
    n = len(fake.messages(GROUP))
    fake.user_text(STAFF, f"/bosung {code} Xin Ong/Ba cho biet so nha cu the", chat_id=STAFF_CHAT)
    preview = await fake.wait_for_message(GROUP, lambda m: "Xem trước" in (m.get("text") or ""), after=n)
    fake.press(STAFF, preview, f"s:dsend:{code}")
    await fake.wait_for_message(GROUP, lambda m: "Đã đề nghị" in (m.get("text") or ""), after=n)
    await w.worker.drain()
    ask = await fake.wait_for_message(CITIZEN, lambda m: "so nha cu the" in (m.get("text") or ""))
    citizen = Driver(fake, w.channel, w.core, CITIZEN)
    n = len(fake.messages(CITIZEN))
    fake.user_text(CITIZEN, "Den hong o truoc nha so 14", reply_to=ask["message_id"])
    out = await citizen._settle(n)
    assert f"Thêm vào hồ sơ {code}" in out[-1]["text"]
    await citizen.choose("Thêm vào hồ sơ")
    assert "Đã nhận thông tin bổ sung" in citizen.last[-1]["text"]
    with w.store.session() as s:
        assert petitions.get_by_code(s, code).status == "in_progress"

    shown = await citizen.say(code)  # the item, shown by a look-up: a reply to it adds to it as well
    n = len(fake.messages(CITIZEN))
    fake.user_text(CITIZEN, "Them: den cot so 15 cung hong", reply_to=shown[-1]["message_id"])
    out = await citizen._settle(n)
    assert f"Thêm vào hồ sơ {code}" in out[-1]["text"]
