"""Classifiers: feature text, loading the shipped models, training, keyword baseline."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator, Mapping
from functools import lru_cache
from pathlib import Path

from rapidfuzz import fuzz, process

from .entities import _CODE_RE, _EMAIL_RE, _PHONE_RE
from .lexicon import DEFAULT_TOPICS, INTENT_FRAME_CUES, INTENT_KEYWORDS, KIND_KEYWORDS, TOPIC_KEYWORDS
from .normalize import folded

MODEL_DIR = Path(__file__).parent / "model"
DATA_DIR = Path(__file__).parent / "data"
FIELDS = ("intent", "kind", "topic")
CLF_PARAMS = {"max_features": 60000, "ngram_range": (1, 2), "c": 0.5, "max_iter": 1000, "tol": 0.1}
# per-field overrides, chosen by group 5-fold cross-validation on TRAIN only (`python -m intents.tune`): kind
# accuracy rises in every fold from C=0.5 to 1.5 and is flat above; intent and topic are flat over 0.5-1.5 (kept 0.5)
FIELD_PARAMS: dict[str, dict] = {"kind": {"c": 1.5}}


CUE_REPEAT = {"intent": 3, "kind": 4, "topic": 1}
# character n-grams of the folded words (typos, teencode, word forms unseen in training), per field: (n, min word len)
CHAR_NGRAMS: dict[str, tuple[int, int]] = {"intent": (3, 4)}
_CUE_PREFIX = {"intent": "xxi", "kind": "xxk", "topic": "xxt"}
_DIGITS_RE = re.compile(r"\d+")


def base_features(text: str) -> tuple[list[str], list[str], list[str]]:
    """(folded words, marker tokens, cue tokens) for one message."""
    raw = text or ""
    marks: list[str] = []
    if _CODE_RE.search(raw):
        marks.append("xxmaso")
        raw = _CODE_RE.sub(" ", raw)
    if _EMAIL_RE.search(raw):
        marks.append("xxemail")
        raw = _EMAIL_RE.sub(" ", raw)
    if _PHONE_RE.search(raw):
        marks.append("xxsodt")
        raw = _PHONE_RE.sub(" ", raw)
    f = folded(raw)
    cues = _cue_tokens(f)
    f = _DIGITS_RE.sub(" xxso ", f)
    words = f.split()
    n = len(words)
    marks.append("xxngan" if n <= 3 else ("xxvua" if n <= 12 else "xxdai"))
    if "?" in raw:
        marks.append("xxhoi")
    return words, marks, cues


def field_features(base: tuple[list[str], list[str], list[str]], field: str) -> str:
    words, marks, cues = base
    rep = CUE_REPEAT[field]
    pre = _CUE_PREFIX[field]
    own = sorted(c for c in cues if c.startswith(pre))
    mine = [c for c in own for _ in range(rep)]
    if field == "intent":
        # conjunctions ("status words" + "petition words") let the linear model learn which frame wins
        mine.extend(f"{a}x{b[3:]}" for i, a in enumerate(own) for b in own[i + 1:])
    grams: list[str] = []
    if field in CHAR_NGRAMS:
        n, min_len = CHAR_NGRAMS[field]
        for w in words:
            if len(w) >= min_len:
                grams.extend(_char_ngrams(w, n))
    return " ".join([*words, *marks, *mine, *grams])


@lru_cache(maxsize=65536)
def _char_ngrams(word: str, n: int) -> tuple[str, ...]:
    b = f"_{word}_"
    return tuple("c" + b[i:i + n] for i in range(len(b) - n + 1))


def features(text: str, field: str = "intent") -> str:
    """Classifier input: normalised, diacritics-folded text plus marker and keyword-cue tokens.

    With and without diacritics give the same string, so the models are diacritics-insensitive.
    """
    return field_features(base_features(text), field)


def _trie_alternation(words: Iterable[str]) -> str:
    """A regex matching exactly the given strings, factored as a character trie ("ab|ac" -> "a(?:b|c)").

    Same language as the plain alternation of the escaped words, but the engine follows one branch per character
    instead of trying every word at every position of the text.
    """
    trie: dict[str, dict] = {}
    for w in words:
        node = trie
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = {}  # a word ends here

    def emit(node: dict[str, dict]) -> str:
        parts = [re.escape(ch) + emit(sub) if ch else "" for ch, sub in node.items()]
        return parts[0] if len(parts) == 1 else "(?:" + "|".join(parts) + ")"

    return emit(trie)


def _prefixes(keys: Iterable[str]) -> frozenset[str]:
    """Every run of leading words of the keys ("a b c" -> "a", "a b", "a b c"): a run of a text's words that is not
    one of them cannot be extended into a key."""
    out: set[str] = set()
    for k in keys:
        words = k.split()
        for n in range(1, len(words) + 1):
            out.add(" ".join(words[:n]))
    return frozenset(out)


def _runs(words: list[str], table: Mapping[str, object], prefixes: frozenset[str]) -> Iterator[str]:
    """The runs of consecutive words that are keys of ``table``."""
    n = len(words)
    for i in range(n):
        key = words[i]
        j = i + 1
        while key in prefixes:
            if key in table:
                yield key
            if j >= n:
                break
            key = f"{key} {words[j]}"
            j += 1


@lru_cache(maxsize=1)
def _cue_table() -> tuple[dict[str, tuple[str, ...]], frozenset[str], tuple[str, ...]]:
    """Folded keyword -> the cue tokens of the lists that hold it, the keywords' leading runs of words, and every
    cue token in list order (the order _cue_tokens returns them in)."""
    table: dict[str, list[str]] = {}
    order: list[str] = []
    tables = [("i", INTENT_KEYWORDS + INTENT_FRAME_CUES), ("k", KIND_KEYWORDS), ("t", list(TOPIC_KEYWORDS.items()))]
    for prefix, lists in tables:
        for label, kws in lists:
            alts = {folded(k) for k in kws if folded(k)}
            if not alts:
                continue
            tok = f"xx{prefix}{label.replace('_', '')}"
            order.append(tok)
            for kw in alts:
                if tok not in table.setdefault(kw, []):
                    table[kw].append(tok)
    return {k: tuple(v) for k, v in table.items()}, _prefixes(table), tuple(order)


def _cue_tokens(f: str) -> list[str]:
    """One marker token per keyword list with a keyword in the folded text f as whole words (lexicon knowledge as
    classifier features). f is folded(): words separated by single spaces, so "a keyword occurs as whole words" is
    "the keyword is a run of f's words", looked up per run (time proportional to the text, not to the lexicon)."""
    table, prefixes, order = _cue_table()
    found: set[str] = set()
    for key in _runs(f.split(), table, prefixes):
        found.update(table[key])
    if not found:
        return []
    return [tok for tok in order if tok in found]


@lru_cache(maxsize=1)
def load_models() -> dict | None:
    """The shipped models, or None when `pakn nlu train` has not been run."""
    meta_path = MODEL_DIR / "meta.json"
    if not meta_path.exists():
        return None
    from underthesea_core import TextClassifier

    meta = json.loads(meta_path.read_text(encoding="utf-8"))
    models = {}
    for f in FIELDS:
        p = MODEL_DIR / f"{f}.bin"
        if not p.exists():
            return None
        models[f] = TextClassifier.load(str(p))
    return {"meta": meta, **models}


def reset_models() -> None:
    load_models.cache_clear()


# ------------------------------------------------------------------------------- baseline
def _kw_scores(text: str, table) -> list[tuple[str, int]]:
    f = f" {folded(text)} "
    out = []
    for label, kws in table:
        n = sum(1 for k in kws if f" {folded(k)} " in f)
        if n:
            out.append((label, n))
    return out


def keyword_intent(text: str) -> str:
    if not (text or "").strip():
        return "other"
    if _CODE_RE.search(text):
        return "status_lookup"
    hits = _kw_scores(text, INTENT_KEYWORDS)
    return hits[0][0] if hits else "other"


def keyword_kind(text: str) -> str:
    hits = _kw_scores(text, KIND_KEYWORDS)
    return hits[0][0] if hits else "phan_anh"


class TopicLexicon:
    """A topic -> keywords table, folded once, for the keyword topic scores and the typo-tolerant fallback."""

    FUZZY_MIN_LEN = 5  # shorter folded keywords are left out of the fuzzy fallback
    FUZZY_CUTOFF = 88.0  # partial_ratio a fuzzy match needs

    def __init__(self, topics: Mapping[str, Iterable[str]]):
        # per topic: (" keyword ", weight), a keyword scoring 1 + 0.25 per word. A keyword listed twice is one entry
        # with the weights summed; all sums stay exact in any order, every weight being a small multiple of 0.25
        self._keywords: list[tuple[str, list[tuple[str, float]]]] = []
        # fuzzy fallback: folded keyword -> the first topic listing it (a later repeat could never win: same score)
        fuzzy: dict[str, str] = {}
        for code, kws in topics.items():
            weights: dict[str, float] = {}
            for k in kws:
                fk = folded(k)
                if fk:
                    padded = f" {fk} "
                    weights[padded] = weights.get(padded, 0.0) + 1.0 + 0.25 * len(fk.split())
                if len(fk) >= self.FUZZY_MIN_LEN:
                    fuzzy.setdefault(fk, code)
            self._keywords.append((code, list(weights.items())))
        self._fuzzy_choices = list(fuzzy)
        self._fuzzy_codes = list(fuzzy.values())

    def _index(self) -> tuple[dict[str, list[tuple[int, float]]], frozenset[str]]:
        """folded keyword -> [(topic index, weight)], and the keywords' leading runs of words (built on first use)."""
        idx = getattr(self, "_kw_index", None)
        if idx is None:
            table: dict[str, list[tuple[int, float]]] = {}
            for i, (_code, weights) in enumerate(self._keywords):
                for k, w in weights:
                    table.setdefault(k.strip(), []).append((i, w))
            idx = self._kw_index = (table, _prefixes(table))
        return idx

    def scores(self, f: str) -> dict[str, float]:
        """Topic -> keyword score for the folded text f (whole-word matches); topics without a match are left out.

        Looks up the runs of f's words in a keyword table, extending a run only while it begins some keyword: the same
        result as testing each keyword as a whole-word substring, in time proportional to the text, not to the list.
        """
        table, prefixes = self._index()
        found = set(_runs(f.split(), table, prefixes))
        if not found:
            return {}
        sums = [0.0] * len(self._keywords)
        for key in found:
            for i, w in table[key]:
                sums[i] += w
        return {code: sums[i] for i, (code, _w) in enumerate(self._keywords) if sums[i]}

    def fuzzy_topic(self, f: str) -> str | None:
        """The topic of the keyword that best partially matches the folded text f, when that is close enough.

        The first keyword with the best score wins (dict order), as in a plain loop with a strict ">".
        rapidfuzz's partial_ratio is symmetric, so scoring (text, keyword) equals scoring (keyword, text).
        """
        hit = process.extractOne(f, self._fuzzy_choices, scorer=fuzz.partial_ratio, score_cutoff=self.FUZZY_CUTOFF)
        return self._fuzzy_codes[hit[2]] if hit else None


@lru_cache(maxsize=1)
def default_topic_lexicon() -> TopicLexicon:
    return TopicLexicon(TOPIC_KEYWORDS)


def keyword_topic(text: str, topics: dict[str, list[str]] | None = None) -> str:
    lexicon = TopicLexicon(topics) if topics else default_topic_lexicon()
    scores = lexicon.scores(folded(text))
    if not scores:
        return "khac"
    return max(scores.items(), key=lambda kv: kv[1])[0]


DEFAULT_TOPIC_SET = frozenset(DEFAULT_TOPICS)
