"""A topic model per agency profile, learnt from the profile's own topics (`examples:` and `keywords:`).

`pakn nlu train --profile NAME|FILE` writes intents/model/topics/<profile code>.bin (+ .json); understand()
loads it when that profile is used and its topic codes still match, and falls back to the keyword tables when
there is none. Reads a Profile object's attributes only (code, topics[].code/name/keywords/examples).
"""

from __future__ import annotations

import hashlib
import json
import random
import time
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from .model import CLF_PARAMS, DATA_DIR, MODEL_DIR, TopicLexicon, base_features
from .normalize import fold, folded

TOPIC_MODEL_DIR = MODEL_DIR / "topics"
MIN_EXAMPLES = 10  # per topic (except "khac"): fewer and the profile keeps the keyword tables
EXAMPLE_REPEAT = 3  # profile examples weigh more than the shared training lines of the same topic
PARAMS = dict(CLF_PARAMS, c=1.0)


class TooFewExamples(ValueError):
    """Some topics have fewer than MIN_EXAMPLES examples."""

    def __init__(self, topics: list[str]):
        self.topics = topics
        super().__init__(", ".join(topics))


def topic_table(profile: Any) -> dict[str, list[str]]:
    """code -> keywords (+ the topic's name) of a profile."""
    return {t.code: [*(t.keywords or ()), *([t.name] if t.name else [])] for t in profile.topics}


def signature(profile: Any) -> str:
    """Changes when the profile's topic codes change (a model for other codes is not used)."""
    return signature_of(t.code for t in profile.topics)


def signature_of(codes: Any) -> str:
    return hashlib.sha1("|".join(sorted(codes)).encode()).hexdigest()[:12]


def features(text: str, lexicon: TopicLexicon, base: tuple | None = None, scores: dict | None = None,
             shared_cues: bool = False) -> str:
    """Folded words, length/marker tokens and one token per profile topic whose keywords occur in the text
    (base: base_features(text) and scores: lexicon.scores(folded(text)) when the caller has them already); with
    shared_cues, also the default lexicon's topic cue tokens (for profiles whose topics are the default ones:
    measured on the dev split, topic accuracy 0.888 -> 0.913 for so-khcn; neutral in cross-validation for ubnd-xa)."""
    words, marks, cues = base or base_features(text)
    if scores is None:
        scores = lexicon.scores(folded(text))
    mine = [f"xxp{code.replace('_', '')}" for code, s in scores.items() for _ in range(min(3, int(s)))]
    if shared_cues:
        mine.extend(c for c in cues if c.startswith("xxt"))
    return " ".join([*words, *marks, *mine])


def uses_shared(profile: Any) -> bool:
    """A profile whose topic codes are all the default profile's: it also learns from the shared training lines."""
    from .lexicon import DEFAULT_TOPICS

    return {t.code for t in profile.topics} <= set(DEFAULT_TOPICS)


def _noisy(text: str, rng: random.Random) -> str:
    """A copy as citizens also type it: without diacritics, lower case, no final punctuation."""
    t = fold(text) if rng.random() < 0.7 else text.lower()
    return t.rstrip(".!?")


def training_rows(profile: Any, shared: list[dict] | None = None) -> list[tuple[str, str]]:
    """(text, topic) pairs: each example (weighted, plus a noisy copy), each keyword as a tiny message and, for
    topics the shared training data also has (the default profile's), those lines."""
    rng = random.Random(f"profile-topics:{profile.code}")
    rows: list[tuple[str, str]] = []
    codes = {t.code for t in profile.topics}
    for t in profile.topics:
        for ex in t.examples or ():
            rows.extend([(ex, t.code)] * EXAMPLE_REPEAT)
            rows.append((_noisy(ex, rng), t.code))
        for kw in t.keywords or ():
            rows.append((kw, t.code))
    for r in shared or ():
        topic = r.get("topic")
        if topic in codes and r.get("intent") == "petition" and (topic != "khac" or "khac" in codes):
            rows.append((r["text"], topic))
    return rows


def too_few_examples(profile: Any) -> list[str]:
    return [t.code for t in profile.topics if t.code != "khac" and len(t.examples or ()) < MIN_EXAMPLES]


def shared_rows(profile: Any) -> list[dict]:
    """The shared training lines, for a profile whose topic codes are all the default profile's (else none: a few
    shared fields would drown the profile's own examples in thousands of lines written for another agency)."""
    from .train import read_jsonl

    if not uses_shared(profile):
        return []
    return read_jsonl(DATA_DIR / "train.jsonl")


def train_profile(profile: Any, out_dir: Path = TOPIC_MODEL_DIR) -> dict:
    """Train and save the topic model of one profile; raises TooFewExamples."""
    from underthesea_core import TextClassifier

    few = too_few_examples(profile)
    if few:
        raise TooFewExamples(few)
    t0 = time.perf_counter()
    lexicon = TopicLexicon(topic_table(profile))
    rows = training_rows(profile, shared_rows(profile))
    shared = uses_shared(profile)
    clf = TextClassifier(**PARAMS)
    clf.fit([features(t, lexicon, shared_cues=shared) for t, _ in rows], [c for _, c in rows])
    out_dir.mkdir(parents=True, exist_ok=True)
    clf.save(str(out_dir / f"{profile.code}.bin"))
    meta = {"profile": profile.code, "signature": signature(profile), "n_rows": len(rows), "shared_cues": shared,
            "n_examples": sum(len(t.examples or ()) for t in profile.topics), "classes": list(clf.classes)}
    (out_dir / f"{profile.code}.json").write_text(json.dumps(meta, ensure_ascii=False, indent=1), encoding="utf-8")
    load_profile_model.cache_clear()
    meta["seconds"] = round(time.perf_counter() - t0, 2)
    return meta


@dataclass(frozen=True)
class TopicModel:
    clf: Any
    shared_cues: bool

    def predict(self, text: str, lexicon: TopicLexicon, base: tuple | None = None,
                scores: dict | None = None) -> tuple[str, float]:
        return self.clf.predict_with_score(features(text, lexicon, base, scores, self.shared_cues))


@lru_cache(maxsize=16)
def load_profile_model(code: str, sig: str, model_dir: Path = TOPIC_MODEL_DIR) -> TopicModel | None:
    """The trained topic model of profile `code`, or None (none trained, or trained for other topic codes)."""
    meta_path = model_dir / f"{code}.json"
    bin_path = model_dir / f"{code}.bin"
    if not meta_path.exists() or not bin_path.exists():
        return None
    meta = json.loads(meta_path.read_text(encoding="utf-8"))
    if meta.get("signature") != sig:
        return None
    from underthesea_core import TextClassifier

    return TopicModel(TextClassifier.load(str(bin_path)), bool(meta.get("shared_cues")))


def model_for(profile: Any) -> TopicModel | None:
    code = getattr(profile, "code", None)
    if not code or not getattr(profile, "topics", None):
        return None
    return load_profile_model(code, signature(profile))


@lru_cache(maxsize=16)
def _lexicon(key: tuple[tuple[str, tuple[str, ...]], ...]) -> TopicLexicon:
    return TopicLexicon(dict(key))


def lexicon_for(profile: Any) -> TopicLexicon:
    """The profile's own keyword table, folded once per distinct table (the model's keyword features)."""
    return lexicon_of(tuple((c, tuple(k)) for c, k in topic_table(profile).items()))


def lexicon_of(table: tuple[tuple[str, tuple[str, ...]], ...]) -> TopicLexicon:
    """lexicon_for from the table itself ((code, keywords + name) per topic, in the profile's order)."""
    return _lexicon(table)
