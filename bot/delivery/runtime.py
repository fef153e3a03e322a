"""Wiring the outbox worker into a process: senders for the configured channels, run until stopped.

``pakn run`` calls :func:`run_worker` next to the channels; ``pakn worker`` runs it alone.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable
from typing import Any

from bot.delivery.base import Sender
from bot.delivery.worker import Worker

log = logging.getLogger(__name__)


def build_senders(settings: Any, store: Any) -> tuple[dict[str, Sender], list[Callable[[], Awaitable[None]]]]:
    """Senders for every configured channel, and the coroutines that close them.

    Console rows are not delivered by the worker: the console chat prints them itself.
    """
    from bot.channels.registry import (
        build_senders as registered,  # each channel's module only when configured
    )

    return registered(settings, store)


def make_worker(settings: Any, store: Any, profile: Any, senders: dict[str, Sender], **kw: Any) -> Worker:
    return Worker(store, senders, settings, profile=profile, **kw)


async def run_worker(app: Any, stop_event: asyncio.Event | None = None, **kw: Any) -> None:
    """Run the outbox worker (and the scheduled jobs) of a built ``bot.app.App`` until ``stop_event``.
    ``limiter=``: share the process's limiter with the channels (``pakn run``)."""
    senders, closers = build_senders(app.settings, app.store)
    worker = make_worker(app.settings, app.store, app.profile, senders, **kw)
    try:
        await worker.run(stop_event)
    finally:
        for close in closers:
            with contextlib.suppress(Exception):
                await close()


def start_jobs_thread(app: Any) -> Callable[[], None]:
    """Scheduled jobs (broadcast expansion, reminders, digests) in a background thread, for the console
    mode of ``pakn run`` where no worker runs. Console rows are left for the console chat to print.
    Returns a function that stops the thread."""
    import threading

    loop = asyncio.new_event_loop()
    stop = asyncio.Event()

    def main() -> None:
        asyncio.set_event_loop(loop)
        worker = make_worker(app.settings, app.store, app.profile, {})
        loop.run_until_complete(worker.run(stop))

    thread = threading.Thread(target=main, name="pakn-jobs", daemon=True)
    thread.start()

    def stop_jobs() -> None:
        loop.call_soon_threadsafe(stop.set)
        thread.join(10)

    return stop_jobs
