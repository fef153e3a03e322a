"""Typed place words → a commune of the 2025 two-level division (intents.match_commune), with and without
diacritics."""

from __future__ import annotations

import pytest

import intents
from intents.places import province_code

QN = "Quảng Ngãi"


@pytest.mark.parametrize(("text", "code"), [
    ("chợ Bình Khánh, xã Tịnh Khê", "21211"),
    ("cho binh khanh xa tinh khe", "21211"),
    ("Ổ gà trước cổng trường, phường Cẩm Thành", "21025"),
    ("o ga truoc cong truong phuong cam thanh", "21025"),
    ("p. Cẩm Thành", "21025"),
    ("bến xe Nghĩa Lộ", "21028"),  # no "phường": a two-word name of the agency's province
    ("ben xe nghia lo", "21028"),
    ("cảng cá Lý Sơn", "21548"),  # a special zone (đặc khu)
    ("cang ca ly son", "21548"),
    ("đường vào Sơn Tịnh", "21220"),
    ("duong vao son tinh", "21220"),
    ("Trương Quang Trọng", "21172"),
    ("xã Bình Sơn", "21040"),  # three provinces have a Bình Sơn: the agency's own wins
    ("xa binh son", "21040"),
    ("Ba Tơ", "21484"),  # the accents tell "Ba Tơ" from "Ba Tô"
    ("phường Ba Đình, Hà Nội", "00004"),  # another province, named: taken as typed
    ("phuong ba dinh ha noi", "00004"),
])
def test_place_words_name_a_commune(text: str, code: str) -> None:
    hit = intents.match_commune(text, QN)
    assert hit is not None and hit["code"] == code, (text, hit)
    assert hit["name"] and hit["province"]


@pytest.mark.parametrize("text", [
    "", "   ", "trước nhà văn hóa thôn", "truoc nha van hoa thon", "Quảng Ngãi", "quang ngai",
    "ba to",  # Ba Tô or Ba Tơ: unsure without the accents
    "cuộc sống bình an", "chợ Đông Ba, Huế", "không biết",
])
def test_no_commune_or_several_equally(text: str) -> None:
    assert intents.match_commune(text, QN) is None


def test_without_the_agency_province_a_shared_name_is_not_guessed() -> None:
    assert intents.match_commune("xã Bình Sơn") is None
    assert intents.match_commune("xã Bình Sơn, Ninh Bình")["province"] == "Ninh Bình"
    assert intents.match_commune("xa binh son tinh an giang")["province"] == "An Giang"
    assert intents.match_commune("Sơn Tây", QN)["code"] == "21340"  # the agency's Sơn Tây, not Hà Nội's town


def test_lookups_by_code_and_province_name() -> None:
    assert intents.commune_by_code("21025") == {"code": "21025", "name": "Phường Cẩm Thành", "province_code": "51",
                                                "province": "Quảng Ngãi"}
    assert intents.commune_by_code("99999") is None and intents.commune_by_code(None) is None
    assert province_code("tỉnh Quảng Ngãi") == province_code("quang ngai") == "51"
    assert province_code("Thành phố Hà Nội") == "01" and province_code("Atlantis") is None
