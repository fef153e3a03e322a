"""Denouncers' identities, sealed apart from the item (Luật Tố cáo 2018, Điều 47).

A tố cáo keeps no name, phone, e-mail, address, organisation or citizen link on the item itself: they are encrypted
with Fernet (``PAKN_SECRET_KEY``) into ``protected_identities``. The sender still finds their item
through a keyed hash of their citizen row, answers still reach them (the notice code unseals the
recipient), and leaders and inspectors read the identity with ``/danhtinh`` (logged). An anonymous
tố cáo keeps only the reply handle, deleted when the item closes.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import os
from pathlib import Path
from typing import Any

from cryptography.fernet import Fernet, InvalidToken

from storage import identities
from storage.models import Petition

log = logging.getLogger(__name__)


class Sealer:
    """Encrypts and decrypts identity records; one key per deployment."""

    def __init__(self, key: bytes) -> None:
        self._fernet = Fernet(key)
        self._mac_key = hashlib.sha256(b"pakn-owner:" + key).digest()

    @classmethod
    def generate(cls) -> Sealer:
        return cls(Fernet.generate_key())

    @classmethod
    def from_settings(cls, secret: str | None, data_dir: Path) -> Sealer:
        """``PAKN_SECRET_KEY``, or a key kept in ``data_dir/secret.key`` (created once, with a warning)."""
        if secret:
            return cls(secret.encode())
        path = data_dir / "secret.key"
        if not path.exists():
            data_dir.mkdir(parents=True, exist_ok=True)
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(fd, "wb") as f:
                f.write(Fernet.generate_key())
            log.warning("PAKN_SECRET_KEY is not set: generated a local key in %s. In production set "
                        "PAKN_SECRET_KEY and keep it safe: without it, denouncers' identities cannot be read.", path)
        return cls(path.read_bytes().strip())

    def seal(self, data: dict[str, Any]) -> str:
        return self._fernet.encrypt(json.dumps(data, ensure_ascii=False).encode()).decode()

    def open(self, token: str) -> dict[str, Any] | None:
        try:
            return json.loads(self._fernet.decrypt(token.encode()))
        except InvalidToken:
            log.error("a sealed identity cannot be read with this key (PAKN_SECRET_KEY changed?)")
            return None

    def owner_digest(self, citizen_id: int | None) -> str:
        return hmac.new(self._mac_key, str(citizen_id or "").encode(), hashlib.sha256).hexdigest()


_PROCESS: Sealer | None = None


def process_sealer() -> Sealer:
    """A key for this process when none was configured (tests, tools): never for data kept across runs."""
    global _PROCESS
    if _PROCESS is None:
        _PROCESS = Sealer.generate()
    return _PROCESS


FIELDS = ("full_name", "phone", "email", "address", "organisation")  # the organisation names its sender too


def seal_petition(s: Any, sealer: Sealer, p: Petition, *, new: bool = False) -> None:
    """Move the sender's identity of ``p`` out of the item into the sealed table. ``new``: ``p`` was created in
    this unit of work, so nothing of it is sealed yet (nothing to read)."""
    existing = None if new else identities.get(s, p.id)
    data: dict[str, Any] = (sealer.open(existing.sealed) or {}) if existing else {}
    for f in FIELDS:
        value = getattr(p, f)
        if value:
            data[f] = value
        setattr(p, f, None)
    if p.citizen_id is not None:
        data["citizen_id"] = p.citizen_id
        p.citizen_id = None
    identities.put(s, p.id, sealed=sealer.seal(data), owner_digest=sealer.owner_digest(data.get("citizen_id")),
                   anonymous=p.anonymous, existing=existing)
    s.add(p)
    s.flush()


def unseal(s: Any, sealer: Sealer, p: Petition) -> dict[str, Any]:
    row = identities.get(s, p.id)
    return (sealer.open(row.sealed) or {}) if row else {}


def citizen_of(s: Any, sealer: Sealer, p: Petition) -> int | None:
    """The citizen row to notify about ``p`` (sealed for a tố cáo)."""
    if p.citizen_id is not None:
        return p.citizen_id
    return unseal(s, sealer, p).get("citizen_id") if p.confidential else None


def owns(s: Any, sealer: Sealer, p: Petition, citizen_id: int | None) -> bool:
    if citizen_id is None:
        return False
    if p.citizen_id is not None:
        return p.citizen_id == citizen_id
    row = identities.get(s, p.id) if p.confidential else None
    return bool(row) and hmac.compare_digest(row.owner_digest, sealer.owner_digest(citizen_id))


def items_of(s: Any, sealer: Sealer, citizen_id: int, limit: int = 20) -> list[Petition]:
    return identities.petitions_of(s, sealer.owner_digest(citizen_id), limit)


def forget_handle(s: Any, p: Petition) -> None:
    """An anonymous tố cáo that closes keeps no way back to its sender."""
    if p.anonymous:
        identities.delete(s, p.id)
