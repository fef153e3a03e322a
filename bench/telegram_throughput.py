"""Telegram throughput: N simulated citizens write concurrently through the fake Bot API.

Measures updates/s and latency from update (queued at the fake server) to the bot's reply, for
pakn-bot (real core, NLU, database) and for a minimal aiogram echo bot on the same harness
(long polling, same aiohttp fake, same process), on SQLite and — when reachable — PostgreSQL.

    .venv/bin/python bench/telegram_throughput.py [--citizens 50] [--messages 6]
        [--pg postgresql+psycopg://postgres@127.0.0.1:5432/test]   (a throw-away schema is used)

Target (issue 4): ≥ 40% of the echo bot's throughput and p95 ≤ 100 ms at 50 concurrent citizens.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import os
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.fake_telegram import FakeTelegram, make_settings, running  # noqa: E402

# What citizens write: greetings, FAQ questions, look-ups, the menu (no multi-step forms, so every
# message gets exactly one answer we can time; petitions are covered by the e2e tests).
MESSAGES = [
    "/start",
    "thu tuc cap giay phep kinh doanh can nhung giay to gi",
    "xin chao",
    "tra cuu ho so PA-2026-000001",
    "lich tiep cong dan cua so nhu the nao",
    "huong dan",
]


def pct(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    values = sorted(values)
    k = max(0, min(len(values) - 1, round(q * (len(values) - 1))))
    return values[k]


THINK = 0.0  # seconds a citizen waits after an answer before writing again (0 = saturation)


async def drive(fake: FakeTelegram, citizens: int, per_citizen: int, first_uid: int) -> tuple[float, list[float]]:
    latencies: list[float] = []

    async def citizen(uid: int) -> None:
        for i in range(per_citizen):
            n = len(fake.messages(uid))
            t0 = time.monotonic()
            fake.user_text(uid, MESSAGES[i % len(MESSAGES)])
            # the first message of the bot's answer to this update
            msg = await fake.wait_for_message(uid, None, timeout=60, after=n)
            latencies.append(msg["_at"] - t0)
            await asyncio.sleep(THINK or 0.02)

    t0 = time.monotonic()
    await asyncio.gather(*(citizen(first_uid + k) for k in range(citizens)))
    return time.monotonic() - t0, latencies


async def echo_run(citizens: int, per_citizen: int) -> dict[str, Any]:
    """A minimal aiogram echo bot: Dispatcher + one handler answering message.text."""
    from aiogram import Bot, Dispatcher
    from aiogram.client.session.aiohttp import AiohttpSession
    from aiogram.client.telegram import TelegramAPIServer
    from aiogram.types import Message

    fake = FakeTelegram()
    await fake.start()
    bot = Bot("123456789:AAHtestTOKENabcdefghijklmnopqrstuvwxyz0",
              session=AiohttpSession(api=TelegramAPIServer.from_base(fake.base_url)))
    dp = Dispatcher()

    @dp.message()
    async def echo(message: Message) -> None:
        await message.answer(message.text or "…")

    task = asyncio.create_task(dp.start_polling(bot, handle_signals=False, polling_timeout=1))
    await asyncio.sleep(0.2)
    try:
        wall, lat = await drive(fake, citizens, per_citizen, 100_000)
    finally:
        await dp.stop_polling()
        await asyncio.wait_for(task, 10)
        await bot.session.close()
        await fake.stop()
    return {"wall": wall, "lat": lat, "n": citizens * per_citizen}


async def pakn_run(url: str, citizens: int, per_citizen: int, data_dir: Path) -> dict[str, Any]:
    from bot.app import sync_profile
    from bot.core.engine import Core
    from bot.profile import load_profile
    from storage import Store

    store = Store(url)
    store.upgrade()
    profile = load_profile("so-khcn")
    sync_profile(store, profile)
    core = Core(store, profile, staff_chats=[("telegram", "-1001234567890")])
    from bot.core.types import Inbound

    await asyncio.to_thread(core.handle, Inbound(channel="bench", user_id="warm", text="xin chao"))  # load NLU
    fake = FakeTelegram()
    await fake.start()
    settings = make_settings(fake.base_url, data_dir)
    try:
        async with running(settings, core, store):
            await asyncio.sleep(0.3)
            wall, lat = await drive(fake, citizens, per_citizen, 200_000)
    finally:
        await fake.stop()
        store.dispose()
    return {"wall": wall, "lat": lat, "n": citizens * per_citizen}


def pg_schema(base: str) -> tuple[str, Any]:
    from sqlalchemy import create_engine, text

    schema = f"bench_{uuid.uuid4().hex[:10]}"
    admin = create_engine(base, isolation_level="AUTOCOMMIT")
    with admin.connect() as c:
        c.execute(text(f'CREATE SCHEMA "{schema}"'))
    sep = "&" if "?" in base else "?"

    def drop() -> None:
        with admin.connect() as c:
            c.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()

    return f"{base}{sep}options=-csearch_path%3D{schema}", drop


def row(name: str, r: dict[str, Any], echo_rate: float | None) -> str:
    rate = r["n"] / r["wall"]
    lat = [x * 1000 for x in r["lat"]]
    share = f"{100 * rate / echo_rate:5.0f}%" if echo_rate else "    —"
    return (f"{name:<22} {r['n']:>6} {rate:>10.1f} {share:>8} {statistics.median(lat):>9.1f} "
            f"{pct(lat, 0.95):>9.1f} {max(lat):>9.1f}")


async def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--citizens", type=int, default=50)
    ap.add_argument("--messages", type=int, default=6)
    ap.add_argument("--pg", default=os.environ.get("PAKN_TEST_POSTGRES_URL",
                                                   "postgresql+psycopg://postgres@127.0.0.1:5432/test"))
    ap.add_argument("--no-pg", action="store_true")
    ap.add_argument("--think", type=float, default=0.0,
                    help="pause per citizen between an answer and the next message (s); 0 = closed loop, saturation")
    args = ap.parse_args()
    global THINK
    THINK = args.think
    logging.basicConfig(level=logging.WARNING)

    echo = await echo_run(args.citizens, args.messages)
    results = [("aiogram echo", echo)]
    with tempfile.TemporaryDirectory() as tmp:
        results.append(("pakn-bot SQLite",
                        await pakn_run(f"sqlite:///{tmp}/bench.db", args.citizens, args.messages, Path(tmp))))
        if not args.no_pg:
            try:
                url, drop = pg_schema(args.pg)
            except Exception as e:
                print(f"(PostgreSQL skipped: {type(e).__name__}: {str(e).splitlines()[0][:120]})")
            else:
                try:
                    results.append(("pakn-bot PostgreSQL",
                                    await pakn_run(url, args.citizens, args.messages, Path(tmp))))
                finally:
                    drop()
    echo_rate = echo["n"] / echo["wall"]
    print(f"\n{args.citizens} concurrent citizens × {args.messages} messages, think time {args.think:g} s, "
          f"fake Bot API on 127.0.0.1, long polling\n")
    print(f"{'run':<22} {'updates':>6} {'updates/s':>10} {'vs echo':>8} {'p50 ms':>9} {'p95 ms':>9} {'max ms':>9}")
    for name, r in results:
        print(row(name, r, None if name == "aiogram echo" else echo_rate))
    print("\ntarget: ≥ 40% of echo throughput, p95 ≤ 100 ms")


if __name__ == "__main__":
    asyncio.run(main())
