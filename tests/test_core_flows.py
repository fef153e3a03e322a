"""Scenario tests through the core, on SQLite and (when configured) PostgreSQL."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest

from bot.core.engine import Core
from storage import dialogue, identities, petitions
from tests.conftest import Chat
from tests.helpers import drive_form, file_petition, finish_petition, pending_for, step


def get_petition(store, code):
    with store.session() as s:
        return petitions.get_by_code(s, code)


@pytest.mark.parametrize(
    "text,kind",
    [
        ("Cửa hàng xăng dầu ở chợ Bình Sơn bơm thiếu xăng, cột đo có dấu hiệu gian lận, tôi muốn phản ánh", "phan_anh"),
        ("toi de nghi so cho phep nop ho so dang ky ma so ma vach hoan toan truc tuyen, khong phai nop ban giay", "kien_nghi"),
        ("Công ty tôi bị xử phạt vi phạm hành chính về nhãn hàng hóa nhưng chúng tôi thấy quyết định này không đúng, "
         "muốn khiếu nại quyết định xử phạt", "khieu_nai"),
        ("Tôi tố cáo cán bộ bộ phận một cửa đòi tiền bồi dưỡng mới giải quyết hồ sơ cấp giấy phép bức xạ cho phòng khám",
         "to_cao"),
    ],
)
def test_citizen_files_each_kind_from_free_text(core, store, staff, text, kind):
    chat = Chat(core, f"citizen-{kind}")
    code = file_petition(chat, text)
    received = chat.text
    assert re.fullmatch(r"PA-2026-\d{6}-[A-Z]", code)
    assert "Thời hạn trả lời dự kiến" in received
    p = get_petition(store, code)
    assert p.kind == kind
    if kind == "to_cao":  # the item keeps no identity: it is sealed apart, readable with the deployment's key
        assert p.full_name is None and p.phone is None and p.citizen_id is None
        from bot.services import identity

        with store.session() as s:
            row = identities.get(s, p.id)
            assert "Nguyễn" not in row.sealed and "0912" not in row.sealed
            assert identity.unseal(s, core.sealer, p)["full_name"] == "Nguyễn Văn An"
        chat.say(code)  # the sender still finds it, without being asked to prove who they are
        assert "Tố cáo" in chat.text and "4 số cuối" not in chat.text
    else:
        assert p.full_name == "Nguyễn Văn An" and p.phone == "0912345678"
    assert p.due_date is not None and p.due_date > core.clock().date()
    assert p.confidential == (kind == "to_cao")
    # the staff got a card; a tố cáo card never shows the sender
    cards = [c for c in pending_for(store, "boss") if c["_ref"] == code]
    assert cards and cards[0]["_purpose"] == "card"
    if kind == "to_cao":
        assert "Nguyễn Văn An" not in cards[0]["text"] and "0912" not in cards[0]["text"]
        assert "bí mật" in received
    if kind in ("khieu_nai", "to_cao"):
        assert "đơn có chữ ký" in received


def test_returning_citizen_is_not_asked_again(core, store, staff):
    chat = Chat(core, "returning")
    file_petition(chat, "Trang dịch vụ công của tỉnh bị lỗi không thanh toán trực tuyến được lệ phí, tôi phản ánh việc này")
    chat.say("Website nộp hồ sơ trực tuyến của Sở báo lỗi khi tải tệp đính kèm lên, tôi đã thử nhiều lần không được")
    asked = drive_form(chat, stop_at=("confirm",))
    assert "name" not in asked and "phone" not in asked and "consent" not in asked
    assert "Nguyễn Văn An" in chat.text


def test_contact_details_in_first_message_are_picked_up(core, store, staff):
    chat = Chat(core, "talkative")
    chat.say("Tôi là Phạm Thị Lan, sđt 0987.654.321, tôi muốn phản ánh cửa hàng vàng ở chợ trung tâm dùng cân "
             "không được kiểm định, cân thiếu cho khách")
    seen = drive_form(chat, stop_at=("confirm",), contact={"email": "lan.pham@example.com"})
    assert "name" not in seen and "phone" not in seen
    assert "Phạm Thị Lan" in chat.text and "0987654321" in chat.text


def test_bare_request_asks_for_content_then_classifies(core, store, staff):
    chat = Chat(core, "bare")
    chat.say("tôi muốn khiếu nại")
    assert step(chat) == "content"
    assert "khiếu nại" in chat.text
    chat.say("Sở ra quyết định thu hồi giấy chứng nhận doanh nghiệp khoa học công nghệ của công ty tôi mà không nêu lý do")
    assert step(chat) == "class" and "Khiếu nại" in chat.text


def test_citizen_can_change_kind_and_topic_with_buttons(core, store, staff):
    chat = Chat(core, "changer")
    chat.say("Tôi muốn phản ánh việc sóng điện thoại di động ở thôn tôi rất yếu, gọi điện liên tục bị rớt")
    chat.choose("Đổi loại")
    chat.choose("Kiến nghị")
    assert step(chat) == "class" and "Kiến nghị" in chat.text
    chat.choose("Đổi lĩnh vực")
    topic = core.profile.topic("vien_thong_cntt").name
    chat.choose(topic)
    assert step(chat) == "class" and "Kiến nghị" in chat.text and topic in chat.text
    code = finish_petition(chat)
    p = get_petition(store, code)
    assert (p.kind, p.topic) == ("kien_nghi", "vien_thong_cntt")


def test_consent_is_explicit_and_refusal_stores_nothing(core, store, staff):
    chat = Chat(core, "refuser")
    chat.say("Tôi phản ánh trang web của Sở không xem được danh mục thủ tục hành chính, toàn báo lỗi 404")
    drive_form(chat, stop_at=("consent",))
    chat.say("ừ")  # not an explicit answer
    assert step(chat) == "consent"
    chat.say("không")  # explained and asked again: the draft is kept
    assert "Nội dung Ông/Bà đã soạn vẫn được giữ nguyên" in chat.text and step(chat) == "consent"
    chat.choose("Hủy, không gửi")
    assert step(chat) == "cancel"  # the draft has content: confirmed first
    chat.choose("Hủy bỏ")
    assert "Đã hủy" in chat.text
    with store.session() as s:
        assert petitions.stats(s)["total"] == 0


def test_cancel_at_any_step(core, staff):
    chat = Chat(core, "canceller")
    chat.say("Tôi muốn kiến nghị về việc cấp giấy phép bức xạ cho phòng khám nha khoa quá chậm")
    assert step(chat) == "class"
    chat.say("hủy")
    assert step(chat) == "cancel"
    chat.say("1")
    assert "đã hủy" in chat.text.lower()
    chat.say("/huy")
    assert "không có thao tác" in chat.text.lower()


def test_restart_between_two_steps_resumes_the_form(store, profile, clock, staff):
    from tests.conftest import build_core

    first = build_core(store, profile, clock)
    chat = Chat(first, "restarter")
    chat.say("Tôi phản ánh đồng hồ nước nhà tôi chạy nhanh bất thường, nghi không được kiểm định")
    chat.choose("Đúng")
    asked = step(chat)
    # the process restarts: a brand-new core on the same database; the channel reopens the conversation
    second = build_core(store, profile, clock)
    chat2 = Chat(second, "restarter")
    chat2.press("resume")
    assert step(chat2) == asked and "tiếp tục" in chat2.text
    code = finish_petition(chat2)
    assert get_petition(store, code).content.startswith("Tôi phản ánh đồng hồ nước nhà tôi chạy nhanh")


def test_staff_workflow_route_info_answer_and_rating(core, store, staff):
    citizen = Chat(core, "citizen-flow")
    code = file_petition(citizen, "Tôi phản ánh cửa hàng điện máy bán máy sấy tóc không có nhãn hàng hóa tiếng Việt, "
                                  "không rõ nguồn gốc xuất xứ")
    officer = Chat(core, "officer")
    officer.press(f"s:route:{code}")
    assert any(p.startswith(f"s:rt:{code}:") for p in officer.payloads())
    dept = core.profile.departments[0].code
    officer.press(f"s:rt:{code}:{dept}")
    assert get_petition(store, code).department_code == dept
    officer.say(f"/nhan {code}")
    assert get_petition(store, code).status == "in_progress"
    officer.say(f"/bosung {code} Xin Ông/Bà cho biết địa chỉ cụ thể của cửa hàng")
    assert get_petition(store, code).status == "in_progress"  # previewed, not sent yet
    assert "Xem trước" in officer.text and f"s:dsend:{code}" in officer.payloads()
    officer.press(f"s:dsend:{code}")
    assert get_petition(store, code).status == "needs_info"
    note = [m for m in pending_for(store, "citizen-flow") if "bổ sung" in m["text"]]
    assert note and f"info:{code}" in [b["payload"] for row in note[-1]["buttons"] for b in row]
    citizen.press(f"info:{code}")
    citizen.say("Cửa hàng ở số 20 đường Quang Trung, phường Nghĩa Chánh")
    assert step(citizen) == "info_confirm" and get_petition(store, code).status == "needs_info"
    citizen.choose("Thêm vào hồ sơ")
    assert get_petition(store, code).status == "in_progress"
    # staff answer by replying to the card
    officer.say("Cơ quan đã kiểm tra, lập biên bản và xử lý vi phạm theo quy định. Cảm ơn Ông/Bà.", reply_to_ref=code)
    assert get_petition(store, code).status == "in_progress"
    officer.press(f"s:dsend:{code}")
    p = get_petition(store, code)
    assert p.status == "answered" and p.answer.startswith("Cơ quan đã kiểm tra")
    answer_msg = pending_for(store, "citizen-flow")[-1]
    assert "Cơ quan đã kiểm tra" in answer_msg["text"]
    assert f"r:3:{code}" in [b["payload"] for row in answer_msg["buttons"] for b in row]
    citizen.press(f"r:3:{code}")
    for _ in core.profile.surveys.after_answer:
        citizen.choose(citizen.labels()[0])
    citizen.say("Cán bộ xử lý rất nhanh")
    p = get_petition(store, code)
    assert p.rating == 3 and p.status == "closed" and p.rating_comment == "Cán bộ xử lý rất nhanh"
    with store.session() as s:
        actions = [e.action for e in petitions.events(s, p.id)]
    assert actions == ["created", "route", "take", "ask_info", "add_info", "answer", "rate", "rating_comment"]
    # the citizen's look-up shows the timeline and the answer
    citizen.say(code)
    assert "Trả lời của cơ quan" in citizen.text and "Tiếp nhận" in citizen.text


def test_staff_forward_reject_reclassify(core, store, staff):
    a = Chat(core, "c-a")
    code1 = file_petition(a, "Tôi phản ánh đường liên thôn ở xã tôi bị sạt lở, xe máy đi lại rất nguy hiểm, đề nghị sửa")
    code2 = file_petition(a, "Tôi phản ánh cửa hàng bán mũ bảo hiểm không có dấu hợp quy CR ở chợ huyện")
    boss = Chat(core, "boss")
    boss.say(f"/chuyencq {code1} Sở Xây dựng tỉnh")
    boss.press(f"s:dsend:{code1}")
    assert get_petition(store, code1).status == "forwarded"
    assert any("Sở Xây dựng" in m["text"] for m in pending_for(store, "c-a"))
    boss.say(f"/phanloai {code2} kien_nghi do_luong_chat_luong")
    p = get_petition(store, code2)
    assert (p.kind, p.topic) == ("kien_nghi", "do_luong_chat_luong")
    from storage import feedback

    with store.session() as s:
        assert feedback.export(s)[-1]["kind"] == "kien_nghi"
    boss.say(f"/tuchoi {code2} Nội dung trùng với hồ sơ đã giải quyết")
    boss.press(f"s:dsend:{code2}")
    assert get_petition(store, code2).status == "rejected"
    boss.say(f"/traloi {code2} muộn quá rồi")
    assert "không thể trả lời" in boss.text and "Không tiếp nhận" in boss.text


def test_non_staff_cannot_use_staff_commands(core, store, staff):
    c = Chat(core, "citizen-x")
    code = file_petition(c, "Tôi phản ánh bộ phận một cửa hẹn trả kết quả nhiều lần mà không trả, gây phiền hà")
    for attempt in (f"/traloi {code} đã xử lý", f"/chuyen {code} thanh_tra", "/canbo_them console:x admin Kẻ Lạ"):
        c.say(attempt)
        assert "chỉ dành cho cán bộ" in c.text
    c.press(f"s:take:{code}")
    assert "chỉ dành cho cán bộ" in c.text
    p = get_petition(store, code)
    assert p.status == "received" and p.answer is None
    # an officer cannot manage staff
    o = Chat(core, "officer")
    o.say("/canbo_them console:x admin Kẻ Lạ")
    assert "không có quyền" in o.text


def test_to_cao_identity_only_for_allowed_roles_and_logged(core, store, staff):
    c = Chat(core, "whistle")
    code = file_petition(c, "Tôi tố cáo ông Trần Văn B cán bộ phòng quản lý công nghệ nhận tiền của doanh nghiệp để "
                            "cấp giấy chứng nhận sai quy định")
    Chat(core, "officer").say(f"/danhtinh {code}")
    insp = Chat(core, "inspector")
    insp.say(f"/danhtinh {code}")
    assert "Nguyễn Văn An" in insp.text
    with store.session() as s:
        p = petitions.get_by_code(s, code)
        evs = [e for e in petitions.events(s, p.id) if e.action == "identity_viewed"]
    assert len(evs) == 1 and evs[0].public is False
    officer = Chat(core, "officer")
    officer.say(f"/xem {code}")
    assert "Nguyễn Văn An" not in officer.text
    officer.say(f"/traloi {code} đã xử lý xong")
    assert "chỉ lãnh đạo hoặc thanh tra" in officer.text


def test_anonymous_to_cao(core, store, staff):
    c = Chat(core, "anon")
    c.say("Tôi tố cáo cơ sở X-quang ở phường Trần Phú vận hành máy không có giấy phép tiến hành công việc bức xạ")
    drive_form(c, stop_at=("name",))
    c.choose("Gửi ẩn danh")
    assert "không được giải quyết theo Luật Tố cáo" in c.text
    assert step(c) == "confirm"
    c.choose("Gửi")
    assert "không có thời hạn trả lời" in c.text and "Thời hạn trả lời dự kiến" not in c.text
    code = re.search(r"PA-\d{4}-\d{6}-[A-Z]", c.text).group(0)
    p = get_petition(store, code)
    assert p.anonymous and p.full_name is None and p.phone is None


def test_dialogue_registration_and_staff_answer(core, store, staff, clock):
    with store.session() as s:
        ds = dialogue.create_session(s, title="Đối thoại về thủ tục sở hữu trí tuệ", host="Giám đốc Sở",
                                     starts_at=clock.now + timedelta(days=10), place="Hội trường tầng 2",
                                     registration_deadline=clock.now + timedelta(days=8), capacity=1)
        sid = ds.id
    c = Chat(core, "asker")
    c.say("lịch đối thoại sắp tới thế nào")
    assert "Đối thoại về thủ tục sở hữu trí tuệ" in c.text and "Còn 1/1" in c.text
    c.press(f"dt:{sid}")
    c.say("Thủ tục đăng ký nhãn hiệu cho sản phẩm đặc sản địa phương mất bao lâu và nộp ở đâu?")
    c.say("Võ Thị Mai")
    c.say("Hợp tác xã Nông sản Sơn Tịnh")
    c.say("0905 111 222")
    c.choose("trực tiếp")
    c.choose("Tôi đồng ý")
    assert "Hợp tác xã" in c.text
    c.choose("Gửi")
    m = re.search(r"DT-2026-\d{6}-[A-Z]", c.text)
    assert m, c.text
    qcode = m.group(0)
    # seats are now gone: the next registrant can only send a written question
    d = Chat(core, "asker-2")
    d.press(f"dt:{sid}")
    assert "hết chỗ" in d.text
    d.say("Xin hỏi thủ tục cấp giấy xác nhận doanh nghiệp khoa học công nghệ cần những giấy tờ gì?")
    d.say("Đỗ Văn Hùng")
    d.say("ca nhan")  # typed, without accents
    d.say("0905 333 444")
    d.say("toi dong y")
    assert "văn bản" in d.text.lower()
    d.say("gui")
    with store.session() as s:
        qs = dialogue.questions_for_session(s, sid)
    assert [q.attend_in_person for q in qs] == [True, False]
    boss = Chat(core, "boss")
    boss.say(f"/diemdanh {qcode}")
    assert "Chưa thể điểm danh" in boss.text  # check-in is on the session day
    clock.now += timedelta(days=10)
    boss.say(f"/diemdanh {qcode}")
    assert "đã điểm danh" in boss.text
    boss.say(f"/doithoai_tl {qcode} Thời gian thẩm định đơn nhãn hiệu theo Luật Sở hữu trí tuệ; nộp tại Cục SHTT.")
    boss.press(f"s:dsend:{qcode}")
    assert any("Cục SHTT" in msg["text"] for msg in pending_for(store, "asker"))


def test_dialogue_registration_closed_after_deadline(core, store, staff, clock):
    with store.session() as s:
        ds = dialogue.create_session(s, title="Đối thoại quý IV", host="Giám đốc Sở",
                                     starts_at=clock.now + timedelta(days=2), place="Hội trường",
                                     registration_deadline=clock.now - timedelta(hours=1))
    c = Chat(core, "late")
    c.press(f"dt:{ds.id}")
    assert "hết hạn đăng ký" in c.text
    c.say("Xin hỏi thủ tục công bố hợp quy sản phẩm thép cần những giấy tờ gì và nộp ở đâu?")
    c.say("Đỗ Văn Hùng")
    c.say("Cá nhân")
    c.say("0905 333 444")
    assert "trực tiếp" not in " ".join(c.labels())  # in person is no longer offered
    c.choose("Tôi đồng ý")
    assert "Bằng văn bản" in c.text or "văn bản" in c.text


def test_lookup_own_items_and_other_users_code(core, store, staff):
    owner = Chat(core, "owner")
    code = file_petition(owner, "Tôi phản ánh cây xăng ở ngã ba Thạch Trụ bơm thiếu, đề nghị kiểm tra cột đo xăng dầu")
    owner.say("tra cứu hồ sơ của tôi")
    assert code in owner.text
    stranger = Chat(core, "stranger")
    stranger.say(f"cho hỏi hồ sơ {code.replace('-', ' ')} đến đâu rồi")
    assert "4 số cuối" in stranger.text and "cây xăng" not in stranger.text
    stranger.say("1111")
    assert "cây xăng" not in stranger.text
    stranger.say("9999")
    stranger.say("0000")
    assert "không khớp" in stranger.text and "cây xăng" not in stranger.text
    other = Chat(core, "family")
    other.say(code)
    other.say("5678")  # the last 4 digits of the phone given
    assert "cây xăng" in other.text


def test_withdraw_own_petition(core, store, staff):
    c = Chat(core, "withdrawer")
    code = file_petition(c, "Tôi kiến nghị Sở tổ chức thêm lớp tập huấn về chuyển đổi số cho hộ kinh doanh")
    thief = Chat(core, "thief")  # someone else tries first, while the item is still open
    thief.press(f"wd:{code}")
    assert not thief.labels() and code in thief.text
    thief.say("1")
    assert get_petition(store, code).status == "received"
    c.press(f"wd:{code}")
    c.choose("Rút hồ sơ")
    assert get_petition(store, code).status == "withdrawn"
    with store.session() as s:
        p = petitions.get_by_code(s, code)
        assert [(e.action, e.actor) for e in petitions.events(s, p.id)][-1] == ("withdraw", "citizen")


def test_faq_subscribe_and_personal_data(core, store, staff):
    c = Chat(core, "faq-user")
    c.say("giờ làm việc của sở thế nào")
    assert "faq:pa" in c.payloads()
    c.say("đăng ký nhận tin")
    assert "đã đăng ký nhận thông báo" in c.text
    c.press("sub:t:so_huu_tri_tue")
    c.press("sub:t:buc_xa_hat_nhan")
    c.press("sub:t:so_huu_tri_tue")
    with store.session() as s:
        from storage import citizens

        assert citizens.get(s, "console", "faq-user").interests == ["buc_xa_hat_nhan"]
        assert [x.channel_user_id for x in citizens.subscribers(s, topics=["buc_xa_hat_nhan"])] == ["faq-user"]
        assert citizens.subscribers(s, topics=["so_huu_tri_tue"]) == []
    c.say("dừng nhận thông báo")
    assert "ngừng gửi" in c.text.lower()
    code = file_petition(c, "Tôi phản ánh đơn vị thu phí kiểm định taxi mét cao hơn mức quy định")
    c.say("dữ liệu của tôi")
    assert "Nguyễn Văn An" in c.text and "0912345678" in c.text
    c.say("xóa dữ liệu của tôi")
    assert code in c.text  # kept while under processing
    c.choose("Xóa dữ liệu")
    c.say("dữ liệu của tôi")
    assert "Nguyễn Văn An" not in c.text
    p = get_petition(store, code)
    assert p.full_name == "Nguyễn Văn An"  # item under legal processing keeps its contact until it ends


@pytest.mark.parametrize(
    "text",
    ["", "x" * 10_000, "😀😀😀", "\x00\x07\x1b[31m", "'; DROP TABLE petitions; --", "/lenhkhongco",
     "Robert'); DELETE FROM citizens;--", "\u202e\u200b"],
)
def test_bad_input_gets_a_polite_reply(core, store, text):
    c = Chat(core, "fuzzer")
    replies = c.say(text)
    assert replies, "never silence"
    assert all(r.text.strip() for r in replies)
    assert "Traceback" not in c.text and "hệ thống đang gặp sự cố" not in c.text
    with store.session() as s:
        assert petitions.stats(s)["total"] == 0


@pytest.mark.parametrize("payload", ["r:3:PA-2026-999999", "s:take:PA-2026-000001", "dt:99999", "lk:PA-1999-000001",
                                     "x:999", "pa:k:khong_co", "zzz", "info:DT-2026-000001", "wd:PA-2026-000001"])
def test_stale_or_forged_buttons(core, store, payload):
    c = Chat(core, "presser")
    replies = c.press(payload)
    assert replies and all(r.text for r in replies)
    assert "hệ thống đang gặp sự cố" not in c.text


def test_numbered_choices_for_channels_without_buttons(core, store, staff):
    c = Chat(core, "numbers")
    c.say("Tôi muốn kiến nghị Sở hỗ trợ doanh nghiệp nhỏ đăng ký mã số mã vạch với chi phí thấp hơn")
    assert step(c) == "class" and "Kiến nghị" in c.text
    c.say("1")  # "Đúng"
    assert step(c) not in ("class", "other")
    code = finish_petition(c)
    assert get_petition(store, code).kind == "kien_nghi"


def test_long_content_is_accepted_up_to_the_limit(core, store, staff):
    c = Chat(core, "writer")
    long_text = ("Tôi xin phản ánh việc cân điện tử tại chợ đầu mối không được kiểm định định kỳ. " * 40).strip()
    code = file_petition(c, long_text)
    assert get_petition(store, code).content.startswith("Tôi xin phản ánh")


def test_the_received_reply_comes_after_commit(store, profile, clock, staff):
    """If the commit fails, the citizen is not told 'received'."""
    from tests.conftest import build_core

    core = build_core(store, profile, clock)
    c = Chat(core, "unlucky")
    c.say("Tôi phản ánh nhà mạng thu cước dịch vụ giá trị gia tăng mà tôi không đăng ký")
    drive_form(c, stop_at=("confirm",))
    assert step(c) == "confirm"
    import storage.petitions as prepo

    original = prepo.add_event

    def broken(*a, **kw):
        raise RuntimeError("disk full")

    prepo.add_event = broken
    try:
        c.choose("Gửi")
    finally:
        prepo.add_event = original
    assert "PA-" not in c.text and "sự cố" in c.text
    with store.session() as s:
        assert petitions.stats(s)["total"] == 0
    c.say("gửi")  # the form survived: sending again works
    assert re.search(r"PA-\d{4}-\d{6}-[A-Z]", c.text)


def test_clock_is_used_for_due_dates(store, profile, staff, clock):
    core = Core(store, profile, clock=clock)
    from bot.app import sync_profile

    sync_profile(store, profile)
    code = file_petition(Chat(core, "due"), "Tôi kiến nghị niêm yết công khai phí thẩm định hợp đồng chuyển giao công nghệ")
    p = get_petition(store, code)
    assert p.due_date == core.calendar.due_date(clock.now.date(), profile.deadlines["kien_nghi"])
    assert p.created_at == clock.now  # the injected clock, not the machine's


def test_urgent_radiation_report_gets_the_emergency_notice(core, store, staff):
    c = Chat(core, "finder")
    c.say("Tôi phát hiện nguồn phóng xạ bị bỏ rơi trong bãi phế liệu ở thôn An Hòa, có biểu tượng phóng xạ")
    assert "113" in c.text and core.profile.emergency_hotline in c.text
    code = finish_petition(c)
    p = get_petition(store, code)
    assert p.urgent and p.topic == "buc_xa_hat_nhan"
    card = [m for m in pending_for(store, "boss") if m["_ref"] == code][0]
    assert "KHẨN" in card["text"]
    calm = Chat(core, "clinic")
    calm.say("Tôi kiến nghị rút ngắn thời gian cấp giấy phép sử dụng nguồn phóng xạ trong y tế cho phòng khám")
    assert "113" not in calm.text


def test_staff_announcement_through_the_core(core, store, staff, clock):
    with store.session() as s:
        ds = dialogue.create_session(s, title="Đối thoại quý I", host="Giám đốc Sở",
                                     starts_at=clock.now + timedelta(days=3), place="Hội trường tầng 2",
                                     registration_deadline=clock.now + timedelta(days=2))
    sub = Chat(core, "subscriber")
    sub.say("đăng ký nhận tin")
    boss = Chat(core, "boss")
    boss.say(f"/doithoai_tao Đối thoại quý II | {(clock.now + timedelta(days=3)).strftime('%d/%m/%Y')} 08:30 | Hội trường")
    assert "ít nhất 7 ngày" in boss.text and "/thongbao_doithoai" in boss.text
    boss.say(f"/thongbao_doithoai {ds.id}")
    assert any(p.startswith("bc:") for p in boss.payloads()), boss.text
    send = next(p for p in boss.payloads() if p.startswith("bc:send"))
    boss.press(send)
    from bot.delivery.scheduler import Scheduler

    Scheduler(store, core.profile, clock=clock).run_broadcasts(clock.now)  # what the worker does every tick
    msgs = [m for m in pending_for(store, "subscriber") if m["_purpose"] == "broadcast"]
    assert msgs and "Đối thoại quý I" in msgs[0]["text"]
    assert "chỉ dành cho cán bộ" in Chat(core, "subscriber").say("/thongbao Tin giả mạo")[0].text


def test_every_command_in_the_citizen_menu_is_understood(core, store):
    from bot.channels.telegram import CITIZEN_COMMANDS

    for name, _desc in CITIZEN_COMMANDS:
        c = Chat(core, f"menu-{name}")
        c.say(f"/{name}")
        assert c.last and "chưa hiểu" not in c.text and "sự cố" not in c.text, name
