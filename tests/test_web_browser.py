"""The web chat and the public page in a real browser (Debian's chromium driven by Playwright).

Skipped with a visible reason where chromium is missing locally; in CI (CI=true) a missing chromium is a
failure (``.ci/run`` installs it). No browser is ever downloaded.
"""

from __future__ import annotations

import http.server
import os
import re
import shutil
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.core.types import Inbound
from storage import petitions
from storage import publication as pub_repo
from tests.helpers import step_of_texts
from tests.web_fixtures import LiveServer, web_settings

CHROMIUM = os.environ.get("PAKN_CHROMIUM", "/usr/bin/chromium")
ASSETS = Path(__file__).resolve().parent / "assets"
DOCS = Path(__file__).resolve().parent.parent / "docs"
XSS = '<script>window.__pwned = 1</script><img src=x onerror="window.__pwned = 1">'
PHONE = "0905 123 456"


def _chromium_or_skip() -> None:
    if Path(CHROMIUM).exists():
        return
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"CI: chromium is required at {CHROMIUM} (.ci/run installs Debian's chromium)")
    pytest.skip(f"browser test: chromium not found at {CHROMIUM} (apt-get install chromium)")


@pytest.fixture(scope="module")
def browser() -> Iterator:
    _chromium_or_skip()
    sync_api = pytest.importorskip("playwright.sync_api", reason="browser test: the playwright package is missing")
    with sync_api.sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=["--no-sandbox"])
        yield b
        b.close()


@pytest.fixture(scope="module")
def server(tmp_path_factory) -> Iterator[LiveServer]:
    srv = LiveServer(web_settings(tmp_path_factory.mktemp("web"))).start()
    yield srv
    srv.stop()


class HostSite:
    """A Sở website on another port of 127.0.0.1 that pastes the one-line embed snippet."""

    def __init__(self, bot_url: str, folder: Path) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "index.html").write_text(
            '<!doctype html><html lang="vi"><head><meta charset="utf-8"><title>Sở KH&amp;CN</title></head>'
            f'<body><h1>Trang thông tin điện tử</h1><script src="{bot_url}/widget.js" async></script></body></html>',
            encoding="utf-8")
        handler = lambda *a, **kw: http.server.SimpleHTTPRequestHandler(*a, directory=str(folder), **kw)  # noqa: E731
        http.server.SimpleHTTPRequestHandler.log_message = lambda *a: None  # type: ignore[method-assign]
        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/index.html"
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.httpd.shutdown()


def _uid(context) -> str:
    cookie = next(c for c in context.cookies() if c["name"] == "pakn_web")
    assert cookie["httpOnly"] and cookie["sameSite"] in ("Lax", "Strict")
    return cookie["value"].rpartition(".")[0]


def _settle(frame, count_before: int, timeout: float = 15.0) -> None:
    """Until the bot has answered (more messages than before) and nothing new came for a moment."""
    deadline = time.monotonic() + timeout
    last, stable_since = -1, time.monotonic()
    while time.monotonic() < deadline:
        n = frame.locator(".msg").count()
        if n != last:
            last, stable_since = n, time.monotonic()
        elif n > count_before and frame.locator("#typing").is_hidden() and time.monotonic() - stable_since > 0.3:
            return
        time.sleep(0.05)
    raise AssertionError(f"no answer from the bot: {frame.locator('.msg').all_inner_texts()[-3:]}")


def _type(frame, text: str) -> None:
    n = frame.locator(".msg").count()
    frame.locator("#text").fill(text)
    frame.locator("#text").press("Enter")
    _settle(frame, n)


def _choose(frame, label: str) -> None:
    """Click the last bot message's button whose label contains ``label``."""
    n = frame.locator(".msg").count()
    frame.locator(".msg.out button", has_text=label).last.click()
    _settle(frame, n)


def _file_petition(server: LiveServer, frame, context, tmp_path: Path) -> str:
    _type(frame, "toi muon phan anh den duong o to 5 thon An Hoa bi hong hai thang nay, buoi toi rat toi "
                 f"va nguy hiem cho nguoi di duong {XSS}")
    _uid(context)
    attached = False
    for _ in range(30):
        step = step_of_texts(server.app.core, frame.locator(".msg.out").all_inner_texts()[-3:])
        if step == "received":
            break
        if step == "class":
            _choose(frame, "Đúng")
        elif step == "extra":
            labels = frame.locator(".msg.out").last.locator("button").all_inner_texts()
            if labels:
                _choose(frame, labels[0])
            else:
                _type(frame, "truoc nha van hoa thon")
        elif step == "attach" and not attached:
            attached = True
            png = tmp_path / "anh-den-hong.png"
            png.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 64)
            n = frame.locator(".msg").count()
            frame.locator("#file").set_input_files(str(png))
            _settle(frame, n)
            assert "anh-den-hong.png" in frame.locator(".msg.in").last.inner_text()
        elif step == "attach":
            _choose(frame, "Xong")
        elif step == "name":
            _type(frame, "toi la Tran Van Binh")
        elif step == "address":
            _type(frame, "so 12 duong Le Loi, phuong Cam Thanh, tinh Quang Ngai")
        elif step == "phone":
            assert frame.locator("#phone-form").is_visible()  # "share phone" is a form field on the web
            n = frame.locator(".msg").count()
            frame.locator("#phone").fill(PHONE)
            frame.locator("#phone-form button").click()
            _settle(frame, n)
        elif step == "email":
            _choose(frame, "Bỏ qua")
        elif step == "consent":
            _choose(frame, "Tôi đồng ý")
        elif step == "publish":
            _choose(frame, "Đồng ý công khai")
        elif step == "confirm":
            _choose(frame, "Gửi")
        else:
            raise AssertionError(f"unexpected step {step}")
    text = "\n".join(frame.locator(".msg.out").all_inner_texts()[-3:])
    m = re.search(r"PA-\d{4}-\d{6}-[A-Z]", text)
    assert m, text
    return m.group(0)


def _staff(server: LiveServer, text: str = "", payload: str | None = None) -> str:
    out = server.app.core.handle(Inbound(channel="console", user_id="canbo-admin", text=text, payload=payload))
    return "\n".join(o.text for o in out)


def _axe(page) -> list[str]:
    page.add_script_tag(content=(ASSETS / "axe.min.js").read_text(encoding="utf-8"))
    found = page.evaluate("""async () => {
        const r = await axe.run(document, {resultTypes: ['violations']});
        return r.violations.filter(v => v.impact === 'serious' || v.impact === 'critical')
                 .map(v => v.id + ': ' + v.nodes.map(n => n.target.join(' ')).join(', '));
    }""")
    return list(found)


def test_citizen_files_through_the_widget_staff_answers_and_it_is_published(server, browser, tmp_path):
    host = HostSite(server.url, tmp_path / "site")
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="vi-VN")
    try:
        page = context.new_page()
        page.goto(host.url)
        page.locator("#pakn-widget-button").click()
        frame = page.frame_locator("#pakn-widget-frame")
        frame.locator(".msg.out").first.wait_for()  # the welcome, with the menu
        code = _file_petition(server, frame, context, tmp_path)

        # <script> in the petition is inert: shown as text, never run
        assert page.frames[-1].evaluate("() => window.__pwned") is None
        assert "<script>window.__pwned = 1</script>" in frame.locator(".msg.in").first.inner_text()

        with server.app.store.session() as s:
            p = petitions.get_by_code(s, code)
            assert p is not None and p.channel == "web" and p.attachments and p.attachments[0]["stored_path"]
            assert pub_repo.get(s, p.id) is not None  # the citizen agreed to publication

        # a staff member answers from the command set; the answer appears in the open page, no reload
        answer = (f"Sở đã phối hợp với UBND xã sửa đèn đường tổ 5 thôn An Hòa ngày 28/11. Mọi vướng mắc xin liên "
                  f"hệ ông Trần Văn Bình qua số {PHONE}.")
        assert "Xem trước" in _staff(server, f"/traloi {code} {answer}")  # a draft, previewed
        assert "Đã gửi trả lời" in _staff(server, payload=f"s:dsend:{code}")
        answer_msg = frame.locator(".msg.out", has_text="phối hợp với UBND xã")
        answer_msg.wait_for(timeout=15000)

        # the citizen rates it
        n = frame.locator(".msg").count()
        answer_msg.locator("button[data-payload^='r:3:']").click()
        _settle(frame, n)
        with server.app.store.session() as s:
            assert petitions.get_by_code(s, code).rating == 3

        page.screenshot(path=shot("web-widget-desktop.png"))

        # publication: staff see the masked text, then approve it
        preview = _staff(server, f"/congkhai {code}")
        assert "[số điện thoại]" in preview and "[họ tên]" in preview, preview
        assert "0905" not in preview and "Bình" not in preview and "Binh" not in preview
        assert "Đã công khai" in _staff(server, payload=f"s:pub:{code}")

        public = context.new_page()
        public.goto(f"{server.url}/cong-khai?q=den+duong")
        item = public.locator("article.item", has_text=code)
        body = item.inner_text()
        assert "[số điện thoại]" in body and "0905" not in body and "Binh" not in body and "Bình" not in body
        assert "<script>" in body and public.evaluate("() => window.__pwned") is None  # escaped, inert
        public.screenshot(path=shot("web-public-desktop.png"), full_page=True)

        # a reload (the chat page itself, same browser) keeps the history
        chat = context.new_page()
        chat.goto(server.url + "/")
        chat.locator(".msg.out", has_text="phối hợp với UBND xã").wait_for(timeout=10000)
        assert chat.locator(".msg").count() >= 10
        assert code in (chat.locator("details.items").text_content() or "")  # a returning citizen sees their items
        chat.screenshot(path=shot("web-chat-desktop.png"))
    finally:
        context.close()
        host.close()


def test_phone_width_keyboard_and_long_polling(server, browser):
    context = browser.new_context(viewport={"width": 360, "height": 740}, is_mobile=True, has_touch=True,
                                  locale="vi-VN")
    try:
        page = context.new_page()
        page.route("**/ws", lambda route: route.abort())  # no WebSocket: long polling takes over
        page.add_init_script("window.WebSocket = undefined;")
        page.goto(server.url + "/")
        page.locator(".msg.out").first.wait_for()
        assert page.evaluate("() => document.documentElement.scrollWidth") <= 360
        for sel in ("#text", "#send", ".menu .chip >> nth=0"):
            box = page.locator(sel).bounding_box()
            assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 360, sel
        # keyboard only: Tab reaches the text box, Enter sends
        page.locator("#text").focus()
        n = page.locator(".msg").count()
        page.keyboard.type("gio lam viec cua so")
        page.keyboard.press("Enter")
        _settle(page, n)
        assert "gio lam viec cua so" in page.locator(".msg.in").last.inner_text()
        page.screenshot(path=shot("web-chat-phone.png"))
        public = context.new_page()
        public.goto(server.url + "/cong-khai")
        assert public.evaluate("() => document.documentElement.scrollWidth") <= 360
        public.screenshot(path=shot("web-public-phone.png"))
    finally:
        context.close()


def test_accessibility_no_serious_or_critical_violations(server, browser):
    context = browser.new_context(bypass_csp=True, viewport={"width": 1280, "height": 900})  # lets axe's script in
    try:
        page = context.new_page()
        page.goto(server.url + "/")
        page.locator(".msg.out").first.wait_for()
        assert _axe(page) == []
        phone = browser.new_context(bypass_csp=True, viewport={"width": 360, "height": 740})
        try:
            p2 = phone.new_page()
            p2.goto(server.url + "/cong-khai")
            assert _axe(p2) == []
        finally:
            phone.close()
    finally:
        context.close()


def test_csp_blocks_inline_script(server, browser):
    context = browser.new_context()
    try:
        page = context.new_page()
        errors: list[str] = []
        page.on("console", lambda m: errors.append(m.text))
        page.goto(server.url + "/")
        page.locator(".msg.out").first.wait_for()
        page.evaluate("""() => { const s = document.createElement('script'); s.textContent = 'window.__inline = 1';
                                 document.body.appendChild(s); }""")
        assert page.evaluate("() => window.__inline") is None
        assert any("Content Security Policy" in e for e in errors)
    finally:
        context.close()


_SHOTS: list[Path] = []


def shot(name: str) -> str:
    """Where a screenshot goes: docs/ with PAKN_DOCS_SCREENSHOTS=1 (to refresh the README's pictures), otherwise a
    temporary folder, so that a test run leaves the checkout as it was."""
    return str(_SHOTS[0] / name)


@pytest.fixture(scope="module", autouse=True)
def _docs_dir(tmp_path_factory) -> None:
    _SHOTS[:] = [DOCS if os.environ.get("PAKN_DOCS_SCREENSHOTS") else tmp_path_factory.mktemp("screenshots")]
    _SHOTS[0].mkdir(exist_ok=True)
    assert shutil.which("true") is not None
