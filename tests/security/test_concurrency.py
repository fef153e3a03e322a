"""Attack (by a double-clicker, or two webhook processes): one person's messages handled at the same time.

The conversation state is versioned; a message that lost the race runs again after taking the lock.
"""

from __future__ import annotations

import threading

from bot.core.types import Inbound, Outbound
from storage import citizens, petitions
from tests.conftest import Chat
from tests.helpers import drive_form

GENERIC_ERROR = "hệ thống đang gặp sự cố"
TEXT = "Tôi phản ánh cửa hàng điện máy ở chợ huyện bán quạt điện không có nhãn hàng hóa tiếng Việt"


def _at_once(n: int, fn) -> list:
    """Run ``fn(i)`` in ``n`` threads released together; returns the results in order."""
    barrier = threading.Barrier(n)
    results: list = [None] * n
    errors: list[BaseException] = []

    def run(i: int) -> None:
        try:
            barrier.wait()
            results[i] = fn(i)
        except BaseException as e:  # pragma: no cover - reported below
            errors.append(e)

    threads = [threading.Thread(target=run, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    assert not errors, errors
    return results


def _texts(replies: list[Outbound]) -> str:
    return "\n".join(o.text for o in replies)


def test_five_send_presses_at_once_make_one_petition(core, store, staff):
    c = Chat(core, "double-clicker")
    c.say(TEXT)
    drive_form(c, stop_at=("confirm",), text=TEXT)
    send = next(b.payload for o in c.last for row in o.buttons for b in row if "Gửi" in b.text)
    results = _at_once(5, lambda i: core.handle(Inbound(channel="console", user_id="double-clicker",
                                                         payload=send, update_id=f"press-{i}")))
    with store.session() as s:
        cid = citizens.get(s, "console", "double-clicker").id
        items = petitions.for_citizen(s, cid)
    assert len(items) == 1
    received = [r for r in results if items[0].code in _texts(r)]
    assert len(received) == 1  # one press files it; the others are told the button is stale
    assert all(r and GENERIC_ERROR not in _texts(r) for r in results)
    c.press(send)  # nothing is left to send: a stale button, not a second item
    assert "PA-" not in c.text


def test_a_hundred_first_messages_of_a_new_citizen_all_get_answers(core, store):
    results = _at_once(100, lambda i: core.handle(Inbound(channel="console", user_id="newcomer",
                                                           text="xin chào", update_id=f"first-{i}")))
    failed = [r for r in results if not r or GENERIC_ERROR in _texts(r)]
    assert not failed, f"{len(failed)} of 100 failed"
    with store.session() as s:
        assert citizens.get(s, "console", "newcomer") is not None


def test_concurrent_first_messages_of_many_citizens(core, store):
    results = _at_once(40, lambda i: core.handle(Inbound(channel="console", user_id=f"crowd-{i % 8}",
                                                          text="giờ làm việc của sở thế nào")))
    assert all(r and GENERIC_ERROR not in _texts(r) for r in results)


def test_a_stale_version_is_refused_by_the_store(store):
    from storage import conversations

    with store.session() as s:
        st = conversations.load(s, "console", "racer")
    with store.session() as s:
        mine = conversations.load(s, "console", "racer")
        with store.session() as other:  # another transaction wins first
            theirs = conversations.load(other, "console", "racer")
            conversations.save(other, theirs, "content", {"a": 1})
        try:
            conversations.save(s, mine, "dt.question", {"b": 2})
        except conversations.Conflict:
            pass
        else:  # pragma: no cover
            raise AssertionError("a stale save was accepted")
    with store.session() as s:
        final = conversations.load(s, "console", "racer")
        assert (final.state, final.slots, final.version) == ("content", {"a": 1}, st.version + 1)
