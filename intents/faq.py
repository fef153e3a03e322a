"""FAQ retrieval: rapidfuzz over normalised, diacritics-folded questions plus keyword boosts."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from rapidfuzz import fuzz

from .normalize import folded

FAQ_THRESHOLD = 62.0

_STOP = frozenset(str.split(
    "toi em minh chau con anh chi ban admin a oi xin cho hoi muon duoc khong co la thi ma va voi cua "
    "nhe nha vay gi the nao nhu ra sao lam sao the ak ah de can biet giup di nay do"
))


def _content(text: str) -> str:
    return " ".join(w for w in folded(text).split() if w not in _STOP)


@dataclass
class FaqHit:
    key: str
    score: float
    question: str
    answer: str


class FaqIndex:
    """Entries: objects with .key .question .answer .keywords .alt_questions."""

    def __init__(self, entries: list[Any]):
        self.entries = list(entries)
        self._docs: list[tuple[int, str]] = []
        self._kw: list[list[str]] = []
        for i, e in enumerate(self.entries):
            qs = [e.question, *(getattr(e, "alt_questions", None) or [])]
            for q in qs:
                c = _content(q)
                if c:
                    self._docs.append((i, c))
            self._kw.append([k for k in (folded(k) for k in (getattr(e, "keywords", None) or [])) if k])

    def scores(self, text: str) -> list[tuple[float, int]]:
        q = _content(text)
        if not q:
            return []
        qpad = f" {q} "
        best: dict[int, float] = {}
        for i, doc in self._docs:
            s = 0.6 * fuzz.token_set_ratio(q, doc) + 0.4 * fuzz.token_sort_ratio(q, doc)
            if len(q.split()) <= 2:
                s = min(s, fuzz.ratio(q, doc) + 15)
            if s > best.get(i, 0.0):
                best[i] = s
        for i, kws in enumerate(self._kw):
            hits = sum(1 for k in kws if f" {k} " in qpad)
            if hits:
                best[i] = best.get(i, 0.0) + min(30.0, 12.0 * hits + 4.0 * (hits - 1))
        return sorted(((min(100.0, s), i) for i, s in best.items()), reverse=True)

    def search(self, text: str, threshold: float = FAQ_THRESHOLD) -> FaqHit | None:
        ranked = self.scores(text)
        if not ranked or ranked[0][0] < threshold:
            return None
        s, i = ranked[0]
        e = self.entries[i]
        return FaqHit(key=e.key, score=round(s, 1), question=e.question, answer=e.answer)
