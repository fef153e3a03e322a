"""Text normalisation for Vietnamese chat messages.

normalize(): NFC, lowercase, traditional tone placement (hoà -> hòa, thuỷ -> thủy), repeated letters,
teencode/abbreviation expansion, punctuation and spacing.  fold(): diacritics stripped (đ -> d).
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_TONES = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}
_VOWELS = set("aăâeêioôơuưy")
_MODIFIED = set("ăâêôơư")

# teencode / abbreviations, keyed by the lowercase token (with or without diacritics)
TEENCODE: dict[str, str] = {
    "ko": "không", "k": "không", "kh": "không", "khg": "không", "kg": "không", "hok": "không",
    "hong": "không", "hông": "không", "hem": "không", "khong": "không", "0k": "không",
    "dc": "được", "đc": "được", "dk": "đăng ký", "đk": "đăng ký", "dky": "đăng ký", "đky": "đăng ký",
    "j": "gì", "ji": "gì", "gi": "gì", "ntn": "như thế nào", "ntnao": "như thế nào",
    "sdt": "số điện thoại", "sđt": "số điện thoại", "đt": "điện thoại", "dt": "điện thoại",
    "cty": "công ty", "ct": "công ty", "tthc": "thủ tục hành chính", "pakn": "phản ánh kiến nghị",
    "pa": "phản ánh", "kn": "khiếu nại", "ubnd": "ủy ban nhân dân", "khcn": "khoa học công nghệ",
    "kh&cn": "khoa học công nghệ", "khoa học & công nghệ": "khoa học công nghệ",
    "shtt": "sở hữu trí tuệ", "dvc": "dịch vụ công", "dvcqg": "dịch vụ công quốc gia",
    "cb": "cán bộ", "cbcc": "cán bộ công chức", "nv": "nhân viên", "hs": "hồ sơ", "hso": "hồ sơ",
    "gpkd": "giấy phép kinh doanh", "dn": "doanh nghiệp", "dnnvv": "doanh nghiệp nhỏ và vừa",
    "vs": "với", "voi": "với", "mn": "mọi người", "ng": "người", "ngta": "người ta", "r": "rồi",
    "bn": "bao nhiêu", "bnhieu": "bao nhiêu", "bh": "bao giờ", "bjo": "bao giờ", "bgio": "bao giờ",
    "bây h": "bây giờ", "e": "em", "a": "anh", "c": "chị", "t": "tôi", "mk": "mình", "mik": "mình",
    "b": "bạn", "bạ": "bạn", "ad": "admin", "add": "admin", "thx": "cảm ơn", "tks": "cảm ơn",
    "thanks": "cảm ơn", "thank": "cảm ơn", "camon": "cảm ơn", "cmon": "cảm ơn", "cám": "cảm",
    "trc": "trước", "ns": "nói", "bít": "biết", "bik": "biết", "bit": "biết", "wa": "quá", "qa": "quá",
    "z": "vậy", "v": "vậy", "zậy": "vậy", "dzậy": "vậy", "ak": "à", "ah": "à", "uh": "ừ", "uk": "ừ",
    "oke": "ok", "okie": "ok", "oki": "ok", "okay": "ok", "đươc": "được", "duoc": "được",
    "mún": "muốn", "mun": "muốn", "iu": "yêu", "ms": "mới", "lm": "làm", "nhìu": "nhiều",
    "hnay": "hôm nay", "hqua": "hôm qua", "hum": "hôm", "wá": "quá", "ntn?": "như thế nào",
    "cccd": "căn cước công dân", "cmnd": "chứng minh nhân dân", "tp": "thành phố", "tt": "thông tin",
    "sp": "sản phẩm", "hđ": "hợp đồng", "hd": "hướng dẫn", "hdan": "hướng dẫn", "hdẫn": "hướng dẫn",
    "qđ": "quyết định", "qd": "quyết định", "cntt": "công nghệ thông tin", "cđs": "chuyển đổi số",
    "cds": "chuyển đổi số", "đkkd": "đăng ký kinh doanh", "vpmc": "văn phòng một cửa",
    "tcd": "tiếp công dân", "klq": "không liên quan", "kbh": "không bao giờ", "ktra": "kiểm tra",
    "kt": "kiểm tra", "tgian": "thời gian", "tg": "thời gian", "đ/c": "địa chỉ", "đ.c": "địa chỉ",
}

# dialect words with one meaning everywhere (Central: rứa, mần, chừ, nớ, chộ, nỏ; Southern: hổng, tui, ổng, bả)
DIALECT: dict[str, str] = {
    "hổng": "không", "hỏng có": "không có", "tui": "tôi", "tụi tui": "chúng tôi", "ổng": "ông ấy", "bả": "bà ấy",
    "rứa": "thế", "mần": "làm", "chừ": "giờ", "bây chừ": "bây giờ", "nớ": "đó", "chộ": "thấy", "nỏ": "không",
    "ni": "này", "tê": "kia", "dzậy": "vậy", "dị": "vậy", "hen": "nhé", "nhen": "nhé", "giùm": "giúp",
}
# dialect words that are also ordinary words: rewritten only in the contexts where they are the dialect word
# ("răng" = sao, but "đau răng"; "mô" = đâu, but "mô hình"; "chi" = gì, but "chi phí")
_DIALECT_CONTEXT: dict[str, tuple[str, frozenset[str], frozenset[str], bool]] = {
    # word: (replacement, previous words that make it dialect, next words that make it dialect, also at the end of a
    # sentence / start of a message). The unaccented forms (a message typed without diacritics) have stricter rules:
    # "mo" is also "mở", "chi" also "chị", "rua" also "rửa"
    "răng": ("sao", frozenset({"làm", "vì", "tại", "hỏi", "biết", "ra", "thì", "là"}),
             frozenset({"mà", "thế", "rứa", "lại", "không", "hổng", "vậy", "đó", "hè", "rồi", "chưa", "tui", "tôi",
                        "xã", "cán", "đất", "nhà", "con", "ba", "mẹ", "đơn", "hồ", "cái", "mấy", "người"}), False),
    "rang": ("sao", frozenset({"lam", "vi", "tai"}), frozenset({"ma", "rua", "lai", "the", "vay", "hong"}), False),
    "mô": ("đâu", frozenset({"ở", "đi", "về", "lên", "xuống", "ra", "vô", "vào", "tới", "đến", "chỗ", "nơi", "có",
                              "chừ", "giờ", "huyện", "lấy", "nộp", "làm", "để"}),
           frozenset({"có", "mà", "rứa", "hết", "nữa", "ai"}), True),
    "mo": ("đâu", frozenset({"o", "di", "ve", "len", "xuong", "vo", "toi", "den", "noi", "lay", "nop", "huyen"}),
           frozenset(), False),
    "chi": ("gì", frozenset({"cái", "làm", "nói", "hỏi", "việc", "thiếu", "là", "chuyện", "được", "có", "giấy", "tờ",
                             "cần", "mất", "bị", "chế", "độ", "hiểu", "cai", "lam", "hoi", "viec", "thieu", "can"}),
            frozenset({"rứa", "hết", "cả", "mô", "vậy", "thế", "nữa", "mà", "không", "rua", "het"}), False),
    "rua": ("thế", frozenset({"lau", "on", "hu", "dong", "nhu", "lam", "cham", "the", "sao", "vay"}), frozenset(),
            False),
}
_SENTENCE_START = {"răng", "rang"}  # "Răng mà lâu rứa?" - at the start of a message or sentence
_TUI_NOT = frozenset({"xach", "xách", "ao", "áo", "quan", "quần", "do", "đồ", "tien", "tiền", "nilon", "ni", "bong",
                      "ngủ", "ngu", "hàng", "hang"})  # "tui" without diacritics is also "túi" (a bag)

_WORD_RE = re.compile(r"[^\W\d_]+", re.UNICODE)
_TOKEN_RE = re.compile(r"[\w&/.]+|[^\w\s]", re.UNICODE)
_REPEAT_RE = re.compile(r"(\w)\1{2,}")
_URL_RE = re.compile(r"https?://\S+")
_PUNCT_RUN_RE = re.compile(r"([!?.,;:])\1+")
_ELLIPSIS_RE = re.compile(r"\.{2,}|…")
_PUNCT_SPACE_RE = re.compile(r"\s*([,;:!?])\s*")
_SPACES_RE = re.compile(r"\s+")
_NOT_WORD_RE = re.compile(r"[^\w\s-]")


def _strip_tone(word: str) -> tuple[str, str | None]:
    nfd = unicodedata.normalize("NFD", word)
    tones = [c for c in nfd if c in _TONES]
    if len(tones) != 1:
        return word, None
    base = unicodedata.normalize("NFC", "".join(c for c in nfd if c not in _TONES))
    return base, tones[0]


def _tone_index(s: str) -> int | None:
    low = s.lower()
    n = len(low)
    idx = [i for i, ch in enumerate(low) if ch in _VOWELS]
    if not idx:
        return None
    # first contiguous vowel run
    run = [idx[0]]
    for i in idx[1:]:
        if i == run[-1] + 1:
            run.append(i)
        else:
            break
    if len(run) > 1 and ((low.startswith("qu") and run[0] == 1) or (low.startswith("gi") and run[0] == 1)):
        run = run[1:]
    mods = [i for i in run if low[i] in _MODIFIED]
    if mods:
        return mods[-1]
    if len(run) == 1:
        return run[0]
    if run[-1] < n - 1:  # closed syllable: tone on the last vowel (hoàng, toán)
        return run[-1]
    if len(run) == 3:
        return run[1]
    return run[0]  # open two-vowel syllable: traditional placement (hòa, thủy, khỏe, mùa)


def fix_tone(word: str) -> str:
    """Put the tone mark of one syllable where traditional orthography puts it."""
    base, tone = _strip_tone(word)
    if tone is None:
        return word
    i = _tone_index(base)
    if i is None:
        return word
    ch = unicodedata.normalize("NFC", unicodedata.normalize("NFD", base[i]) + tone)
    return base[:i] + ch + base[i + 1 :]


def _squeeze(word: str) -> str:
    # Vietnamese never has a letter three times in a row: "chàoooo" -> "chào", "okkkk" -> "ok"
    return _REPEAT_RE.sub(r"\1", word)


@lru_cache(maxsize=65536)
def _fix_word(word: str) -> str:
    """One run of letters, squeezed and with its tone mark placed (cached: chat vocabulary is small)."""
    return fix_tone(_squeeze(word))


# ------------------------------------------------------------------------------ telex leftovers
# "tooi muoons phanr anhs" (a keyboard without the Vietnamese input method): decoded when the result is a Vietnamese
# syllable and the token as typed is not one
_TELEX_TONES = {"s": "\u0301", "f": "\u0300", "r": "\u0309", "x": "\u0303", "j": "\u0323"}
_TELEX_KEEP = frozenset({"gas", "bus", "fax", "max", "mix", "box", "sex", "tax", "bar", "car", "for", "ads", "ios",
                         "hix", "tips", "sos", "yes", "lux", "dex", "kis", "ex", "jav", "taxi", "wifi", "www"})
_ONSET = r"(?:ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdghklmnprstvx])?"
_NUCLEUS = (r"(?:uye|uya|uyu|uoi|uou|oai|oay|oeo|uay|ieu|yeu|uai|ai|ao|au|ay|eo|eu|ia|ie|iu|oa|oe|oi|oo|ua|ue|ui|"
            r"uo|uu|uy|ye|a|e|i|o|u|y)")
_CODA = r"(?:ch|nh|ng|[cmnpt])?"
_SYLLABLE_RE = re.compile(rf"{_ONSET}{_NUCLEUS}{_CODA}")
_STOP_CODA_RE = re.compile(r"(?:ch|[cpt])$")
_TELEX_TOKEN_RE = re.compile(r"[a-z]{2,10}")
_TELEX_MARKS = (("uwow", "ươ"), ("uow", "ươ"), ("uwo", "ươ"), ("aa", "â"), ("aw", "ă"), ("ee", "ê"), ("oo", "ô"), ("ow", "ơ"),
                ("uw", "ư"))


def _is_syllable(word: str) -> bool:
    return _SYLLABLE_RE.fullmatch(fold(word)) is not None


@lru_cache(maxsize=16384)
def decode_telex(token: str) -> str:
    """One ASCII token typed in telex without the input method -> the Vietnamese syllable, or the token unchanged."""
    if not _TELEX_TOKEN_RE.fullmatch(token) or token in _TELEX_KEEP or token.endswith("ss"):
        return token
    w, tone = token, None
    if len(w) > 2 and w[-1] in _TELEX_TONES and re.search(r"[aeiouyw]", w[:-1]):
        w, tone = w[:-1], w[-1]  # the tone key after the whole word: "muoons", "anhs"
    else:
        m = re.fullmatch(r"(.*[aeiouyw])([sfrxj])([cmnptgh]+)", w)  # or right after the vowel: "pharn"
        if m:
            w, tone = m.group(1) + m.group(3), m.group(2)
    if w.startswith("dd"):
        w = "đ" + w[2:]
    for a, b in _TELEX_MARKS:
        w = w.replace(a, b)
    if "w" in w:
        w = w.replace("w", "ư")
    if w == token or not _is_syllable(w):
        return token
    if _is_syllable(token) and tone is None and "oo" not in token:
        return token  # already a word typed without diacritics
    if tone is not None:
        if tone in "frx" and _STOP_CODA_RE.search(fold(w)):
            return token  # no huyền/hỏi/ngã on a syllable ending in c, ch, p, t
        w = fix_tone(unicodedata.normalize("NFC", _with_tone(w, _TELEX_TONES[tone])))
    return w


def _with_tone(word: str, mark: str) -> str:
    i = _tone_index(word)
    if i is None:
        return word
    return word[: i + 1] + mark + word[i + 1 :]


@lru_cache(maxsize=1)
def _dialect_words_re() -> re.Pattern[str]:
    words = {w for k in DIALECT for w in k.split()} | set(_DIALECT_CONTEXT)
    return re.compile(r"(?<!\w)(?:" + "|".join(sorted(map(re.escape, words), key=len, reverse=True)) + r")(?!\w)")


def _dialect(tokens: list[str]) -> list[str]:
    if not _dialect_words_re().search(" ".join(tokens)):
        return tokens  # most messages have no dialect word
    out: list[str] = []
    n = len(tokens)
    i = 0
    while i < n:
        tok = tokens[i]
        core = tok.strip(",.!?;:()\"'“”")
        pair = f"{core} {tokens[i + 1].strip(',.!?;:')}" if i + 1 < n else ""
        if pair in DIALECT:
            out.append(tok.replace(core, DIALECT[pair].split()[0]))
            out.extend(DIALECT[pair].split()[1:])
            i += 2
            continue
        nxt = tokens[i + 1].strip(",.!?;:") if i + 1 < n else ""
        if core == "tui" and nxt in _TUI_NOT:
            out.append(tok)
        elif core in DIALECT:
            out.append(tok.replace(core, DIALECT[core]))
        elif core in _DIALECT_CONTEXT:
            repl, before, after, loose = _DIALECT_CONTEXT[core]
            prev = out[-1].strip(",.!?;:") if out else ""
            at_end = i + 1 == n or tok != core  # last word or followed by punctuation
            at_start = not out or out[-1][-1:] in ".!?"
            at_start_ok = at_start and core in _SENTENCE_START and (loose or nxt in after or nxt in ("xa", "nha"))
            if prev in before or nxt in after or (loose and at_end) or at_start_ok:
                out.append(tok.replace(core, repl))
            else:
                out.append(tok)
        else:
            out.append(tok)
        i += 1
    return out


@lru_cache(maxsize=4096)
def _normalize_cached(text: str) -> str:
    t = unicodedata.normalize("NFC", text).lower()
    t = t.replace("\u00a0", " ").replace("\u200b", "")
    t = _URL_RE.sub(" ", t)
    t = _WORD_RE.sub(lambda m: _fix_word(m.group(0)), t)
    # punctuation runs and spacing
    t = _PUNCT_RUN_RE.sub(r"\1", t)
    t = _ELLIPSIS_RE.sub(" ", t)
    out: list[str] = []
    for tok in t.split():
        stripped = tok.strip(",.!?;:()\"'“”")
        if stripped not in TEENCODE and stripped.isascii():
            decoded = decode_telex(stripped)
            if decoded != stripped:
                tok = tok.replace(stripped, decoded)
                stripped = decoded
        if stripped in TEENCODE:
            lead = tok[: tok.find(stripped)]
            trail = tok[tok.find(stripped) + len(stripped) :]
            out.append(lead + TEENCODE[stripped] + trail)
        else:
            out.append(tok)
    t = " ".join(_dialect(out))
    t = _PUNCT_SPACE_RE.sub(r"\1 ", t)
    t = _SPACES_RE.sub(" ", t).strip()
    return t


def normalize(text: str) -> str:
    """NFC + lowercase + tone placement + teencode expansion + spacing."""
    if not text:
        return ""
    return _normalize_cached(text)


class _MarkDropper(dict[int, int | None]):
    """str.translate table deleting combining marks (category Mn) and keeping the rest, filled in on first use."""

    def __missing__(self, cp: int) -> int | None:
        self[cp] = out = None if unicodedata.category(chr(cp)) == "Mn" else cp
        return out


_DROP_MARKS = _MarkDropper()


@lru_cache(maxsize=65536)
def _fold_cached(text: str) -> str:
    s = unicodedata.normalize("NFD", text).translate(_DROP_MARKS)
    return s.replace("đ", "d").replace("Đ", "D").lower()


def fold(text: str) -> str:
    """Strip Vietnamese diacritics and lowercase: fold("Hòa") == "hoa"."""
    if not text:
        return ""
    return _fold_cached(text)


def strip_diacritics(text: str) -> str:
    """Remove diacritics but keep the case (used to build diacritics-free test copies)."""
    s = unicodedata.normalize("NFD", text).translate(_DROP_MARKS)
    return unicodedata.normalize("NFC", s.replace("đ", "d").replace("Đ", "D"))


@lru_cache(maxsize=65536)
def folded(text: str) -> str:
    """fold(normalize(text)) with punctuation replaced by spaces: the classifiers' input."""
    t = fold(normalize(text))
    t = _NOT_WORD_RE.sub(" ", t)
    return _SPACES_RE.sub(" ", t).strip()


@lru_cache(maxsize=4096)
def _kw_pattern(kw: str) -> re.Pattern[str]:
    k = re.escape(folded(kw))
    return re.compile(rf"(?<!\w){k}(?!\w)")


def contains_any(text: str, keywords) -> str | None:
    """Diacritics-insensitive whole-word match; returns the first keyword found (as given)."""
    if not text:
        return None
    t = folded(text)
    for kw in keywords:
        if kw and folded(kw) and _kw_pattern(kw).search(t):
            return kw
    return None


def has_diacritics(text: str) -> bool:
    return fold(text) != text.lower()
