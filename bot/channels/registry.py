"""The channels a process knows, and what each brings: ``pakn run`` starts the configured ones.

Each :class:`ChannelSpec` is light (importing this module imports no channel library): whether the
settings configure the channel, its outbox rate limits, the staff chat it offers (where staff cards
go), the secrets to redact from logs, the attachment fetcher handed to core worker processes, and the
module that implements it. That module (imported only when the channel is used) provides:

* ``make_sender(settings, store) -> (Sender, close)``: the outbox worker's sender and its closer;
* ``make_runtime(ctx: bot.channels.serve.RunContext) -> ChannelRuntime``: what ``pakn run`` runs:
  ``setup()`` (clients; webhook routes on ``ctx.http`` when ``ctx.webhook`` or when the channel always
  serves HTTP), ``run()`` (poll, or set the webhook and wait, until ``ctx.stop`` is set) and ``close()``.

``bot.channels.serve.serve`` is ``pakn run``: one core runner shared by every channel, one HTTP server
for every route, the channels and the outbox worker side by side. Registering a new channel is one
:func:`register` call with its spec (the web chat registers ``web``). This module imports nothing of
the channels, the core or the runner (the import graph stays without cycles).
"""

from __future__ import annotations

import importlib
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from types import ModuleType
from typing import TYPE_CHECKING, Any

from bot.delivery.rates import ChannelLimits

if TYPE_CHECKING:
    from bot.config import Settings
    from bot.delivery.base import Sender

Fetcher = Any  # bot.core.runner.Fetcher: a picklable callable with a ``channel`` attribute

log = logging.getLogger(__name__)


def _none(settings: Any) -> Any:
    return None


def _no_secrets(settings: Any) -> list[str]:
    return []


@dataclass(frozen=True)
class ChannelSpec:
    name: str
    module: str | None  # the implementation (make_sender, make_runtime); None: not run by ``pakn run``
    configured: Callable[[Settings], bool]
    limits: Callable[[Settings], ChannelLimits]
    staff_chat: Callable[[Settings], str | None] = _none  # the chat where staff cards go on this channel
    fetcher: Callable[[Settings], Fetcher | None] = _none  # picklable, for core worker processes
    secrets: Callable[[Settings], list[str]] = _no_secrets  # redacted from every log record
    delivers: bool = True  # the outbox worker sends its rows (the console prints its own)

    def load(self) -> ModuleType:
        if self.module is None:
            raise LookupError(f"channel {self.name} is not run by pakn run")
        return importlib.import_module(self.module)


CHANNELS: dict[str, ChannelSpec] = {}


def register(spec: ChannelSpec) -> ChannelSpec:
    CHANNELS[spec.name] = spec
    return spec


def get(name: str) -> ChannelSpec | None:
    return CHANNELS.get(name)


def configured(settings: Settings) -> list[ChannelSpec]:
    """The network channels the settings configure, in registration order."""
    return [c for c in CHANNELS.values() if c.module is not None and c.configured(settings)]


def limits_from_settings(settings: Any) -> dict[str, ChannelLimits]:
    return {c.name: c.limits(settings) for c in CHANNELS.values()}


def staff_destinations(settings: Any) -> list[tuple[str, str]]:
    """Where staff cards go: the staff chat of the first configured channel that has one (the Telegram
    staff group); empty = each active staff member's own chat (decided by the core)."""
    if settings is None:
        return []
    for c in CHANNELS.values():
        if c.module is not None and c.configured(settings):
            chat = c.staff_chat(settings)
            if chat:
                return [(c.name, str(chat))]
    return []


def staff_chat(settings: Any, channel: str) -> str | None:
    """The staff group of one channel, whether or not it is the one cards go to."""
    spec = CHANNELS.get(channel)
    return spec.staff_chat(settings) if spec is not None and settings is not None else None


def all_secrets(settings: Any) -> list[str]:
    return [s for c in CHANNELS.values() for s in c.secrets(settings) if s]


def fetchers(settings: Settings) -> list[Fetcher]:
    """Attachment fetchers of the configured channels, for core worker processes."""
    out = []
    for c in configured(settings):
        f = c.fetcher(settings)
        if f is not None:
            out.append(f)
    return out


def build_senders(settings: Any, store: Any) -> tuple[dict[str, Sender], list[Callable[[], Awaitable[None]]]]:
    """The outbox senders of every configured channel, and the coroutines that close them."""
    senders: dict[str, Sender] = {}
    closers: list[Callable[[], Awaitable[None]]] = []
    for c in configured(settings):
        if not c.delivers:
            continue
        make = getattr(c.load(), "make_sender", None)
        if make is None:
            continue
        sender, close = make(settings, store)
        senders[c.name] = sender
        closers.append(close)
    return senders, closers


# ============================================================================ the built-in channels
def _telegram_configured(s: Settings) -> bool:
    return bool(getattr(s, "telegram_token", None))


def _telegram_limits(s: Settings) -> ChannelLimits:
    return ChannelLimits(per_second=getattr(s, "telegram_rate_per_second", 25.0),
                         per_chat_per_second=getattr(s, "telegram_rate_per_chat_per_second", 1.0),
                         group_per_minute=getattr(s, "telegram_group_per_minute", 20.0))


def _telegram_staff_chat(s: Settings) -> str | None:
    chat = getattr(s, "telegram_staff_chat_id", None)
    return str(chat) if chat and _telegram_configured(s) else None


def _telegram_fetcher(s: Settings) -> Fetcher:
    from bot.channels.fetchers import TelegramFileFetcher

    return TelegramFileFetcher(s)


def _secret_values(*values: Any) -> list[str]:
    return [v.get_secret_value() for v in values if v]


register(ChannelSpec(
    name="telegram", module="bot.channels.telegram", configured=_telegram_configured, limits=_telegram_limits,
    staff_chat=_telegram_staff_chat, fetcher=_telegram_fetcher,
    secrets=lambda s: _secret_values(getattr(s, "telegram_token", None), getattr(s, "telegram_webhook_secret", None))))

register(ChannelSpec(  # the web chat and the public page: served by every pakn run (PAKN_WEB_ENABLED)
    name="web", module="bot.channels.web.channel", configured=lambda s: bool(getattr(s, "web_enabled", False)),
    limits=lambda s: ChannelLimits(per_second=1000.0),  # our own server: no API limit to respect
    secrets=lambda s: _secret_values(getattr(s, "web_secret", None))))


def _zalo_fetcher(s: Settings) -> Fetcher:
    from bot.channels.fetchers import ZaloFileFetcher

    return ZaloFileFetcher(s)


register(ChannelSpec(
    name="zalo", module="bot.channels.zalo", configured=lambda s: bool(getattr(s, "zalo_token", None)),
    limits=lambda s: ChannelLimits(per_second=getattr(s, "zalo_rate_per_second", 10.0),
                                   per_chat_per_second=getattr(s, "zalo_rate_per_chat_per_second", 1.0)),
    fetcher=_zalo_fetcher,
    secrets=lambda s: _secret_values(getattr(s, "zalo_token", None), getattr(s, "zalo_webhook_secret", None))))

register(ChannelSpec(
    name="console", module=None, configured=lambda s: False, limits=lambda s: ChannelLimits(per_second=1000.0),
    delivers=False))
