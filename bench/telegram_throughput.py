"""Telegram throughput: N simulated citizens write concurrently through the fake Bot API.

Measures updates/s and latency from update to reply, for pakn-bot (real core, NLU, database) and
for a minimal aiogram echo bot on the same harness (long polling, same aiohttp fake, same process,
same pinned aiogram response models), on SQLite and — when reachable — PostgreSQL. pakn-bot's core
runs as under `pakn run`: in worker processes (bot/core/runner.py, --core-processes).

Latency = from the moment the update is queued at the fake server to the moment the fake server
receives the first message of the bot's answer (``_at`` of the sendMessage call).

Two loads, reported separately:
  saturation  closed loop, zero think time: each citizen writes again as soon as it is answered.
              Measures capacity (updates/s). Latency here is queueing by construction (Little's
              law: mean latency = citizens / throughput, e.g. 50 / 500 per s = 100 ms).
  realistic   open loop per citizen: each citizen writes every U(1, 2) s (its own schedule, random
              phase); if the previous answer is still missing the next message waits for it and is
              counted as "late". Measures latency at a realistic arrival rate (~33 updates/s for 50).

    .venv/bin/python bench/telegram_throughput.py [--citizens 50] [--messages 6] [--realistic-messages 8]
        [--repeat 5] [--mode both|saturation|realistic] [--interval 1 2] [--filers 0.2] [--preload 100000]
        [--gc tuned|default]
        [--pg postgresql+psycopg://postgres@127.0.0.1:5432/test | --no-pg]   (a throw-away schema per run)

By default the run is the honest one: this process (harness, echo bot, pakn-bot's channel) has its garbage
collector tuned like `pakn run`'s processes (``--gc tuned``: both bots alike); the texts are the free-form dev
set; 20 % of the citizens file a whole petition (about 11 updates, buttons included) before their questions;
the database holds 100,000 petitions before the run.

Each configuration runs ``--repeat`` times, interleaved (echo, SQLite, PostgreSQL, echo, …) so the
noise of a shared machine spreads evenly; the table shows the median over runs of each figure.

Target (issue 4): ≥ 40% of the echo bot's throughput and p95 ≤ 100 ms at 50 concurrent citizens.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import os
import random
import shutil
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.stats import row, summary  # noqa: E402
from tests.fake_telegram import FakeTelegram, make_settings, running  # noqa: E402


# What citizens write: the hand-written free-form dev sets (intents/data/dev_freeform*.jsonl, never used for
# training), so the NLU and FAQ caches do not see the same six texts again and again. Texts that start a
# petition are what petition filers write first; the others are one-shot questions (FAQ, look-ups, small talk…).
def _freeform() -> tuple[list[str], list[str]]:
    import json

    rows = [json.loads(line) for name in ("dev_freeform.jsonl", "dev_freeform_so-khcn.jsonl")
            for line in (ROOT / "intents" / "data" / name).open(encoding="utf-8")]
    one_shot = {"faq", "status_lookup", "smalltalk", "help", "dialogue_schedule", "other"}
    return ([r["text"] for r in rows if r["intent"] in one_shot], [r["text"] for r in rows if r["intent"] == "petition"])


MESSAGES, PETITIONS = _freeform()
PREFER = ("Đúng", "Bỏ qua", "Tôi đồng ý", "Gửi")  # the buttons a petition filer presses, in this order of choice
# the same number of updates for the echo bot, which has no buttons: the texts a filer would type
ECHO_FORM = ["1", "Cửa hàng Thanh Hà, kiốt 12 chợ Nghĩa Lộ", "Bỏ qua", "Bỏ qua", "Nguyễn Văn An",
             "Số 5 Hùng Vương, phường Cẩm Thành, Quảng Ngãi", "0912345678", "Bỏ qua", "Tôi đồng ý", "Gửi"]


EXTRA = ("typing", "petitions")  # counters of a run shown after "late"
CORE_PROCESSES: int | None = None  # --core-processes (None = what `pakn run` uses: SQLite 1, PostgreSQL CPUs - 1)


async def drive(fake: FakeTelegram, citizens: int, per_citizen: int, first_uid: int, *,
                interval: tuple[float, float] | None = None, seed: int = 4, filers: float = 0.0,
                busy: Any = None) -> dict[str, Any]:
    """interval None = saturation (zero think); (lo, hi) = each citizen writes every U(lo, hi) s.

    A share ``filers`` of the citizens file one whole petition (content, confirmation, extra questions,
    contact details, consent, send: about 11 updates, buttons pressed as a person would) before their
    ``per_citizen`` one-shot messages. ``busy(uid)``: the bot is still answering that user (pakn-bot sends
    several messages for some steps; the next step waits for all of them). Without it (the echo bot) filers
    type the same number of texts."""
    latencies: list[float] = []
    late = 0
    sent = 0
    petitions_done = 0
    loop = asyncio.get_running_loop()
    rng = random.Random(seed)

    async def step(uid: int, text: str | None, press: tuple[dict, str] | None) -> list[dict]:
        nonlocal sent
        n = len(fake.messages(uid))
        t0 = time.monotonic()
        if press is not None:
            fake.press(uid, press[0], press[1])
        else:
            fake.user_text(uid, text or "")
        sent += 1
        msg = await fake.wait_for_message(uid, None, timeout=60, after=n)  # the first message of the answer
        latencies.append(msg["_at"] - t0)
        if busy is not None:
            await fake.wait_for(lambda: not busy(uid), timeout=60)
        return fake.messages(uid)[n:]

    async def file_petition(uid: int, text: str) -> None:
        nonlocal petitions_done
        if busy is None:
            for t in [text, *ECHO_FORM]:
                await step(uid, t, None)
            petitions_done += 1
            return
        press: tuple[dict, str] | None = None
        for _ in range(25):
            new = await step(uid, text, press)
            if any("Mã hồ sơ" in (m.get("text") or "") for m in new):
                petitions_done += 1
                return
            kb = next((m for m in reversed(new) if (m.get("reply_markup") or {}).get("inline_keyboard")), None)
            if kb is not None:
                buttons = [b for row in kb["reply_markup"]["inline_keyboard"] for b in row]
                pick = next((b for p in PREFER for b in buttons if p.lower() in b["text"].lower()), buttons[0])
                press, text = (kb, pick["callback_data"]), None
                continue
            press = None
            last = (new[-1].get("text") or "").lower() if new else ""
            text = ("Nguyễn Văn An" if "họ và tên" in last or "họ tên" in last else
                    "Số 5 Hùng Vương, phường Cẩm Thành, Quảng Ngãi" if "địa chỉ" in last else
                    "0912345678" if "điện thoại" in last else "Cửa hàng Thanh Hà, kiốt 12 chợ Nghĩa Lộ")

    async def citizen(uid: int, files: bool) -> None:
        nonlocal late
        next_at = loop.time() + (rng.uniform(0, interval[1]) if interval else 0.0)
        if files:
            await file_petition(uid, PETITIONS[uid % len(PETITIONS)])
            next_at = loop.time()
        for i in range(per_citizen):
            if interval:
                delay = next_at - loop.time()
                if delay > 0:
                    await asyncio.sleep(delay)
                elif i and delay < -0.005:
                    late += 1
                next_at += rng.uniform(*interval)
            await step(uid, MESSAGES[(uid * 7 + i) % len(MESSAGES)], None)
            if not interval:
                await asyncio.sleep(0)

    n_filers = round(citizens * filers)
    t0 = time.monotonic()
    await asyncio.gather(*(citizen(first_uid + k, k < n_filers) for k in range(citizens)))
    return {"wall": time.monotonic() - t0, "lat": latencies, "n": sent, "late": late, "petitions": petitions_done}


async def echo_run(citizens: int, per_citizen: int, first_uid: int, **load: Any) -> dict[str, Any]:
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
        return await drive(fake, citizens, per_citizen, first_uid, **load)
    finally:
        await dp.stop_polling()
        await asyncio.wait_for(task, 10)
        await bot.session.close()
        await fake.stop()


PRELOAD = 100_000  # --preload: petitions already in the database


def preload(url: str, n: int) -> None:
    """The database of an agency that has been running a while (storage/synthetic.py)."""
    from datetime import date

    from bot.profile import load_profile
    from storage import Store, synthetic

    if not n:
        return
    profile = load_profile("so-khcn")
    topics = [t.code for t in profile.topics]
    depts = [(profile.department_for_topic(t) or profile.departments[0]).code for t in topics]
    store = Store(url)
    synthetic.load_portable(store.engine, petitions=n, topics=topics, departments=depts, start=date(2024, 1, 1),
                            end=date(2026, 11, 1))
    store.dispose()


async def pakn_run(url: str, citizens: int, per_citizen: int, data_dir: Path, first_uid: int,
                   **load: Any) -> dict[str, Any]:
    from bot.app import sync_profile
    from bot.core.engine import Core
    from bot.profile import load_profile
    from storage import Store

    store = Store(url)
    store.upgrade()
    profile = load_profile("so-khcn")
    sync_profile(store, profile)
    core = Core(store, profile, staff_chats=[("telegram", "-1001234567890")])
    from bot.channels.fetchers import TelegramFileFetcher
    from bot.core.runner import ProcessRunner, default_processes
    from bot.core.types import Inbound

    await asyncio.to_thread(core.handle, Inbound(channel="bench", user_id="warm", text="xin chao"))  # load NLU
    fake = FakeTelegram()
    await fake.start()
    settings = make_settings(fake.base_url, data_dir, database_url=url, profile="so-khcn",
                             core_processes=CORE_PROCESSES)
    processes = default_processes(settings)  # exactly as `pakn run` decides
    kw: dict[str, Any] = {}
    if processes:
        kw["runner"] = ProcessRunner(settings, processes, fetchers=[TelegramFileFetcher(settings)])
        await kw["runner"].start()  # worker start-up (a few seconds) is not part of the measurement
    try:
        async with running(settings, core, store, **kw) as channel:
            result_meta = f"{processes} core processes" if processes else "core on threads"
            await asyncio.sleep(0.3)
            result = await drive(fake, citizens, per_citizen, first_uid,
                                 busy=lambda uid: str(uid) in channel._lock_users, **load)
            result["typing"] = channel.stats["typing"]
            result["how"] = result_meta
            # the rest of multi-message answers: let them go out before the fake server stops
            await fake.wait_for(lambda: not channel._lock_users and not channel._albums, timeout=30)
            return result
    finally:
        await fake.stop()
        store.dispose()


def pg_schema(base: str) -> tuple[str, Any]:
    """(URL of a throw-away schema, function that drops it)."""
    from storage.scratch import pg_schema as scratch_schema

    ctx = scratch_schema(base, prefix="bench")
    url = ctx.__enter__()
    return url, lambda: ctx.__exit__(None, None, None)


async def run_mode(args: argparse.Namespace, mode: str, tmp: Path) -> None:
    load: dict[str, Any] = {"interval": tuple(args.interval)} if mode == "realistic" else {}
    load["filers"] = args.filers
    per = args.realistic_messages if mode == "realistic" else args.messages
    runs: dict[str, list[dict[str, Any]]] = {"aiogram echo": [], "pakn-bot SQLite": [], "pakn-bot PostgreSQL": []}
    uid = 100_000
    pg_ok = not args.no_pg
    for rep in range(args.repeat):
        uid += 10_000
        runs["aiogram echo"].append(await echo_run(args.citizens, per, uid, seed=rep, **load))
        uid += 10_000
        db = tmp / f"bench-{mode}-{rep}.db"
        template = tmp / "preloaded.db"
        if not template.exists():
            from storage import Store

            st = Store(f"sqlite:///{template}")
            st.upgrade()
            st.dispose()
            preload(f"sqlite:///{template}", PRELOAD)
        shutil.copyfile(template, db)
        runs["pakn-bot SQLite"].append(await pakn_run(f"sqlite:///{db}", args.citizens, per, tmp, uid,
                                                      seed=rep, **load))
        if pg_ok:
            try:
                url, drop = pg_schema(args.pg)
            except Exception as e:
                print(f"(PostgreSQL skipped: {type(e).__name__}: {str(e).splitlines()[0][:120]})")
                pg_ok = False
            else:
                uid += 10_000
                try:
                    from storage import Store

                    st = Store(url)
                    st.upgrade()
                    st.dispose()
                    preload(url, PRELOAD)
                    runs["pakn-bot PostgreSQL"].append(await pakn_run(url, args.citizens, per, tmp, uid,
                                                                      seed=rep, **load))
                finally:
                    drop()
    load_text = ("zero think time (closed loop, saturation)" if mode == "saturation" else
                 f"each citizen writes every U({args.interval[0]:g}, {args.interval[1]:g}) s (open loop)")
    print(f"\n{mode}: {args.citizens} concurrent citizens × {per} messages, {round(args.filers * 100)} % of them "
          f"filing a whole petition first, {load_text}; {PRELOAD:,} petitions preloaded; median of {args.repeat} "
          "interleaved runs\n")
    print(f"{'run':<22} {'updates':>6} {'updates/s':>10} {'vs echo':>8} {'p50 ms':>9} {'p95 ms':>9} {'max ms':>9} "
          f"{'late':>5} {'typing':>6} {'filed':>5}   updates/s per run")
    echo = summary(runs["aiogram echo"], extra=EXTRA)
    for name, rs in runs.items():
        if rs:
            print(row(name, summary(rs, extra=EXTRA), None if name == "aiogram echo" else echo["rate"],
                      extra=(("typing", 6), ("petitions", 5))))
    hows = sorted({f"{name.split()[-1]}: {r['how']}" for name, rs in runs.items() for r in rs if "how" in r})
    print(f"(pakn-bot {'; '.join(hows)})")
    sys.stdout.flush()


async def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--citizens", type=int, default=50)
    ap.add_argument("--messages", type=int, default=6, help="messages per citizen, saturation")
    ap.add_argument("--realistic-messages", type=int, default=8, help="messages per citizen, realistic")
    ap.add_argument("--interval", type=float, nargs=2, default=[1.0, 2.0], metavar=("LO", "HI"),
                    help="realistic load: seconds between two messages of a citizen, uniform in [LO, HI]")
    ap.add_argument("--mode", choices=["both", "saturation", "realistic"], default="both")
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--filers", type=float, default=0.2, help="share of citizens who file a whole petition first")
    ap.add_argument("--preload", type=int, default=100_000, help="petitions in the database before the run")
    ap.add_argument("--pg", default=os.environ.get("PAKN_TEST_POSTGRES_URL",
                                                   "postgresql+psycopg://postgres@127.0.0.1:5432/test"))
    ap.add_argument("--no-pg", action="store_true")
    ap.add_argument("--gc", choices=["default", "tuned"], default="tuned",
                    help="this process's garbage collector, for the harness and both bots alike: CPython's defaults, "
                         "or bot.app.tune_gc() as `pakn run` applies it to its own process (pakn-bot's core worker "
                         "processes are always tuned: that is part of the bot)")
    ap.add_argument("--core-processes", type=int, default=None,
                    help="worker processes running the core, as PAKN_CORE_PROCESSES (default: as `pakn run`, "
                         "1 on SQLite, CPUs - 1 (1 to 4) on PostgreSQL; 0 = a thread of the bot's process)")
    args = ap.parse_args()
    global CORE_PROCESSES, PRELOAD
    CORE_PROCESSES = args.core_processes
    PRELOAD = args.preload
    logging.basicConfig(level=logging.WARNING)
    from bot.channels.telegram import _pin_response_types

    _pin_response_types()  # the echo bot gets the same aiogram fix as pakn-bot (a fair, faster baseline)
    if args.gc == "tuned":
        from bot.app import tune_gc

        tune_gc()
    print(f"garbage collector of the harness/bot process: {args.gc}")
    with tempfile.TemporaryDirectory() as tmp:
        for mode in (["saturation", "realistic"] if args.mode == "both" else [args.mode]):
            await run_mode(args, mode, Path(tmp))
    print("\ntarget: ≥ 40% of echo throughput (saturation), p95 ≤ 100 ms (realistic arrival rate)")


if __name__ == "__main__":
    asyncio.run(main())
