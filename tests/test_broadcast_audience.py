"""Broadcast audiences, idempotent expansion, progress messages, the final report, cancelling."""

from __future__ import annotations

from datetime import timedelta

import pytest

from bot.delivery.base import SendResult as _SendResult
from bot.delivery.limits import LocalLimiter, limits_from_settings
from bot.delivery.scheduler import Scheduler
from bot.delivery.worker import Worker
from bot.services import announcements as bc
from storage import broadcasts as repo
from storage import dialogue, outbox, utcnow
from storage.models import Broadcast, Citizen
from tests import delivery_fixtures as _df
from tests.delivery_fixtures import ScriptedSender, add_citizens, settings_for, statuses

dprofile = _df.dprofile  # fixture
dstore = _df.dstore  # fixture


def _citizen(s, uid, **kw) -> Citizen:
    c = Citizen(channel=kw.pop("channel", "telegram"), channel_user_id=uid, **kw)
    s.add(c)
    s.flush()
    return c


def _session(s, *, days=10, **kw):
    start = utcnow() + timedelta(days=days)
    return dialogue.create_session(s, title=kw.pop("title", "Đối thoại về thủ tục hành chính"), host="Giám đốc Sở",
                                   starts_at=start, place="Hội trường", registration_deadline=start - timedelta(days=2),
                                   **kw)


@pytest.fixture
def people(dstore):
    """A mix of citizens; returns {name: id}."""
    with dstore.session() as s:
        ids = {
            "all": _citizen(s, "1", subscribed=True).id,  # no interests = every topic
            "cds": _citizen(s, "2", subscribed=True, interests=["chuyen_doi_so"]).id,
            "other": _citizen(s, "3", subscribed=True, interests=["so_huu_tri_tue"]).id,
            "unsub": _citizen(s, "4", subscribed=False).id,
            "blocked": _citizen(s, "5", subscribed=True, unreachable=True).id,
            "erased": _citizen(s, "6", subscribed=True, erased_at=utcnow()).id,
            "console": _citizen(s, "c-7", subscribed=True, channel="console").id,
        }
    return ids


def _audience_ids(store, spec, session_id=None):
    with store.session() as s:
        return {r.citizen_id for r in repo.audience(s, spec, session_id)}


def test_audience_all_and_topics(dstore, people):
    assert _audience_ids(dstore, {"type": "all"}) == {people[k] for k in ("all", "cds", "other", "console")}
    assert _audience_ids(dstore, {"type": "topics", "topics": ["chuyen_doi_so"]}) == {
        people["all"], people["cds"], people["console"]}
    assert _audience_ids(dstore, {"type": "topics", "topics": ["chuyen_doi_so", "so_huu_tri_tue"]}) == {
        people[k] for k in ("all", "cds", "other", "console")}


def test_audience_session_registrants(dstore, people):
    with dstore.session() as s:
        ds = _session(s)
        other = _session(s, title="Buổi khác")
        for key, status in (("unsub", "registered"), ("cds", "attended"), ("all", "withdrawn"),
                            ("blocked", "registered")):
            dialogue.create_question(s, year=2026, session_id=ds.id, citizen_id=people[key], question="Hỏi?",
                                     status=status)
        dialogue.create_question(s, year=2026, session_id=ds.id, citizen_id=people["unsub"], question="Hỏi 2?")
        dialogue.create_question(s, year=2026, session_id=other.id, citizen_id=people["other"], question="Khác?")
        sid = ds.id
    # registrants, subscribed or not; not those who withdrew or cannot be reached
    assert _audience_ids(dstore, {"type": "session", "session_id": sid}) == {people["unsub"], people["cds"]}
    with dstore.session() as s:
        rec = next(r for r in repo.audience(s, {"type": "session"}, sid) if r.citizen_id == people["unsub"])
        assert len(rec.codes) == 2 and all(c.startswith("DT-") for c in rec.codes)


def test_expansion_is_idempotent(dstore, people, dprofile):
    with dstore.session() as s:
        b = bc.create_announcement(s, text="Lịch tiếp công dân tháng 12", audience={"type": "all"})
        bc.send_now(s, b)
        assert bc.start(s, b, profile=dprofile) == 4
        assert bc.start(s, b, profile=dprofile) is None  # already started (another process, a retry)
        # even a forced second expansion adds nothing: one row per citizen (dedupe key)
        rows = [{"channel": "telegram", "recipient": "1", "citizen_id": people["all"], "payload": {"text": "x"},
                 "broadcast_id": b.id, "dedupe_key": f"b{b.id}:{people['all']}"}]
        assert repo.add_rows(s, rows) == 0
        assert repo.count_rows(s, b.id) == 4
        keys = {r.dedupe_key for r in outbox.rows_for(s, broadcast_id=b.id)}
        assert keys == {f"b{b.id}:{people[k]}" for k in ("all", "cds", "other", "console")}
        texts = {r.payload["text"] for r in outbox.rows_for(s, broadcast_id=b.id)}
        assert len(texts) == 1 and "Lịch tiếp công dân tháng 12" in texts.pop()


def test_session_reminder_is_personalised(dstore, people, dprofile):
    with dstore.session() as s:
        ds = _session(s, days=1)
        q = dialogue.create_question(s, year=2026, session_id=ds.id, citizen_id=people["cds"], question="Hỏi?")
        b = bc.remind_registrants(s, dprofile, ds)
        assert b is not None and bc.remind_registrants(s, dprofile, ds) is None  # once per session
        rows = outbox.rows_for(s, broadcast_id=b.id)
        assert len(rows) == 1 and q.code in rows[0].payload["text"] and rows[0].citizen_id == people["cds"]


def _worker(store, sender) -> Worker:
    settings = settings_for(store.url, telegram_rate_per_second=500)
    return Worker(store, {"telegram": sender}, settings, worker_id="bc-test",
                  limiter=LocalLimiter(limits_from_settings(settings)), concurrency=2, batch_size=10)


async def test_progress_message_and_final_report(dstore, dprofile):
    add_citizens(dstore, 30, first_id=10_000)
    sender = ScriptedSender()
    sender.script["10003"] = [_SendResult(ok=False, blocked=True, error="403 Forbidden: bot was blocked by the user")]
    sender.script["10004"] = [_SendResult(ok=False, permanent=True, error="400 Bad Request: chat not found")]
    sched = Scheduler(dstore, dprofile, staff_destinations=[])
    with dstore.session() as s:
        b = bc.create_announcement(s, text="Thông báo thử", progress_to=("telegram", "-100777"))
        bc.send_now(s, b)
        bid = b.id
    sched.tick()  # starts it: 30 rows + the first progress message
    with dstore.session() as s:
        assert repo.get(s, bid).status == "sending" and repo.get(s, bid).total == 30
        prog = outbox.rows_for(s, ref=f"BC-{bid}", purpose="progress")
        assert len(prog) == 1 and "0/30" in prog[0].payload["text"] and prog[0].payload["edit"]
    await _worker(dstore, sender).drain()
    sched.tick()
    with dstore.session() as s:
        b = repo.get(s, bid)
        assert b.status == "done" and b.finished_at is not None
        prog = outbox.rows_for(s, ref=f"BC-{bid}", purpose="progress")
        assert "28/30" in prog[-1].payload["text"] and prog[-1].payload["edit"]
        assert all(p.recipient == "-100777" for p in prog)
        report = outbox.rows_for(s, purpose="report")
        assert len(report) == 1
        text = report[0].payload["text"]
        assert "Gửi thành công: 28" in text and "chặn bot" in text and ": 1" in text and "chat not found" in text
    sched.tick()  # nothing more once done
    with dstore.session() as s:
        assert len(outbox.rows_for(s, purpose="report")) == 1


def test_progress_updates_collapse_while_pending(dstore, dprofile):
    add_citizens(dstore, 3)
    with dstore.session() as s:
        b = bc.create_announcement(s, text="x", progress_to=("console", "canbo"))
        bc.send_now(s, b)
        bc.start(s, b, profile=dprofile)
        now = utcnow()
        for i in range(5):
            bc.update_progress(s, b, now + timedelta(seconds=10 * (i + 1)), force=True)
        assert len(outbox.rows_for(s, ref=f"BC-{b.id}", purpose="progress")) == 1  # one pending edit, latest numbers


def test_cancel_while_sending_cancels_the_rest(dstore, dprofile):
    add_citizens(dstore, 5)
    with dstore.session() as s:
        b = bc.create_announcement(s, text="x")
        bc.send_now(s, b)
        bc.start(s, b, profile=dprofile)
        rows = outbox.claim_batch(s, channels=["telegram"], worker_id="w", limit=2, lease_seconds=60)
        outbox.mark_sent(s, rows[0].id, "1", worker_id="w")
        assert bc.cancel(s, b) == 3
        assert repo.get(s, b.id).status == "cancelled"
        with pytest.raises(bc.BroadcastError):
            bc.cancel(s, b)
    c = statuses(dstore, broadcast_id=b.id)
    assert (c["sent"], c["sending"], c["cancelled"]) == (1, 1, 3)


def test_schedule_rules(dstore):
    with dstore.session() as s:
        b = bc.create_announcement(s, text="x")
        with pytest.raises(bc.BroadcastError):
            bc.schedule(s, b, utcnow() - timedelta(hours=1))
        when = utcnow() + timedelta(days=1)
        bc.schedule(s, b, when)
        assert b.status == "scheduled" and b.scheduled_at == when
        assert repo.due(s, utcnow()) == [] and [x.id for x in repo.due(s, when)] == [b.id]
        with pytest.raises(bc.BroadcastError):
            bc.create_announcement(s, text="  ")
        with pytest.raises(bc.BroadcastError):
            bc.create_announcement(s, text="x", audience={"type": "session"})


def test_preview_is_the_message_as_sent(dstore, dprofile):
    add_citizens(dstore, 2)
    with dstore.session() as s:
        ds = _session(s, days=3)
        b = bc.create_announcement(s, text="Mời tham dự", photo="AgACAgIAAxk-photo", session_id=ds.id)
        sample, summary = bc.preview(s, b, dprofile)
        assert "Mời tham dự" in sample.text and sample.attachments[0].file_id == "AgACAgIAAxk-photo"
        assert sample.button_payloads() == [f"dt:{ds.id}"]  # register for the linked session
        assert "2 người" in summary.text and "ít nhất 7 ngày" in summary.text
        assert summary.button_payloads() == [f"bc:send:{b.id}", f"bc:sched:{b.id}", f"bc:cancel:{b.id}"]
        assert s.get(Broadcast, b.id).status == "draft"  # a preview sends nothing
        assert outbox.rows_for(s) == []


def test_citizens_get_the_catalog_words_of_the_agency(dstore, dprofile):
    """The header, the way to stop and the register button come from the catalog, so a profile can reword them."""
    add_citizens(dstore, 2)
    own = dprofile.model_copy(update={"texts": {**dprofile.texts, "bc_unsubscribe_hint": "Nhắn DỪNG để thôi nhận tin."}})
    with dstore.session() as s:
        ds = _session(s, days=10)
        b = bc.create_announcement(s, text="Lịch đối thoại tháng 12", session_id=ds.id)
        bc.send_now(s, b)
        assert bc.start(s, b, profile=own) == 2
        for row in outbox.rows_for(s, purpose="broadcast"):
            text = row.payload["text"]
            assert text.startswith(f"📢 {dprofile.short_name} thông báo:\n\nLịch đối thoại tháng 12")
            assert text.endswith("Nhắn DỪNG để thôi nhận tin.")
            assert row.payload["buttons"] == [[{"text": "📝 Đăng ký câu hỏi đối thoại", "payload": f"dt:{ds.id}"}]]
