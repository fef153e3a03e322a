"""``pakn run``: every configured channel (``bot.channels.registry``), one core runner shared by them,
one HTTP server for every webhook route (and the web chat), and whatever else runs beside them (the
outbox worker), until a stop event.

A channel module's ``make_runtime(ctx)`` gets a :class:`RunContext` and returns a
:class:`ChannelRuntime`: ``setup()`` adds its routes to ``ctx.http`` (before the server starts),
``run()`` polls or waits until ``ctx.stop`` is set, ``close()`` releases what ``run`` did not.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable
from dataclasses import dataclass, field
from typing import Any, Protocol

from bot.channels import registry
from bot.channels.base import HttpServer, http_address
from bot.config import Settings
from bot.core.runner import CoreRunner
from storage import Store

log = logging.getLogger(__name__)


@dataclass
class RunContext:
    settings: Settings
    core: Any
    store: Store
    stop: asyncio.Event
    http: HttpServer
    webhook: bool = False
    runner: CoreRunner | None = None  # shared by every channel; None: each channel a thread pool of its own
    limiter: Any = None  # the process's delivery limiter, shared with the outbox worker (bot.delivery.limits)
    extras: dict[str, Any] = field(default_factory=dict)


class ChannelRuntime(Protocol):
    name: str

    async def setup(self) -> None: ...
    async def run(self) -> None: ...
    async def close(self) -> None: ...


async def serve(settings: Settings, core: Any, store: Store, *, webhook: bool, stop: asyncio.Event,
                runner: CoreRunner | None = None, specs: list[registry.ChannelSpec] | None = None,
                also: list[Awaitable[Any]] = (), limiter: Any = None) -> None:
    """Run the configured channels (and ``also``, e.g. the outbox worker) until ``stop`` is set. ``limiter``:
    the delivery limiter the outbox worker uses too (direct replies in groups count against the same limits)."""
    specs = registry.configured(settings) if specs is None else specs
    http = HttpServer()
    runtimes: list[ChannelRuntime] = []
    try:
        for spec in specs:
            ctx = RunContext(settings=settings, core=core, store=store, stop=stop, http=http, webhook=webhook,
                             runner=runner, limiter=limiter)
            rt = spec.load().make_runtime(ctx)
            await rt.setup()
            runtimes.append(rt)
        if http.has_routes:
            host, port = http_address(settings)
            await http.start(host, port)
        tasks = [asyncio.ensure_future(rt.run()) for rt in runtimes] + [asyncio.ensure_future(a) for a in also]
        try:
            await asyncio.gather(*tasks)
        finally:
            stop.set()
            for t in tasks:
                if not t.done():
                    t.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)
    finally:
        for rt in runtimes:
            with contextlib.suppress(Exception):
                await rt.close()
        await http.cleanup()
        if runner is not None:
            await runner.close()
