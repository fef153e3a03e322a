"""Sealed identities of denouncers (the ciphertext only: sealing is bot.services.identity's)."""

from __future__ import annotations

from typing import Any

from sqlmodel import Session, select

from storage.models import Petition, ProtectedIdentity

_UNREAD: Any = object()


def put(s: Session, petition_id: int, *, sealed: str, owner_digest: str, anonymous: bool,
        existing: Any = _UNREAD) -> ProtectedIdentity:
    """``existing``: the item's row (or None), when the caller has just read it with ``get``."""
    row = get(s, petition_id) if existing is _UNREAD else existing
    if row is None:
        row = ProtectedIdentity(petition_id=petition_id, sealed=sealed, owner_digest=owner_digest, anonymous=anonymous)
    else:
        row.sealed, row.owner_digest, row.anonymous = sealed, owner_digest, anonymous
    s.add(row)
    s.flush()
    return row


def get(s: Session, petition_id: int) -> ProtectedIdentity | None:
    return s.exec(select(ProtectedIdentity).where(ProtectedIdentity.petition_id == petition_id)).first()


def delete(s: Session, petition_id: int) -> None:
    row = get(s, petition_id)
    if row is not None:
        s.delete(row)
        s.flush()


def petitions_of(s: Session, owner_digest: str, limit: int = 20) -> list[Petition]:
    q = (select(Petition).join(ProtectedIdentity, ProtectedIdentity.petition_id == Petition.id)
         .where(ProtectedIdentity.owner_digest == owner_digest).order_by(Petition.id.desc()).limit(limit))  # type: ignore[union-attr]
    return list(s.exec(q).all())


def any_sealed(s: Session) -> str | None:
    """One sealed identity (``pakn doctor`` checks that the deployment's key still opens them)."""
    return s.exec(select(ProtectedIdentity.sealed).limit(1)).first()
