"""TelegramSender (the outbox worker's Sender) against the fake Bot API."""

from __future__ import annotations

import pytest

from bot.channels.telegram import TelegramChannel
from bot.core.types import Attachment, Button, Outbound
from bot.delivery.base import Delivery
from storage import cards, outbox
from storage import staff as staff_repo
from tests.fake_telegram import STAFF_CHAT, TOKEN, FakeTelegram, make_settings

GROUP = str(STAFF_CHAT)


class NoCore:
    def handle(self, msg):  # pragma: no cover - not used
        return []


def card(text: str, ref: str = "PA-2026-000001", *, edit: bool = False, dept: str | None = None) -> Outbound:
    return Outbound(text=text, ref=ref, edit=edit, thread_key=dept,
                    buttons=[[Button("🙋 Nhận xử lý", f"s:take:{ref}"), Button("🏢 Chuyển phòng", f"s:route:{ref}")]])


@pytest.fixture
async def env(tmp_path, sqlite_store):
    fake = FakeTelegram()
    await fake.start()
    with sqlite_store.session() as s:
        staff_repo.sync_departments(s, [("van_phong", "Văn phòng Sở", []), ("chi_cuc_tdc", "Chi cục TĐC", [])])
    channel = TelegramChannel(make_settings(fake.base_url, tmp_path), NoCore(), sqlite_store)
    yield fake, channel.sender, sqlite_store
    await channel.close()
    await fake.stop()


async def test_card_is_sent_then_edited_in_place(env):
    fake, sender, store = env
    r = await sender.send(Delivery(GROUP, card("📝 PA-2026-000001\nTrạng thái: Mới tiếp nhận"), purpose="card"))
    assert r.ok and r.external_id
    with store.session() as s:
        ref = cards.get(s, "telegram", "PA-2026-000001")
        assert ref.chat_id == GROUP and ref.message_id == r.external_id
    r2 = await sender.send(Delivery(GROUP, card("📝 PA-2026-000001\nTrạng thái: Đang xử lý", edit=True), purpose="card"))
    assert r2.ok and r2.external_id == r.external_id
    assert len(fake.messages(GROUP)) == 1
    assert fake.messages(GROUP)[0]["text"].endswith("Đang xử lý")
    # the same state again: Telegram says "not modified", which is success
    r3 = await sender.send(Delivery(GROUP, card("📝 PA-2026-000001\nTrạng thái: Đang xử lý", edit=True), purpose="card"))
    assert r3.ok and sender.stats["not_modified"] == 1
    # a closed item: the buttons go away
    r4 = await sender.send(Delivery(GROUP, Outbound(text="📝 PA-2026-000001\nĐã trả lời", ref="PA-2026-000001", edit=True), purpose="card"))
    assert r4.ok and "reply_markup" not in fake.messages(GROUP)[0]


async def test_edit_of_a_deleted_card_sends_a_new_one(env):
    fake, sender, store = env
    r = await sender.send(Delivery(GROUP, card("v1", "PA-2026-000002"), purpose="card"))
    fake.messages_by_id.pop((GROUP, int(r.external_id)))  # somebody deleted the card
    r2 = await sender.send(Delivery(GROUP, card("v2", "PA-2026-000002", edit=True), purpose="card"))
    assert r2.ok and r2.external_id != r.external_id
    with store.session() as s:
        assert cards.get(s, "telegram", "PA-2026-000002").message_id == r2.external_id


async def test_error_mapping(env):
    fake, sender, _ = env
    fake.fail_next("sendMessage", 429, "Too Many Requests: retry after 7", retry_after=7)
    r = await sender.send(Delivery("2001", Outbound(text="Trả lời"), purpose="notice"))
    assert not r.ok and r.retry_after == 7
    fake.block("2002")
    r = await sender.send(Delivery("2002", Outbound(text="Trả lời"), purpose="notice"))
    assert not r.ok and r.blocked and TOKEN not in (r.error or "")
    fake.fail_next("sendMessage", 400, f"Bad Request: can't parse {TOKEN}")
    r = await sender.send(Delivery("2003", Outbound(text="Trả lời"), purpose="notice"))
    assert r.permanent and TOKEN not in r.error
    fake.fail_next("sendMessage", 400, "Bad Request: chat not found")
    assert (await sender.send(Delivery("2004", Outbound(text="x"), purpose="notice"))).blocked
    fake.fail_next("sendMessage", 500, "Internal Server Error")
    with pytest.raises(ConnectionError):
        await sender.send(Delivery("2005", Outbound(text="Trả lời"), purpose="notice"))
    assert (await sender.send(Delivery("2005", Outbound(text="Trả lời"), purpose="notice"))).ok  # the retry succeeds


async def test_forum_topics_per_department_and_recreated_when_deleted(env):
    fake, sender, store = env
    fake.make_forum(GROUP)
    r1 = await sender.send(Delivery(GROUP, card("thẻ 1", "PA-2026-000010", dept="van_phong"), purpose="card"))
    r2 = await sender.send(Delivery(GROUP, card("thẻ 2", "PA-2026-000011", dept="van_phong"), purpose="card"))
    r3 = await sender.send(Delivery(GROUP, card("thẻ 3", "PA-2026-000012", dept="chi_cuc_tdc"), purpose="card"))
    assert r1.ok and r2.ok and r3.ok
    threads = {m["text"]: m.get("message_thread_id") for m in fake.messages(GROUP)}
    assert threads["thẻ 1"] == threads["thẻ 2"] != threads["thẻ 3"]
    assert sorted(fake.topics[GROUP].values()) == ["Chi cục TĐC", "Văn phòng Sở"]
    with store.session() as s:
        old = cards.department_thread(s, "van_phong")
    fake.delete_topic(GROUP, old)  # an admin deleted the topic
    r4 = await sender.send(Delivery(GROUP, card("thẻ 4", "PA-2026-000013", dept="van_phong"), purpose="card"))
    assert r4.ok
    with store.session() as s:
        new = cards.department_thread(s, "van_phong")
    assert new != old and fake.messages(GROUP)[-1]["message_thread_id"] == new
    # routing to another department moves the card into that topic
    r5 = await sender.send(Delivery(GROUP, card("thẻ 1 (đã chuyển)", "PA-2026-000010", edit=True, dept="chi_cuc_tdc"), purpose="card"))
    assert r5.ok and r5.external_id != r1.external_id
    assert fake.messages(GROUP)[-1]["message_thread_id"] == threads["thẻ 3"]
    assert "chuyển sang chủ đề" in fake.message(GROUP, int(r1.external_id))["text"]


async def test_not_a_forum_posts_without_topics(env):
    fake, sender, _ = env
    r = await sender.send(Delivery(GROUP, card("thẻ", "PA-2026-000020", dept="van_phong"), purpose="card"))
    assert r.ok and "message_thread_id" not in fake.messages(GROUP)[0]


async def test_older_edits_are_coalesced(env):
    fake, sender, store = env
    await sender.send(Delivery(GROUP, card("v1", "PA-2026-000030"), purpose="card"))
    v2, v3 = card("v2", "PA-2026-000030", edit=True), card("v3", "PA-2026-000030", edit=True)
    with store.session() as s:
        outbox.enqueue(s, channel="telegram", recipient=GROUP, payload=v2.to_payload(), purpose="card",
                       ref="PA-2026-000030")
        outbox.enqueue(s, channel="telegram", recipient=GROUP, payload=v3.to_payload(), purpose="card",
                       ref="PA-2026-000030")
    assert (await sender.send(Delivery(GROUP, v2, purpose="card"))).ok  # v3 is waiting: v2 is skipped
    assert fake.edits == [] and sender.stats["coalesced"] == 1
    assert (await sender.send(Delivery(GROUP, v3, purpose="card"))).ok
    assert [e["text"] for e in fake.edits] == ["v3"]


async def test_attachments_and_long_caption(env, tmp_path):
    fake, sender, _ = env
    local = tmp_path / "bien_ban.pdf"
    local.write_bytes(b"%PDF fake")
    fid = fake.add_file(b"jpeg", file_name="a.jpg")
    msg = Outbound(text="Ảnh hiện trường " * 100, attachments=[
        Attachment(kind="photo", file_id=fid),
        Attachment(kind="document", file_id=str(local), stored_path=str(local), file_name="bien_ban.pdf")])
    assert (await sender.send(Delivery("3001", msg, purpose="notice"))).ok
    sent = fake.messages("3001")
    assert [m["method"] for m in sent] == ["sendPhoto", "sendDocument", "sendMessage"]  # caption too long: own text
    assert sent[1]["document"]["file_name"] == "bien_ban.pdf"
    short = Outbound(text="Ảnh", attachments=[Attachment(kind="photo", file_id=fid)])
    assert (await sender.send(Delivery("3001", short, purpose="notice"))).ok
    assert fake.messages("3001")[-1]["caption"] == "Ảnh"
