"""Satisfaction surveys after a dialogue session: those who attended are invited once, answer the
profile's questions by button or typed words, and the answers are kept without their name."""

from __future__ import annotations

import re
from datetime import timedelta

from storage import dialogue, surveys
from storage import staff as staff_repo
from tests.conftest import Chat
from tests.helpers import pending_for


def test_attendees_get_one_survey_after_the_session_is_held(core, store, clock):
    with store.session() as s:
        staff_repo.add(s, channel="console", user_id="boss", name="Nguyễn Thị Hoa", role="admin")
        ds = dialogue.create_session(s, title="Đối thoại về thủ tục sở hữu trí tuệ", host="Giám đốc Sở",
                                     starts_at=clock.now + timedelta(days=5), place="Hội trường tầng 2",
                                     registration_deadline=clock.now + timedelta(days=4))
        sid = ds.id
    came, absent = Chat(core, "came"), Chat(core, "absent")
    codes = []
    for c, name in ((came, "Võ Thị Mai"), (absent, "Đỗ Văn Hùng")):
        c.press(f"dt:{sid}")
        c.say("Thủ tục đăng ký nhãn hiệu cho sản phẩm đặc sản địa phương mất bao lâu và nộp ở đâu?")
        c.say(name)
        c.say("ca nhan")
        c.say("0905 111 222")
        c.choose("trực tiếp")
        c.choose("Tôi đồng ý")
        c.choose("Gửi")
        codes.append(re.search(r"DT-\d{4}-\d{6}-[A-Z]", c.text).group(0))
    clock.now += timedelta(days=5)
    boss = Chat(core, "boss")
    boss.say(f"/diemdanh {codes[0]}")
    boss.say(f"/doithoai_xong {sid}")
    invites = [m for m in pending_for(store, "came") if "đánh giá buổi đối thoại" in m["text"]]
    assert len(invites) == 1 and not [m for m in pending_for(store, "absent") if "đánh giá" in m["text"]]
    button = invites[0]["buttons"][0][0]["payload"]

    absent.press(button)  # somebody who did not attend cannot fill it in
    assert "không còn hiệu lực" in absent.text
    came.press(button)
    assert "cách tổ chức" in came.text
    came.say("1")
    came.say("chua ro")  # typed words of a choice, without accents
    came.choose("Bỏ qua")
    assert "Cảm ơn" in came.text
    came.press(button)  # once
    assert "đã đánh giá" in came.text
    with store.session() as s:
        answers = surveys.for_session(s, sid)
    assert answers == {"to_chuc": "Rất hài lòng", "tra_loi": "Chưa rõ"}
