"""The local chat: talk to the core in a terminal, as a citizen or as a staff member.

Two terminals can share one database: messages queued for this console user (answers,
staff cards) are printed as they arrive. Their buttons are printed as numbered choices, and a
number typed next presses that button of the last message shown with choices (a pushed message's
button reaches the core as ``Inbound.payload``; the core maps numbers for its own replies).
``/tep PATH`` sends a file, ``/vitri VĨ_ĐỘ KINH_ĐỘ [tên]`` a map pin (``Inbound.location``).
"""

from __future__ import annotations

import mimetypes
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

from bot.core.engine import Core
from bot.core.forms import choices
from bot.core.forms.model import Choice
from bot.core.render import map_url
from bot.core.types import Attachment, Button, Inbound, Location, Outbound, numbered_text
from storage import console_inbox

PROMPT = "Bạn> "


def render(out: Outbound) -> str:
    text = numbered_text(out)
    if out.request_phone:
        text += "\n(Nhập số điện thoại của Ông/Bà)"
    if out.request_location:
        text += "\n(Gõ địa chỉ, hoặc /vitri VĨ_ĐỘ KINH_ĐỘ [tên địa điểm] để gửi vị trí)"
    if out.edit and out.ref:
        text = f"[cập nhật {out.ref}]\n{text}"
    for att in out.attachments:  # files for the person at the terminal: where they are on this machine
        text += f"\n📎 {att.file_name or att.kind}: {att.stored_path or att.file_id}"
    if out.location is not None and map_url(out.location.latitude, out.location.longitude) not in text:
        text += f"\n📍 {map_url(out.location.latitude, out.location.longitude)}"
    return text


LOCATION_USAGE = "(Cách dùng: /vitri VĨ_ĐỘ KINH_ĐỘ [tên địa điểm], ví dụ /vitri 15.12 108.80 Chợ Bình Khánh)"


def parse_location(text: str) -> Location | None | bool:
    """``/vitri 15.12 108.80 [tên]`` → a pin; False when it is not a pin at all (``/vitri MÃ``, the staff
    command); None for a pin typed wrong (a number, then no valid second one)."""
    words = text.split(maxsplit=3)
    if len(words) < 2 or words[0] != "/vitri":
        return False
    try:
        float(words[1].rstrip(","))
    except ValueError:
        return False
    if len(words) < 3:
        return None
    return Location.parse(words[1].rstrip(","), words[2], words[3] if len(words) > 3 else None)


class ConsoleChat:
    def __init__(self, core: Core, user_id: str, display_name: str | None = None,
                 write: Callable[[str], None] | None = None) -> None:
        self.core = core
        self.user_id = user_id
        self.display_name = display_name
        self.write = write or (lambda s: print(s, flush=True))
        self._lock = threading.Lock()
        # the buttons of the last message shown with choices, and whether it was pushed (not a reply)
        self._choices: list[Button] = []
        self._pushed = False

    def _pressed(self, text: str) -> Button | None:
        """The pushed message's button a typed answer means: its number ("2", "số 2") or its words, as in a form."""
        if not self._pushed:
            return None
        found = choices.match(text, [Choice(b, b.text) for b in self._choices])
        return found.value if found is not None else None

    def send(self, text: str) -> list[Outbound]:
        attachments: list[Attachment] = []
        location: Location | None = None
        with self._lock:
            pressed = self._pressed(text)
        if pressed is not None:
            self.write(f"(→ {pressed.text})")
            return self._show(self.core.handle(Inbound(channel="console", user_id=self.user_id,
                                                       payload=pressed.payload, display_name=self.display_name)))
        pin = parse_location(text)
        if pin is None:
            self.write(LOCATION_USAGE)
            return []
        if isinstance(pin, Location):
            location, text = pin, ""
        if text.startswith("/tep "):
            path = Path(text[5:].strip()).expanduser()
            if not path.is_file():
                self.write(f"(Không tìm thấy tệp {path})")
                return []
            mime = mimetypes.guess_type(path.name)[0]
            kind = "photo" if (mime or "").startswith("image/") else "document"
            attachments.append(Attachment(kind=kind, file_id=str(path.resolve()), file_name=path.name, mime_type=mime,
                                          size=path.stat().st_size, stored_path=str(path.resolve())))
            text = ""
        return self._show(self.core.handle(Inbound(channel="console", user_id=self.user_id, text=text,
                                                   attachments=attachments, display_name=self.display_name,
                                                   location=location)))

    def _remember(self, out: Outbound, *, pushed: bool) -> None:
        flat = [b for row in out.buttons for b in row]
        if flat:
            self._choices, self._pushed = flat, pushed
        elif not pushed and self._pushed:
            self._choices, self._pushed = [], False  # the core moved on: a number is the core's again

    def _show(self, replies: list[Outbound]) -> list[Outbound]:
        with self._lock:
            for out in replies:
                self.write("Bot> " + render(out).replace("\n", "\n     "))
                self._remember(out, pushed=False)
        return replies

    def open(self) -> list[Outbound]:
        """Greet, or continue a form left half-way in an earlier session."""
        return self._show(self.core.handle(Inbound(channel="console", user_id=self.user_id, payload="resume",
                                                   display_name=self.display_name)))

    def deliver_pending(self) -> int:
        with self.core.store.session() as s:
            rows = console_inbox.take_for(s, self.user_id)
            payloads = [(r.ref, r.payload) for r in rows]
        with self._lock:
            for _ref, payload in payloads:
                out = Outbound.from_payload(payload)
                self.write("🔔 " + render(out).replace("\n", "\n   "))
                self._remember(out, pushed=True)
        return len(payloads)

    def run(self, stdin=None) -> None:
        stdin = stdin or sys.stdin
        stop = threading.Event()

        def poll() -> None:
            while not stop.is_set():
                try:
                    self.deliver_pending()
                except Exception as e:  # a locked database for a moment is not fatal
                    self.write(f"(không đọc được tin mới: {e.__class__.__name__})")
                stop.wait(1.0)

        self.write("Gõ nội dung để trò chuyện; \"/tep đường_dẫn\" để gửi tệp; \"/vitri VĨ_ĐỘ KINH_ĐỘ [tên]\" để gửi "
                   "vị trí; số thứ tự để chọn; Ctrl-D để thoát.")
        self.open()
        self.deliver_pending()  # what arrived meanwhile, after the greeting: its choices are the ones to answer
        poller = threading.Thread(target=poll, daemon=True)
        poller.start()
        try:
            while True:
                if stdin.isatty():
                    sys.stdout.write(PROMPT)
                    sys.stdout.flush()
                line = stdin.readline()
                if not line:
                    break
                self.send(line.rstrip("\n"))
                time.sleep(0.05)
        except KeyboardInterrupt:
            pass
        finally:
            stop.set()
            self.deliver_pending()
