"""Looking up an item by its code without letting anybody guess codes or read other people's items.

- A code is checked before the database: a wrong check letter is a typo (the same answer whether or not
  such an item exists, since nothing was looked up).
- The sender's own items are shown at once. For any other well-formed code, existing or not, the asker is
  asked for the last 4 digits of the phone given in the item: the answer is the same whether the code
  exists or not, so codes cannot be told apart.
- A tố cáo is shown to its sender's own account only: another account gets the answer of wrong digits.
- Wrong answers are stored (``lookup_failures``) and counted over 24 hours per asker and per code, across
  processes and restarts. Reaching either limit of the profile (``privacy.lookup``) locks further tries
  and alerts the administrators once.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from bot.services import identity, notify
from bot.services.base import Actor, Env, Refused
from storage import codes, dialogue, lookups, petitions

DIGITS = "0123456789"


@dataclass
class Found:
    code: str  # as the citizen should see it (with its check letter)
    item: Any  # Petition | DialogueQuestion | None (None: no such item, which the asker is never told)
    owned: bool


def subject_of(channel: str, user_id: str) -> str:
    return f"{channel}:{user_id}"


def _get(env: Env, code: str) -> Any:
    return petitions.get_by_code(env.s, code) if code.startswith("PA") else dialogue.get_question(env.s, code)


def find(env: Env, actor: Actor, typed: str) -> Found:
    """The item behind a typed code. Refused: ``lk_bad_code`` (not a code), ``lk_typo`` (wrong check
    letter). A missing item is not refused: the caller asks for the phone digits all the same."""
    parts = codes.split(typed)
    if parts is None:
        raise Refused("lk_bad_code", code=typed[:40])
    if codes.is_typo(typed):
        raise Refused("lk_typo", code=typed, base=parts[0])
    item = _get(env, typed)
    code = item.code if item is not None else codes.canonical(typed) or typed
    cid = actor.citizen.id if actor.citizen is not None else None
    if item is None or cid is None:
        owned = False
    elif code.startswith("PA"):  # a tố cáo's sender is known only through its sealed identity
        owned = identity.owns(env.s, env.sealer, item, cid)
    else:
        owned = item.citizen_id == cid
    return Found(code=code, item=item, owned=owned)


def is_locked(env: Env, subject: str, code: str) -> bool:
    lim = env.profile.privacy.lookup
    since = env.now - lookups.WINDOW
    by_user, by_code = lookups.failure_counts(env.s, subject, _base(code), since=since)
    return by_user >= lim.failures_per_user or by_code >= lim.failures_per_code


def _base(code: str) -> str:
    parts = codes.split(code)
    return parts[0] if parts else code[:32]


def verify(env: Env, subject: str, code: str, answer: str) -> Any:
    """Check the last 4 phone digits typed for ``code``. Returns the item when they match.

    Refused: ``lk_need_digits`` (not 4 digits: not counted), ``lk_wrong`` (counted; try again),
    ``lk_locked`` (a limit is reached)."""
    if is_locked(env, subject, code):
        raise Refused("lk_locked")
    digits = "".join(ch for ch in answer if ch in DIGITS)  # ASCII digits only: "²" is not a 2
    if len(digits) != 4:
        raise Refused("lk_need_digits", code=code)
    item = _get(env, code)
    phone = (getattr(item, "phone", None) or "") if item is not None else ""
    # a tố cáo is never shown to another account, even with the right digits: somebody who knows the
    # denouncer's phone could otherwise try it on every code (the answer stays the same as a wrong one)
    secret = bool(getattr(item, "confidential", False)) or getattr(item, "kind", None) == "to_cao"
    if len(phone) >= 4 and phone.endswith(digits) and not secret:
        return item
    lim = env.profile.privacy.lookup
    base = _base(code)
    by_user, by_code = lookups.record_failure(env.s, subject, base, env.now)
    if by_code == lim.failures_per_code:
        notify.alert_admins(env, env.t("alert_lookup_code", code=base, count=by_code))
    if by_user == lim.failures_per_user:
        notify.alert_admins(env, env.t("alert_lookup_user", channel=subject.split(":", 1)[0], count=by_user))
    if by_user >= lim.failures_per_user or by_code >= lim.failures_per_code:
        raise Refused("lk_locked")
    raise Refused("lk_wrong", code=code)
