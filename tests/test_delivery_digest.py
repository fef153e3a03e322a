"""Digest fallback for a group chat's per-minute limit (issue 4), with the real TelegramSender over real
HTTP against the fake Bot API server.

A burst of new cards to the staff group goes out as cards while the group's minute allows, then as one
digest for the rest; every row ends ``sent``; a later edit of a digested item posts a full card.

Deterministic: the worker's clock is frozen (every send of a burst falls in the same minute), and the
worker's own limiter is generous so nothing waits; the group budget comes from the settings
(``telegram_group_per_minute`` = 20). Where the fake server enforces 20 messages/minute per group,
it would answer 429 to a 21st message.
"""

from __future__ import annotations

from datetime import timedelta

import pytest

from bot.core.types import Button, Outbound
from bot.delivery.limits import ChannelLimits, LocalLimiter
from bot.delivery.worker import Worker
from storage import cards, outbox, utcnow
from storage.models import Department, Outbox
from tests import delivery_fixtures as _df
from tests.delivery_fixtures import TOKEN, ScriptedSender, settings_for, statuses
from tests.fake_telegram import FakeTelegram

dstore = _df.dstore  # fixture: SQLite, and PostgreSQL when PAKN_TEST_POSTGRES_URL is set

GROUP = -1001234567890
DEPTS = ("P_QLKH", "P_CNTT")


class Clock:
    """A frozen clock, moved by the test only."""

    def __init__(self) -> None:
        self.now = utcnow() + timedelta(seconds=1)

    def __call__(self):
        return self.now

    def catch_up(self) -> None:
        self.now = utcnow() + timedelta(seconds=1)

    def tick(self) -> None:  # 10 ms a round: retries come due, a burst stays well within one minute
        self.now += timedelta(milliseconds=10)


def _code(i: int) -> str:
    return f"PA-2026-{i:06d}"


def _card(i: int, *, edit: bool = False, note: str = "Tiếp nhận") -> Outbound:
    code = _code(i)
    text = f"📨 {code}\nLoại: Phản ánh · Lĩnh vực: Khoa học\nTrạng thái: {note}\n\nNội dung phản ánh số {i}."
    return Outbound(text=text, ref=code, thread_key=DEPTS[i % 2], edit=edit,
                    buttons=[[Button("🙋 Nhận xử lý", f"s:take:{code}")]])


def _enqueue(store, msgs: list[Outbound], purpose: str = "card") -> list[int]:
    with store.session() as s:
        return [outbox.enqueue(s, channel="telegram", recipient=str(GROUP), payload=m.to_payload(),
                               purpose=purpose, ref=m.ref).id for m in msgs]


async def _drain(worker: Worker, store, rounds: int = 500) -> dict[str, int]:
    for _ in range(rounds):
        await worker.run_once()
        worker.clock.tick()
        c = statuses(store)
        if c["pending"] + c["sending"] == 0:
            return c
    raise AssertionError(f"outbox not drained: {statuses(store)}")


def _rows(store) -> list[Outbox]:
    with store.session() as s:
        return outbox.rows_for(s, recipient=str(GROUP))


def _sends(fake: FakeTelegram) -> list[dict]:
    return fake.messages(GROUP)


class _Extra:
    """Settings plus digest knobs that bot.config.Settings does not declare (the worker reads them with getattr)."""

    def __init__(self, settings, **extra) -> None:
        self._settings, self.__dict__["_extra"] = settings, extra

    def __getattr__(self, name: str):
        return self._extra[name] if name in self._extra else getattr(self._settings, name)


def _tg_worker(store, fake: FakeTelegram, clock: Clock, digest: dict | None = None, **kw):
    from bot.channels.telegram import TelegramSender, make_bot

    settings = settings_for(store.url, telegram_token=TOKEN, telegram_api_url=fake.base_url,
                            telegram_staff_chat_id=GROUP, telegram_group_per_minute=20,
                            telegram_rate_per_second=200, delivery_max_attempts=3, **kw)
    bot = make_bot(settings)
    sender = TelegramSender(bot, store, settings)
    # the worker's own pacing is out of the way: the budget under test is the digest's, not the limiter's
    limiter = LocalLimiter({"telegram": ChannelLimits(per_second=500, per_chat_per_second=500,
                                                      group_per_minute=60_000)})
    worker = Worker(store, {"telegram": sender}, _Extra(settings, **(digest or {})), worker_id="digest-test",
                    limiter=limiter, concurrency=4, batch_size=5, max_limiter_wait=5, clock=clock)
    return bot, sender, worker


@pytest.fixture
async def group_limited():
    """The fake server enforcing Telegram's 20 messages a minute per group."""
    f = FakeTelegram(group_per_minute=20)
    await f.start()
    f.make_forum(GROUP)
    yield f
    await f.stop()


@pytest.fixture
async def fake():
    f = FakeTelegram()
    await f.start()
    f.make_forum(GROUP)
    yield f
    await f.stop()


def _departments(store) -> None:
    with store.session() as s:
        for code in DEPTS:
            s.add(Department(code=code, name=f"Phòng {code}"))


def _check_accounted(store, fake: FakeTelegram, refs: list[str]) -> tuple[list[Outbox], list[Outbox]]:
    """Every ref went out exactly once, as its own card or in a digest; returns (individual, digested)."""
    rows = [r for r in _rows(store) if r.ref in refs and outbox.is_new_card(r.purpose, r.payload)]
    assert len(rows) == len(refs) and all(r.status == "sent" and r.external_id for r in rows)
    by_id = {str(m["message_id"]): m for m in _sends(fake)}
    individual = [r for r in rows if not outbox.is_digested(r)]
    digested = [r for r in rows if outbox.is_digested(r)]
    for r in individual:
        assert by_id[r.external_id]["text"].startswith(f"📨 {r.ref}")
    for r in digested:
        assert r.ref in by_id[r.external_id]["text"] and "vượt giới hạn" in by_id[r.external_id]["text"]
    return individual, digested


async def test_a_burst_over_the_group_limit_ends_in_one_digest(dstore, group_limited):
    fake = group_limited
    _departments(dstore)
    clock = Clock()
    bot, sender, worker = _tg_worker(dstore, fake, clock)
    try:
        refs = [_code(i) for i in range(1, 41)]
        _enqueue(dstore, [_card(i) for i in range(1, 41)])
        clock.catch_up()
        c = await _drain(worker, dstore)
    finally:
        await bot.session.close()

    assert c == {**c, "sent": 40, "pending": 0, "sending": 0, "failed": 0, "blocked": 0}
    sends = _sends(fake)
    assert len(sends) == 20  # 19 cards + 1 digest: exactly the group's minute
    assert not [r for r in fake.rejected if r[1] == 429]  # the server's limit was never hit
    individual, digested = _check_accounted(dstore, fake, refs)
    assert [r.ref for r in individual] == refs[:19] and [r.ref for r in digested] == refs[19:]
    assert len({r.external_id for r in digested}) == 1  # one message for all of them
    digest = sends[-1]
    assert "message_thread_id" not in digest  # the general topic: it spans departments
    assert [line for line in digest["text"].splitlines() if line.startswith("• ")] == [
        f"• 📨 {ref}" for ref in refs[19:]]
    assert all(m.get("message_thread_id") for m in sends[:19])  # cards still go to their department's topic
    assert all("digest:" in r.last_error and r.sent_at is not None for r in digested)
    # cards in order, then the digest: the chat's order is kept
    assert [m["text"].splitlines()[0] for m in sends[:19]] == [f"📨 {ref}" for ref in refs[:19]]
    with dstore.session() as s:
        assert all(cards.get(s, "telegram", ref) for ref in refs[:19])
        assert not any(cards.get(s, "telegram", ref) for ref in refs[19:])  # no card yet: edits post one
    assert worker.stats["digests"] == 1 and worker.stats["digested"] == 21


async def test_an_edit_of_a_digested_item_posts_a_full_card(dstore, fake):
    clock = Clock()
    bot, sender, worker = _tg_worker(dstore, fake, clock)
    try:
        _enqueue(dstore, [_card(i) for i in range(1, 41)])
        clock.catch_up()
        await _drain(worker, dstore)
        before = len(_sends(fake))
        assert before == 20
        digested_ref, carded_ref = _code(30), _code(2)
        assert outbox.is_digested(next(r for r in _rows(dstore) if r.ref == digested_ref))
        _enqueue(dstore, [_card(30, edit=True, note="Đang xử lý"), _card(2, edit=True, note="Đang xử lý")])
        clock.catch_up()
        c = await _drain(worker, dstore)
    finally:
        await bot.session.close()

    assert c["pending"] + c["sending"] == 0 and c["failed"] == 0
    sends = _sends(fake)
    assert len(sends) == before + 1  # the digested item got a card; the other card was edited in place
    new = sends[-1]
    assert new["text"].startswith(f"📨 {digested_ref}") and "Đang xử lý" in new["text"]
    assert new["reply_markup"]["inline_keyboard"]  # a full card, with its buttons
    with dstore.session() as s:
        ref = cards.get(s, "telegram", digested_ref)
        assert ref is not None and ref.message_id == str(new["message_id"])
        edited = cards.get(s, "telegram", carded_ref)
    assert "Đang xử lý" in fake.message(GROUP, int(edited.message_id))["text"]
    # a second edit of the formerly digested item now edits its new card in place
    bot, sender, worker = _tg_worker(dstore, fake, clock)
    try:
        _enqueue(dstore, [_card(30, edit=True, note="Đã trả lời")])
        clock.catch_up()
        await _drain(worker, dstore)
    finally:
        await bot.session.close()
    assert len(_sends(fake)) == before + 1 and "Đã trả lời" in fake.message(GROUP, new["message_id"])["text"]


async def test_a_burst_below_the_threshold_is_sent_normally(dstore, group_limited):
    fake = group_limited
    clock = Clock()
    bot, sender, worker = _tg_worker(dstore, fake, clock)
    try:
        refs = [_code(i) for i in range(1, 16)]
        _enqueue(dstore, [_card(i) for i in range(1, 16)])
        clock.catch_up()
        c = await _drain(worker, dstore)
    finally:
        await bot.session.close()
    assert c["sent"] == 15 and c["pending"] + c["sending"] == 0
    individual, digested = _check_accounted(dstore, fake, refs)
    assert len(individual) == 15 and not digested and len(_sends(fake)) == 15
    assert all(r.last_error is None for r in individual) and worker.stats["digests"] == 0


async def test_exactly_the_threshold_is_sent_normally(dstore, fake):
    clock = Clock()
    bot, sender, worker = _tg_worker(dstore, fake, clock)
    try:
        _enqueue(dstore, [_card(i) for i in range(1, 21)])
        clock.catch_up()
        await _drain(worker, dstore)
    finally:
        await bot.session.close()
    assert len(_sends(fake)) == 20 and worker.stats["digests"] == 0


async def test_edits_and_staff_messages_keep_their_place(dstore, fake):
    """A digest stands only for an unbroken run of new cards, so nothing overtakes anything."""
    clock = Clock()
    bot, sender, worker = _tg_worker(dstore, fake, clock)
    try:
        _enqueue(dstore, [_card(i) for i in range(1, 26)])
        _enqueue(dstore, [Outbound(text="Hồ sơ PA-2026-000003 đã được chuyển phòng.")], purpose="staff")
        _enqueue(dstore, [_card(23, edit=True, note="Đang xử lý")])
        _enqueue(dstore, [_card(i) for i in range(26, 36)])
        clock.catch_up()
        c = await _drain(worker, dstore)
    finally:
        await bot.session.close()
    assert c["pending"] + c["sending"] + c["failed"] == 0
    texts = [m["text"] for m in _sends(fake)]
    # 19 cards, a digest of 20–25, the staff message, the edit of digested 23 as a card, a digest of 26–35
    assert [t.splitlines()[0] for t in texts[:19]] == [f"📨 {_code(i)}" for i in range(1, 20)]
    assert [ln for ln in texts[19].splitlines() if ln.startswith("• ")] == [f"• 📨 {_code(i)}" for i in range(20, 26)]
    assert texts[20].startswith("Hồ sơ PA-2026-000003")
    assert texts[21].startswith(f"📨 {_code(23)}") and "Đang xử lý" in texts[21]
    assert [ln for ln in texts[22].splitlines() if ln.startswith("• ")] == [f"• 📨 {_code(i)}" for i in range(26, 36)]
    assert len(texts) == 23 and worker.stats["digests"] == 2
    _check_accounted(dstore, fake, [_code(i) for i in range(1, 36)])


async def test_a_long_digest_is_cut_to_fit_one_message(dstore, fake):
    clock = Clock()
    bot, sender, worker = _tg_worker(dstore, fake, clock, digest={"delivery_digest_threshold": 2})
    assert worker.digest_threshold == 2
    long = [Outbound(text=f"📨 {_code(i)} " + "Nội dung rất dài " * 30, ref=_code(i)) for i in range(1, 61)]
    try:
        _enqueue(dstore, long)
        clock.catch_up()
        c = await _drain(worker, dstore)
    finally:
        await bot.session.close()
    assert c["sent"] == 60 and c["pending"] + c["sending"] == 0
    sends = _sends(fake)
    assert all(len(m["text"]) <= 4096 for m in sends)
    # 1 card (the budget of 2 keeps one message for the digest), then digests of as many as fit one message
    assert len(sends) == 5 and worker.stats["digests"] == 4
    assert all(len(m["text"]) > 3000 for m in sends[1:4])
    digested = [r for r in _rows(dstore) if outbox.is_digested(r)]
    assert len(digested) == 59 and worker.stats["digested"] == 59
    by_id = {str(m["message_id"]): m["text"] for m in sends}
    assert all(r.ref in by_id[r.external_id] for r in digested)


async def test_the_digest_can_be_turned_off(dstore, fake):
    clock = Clock()
    bot, sender, worker = _tg_worker(dstore, fake, clock, digest={"delivery_digest_threshold": 0})
    try:
        _enqueue(dstore, [_card(i) for i in range(1, 26)])
        clock.catch_up()
        await _drain(worker, dstore)
    finally:
        await bot.session.close()
    assert len(_sends(fake)) == 25 and worker.stats["digests"] == 0


async def test_a_failed_digest_loses_nothing(dstore, fake):
    clock = Clock()
    bot, sender, worker = _tg_worker(dstore, fake, clock)
    try:
        _enqueue(dstore, [_card(i) for i in range(1, 31)])
        clock.catch_up()
        for _ in range(19):  # one row of the chat per round: the 19 cards within the budget
            await worker.run_once()
        assert len(_sends(fake)) == 19 and worker.stats["digests"] == 0
        fake.fail_next("sendMessage", 502, "Bad Gateway", chat_id=GROUP)
        c = await _drain(worker, dstore)
    finally:
        await bot.session.close()
    assert c["sent"] == 30 and c["pending"] + c["sending"] + c["failed"] == 0
    _check_accounted(dstore, fake, [_code(i) for i in range(1, 31)])
    assert worker.stats["digest_errors"] == 1 and worker.stats["digests"] == 1
    assert len(_sends(fake)) == 20


async def test_a_sender_without_send_digest_sends_every_card(dstore):
    clock = Clock()
    settings = settings_for(dstore.url, telegram_group_per_minute=20)
    sender = ScriptedSender()
    limiter = LocalLimiter({"telegram": ChannelLimits(per_second=500, per_chat_per_second=500,
                                                      group_per_minute=60_000)})
    worker = Worker(dstore, {"telegram": sender}, settings, worker_id="plain", limiter=limiter, concurrency=2,
                    clock=clock)
    _enqueue(dstore, [_card(i) for i in range(1, 41)])
    clock.catch_up()
    c = await _drain(worker, dstore)
    assert c["sent"] == 40 and len(sender.calls) == 40 and worker.stats["digests"] == 0
    assert [m.ref for _r, m in sender.calls] == [_code(i) for i in range(1, 41)]  # in order
