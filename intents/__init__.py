"""Vietnamese understanding for pakn-bot: knows text, nothing about chats.

Public API (the core relies on it):
    understand(text, profile) -> Understanding
    normalize(text) -> str ; fold(text) -> str (diacritics stripped)
    extract_entities(text) -> Entities
    FaqIndex(entries).search(text) -> FaqHit | None
"""
