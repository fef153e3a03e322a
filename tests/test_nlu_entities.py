from datetime import date

import pytest

from intents import extract_entities, parse_code, parse_email, parse_phone
from intents.entities import find_cccd, find_dates, find_person_name, find_places, find_times

MONDAY = date(2026, 11, 23)  # a Monday


@pytest.mark.parametrize(
    ("text", "phone"),
    [
        ("sdt 0912345678", "0912345678"),
        ("gọi 0912 345 678 nhé", "0912345678"),
        ("số tôi 0912.345.678", "0912345678"),
        ("+84 912 345 678", "0912345678"),
        ("+84912345678", "0912345678"),
        ("84912345678", "0912345678"),
        ("máy bàn 024 3825 1234", "02438251234"),
        ("dt ban 0236.3821.456", "02363821456"),
    ],
)
def test_phones(text, phone):
    assert parse_phone(text) == phone


def test_phone_not_confused_with_codes_or_cccd():
    assert parse_phone("ma PA-2026-000123") is None
    assert parse_phone("cccd 001203004567") is None
    assert parse_phone("năm 2026 có 12 tháng") is None


def test_email():
    assert parse_email("mail: An.Nguyen@Gmail.com.") == "an.nguyen@gmail.com"
    assert parse_email("không có mail") is None


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("pa 2026 123", "PA-2026-000123"),
        ("DT2026-45", "DT-2026-000045"),
        ("mã PA-2026-000123 sao rồi", "PA-2026-000123"),
        ("ma so pa2026/7 da xu ly chua", "PA-2026-000007"),
        ("dt-2025-000045", "DT-2025-000045"),
        ("Pa 2026_12", "PA-2026-000012"),
    ],
)
def test_codes(text, code):
    assert parse_code(text) == code


def test_no_code():
    assert parse_code("tôi muốn phản ánh năm 2026") is None


def test_cccd():
    assert find_cccd("CCCD: 001203004567") == ["001203004567"]
    assert find_cccd("can cuoc 001 203 004 567") == ["001203004567"]
    assert find_cccd("so 0912345678") == []


def test_dates_absolute():
    assert find_dates("hẹn ngày 15/7", MONDAY) == [date(2026, 7, 15)]
    assert find_dates("ngay 15/07/2025", MONDAY) == [date(2025, 7, 15)]
    assert find_dates("ngày 20 tháng 12", MONDAY) == [date(2026, 12, 20)]
    assert find_dates("ngay 20 thang 12 nam 2027", MONDAY) == [date(2027, 12, 20)]
    assert find_dates("mất 3-5 ngày", MONDAY) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("thứ 5 tuần sau", date(2026, 12, 3)),
        ("thu 5 tuan sau", date(2026, 12, 3)),
        ("thứ năm tuần này", date(2026, 11, 26)),
        ("thứ 2", date(2026, 11, 23)),
        ("chủ nhật", date(2026, 11, 29)),
        ("sáng mai", date(2026, 11, 24)),
        ("sang mai", date(2026, 11, 24)),
        ("hôm nay", date(2026, 11, 23)),
        ("ngày kia", date(2026, 11, 25)),
        ("hôm qua", date(2026, 11, 22)),
    ],
)
def test_dates_relative(text, expected):
    assert find_dates(text, MONDAY) == [expected]


def test_dates_default_today_is_local():
    assert isinstance(find_dates("hôm nay")[0], date)


def test_times():
    assert find_times("lúc 8h30") == ["08:30"]
    assert find_times("3 giờ chiều") == ["15:00"]
    assert find_times("14:00") == ["14:00"]
    assert find_times("sáng mai") == ["sáng"]
    assert find_times("chieu thu 5") == ["chiều"]


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Tôi là Nguyễn Văn An, sđt 0912345678", "Nguyễn Văn An"),
        ("toi la nguyen van an, sdt 0912345678", "Nguyen Van An"),
        ("tên tôi là trần thị bích ngọc ở phường Hoàn Kiếm", "Trần Thị Bích Ngọc"),
        ("ten toi la le thi thu ha o phuong 3", "Le Thi Thu Ha"),
        ("tôi tên Hùng muốn hỏi", "Hùng"),
        ("Tôi là bà Nguyễn Thị Mai, trú tại xã X", "Nguyễn Thị Mai"),
        ("họ và tên: phạm minh tuấn", "Phạm Minh Tuấn"),
    ],
)
def test_person_name(text, name):
    assert find_person_name(text) == name


def test_not_a_name():
    assert find_person_name("tôi là người dân xã Tân Hòa") is None
    assert find_person_name("toi la chu doanh nghiep") is None
    assert find_person_name("tôi muốn phản ánh") is None


def test_places():
    provs, communes = find_places("tôi ở phường Hoàn Kiếm, Hà Nội")
    assert provs[0]["code"] == "01"
    assert any(c["name"] == "Phường Hoàn Kiếm" for c in communes)
    provs, communes = find_places("xa Tan Hoa tinh Dong Thap")
    assert provs and provs[0]["name"] == "Đồng Tháp"
    assert communes and all(c["province_code"] == provs[0]["code"] for c in communes)
    assert find_places("toi o da nang")[0][0]["name"] == "Thành phố Đà Nẵng"
    assert find_places("đường xa quá")[1] == []


def test_extract_entities_to_dict_is_json_ready():
    import json

    e = extract_entities("Tôi là Lê Văn Tám, 0905 123 456, hẹn 15/7 lúc 9h, mã pa 2026 5", today=MONDAY)
    d = e.to_dict()
    json.dumps(d)
    assert d["phones"] == ["0905123456"]
    assert d["codes"] == ["PA-2026-000005"]
    assert d["dates"] == ["2026-07-15"]
    assert d["times"] == ["09:00"]
    assert d["person_name"] == "Lê Văn Tám"
