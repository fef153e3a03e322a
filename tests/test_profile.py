"""The shipped agency profiles load and are complete; broken profiles fail with clear messages."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from bot.profile import KINDS, PROFILES_DIR, Profile, ProfileError, load_profile, load_profile_file

SHIPPED = ["so-khcn", "ubnd-xa"]
DEFAULT_TOPICS = [
    "do_luong_chat_luong",
    "so_huu_tri_tue",
    "buc_xa_hat_nhan",
    "khoa_hoc_cong_nghe",
    "chuyen_giao_cong_nghe",
    "dich_vu_cong_truc_tuyen",
    "vien_thong_cntt",
    "thai_do_phuc_vu",
    "khac",
]
STATUSES = {"answered", "forwarded", "rejected", "needs_info", "received"}
# placeholders filled by bot/core/staff.py::_template
TEMPLATE_FIELDS = {"name", "code", "agency", "date", "department", "hotline", "target", "reason"}


@pytest.fixture(params=SHIPPED)
def profile(request) -> Profile:
    return load_profile(request.param)


def _raw(name: str = "so-khcn") -> dict:
    return yaml.safe_load((PROFILES_DIR / f"{name}.yaml").read_text(encoding="utf-8"))


def _write(tmp_path: Path, data: dict | str) -> Path:
    p = tmp_path / "bad.yaml"
    text = data if isinstance(data, str) else yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
    p.write_text(text, encoding="utf-8")
    return p


# -- shipped profiles -----------------------------------------------------------------------
def test_default_profile_is_so_khcn():
    p = load_profile()
    assert p.code == "so-khcn"
    assert p.level == "province"
    assert "Khoa học và Công nghệ" in p.name


def test_ubnd_xa_is_commune_level():
    p = load_profile("ubnd-xa")
    assert p.level == "commune"
    for code in (
        "ho_tich",
        "chung_thuc",
        "dat_dai",
        "xay_dung",
        "moi_truong",
        "an_ninh_trat_tu",
        "chinh_sach_xa_hoi",
        "dich_vu_cong_truc_tuyen",
        "thai_do_phuc_vu",
        "khac",
    ):
        assert code in p.topic_codes
    assert len(p.faq) >= 15


def test_default_topic_codes_are_fixed():
    assert load_profile("so-khcn").topic_codes == DEFAULT_TOPICS


def test_every_topic_has_keywords_and_a_department(profile):
    for t in profile.topics:
        assert t.name and t.keywords, t.code
        assert t.department, t.code
        dept = profile.department_for_topic(t.code)
        assert dept is not None and dept.code == t.department
        assert len(set(t.keywords)) == len(t.keywords), f"{t.code}: từ khóa trùng"


def test_rich_keywords_with_diacritics():
    p = load_profile("so-khcn")
    for t in p.topics:
        if t.code != "khac":
            assert len(t.keywords) >= 10, t.code
    # keywords are written with Vietnamese diacritics (matching folds them elsewhere)
    assert any(re.search(r"[ăâđêôơưáàảãạ]", k) for k in p.topic("do_luong_chat_luong").keywords)


def test_routing_of_conduct_complaints():
    assert load_profile("so-khcn").department_for_topic("thai_do_phuc_vu").code == "thanh_tra"


def test_extra_questions():
    p = load_profile("so-khcn")
    dl = {q.key: q for q in p.topic("do_luong_chat_luong").extra_questions}
    assert any(q.required and q.type == "text" for q in dl.values())
    assert any(q.type == "date" and not q.required for q in dl.values())
    op = next(q for q in p.topic("vien_thong_cntt").extra_questions if q.type == "choice")
    assert op.choices == ["Viettel", "VNPT/Vinaphone", "MobiFone", "Khác"]
    assert p.topic("buc_xa_hat_nhan").extra_questions
    assert p.topic("dich_vu_cong_truc_tuyen").extra_questions


def test_radiation_urgent_rule():
    p = load_profile("so-khcn")
    urgent = p.topic("buc_xa_hat_nhan").urgent
    assert urgent is not None
    for kw in ("phát hiện nguồn phóng xạ", "nguồn bị bỏ rơi", "rò rỉ phóng xạ", "thất lạc nguồn"):
        assert kw in urgent.keywords
    assert p.emergency_hotline and p.emergency_hotline in urgent.notice
    assert "113" in urgent.notice and "114" in urgent.notice


def test_kinds_and_legal_notices(profile):
    assert [k.code for k in profile.kinds] == list(KINDS)
    for k in profile.kinds:
        assert k.name and k.legal_notice, k.code
    assert "90 ngày" in profile.kind("khieu_nai").legal_notice
    assert "bí mật" in profile.kind("to_cao").legal_notice
    assert "nặc danh" in profile.kind("to_cao").legal_notice
    for code in ("phan_anh", "kien_nghi"):
        notice = profile.kind(code).legal_notice
        assert "20/2008" in notice and "họ tên" in notice and "điện thoại" in notice


def test_deadlines(profile):
    d = profile.deadlines
    for kind in ("phan_anh", "kien_nghi"):
        assert d[kind].days == 10 and d[kind].unit == "working"
        assert "CHƯA XÁC NHẬN" in d[kind].source
    kn = d["khieu_nai"]
    assert (kn.acknowledge_days, kn.days, kn.complex_days, kn.unit) == (10, 30, 45, "calendar")
    tc = d["to_cao"]
    assert (tc.acknowledge_days, tc.acknowledge_unit, tc.forward_days, tc.days, tc.unit) == (
        7,
        "working",
        5,
        30,
        "calendar",
    )
    for rule in d.values():
        assert rule.source


def test_consent_and_dialogue(profile):
    assert profile.consent.version == "2026-01"
    text = profile.consent.text
    for word in (
        "họ tên",
        "địa chỉ",
        "số điện thoại",
        "email",
        "91/2025/QH15",
        "356/2025",
        "dữ liệu của tôi",
        "xóa dữ liệu của tôi",
        "rút lại",
    ):
        assert word in text, word
    assert profile.dialogue.announce_days_before == 7
    assert profile.dialogue.publish_days_after == 10
    assert profile.extra_days_off == [] and profile.extra_working_days == []


def test_faq_so_khcn_has_enough_good_entries():
    p = load_profile("so-khcn")
    assert len(p.faq) >= 25
    topics_used = {f.topic for f in p.faq}
    assert set(DEFAULT_TOPICS) <= topics_used


def test_faq_entries_are_complete(profile):
    for f in profile.faq:
        assert f.question.strip() and f.answer.strip(), f.key
        assert f.keywords, f.key
        assert 2 <= len(f.alt_questions) <= 4, f.key
        sentences = len(re.findall(r"[.!?](?:\s|$)", f.answer.strip()))
        assert 2 <= sentences <= 6, f"{f.key}: {sentences} câu"
    # some alternative questions are typed without diacritics, as citizens do
    plain = [q for f in profile.faq for q in f.alt_questions if q.isascii()]
    assert len(plain) >= 10


def test_answer_templates(profile):
    tpls = profile.answer_templates
    assert len(tpls) >= 8
    assert {t.status for t in tpls} >= STATUSES
    assert any(t.topic for t in tpls)
    keys = [t.key for t in tpls]
    assert len(keys) == len(set(keys))
    for t in tpls:
        assert t.status in STATUSES
        assert t.topic is None or t.topic in profile.topic_codes
        used = set(re.findall(r"\{(\w+)\}", t.text))
        assert used <= TEMPLATE_FIELDS, f"{t.key}: chỗ trống lạ {used - TEMPLATE_FIELDS}"


def test_contact_data_marked_as_demo():
    for name in SHIPPED:
        assert "DEMO" in (PROFILES_DIR / f"{name}.yaml").read_text(encoding="utf-8")


# -- broken profiles ------------------------------------------------------------------------
def test_missing_field(tmp_path):
    data = _raw()
    del data["hotline"]
    with pytest.raises(ProfileError) as e:
        load_profile_file(_write(tmp_path, data))
    msg = str(e.value)
    assert "Hồ sơ cơ quan không hợp lệ" in msg
    assert "hotline" in msg


def test_wrong_type(tmp_path):
    data = _raw()
    data["deadlines"]["khieu_nai"]["days"] = "ba mươi"
    with pytest.raises(ProfileError) as e:
        load_profile_file(_write(tmp_path, data))
    assert "Hồ sơ cơ quan không hợp lệ" in str(e.value)
    assert "deadlines.khieu_nai.days" in str(e.value)


def test_department_pointing_nowhere(tmp_path):
    data = _raw()
    data["topics"][0]["department"] = "phong_khong_co"
    with pytest.raises(ProfileError) as e:
        load_profile_file(_write(tmp_path, data))
    msg = str(e.value)
    assert "phòng không tồn tại" in msg
    assert "phong_khong_co" in msg and "do_luong_chat_luong" in msg


def test_missing_deadline_kind(tmp_path):
    data = _raw()
    del data["deadlines"]["to_cao"]
    with pytest.raises(ProfileError) as e:
        load_profile_file(_write(tmp_path, data))
    assert "thiếu thời hạn cho loại: to_cao" in str(e.value)


def test_unknown_field_is_rejected(tmp_path):
    data = _raw()
    data["hotlien"] = "123"
    with pytest.raises(ProfileError) as e:
        load_profile_file(_write(tmp_path, data))
    assert "hotlien" in str(e.value)


def test_invalid_yaml(tmp_path):
    with pytest.raises(ProfileError) as e:
        load_profile_file(_write(tmp_path, "code: so-khcn\nname: [chưa đóng ngoặc\n"))
    assert "không phải YAML hợp lệ" in str(e.value)


def test_not_a_mapping(tmp_path):
    with pytest.raises(ProfileError) as e:
        load_profile_file(_write(tmp_path, "- chỉ là một danh sách\n"))
    assert "bảng khóa" in str(e.value)


def test_unknown_profile_name_lists_available():
    with pytest.raises(ProfileError) as e:
        load_profile_file(PROFILES_DIR / "khong-co.yaml")
    msg = str(e.value)
    assert "Không tìm thấy hồ sơ cơ quan" in msg
    for name in SHIPPED:
        assert name in msg
