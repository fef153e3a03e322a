"""FAQ retrieval: rapidfuzz over normalised, diacritics-folded questions plus keyword boosts."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from rapidfuzz import fuzz, process

from .normalize import folded

FAQ_THRESHOLD = 62.0

_STOP = frozenset(str.split(
    "toi em minh chau con anh chi ban admin a oi xin cho hoi muon duoc khong co la thi ma va voi cua "
    "nhe nha vay gi the nao nhu ra sao lam sao the ak ah de can biet giup di nay do"
))


def _content(text: str) -> str:
    return " ".join(w for w in folded(text).split() if w not in _STOP)


def _sort_words(text: str) -> str:
    return " ".join(sorted(text.split()))


@dataclass
class FaqHit:
    key: str
    score: float
    question: str
    answer: str


class FaqIndex:
    """Entries: objects with .key .question .answer .keywords .alt_questions."""

    def __init__(self, entries: list[Any]):
        # what a hit shows, copied now: the index outlives the unit of work that read the entries (the core keeps
        # it for FAQ_TTL), and a database row's attributes expire when that unit of work is rolled back
        entries = list(entries)
        self.entries = [(e.key, e.question, e.answer) for e in entries]
        self._docs: list[str] = []  # content words of every question and alternative question
        self._sorted_docs: list[str] = []  # the same with the words sorted (see scores())
        self._doc_entry: list[int] = []  # index into self.entries of each doc
        self._kw: list[tuple[int, str]] = []  # (entry index, " folded keyword ") for whole-word tests
        for i, e in enumerate(entries):
            qs = [e.question, *(getattr(e, "alt_questions", None) or [])]
            for q in qs:
                c = _content(q)
                if c:
                    self._docs.append(c)
                    self._sorted_docs.append(_sort_words(c))
                    self._doc_entry.append(i)
            self._kw.extend((i, f" {k} ") for k in (folded(k) for k in (getattr(e, "keywords", None) or [])) if k)

    @staticmethod
    def _all_scores(q: str, docs: list[str], scorer: Callable[..., float]) -> list[float]:
        """scorer(q, doc) for every doc, in doc order: one rapidfuzz call, the loop runs in C."""
        out = [0.0] * len(docs)
        for _doc, s, j in process.extract(q, docs, scorer=scorer, limit=None):
            out[j] = s
        return out

    def scores(self, text: str) -> list[tuple[float, int]]:
        q = _content(text)
        if not q:
            return []
        best: dict[int, float] = {}
        set_r = self._all_scores(q, self._docs, fuzz.token_set_ratio)
        # token_sort_ratio(q, doc) is by definition ratio(sorted words of q, sorted words of doc): the docs' side
        # is sorted once, in __init__
        sort_r = self._all_scores(_sort_words(q), self._sorted_docs, fuzz.ratio)
        if len(q.split()) <= 2:
            plain = self._all_scores(q, self._docs, fuzz.ratio)
            doc_s = [min(0.6 * a + 0.4 * b, r + 15) for a, b, r in zip(set_r, sort_r, plain, strict=True)]
        else:
            doc_s = [0.6 * a + 0.4 * b for a, b in zip(set_r, sort_r, strict=True)]
        for i, s in zip(self._doc_entry, doc_s, strict=True):
            if s > best.get(i, 0.0):
                best[i] = s
        qpad = f" {q} "
        hits: dict[int, int] = {}
        for i, k in self._kw:
            if k in qpad:
                hits[i] = hits.get(i, 0) + 1
        for i, n in hits.items():
            best[i] = best.get(i, 0.0) + min(30.0, 12.0 * n + 4.0 * (n - 1))
        return sorted(((min(100.0, s), i) for i, s in best.items()), reverse=True)

    def search(self, text: str, threshold: float = FAQ_THRESHOLD) -> FaqHit | None:
        ranked = self.scores(text)
        if not ranked or ranked[0][0] < threshold:
            return None
        s, i = ranked[0]
        key, question, answer = self.entries[i]
        return FaqHit(key=key, score=round(s, 1), question=question, answer=answer)
