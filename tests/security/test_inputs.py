"""Attack (by a fuzzer): inputs the database or a number parser would refuse get a polite answer."""

from __future__ import annotations

import pytest

from bot.core.types import Inbound
from bot.profile import ExtraQuestion
from storage import petitions
from tests.conftest import Chat, build_core
from tests.helpers import drive_form, file_petition, step

GENERIC_ERROR = "hệ thống đang gặp sự cố"
TEXT = "Tôi phản ánh cửa hàng điện máy ở chợ huyện bán quạt điện không có nhãn hàng hóa tiếng Việt"


def test_a_300_character_email_is_refused_where_it_is_typed(core, store, staff):
    c = Chat(core, "long-email")
    long_email = "a" * 290 + "@example.com"
    c.say(TEXT)
    seen = drive_form(c, stop_at=("email",), text=TEXT, contact={})
    assert seen[-1] == "email"
    c.say(long_email)
    assert "dài quá mức" in c.text and step(c) == "email"
    c.say("an.nguyen@example.com")
    drive_form(c, text=TEXT)
    assert "PA-" in c.text and GENERIC_ERROR not in c.text


def test_a_300_character_email_in_the_first_message_is_not_kept(core, store, staff):
    c = Chat(core, "long-email-2")
    code = file_petition(c, TEXT + " Email của tôi " + "b" * 290 + "@example.com")
    with store.session() as s:
        assert petitions.get_by_code(s, code).email in (None, "an.nguyen@example.com")


@pytest.mark.parametrize("typed", ["²", "٣", "99999999999999999999999", "1" * 5000, "0", "-1", "1.5"])
def test_odd_numbers_as_choices(core, store, staff, typed):
    c = Chat(core, f"num-{len(typed)}-{typed[:3]}")
    c.say(TEXT)
    assert step(c) == "class"
    c.say(typed)
    assert step(c) in ("class", "append")  # asked again: not a choice, never appended silently
    assert c.last and GENERIC_ERROR not in c.text


@pytest.mark.parametrize("payload", ["dt:²", "dt:99999999999999999999", "x:²", "x:99999999999999999999",
                                     "lk:PA-2026-²", "r:²:PA-2026-000001", "info:" + "9" * 300])
def test_odd_numbers_in_button_payloads(core, store, staff, payload):
    c = Chat(core, "presser")
    c.press(payload)
    assert c.last and GENERIC_ERROR not in c.text


@pytest.mark.parametrize("text", ["/start dt_²", "/start dt_99999999999999999999", "/start dt_" + "9" * 5000])
def test_odd_numbers_in_deep_links(core, store, text):
    c = Chat(core, "linker")
    c.say(text)
    assert c.last and GENERIC_ERROR not in c.text


@pytest.mark.parametrize("command", ["/doithoai_ds ²", "/doithoai_ds 99999999999999999999", "/canbo_xoa ²",
                                     "/canbo_xoa 99999999999999999999", "/thongke ²", "/doithoai_xong 9999999999999"])
def test_odd_numbers_in_staff_commands(core, store, staff, command):
    boss = Chat(core, "boss")
    boss.say(command)
    assert boss.last and GENERIC_ERROR not in boss.text


def test_lone_surrogates_are_stripped(core, store, staff):
    replies = core.handle(Inbound(channel="console", user_id="surrogate", text="xin chào \ud83d bạn",
                                  display_name="Tên \udc00 lạ"))
    assert replies and GENERIC_ERROR not in replies[0].text
    c = Chat(core, "surrogate-2")
    code = file_petition(c, TEXT + " \ud800")
    with store.session() as s:
        assert "\ud800" not in petitions.get_by_code(s, code).content


@pytest.mark.parametrize("typed,ok", [("²", False), ("1e999", False), ("nan", False), ("9" * 40, False),
                                      ("12", True), ("2,5", True)])
def test_number_questions_take_only_sensible_numbers(store, profile, clock, staff, typed, ok):
    p = profile.model_copy(deep=True)
    khac = p.topic("khac")
    khac.extra_questions.append(ExtraQuestion(key="so_luong", label="Số lượng", prompt="Số lượng sản phẩm?", type="number"))
    core = build_core(store, p, clock)
    c = Chat(core, "counter")
    c.say(TEXT)
    c.choose("Đổi lĩnh vực")
    c.choose("Lĩnh vực khác")
    c.choose("Đúng")
    assert "Số lượng sản phẩm?" in c.text
    c.say(typed)
    assert GENERIC_ERROR not in c.text
    assert ("Số lượng sản phẩm?" not in c.text) is ok


@pytest.mark.parametrize("unique_id,name,kind,want", [
    ("AQADq7AxG5", "photo.JPG", "photo", "AQADq7AxG5.jpg"),
    ("../../etc/passwd", "x.pdf", "document", "etc_passwd.pdf"),
    ("a/b\\c", "evil.sh;rm -rf", "document", "a_b_c.bin"),
    ("", None, "photo", "file.jpg"),
    ("x" * 500, "doc.tar.gz", "document", "x" * 64 + ".gz"),
])
def test_file_names_from_the_server_are_sanitised(unique_id, name, kind, want):
    from bot.channels.telegram import safe_file_name

    assert safe_file_name(unique_id, name, kind) == want
