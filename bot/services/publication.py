"""Publishing answered items on the public page (công khai).

Rules: an item is shown only when (1) the citizen agreed at submission (default no), (2) a staff member
approved the text, which is masked automatically first (phones, emails, ID numbers, names, house
numbers) and may be edited, and (3) it is neither a tố cáo nor a khiếu nại, whatever was agreed.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

import intents
from bot.services.base import Actor, Env, Refused
from storage import petitions, utcnow
from storage import publication as repo
from storage.models import Petition, PetitionStatus, Publication, PublicationStatus

NEVER_PUBLISHED = repo.NEVER_PUBLISHED_KINDS
APPROVER_ROLES = ("admin", "officer")

MASK_PHONE = "[số điện thoại]"
MASK_EMAIL = "[thư điện tử]"
MASK_ID = "[số giấy tờ]"
MASK_NAME = "[họ tên]"
MASK_HOUSE = "[số nhà]"
MASK_ADDRESS = "[địa chỉ]"

_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(\.[\w-]+)+")
_LONG_DIGITS = re.compile(r"(?<![\w])\+?\d(?:[\s.\-]?\d){8,14}(?![\w])")  # 9+ digits: phones, CCCD, CMND
_HOUSE = re.compile(
    r"(?i)\b(?:(?:số\s+nhà|nhà\s+số|so\s+nha|nha\s+so|số|so)\s*)?\d+[a-z]?(?:/\d+[a-z]?)*"
    r"(?=\s*,?\s*(?:đường|duong|phố|pho|ngõ|ngo|ngách|ngach|hẻm|hem|kiệt|kiet|tổ|to|khu|ấp|ap|xóm|xom)\b)")
_HOUSE_LABEL = re.compile(r"(?i)\b(?:số\s+nhà|nhà\s+số|so\s+nha|nha\s+so)\s*\d+[a-z]?(?:/\d+[a-z]?)*")
_NAME_AFTER = re.compile(
    r"\b((?i:tên tôi là|tôi tên là|tôi là|ten toi la|toi ten la|toi la|ông|bà|anh|chị|ong|ba|chi|cô|co|chú|chu))"
    r"\s+((?:[^\W\d_]+\s?){1,5})")


def _name_after(m: re.Match[str]) -> str:
    """"ông Trần Văn Bình" → "ông [họ tên]": two or more capitalised words after an honorific or "tôi là"."""
    words = m.group(2).split()
    caps = 0
    for w in words:
        if not w[0].isupper():
            break
        caps += 1
    single_ok = ("tôi là", "toi la", "tên tôi là", "ten toi la", "ông", "bà", "anh", "chị", "cô", "chú")
    if caps == 0 or (caps == 1 and m.group(1).lower() not in single_ok):
        return m.group(0)
    rest = " ".join(words[caps:])
    return f"{m.group(1)} {MASK_NAME}" + (f" {rest}" if rest else "") + (" " if m.group(0).endswith(" ") else "")


def _spaced(value: str) -> re.Pattern[str]:
    """A pattern for ``value`` that tolerates spaces, dots and dashes between its characters."""
    chars = [re.escape(c) for c in value if not c.isspace()]
    return re.compile(r"[\s.\-]?".join(chars), re.IGNORECASE)


def _fold(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFD", text) if unicodedata.category(c) != "Mn").lower()


def _replace_words(text: str, phrase: str, mask: str) -> str:
    """Replace ``phrase`` in ``text`` whether or not diacritics were typed (same length after folding)."""
    phrase = phrase.strip()
    if len(phrase) < 2:
        return text
    folded, target = _fold(text), _fold(phrase)
    if len(folded) != len(text):  # a character that folds to two: fall back to exact matching
        return re.sub(re.escape(phrase), mask, text, flags=re.IGNORECASE)
    out, i = [], 0
    for m in re.finditer(r"(?<!\w)" + re.escape(target) + r"(?!\w)", folded):
        out.append(text[i:m.start()])
        out.append(mask)
        i = m.end()
    out.append(text[i:])
    return "".join(out)


def mask(text: str, *, names: list[str] | None = None, phones: list[str] | None = None,
         emails: list[str] | None = None, addresses: list[str] | None = None) -> str:
    """Personal data masked: what the NLU finds (phones, emails, CCCD, a name after "tôi là"), the
    item's own contact data, long digit runs, and house numbers before a street word."""
    if not text:
        return ""
    ent = intents.extract_entities(text)
    out = text
    for value in list(ent.emails) + list(emails or []):
        if value:
            out = _spaced(value).sub(MASK_EMAIL, out)
    out = _EMAIL.sub(MASK_EMAIL, out)
    for value in list(ent.cccd):
        out = _spaced(value).sub(MASK_ID, out)
    for value in list(ent.phones) + list(phones or []):
        digits = re.sub(r"\D", "", value or "")
        if len(digits) >= 8:
            out = _spaced(digits).sub(MASK_PHONE, out)
            if digits.startswith("84"):
                out = _spaced("0" + digits[2:]).sub(MASK_PHONE, out)
            elif digits.startswith("0"):
                out = _spaced("+84" + digits[1:]).sub(MASK_PHONE, out)
    out = _LONG_DIGITS.sub(lambda m: MASK_ID if len(re.sub(r"\D", "", m.group())) in (9, 12) and
                           not m.group().startswith("0") else MASK_PHONE, out)
    for value in [a for a in (addresses or []) if a and len(a) >= 6]:
        out = _replace_words(out, value, MASK_ADDRESS)
    out = _HOUSE_LABEL.sub(MASK_HOUSE, out)
    out = _HOUSE.sub(MASK_HOUSE, out)
    found = [ent.person_name] if ent.person_name else []
    for value in [n for n in found + list(names or []) if n]:
        out = _replace_words(out, value, MASK_NAME)
        parts = value.split()
        if len(parts) >= 2:  # "ông Minh" for "Trần Văn Minh"
            out = _replace_words(out, " ".join(parts[-2:]), MASK_NAME)
    out = _NAME_AFTER.sub(_name_after, out)
    return re.sub(r"[ \t]{2,}", " ", out).strip()


@dataclass
class Draft:
    petition: Petition
    publication: Publication
    content: str  # the masked (or already approved) content
    answer: str


def _masked(p: Petition) -> tuple[str, str]:
    # the organisation a petition was sent for names its sender too ("Hộ kinh doanh Nguyễn Văn A")
    kw = {"names": [n for n in (p.full_name, p.organisation) if n], "phones": [p.phone] if p.phone else [],
          "emails": [p.email] if p.email else [], "addresses": [p.address] if p.address else []}
    return mask(p.content, **kw), mask(p.answer or "", **kw)


def record_consent(env: Env, p: Petition) -> Publication | None:
    """At submission, when the citizen agreed: never for tố cáo or khiếu nại."""
    if p.kind in NEVER_PUBLISHED:
        return None
    return repo.record_consent(env.s, p.id)


def _check(env: Env, actor: Actor, code: str) -> tuple[Petition, Publication]:
    if actor.role not in APPROVER_ROLES:
        raise Refused("pub_no_right")
    parsed = intents.parse_code(code) or code.strip().upper()
    p = petitions.get_by_code(env.s, parsed) if parsed else None
    if p is None:
        raise Refused("pub_not_found", code=code.strip() or "—")
    if p.kind in NEVER_PUBLISHED:
        raise Refused("pub_never", code=p.code)
    pub = repo.get(env.s, p.id)
    if pub is None:
        raise Refused("pub_no_consent", code=p.code)
    if p.status not in (PetitionStatus.answered, PetitionStatus.closed) or not p.answer:
        raise Refused("pub_not_answered", code=p.code)
    return p, pub


def draft(env: Env, actor: Actor, code: str) -> Draft:
    """What would be published: the approved text if there is one, the masked text otherwise."""
    p, pub = _check(env, actor, code)
    content, answer = _masked(p)
    if pub.content:
        content = pub.content
    if pub.answer:
        answer = pub.answer
    return Draft(p, pub, content, answer)


def approve(env: Env, actor: Actor, code: str, content: str | None = None) -> Draft:
    """Publish the masked text, or the staff member's edit of it (masked again: an edit cannot add a phone)."""
    d = draft(env, actor, code)
    text = mask(content.strip()) if content and content.strip() else d.content
    if len(text) < 5:
        raise Refused("pub_too_short")
    repo.update(env.s, d.publication, status=PublicationStatus.approved, content=text, answer=d.answer,
                approved_by=actor.staff_id, approved_at=utcnow())
    petitions.add_event(env.s, d.petition, actor=actor.ref, staff_id=actor.staff_id, action="published",
                        public=True)
    d.content = text
    return d


def withdraw(env: Env, actor: Actor, code: str) -> Draft:
    d = draft(env, actor, code)
    repo.update(env.s, d.publication, status=PublicationStatus.withdrawn)
    petitions.add_event(env.s, d.petition, actor=actor.ref, staff_id=actor.staff_id, action="unpublished",
                        public=True)
    return d
