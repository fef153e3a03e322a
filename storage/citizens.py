"""Citizens: one row per channel identity."""

from __future__ import annotations

from typing import Any

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from storage.errors import Conflict
from storage.models import Citizen, utcnow

CONTACT_FIELDS = ("full_name", "phone", "email", "address", "province_code", "commune_code")


def get(s: Session, channel: str, user_id: str) -> Citizen | None:
    return s.exec(
        select(Citizen).where(Citizen.channel == channel, Citizen.channel_user_id == user_id)
    ).first()


def get_by_id(s: Session, citizen_id: int) -> Citizen | None:
    return s.get(Citizen, citizen_id)


def get_or_create(s: Session, channel: str, user_id: str, display_name: str | None = None, *,
                  known: Citizen | None = None, looked_up: bool = False) -> Citizen:
    """``known``: the row already loaded by the caller (e.g. with the conversation state), if any;
    ``looked_up``: the caller read it in this unit of work, so ``known=None`` means there is none."""
    c = known if known is not None or looked_up else get(s, channel, user_id)
    if c is None:
        c = Citizen(channel=channel, channel_user_id=user_id, display_name=display_name)
        s.add(c)
        try:
            s.flush()
        except IntegrityError as e:  # a concurrent first message of the same person created it
            raise Conflict("citizen created concurrently") from e
    elif display_name and c.display_name != display_name and c.erased_at is None:
        c.display_name = display_name
    return c


def update(s: Session, c: Citizen, **fields: Any) -> Citizen:
    if "phone" in fields and fields["phone"] != c.phone:
        c.phone_confirmed_at = None  # a new number is not confirmed until the channel vouches for it
    for k, v in fields.items():
        setattr(c, k, v)
    c.updated_at = utcnow()
    s.add(c)
    s.flush()
    return c


def give_consent(s: Session, c: Citizen, version: str) -> None:
    update(s, c, **consent_fields(version))


def consent_fields(version: str) -> dict[str, Any]:
    """What ``give_consent`` writes, for an ``update`` that writes other fields too (one statement)."""
    return {"consent_at": utcnow(), "consent_version": version}


def set_subscription(s: Session, c: Citizen, subscribed: bool, interests: list[str] | None = None) -> None:
    fields: dict[str, Any] = {"subscribed": subscribed}
    if interests is not None:
        fields["interests"] = interests
    if subscribed:
        fields["unreachable"] = False
        fields["unreachable_reason"] = None
    update(s, c, **fields)


def mark_unreachable(s: Session, citizen_id: int, reason: str) -> None:
    c = s.get(Citizen, citizen_id)
    if c is not None:
        update(s, c, unreachable=True, unreachable_reason=reason[:200], subscribed=False)


def subscribers(s: Session, topics: list[str] | None = None, channel: str | None = None) -> list[Citizen]:
    q = select(Citizen).where(
        Citizen.subscribed == True,  # noqa: E712
        Citizen.unreachable == False,  # noqa: E712
        Citizen.erased_at.is_(None),  # type: ignore[union-attr]
    )
    if channel:
        q = q.where(Citizen.channel == channel)
    rows = list(s.exec(q.order_by(Citizen.id)).all())
    if topics:
        wanted = set(topics)
        rows = [c for c in rows if not c.interests or wanted & set(c.interests)]
    return rows


def count_all(s: Session) -> int:
    from sqlmodel import func

    return s.exec(select(func.count()).select_from(Citizen)).one()


# -------------------------------------------------------------------------------- one person, several channels
def confirm_phone(s: Session, c: Citizen, phone: str) -> None:
    """``phone`` is this citizen's, vouched for by the channel (its own contact card) or by a code
    typed back from another channel where the number was already confirmed."""
    update(s, c, **confirmed_phone_fields(phone))


def confirmed_phone_fields(phone: str) -> dict[str, Any]:
    """What ``confirm_phone`` writes, for an ``update`` that writes other fields too (one statement)."""
    return {"phone": phone, "phone_confirmed_at": utcnow()}


def confirmed_with_phone(s: Session, phone: str, *, exclude_id: int | None = None) -> list[Citizen]:
    """Citizens (any channel) whose confirmed phone is ``phone``."""
    q = select(Citizen).where(Citizen.phone == phone, Citizen.phone_confirmed_at.is_not(None),  # type: ignore[union-attr]
                              Citizen.erased_at.is_(None))  # type: ignore[union-attr]
    return [c for c in s.exec(q).all() if c.id != exclude_id]


def linked_ids(s: Session, c: Citizen | None) -> list[int]:
    """The citizen's own id first, then those of the same person on other channels (same confirmed phone)."""
    if c is None or c.id is None:
        return []
    if not c.phone or c.phone_confirmed_at is None or c.erased_at is not None:
        return [c.id]
    return [c.id] + [o.id for o in confirmed_with_phone(s, c.phone, exclude_id=c.id) if o.id is not None]
