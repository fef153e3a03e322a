"""Shared fixtures: a database per test (SQLite, and PostgreSQL when PAKN_TEST_POSTGRES_URL is set)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import UTC, datetime

import pytest

from bot.core.engine import Core
from bot.core.types import Inbound, Outbound
from bot.profile import Profile, load_profile
from storage import Store
from storage.scratch import pg_schema

PG_URL = os.environ.get("PAKN_TEST_POSTGRES_URL")
REDIS_URL = os.environ.get("PAKN_TEST_REDIS_URL")

needs_postgres = pytest.mark.skipif(not PG_URL, reason="PostgreSQL test: set PAKN_TEST_POSTGRES_URL to run it")
needs_redis = pytest.mark.skipif(not REDIS_URL, reason="Redis test: set PAKN_TEST_REDIS_URL to run it")


@pytest.fixture
def pg_url() -> Iterator[str]:
    """A throw-away PostgreSQL schema, so tests never collide with other data in the database."""
    if not PG_URL:
        pytest.skip("PostgreSQL test: set PAKN_TEST_POSTGRES_URL to run it")
    with pg_schema(PG_URL) as url:
        yield url


def make_store(url: str) -> Store:
    store = Store(url)
    store.upgrade()
    return store


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=needs_postgres)])
def db_url(request, tmp_path) -> Iterator[str]:
    """Runs the test on SQLite, and on PostgreSQL when it is configured."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'pakn.db'}"
    else:
        yield request.getfixturevalue("pg_url")


@pytest.fixture
def store(db_url) -> Iterator[Store]:
    st = make_store(db_url)
    yield st
    st.dispose()


@pytest.fixture
def sqlite_store(tmp_path) -> Iterator[Store]:
    st = make_store(f"sqlite:///{tmp_path / 'pakn.db'}")
    yield st
    st.dispose()


@pytest.fixture(scope="session")
def profile() -> Profile:
    return load_profile("so-khcn")


class Clock:
    """A settable clock for the core (UTC)."""

    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock(datetime(2026, 11, 23, 2, 0, tzinfo=UTC))  # Monday 09:00 in Hà Nội


def build_core(store: Store, profile: Profile, clock: Clock | None = None) -> Core:
    from bot.app import sync_profile

    sync_profile(store, profile)
    return Core(store, profile, clock=clock)


@pytest.fixture
def core(store, profile, clock) -> Core:
    return build_core(store, profile, clock)


class Chat:
    """One person talking to the core, the way a channel would."""

    def __init__(self, core: Core, user_id: str, channel: str = "console", chat_id: str | None = None) -> None:
        self.core, self.user_id, self.channel, self.chat_id = core, user_id, channel, chat_id
        self.last: list[Outbound] = []

    def say(self, text: str = "", **kw) -> list[Outbound]:
        kw.setdefault("chat_id", self.chat_id)
        self.last = self.core.handle(Inbound(channel=self.channel, user_id=self.user_id, text=text, **kw))
        return self.last

    def press(self, payload: str, **kw) -> list[Outbound]:
        return self.say("", payload=payload, **kw)

    @property
    def text(self) -> str:
        return "\n".join(o.text for o in self.last)

    def payloads(self) -> list[str]:
        return [p for o in self.last for p in o.button_payloads()]

    def labels(self) -> list[str]:
        return [b.text for o in self.last for row in o.buttons for b in row]

    def choose(self, label: str, **kw) -> list[Outbound]:
        """Press the button of the last replies whose label contains ``label`` (accents and case ignored)."""
        from intents import fold

        want = fold(label)
        found = [b for o in self.last for row in o.buttons for b in row if want in fold(b.text)]
        assert found, f"no button '{label}' in {self.labels()}: {self.text}"
        return self.press(found[0].payload, **kw)

    def press_matching(self, prefix: str) -> list[Outbound]:
        p = next(x for x in self.payloads() if x.startswith(prefix))
        return self.press(p)


@pytest.fixture
def chat_factory(core):
    def make(user_id: str = "citizen-1", **kw) -> Chat:
        return Chat(core, user_id, **kw)

    return make


@pytest.fixture
def world(store, profile, clock):
    """A core with an admin, an officer and a citizen, for service-level scenarios."""
    from storage import citizens
    from storage import staff as staff_repo

    core = build_core(store, profile, clock)
    with store.session() as s:
        staff_repo.add(s, channel="console", user_id="boss", name="Nguyễn Thị Hoa", role="admin")
        staff_repo.add(s, channel="console", user_id="officer", name="Trần Văn Minh", role="officer")
        citizens.get_or_create(s, "console", "dan", "Người dân")
    return core


@pytest.fixture
async def fake():
    """A fake Telegram Bot API server on 127.0.0.1, started for one test (a test module may define its own)."""
    from tests.fake_telegram import FakeTelegram

    f = FakeTelegram()
    await f.start()
    yield f
    await f.stop()


@pytest.fixture
def staff(store):
    """An agency's staff: an admin, an officer and an inspector (a test module may define its own)."""
    from storage import staff as staff_repo

    with store.session() as s:
        admin = staff_repo.add(s, channel="console", user_id="boss", name="Nguyễn Thị Hoa", role="admin")
        officer = staff_repo.add(s, channel="console", user_id="officer", name="Trần Văn Minh", role="officer")
        inspector = staff_repo.add(s, channel="console", user_id="inspector", name="Lê Quang Huy", role="inspector")
    return {"admin": admin, "officer": officer, "inspector": inspector}
