"""Where a problem is: typed place words matched to a commune of the 2025 two-level division.

The division is the one :func:`intents.extract_entities` uses (``vietnam_provinces``, 34 provinces and their
wards, communes and special zones). ``match_commune`` is for the place of a petition ("chợ Bình Khánh, xã
Tịnh Khê", "duong vao truong tieu hoc nghia lo quang ngai"), so it also accepts a commune named without
"xã"/"phường" when the name has two words or more and nothing else is likely: such a name must be in a province
the text names, or in the agency's own province, or (typed with its accents) be the only commune of that name in
the country. Without accents too many ordinary words are commune names ("van hoa": văn hóa, Vân Hòa).
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from .entities import _clean_words, _geo, find_places
from .normalize import fold, has_diacritics, normalize

_WARD_PREFIX_ACC = re.compile(r"^(?:phường|xã|đặc khu|thị trấn)\s+")
_PROV_PREFIX_FOLDED = re.compile(r"^(?:thanh pho|tinh|tp)\s+")
MAX_WORDS = 5  # the longest commune names ("Sơn Tây Thượng", "Trương Quang Trọng") have 3–4 words


@lru_cache(maxsize=1)
def _by_code() -> dict[str, dict[str, Any]]:
    _, wards, _ = _geo()
    return {c["code"]: c for cands in wards.values() for c in cands}


def commune_by_code(code: str | None) -> dict[str, Any] | None:
    """{"code", "name", "province_code", "province"} of a commune code ("21025"), or None."""
    return _by_code().get(code) if code else None


def province_code(name: str | None) -> str | None:
    """The code of a province named "Quảng Ngãi", "tỉnh Quảng Ngãi", "quang ngai" (None if unknown)."""
    if not name:
        return None
    provinces, _, _ = _geo()
    pd = provinces.get(_PROV_PREFIX_FOLDED.sub("", " ".join(fold(normalize(name)).split())))
    return pd["code"] if pd else None


def _accented_tail(name: str) -> str:
    return " ".join(_clean_words(_WARD_PREFIX_ACC.sub("", normalize(name))).split())


def _unprefixed(text: str, named_provinces: set[str]) -> tuple[list[dict[str, Any]], bool]:
    """Communes named by two or more words of ``text``, longest names first, without overlaps; and whether
    every one of them was typed with its accents."""
    provinces, wards, _ = _geo()
    words = _clean_words(normalize(text)).split()
    folded = [fold(w) for w in words]
    found: list[dict[str, Any]] = []
    accented = True
    i = 0
    while i < len(words):
        for n in range(min(MAX_WORDS, len(words) - i), 1, -1):
            key = " ".join(folded[i:i + n])
            cands = wards.get(key)
            if not cands:
                continue
            if key in provinces and provinces[key]["code"] in named_provinces:
                continue  # "Quảng Trị" the province, not the ward of that name
            typed = " ".join(words[i:i + n])
            if has_diacritics(typed):  # typed with diacritics: the accents must agree ("Ba Tơ" is not "Ba Tô")
                cands = [c for c in cands if _accented_tail(c["name"]) == typed]
            if cands:
                accented = accented and has_diacritics(typed)
                found += [c for c in cands if c not in found]
                i += n - 1
                break
        i += 1
    return found, accented


def _pick(cands: list[dict[str, Any]], named: set[str], home: str | None, *, strict: bool,
          anywhere: bool = True) -> dict[str, Any] | None:
    """The one candidate left after narrowing to the provinces named in the text, then to the agency's own.
    ``strict`` (a name typed without "xã"/"phường"): a candidate outside both is taken only when ``anywhere``
    (typed with its accents) and it is the only commune of that name in the country."""
    if named:
        inside = [c for c in cands if c["province_code"] in named]
        if inside or strict:
            cands = inside
    elif home or (strict and not anywhere):
        inside = [c for c in cands if c["province_code"] == home]
        if inside or (strict and (not anywhere or len({c["code"] for c in cands}) > 1)):
            cands = inside
    unique = {c["code"]: c for c in cands}
    return next(iter(unique.values())) if len(unique) == 1 else None


def match_commune(text: str | None, province: str | None = None) -> dict[str, Any] | None:
    """The commune that typed place words name, as {"code", "name", "province_code", "province"}; None when
    no commune is named or the words fit several equally. ``province``: the agency's province (profile
    ``province``), which settles names shared by communes of several provinces ("xã Bình Sơn")."""
    if not text or not text.strip():
        return None
    provs, prefixed = find_places(text)
    named = {p["code"] for p in provs}
    home = province_code(province)
    if prefixed:
        hit = _pick(prefixed, named, home, strict=False)
        if hit is not None:
            return hit
    found, accented = _unprefixed(text, named)
    return _pick(found, named, home, strict=True, anywhere=accented)
