"""What goes into the core and what comes out. Channels translate these to and from their own API."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields
from typing import Any


@dataclass(slots=True)
class Button:
    text: str
    payload: str  # short, opaque; channels may have byte limits (Telegram: 64 bytes)


@dataclass(slots=True)
class Attachment:
    kind: str  # photo | document | video | audio
    file_id: str  # channel-side id (Telegram file_id) or a local path after download
    file_name: str | None = None
    mime_type: str | None = None
    size: int | None = None
    group_id: str | None = None  # Telegram media_group_id (albums)
    stored_path: str | None = None  # set once downloaded into the agency's storage


@dataclass(slots=True)
class Location:
    """A place the sender shared: a map pin (Telegram location or venue, the browser's geolocation)."""

    latitude: float
    longitude: float
    title: str | None = None  # a venue's name ("Chợ Bình Khánh")
    address: str | None = None  # a venue's address as the channel gives it

    @classmethod
    def parse(cls, latitude: object, longitude: object, title: str | None = None,
              address: str | None = None) -> Location | None:
        """A pin from untrusted input (a browser, a typed command): None unless both are finite numbers in range."""
        if isinstance(latitude, bool) or isinstance(longitude, bool):
            return None
        try:
            lat, lon = float(latitude), float(longitude)  # type: ignore[arg-type]
        except (TypeError, ValueError):
            return None
        if not (-90.0 <= lat <= 90.0 and -180.0 <= lon <= 180.0):  # also false for NaN
            return None
        return cls(lat, lon, (title or "").strip()[:200] or None, (address or "").strip()[:300] or None)


@dataclass(slots=True)
class Inbound:
    channel: str  # console | telegram | zalo | web
    user_id: str  # the sender's identity on that channel
    text: str = ""
    payload: str | None = None  # a pressed button's payload
    attachments: list[Attachment] = field(default_factory=list)
    chat_id: str | None = None  # where it was written; None = private chat with user_id
    display_name: str | None = None
    contact_phone: str | None = None  # phone shared with the channel's own button
    reply_to_ref: str | None = None  # the item a staff member replied to (e.g. a card's PA-code)
    update_id: str | None = None
    location: Location | None = None  # a shared map pin
    sticker: bool = False  # a sticker, an emoji-only animation: no text to read

    @property
    def is_group(self) -> bool:
        return self.chat_id is not None and self.chat_id != self.user_id


@dataclass(slots=True)
class Outbound:
    text: str
    buttons: list[list[Button]] = field(default_factory=list)  # rows of buttons
    attachments: list[Attachment] = field(default_factory=list)
    request_phone: bool = False  # offer the channel's "share my phone number" button
    request_location: bool = False  # offer the channel's "share my location" (Telegram button, web 📍 Vị trí)
    menu: bool = False  # show the persistent main menu (reply keyboard where available)
    chat_id: str | None = None  # None = reply to the sender
    ref: str | None = None  # the item this message is about (cards are edited by ref)
    edit: bool = False  # edit the message previously posted for ``ref`` instead of sending anew
    thread_key: str | None = None  # department code: forum topic in the staff group
    location: Location | None = None  # a map pin to send along (Telegram: a venue message); the text says it too

    def to_payload(self) -> dict[str, Any]:
        """The same dict as ``dataclasses.asdict`` (its recursive deep copy cost ~0.1 ms a message; a digest
        queues 60 of them)."""
        out = {name: getattr(self, name) for name in _OUTBOUND_FIELDS}
        out["buttons"] = [[{"text": b.text, "payload": b.payload} for b in row] for row in self.buttons]
        out["attachments"] = [asdict(a) for a in self.attachments]
        out["location"] = asdict(self.location) if self.location is not None else None
        return out

    @classmethod
    def from_payload(cls, data: dict[str, Any]) -> Outbound:
        data = dict(data)
        data["buttons"] = [[Button(**b) for b in row] for row in data.get("buttons", [])]
        data["attachments"] = [Attachment(**a) for a in data.get("attachments", [])]
        if isinstance(data.get("location"), dict):
            data["location"] = Location(**data["location"])
        return cls(**data)

    def button_payloads(self) -> list[str]:
        return [b.payload for row in self.buttons for b in row]


_OUTBOUND_FIELDS = tuple(f.name for f in fields(Outbound))


def numbered_text(msg: Outbound) -> str:
    """Render buttons as numbered choices for channels without buttons (console, Zalo)."""
    flat = [b for row in msg.buttons for b in row]
    if not flat:
        return msg.text
    lines = [msg.text, ""]
    lines += [f"{i}. {b.text}" for i, b in enumerate(flat, 1)]
    lines.append("(Ông/Bà trả lời bằng số thứ tự)")
    return "\n".join(lines)
