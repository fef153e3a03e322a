"""Where the problem is: a shared map pin or typed words, matched to a commune of the 2025 division."""

from __future__ import annotations

from typing import Any

import intents
from bot.core.context import Ctx
from bot.core.render import clip
from bot.core.types import Location


def _commune(text: str, province: str | None = None) -> dict[str, Any]:
    """The commune of the 2025 division the words name (the agency's province settles shared names)."""
    c = intents.match_commune(text, province) if text else None
    return {"commune_code": str(c["code"]), "commune_name": c["name"]} if c else {}


def from_location(ctx: Ctx, loc: Location) -> dict[str, Any]:
    """A map pin (with a venue's name and address when the channel gives them)."""
    words = ", ".join(x for x in (loc.title, loc.address) if x)
    place: dict[str, Any] = {"lat": round(float(loc.latitude), 6), "lon": round(float(loc.longitude), 6)}
    if words:
        place["text"] = clip(words, 300)
        place.update(_commune(words, ctx.profile.province))
    return place


def from_text(text: str, province: str | None = None) -> dict[str, Any]:
    """Typed words ("chợ Bình Khánh, xã Tịnh Khê"): kept as typed, with the commune when one is named."""
    return {"text": clip(text, 300), **_commune(text, province)}


def describe(place: dict[str, Any] | None) -> str | None:
    """A short line for summaries: the words, else the commune, else the coordinates."""
    if not place:
        return None
    if place.get("text"):
        return str(place["text"])
    if place.get("commune_name"):
        return str(place["commune_name"])
    if place.get("lat") is not None:
        return f"{place['lat']:.5f}, {place['lon']:.5f}"
    return None
