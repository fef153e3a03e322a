"""Zalo throughput: N simulated citizens write concurrently through the fake Zalo Bot API.

Measures updates/s and latency from event to reply, for pakn-bot (real core, NLU, database; the core
in worker processes as under ``pakn run``) and for a minimal echo bot on the same harness (the same
getUpdates long polling with our aiohttp client, the same fake server, the same process), on SQLite and
— when reachable — PostgreSQL. Zalo's getUpdates hands out one event per call, so a poller's rate is
bounded by its round trips: the echo bot shows that ceiling.

Latency = from the moment the event is queued at the fake server to the moment the fake server
receives the first message of the bot's answer.

Loads, as in bench/telegram_throughput.py:
  saturation  closed loop, zero think time (capacity; latency is queueing by construction);
  realistic   each citizen writes every U(1, 2) s (latency at a realistic arrival rate).

Then ``--client``: the cost of one sendMessage with our thin aiohttp client (bot/channels/zalo.py) and
with the PyPI package python-zalo-bot, against the same fake server running in another thread:
wall time per message and the CPU time of the client's own thread per message. python-zalo-bot is
not a dependency: the comparison runs when it is importable from ``--zalo-bot-path`` (e.g.
``pip install --target /tmp/zalolib python-zalo-bot``).

    .venv/bin/python bench/zalo_throughput.py [--citizens 50] [--messages 6] [--realistic-messages 8]
        [--repeat 3] [--mode both|saturation|realistic|none] [--transport polling|webhook] [--no-pg]
        [--client] [--zalo-bot-path DIR]
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import os
import random
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.stats import row, summary  # noqa: E402
from tests.fake_zalo import TOKEN, FakeZalo, make_settings  # noqa: E402

MESSAGES = [
    "/start",
    "thu tuc cap giay phep kinh doanh can nhung giay to gi",
    "xin chao",
    "tra cuu ho so PA-2026-000001",
    "lich tiep cong dan cua so nhu the nao",
    "huong dan",
]


SECRET = "bench-webhook-secret"
TRANSPORT = "polling"  # --transport


async def drive(fake: FakeZalo, citizens: int, per_citizen: int, first_uid: int, *,
                interval: tuple[float, float] | None = None, seed: int = 4) -> dict[str, Any]:
    """Polling: events queued at the fake server; webhook: POSTed by it to the bot, as Zalo does."""
    latencies: list[float] = []
    posts: set[asyncio.Task] = set()
    late = 0
    loop = asyncio.get_running_loop()
    rng = random.Random(seed)

    async def citizen(uid: str) -> None:
        nonlocal late
        next_at = loop.time() + (rng.uniform(0, interval[1]) if interval else 0.0)
        for i in range(per_citizen):
            if interval:
                delay = next_at - loop.time()
                if delay > 0:
                    await asyncio.sleep(delay)
                elif i and delay < -0.005:
                    late += 1
                next_at += rng.uniform(*interval)
            n = len(fake.by_chat.get(uid, ()))
            t0 = time.monotonic()
            text = MESSAGES[(int(uid) + i) % len(MESSAGES)]
            if TRANSPORT == "webhook":
                post = asyncio.ensure_future(fake.deliver_webhook(fake.event(uid, "message.text.received", text=text),
                                                                   secret=SECRET))
                posts.add(post)
                post.add_done_callback(posts.discard)
            else:
                fake.user_text(uid, text)
            await fake.wait_for(lambda n=n: len(fake.by_chat.get(uid, ())) > n, timeout=60)
            latencies.append(fake.by_chat[uid][n]["_at"] - t0)

    t0 = time.monotonic()
    await asyncio.gather(*(citizen(str(first_uid + k)) for k in range(citizens)))
    return {"wall": time.monotonic() - t0, "lat": latencies, "n": citizens * per_citizen, "late": late}


async def echo_run(citizens: int, per_citizen: int, first_uid: int, tmp: Path, **load: Any) -> dict[str, Any]:
    """The same long polling (or webhook server) and client as the channel, answering each text with itself."""
    from aiohttp import web

    from bot.channels.base import HttpServer
    from bot.channels.zalo import ZaloApi

    fake = await FakeZalo().start()
    api = ZaloApi(make_settings(fake.base_url, tmp))
    stop = asyncio.Event()
    tasks: set[asyncio.Task] = set()
    if TRANSPORT == "webhook":
        http = HttpServer()

        async def hook(request: web.Request) -> web.Response:
            m = (await request.json())["message"]
            t = asyncio.create_task(api.send_message(m["chat"]["id"], m.get("text") or "…"))
            tasks.add(t)
            t.add_done_callback(tasks.discard)
            return web.json_response({"ok": True})

        http.add_route("POST", "/hook", hook)
        await http.start("127.0.0.1", 0)
        await api.set_webhook(f"http://127.0.0.1:{http.port}/hook", SECRET)
        try:
            return await drive(fake, citizens, per_citizen, first_uid, **load)
        finally:
            await http.cleanup()
            await api.close()
            await fake.stop()

    async def poll() -> None:
        while not stop.is_set():
            try:
                ev = await api.get_updates(1)
            except Exception:
                continue
            if ev:
                m = ev["message"]
                t = asyncio.create_task(api.send_message(m["chat"]["id"], m.get("text") or "…"))
                tasks.add(t)
                t.add_done_callback(tasks.discard)

    poller = asyncio.create_task(poll())
    try:
        return await drive(fake, citizens, per_citizen, first_uid, **load)
    finally:
        stop.set()
        await asyncio.wait_for(poller, 5)
        await api.close()
        await fake.stop()


async def pakn_run(url: str, citizens: int, per_citizen: int, data_dir: Path, first_uid: int,
                   **load: Any) -> dict[str, Any]:
    from bot.app import sync_profile
    from bot.channels.registry import fetchers
    from bot.core.engine import Core
    from bot.core.runner import ProcessRunner, default_processes
    from bot.core.types import Inbound
    from bot.profile import load_profile
    from storage import Store
    from tests.fake_zalo import running

    store = Store(url)
    store.upgrade()
    profile = load_profile("so-khcn")
    sync_profile(store, profile)
    core = Core(store, profile)
    await asyncio.to_thread(core.handle, Inbound(channel="bench", user_id="warm", text="xin chao"))
    fake = await FakeZalo().start()
    settings = make_settings(fake.base_url, data_dir, database_url=url, profile="so-khcn")
    processes = default_processes(settings)
    kw: dict[str, Any] = {}
    if processes:
        kw["runner"] = ProcessRunner(settings, processes, fetchers=fetchers(settings))
        await kw["runner"].start()
    if TRANSPORT == "webhook":
        from bot.channels.base import HttpServer
        from bot.channels.zalo import ZaloChannel, add_webhook_route, run_zalo

        http = HttpServer()
        channel = ZaloChannel(settings, core, store, **kw)
        add_webhook_route(channel, http, secret=SECRET)
        await http.start("127.0.0.1", 0)
        settings.zalo_webhook_url = f"http://127.0.0.1:{http.port}/zalo/webhook"
        stop = asyncio.Event()
        task = asyncio.create_task(run_zalo(settings, core, store, webhook=True, stop_event=stop, channel=channel,
                                            http=http, secret=SECRET))
        try:
            await fake.wait_for(lambda: fake.webhook is not None)
            result = await drive(fake, citizens, per_citizen, first_uid, **load)
            result["how"] = f"{processes} core processes" if processes else "core on threads"
            await fake.wait_for(lambda: not channel.order._locks, timeout=30)
            return result
        finally:
            stop.set()
            await asyncio.wait_for(task, 15)
            await http.cleanup()
            await fake.stop()
            store.dispose()
    try:
        async with running(settings, core, store, poll_timeout=1, **kw) as channel:
            await asyncio.sleep(0.3)
            result = await drive(fake, citizens, per_citizen, first_uid, **load)
            result["how"] = f"{processes} core processes" if processes else "core on threads"
            await fake.wait_for(lambda: not channel.order._locks, timeout=30)
            return result
    finally:
        await fake.stop()
        store.dispose()


async def run_mode(args: argparse.Namespace, mode: str, tmp: Path) -> None:
    from storage.scratch import pg_schema

    load: dict[str, Any] = {"interval": tuple(args.interval)} if mode == "realistic" else {}
    per = args.realistic_messages if mode == "realistic" else args.messages
    runs: dict[str, list[dict[str, Any]]] = {"echo (our client)": [], "pakn-bot SQLite": [], "pakn-bot PostgreSQL": []}
    uid = 100_000
    pg_ok = not args.no_pg
    for rep in range(args.repeat):
        uid += 10_000
        runs["echo (our client)"].append(await echo_run(args.citizens, per, uid, tmp, seed=rep, **load))
        uid += 10_000
        runs["pakn-bot SQLite"].append(await pakn_run(f"sqlite:///{tmp / f'z-{mode}-{rep}.db'}", args.citizens, per,
                                                      tmp, uid, seed=rep, **load))
        if pg_ok:
            ctx = pg_schema(args.pg, prefix="benchz")
            try:
                url = ctx.__enter__()
            except Exception as e:
                print(f"(PostgreSQL skipped: {type(e).__name__}: {str(e).splitlines()[0][:120]})")
                pg_ok = False
                continue
            uid += 10_000
            try:
                runs["pakn-bot PostgreSQL"].append(await pakn_run(url, args.citizens, per, tmp, uid, seed=rep, **load))
            finally:
                ctx.__exit__(None, None, None)
    text = ("zero think time (closed loop, saturation)" if mode == "saturation" else
            f"each citizen writes every U({args.interval[0]:g}, {args.interval[1]:g}) s (open loop)")
    print(f"\n{mode} ({TRANSPORT}): {args.citizens} concurrent citizens × {per} messages, {text}; "
          f"median of {args.repeat} runs\n")
    print(f"{'run':<22} {'events':>6} {'events/s':>10} {'vs echo':>8} {'p50 ms':>9} {'p95 ms':>9} {'max ms':>9} "
          f"{'late':>5}   events/s per run")
    echo = summary(runs["echo (our client)"])
    for name, rs in runs.items():
        if rs:
            print(row(name, summary(rs), None if name.startswith("echo") else echo["rate"]))
    hows = sorted({f"{n.split()[-1]}: {r['how']}" for n, rs in runs.items() for r in rs if "how" in r})
    print(f"(pakn-bot {'; '.join(hows)})")
    sys.stdout.flush()


# ---------------------------------------------------------------------------------------- clients
class _ServerThread:
    """The fake server on its own event loop in another thread (its CPU is not the client's)."""

    def __init__(self) -> None:
        self.loop = asyncio.new_event_loop()
        self.fake: FakeZalo | None = None
        self.thread = threading.Thread(target=self.loop.run_forever, daemon=True)

    def __enter__(self) -> FakeZalo:
        self.thread.start()
        self.fake = asyncio.run_coroutine_threadsafe(FakeZalo().start(), self.loop).result(10)
        return self.fake

    def __exit__(self, *exc: Any) -> None:
        assert self.fake is not None
        asyncio.run_coroutine_threadsafe(self.fake.stop(), self.loop).result(10)
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(5)


async def _measure(send: Any, n: int) -> tuple[float, float]:
    for i in range(20):  # warm-up: connections, caches
        await send(f"khởi động {i}")
    c0, t0 = time.thread_time(), time.perf_counter()
    for i in range(n):
        await send(f"Kính gửi Ông/Bà, hồ sơ PA-2026-{i:06d} đã được tiếp nhận.")
    return (time.perf_counter() - t0) / n * 1000, (time.thread_time() - c0) / n * 1000


async def client_costs(n: int, tmp: Path, lib_path: str | None) -> None:
    from bot.channels.zalo import ZaloApi

    print(f"\nclient cost per sendMessage ({n} sequential messages, fake server in another thread)\n")
    print(f"{'client':<34} {'wall ms/msg':>12} {'client CPU ms/msg':>18}")
    with _ServerThread() as fake:
        api = ZaloApi(make_settings(fake.base_url, tmp))
        wall, cpu = await _measure(lambda text: api.send_message("900", text), n)
        await api.close()
        print(f"{'ours (aiohttp, bot/channels/zalo)':<34} {wall:>12.3f} {cpu:>18.3f}")
        if lib_path:
            sys.path.append(lib_path)  # after our own packages: its copies of shared libraries lose
        try:
            from zalo_bot import Bot  # type: ignore[import-not-found]
        except ImportError:
            print("python-zalo-bot: not importable (pass --zalo-bot-path)")
            return
        bot = Bot(TOKEN, base_url=fake.base_url)
        await bot.initialize()
        wall, cpu = await _measure(lambda text: bot.send_message("900", text), n)
        await bot.shutdown()
        print(f"{'python-zalo-bot 0.1.9 (httpx)':<34} {wall:>12.3f} {cpu:>18.3f}")


async def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--citizens", type=int, default=50)
    ap.add_argument("--messages", type=int, default=6)
    ap.add_argument("--realistic-messages", type=int, default=8)
    ap.add_argument("--interval", type=float, nargs=2, default=[1.0, 2.0], metavar=("LO", "HI"))
    ap.add_argument("--mode", choices=["both", "saturation", "realistic", "none"], default="both")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--pg", default=os.environ.get("PAKN_TEST_POSTGRES_URL",
                                                   "postgresql+psycopg://postgres@127.0.0.1:5432/test"))
    ap.add_argument("--no-pg", action="store_true")
    ap.add_argument("--transport", choices=["polling", "webhook"], default="polling",
                    help="how events reach the bots: getUpdates (one event per call) or POSTs to a webhook")
    ap.add_argument("--client", action="store_true", help="also measure the cost per message of the clients")
    ap.add_argument("--client-messages", type=int, default=1000)
    ap.add_argument("--zalo-bot-path", default=None, help="where python-zalo-bot is installed (pip --target)")
    args = ap.parse_args()
    global TRANSPORT
    TRANSPORT = args.transport
    logging.basicConfig(level=logging.WARNING)
    with tempfile.TemporaryDirectory() as tmp:
        modes = {"both": ["saturation", "realistic"], "none": []}.get(args.mode, [args.mode])
        for mode in modes:
            await run_mode(args, mode, Path(tmp))
        if args.client:
            await client_costs(args.client_messages, Path(tmp), args.zalo_bot_path)


if __name__ == "__main__":
    asyncio.run(main())
