"""Staff in the chat: nothing reaches a citizen until it has been previewed and confirmed."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest

from bot.core import commands
from bot.core.staff_petitions import INBOX_FILTERS
from bot.services import lifecycle
from storage import petitions
from storage import staff as staff_repo
from tests.conftest import Chat
from tests.helpers import file_petition, pending_for

GROUP = "staff-group"


@pytest.fixture
def staff(store):
    with store.session() as s:
        staff_repo.add(s, channel="console", user_id="boss", name="Nguyễn Thị Hoa", role="admin")
        staff_repo.add(s, channel="console", user_id="officer", name="Trần Văn Minh", role="officer")
        staff_repo.add(s, channel="console", user_id="inspector", name="Lê Quang Huy", role="inspector")


def answers_for(store, user: str) -> list[str]:
    return [m["text"] for m in pending_for(store, user) if "trả lời hồ sơ" in m["text"]]


def get(store, code):
    with store.session() as s:
        return petitions.get_by_code(s, code)


def test_a_stray_message_in_the_group_never_reaches_the_citizen(core, store, staff) -> None:
    citizen = Chat(core, "dan-1")
    code = file_petition(citizen, "Tôi phản ánh cửa hàng điện máy bán máy sấy tóc không có nhãn tiếng Việt")
    officer = Chat(core, "officer", chat_id=GROUP)
    officer.press(f"s:ans:{code}")
    assert "Nhập nội dung trả lời" in officer.text and "trả lời thẳng vào tin nhắn này" in officer.text
    officer.say("để mình hỏi lại phòng đo lường đã")  # chatter in the group: not a reply to the prompt
    assert officer.last == [] and get(store, code).status == "received"
    private = Chat(core, "officer")  # the same officer in a private chat
    private.say("anh ơi hồ sơ này để mai nhé")
    assert "cuộc trò chuyện khác" in private.text
    assert answers_for(store, "dan-1") == []
    # the real answer: a reply to the prompt, then a preview, then Gửi
    officer.say("Sở đã kiểm tra, lập biên bản xử phạt cửa hàng. Trân trọng.", reply_to_ref=code)
    assert "Xem trước" in officer.text and "Sở đã kiểm tra" in officer.text
    assert answers_for(store, "dan-1") == []
    officer.press(f"s:dsend:{code}")
    assert "Đã gửi trả lời" in officer.text
    assert len(answers_for(store, "dan-1")) == 1 and get(store, code).status == "answered"


def test_edit_and_cancel_a_draft(core, store, staff) -> None:
    code = file_petition(Chat(core, "dan-2"), "Tôi phản ánh trạm cân ở chợ Nghĩa Lộ cân thiếu cho người mua")
    officer = Chat(core, "officer")
    officer.say(f"/traloi {code} Trả lời thứ nhất còn sai chính tả")
    officer.press(f"s:dedit:{code}")
    officer.say("Sở đã kiểm tra trạm cân và hiệu chỉnh lại.")
    assert "hiệu chỉnh" in officer.text and "Trả lời thứ nhất" not in officer.text
    officer.press(f"s:dcancel:{code}")
    assert "chưa có gì được gửi" in officer.text
    officer.press(f"s:dsend:{code}")  # a stale button after the cancel
    assert get(store, code).status == "received" and answers_for(store, "dan-2") == []


def test_a_draft_expires_after_15_minutes_and_when_something_else_is_asked(core, store, staff, clock) -> None:
    code = file_petition(Chat(core, "dan-3"), "Tôi phản ánh đồng hồ nước nhà tôi chạy nhanh bất thường")
    officer = Chat(core, "officer")
    officer.press(f"s:ans:{code}")
    clock.now += timedelta(minutes=16)
    officer.say("Đã kiểm định lại đồng hồ, kết quả đạt.")
    assert "hết hạn" in officer.text and "Xem trước" not in officer.text
    officer.press(f"s:ans:{code}")
    officer.say("/hopthu")  # something else is asked: the draft is dropped
    officer.say("Đã kiểm định lại đồng hồ, kết quả đạt.")
    assert "Xem trước" not in officer.text
    assert get(store, code).status == "received"


def test_template_placeholders_without_a_value_are_asked_for(core, store, staff) -> None:
    code = file_petition(Chat(core, "dan-4"), "Tôi phản ánh cửa hàng bán mũ bảo hiểm không có dấu hợp quy CR")
    officer = Chat(core, "officer")
    officer.say(f"/traloi {code} #da_tra_loi")
    assert "Mẫu cần thêm: nội dung/lý do" in officer.text
    officer.say("Sở đã kiểm tra và xử phạt cửa hàng theo quy định.")
    assert "Xem trước" in officer.text
    assert "Kính gửi Ông/Bà Nguyễn Văn An" in officer.text and "{" not in officer.text
    officer.press(f"s:dsend:{code}")
    assert "xử phạt cửa hàng" in answers_for(store, "dan-4")[0]


def test_to_cao_template_has_no_name_and_the_card_no_identity(core, store, staff) -> None:
    code = file_petition(Chat(core, "dan-5"), "Tôi tố cáo ông Trần Văn B cán bộ phòng quản lý công nghệ nhận tiền "
                                              "của doanh nghiệp để cấp giấy chứng nhận sai quy định")
    insp = Chat(core, "inspector")
    insp.say(f"/tuchoi {code} #tu_choi nội dung không có căn cứ")
    assert "Kính gửi Ông/Bà," in insp.text and "Nguyễn Văn An" not in insp.text
    insp.say(f"/xem {code}")
    assert "Nguyễn Văn An" not in insp.text and "0912" not in insp.text
    for user in ("officer", "boss", "inspector"):
        assert all("Nguyễn Văn An" not in m["text"] for m in pending_for(store, user))


def test_taking_an_item_held_by_someone_else_asks_first(core, store, staff) -> None:
    code = file_petition(Chat(core, "dan-6"), "Tôi phản ánh cây xăng ở xã tôi bơm thiếu xăng cho khách hàng")
    Chat(core, "officer").say(f"/nhan {code}")
    boss = Chat(core, "boss")
    boss.say(f"/nhan {code}")
    assert "đang do Trần Văn Minh xử lý" in boss.text and f"s:takef:{code}" in boss.payloads()
    assert get(store, code).assignee_id is not None
    boss.press(f"s:takef:{code}")
    assert "Nguyễn Thị Hoa đã nhận xử lý" in boss.text
    assert sum("đang được" in m["text"] for m in pending_for(store, "dan-6")) == 1


@pytest.mark.parametrize("words,status", [("đang xử lý", "in_progress"), ("dang xu ly", "in_progress"),
                                          ("chưa nhận", None), ("quá hạn", None), ("qua han", None),
                                          ("quahan", None), ("của tôi", None), ("chờ duyệt", "approval")])
def test_inbox_filters_with_or_without_diacritics(core, store, staff, clock, words, status) -> None:
    code = file_petition(Chat(core, "dan-7"), "Tôi phản ánh cửa hàng bán đồ chơi trẻ em không có tem hợp quy")
    officer = Chat(core, "officer")
    officer.say(f"/hopthu {words}")
    assert "Không hiểu bộ lọc" not in officer.text
    officer.say(f"/nhan {code}")
    clock.now += timedelta(days=30)
    officer.say(f"/hopthu {words}")
    shown = code in officer.text
    expected = {"đang xử lý": True, "dang xu ly": True, "chưa nhận": False, "quá hạn": True, "qua han": True,
                "quahan": True, "của tôi": True, "chờ duyệt": False}[words]
    assert shown == expected, officer.text


def test_staff_texts_are_vietnamese_with_dates_as_dd_mm_yyyy(core, store, staff) -> None:
    code = file_petition(Chat(core, "dan-8"), "Tôi phản ánh bộ phận một cửa hẹn trả kết quả nhiều lần mà không trả")
    officer = Chat(core, "officer")
    officer.say(f"/nhan {code}")
    officer.say(f"/xem {code}")
    text = officer.text
    for english in ("created", "taken", "in_progress", "received", "officer", "admin", "planned"):
        assert not re.search(rf"\b{english}\b", text), english
    assert re.search(r"\d{2}/\d{2}/\d{4}", text) and not re.search(r"\d{4}-\d{2}-\d{2}", text)
    officer.say("/trogiup")
    assert "/thuly" in officer.text and "/danhtinh" not in officer.text
    Chat(core, "boss").say("/canbo")


def test_refused_identity_request_is_logged_and_private_delivery_is_honest(core, store, staff) -> None:
    code = file_petition(Chat(core, "dan-9"), "Tôi tố cáo cán bộ địa chính xã nhận tiền để làm nhanh hồ sơ đất")
    Chat(core, "officer").say(f"/danhtinh {code}")
    insp = Chat(core, "inspector", chat_id=GROUP)
    insp.say(f"/danhtinh {code}")
    assert "Nguyễn Văn An" not in insp.text and "tin nhắn riêng" in insp.text
    assert any("Nguyễn Văn An" in m["text"] for m in pending_for(store, "inspector"))
    with store.session() as s:
        p = petitions.get_by_code(s, code)
        actions = [e.action for e in petitions.events(s, p.id)]
    assert "identity_refused" in actions and "identity_viewed" in actions


def test_every_staff_text_resolves_in_the_catalog(core) -> None:
    t = core.t
    keys = [c.usage_key for c in commands.unique()] + [c.help_key for c in commands.unique()]
    keys += [f"act_{a}" for a in lifecycle.ACTIONS] + [f"ev_{a}" for a in lifecycle.ACTIONS]
    keys += [f"status_{s}" for s in lifecycle.STATUSES] + list(INBOX_FILTERS)
    keys += [f"role_{r}" for r in ("admin", "officer", "inspector")]
    keys += [f"sstatus_{s}" for s in ("planned", "held", "published", "cancelled")]
    from bot.core.drafts import OPS, TEMPLATE_FIELDS

    keys += [k for op in OPS.values() for k in op if k] + [f"tpl_field_{f}" for f in TEMPLATE_FIELDS]
    missing = [k for k in keys if k not in t]
    assert missing == []


def test_every_literal_catalog_key_in_the_code_exists(core) -> None:
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent / "bot"
    pattern = re.compile(r"""(?:\bt|ctx\.t|env\.t|self\.t|Refused)\(\s*["']([a-z][a-z0-9_]*)["']\s*[,)]""")
    missing = set()
    for path in root.rglob("*.py"):
        for key in pattern.findall(path.read_text(encoding="utf-8")):
            if key not in core.t:
                missing.add(f"{path.name}:{key}")
    assert sorted(missing) == []


def test_a_session_is_edited_and_a_bad_field_is_refused(core, store, staff, clock) -> None:
    from storage import dialogue

    with store.session() as s:
        sid = dialogue.create_session(s, title="Đối thoại quý IV", host="Giám đốc Sở", place="Hội trường",
                                      starts_at=clock.now + timedelta(days=20),
                                      registration_deadline=clock.now + timedelta(days=18)).id
    boss = Chat(core, "boss")
    boss.say(f"/doithoai_sua {sid} chude=Thủ tục kiểm định phương tiện đo")
    assert boss.text == f"Đã cập nhật buổi đối thoại #{sid}."
    boss.say(f"/doithoai_sua {sid} khongco=1")
    assert "Không có trường này" in boss.text and "Đã cập nhật" not in boss.text
    with store.session() as s:
        assert dialogue.get_session(s, sid).description == "Thủ tục kiểm định phương tiện đo"
