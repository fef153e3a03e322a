"""Questions answered from the profile's own data: its procedure catalogue (TTHC) and the list of other bodies.

    answer_question(text, profile) -> OutOfRemit | ProcedureAnswer | None

A question about what another body handles (business registration at a Sở KH&CN, ID cards at a commune…) gets an
OutOfRemit pointer instead of a prose FAQ answer that merely looks similar; a question about one of the agency's
own procedures gets that procedure with the fields asked for ("mất bao lâu" -> time_limit). Reads a Profile
object's attributes only (procedures[], other_bodies[]).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from rapidfuzz import fuzz, process

from .normalize import folded

PROCEDURE_MIN = 72.0  # best name/alias similarity for a procedure hit (0-100)
OWN_BEATS_OTHER = 88.0  # an own procedure this close to the question wins over another body's keyword

# which field of a procedure the question asks for, on folded text; first match of each field counts
_FIELD_RE: list[tuple[str, re.Pattern[str]]] = [
    ("time_limit", re.compile(r"\b(?:bao lau|may ngay|bao nhieu ngay|may thang|may tuan|thoi gian|thoi han|"
                              r"khi nao (?:co|xong|lay)|bao gio (?:co|xong|lay)|lau khong|mat bao)\b")),
    ("fee", re.compile(r"\b(?:le phi|phi|bao nhieu tien|het bao nhieu|ton bao nhieu|mat tien|chi phi|"
                       r"mien phi|tien|gia bao nhieu)\b")),
    ("papers", re.compile(r"\b(?:giay to|ho so|can gi|can nhung gi|gom nhung gi|gom gi|mang theo|mang gi|"
                          r"chuan bi|can nhung giay|thanh phan|can mang)\b")),
    ("where", re.compile(r"\b(?:o dau|noi nao|cho nao|o mo|nop o|lam o|den dau|di dau|co quan nao|ai giai quyet|"
                         r"o cho nao)\b")),
    ("link", re.compile(r"\b(?:online|truc tuyen|qua mang|tren mang|link|duong dan|cong dich vu cong|"
                        r"dich vu cong)\b")),
]
_STOP = re.compile(r"\b(?:cho (?:toi|em|tui|minh|chau) hoi|xin hoi|cho hoi|thu tuc|lam sao de|lam the nao de|"
                   r"can nhung gi|can gi|can nhung giay to gi|giay to gi|mat bao lau|bao lau|phi bao nhieu|"
                   r"bao nhieu tien|o dau|nhu the nao|the nao|ntn|a|vay|khong|ko|ha|nhi|voi)\b")


@dataclass(frozen=True)
class ProcedureAnswer:
    key: str
    name: str
    score: float
    asked: tuple[str, ...]  # fields asked for, in catalogue order; empty: the whole card
    procedure: Any = field(compare=False, repr=False)


@dataclass(frozen=True)
class OutOfRemit:
    key: str
    name: str
    handles: str
    where: str
    link: str | None
    matched: str  # the subject found in the question


def asked_fields(text: str) -> tuple[str, ...]:
    f = folded(text)
    out = []
    for name, rx in _FIELD_RE:
        if rx.search(f):
            if name == "fee" and "time_limit" in out and not re.search(r"\b(?:phi|tien)\b", f):
                continue
            out.append(name)
    return tuple(out)


class _Catalogue:
    def __init__(self, procedures: list[Any], bodies: list[Any]):
        self.procedures = procedures
        self._names: list[str] = []
        self._owner: list[int] = []
        for i, p in enumerate(procedures):
            for n in [p.name, *(p.aliases or ())]:
                fn = folded(n)
                if fn:
                    self._names.append(fn)
                    self._owner.append(i)
        self.bodies = bodies
        self._body_rx: list[tuple[int, re.Pattern[str]]] = []
        for i, b in enumerate(bodies):
            kws = sorted({folded(k) for k in b.keywords if folded(k)}, key=len, reverse=True)
            if kws:
                self._body_rx.append((i, re.compile(r"(?<!\w)(?:" + "|".join(map(re.escape, kws)) + r")(?!\w)")))

    def procedure(self, f: str) -> tuple[int, float] | None:
        if not self._names:
            return None
        q = _STOP.sub(" ", f)
        q = " ".join(q.split()) or f
        best: tuple[int, float] | None = None
        for scorer in (fuzz.token_set_ratio, fuzz.partial_ratio):
            for _name, s, j in process.extract(q, self._names, scorer=scorer, limit=3):
                # token_set_ratio is 100 for any subset: weigh it with the plain ratio so "khai sinh" alone does
                # not equal "đăng ký khai sinh lưu động"
                if scorer is fuzz.token_set_ratio:
                    s = 0.7 * s + 0.3 * fuzz.ratio(q, self._names[j])
                else:
                    s = 0.85 * s if len(self._names[j]) > len(q) else s
                if best is None or s > best[1]:
                    best = (self._owner[j], s)
        return best

    def other_body(self, f: str) -> tuple[int, str] | None:
        for i, rx in self._body_rx:
            m = rx.search(f)
            if m:
                return i, m.group(0)
        return None


_CACHE: dict[int, tuple[Any, _Catalogue]] = {}


def _catalogue(profile: Any) -> _Catalogue:
    """Built once per profile object (profiles are loaded once and not mutated)."""
    hit = _CACHE.get(id(profile))
    if hit is not None and hit[0] is profile:
        return hit[1]
    cat = _Catalogue(list(getattr(profile, "procedures", None) or ()), list(getattr(profile, "other_bodies", None) or ()))
    if len(_CACHE) >= 16:
        _CACHE.clear()
    _CACHE[id(profile)] = (profile, cat)
    return cat


def answer_question(text: str, profile: Any) -> OutOfRemit | ProcedureAnswer | None:
    """Another body's subject -> OutOfRemit; one of the agency's procedures -> ProcedureAnswer; else None
    (the caller then tries the prose FAQ)."""
    if profile is None or not text:
        return None
    cat = _catalogue(profile)
    f = folded(text)
    own = cat.procedure(f)
    other = cat.other_body(f)
    if other is not None and (own is None or own[1] < OWN_BEATS_OTHER):
        b = cat.bodies[other[0]]
        return OutOfRemit(key=b.key, name=b.name, handles=b.handles, where=b.where or "", link=b.link,
                          matched=other[1])
    if own is not None and own[1] >= PROCEDURE_MIN:
        p = cat.procedures[own[0]]
        return ProcedureAnswer(key=p.key, name=p.name, score=round(own[1], 1), asked=asked_fields(text), procedure=p)
    return None
