"""The web channel over real HTTP on 127.0.0.1: cookie identity, CSRF, WebSocket origin, limits, uploads,
the public page, and ``pakn run`` serving it all."""

from __future__ import annotations

import asyncio
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import aiohttp
import pytest

from bot.core.types import Inbound
from storage import petitions
from storage import publication as repo
from storage.models import PetitionStatus, PublicationStatus
from tests.web_fixtures import LiveServer, web_settings

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def server(tmp_path) -> Iterator[LiveServer]:
    srv = LiveServer(web_settings(tmp_path, web_messages_per_minute=5, web_max_upload_mb=0.05)).start()
    yield srv
    srv.stop()


async def _open(url: str) -> tuple[aiohttp.ClientSession, str]:
    session = aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True))
    async with session.get(url + "/") as r:
        assert r.status == 200
        html = await r.text()
    csrf = html.split('name="csrf-token" content="', 1)[1].split('"', 1)[0]
    return session, csrf


async def test_page_headers_cookie_and_csrf(server):
    session, csrf = await _open(server.url)
    try:
        async with session.get(server.url + "/") as r:
            csp = r.headers["Content-Security-Policy"]
            assert "script-src 'self'" in csp and "unsafe-inline" not in csp and "frame-ancestors" in csp
        cookie = next(c for c in session.cookie_jar if c.key == "pakn_web")
        assert cookie["httponly"] and cookie["samesite"] == "Lax" and cookie["path"] == "/"
        async with session.post(server.url + "/api/send", json={"text": "xin chao"}) as r:
            assert r.status == 403  # no CSRF token
        async with session.post(server.url + "/api/send", json={"text": "xin chao", "client_id": "a1"},
                                headers={"X-CSRF-Token": csrf}) as r:
            assert r.status == 200
            data = await r.json()
            assert data["messages"][0]["dir"] == "in" and data["messages"][-1]["dir"] == "out"
        async with session.get(server.url + "/api/poll?after=0") as r:  # the history, for a reload
            assert [m["text"] for m in (await r.json())["messages"]][0] == "xin chao"
    finally:
        await session.close()
    async with aiohttp.ClientSession() as anon, anon.get(server.url + "/api/poll",
                                                         headers={"Cookie": "pakn_web=forged.bad"}) as r:
        assert r.status == 401  # a forged cookie is nobody


async def test_websocket_needs_the_same_origin_and_receives_staff_answers(server):
    session, _csrf = await _open(server.url)
    try:
        with pytest.raises(aiohttp.WSServerHandshakeError):
            await session.ws_connect(server.url + "/ws", origin="http://evil.example")
        ws = await session.ws_connect(server.url + "/ws", origin=server.url)
        await ws.send_json({"type": "hello", "after": 0})
        assert (await ws.receive_json(timeout=10))["type"] == "history"
        await ws.send_json({"type": "send", "text": "gio lam viec", "client_id": "b1"})
        seen = []
        while not any(m.get("dir") == "out" for m in seen):
            seen.append(await ws.receive_json(timeout=20))
        uid = next(c.value for c in session.cookie_jar if c.key == "pakn_web").rpartition(".")[0]
        # something the outbox worker delivers (an answer, a status change) arrives on the open socket
        from bot.core.types import Outbound
        from bot.delivery.base import Delivery

        server.call(server.web.sender.send(Delivery(uid, Outbound("Trả lời của cán bộ"), "notice")))
        while True:
            m = await ws.receive_json(timeout=10)
            if m.get("text") == "Trả lời của cán bộ":
                break
        await ws.close()
    finally:
        await session.close()


async def test_message_rate_limit_per_browser(server):
    session, csrf = await _open(server.url)
    try:
        codes = []
        for i in range(7):
            async with session.post(server.url + "/api/send", json={"text": f"xin chao {i}"},
                                    headers={"X-CSRF-Token": csrf}) as r:
                codes.append(r.status)
        assert codes[:5] == [200] * 5 and 429 in codes[5:]
    finally:
        await session.close()


async def test_uploads_are_checked_by_size_and_content(server):
    session, csrf = await _open(server.url)
    try:
        async def upload(body: bytes, name: str) -> int:
            form = aiohttp.FormData()
            form.add_field("file", body, filename=name, content_type="image/png")
            async with session.post(server.url + "/api/upload", data=form, headers={"X-CSRF-Token": csrf}) as r:
                return r.status

        assert await upload(b"<html><script>alert(1)</script>", "anh.png") == 413  # not what it claims
        assert await upload(b"\x89PNG\r\n\x1a\n" + b"\0" * 60_000, "to.png") == 413  # over 0.05 MB
        assert await upload(b"\x89PNG\r\n\x1a\n" + b"\0" * 100, "../../etc/anh.png") == 200
        stored = list((Path(server.settings.attachments_dir) / "web").rglob("*.png"))
        assert len(stored) == 1 and ".." not in stored[0].name
    finally:
        await session.close()


def _publish(server: LiveServer, n: int) -> None:
    from storage import citizens

    with server.app.store.session() as s:
        c = citizens.get_or_create(s, "web", "u-pub", None)
        for i in range(n):
            kind = "to_cao" if i == 0 else "phan_anh"
            p = petitions.create(s, year=2026, kind=kind, topic="khac", content=f"Nội dung số {i} về đèn đường",
                                 channel="web", citizen_id=c.id, status=PetitionStatus.answered, answer="Đã xử lý.")
            petitions.update(s, p, answered_at=p.created_at)
            pub = repo.record_consent(s, p.id)
            repo.update(s, pub, status=PublicationStatus.approved, content=p.content, answer=p.answer)


async def test_public_page_search_pages_and_never_a_denunciation(server):
    _publish(server, 13)
    async with aiohttp.ClientSession() as s:
        async with s.get(server.url + "/cong-khai") as r:
            html = await r.text()
            assert html.count('<article class="item">') >= 10 and "Trang 1/2" in html
            assert "Nội dung số 0 " not in html  # the tố cáo
        async with s.get(server.url + "/cong-khai?trang=2") as r:
            assert "Trang 2/2" in await r.text()
        async with s.get(server.url + "/cong-khai?q=s%E1%BB%91+7") as r:  # "số 7"
            html = await r.text()
            assert "Nội dung số 7 " in html and "Nội dung số 8 " not in html
        async with s.get(server.url + "/cong-khai?linh_vuc=so_huu_tri_tue") as r:
            assert "Chưa có kết quả" in await r.text()
        async with s.get(server.url + "/cong-khai?q=%3Cscript%3Ealert(1)%3C/script%3E") as r:
            html = await r.text()
            assert "<script>alert(1)" not in html and "&lt;script&gt;alert(1)" in html


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_pakn_run_without_messenger_serves_the_web_chat_on_a_demo_database(tmp_path):
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("PAKN_")}
    env.update(PAKN_DATA_DIR=str(tmp_path), PAKN_WEB_PORT=str(port), PAKN_CORE_PROCESSES="0")
    proc = subprocess.Popen([sys.executable, "-m", "bot.cli", "run", "--demo"], cwd=tmp_path, env={**env, "PYTHONPATH": str(ROOT)},
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2) as r:
                    assert r.status == 200
                    break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    raise AssertionError(proc.stdout.read() if proc.stdout else "no output") from None
                time.sleep(0.3)
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/cong-khai", timeout=5) as r:
            assert "Hội nghị đối thoại" in r.read().decode()  # the demo's dialogue session
        assert (tmp_path / "demo.db").exists() and not (tmp_path / "pakn.db").exists()
    finally:
        proc.send_signal(signal.SIGTERM)
        out, _ = proc.communicate(timeout=60)
    assert f"http://127.0.0.1:{port}/" in out and "widget.js" in out


def test_core_handles_web_inbound_like_any_channel(server):
    out = server.app.core.handle(Inbound(channel="web", user_id="abc", payload="menu"))
    assert out and "Kính chào" in out[0].text
    assert asyncio.iscoroutinefunction(server.web.sender.send)
