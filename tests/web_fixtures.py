"""A real web chat server for tests and benchmarks: pakn-bot's web channel and outbox worker on an event
loop in a background thread, listening on 127.0.0.1 (a free port)."""

from __future__ import annotations

import asyncio
import threading
from pathlib import Path
from typing import Any

from bot.app import App, build, seed_demo
from bot.config import Settings


def web_settings(data_dir: Path, **kw: Any) -> Settings:
    values: dict[str, Any] = {
        "data_dir": data_dir, "database_url": f"sqlite:///{data_dir / 'web.db'}", "web_port": 0,
        "web_secret": "test-secret-for-the-web-cookie", "worker_poll_interval": 0.05, "core_processes": 0,
    }
    values.update(kw)
    return Settings(_env_file=None, **values)  # type: ignore[call-arg]


class LiveServer:
    """``pakn run``'s web part: WebChannel + the outbox worker with the web sender, in one event loop."""

    def __init__(self, settings: Settings, *, seed: bool = True, runner: Any = None) -> None:
        self.settings = settings
        self.app: App = build(settings)
        if seed:
            seed_demo(self.app.store, self.app.profile)
        self.runner = runner
        self.port = 0
        self.web: Any = None
        self._loop = asyncio.new_event_loop()
        self._ready = threading.Event()
        self._stop: asyncio.Event | None = None
        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._main, name="pakn-web-test", daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> LiveServer:
        self._thread.start()
        if not self._ready.wait(120):
            raise RuntimeError("the web server did not start")
        if self._error is not None:
            raise self._error
        return self

    def _main(self) -> None:
        asyncio.set_event_loop(self._loop)
        try:
            self._loop.run_until_complete(self._serve())
        except BaseException as e:  # reported to start()
            self._error = e
            self._ready.set()

    async def _serve(self) -> None:
        from bot.channels.web import WebChannel, bound_port
        from bot.delivery.worker import Worker

        self._stop = asyncio.Event()
        self.web = WebChannel(self.settings, self.app.core, self.app.store, runner=self.runner)
        runner = await self.web.start("127.0.0.1", 0)
        self.port = bound_port(runner)
        worker = Worker(self.app.store, {"web": self.web.sender}, self.settings)
        self._ready.set()
        try:
            await worker.run(self._stop)
        finally:
            await runner.cleanup()
            await self.web.close()

    def call(self, coro: Any, timeout: float = 30) -> Any:
        """Run a coroutine on the server's loop (from the test's thread)."""
        return asyncio.run_coroutine_threadsafe(coro, self._loop).result(timeout)

    def stop(self) -> None:
        if self._stop is not None:
            self._loop.call_soon_threadsafe(self._stop.set)
        self._thread.join(30)
        self.app.store.dispose()
