import time
from datetime import date

import pytest

import intents
from intents import INTENT_CONFIDENT, Understanding, understand
from intents.evaluate import evaluate
from intents.model import DATA_DIR, load_models
from intents.train import read_jsonl

# floors for the shipped model on the dev split (bench/nlu.py prints the real figures)
FLOOR = {"intent_macro_f1": 0.88, "kind_acc": 0.85, "topic_acc": 0.85}


def make_profile(topics):
    from bot.profile import Profile

    rule = {"days": 10, "source": "x"}
    return Profile.model_validate({
        "code": "t", "name": "UBND xã Thử", "short_name": "UBND", "level": "commune", "address": "x",
        "hotline": "1", "working_hours": "x",
        "departments": [{"code": "vp", "name": "Văn phòng", "topics": [t["code"] for t in topics]}],
        "topics": topics,
        "kinds": [{"code": k, "name": k} for k in ("phan_anh", "kien_nghi", "khieu_nai", "to_cao")],
        "deadlines": {k: rule for k in ("phan_anh", "kien_nghi", "khieu_nai", "to_cao")},
        "consent": {"version": "1", "text": "x"}, "dialogue": {"host": "x", "place": "x"},
    })


def test_model_ships_and_loads_fast():
    load_models.cache_clear()
    t0 = time.perf_counter()
    assert load_models() is not None
    assert time.perf_counter() - t0 < 1.0


def test_dev_split_floor():
    dev = read_jsonl(DATA_DIR / "dev.jsonl")
    rep = evaluate(dev)
    for variant in ("plain", "stripped"):
        r = rep[variant]
        assert r["intent"]["macro_f1"] >= FLOOR["intent_macro_f1"], r["intent"]
        assert r["kind"]["accuracy"] >= FLOOR["kind_acc"], r["kind"]
        assert r["topic"]["accuracy"] >= FLOOR["topic_acc"], r["topic"]


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("toi muon phan anh can bo mot cua gay kho khan", "petition"),
        ("cty em bị phạt oan, muốn khiếu nại", "petition"),
        ("tôi muốn phản ánh", "petition"),
        ("đăng ký hỏi ở buổi đối thoại về nhãn hiệu", "dialogue_register"),
        ("lịch tiếp công dân tháng này", "dialogue_schedule"),
        ("PA-2026-000123", "status_lookup"),
        ("xin chào", "smalltalk"),
        ("stop", "unsubscribe"),
        ("đừng gửi tin nữa", "unsubscribe"),
        ("", "other"),
    ],
)
def test_examples_from_the_issue(text, intent):
    assert understand(text).intent == intent


def test_kinds_and_topics():
    u = understand("cty em bị phạt oan, muốn khiếu nại")
    assert u.kind == "khieu_nai"
    u = understand("tôi tố cáo cán bộ một cửa đòi 2 triệu mới nhận hồ sơ")
    assert (u.kind, u.topic) == ("to_cao", "thai_do_phuc_vu")
    u = understand("Sở nên hỗ trợ phí đăng ký nhãn hiệu cho hợp tác xã")
    assert (u.kind, u.topic) == ("kien_nghi", "so_huu_tri_tue")


def test_understanding_shape_and_diacritics_insensitive():
    a = understand("Tôi muốn phản ánh cân điện tử ở chợ bán thiếu", today=date(2026, 11, 23))
    b = understand("toi muon phan anh can dien tu o cho ban thieu", today=date(2026, 11, 23))
    assert isinstance(a, Understanding)
    assert (a.intent, a.kind, a.topic) == (b.intent, b.kind, b.topic)
    assert a.intent_score == pytest.approx(b.intent_score)
    assert 0.0 <= a.intent_score <= 1.0 and a.kind and a.topic
    assert 0 < INTENT_CONFIDENT < 1


def test_default_profile_topics_when_profile_is_given():
    from intents.lexicon import DEFAULT_TOPICS

    prof = make_profile([{"code": c, "name": c, "keywords": []} for c in DEFAULT_TOPICS])
    u = understand("website dịch vụ công báo lỗi không nộp được hồ sơ", prof)
    assert u.topic == "dich_vu_cong_truc_tuyen"


def test_other_profile_falls_back_to_its_keywords():
    topics = [
        {"code": "ho_tich", "name": "Hộ tịch", "keywords": ["khai sinh", "kết hôn", "khai tử"]},
        {"code": "dat_dai", "name": "Đất đai", "keywords": ["sổ đỏ", "đất", "ranh giới"]},
        {"code": "moi_truong", "name": "Môi trường", "keywords": ["rác", "ô nhiễm", "mùi hôi"]},
        {"code": "thai_do_phuc_vu", "name": "Thái độ phục vụ", "keywords": ["cán bộ", "thái độ"]},
        {"code": "khac", "name": "Khác", "keywords": []},
    ]
    prof = make_profile(topics)
    assert understand("lam giay khai sinh cho con bi tra ho so 3 lan", prof).topic == "ho_tich"
    assert understand("bãi rác cạnh chợ bốc mùi hôi", prof).topic == "moi_truong"
    assert understand("hàng xóm lấn đất nhà tôi", prof).topic == "dat_dai"
    assert understand("cán bộ xã quát nạt người dân", prof).topic == "thai_do_phuc_vu"
    assert understand("xin chào", prof).topic in {t["code"] for t in topics}


def test_public_api():
    for name in ("understand", "Understanding", "Entities", "normalize", "fold", "extract_entities", "FaqIndex",
                 "FaqHit", "contains_any", "parse_phone", "parse_email", "parse_code", "INTENT_CONFIDENT",
                 "KIND_CONFIDENT", "TOPIC_CONFIDENT"):
        assert name in intents.__all__ and getattr(intents, name) is not None


def test_train_only_handwritten_lines_stay_out_of_dev():
    from intents.data.handwritten import HANDWRITTEN_TRAIN

    dev = {r["text"].lower() for r in read_jsonl(DATA_DIR / "dev.jsonl")}
    dev |= {r["text"].lower() for r in read_jsonl(DATA_DIR / "dev_freeform.jsonl")}
    assert not [row[0] for row in HANDWRITTEN_TRAIN if row[0].lower() in dev]
    train = {r["text"] for r in read_jsonl(DATA_DIR / "train.jsonl") if r.get("source") == "handwritten"}
    assert all(row[0] in train for row in HANDWRITTEN_TRAIN)


def test_cross_validation_folds_keep_a_situation_together():
    from intents.tune import fold_of

    assert fold_of("pet012", 5) == fold_of("stpet012", 5)
    assert {fold_of(f"pet{i:03d}", 5) for i in range(100)} == set(range(5))


def test_profile_topic_edits_are_seen():
    # the folded keyword lists are cached per topic table content, so an edited profile is never served stale lists
    prof = make_profile([{"code": "ho_tich", "name": "Hộ tịch", "keywords": ["khai sinh"]},
                         {"code": "khac", "name": "Khác", "keywords": []}])
    assert understand("làm giấy khai tử cho bố", prof).topic == "khac"
    prof.topics[0].keywords.append("giấy khai tử")
    assert understand("làm giấy khai tử cho bố", prof).topic == "ho_tich"


@pytest.mark.parametrize("text", ["lam giay khai sinhh cho con", "do luong chat luog xang dau", "so huu tri tue",
                                  "khai", "xin chao", "", "giay phep buc xa hat nhn"])
def test_fuzzy_topic_matches_plain_loop(text):
    from rapidfuzz import fuzz

    from intents.lexicon import TOPIC_KEYWORDS
    from intents.model import TopicLexicon
    from intents.normalize import folded

    f = folded(text)
    best, best_s = None, 0.0
    for code, kws in TOPIC_KEYWORDS.items():
        for k in kws:
            fk = folded(k)
            s = fuzz.partial_ratio(fk, f) if len(fk) >= 5 else 0.0
            if s > best_s:
                best, best_s = code, s
    assert TopicLexicon(TOPIC_KEYWORDS).fuzzy_topic(f) == (best if best_s >= 88 else None)


def test_trie_alternation_matches_plain_alternation():
    import re

    from intents.model import _trie_alternation

    words = ["dung", "dung gui", "dung nhan tin", "huy", "huy dang ky", "x-y", "a.b", "ab"]
    trie = re.compile(r"(?<!\w)" + _trie_alternation(sorted(words)) + r"(?!\w)")
    plain = re.compile(r"(?<!\w)(?:" + "|".join(re.escape(w) for w in words) + r")(?!\w)")
    for text in ["dung gui nua", "dungg", "toi muon huy dang ky", "huyy", "x-y", "x-yz", "aab", "a.b c", "ab", "nhan tin"]:
        assert bool(trie.search(text)) == bool(plain.search(text)), text
        assert trie.fullmatch(text) is None or text in words


def test_warm_up_builds_what_understand_builds_on_first_use():
    """A serving process calls it at start-up, so that no citizen's message pays for the first use."""
    import importlib

    from bot.profile import load_profile
    from intents import warm_up

    urgent = importlib.import_module("intents.urgent")
    profile_topics = importlib.import_module("intents.profile_topics")
    for cached in (urgent._compiled, urgent._any_first, urgent._idioms, urgent._past, urgent._policy, urgent._running):
        cached.cache_clear()
    profile_topics.load_profile_model.cache_clear()
    urgent_model = importlib.import_module("intents.urgent_model")
    urgent_model.load_urgent_model.cache_clear()
    warm_up(load_profile("ubnd-xa"))
    assert urgent_model.load_urgent_model.cache_info().currsize == 1 and urgent_model.load_urgent_model() is not None
    assert all(c.cache_info().currsize == 2 for c in (urgent._compiled, urgent._any_first, urgent._idioms, urgent._past,
                                                      urgent._policy))
    assert urgent._running.cache_info().currsize == 1  # the "chạy" phrases, for text without diacritics only
    assert profile_topics.load_profile_model.cache_info().currsize == 1  # the commune's own topic model is loaded
