"""Vietnamese understanding for pakn-bot: knows text, nothing about chats.

Public API (the core relies on it):
    understand(text, profile) -> Understanding
    normalize(text) -> str ; fold(text) -> str (diacritics stripped)
    extract_entities(text) -> Entities
    FaqIndex(entries).search(text) -> FaqHit | None
    answer_question(text, profile) -> OutOfRemit | ProcedureAnswer | None (the profile's TTHC and other bodies)
    urgent_category(text) -> "radiation" | "fire" | "violence" | "collapse" | None
    match_commune(text, province) -> {"code", "name", "province_code", "province"} | None (a petition's place)
    commune_by_code(code) -> the same dict | None
    warm_up(profile) -> None: build what understand() would build on first use (a serving process's start-up)
"""

from .entities import Entities, extract_entities, find_codes, parse_code, parse_email, parse_phone
from .faq import FAQ_THRESHOLD, FaqHit, FaqIndex
from .lexicon import INTENTS, KINDS
from .nlu import INTENT_CONFIDENT, KIND_CONFIDENT, TOPIC_CONFIDENT, Understanding, understand, warm_up
from .normalize import contains_any, fold, normalize, strip_diacritics
from .places import commune_by_code, match_commune
from .qa import OutOfRemit, ProcedureAnswer, answer_question
from .urgent import urgent_category

__all__ = [
    "FAQ_THRESHOLD", "INTENTS", "INTENT_CONFIDENT", "KINDS", "KIND_CONFIDENT", "TOPIC_CONFIDENT",
    "Entities", "FaqHit", "FaqIndex", "OutOfRemit", "ProcedureAnswer", "Understanding", "answer_question",
    "commune_by_code", "contains_any", "extract_entities", "find_codes", "fold", "match_commune", "normalize", "parse_code", "parse_email", "parse_phone",
    "strip_diacritics", "understand", "urgent_category", "warm_up",
]
