"""Web chat: N simulated browser sessions over WebSocket against ``pakn run``.

Starts ``pakn run`` as a separate process exactly as an agency runs it (no messenger configured: the web
chat alone, its core in worker processes, the outbox worker next to it), on a throw-away SQLite database
or a throw-away PostgreSQL schema, then opens N browser sessions: each loads the page (the signed cookie),
opens the WebSocket, asks for its history, and writes at a realistic rate (every U(a, b) seconds, its own
schedule and random phase) for the duration. Round trip = from sending a message on the socket to the
first message of the bot's answer arriving on it.

Reported: messages sent and answered, round trip p50/p95/max, sessions held open to the end, and the
load (messages per second). All 127.0.0.1; the per-IP limit is raised for the run (every simulated
browser comes from the same address), the per-browser limit is kept.

    .venv/bin/python bench/web_chat.py [--sessions 200] [--duration 60] [--interval 4 8]
        [--pg postgresql+psycopg://postgres@127.0.0.1:5432/test]

Goal (issue 14): p95 ≤ 100 ms with 200 sessions at a realistic rate.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import random
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import aiohttp

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.stats import pct  # noqa: E402

MESSAGES = [  # one answer each (no multi-step forms): greetings, FAQ, look-up, the menu, help
    {"payload": "menu"},
    {"text": "thu tuc dang ky nhan hieu can nhung giay to gi"},
    {"text": "xin chao"},
    {"text": "gio lam viec cua so"},
    {"text": "tra cuu ho so PA-2026-000001"},
    {"payload": "menu:help", "label": "Hướng dẫn"},
]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Session:
    def __init__(self, url: str, rnd: random.Random) -> None:
        self.url, self.rnd = url, rnd
        self.rtts: list[float] = []
        self.sent = 0
        self.lost = 0
        self.held = False
        self.error: str | None = None

    async def run(self, start_at: float, end_at: float, interval: tuple[float, float]) -> None:
        http = aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True))
        try:
            async with http.get(self.url + "/") as r:
                await r.read()
            ws = await http.ws_connect(self.url + "/ws", origin=self.url, heartbeat=None)
            await ws.send_json({"type": "hello", "after": 0})
            await ws.receive_json(timeout=30)
            loop = asyncio.get_running_loop()
            next_at = start_at + self.rnd.uniform(0, interval[1])  # random phase
            while True:
                await asyncio.sleep(max(0.0, next_at - loop.time()))
                if loop.time() >= end_at:
                    break
                msg = dict(self.rnd.choice(MESSAGES), type="send", client_id=f"{id(self)}-{self.sent}")
                t0 = time.perf_counter()
                await ws.send_json(msg)
                self.sent += 1
                try:
                    while True:
                        data = await ws.receive_json(timeout=30)
                        if data.get("type") == "msg" and data.get("dir") == "out":
                            self.rtts.append((time.perf_counter() - t0) * 1000)
                            break
                        if data.get("type") == "error":
                            self.lost += 1
                            break
                except TimeoutError:
                    self.lost += 1
                # the answer may be several messages: let them arrive before writing again
                with contextlib.suppress(TimeoutError, asyncio.TimeoutError):
                    while True:
                        await ws.receive_json(timeout=0.05)
                next_at += self.rnd.uniform(*interval)
            self.held = not ws.closed
            await ws.close()
        except Exception as e:  # counted, not fatal
            self.error = f"{type(e).__name__}: {e}"
        finally:
            await http.close()


def start_server(port: int, data_dir: Path, db_url: str | None) -> subprocess.Popen:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PAKN_")}
    env.update(PAKN_DATA_DIR=str(data_dir), PAKN_WEB_PORT=str(port), PAKN_LOG_LEVEL="WARNING",
               PAKN_WEB_IP_MESSAGES_PER_MINUTE="100000", PYTHONPATH=str(ROOT))
    if db_url:
        env["PAKN_DATABASE_URL"] = db_url
    return subprocess.Popen([sys.executable, "-m", "bot.cli", "run"], cwd=data_dir, env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)


async def wait_ready(url: str, proc: subprocess.Popen, timeout: float = 180) -> None:
    deadline = time.monotonic() + timeout
    async with aiohttp.ClientSession() as s:
        while time.monotonic() < deadline:
            if proc.poll() is not None:
                raise RuntimeError(f"pakn run ended: {proc.stderr.read() if proc.stderr else ''}")
            with contextlib.suppress(aiohttp.ClientError, OSError):
                async with s.get(url + "/healthz") as r:
                    if r.status == 200:
                        # one message through the core so the worker processes have loaded their models
                        break
            await asyncio.sleep(0.3)
        else:
            raise RuntimeError("pakn run did not start")
    warm = Session(url, random.Random(0))
    loop = asyncio.get_running_loop()
    await warm.run(loop.time(), loop.time() + 3, (0.5, 1.0))


async def bench(args: argparse.Namespace, db_url: str | None, label: str) -> dict[str, Any]:
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    with tempfile.TemporaryDirectory() as tmp:
        proc = start_server(port, Path(tmp), db_url)
        try:
            await wait_ready(url, proc)
            loop = asyncio.get_running_loop()
            rnd = random.Random(args.seed)
            sessions = [Session(url, random.Random(rnd.random())) for _ in range(args.sessions)]
            start = loop.time() + 2.0  # everyone connects first
            end = start + args.duration
            await asyncio.gather(*(s.run(start, end, tuple(args.interval)) for s in sessions))
        finally:
            proc.send_signal(signal.SIGTERM)
            try:
                proc.wait(60)
            except subprocess.TimeoutExpired:
                proc.kill()
    rtts = [r for s in sessions for r in s.rtts]
    sent = sum(s.sent for s in sessions)
    return {
        "db": label, "sessions": args.sessions, "held": sum(s.held for s in sessions), "sent": sent,
        "answered": len(rtts), "lost": sum(s.lost for s in sessions), "rate": sent / args.duration,
        "p50": statistics.median(rtts) if rtts else float("nan"), "p95": pct(rtts, 0.95), "max": max(rtts, default=0),
        "errors": [s.error for s in sessions if s.error][:3],
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sessions", type=int, default=200)
    ap.add_argument("--duration", type=float, default=60.0)
    ap.add_argument("--interval", type=float, nargs=2, default=[4.0, 8.0], help="seconds between a browser's messages")
    ap.add_argument("--pg", default=None, help="PostgreSQL URL (a throw-away schema is used)")
    ap.add_argument("--seed", type=int, default=14)
    args = ap.parse_args()
    results = []
    results.append(asyncio.run(bench(args, None, "SQLite")))
    if args.pg:
        from storage.scratch import pg_schema

        with pg_schema(args.pg) as url:
            results.append(asyncio.run(bench(args, url, "PostgreSQL")))
    print(f"{args.sessions} browser sessions over WebSocket, each writing every U({args.interval[0]:g}, "
          f"{args.interval[1]:g}) s for {args.duration:g} s, against pakn run (web chat, core worker processes)")
    print("| database | sessions held | messages/s | answered | lost | p50 ms | p95 ms | max ms |")
    print("| --- | --- | --- | --- | --- | --- | --- | --- |")
    for r in results:
        print(f"| {r['db']} | {r['held']}/{r['sessions']} | {r['rate']:.1f} | {r['answered']}/{r['sent']} | {r['lost']} | "
              f"{r['p50']:.1f} | {r['p95']:.1f} | {r['max']:.0f} |")
        for e in r["errors"]:
            print("  error:", e)


if __name__ == "__main__":
    main()
