"""understand(text, profile) -> Understanding."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from typing import Any

from .entities import Entities, extract_entities
from .lexicon import TOPIC_KEYWORDS
from .model import (
    DEFAULT_TOPIC_SET,
    TopicLexicon,
    base_features,
    field_features,
    keyword_intent,
    keyword_kind,
    load_models,
)
from .normalize import folded, normalize
from .profile_topics import TopicModel, lexicon_of, load_profile_model, signature_of
from .urgent import urgent_category

# Below these scores the core should ask a clarifying question. Tuned on the dev split (bench/nlu.py prints
# coverage and accuracy above each threshold): intent >= 0.5 covers ~87% of messages at ~97% accuracy.
INTENT_CONFIDENT = 0.5
KIND_CONFIDENT = 0.5
TOPIC_CONFIDENT = 0.45

OTHER_BELOW = 0.45  # a domain intent this unsure, with no domain word at all, is treated as out of scope
SMALLTALK_BELOW = 0.5  # a "smalltalk" this unsure, with no greeting/thanks/chit-chat word, is treated as out of scope
_DOMAIN_INTENTS = {"petition", "faq", "status_lookup", "dialogue_register", "dialogue_schedule"}


def _has_domain_cue(base) -> bool:
    _words, marks, cues = base
    if "xxmaso" in marks or "xxsodt" in marks or "xxemail" in marks:
        return True
    # only the baseline's own "other"/"smalltalk" lists are skipped; the frame cues (INTENT_FRAME_CUES) count:
    # measured on dev, skipping them too sent more real FAQ / status / dialogue lines to "other"
    skip = ("xxiother", "xxismalltalk")
    return any(not c.startswith(skip) for c in cues)


_NAMED_KIND = [
    ("to_cao", re.compile(r"\b(?:to cao|to giac)\b")),
    ("khieu_nai", re.compile(r"\bkhieu nai\b")),
    ("kien_nghi", re.compile(r"(?<!phan anh )\b(?:kien nghi|gop y|de xuat)\b")),
]


def _named_kinds(f: str) -> set[str]:
    return {k for k, rx in _NAMED_KIND if rx.search(f)}


_UNSUB_EXACT = {"stop", "huy", "unsubscribe", "dung", "thoi", "huy dang ky", "ngung"}
_UNSUB_RE = re.compile(r"(?:stop|unsubscribe)\W*")


@dataclass
class Understanding:
    text: str
    normalized: str
    intent: str
    intent_score: float
    kind: str
    kind_score: float
    topic: str
    topic_score: float
    entities: Entities = field(default_factory=Entities)
    urgent: str | None = None  # radiation | fire | violence | collapse (intents.urgent), whatever the intent

    @property
    def confident(self) -> bool:
        return self.intent_score >= INTENT_CONFIDENT

    def to_dict(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "intent": self.intent,
            "intent_score": round(self.intent_score, 4),
            "kind": self.kind,
            "kind_score": round(self.kind_score, 4),
            "topic": self.topic,
            "topic_score": round(self.topic_score, 4),
            "entities": self.entities.to_dict(),
            "urgent": self.urgent,
        }


@dataclass(frozen=True)
class _ProfileTopics:
    """What understand() needs from a profile's topic table, computed once per distinct table."""

    codes: frozenset[str]
    lexicon: TopicLexicon
    fallback: str  # the topic when nothing fits: "khac", else the (arbitrary) first code
    foreign: bool  # topic codes the topic model was not trained on


def _build_profile_topics(topics: dict[str, list[str]]) -> _ProfileTopics:
    codes = frozenset(topics)
    return _ProfileTopics(codes=codes, lexicon=TopicLexicon(topics),
                          fallback="khac" if "khac" in codes else next(iter(codes)),
                          foreign=not codes <= DEFAULT_TOPIC_SET | {"khac"})


@lru_cache(maxsize=1)
def _default_topics() -> _ProfileTopics:
    return _build_profile_topics(TOPIC_KEYWORDS)


_TopicsKey = tuple[tuple[str, str | None, tuple[str, ...]], ...]  # (code, name, keywords) per profile topic


@lru_cache(maxsize=16)
def _topics_for(key: _TopicsKey) -> _ProfileTopics:
    topics: dict[str, list[str]] = {}
    for code, name, keywords in key:
        kws = list(keywords)
        if name:
            kws.append(name)
        kws.extend(TOPIC_KEYWORDS.get(code, []))
        topics[code] = kws
    return _build_profile_topics(topics)


def _topics_key(profile: Any) -> _TopicsKey:
    # keyed on the topic table's content, not on the profile object: a reloaded, replaced or edited profile
    # gets its own entry (building the key costs a few microseconds; folding the keywords is what is cached)
    return tuple((t.code, t.name, tuple(t.keywords or ())) for t in profile.topics)


def _profile_topics(profile: Any) -> _ProfileTopics:
    if profile is None:
        return _default_topics()
    return _topics_for(_topics_key(profile))


@lru_cache(maxsize=16)
def _own_model_parts(key: _TopicsKey) -> tuple[str, TopicLexicon]:
    """What profile_topics.model_for and lexicon_for derive from the topic table, once per distinct table: the
    signature of its codes and the profile's own keyword lexicon (the table read once per message, not three times)."""
    table = tuple((code, (*keywords, *([name] if name else []))) for code, name, keywords in key)
    return signature_of({code for code, _n, _k in key}), lexicon_of(table)


def _keyword_topic(f: str, pt: _ProfileTopics, scores: dict[str, float]) -> tuple[str | None, float]:
    """Topic from the keyword scores of the folded text f, or from a fuzzy keyword match (typos) when none hit."""
    if scores:
        code, s = max(scores.items(), key=lambda kv: kv[1])
        return code, min(0.95, 0.45 + 0.15 * s)
    code = pt.lexicon.fuzzy_topic(f)
    return (code, 0.4) if code else (None, 0.0)


def warm_up(profile: Any = None) -> None:
    """Load and build, before the first citizen waits for it, everything understand() builds on first use: the
    models (and the profile's own topic model), the folded keyword tables, the place names, the urgent patterns and the
    urgent classifier."""
    from .urgent import compile_all
    from .urgent_model import load_urgent_model

    load_models()
    load_urgent_model()
    compile_all()
    for text in ("xin chào", "tôi muốn phản ánh cán bộ xã ở phường Cẩm Thành, Quảng Ngãi chậm giải quyết hồ sơ",
                 "toi muon hoi thu tuc cap phep"):
        understand(text, profile)


def understand(text: str, profile: Any = None, today: date | None = None) -> Understanding:
    text = text or ""
    norm = normalize(text)
    ents = extract_entities(text, today)
    key = _topics_key(profile) if profile is not None else None
    pt = _topics_for(key) if key is not None else _default_topics()
    codes = pt.codes
    if not norm.strip():
        return Understanding(text, norm, "other", 1.0, "phan_anh", 0.0, pt.fallback, 0.0, ents)
    f = folded(text)
    kw_scores: dict[str, float] | None = None

    def keyword_scores() -> dict[str, float]:  # computed at most once, and only on the paths that need it
        nonlocal kw_scores
        if kw_scores is None:
            kw_scores = pt.lexicon.scores(f)
        return kw_scores

    models = load_models()
    base = base_features(text)
    pmodel: TopicModel | None = None
    plex: TopicLexicon | None = None
    code = getattr(profile, "code", None)
    if key and code:  # the profile's own topic model (profile_topics.model_for), if one is trained for these codes
        sig, plex = _own_model_parts(key)
        pmodel = load_profile_model(code, sig)
    if models is None:
        intent, iscore = keyword_intent(text), 0.5
        kind, kscore = keyword_kind(text), 0.5
    else:
        intent, iscore = models["intent"].predict_with_score(field_features(base, "intent"))
        kind, kscore = models["kind"].predict_with_score(field_features(base, "kind"))
    if pmodel is not None and plex is not None:
        # the profile's own topic model (pakn nlu train --profile) replaces the shared one and the keyword tables
        topic, tscore = pmodel.predict(text, plex, base, plex.scores(f))
    elif models is None:
        ktopic, tscore = _keyword_topic(f, pt, keyword_scores())
        topic = ktopic or "khac"
    else:
        mtopic, mscore = models["topic"].predict_with_score(field_features(base, "topic"))
        if not pt.foreign and mtopic in codes:
            topic, tscore = mtopic, mscore
            if mscore < TOPIC_CONFIDENT:
                ktopic, ks = _keyword_topic(f, pt, keyword_scores())
                if ktopic and ks > mscore:
                    topic, tscore = ktopic, ks
        else:
            # a profile with its own topic codes: keywords first, then the shared codes the model knows
            ktopic, ks = _keyword_topic(f, pt, keyword_scores())
            if ktopic and ktopic != "khac" and not (mtopic == "thai_do_phuc_vu" and mtopic in codes and mscore >= 0.6):
                topic, tscore = ktopic, ks
            elif mtopic in codes and mtopic != "khac" and mscore >= TOPIC_CONFIDENT:
                topic, tscore = mtopic, mscore
            else:
                topic, tscore = pt.fallback, 0.3
    # out of scope: nothing from the domain lexicon and a hesitant model -> "other"
    if (intent in _DOMAIN_INTENTS and iscore < OTHER_BELOW and not _has_domain_cue(base)
            and not keyword_scores()):
        intent, iscore = "other", 1.0 - iscore
    # small talk is a closed set of social phrases: a hesitant "smalltalk" without any of them is out of scope
    if intent == "smalltalk" and iscore < SMALLTALK_BELOW and "xxisocial" not in base[2]:
        intent, iscore = "other", 1.0 - iscore
    # the model hesitates on "other" but the text names one of this profile's fields -> a petition
    # (only for profiles the topic model was not trained on: their fields are new to the intent model too)
    if pt.foreign and intent == "other" and iscore < 0.6 and any(c != "khac" for c in keyword_scores()):
        intent, iscore = "petition", 0.5
    # rules that are clearly right
    if f in _UNSUB_EXACT or _UNSUB_RE.fullmatch(text.strip().lower()):
        intent, iscore = "unsubscribe", max(iscore, 0.95)
    if ents.codes and intent in ("other", "faq", "smalltalk", "help", "dialogue_schedule", "subscribe"):
        intent, iscore = "status_lookup", max(iscore, 0.9)
    # a citizen who names the kind ("tôi tố cáo…", "xin khiếu nại…", "góp ý…") is taken at their word
    named = _named_kinds(f)
    if len(named) == 1:
        kind, kscore = named.pop(), max(kscore, 0.9)
    if topic not in codes:
        topic = pt.fallback
    return Understanding(text, norm, intent, float(iscore), kind, float(kscore), topic, float(tscore), ents,
                         urgent_category(text))
