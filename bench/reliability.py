"""No message lost under injected faults (issue 11): citizens writing through the fake Bot API (real HTTP,
aiogram polling, the real conversation core, the real outbox worker) while Telegram misbehaves, and staff
cards sent while the bot is out of the staff group, which then turns out to have become a supergroup.

    python bench/reliability.py                       # 100 citizens, 15 % of sends fail, a 6-s outage
    python bench/reliability.py --citizens 30 --outage 0
    python bench/reliability.py --db postgresql+psycopg://postgres@127.0.0.1:5432/test
    python bench/reliability.py --redis redis://127.0.0.1:1/0   # a dead Redis: the in-process limits take over

Faults on ``sendMessage`` to citizens, drawn at random with ``--fault-rate``: dropped connections, 502s and
429s (``retry_after`` 1–2 s; 1 in 10 asks for 15 s, beyond what a direct reply waits); plus an outage of
``--outage`` seconds during which every send is dropped (longer than a reply's ~3.5 s of retries). The staff
group refuses the bot (403) for ``--group-outage`` seconds, then answers with ``migrate_to_chat_id``.

Printed: what was sent, what was expected (the same messages through the core in process, without faults),
what arrived: lost, duplicated, out of order; replies that went through the outbox; faults injected; staff
cards delivered (on their own or in a digest) and alerts the administrator received.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import logging
import random
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.core.types import Button, Inbound, Outbound  # noqa: E402
from storage import outbox  # noqa: E402
from tests.delivery_fixtures import make_db, statuses  # noqa: E402
from tests.fake_telegram import STAFF_CHAT, FakeTelegram, make_settings, running  # noqa: E402

SEQUENCE = ["xin chào", "giờ làm việc của sở", "cảm ơn", "menu", "hủy"]
SUPERGROUP = -1009876543210
ADMIN = 5001
FIRST = 800_000


def database(db: str, tmp: Path):
    from storage.scratch import scratch_database

    return scratch_database(db, tmp, prefix="rel")


class Chaos:
    def __init__(self, rate: float, seed: int) -> None:
        self.rate = rate
        self.rng = random.Random(seed)
        self.outage_until = 0.0
        self.kinds: Counter[str] = Counter()

    def __call__(self, method: str, chat: str | None):
        if method != "sendMessage" or chat is None or chat.startswith("-") or chat == str(ADMIN):
            return None
        if time.monotonic() < self.outage_until:
            self.kinds["outage (dropped)"] += 1
            return (0, "", None)
        if self.rng.random() >= self.rate:
            return None
        kind = self.rng.choice(("dropped", "502", "429"))
        if kind == "dropped":
            self.kinds["dropped connection"] += 1
            return (0, "", None)
        if kind == "502":
            self.kinds["502 Bad Gateway"] += 1
            return (502, "Bad Gateway", None)
        retry = 15 if self.rng.random() < 0.1 else self.rng.choice((1, 2))
        self.kinds[f"429 retry_after {'15' if retry == 15 else '1-2'} s"] += 1
        return (429, f"Too Many Requests: retry after {retry}", retry)


def expected_replies(profile, tmp: Path) -> list[list[str]]:
    """The replies to each message of SEQUENCE from a new citizen, without faults."""
    from bot.app import sync_profile
    from bot.core.engine import Core

    store = make_db(f"sqlite:///{tmp / 'reference.db'}")
    sync_profile(store, profile)
    core = Core(store, profile)
    out = [[o.text or "" for o in core.handle(Inbound(channel="telegram", user_id="1", text=t, update_id=f"r{i}"))]
           for i, t in enumerate(SEQUENCE)]
    store.dispose()
    return out


def card(i: int) -> Outbound:
    code = f"PA-2026-{i:06d}-A"
    return Outbound(text=f"📨 {code}\nLoại: Phản ánh\n\nNội dung số {i}.", ref=code,
                    buttons=[[Button("🙋 Nhận xử lý", f"s:take:{code}")]])


async def run(args: argparse.Namespace) -> int:
    from bot.app import sync_profile
    from bot.core.engine import Core
    from bot.delivery.limits import make_limiter
    from bot.delivery.worker import Worker
    from bot.profile import load_profile
    from storage import staff as staff_repo

    logging.getLogger().setLevel(logging.WARNING)  # counted below, not printed
    warnings: Counter[str] = Counter()

    class Count(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            msg = record.getMessage()
            for key in ("Redis is unreachable", "replies put in the outbox", "cannot post in group", "upgraded to supergroup"):
                if key in msg:
                    warnings[key] += 1

    logging.getLogger().addHandler(Count(level=logging.WARNING))
    profile = load_profile("so-khcn")
    tmp = Path(tempfile.mkdtemp(prefix="pakn-rel-"))
    steps = expected_replies(profile, tmp)
    expected = [text for step in steps for text in step]
    chaos = Chaos(args.fault_rate, args.seed)
    fake = await FakeTelegram(group_per_minute=20).start()
    fake.chaos = chaos
    with database(args.db, tmp) as url:
        store = make_db(url)
        sync_profile(store, profile)
        with store.session() as s:
            staff_repo.add(s, channel="telegram", user_id=str(ADMIN), name="Quản trị", role="admin")
        settings = make_settings(fake.base_url, tmp, database_url=url, redis_url=args.redis,
                                 delivery_backoff_base=0.2, delivery_backoff_max=2.0, delivery_max_attempts=40,
                                 delivery_group_retry_seconds=2.0, worker_poll_interval=0.1,
                                 telegram_rate_per_chat_per_second=5.0)
        limiter = make_limiter(settings)
        core = Core(store, profile, staff_chats=[("telegram", str(STAFF_CHAT))])
        users = [FIRST + k for k in range(args.citizens)]
        t0 = time.monotonic()
        async with running(settings, core, store, limiter=limiter) as channel:
            stop = asyncio.Event()
            worker = Worker(store, {"telegram": channel.sender}, settings, profile=profile, limiter=limiter,
                            worker_id="bench-rel")
            worker.scheduler = None
            wtask = asyncio.create_task(worker.run(stop))
            # staff cards while the bot is out of the group; the group then turns out to be a supergroup
            fake.kick(STAFF_CHAT)
            with store.session() as s:
                for i in range(1, args.cards + 1):
                    outbox.enqueue(s, channel="telegram", recipient=str(STAFF_CHAT), payload=card(i).to_payload(),
                                   purpose="card", ref=card(i).ref)

            async def group_back() -> None:
                await asyncio.sleep(args.group_outage)
                fake.migrate(STAFF_CHAT, SUPERGROUP)
                fake.unkick(STAFF_CHAT)

            async def outage() -> None:
                await asyncio.sleep(2.0)
                chaos.outage_until = time.monotonic() + args.outage

            async def citizen(user: int) -> None:
                """Writes like a person: the next message after the answer to the previous one (or --patience)."""
                want = 0
                for text, step in zip(SEQUENCE, steps, strict=True):
                    want += len(step)
                    fake.user_text(user, text)
                    with contextlib.suppress(TimeoutError):  # counted as lost below
                        await fake.wait_for(lambda u=user, w=want: len(fake.messages(u)) >= w, args.patience)
                    await asyncio.sleep(random.uniform(0.2, 1.0))

            await asyncio.gather(group_back(), outage(), *(citizen(u) for u in users))
            # everything in the outbox delivered (or given up)
            for _ in range(600):
                c = statuses(store)
                if c["pending"] + c["sending"] == 0:
                    break
                await asyncio.sleep(0.2)
            elapsed = time.monotonic() - t0
            stop.set()
            await wtask
        await limiter.aclose()
        c = statuses(store)
        with store.session() as s:
            deferred = len(outbox.rows_for(s, purpose="reply"))
            card_rows = outbox.rows_for(s, purpose="card")
        store.dispose()
    await fake.stop()

    lost = dup = disorder = 0
    for u in users:
        got = fake.texts(u)
        missing = Counter(expected) - Counter(got)
        extra = Counter(got) - Counter(expected)
        lost += sum(missing.values())
        dup += sum(extra.values())
        if not missing and not extra and got != expected:
            disorder += 1
    group_texts = fake.texts(SUPERGROUP)
    cards_alone = sum(1 for t in group_texts if t.startswith("📨 PA-"))
    digested = sum(t.count("• ") for t in group_texts if "vượt giới hạn" in t)
    cards_in_old = len(fake.texts(STAFF_CHAT))
    admin = fake.texts(ADMIN)
    faults = sum(chaos.kinds.values())
    print(f"pakn-bot reliability under injected faults ({args.db if args.db == 'sqlite' else 'PostgreSQL'}, "
          f"Redis {'dead: ' + args.redis if args.redis else 'not used'}), {elapsed:.1f} s")
    print(f"  citizens {args.citizens} × {len(SEQUENCE)} messages = {args.citizens * len(SEQUENCE)} updates; "
          f"replies expected {args.citizens * len(expected)}")
    print(f"  faults injected on sendMessage: {faults} ({', '.join(f'{k} {v}' for k, v in chaos.kinds.most_common())}); "
          f"outage {args.outage:.0f} s")
    print(f"  replies delivered {sum(len(fake.texts(u)) for u in users)}, lost {lost}, duplicated {dup}, "
          f"citizens with replies out of order {disorder}")
    print(f"  replies that went through the outbox {deferred}")
    print(f"  staff cards {args.cards} while the bot was out of the group for {args.group_outage:.0f} s, then a "
          f"supergroup: delivered {cards_alone} as cards + {digested} in digests = {cards_alone + digested}, "
          f"in the old group {cards_in_old}, rows {Counter(r.status for r in card_rows)}")
    print(f"  alerts to the administrator: {len(admin)} ({'; '.join(a[:60] for a in admin)})")
    print(f"  outbox: {c}; log: {dict(warnings)}")
    ok = lost == 0 and dup == 0 and disorder == 0 and cards_alone + digested == args.cards
    print("  RESULT:", "nothing lost" if ok else "MESSAGES LOST OR DUPLICATED")
    return 0 if ok else 1


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--citizens", type=int, default=100)
    ap.add_argument("--fault-rate", type=float, default=0.15)
    ap.add_argument("--outage", type=float, default=6.0, help="seconds during which every send is dropped")
    ap.add_argument("--cards", type=int, default=30)
    ap.add_argument("--group-outage", type=float, default=8.0)
    ap.add_argument("--db", default="sqlite", help="sqlite, or a PostgreSQL URL (a throw-away schema is used)")
    ap.add_argument("--redis", default=None, help="a Redis URL (e.g. a dead one) for the shared limits")
    ap.add_argument("--seed", type=int, default=11)
    ap.add_argument("--patience", type=float, default=120.0, help="seconds a citizen waits for an answer")
    sys.exit(asyncio.run(run(ap.parse_args())))


if __name__ == "__main__":
    main()
