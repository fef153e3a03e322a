"""What the fake Bot API servers (tests/fake_telegram.py, tests/fake_zalo.py) share: an aiohttp server on
127.0.0.1 (port 0: the system picks a free one), its start and stop, and waiting until something the channel did
shows, re-checked after every API call and every 50 ms."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Callable
from typing import Any, Self

from aiohttp import web


class FakeBotApi:
    client_max_size = 1024 * 1024  # aiohttp's default request body limit

    def __init__(self, host: str, port: int) -> None:
        self.host, self.port = host, port
        self._runner: web.AppRunner | None = None
        self._api_called = asyncio.Condition()  # waiters re-check after every API call

    def add_routes(self, app: web.Application) -> None:
        """The API's routes (the subclass's)."""
        raise NotImplementedError

    async def before_stop(self) -> None:
        """Wake what waits inside the server (held getUpdates polls) before it is stopped."""

    async def start(self) -> Self:
        app = web.Application(client_max_size=self.client_max_size)
        self.add_routes(app)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, self.host, self.port)
        await site.start()
        self.port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
        return self

    async def stop(self) -> None:
        await self.before_stop()
        if self._runner is not None:
            runner, self._runner = self._runner, None
            await runner.cleanup()

    async def __aenter__(self) -> Self:
        return await self.start()

    async def __aexit__(self, *exc: Any) -> None:
        await self.stop()

    @property
    def base_url(self) -> str:
        return f"http://{self.host}:{self.port}"

    async def api_called(self) -> None:
        async with self._api_called:
            self._api_called.notify_all()

    async def wait_for(self, predicate: Callable[[], Any], timeout: float = 10.0) -> Any:
        """Until ``predicate()`` is truthy (its value is returned); TimeoutError after ``timeout`` seconds."""
        async def _wait() -> Any:
            async with self._api_called:
                while True:
                    value = predicate()
                    if value:
                        return value
                    with contextlib.suppress(TimeoutError):  # also re-checked every 50 ms (state outside the fake)
                        await asyncio.wait_for(self._api_called.wait(), 0.05)
        return await asyncio.wait_for(_wait(), timeout)
