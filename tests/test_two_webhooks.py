"""Two ``pakn run --webhook`` processes on one PostgreSQL behind a round-robin proxy (issue 11), with the fake
Bot API collecting every ``sendMessage``: 50 citizens write at once; some updates are delivered twice at the
same time to both processes (Telegram retrying); one process is stopped with SIGTERM half-way (a rolling
restart: the proxy then sends everything to the other, as Telegram retries a refused update). Every citizen
gets exactly the replies a single process gives, in order, none twice, none lost.

The expected replies come from the conversation itself, run in this process on a database of its own, so the
test does not depend on the wording of the texts.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import os
import signal
import socket
import sys
from pathlib import Path

import pytest
from aiohttp import ClientError, ClientSession, ClientTimeout, web
from cryptography.fernet import Fernet

from tests.fake_telegram import TOKEN, FakeTelegram

PG_URL = os.environ.get("PAKN_TEST_POSTGRES_URL")
pytestmark = pytest.mark.skipif(not PG_URL, reason="PostgreSQL test: set PAKN_TEST_POSTGRES_URL to run it")

ROOT = Path(__file__).resolve().parent.parent
PAKN = str(Path(sys.executable).parent / "pakn")
CITIZENS = 50
SEQUENCE = ["xin chào", "giờ làm việc của sở", "cảm ơn", "menu", "hủy"]
SECRET = "two-processes-secret-0123456789"
PATH = "/telegram/webhook"


def expected_replies(tmp_path: Path) -> list[str]:
    """What one process answers a new citizen writing SEQUENCE (texts of the replies, in order)."""
    from bot.app import build
    from bot.config import Settings
    from bot.core.types import Inbound

    d = tmp_path / "reference"
    app = build(Settings(_env_file=None, data_dir=d, database_url=f"sqlite:///{d}/ref.db",
                         secret_key=Fernet.generate_key().decode()))
    out: list[str] = []
    for i, text in enumerate(SEQUENCE):
        for o in app.core.handle(Inbound(channel="telegram", user_id="1", text=text, update_id=f"ref:{i}")):
            assert not o.request_phone and len(o.text or "") < 4000  # one sendMessage each
            out.append(o.text or "")
    app.store.dispose()
    return out


class Proxy:
    """Round robin over the backends; a refused or failed delivery is tried on the next one (as Telegram
    retries an update it could not deliver)."""

    def __init__(self, backends: list[str], port: int) -> None:
        self.backends = backends
        self.turn = itertools.count()
        self.retried = 0
        self.port = port
        self.http: ClientSession | None = None
        self.runner: web.AppRunner | None = None

    async def start(self) -> None:
        self.http = ClientSession(timeout=ClientTimeout(total=60))
        app = web.Application()
        app.router.add_post(PATH, self.forward)
        self.runner = web.AppRunner(app, access_log=None)
        await self.runner.setup()
        await web.TCPSite(self.runner, "127.0.0.1", self.port).start()

    async def stop(self) -> None:
        if self.http is not None:
            await self.http.close()
        if self.runner is not None:
            await self.runner.cleanup()

    async def forward(self, request: web.Request) -> web.Response:
        body = await request.read()
        headers = {k: v for k, v in request.headers.items()
                   if k.lower() in ("content-type", "x-telegram-bot-api-secret-token")}
        assert self.http is not None
        for attempt in range(40):
            backend = self.backends[next(self.turn) % len(self.backends)]
            try:
                async with self.http.post(backend, data=body, headers=headers) as resp:
                    data = await resp.read()
                    if resp.status < 500:
                        return web.Response(status=resp.status, body=data, content_type="application/json")
            except ClientError:
                pass
            self.retried += 1
            await asyncio.sleep(0.05 * min(attempt + 1, 10))
        return web.Response(status=502)


def _free_ports(n: int) -> list[int]:
    """``n`` different free ports (all held open while they are chosen, so none is handed out twice)."""
    socks = [socket.socket() for _ in range(n)]
    try:
        for sock in socks:
            sock.bind(("127.0.0.1", 0))
        return [sock.getsockname()[1] for sock in socks]
    finally:
        for sock in socks:
            sock.close()


async def _wait_port(port: int, proc: asyncio.subprocess.Process, log: Path, timeout: float = 90.0) -> None:
    loop = asyncio.get_running_loop()
    end = loop.time() + timeout
    while loop.time() < end:
        if proc.returncode is not None:
            tail = "\n".join(log.read_text(errors="replace").splitlines()[-25:]) if log.exists() else ""
            raise AssertionError(f"pakn run exited early ({proc.returncode}):\n{tail}")
        try:
            _r, w = await asyncio.open_connection("127.0.0.1", port)
            w.close()
            return
        except OSError:
            await asyncio.sleep(0.2)
    raise AssertionError(f"pakn run did not listen on {port}")


async def test_two_webhook_processes_lose_nothing_and_keep_each_citizens_order(tmp_path):
    from storage import Store
    from storage.scratch import pg_schema

    expected = await asyncio.to_thread(expected_replies, tmp_path)
    fake = await FakeTelegram().start()
    *ports, proxy_port = _free_ports(3)
    proxy = Proxy([f"http://127.0.0.1:{p}{PATH}" for p in ports], proxy_port)
    await proxy.start()
    procs: list[asyncio.subprocess.Process] = []
    logs = [tmp_path / f"pakn-{i}.log" for i in range(2)]
    with pg_schema(PG_URL, prefix="wh") as url:
        try:
            await asyncio.to_thread(lambda: Store(url).upgrade())  # once, before the two start
            key = Fernet.generate_key().decode()
            for i, port in enumerate(ports):
                env = {k: v for k, v in os.environ.items() if not k.startswith("PAKN_")}
                env.update({
                    "PAKN_DATABASE_URL": url, "PAKN_DATA_DIR": str(tmp_path / f"p{i}"), "PAKN_SECRET_KEY": key,
                    "PAKN_TELEGRAM_TOKEN": TOKEN, "PAKN_TELEGRAM_API_URL": fake.base_url,
                    "PAKN_TELEGRAM_WEBHOOK_URL": f"http://127.0.0.1:{proxy.port}{PATH}",
                    "PAKN_TELEGRAM_WEBHOOK_SECRET": SECRET, "PAKN_WEB_ENABLED": "false",
                    "PAKN_TELEGRAM_WEBHOOK_HOST": "127.0.0.1", "PAKN_TELEGRAM_WEBHOOK_PORT": str(port),
                    "PAKN_CORE_PROCESSES": "0", "PAKN_TELEGRAM_RATE_PER_CHAT_PER_SECOND": "100",
                    "PAKN_TELEGRAM_RATE_PER_SECOND": "1000"})
                (tmp_path / f"p{i}").mkdir()
                procs.append(await asyncio.create_subprocess_exec(
                    PAKN, "run", "--webhook", env=env, cwd=str(tmp_path / f"p{i}"),
                    stdout=logs[i].open("w"), stderr=asyncio.subprocess.STDOUT))
            for port, proc, log in zip(ports, procs, logs, strict=True):
                await _wait_port(port, proc, log)
            await fake.wait_for(lambda: sum(1 for m, _ in fake.calls if m == "setWebhook") >= 2, timeout=60)

            users = [700_000 + k for k in range(CITIZENS)]
            updates: dict[int, list[dict]] = {u: [fake.text_update(u, text) for text in SEQUENCE] for u in users}
            statuses: list[int] = []
            stopped = asyncio.Event()

            async with ClientSession(timeout=ClientTimeout(total=120)) as http:
                async def deliver(update: dict) -> None:
                    async with http.post(f"http://127.0.0.1:{proxy.port}{PATH}", data=json.dumps(update),
                                         headers={"Content-Type": "application/json",
                                                  "X-Telegram-Bot-Api-Secret-Token": SECRET}) as resp:
                        await resp.read()
                        statuses.append(resp.status)

                async def citizen(k: int, user: int) -> None:
                    for j, upd in enumerate(updates[user]):
                        if (k + j) % 7 == 0:  # Telegram delivering the same update twice, at once
                            await asyncio.gather(deliver(upd), deliver(upd))
                        else:
                            await deliver(upd)
                        if k == 0 and j == 1:
                            stopped.set()

                async def rolling_restart() -> None:
                    await stopped.wait()
                    procs[1].send_signal(signal.SIGTERM)  # process 2 stops half-way: drained, then gone

                await asyncio.gather(rolling_restart(), *(citizen(k, u) for k, u in enumerate(users)))
                # a late redelivery of every citizen's first update: already handled, nothing is sent again
                await asyncio.gather(*(deliver(updates[u][0]) for u in users))

            assert set(statuses) == {200}, statuses
            rc = await asyncio.wait_for(procs[1].wait(), 30)
            assert rc == 0, logs[1].read_text()[-3000:]

            for user in users:
                got = fake.texts(user)
                assert got == expected, (user, got)  # all of them, in order, none twice
            assert proxy.retried > 0  # the stopped process's share went to the other one
            total = sum(len(fake.texts(u)) for u in users)
            print(f"\n{CITIZENS} citizens × {len(SEQUENCE)} messages, "
                  f"{sum(1 for u in users for j in range(len(SEQUENCE)) if (users.index(u) + j) % 7 == 0)} "
                  f"delivered twice at once, {CITIZENS} redelivered late, 1 process stopped half-way: "
                  f"{total} replies, {total - CITIZENS * len(expected)} missing or extra")
        finally:
            for proc in procs:
                if proc.returncode is None:
                    proc.send_signal(signal.SIGTERM)
            for proc in procs:
                try:
                    await asyncio.wait_for(proc.wait(), 30)
                except TimeoutError:
                    proc.kill()
                    await proc.wait()
            await proxy.stop()
            await fake.stop()
    for log in logs:
        text = log.read_text()
        assert "Traceback" not in text, text[-3000:]
