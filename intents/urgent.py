"""Urgent situations recognised by meaning, not by exact phrases: a rule set on normalised text.

    urgent_category(text) -> "radiation" | "fire" | "violence" | "collapse" | None

Each rule is a pair of phrase lists: it fires when a phrase of the first list occurs and (if there is a second list)
one of the second list too, as whole words. Phrases are written with diacritics. A message typed with diacritics is
matched as written (normalised); a message without any is matched on folded text, where rules whose folded words
collide with everyday words ("đang cháy"/"đang chạy", "nổ lớn"/"nợ lớn") need extra context. bench/nlu.py measures
recall on hand-written paraphrases and false alarms on ordinary petitions.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from .normalize import fold, folded, normalize

CATEGORIES = ("radiation", "fire", "violence", "collapse")

# a situation described as a risk or a worry, not as happening: "sắp sập", "có nguy cơ cháy"
_RISK = ["sắp", "nguy cơ", "lo là", "sợ là", "phòng chống", "phòng cháy", "đề phòng", "nếu", "diễn tập",
         "tập huấn"]


@dataclass(frozen=True)
class _Rule:
    category: str
    first: tuple[str, ...]
    second: tuple[str, ...] = ()
    accented_only: bool = False  # the folded words are ambiguous: only for text written with diacritics
    folded_only: bool = False  # a stricter variant for text without diacritics
    risk_blocks: bool = True  # "sắp / nguy cơ …" in the text turns it off
    risk_extra: tuple[str, ...] = ()  # more words that turn this rule off ("sợ có ngày sập")


_RADIATION_OBJ = ("phóng xạ", "nguồn xạ", "nguồn phóng xạ", "chất phóng xạ", "biểu tượng phóng xạ",
                  "cảnh báo phóng xạ", "ký hiệu phóng xạ", "cánh quạt ba lá", "hình ba lá", "nguồn bức xạ",
                  "thiết bị phóng xạ", "nguồn cs", "cesium", "cobalt", "coban", "iridium", "nguồn xạ trị",
                  "rò rỉ bức xạ", "đầu dò phóng xạ")
_RADIATION_EVENT = ("mất", "bị mất", "rơi", "bị rơi", "thất lạc", "trộm", "mất trộm", "mất cắp", "nhặt", "nhặt được", "lượm", "lượm được", "bãi rác",
                    "phát hiện", "tìm thấy", "thấy", "lẫn", "lẫn vào", "bỏ rơi", "vứt", "rò rỉ", "đập", "đập vỡ",
                    "vỡ", "lật", "văng", "xúm", "nghi", "cạy", "lấy chơi", "bãi phế liệu", "phế liệu", "ve chai",
                    "sắt vụn", "kêu liên tục")
_FIRE_STRONG = ("bốc cháy", "cháy lớn", "cháy lan", "hỏa hoạn", "bắt lửa", "phát nổ", "nổ tung", "tiếng nổ",
                "cháy rừng", "lửa đang", "lửa bốc", "lửa lan", "khói bốc", "cháy dữ dội", "vụ nổ", "cháy xưởng",
                "cháy kho", "cháy nhà", "đang cháy", "vừa nổ", "bị cháy", "đám cháy", "nổ lớn")
_FIRE_AMBIGUOUS_FOLDED = ("dang chay", "vua no", "bi chay", "no lon", "chay nha")  # đang chạy, vừa nó, nợ lớn…
_FIRE_CONTEXT = ("lửa", "khói", "cứu hỏa", "114", "bỏng", "chữa cháy")
_VIOLENCE_STRONG = ("đâm chém", "chém nhau", "hỗn chiến", "bắt cóc", "dọa giết", "đe dọa giết", "cầm dao",
                    "cầm súng", "cầm mã tấu", "đánh hội đồng", "đuổi đánh", "bị đâm", "bị chém", "nổ súng",
                    "dao rựa", "bắn nhau", "đâm nhau", "cầm hung khí", "kêu cứu", "mã tấu",
                    "chém người", "đâm người", "bắn người", "mang hung khí", "dùng dao")
_VIOLENCE_ACT = ("đánh nhau", "đánh người", "đánh đập", "đập phá", "đánh vợ", "đánh con", "hành hung", "bị đánh",
                 "đang đánh", "cướp", "đe dọa")
_NOW = ("đang", "vừa", "ngay bây giờ", "bây giờ", "lúc này", "máu", "bị thương", "cứu với", "kêu cứu", "gấp")
_COLLAPSE_EVENT = ("sập", "đổ sập", "sụp", "sụp đổ", "sập đổ", "vùi lấp", "ngã đè", "đổ xuống", "cuốn sập", "gãy đổ",
                   "sụp mái", "đổ đè", "bị vùi")
# folded, a bare "sap" is also "sắp" (about to): only the forms that say it happened
_COLLAPSE_EVENT_FOLDED = tuple(e for e in _COLLAPSE_EVENT if e != "sập") + (
    "vừa sập", "bị sập", "đã sập", "sập rồi", "sập xuống", "gãy sập", "quật sập", "sập mái", "sập hoàn toàn")
_COLLAPSE_OBJ = ("cầu", "nhà", "tường", "mái", "giàn giáo", "công trình", "cột điện", "đồi", "đất", "trần", "cây",
                 "người", "công nhân", "cháu", "học sinh", "xe", "nhịp", "tòa nhà", "dây điện", "hầm", "hầm lò",
                 "mỏ", "thợ", "lán", "chợ")
_TRAPPED = ("đè lên", "đè trúng", "bị kẹt", "mắc kẹt", "kẹt bên trong", "bị đè")
_AMBIGUOUS_FOLDED = frozenset({"so", "lo", "co ngay", "muc"})
_WORRY = ("sợ", "lo", "e rằng", "có ngày", "coi chừng", "mục", "xuống cấp")
_PEOPLE = ("người", "cháu", "công nhân", "học sinh", "em bé", "trẻ", "con tôi", "mấy đứa", "bên trong", "thợ")

RULES: tuple[_Rule, ...] = (
    _Rule("radiation", _RADIATION_OBJ, _RADIATION_EVENT, risk_blocks=False),
    _Rule("fire", _FIRE_STRONG, (), accented_only=True),
    _Rule("fire", tuple(x for x in _FIRE_STRONG if fold(x) not in _FIRE_AMBIGUOUS_FOLDED), (), folded_only=True),
    _Rule("fire", _FIRE_AMBIGUOUS_FOLDED, _FIRE_CONTEXT, folded_only=True),
    _Rule("violence", _VIOLENCE_STRONG),
    _Rule("violence", _VIOLENCE_ACT, _NOW),
    _Rule("collapse", _COLLAPSE_EVENT, _COLLAPSE_OBJ, risk_extra=_WORRY, accented_only=True),
    _Rule("collapse", _COLLAPSE_EVENT_FOLDED, _COLLAPSE_OBJ, risk_extra=_WORRY, folded_only=True),
    _Rule("collapse", _TRAPPED, _PEOPLE, risk_extra=_WORRY),
)


def _alternation(phrases: tuple[str, ...], accented: bool) -> re.Pattern[str] | None:
    forms = {normalize(p) if accented else folded(p) for p in phrases}
    forms.discard("")
    if not forms:
        return None
    alts = "|".join(re.escape(f) for f in sorted(forms, key=len, reverse=True))
    return re.compile(rf"(?<!\w)(?:{alts})(?!\w)")


@lru_cache(maxsize=2)
def _compiled(accented: bool) -> list[tuple[str, re.Pattern[str], re.Pattern[str] | None, bool,
                                            re.Pattern[str] | None]]:
    out = []
    for r in RULES:
        if (accented and r.folded_only) or (not accented and r.accented_only):
            continue
        first = _alternation(r.first, accented)
        if first is None:
            continue
        # folded, "sợ"/"lo"/"có ngày" are also "số"/"lò, lở"/"có ngay": only the unambiguous worry words there
        worry = r.risk_extra if accented else tuple(w for w in r.risk_extra if fold(w) not in _AMBIGUOUS_FOLDED)
        extra = _alternation(worry, accented) if worry else None
        out.append((r.category, first, _alternation(r.second, accented) if r.second else None, r.risk_blocks, extra))
    return out


@lru_cache(maxsize=2)
def _any_first(accented: bool) -> re.Pattern[str]:
    """One pattern for every rule's first list: most messages match none, and then nothing else is tried."""
    phrases = tuple(p for r in RULES if not ((accented and r.folded_only) or (not accented and r.accented_only))
                    for p in r.first)
    rx = _alternation(phrases, accented)
    assert rx is not None
    return rx


@lru_cache(maxsize=2)
def _risk(accented: bool) -> re.Pattern[str]:
    # folded, "sắp" (about to) is "sập" (collapsed): left out there
    rx = _alternation(tuple(_RISK) if accented else tuple(w for w in _RISK if fold(w) != "sap"), accented)
    assert rx is not None
    return rx


_WORDS_RE = re.compile(r"[^\W\d_]+")
_ACCENTED_WORD_RE = re.compile(r"[^\W\d_]*[àáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵđ]")


def _mostly_accented(text: str) -> bool:
    """Typed with diacritics (at least a third of the words carry one): then the accented rules apply."""
    low = unicodedata.normalize("NFC", text).lower()
    n = len(_WORDS_RE.findall(low))
    return n > 0 and len(_ACCENTED_WORD_RE.findall(low)) * 3 >= n


def urgent_category(text: str) -> str | None:
    """The urgent situation the message describes, or None."""
    if not text or not text.strip():
        return None
    n = normalize(text)
    accented = _mostly_accented(text)
    t = re.sub(r"[^\w\s]", " ", n) if accented else folded(text)
    t = " ".join(t.split())
    if _any_first(accented).search(t) is None:
        return None
    risky = _risk(accented).search(t) is not None
    for category, first, second, risk_blocks, extra in _compiled(accented):
        if risk_blocks and risky or (extra is not None and extra.search(t)):
            continue
        if first.search(t) and (second is None or second.search(t)):
            return category
    return None
