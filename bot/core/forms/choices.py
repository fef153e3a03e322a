"""Typed answers to choices: numbers, labels and yes/no words, whatever the accents, emoji and case."""

from __future__ import annotations

import re
from collections.abc import Sequence

from bot.core.forms.model import Choice
from intents import fold

_NOT_WORD = re.compile(r"[^\w\s]|_", re.UNICODE)
_NUMBER = re.compile(r"^(?:(?:so|chon|lua chon|phuong an|muc|cau)\s*)?(\d{1,2})\s*[.)]?$")
_PARTICLES = ("roi", "a", "nhe", "nha", "nhi", "ha", "ak", "ah", "luon", "di", "ban oi", "em oi", "ad", "admin")
YES = frozenset({
    "dung", "dung vay", "dung the", "chinh xac", "ok", "oke", "okie", "okay", "u", "uh", "um", "uhm", "vang", "da",
    "da vang", "vang a", "co", "yes", "y", "dong y", "toi dong y", "phai", "duoc", "chuan", "xac nhan", "gui",
    "gui di", "dung vay roi", "dung het", "duoc roi",
})
NO = frozenset({
    "khong", "ko", "k", "kg", "kh", "khg", "hong", "hok", "no", "n", "sai", "khong phai", "chua", "khong dung",
    "sai roi", "khong dong y", "khong co", "ko co", "k co", "khong a",
})
_YES_EMOJI = ("👍", "👌", "✅", "🆗", "✔")
_NO_EMOJI = ("👎", "❌", "🙅")


def norm(text: str | None) -> str:
    """Folded (no accents, lower case), emoji and punctuation removed, spaces collapsed."""
    return " ".join(_NOT_WORD.sub(" ", fold(text or "")).split())


def _trim(n: str) -> str:
    """'dung roi a' → 'dung': the particles people add to a yes or no."""
    words = n.split()
    while len(words) > 1 and words[-1] in _PARTICLES:
        words.pop()
    return " ".join(words)


def yes_no(text: str | None) -> bool | None:
    """True for a yes ("đúng rồi", "ok", "👍"), False for a no ("ko", "sai"), None otherwise."""
    raw = (text or "").strip()
    if raw and all(ch in "".join(_YES_EMOJI) + "\ufe0f " for ch in raw):
        return True
    if raw and all(ch in "".join(_NO_EMOJI) + "\ufe0f " for ch in raw):
        return False
    n = _trim(norm(raw))
    if n in YES:
        return True
    if n in NO:
        return False
    return None


def number(text: str | None) -> int | None:
    """'2', 'số 2', '2.' → 2 (a choice number, at most two ASCII digits)."""
    m = _NUMBER.match(" ".join(fold(text or "").split()))
    return int(m.group(1)) if m and m.group(1).isascii() else None


def match(text: str | None, choices: Sequence[Choice]) -> Choice | None:
    """The choice a typed answer names, or None. A command ("/xem …") never names one."""
    if not choices or not (text or "").strip() or text.lstrip().startswith("/"):
        return None
    n = number(text)
    if n is not None:
        return choices[n - 1] if 1 <= n <= len(choices) else None
    folded = norm(text)
    trimmed = _trim(folded)
    for c in choices:
        label = norm(c.label)
        if folded == label or trimmed == label or folded in c.words or trimmed in c.words:
            return c
    answer = yes_no(text)
    if answer is not None:
        found = [c for c in choices if c.yes is answer]
        if len(found) == 1:
            return found[0]
    if len(folded) >= 3:  # the start of one label only ("ca nhan" for "Cá nhân (không đại diện tổ chức)")
        found = [c for c in choices if norm(c.label).startswith(folded)]
        if len(found) == 1:
            return found[0]
    return None
