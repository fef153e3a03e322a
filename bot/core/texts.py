"""The message catalog: bot/messages/vi.yaml, overridden key by key by the profile's ``texts``."""

from __future__ import annotations

import logging
import string
from functools import lru_cache
from pathlib import Path

import yaml

from bot.profile import Profile

log = logging.getLogger(__name__)
MESSAGES_DIR = Path(__file__).resolve().parent.parent / "messages"


@lru_cache(maxsize=4)
def _base(lang: str) -> dict[str, str]:
    data = yaml.safe_load((MESSAGES_DIR / f"{lang}.yaml").read_text(encoding="utf-8"))
    return {str(k): str(v) for k, v in data.items()}


class _Defaults(dict):
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


class Catalog:
    def __init__(self, profile: Profile, lang: str = "vi") -> None:
        self.profile = profile
        self.messages = dict(_base(lang))
        unknown = set(profile.texts) - set(self.messages)
        if unknown:
            log.warning("profile texts override unknown keys: %s", ", ".join(sorted(unknown)))
        self.messages.update(profile.texts)
        self.common = {
            "agency": profile.name,
            "short_name": profile.short_name,
            "hotline": profile.hotline,
            "address": profile.address,
            "hours": profile.working_hours,
        }

    def __call__(self, key: str, **kw: object) -> str:
        template = self.messages.get(key)
        if template is None:
            log.error("missing message key %s", key)
            return key
        values = _Defaults(self.common)
        values.update(kw)
        return string.Formatter().vformat(template, (), values)

    def __contains__(self, key: object) -> bool:
        return key in self.messages
