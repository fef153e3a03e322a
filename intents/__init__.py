"""Vietnamese understanding for pakn-bot: knows text, nothing about chats.

Public API (the core relies on it):
    understand(text, profile) -> Understanding
    normalize(text) -> str ; fold(text) -> str (diacritics stripped)
    extract_entities(text) -> Entities
    FaqIndex(entries).search(text) -> FaqHit | None
"""

from .entities import Entities, extract_entities, find_codes, parse_code, parse_email, parse_phone
from .faq import FAQ_THRESHOLD, FaqHit, FaqIndex
from .lexicon import INTENTS, KINDS
from .nlu import INTENT_CONFIDENT, KIND_CONFIDENT, TOPIC_CONFIDENT, Understanding, understand
from .normalize import contains_any, fold, normalize, strip_diacritics

__all__ = [
    "FAQ_THRESHOLD", "INTENTS", "INTENT_CONFIDENT", "KINDS", "KIND_CONFIDENT", "TOPIC_CONFIDENT",
    "Entities", "FaqHit", "FaqIndex", "Understanding", "contains_any", "extract_entities", "find_codes",
    "fold", "normalize", "parse_code", "parse_email", "parse_phone", "strip_diacritics", "understand",
]
