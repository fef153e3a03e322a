from dataclasses import dataclass, field

from intents import FaqHit, FaqIndex


@dataclass
class Entry:
    key: str
    question: str
    answer: str
    keywords: list[str] = field(default_factory=list)
    alt_questions: list[str] = field(default_factory=list)


ENTRIES = [
    Entry("dang_ky_nhan_hieu", "Thủ tục đăng ký nhãn hiệu cần những giấy tờ gì?", "Hồ sơ gồm tờ khai...",
          ["nhãn hiệu", "thương hiệu"], ["Làm sao để đăng ký bảo hộ thương hiệu?"]),
    Entry("phi_ma_vach", "Phí cấp mã số mã vạch là bao nhiêu?", "Phí cấp ...", ["mã vạch", "mã số mã vạch"]),
    Entry("dia_chi", "Địa chỉ của Sở ở đâu?", "Số 1 đường ...", ["địa chỉ", "trụ sở"], ["Sở nằm ở đâu?"]),
    Entry("gio_lam_viec", "Giờ làm việc của Sở?", "Sáng 7h30...", ["giờ làm việc", "mấy giờ"],
          ["Thứ bảy có làm việc không?"]),
]


def test_exact_and_folded():
    idx = FaqIndex(ENTRIES)
    hit = idx.search("Thủ tục đăng ký nhãn hiệu cần những giấy tờ gì?")
    assert isinstance(hit, FaqHit) and hit.key == "dang_ky_nhan_hieu" and hit.score >= 90
    hit2 = idx.search("thu tuc dang ky nhan hieu can giay to gi")
    assert hit2 and hit2.key == "dang_ky_nhan_hieu"
    assert abs(hit2.score - hit.score) < 1e-6


def test_paraphrase_alt_question_and_keywords():
    idx = FaqIndex(ENTRIES)
    assert idx.search("cho hỏi phí mã vạch bao nhiêu tiền vậy").key == "phi_ma_vach"
    assert idx.search("so nam o dau vay ad").key == "dia_chi"
    assert idx.search("lam sao dang ky bao ho thuong hieu").key == "dang_ky_nhan_hieu"
    assert idx.search("thu 7 co lam viec ko").key == "gio_lam_viec"


def test_unrelated_is_none():
    idx = FaqIndex(ENTRIES)
    assert idx.search("xổ số hôm nay về con gì") is None
    assert idx.search("") is None
    assert idx.search("ok") is None


def test_threshold_argument():
    idx = FaqIndex(ENTRIES)
    assert idx.search("phí mã vạch", threshold=101) is None
    assert idx.search("phí mã vạch", threshold=10).key == "phi_ma_vach"


def test_empty_index():
    assert FaqIndex([]).search("địa chỉ") is None
