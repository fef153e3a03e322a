"""Shared helpers for the delivery, broadcast and deadline tests (and bench/broadcast.py).

* ``make_db(url)``: a database migrated to the Alembic head (so a ``pakn worker`` subprocess's
  ``upgrade`` is a no-op on the same database);
* ``ScriptedSender``: an in-memory Sender whose results are scripted per recipient;
* ``ThreadedFake``: ``tests.fake_telegram.FakeTelegram`` (a real HTTP Bot API) in a background
  thread with its own event loop, for worker subprocesses and benchmarks;
* ``add_citizens``: many subscribers at once.
"""

from __future__ import annotations

import asyncio
import os
import threading
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator
from datetime import datetime
from typing import Any

import pytest
from pydantic import SecretStr

from bot.config import Settings
from bot.core.types import Outbound
from bot.delivery.base import Delivery, SendResult
from storage import Store

PG_URL = os.environ.get("PAKN_TEST_POSTGRES_URL")
REDIS_URL = os.environ.get("PAKN_TEST_REDIS_URL")
needs_postgres = pytest.mark.skipif(not PG_URL, reason="PostgreSQL test: set PAKN_TEST_POSTGRES_URL to run it")
needs_redis = pytest.mark.skipif(not REDIS_URL, reason="Redis test: set PAKN_TEST_REDIS_URL to run it")
TOKEN = "123456789:AAFakeTokenForTestsOnly_abcdefghijklmnop"


def make_db(url: str) -> Store:
    """A database migrated to head, as in production."""
    from tests.conftest import make_store

    return make_store(url)


def pg_schema() -> Any:
    """A throw-away PostgreSQL schema (URL with search_path), dropped afterwards."""
    from storage.scratch import pg_schema as scratch_schema

    assert PG_URL
    return scratch_schema(PG_URL, prefix="d")


def settings_for(url: str, **kw: Any) -> Settings:
    values: dict[str, Any] = {"database_url": url, "redis_url": None, "telegram_token": None,
                              "telegram_staff_chat_id": None, "delivery_backoff_base": 0.05,
                              "delivery_backoff_max": 0.2, "worker_poll_interval": 0.05}
    values.update(kw)
    if isinstance(values.get("telegram_token"), str):
        values["telegram_token"] = SecretStr(values["telegram_token"])
    return Settings(_env_file=None, **values)  # type: ignore[call-arg]


def add_citizens(store: Store, n: int, *, channel: str = "telegram", first_id: int = 100_000,
                 interests: list[str] | None = None, subscribed: bool = True, **fields: Any) -> list[int]:
    from storage.models import Citizen

    ids = []
    with store.session() as s:
        rows = [Citizen(channel=channel, channel_user_id=str(first_id + i), subscribed=subscribed,
                        interests=list(interests or []), **fields) for i in range(n)]
        s.add_all(rows)
        s.flush()
        ids = [c.id for c in rows]
    return ids


class ScriptedSender:
    """Records every send; ``script[recipient]`` is a list of results (SendResult or Exception) used in turn,
    then ``default``."""

    def __init__(self, channel: str = "telegram", *, default: Callable[[str, Outbound], SendResult] | None = None,
                 delay: float = 0.0) -> None:
        self.channel = channel
        self.script: dict[str, list[SendResult | Exception]] = defaultdict(list)
        self.default = default or (lambda r, m: SendResult.sent(f"m-{r}"))
        self.calls: list[tuple[str, Outbound]] = []
        self.delay = delay
        self.lock = threading.Lock()

    supports_digest = False
    text_limit = 4096

    async def send(self, delivery: Delivery) -> SendResult:
        recipient, msg = delivery.recipient, delivery.msg
        if self.delay:
            await asyncio.sleep(self.delay)
        with self.lock:
            self.calls.append((recipient, msg))
            queue = self.script.get(recipient)
            item = queue.pop(0) if queue else None
        if isinstance(item, Exception):
            raise item
        if item is not None:
            return item
        return self.default(recipient, msg)

    def sent_to(self) -> Counter[str]:
        return Counter(r for r, _ in self.calls)


class ThreadedFake:
    """FakeTelegram served from a background thread, usable from sync code and other processes."""

    def __init__(self, **kw: Any) -> None:
        self.kw = kw
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, name="fake-telegram", daemon=True)
        self.fake: Any = None

    def __enter__(self) -> ThreadedFake:
        from tests.fake_telegram import FakeTelegram

        self.thread.start()

        async def start() -> Any:
            return await FakeTelegram(**self.kw).start()

        self.fake = asyncio.run_coroutine_threadsafe(start(), self.loop).result(10)
        return self

    def __exit__(self, *exc: Any) -> None:
        asyncio.run_coroutine_threadsafe(self.fake.stop(), self.loop).result(10)
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(10)
        self.loop.close()

    @property
    def base_url(self) -> str:
        return self.fake.base_url

    def call(self, fn: Callable[[], Any]) -> Any:
        """Run ``fn`` on the server's loop (consistent reads, thread-safe controls)."""

        async def run() -> Any:
            return fn()

        return asyncio.run_coroutine_threadsafe(run(), self.loop).result(10)

    def received(self) -> dict[str, int]:
        """Bot messages accepted per chat id."""
        return self.call(lambda: {chat: len(msgs) for chat, msgs in self.fake.sent.items() if msgs})

    def total_received(self) -> int:
        return self.call(lambda: sum(len(m) for m in self.fake.sent.values()))

    def rejected(self) -> Counter[int]:
        return self.call(lambda: Counter(status for _m, status, _d in self.fake.rejected))


def wait_until(pred: Callable[[], bool], timeout: float, interval: float = 0.1) -> bool:
    import time

    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if pred():
            return True
        time.sleep(interval)
    return pred()


def statuses(store: Store, **kw: Any) -> dict[str, int]:
    from storage import outbox

    with store.session() as s:
        return outbox.counts(s, **kw)


def utc(y: int, mo: int, d: int, h: int = 0, mi: int = 0) -> datetime:
    from datetime import UTC

    return datetime(y, mo, d, h, mi, tzinfo=UTC)


# ------------------------------------------------------------------------------------------------ fixtures
@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=[needs_postgres, pytest.mark.postgres])])
def dstore(request, tmp_path) -> Iterator[Store]:
    """A fresh database (SQLite file; PostgreSQL throw-away schema when configured)."""
    if request.param == "sqlite":
        st = make_db(f"sqlite:///{tmp_path / 'delivery.db'}")
        yield st
        st.dispose()
        return
    with pg_schema() as url:
        st = make_db(url)
        yield st
        st.dispose()


@pytest.fixture
def pg_dstore() -> Iterator[Store]:
    if not PG_URL:
        pytest.skip("PostgreSQL test: set PAKN_TEST_POSTGRES_URL to run it")
    with pg_schema() as url:
        st = make_db(url)
        yield st
        st.dispose()


@pytest.fixture
def sqlite_dstore(tmp_path) -> Iterator[Store]:
    st = make_db(f"sqlite:///{tmp_path / 'delivery.db'}")
    yield st
    st.dispose()


@pytest.fixture(scope="session")
def dprofile():
    from bot.profile import load_profile

    return load_profile("so-khcn")
