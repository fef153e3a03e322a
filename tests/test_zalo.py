"""End to end over HTTP: citizen ⇄ fake Zalo Bot API ⇄ ZaloChannel ⇄ real Core ⇄ outbox worker (⇄ fake Telegram)."""

from __future__ import annotations

import asyncio
import logging
import re
from pathlib import Path
from types import SimpleNamespace

import pytest

from bot.app import sync_profile
from bot.channels.base import HttpServer
from bot.channels.zalo import ZaloApi, ZaloChannel, add_webhook_route, run_zalo
from bot.core.engine import Core
from bot.core.types import Outbound
from bot.delivery.base import Delivery
from bot.delivery.limits import LocalLimiter, limits_from_settings
from bot.delivery.worker import Worker
from intents import fold
from storage import outbox, petitions, quota, updates
from storage import staff as staff_repo
from tests.fake_zalo import TOKEN, FakeZalo, make_settings, running
from tests.helpers import env_of, state_of, step_of_texts

CITIZEN, STAFF_Z = "8001", "8501"
PETITION = ("Den duong o to dan pho 3 phuong Cam Thanh bi hong hon 2 tuan nay, buoi toi rat toi va nguy hiem "
            "cho nguoi di duong, de nghi so som sua chua")


class Driver:
    """Plays one Zalo user: sends, waits until the bot has answered and the user's turn is over."""

    def __init__(self, fake: FakeZalo, channel: ZaloChannel, core: Core, user_id: str) -> None:
        self.fake, self.channel, self.user_id = fake, channel, user_id
        self.chat = SimpleNamespace(core=core, channel="zalo", user_id=user_id)
        self.last: list[str] = []

    @property
    def step(self) -> str:
        """What the bot asks now, read from the texts of the last turn."""
        return step_of_texts(self.chat.core, self.last)

    def choices(self) -> list[tuple[str, str]]:
        """The (label, payload) of the numbered options last shown."""
        return [tuple(x) for x in state_of(self.chat)[1].get("_btn", [])]

    def options(self) -> list[str]:
        """The numbered options of the last text that has some, as the citizen reads them."""
        for text in reversed(self.fake.texts(self.user_id)):
            found = re.findall(r"^(\d+)\. (.+)$", text, re.M)
            if found:
                return [label for _n, label in found]
        return []

    async def _settle(self, before: int) -> list[str]:
        await self.fake.wait_for(lambda: len(self.fake.texts(self.user_id)) > before
                                 and self.user_id not in self.channel.order._locks)
        await asyncio.sleep(0.02)  # a second piece of the same answer
        self.last = self.fake.texts(self.user_id)[before:]
        return self.last

    async def say(self, text: str) -> list[str]:
        n = len(self.fake.texts(self.user_id))
        self.fake.user_text(self.user_id, text)
        return await self._settle(n)

    async def image(self, content: bytes) -> list[str]:
        n = len(self.fake.texts(self.user_id))
        self.fake.user_image(self.user_id, content)
        return await self._settle(n)

    async def choose(self, label: str, *, by: str = "number") -> list[str]:
        """Answer a numbered question with the option whose label contains ``label``: its number or its words."""
        options = self.options()
        i = next(k for k, text in enumerate(options) if fold(label) in fold(text))
        return await self.say(str(i + 1) if by == "number" else options[i])


def _core(store, profile, staff_chats=None) -> Core:
    return Core(store, profile, staff_chats=staff_chats or [])


@pytest.fixture
async def zworld(tmp_path, sqlite_store, profile):
    fake = await FakeZalo().start()
    settings = make_settings(fake.base_url, tmp_path, zalo_rate_per_chat_per_second=1000.0, zalo_rate_per_second=1000.0)
    sync_profile(sqlite_store, profile)
    core = _core(sqlite_store, profile)
    async with running(settings, core, sqlite_store, poll_timeout=1) as channel:
        yield SimpleNamespace(fake=fake, channel=channel, core=core, store=sqlite_store, settings=settings,
                              profile=profile)
    await fake.stop()


async def file_petition(w, citizen: Driver, *, choose_by: str = "number") -> str:
    await citizen.say(PETITION)
    sent_photo = False
    for _ in range(30):
        step = citizen.step
        if step == "received":
            break
        if step == "class":
            await citizen.choose("Đúng", by=choose_by)
        elif step == "extra":
            opts = citizen.options() if re.search(r"^1\. ", citizen.last[-1], re.M) else []
            await (citizen.say("1") if opts else citizen.say("Truoc nha so 12 duong Le Loi"))
        elif step == "attach":
            if not sent_photo:
                sent_photo = True
                await citizen.image(b"\xff\xd8 anh den duong hong (zalo)")
            else:
                await citizen.choose("Xong", by=choose_by)
        elif step == "name":
            await citizen.say("Nguyen Van An")
        elif step == "address":
            await citizen.say("So 5 duong Hung Vuong, phuong Cam Thanh, tinh Quang Ngai")
        elif step == "phone":
            assert "gõ số điện thoại" in w.fake.texts(citizen.user_id)[-1]  # no share button on Zalo
            await citizen.say("0912345678")
        elif step == "email":
            await citizen.choose("Bỏ qua", by=choose_by)
        elif step == "consent":
            await citizen.choose("Tôi đồng ý", by=choose_by)
        elif step == "publish":
            await citizen.choose("Không công khai", by=choose_by)
        elif step == "confirm":
            await citizen.choose("Gửi", by=choose_by)
        else:
            raise AssertionError(f"unexpected step {step}: {w.fake.texts(citizen.user_id)[-1]}")
    assert sent_photo
    m = re.search(r"PA-\d{4}-\d{6}-[A-Z]", "\n".join(w.fake.texts(citizen.user_id)[-3:]))
    assert m, w.fake.texts(citizen.user_id)[-3:]
    return m.group(0)


# ================================================================================ updates
async def test_polling_through_idle_408s(zworld):
    w = zworld
    await w.fake.wait_for(lambda: w.fake.idle_polls >= 2, timeout=5)  # idle polls answered 408: normal
    assert w.channel.stats["polls_idle"] >= 2
    out = await Driver(w.fake, w.channel, w.core, CITIZEN).say("/start")
    assert any("1. " in t for t in out)  # the menu, as numbered options
    assert ("getUpdates", {"timeout": "1"}) in w.fake.calls
    methods = [m for m, _ in w.fake.calls]
    assert methods.index("deleteWebhook") < methods.index("getUpdates")  # getUpdates needs no webhook set


async def test_numbered_choices_typed_as_numbers_and_words(zworld):
    w = zworld
    citizen = Driver(w.fake, w.channel, w.core, CITIZEN)
    out = await citizen.say("/start")
    menu = out[-1]
    assert re.search(r"^1\. ", menu, re.M) and "số thứ tự hoặc gõ nội dung" in menu
    number = 1 + [p for _, p in citizen.choices()].index("menu:lk")
    assert re.search(rf"^{number}\. ", menu, re.M)
    await citizen.say(f"{number}.")  # a number
    assert "chưa gửi hồ sơ nào" in citizen.last[-1]  # the look-up (this citizen has no items yet)
    await citizen.say("/start")
    label = next(label for label, p in citizen.choices() if p == "menu:lk")
    await citizen.say(label.upper())  # the option's words, however typed
    assert "chưa gửi hồ sơ nào" in citizen.last[-1]
    await citizen.say("/start")
    await citizen.say("khong phai lua chon nao")
    assert "chưa gửi hồ sơ nào" not in citizen.last[-1]


@pytest.mark.parametrize("typed", ["number", "words"])
async def test_a_pushed_rating_request_is_answered_by_its_number_or_words(zworld, typed):
    """The answer and its rating choices reach the citizen through the outbox (not as a reply): the number or
    the words typed next are the pushed message's choices, not those of the conversation's last reply."""
    from bot.services import petitions as svc
    from bot.services.base import Actor

    w = zworld
    citizen = Driver(w.fake, w.channel, w.core, CITIZEN)
    code = await file_petition(w, citizen)
    with env_of(w.core) as env:
        admin = Actor.of_staff(staff_repo.add(env.s, channel="zalo", user_id=STAFF_Z, name="Lê Văn Bình", role="admin"))
        svc.answer(env, admin, code, "Sở đã sửa đèn đường ở tổ dân phố 3, phường Cẩm Thành.")
    worker = Worker(w.store, {"zalo": w.channel.sender}, w.settings,
                    limiter=LocalLimiter(limits_from_settings(w.settings)))
    await worker.drain()
    pushed = w.fake.texts(CITIZEN)[-1]
    assert "Sở đã sửa đèn đường" in "\n".join(w.fake.texts(CITIZEN)[-2:]) and re.search(r"^1\. ", pushed, re.M)
    await citizen.choose("Bình thường", by=typed)
    with w.store.session() as s:
        assert petitions.get_by_code(s, code).rating == 2
    assert "cảm ơn" in fold(" ".join(citizen.last)) or "cam on" in fold(" ".join(citizen.last))


async def test_duplicate_events_are_handled_once(zworld):
    w = zworld
    citizen = Driver(w.fake, w.channel, w.core, CITIZEN)
    await citizen.say("/start")
    n = len(w.fake.texts(CITIZEN))
    ev = w.fake.user_text(CITIZEN, PETITION)
    await citizen._settle(n)
    state, sent = state_of(citizen.chat), len(w.fake.texts(CITIZEN))
    with w.store.session() as s:
        assert updates.is_processed(s, "zalo", f"{w.channel.bot_id}:{ev['message']['message_id']}")
        assert w.channel.bot_id == TOKEN.split(":")[0]  # per bot
    w.fake.redeliver(ev)
    await w.fake.wait_for(lambda: not w.fake.events)
    await w.channel.drain()
    assert state_of(citizen.chat) == state and len(w.fake.texts(CITIZEN)) == sent  # nothing happened twice
    sticker = w.fake.user_sticker(CITIZEN)  # answered by the core (however many messages it takes) …
    await citizen._settle(sent)
    await w.fake.wait_for(lambda: not w.fake.events)
    await w.channel.drain()
    answered = len(w.fake.texts(CITIZEN))
    w.fake.redeliver(sticker)  # … once
    await w.fake.wait_for(lambda: not w.fake.events)
    await w.channel.drain()
    assert len(w.fake.texts(CITIZEN)) == answered > sent


async def test_a_long_answer_is_split_at_paragraphs(zworld):
    w = zworld
    paragraphs = [f"Đoạn {i}: " + "Sở đã kiểm tra hiện trường và chỉ đạo sửa chữa. " * 9 for i in range(1, 7)]
    text = "\n\n".join(paragraphs)
    assert 2400 <= len(text) <= 2800
    n = await w.channel.reply(CITIZEN, Outbound(text=text))
    pieces = w.fake.texts(CITIZEN)
    assert n == 2 and len(pieces) == 2 and all(len(p) <= 2000 for p in pieces)
    assert pieces[1].startswith("Đoạn") and pieces[0].endswith(".")  # cut between paragraphs
    assert " ".join("\n".join(pieces).split()) == " ".join(text.split())


async def test_image_is_stored_after_the_commit(zworld):
    w = zworld
    citizen = Driver(w.fake, w.channel, w.core, CITIZEN)
    code = await file_petition(w, citizen)
    with w.store.session() as s:
        p = petitions.get_by_code(s, code)
        att = p.attachments[0]
    assert att["kind"] == "photo" and att["file_id"].startswith(w.fake.base_url)
    await w.fake.wait_for(lambda: Path(att["stored_path"]).exists())
    assert Path(att["stored_path"]).read_bytes() == b"\xff\xd8 anh den duong hong (zalo)"
    assert w.channel.stats["photos_stored"] >= 1


async def test_a_sticker_goes_to_the_core_and_unsupported_gets_a_polite_answer(zworld, monkeypatch):
    w = zworld
    seen = []
    handle = w.core.handle
    monkeypatch.setattr(w.core, "handle", lambda msg: seen.append(msg) or handle(msg))
    w.fake.user_sticker(CITIZEN)
    await w.fake.wait_for(lambda: w.fake.texts(CITIZEN))  # the core's answer (never silence)
    assert [(m.sticker, m.text) for m in seen] == [(True, "")]
    w.fake.user_unsupported(CITIZEN)
    second = await w.fake.wait_for_text(CITIZEN, lambda t: "chưa đọc được" in t)
    assert "Ông/Bà" in second and len(seen) == 1  # the channel answers what the API does not describe
    assert w.channel.stats["stickers"] == 1 and w.channel.stats["unsupported"] == 1


# ================================================================================ webhook
async def test_webhook_secret_is_checked(tmp_path, sqlite_store, profile):
    fake = await FakeZalo().start()
    settings = make_settings(fake.base_url, tmp_path, zalo_webhook_url="http://127.0.0.1:1/hook/zalo-x",
                             zalo_webhook_secret="s3cret-Zalo-hook")
    sync_profile(sqlite_store, profile)
    core = _core(sqlite_store, profile)
    channel = ZaloChannel(settings, core, sqlite_store)
    http = HttpServer()
    path = add_webhook_route(channel, http, secret="s3cret-Zalo-hook")
    await http.start("127.0.0.1", 0)
    stop = asyncio.Event()
    settings.zalo_webhook_url = f"http://127.0.0.1:{http.port}{path}"
    task = asyncio.create_task(run_zalo(settings, core, sqlite_store, webhook=True, stop_event=stop, channel=channel,
                                        http=http, secret="s3cret-Zalo-hook"))
    try:
        await fake.wait_for(lambda: fake.webhook is not None)
        assert fake.webhook["secret_token"] == "s3cret-Zalo-hook" and fake.webhook["url"].endswith("/hook/zalo-x")
        ev = fake.event(CITIZEN, "message.text.received", text="/start")
        assert await fake.deliver_webhook(ev, secret="wrong-secret-0") == 401
        assert await fake.deliver_webhook(ev, secret=None) == 401
        await asyncio.sleep(0.2)
        assert fake.texts(CITIZEN) == [] and channel.stats["webhook_refused"] == 2
        assert await fake.deliver_webhook(ev, secret="s3cret-Zalo-hook") == 200
        await fake.wait_for_text(CITIZEN, lambda t: "1. " in t)
        assert not any(m == "getUpdates" for m, _ in fake.calls)  # no polling while the webhook is set
        # a redelivered webhook event is dropped by the core
        n = len(fake.texts(CITIZEN))
        assert await fake.deliver_webhook(ev, secret="s3cret-Zalo-hook") == 200
        await asyncio.sleep(0.3)
        await channel.drain()
        assert len(fake.texts(CITIZEN)) == n
    finally:
        stop.set()
        await asyncio.wait_for(task, 15)
        await http.cleanup()
        await fake.stop()


# ================================================================================ errors and quota
async def test_429_and_403_from_the_server(zworld, caplog):
    w = zworld
    caplog.set_level(logging.DEBUG)
    sender = w.channel.sender
    w.fake.fail_next("sendMessage", 429, "Too Many Requests", retry_after=3)
    r = await sender.send(Delivery(CITIZEN, Outbound("Trả lời"), "notice"))
    assert not r.ok and r.retry_after == 3
    w.fake.block("8002")
    r = await sender.send(Delivery("8002", Outbound("Trả lời"), "notice"))
    assert r.blocked and not r.ok
    w.fake.fail_next("sendMessage", 500, "Internal Server Error")
    with pytest.raises(ConnectionError):
        await sender.send(Delivery(CITIZEN, Outbound("Trả lời"), "notice"))
    # a direct reply waits out a 429 and is delivered
    w.fake.fail_next("sendMessage", 429, "Too Many Requests", retry_after=0.2)
    assert await w.channel.reply(CITIZEN, Outbound("Xin chào")) == 1
    assert w.fake.texts(CITIZEN)[-1] == "Xin chào"
    # through the worker: 429 pauses the channel and retries, 403 marks the row blocked
    with w.store.session() as s:
        outbox.enqueue(s, channel="zalo", recipient=CITIZEN, purpose="notify", payload=Outbound("Hồ sơ đã xử lý").to_payload())
        outbox.enqueue(s, channel="zalo", recipient="8002", purpose="notify", payload=Outbound("Hồ sơ đã xử lý").to_payload())
    w.fake.fail_next("sendMessage", 429, "Too Many Requests", retry_after=0.3)
    worker = Worker(w.store, {"zalo": sender}, w.settings, limiter=LocalLimiter(limits_from_settings(w.settings)))
    for _ in range(40):
        await worker.drain()
        if "Hồ sơ đã xử lý" in w.fake.texts(CITIZEN):
            break
        await asyncio.sleep(0.1)
    assert "Hồ sơ đã xử lý" in w.fake.texts(CITIZEN)
    assert worker.stats["rate_limited"] == 1 and worker.stats["blocked"] == 1
    assert TOKEN not in caplog.text


async def test_unreachable_server_error_has_no_token(tmp_path, sqlite_store):
    from tests.fake_telegram import free_port

    api = ZaloApi(make_settings(f"http://127.0.0.1:{free_port()}", tmp_path))
    try:
        with pytest.raises(ConnectionError) as ei:
            await api.send_message(CITIZEN, "x")
        assert TOKEN not in str(ei.value) and ei.value.__cause__ is None
    finally:
        await api.close()


async def test_quota_warning_and_broadcasts_held_but_replies_sent(tmp_path, sqlite_store, profile):
    fake = await FakeZalo().start()
    settings = make_settings(fake.base_url, tmp_path, zalo_monthly_quota=5, zalo_rate_per_chat_per_second=1000.0,
                             zalo_rate_per_second=1000.0)
    sync_profile(sqlite_store, profile)
    with sqlite_store.session() as s:
        staff_repo.add(s, channel="zalo", user_id=STAFF_Z, name="Nguyễn Thị Hoa", role="admin")
        staff_repo.add(s, channel="zalo", user_id="8502", name="Trần Văn Minh", role="officer")
    core = _core(sqlite_store, profile)
    try:
        async with running(settings, core, sqlite_store, poll_timeout=1) as channel:
            sender = channel.sender
            for i in range(3):
                assert (await sender.send(Delivery(f"90{i}", Outbound("Thông báo"), "broadcast"))).ok
            assert await channel.reply(CITIZEN, Outbound("Trả lời 1")) == 1  # 4 of 5: 80 %
            worker = Worker(sqlite_store, {"zalo": sender}, settings)
            await worker.drain()
            warning = await fake.wait_for_text(STAFF_Z, lambda t: "4/5" in t)
            assert "80%" in warning and fake.texts("8502") == []  # admins only
            # the warning itself was the 5th message of 5: broadcasts stop here
            held = await sender.send(Delivery("904", Outbound("Thông báo"), "broadcast"))
            assert held.quota and not held.ok and fake.texts("904") == []
            assert (await sender.send(Delivery(CITIZEN, Outbound("Trả lời hồ sơ"), "notice"))).ok  # never held
            assert await channel.reply(CITIZEN, Outbound("Trả lời 2")) == 1
            with sqlite_store.session() as s:
                used = quota.used(s, "zalo", channel.quota.month())
            assert used == 7  # 3 broadcasts, 1 warning, 3 answers to the citizen
            await worker.drain()
            assert fake.texts(STAFF_Z).count(warning) == 1  # warned once a month
    finally:
        await fake.stop()


async def test_broadcast_to_zalo_stops_at_the_quota_and_reports_what_was_not_sent(tmp_path, sqlite_store, profile):
    from bot.channels.zalo import make_sender
    from bot.delivery.scheduler import Scheduler
    from bot.services import announcements as bc
    from storage import broadcasts as repo
    from tests.delivery_fixtures import add_citizens

    fake = await FakeZalo().start()
    settings = make_settings(fake.base_url, tmp_path, zalo_monthly_quota=3, zalo_rate_per_chat_per_second=1000.0,
                             zalo_rate_per_second=1000.0, zalo_quota_warn_ratio=10.0)  # no warning in this test
    sync_profile(sqlite_store, profile)
    add_citizens(sqlite_store, 5, channel="zalo", first_id=95000)
    sender, close = make_sender(settings, sqlite_store)
    sched = Scheduler(sqlite_store, profile, staff_destinations=[])
    try:
        with sqlite_store.session() as s:
            b = bc.create_announcement(s, text="Lịch tiếp công dân tháng 12", progress_to=("zalo", STAFF_Z))
            bc.send_now(s, b)
            bid = b.id
        sched.tick()
        worker = Worker(sqlite_store, {"zalo": sender}, settings, concurrency=1,
                        limiter=LocalLimiter(limits_from_settings(settings)))
        await worker.drain()
        sched.tick()
        await worker.drain()
        to_citizens = [m for m in fake.sent if m["chat_id"].startswith("950")]
        with sqlite_store.session() as s:
            b = repo.get(s, bid)
            report = bc.report_text(s, b)
        assert b.status == "done"
        assert worker.stats["quota"] == 5 - len(to_citizens) and len(to_citizens) <= 3
        assert f"hết hạn mức tin nhắn trong tháng của kênh (Zalo): {5 - len(to_citizens)}" in report
        assert any("Báo cáo gửi thông báo" in t for t in fake.texts(STAFF_Z))  # staff reports are never held
    finally:
        await close()
        await fake.stop()


async def test_polling_survives_server_errors_and_ignores_group_stickers(zworld):
    w = zworld
    w.fake.fail_next("getUpdates", 500, "Internal Server Error")
    w.fake.fail_next("getUpdates", 429, "Too Many Requests", retry_after=1)
    out = await Driver(w.fake, w.channel, w.core, CITIZEN).say("/start")  # answered once polling resumes
    assert any("1. " in t for t in out)
    group_sticker = w.fake.event("8010", "message.sticker.received", sticker="abc")
    group_sticker["message"]["chat"] = {"id": "g-77", "chat_type": "GROUP"}
    w.fake.push(group_sticker)
    await w.fake.wait_for(lambda: not w.fake.events)
    await w.channel.drain()
    assert w.fake.texts("g-77") == [] and w.fake.texts("8010") == []
