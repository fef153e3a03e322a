"""Broadcast benchmark: one announcement to many subscribers through the real outbox worker and the real
Telegram sender, against the fake Bot API server (real HTTP) that enforces a global rate with 429s and
has a share of users who blocked the bot (403).

    python bench/broadcast.py                          # 10,000 subscribers, limit 25/s, server 30/s, 2% blocked
    python bench/broadcast.py --subscribers 1000       # a quick run
    python bench/broadcast.py --db postgresql+psycopg://postgres@127.0.0.1:5432/test   # on PostgreSQL

Run 1 (no crash, worker in process) reports the achieved rate against the configured limit, messages
lost and duplicates. Run 2 starts `pakn worker` as a subprocess, kills it with SIGKILL at --crash-at of
the broadcast, restarts it and reports the duplicates (bound: the worker's concurrency).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import signal
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.delivery.base import Delivery, SendResult  # noqa: E402
from bot.services import announcements as bc  # noqa: E402
from tests.delivery_fixtures import (  # noqa: E402
    TOKEN,
    ThreadedFake,
    add_citizens,
    make_db,
    settings_for,
    statuses,
    wait_until,
)

FIRST_ID = 5_000_000


def database(db: str, tmp: Path):
    from storage.scratch import scratch_database

    return scratch_database(db, tmp, prefix="bench")


def prepare(url: str, n: int, blocked_share: float, seed: int) -> tuple[object, int, set[str]]:
    store = make_db(url)
    add_citizens(store, n, first_id=FIRST_ID)
    rnd = random.Random(seed)
    blocked = {str(FIRST_ID + i) for i in rnd.sample(range(n), int(n * blocked_share))}
    with store.session() as s:
        b = bc.create_announcement(s, text="📢 Thông báo: hội nghị đối thoại về thủ tục hành chính ngày 15/12.")
        bc.send_now(s, b)
        bc.start(s, b)
        bid = b.id
    return store, bid, blocked


class TimedSender:
    """Wraps the real sender to timestamp every request that reached the server."""

    def __init__(self, inner) -> None:
        self.inner, self.channel = inner, inner.channel
        self.supports_digest, self.text_limit = inner.supports_digest, inner.text_limit
        self.times: list[float] = []
        self.results: Counter[str] = Counter()

    async def send(self, delivery: Delivery) -> SendResult:
        try:
            r = await self.inner.send(delivery)
        except Exception:
            self.results["error"] += 1
            raise
        self.times.append(time.monotonic())
        self.results["ok" if r.ok else "429" if r.retry_after else "403" if r.blocked else "other"] += 1
        return r


def summarize(tf: ThreadedFake, n: int, blocked: set[str]) -> dict:
    received = tf.received()
    expected = {str(FIRST_ID + i) for i in range(n)} - blocked
    lost = len(expected - set(received))
    duplicates = sum(c - 1 for c in received.values())
    rejected = tf.rejected()
    return {"delivered": sum(1 for c in expected if c in received), "expected": len(expected), "lost": lost,
            "duplicates": duplicates, "http_429": rejected.get(429, 0), "http_403": rejected.get(403, 0)}


async def run_in_process(url: str, store, bid: int, tf: ThreadedFake, args) -> dict:
    from bot.channels.telegram import TelegramSender, make_bot
    from bot.delivery.worker import Worker

    settings = settings_for(url, telegram_token=TOKEN, telegram_api_url=tf.base_url,
                            telegram_rate_per_second=args.limit, redis_url=args.redis,
                            delivery_backoff_base=1.0, delivery_backoff_max=30.0, worker_poll_interval=0.2)
    bot = make_bot(settings)
    sender = TimedSender(TelegramSender(bot, store, settings))
    worker = Worker(store, {"telegram": sender}, settings, concurrency=args.concurrency, batch_size=args.batch)
    stop = asyncio.Event()

    async def watch() -> None:
        last = -1
        while True:
            c = await asyncio.to_thread(statuses, store, broadcast_id=bid)
            if c["pending"] + c["sending"] == 0:
                break
            done = c["sent"] + c["blocked"] + c["failed"]
            if done // 1000 != last // 1000:
                print(f"  … {done} done", flush=True)
            last = done
            await asyncio.sleep(0.5)
        stop.set()

    t0 = time.monotonic()
    await asyncio.gather(worker.run(stop), watch())
    wall = time.monotonic() - t0
    await bot.session.close()
    span = (sender.times[-1] - sender.times[0]) if len(sender.times) > 1 else wall
    requests = len(sender.times)
    return {"wall_s": round(wall, 1), "send_span_s": round(span, 1), "requests": requests,
            "rate_requests_per_s": round(requests / span, 2),
            "rate_delivered_per_s": round(sender.results["ok"] / span, 2), "sender_results": dict(sender.results),
            "worker_stats": dict(worker.stats)}


def run_crash(url: str, store, bid: int, tf: ThreadedFake, n: int, args, tmp: Path) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PAKN_")}
    env.update(PYTHONPATH=str(ROOT), PAKN_DATABASE_URL=url, PAKN_TELEGRAM_TOKEN=TOKEN,
               PAKN_TELEGRAM_API_URL=tf.base_url, PAKN_TELEGRAM_RATE_PER_SECOND=str(args.limit),
               PAKN_DATA_DIR=str(tmp / "data"), PAKN_LOG_LEVEL="WARNING")
    if args.redis:
        env["PAKN_REDIS_URL"] = args.redis
    cmd = [sys.executable, "-m", "bot.cli", "worker", "--concurrency", str(args.concurrency), "--batch",
           str(args.batch), "--lease", str(args.lease)]
    first = subprocess.Popen(cmd, env=env, cwd=tmp)
    target = int(n * args.crash_at)
    wait_until(lambda: tf.total_received() >= target, timeout=3600, interval=0.05)
    os.kill(first.pid, signal.SIGKILL)
    first.wait()
    at_kill = tf.total_received()
    in_flight = statuses(store, broadcast_id=bid)["sending"]
    second = subprocess.Popen(cmd, env=env, cwd=tmp)

    def finished() -> bool:
        c = statuses(store, broadcast_id=bid)
        return c["pending"] + c["sending"] == 0

    wait_until(finished, timeout=7200, interval=0.5)
    second.send_signal(signal.SIGTERM)
    second.wait(30)
    return {"killed_after_messages": at_kill, "rows_in_flight_at_kill": in_flight,
            "duplicate_bound": args.concurrency}


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--subscribers", type=int, default=10_000)
    p.add_argument("--limit", type=float, default=25.0, help="configured worker rate (msg/s)")
    p.add_argument("--server-rate", type=float, default=30.0, help="fake server's limit (429 above it)")
    p.add_argument("--blocked", type=float, default=0.02, help="share of subscribers who blocked the bot")
    p.add_argument("--concurrency", type=int, default=8)
    p.add_argument("--batch", type=int, default=5)
    p.add_argument("--lease", type=float, default=10.0)
    p.add_argument("--crash-at", type=float, default=0.3)
    p.add_argument("--crash-subscribers", type=int, default=None, help="subscribers in the crash run (default: same)")
    p.add_argument("--no-crash", action="store_true")
    p.add_argument("--db", default="sqlite", help="'sqlite' or a PostgreSQL URL")
    p.add_argument("--redis", default=None, help="share limits through this Redis")
    p.add_argument("--seed", type=int, default=7)
    args = p.parse_args()
    results: dict = {"config": {k: v for k, v in vars(args).items()}}

    with tempfile.TemporaryDirectory() as d:
        tmp = Path(d)
        print(f"Run 1: {args.subscribers} subscribers, limit {args.limit}/s, server {args.server_rate}/s with 429, "
              f"{args.blocked:.0%} blocked", flush=True)
        with database(args.db, tmp / "a") as url:
            (tmp / "a").mkdir(exist_ok=True)
            store, bid, blocked = prepare(url, args.subscribers, args.blocked, args.seed)
            with ThreadedFake(rate_limit=args.server_rate) as tf:
                for chat in blocked:
                    tf.call(lambda c=chat: tf.fake.block(c))
                perf = asyncio.run(run_in_process(url, store, bid, tf, args))
                perf.update(summarize(tf, args.subscribers, blocked))
                perf["db"] = statuses(store, broadcast_id=bid)
            store.dispose()
        perf["rate_vs_limit"] = round(perf["rate_requests_per_s"] / args.limit, 3)
        results["no_crash"] = perf
        print(json.dumps(perf, ensure_ascii=False, indent=2), flush=True)

        if not args.no_crash:
            n = args.crash_subscribers or args.subscribers
            print(f"Run 2: kill -9 of `pakn worker` at {args.crash_at:.0%} of {n} messages, then a restart",
                  flush=True)
            (tmp / "b").mkdir(exist_ok=True)
            with database(args.db, tmp / "b") as url:
                store, bid, blocked = prepare(url, n, args.blocked, args.seed + 1)
                with ThreadedFake(rate_limit=args.server_rate) as tf:
                    for chat in blocked:
                        tf.call(lambda c=chat: tf.fake.block(c))
                    crash = run_crash(url, store, bid, tf, n, args, tmp / "b")
                    crash.update(summarize(tf, n, blocked))
                    crash["db"] = statuses(store, broadcast_id=bid)
                store.dispose()
            results["crash"] = crash
            print(json.dumps(crash, ensure_ascii=False, indent=2), flush=True)

    a = results["no_crash"]
    print("\n=== Summary ===")
    print(f"achieved rate: {a['rate_requests_per_s']} req/s = {a['rate_vs_limit']:.1%} of the configured "
          f"{args.limit}/s (delivered {a['rate_delivered_per_s']} msg/s; 2% of requests hit blocked users)")
    print(f"lost: {a['lost']}   duplicates without crash: {a['duplicates']}   429s: {a['http_429']}   "
          f"403s: {a['http_403']}")
    if "crash" in results:
        c = results["crash"]
        print(f"with kill -9 after {c['killed_after_messages']} messages ({c['rows_in_flight_at_kill']} rows in "
              f"flight): lost {c['lost']}, duplicates {c['duplicates']} (bound {c['duplicate_bound']})")


if __name__ == "__main__":
    main()
