"""Has the citizen changed their mind? A message typed inside a form that reads as another request."""

from __future__ import annotations

import re

import intents
from bot.core.context import Ctx
from bot.core.flows.petition_fields import TRIGGER_KIND
from bot.core.forms.choices import norm

# a clear switch phrase at the start: "thôi, …", "không phải", "đổi ý", "tôi muốn … khác"
_PHRASE = re.compile(r"^(?:thoi(?: khong)?|khong phai(?: vay| the)?|doi y|nham roi|lam lai)\b|\bmuon\b.{0,40}\bkhac\b")
_OTHER_INTENTS = ("status_lookup", "dialogue_register", "dialogue_schedule")


def phrase(text: str) -> bool:
    return bool(_PHRASE.search(norm(text)))


def named_kind(text: str) -> str | None:
    """'tôi muốn tố cáo …' → 'to_cao': a kind the citizen names."""
    f = norm(text)
    if not re.search(r"\b(?:muon|xin|can|se|gui|lam don)\b", f):
        return None
    return next((k for p, k in TRIGGER_KIND.items() if re.search(rf"\b{p}\b", f)), None)


def wants_other(ctx: Ctx, text: str, *, free_text: bool, kind: str | None = None, petition: bool = False) -> bool:
    """True when ``text`` is better handled as a new request than as an answer here.

    At a free-text step only a clear phrase counts ("thôi, tôi muốn tố cáo…"); elsewhere a confident
    reading does: a tracking code, a look-up or dialogue request, a kind other than the form's, and
    (outside the petition form) a new petition."""
    words = norm(text).split()
    said = phrase(text)
    if free_text and not said:
        return False
    if said and len(words) >= 3:
        return True
    if intents.parse_code(text):
        return True
    other_kind = named_kind(text)
    if other_kind and (not petition or (kind and other_kind != kind)):
        return True
    if len(words) < 2:
        return False
    u = intents.understand(text, ctx.profile, today=ctx.today)
    if u.intent in _OTHER_INTENTS and u.intent_score >= intents.INTENT_CONFIDENT:
        return True
    return not petition and u.intent == "petition" and u.intent_score >= intents.INTENT_CONFIDENT and len(words) >= 6
