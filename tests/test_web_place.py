"""The web chat's "📍 Vị trí": over HTTP (the server turns lat/lon into ``Inbound.location``), and in a real browser
(Debian's chromium driven by Playwright, the geolocation permission granted and the position set)."""

from __future__ import annotations

from collections.abc import Iterator

import aiohttp
import pytest

from bot.core.types import Inbound, Location, Outbound
from bot.delivery.base import Delivery
from tests.test_web_browser import _chromium_or_skip, _settle
from tests.web_fixtures import LiveServer, web_settings


@pytest.fixture
def server(tmp_path) -> Iterator[LiveServer]:
    srv = LiveServer(web_settings(tmp_path)).start()
    yield srv
    srv.stop()


def _record(server: LiveServer, monkeypatch) -> list[Inbound]:
    seen: list[Inbound] = []
    handle = server.app.core.handle
    monkeypatch.setattr(server.app.core, "handle", lambda msg: seen.append(msg) or handle(msg))
    return seen


async def test_lat_lon_become_the_inbound_location(server, monkeypatch):
    seen = _record(server, monkeypatch)
    async with aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True)) as session:
        async with session.get(server.url + "/") as r:
            html = await r.text()
            assert "geolocation=(self)" in r.headers["Permissions-Policy"]  # the page may ask, nobody else
        assert 'id="locate"' in html and "📍 Vị trí" in html
        csrf = html.split('name="csrf-token" content="', 1)[1].split('"', 1)[0]

        async def send(body: dict) -> dict:
            async with session.post(server.url + "/api/send", json=body, headers={"X-CSRF-Token": csrf}) as r:
                assert r.status == 200
                return await r.json()

        data = await send({"lat": 15.1234, "lon": 108.8012, "label": "📍 Vị trí", "client_id": "g1"})
        assert data["messages"][0]["dir"] == "in" and data["messages"][0]["text"] == "📍 Vị trí của Ông/Bà: 15.1234, 108.8012"
        assert len(data["messages"]) >= 2  # the core answered
        await send({"lat": "91", "lon": 108.8, "text": "", "client_id": "g2"})  # out of range: no pin
        await send({"lat": True, "lon": 1, "text": "xin chao", "client_id": "g3"})
    assert seen[0].location == Location(15.1234, 108.8012) and seen[0].text == "" and seen[0].payload is None
    assert seen[1].location is None and seen[2].location is None and seen[2].text == "xin chao"


def test_the_location_button_in_a_browser(server, monkeypatch):
    _chromium_or_skip()
    sync_api = pytest.importorskip("playwright.sync_api", reason="browser test: the playwright package is missing")
    seen = _record(server, monkeypatch)
    with sync_api.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path="/usr/bin/chromium", headless=True, args=["--no-sandbox"])
        try:
            context = browser.new_context(viewport={"width": 360, "height": 740}, locale="vi-VN",
                                          permissions=["geolocation"],
                                          geolocation={"latitude": 15.1234, "longitude": 108.8012})
            page = context.new_page()
            page.goto(server.url + "/")
            page.locator(".msg.out").first.wait_for()
            button = page.locator("#locate")
            assert button.is_visible() and button.inner_text().strip() == "📍 Vị trí"
            assert page.evaluate("() => document.documentElement.scrollWidth") <= 360  # still fits a phone
            # a message asking where (Outbound.request_location) points at the button
            uid = next(c for c in context.cookies() if c["name"] == "pakn_web")["value"].rpartition(".")[0]
            ask = Outbound(text="Sự việc xảy ra ở đâu? Ông/Bà bấm 📍 Vị trí hoặc gõ địa chỉ.", request_location=True)
            server.call(server.web.sender.send(Delivery(recipient=uid, msg=ask)))
            page.locator(".msg.out", has_text="Sự việc xảy ra ở đâu").wait_for(timeout=10000)
            assert "wanted" in (button.get_attribute("class") or "")
            n = page.locator(".msg").count()
            button.click()
            _settle(page, n)
            assert "15.1234, 108.8012" in page.locator(".msg.in").last.inner_text()
            # refused by the citizen: a hint, nothing sent
            denied = browser.new_context(locale="vi-VN")
            try:
                p2 = denied.new_page()
                p2.goto(server.url + "/")
                p2.locator(".msg.out").first.wait_for()
                before = len(seen)
                p2.locator("#locate").click()
                p2.locator("#status", has_text="Không lấy được vị trí").wait_for(timeout=10000)
                assert len(seen) == before
            finally:
                denied.close()
            context.close()
        finally:
            browser.close()
    pins = [m.location for m in seen if m.location is not None]
    assert pins == [Location(15.1234, 108.8012)]
