"""Attack (by another citizen): pressing somebody else's buttons, typing staff commands."""

from __future__ import annotations

import pytest

from bot.core.types import Inbound
from storage import petitions
from tests.conftest import Chat
from tests.helpers import file_petition

TEXT = "Tôi phản ánh cửa hàng điện máy ở chợ huyện bán quạt điện không có nhãn hàng hóa tiếng Việt"
SECRET = "quạt điện không có nhãn"


def _get(store, code):
    with store.session() as s:
        return petitions.get_by_code(s, code)


@pytest.fixture
def answered(core, store, staff):
    code = file_petition(Chat(core, "owner"), TEXT)
    boss = Chat(core, "boss")
    boss.say(f"/traloi {code} Cơ quan đã kiểm tra và xử lý cửa hàng theo quy định.")
    boss.press(f"s:dsend:{code}")  # the preview's "Gửi"
    assert _get(store, code).status == "answered"
    return code


@pytest.mark.parametrize("payload", ["r:1:{code}", "r:3:{code}", "wd:{code}", "info:{code}", "lk:{code}"])
def test_another_citizens_item_buttons_are_refused(core, store, answered, payload):
    thief = Chat(core, "thief")
    thief.press(payload.format(code=answered))
    assert SECRET not in thief.text
    thief.press("wd_yes")
    p = _get(store, answered)
    assert p.status == "answered" and p.rating is None


def test_a_forged_rating_with_the_code_typed_without_its_check_letter(core, store, answered):
    thief = Chat(core, "thief")
    thief.press(f"r:1:{answered[:-2]}")
    assert _get(store, answered).rating is None


def test_withdrawal_of_another_citizens_open_item_is_refused(core, store, staff):
    code = file_petition(Chat(core, "owner-2"), TEXT)
    thief = Chat(core, "thief-2")
    thief.press(f"wd:{code}")
    thief.press("wd_yes")
    thief.say("1")
    assert _get(store, code).status == "received"


def test_the_owner_can_still_use_them(core, store, answered):
    owner = Chat(core, "owner")
    owner.press(f"r:3:{answered}")
    assert _get(store, answered).rating == 3


STAFF_ATTEMPTS = ["/traloi {code} đã xử lý", "/tuchoi {code} không", "/chuyen {code} thanh_tra", "/nhan {code}",
                  "/danhtinh {code}", "/xem {code}", "/hopthu", "/thongke", "/canbo_them console:thief admin Kẻ Lạ",
                  "/thongbao Thông báo giả mạo", "/doithoai_tao A | 01/12/2026 09:00 | B"]
STAFF_BUTTONS = ["s:take:{code}", "s:ans:{code}", "s:rej:{code}", "s:route:{code}", "s:info:{code}"]


@pytest.mark.parametrize("attempt", STAFF_ATTEMPTS)
def test_citizens_cannot_use_staff_commands(core, store, staff, attempt):
    code = file_petition(Chat(core, "owner-3"), TEXT)
    c = Chat(core, "pretender")
    c.say(attempt.format(code=code))
    assert SECRET not in c.text and "Nguyễn Văn An" not in c.text
    p = _get(store, code)
    assert p.status == "received" and p.answer is None and p.assignee_id is None


@pytest.mark.parametrize("payload", STAFF_BUTTONS)
def test_citizens_cannot_press_staff_buttons(core, store, staff, payload):
    code = file_petition(Chat(core, "owner-4"), TEXT)
    core.handle(Inbound(channel="console", user_id="pretender", payload=payload.format(code=code)))
    p = _get(store, code)
    assert p.status == "received" and p.assignee_id is None
