"""The local chat: talk to the core in a terminal, as a citizen or as a staff member.

Two terminals can share one database: messages queued for this console user (answers,
staff cards) are printed as they arrive.
"""

from __future__ import annotations

import mimetypes
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

from bot.core.engine import Core
from bot.core.types import Attachment, Inbound, Outbound, numbered_text
from storage import console_inbox

PROMPT = "Bạn> "


def render(out: Outbound) -> str:
    text = numbered_text(out)
    if out.request_phone:
        text += "\n(Nhập số điện thoại của Ông/Bà)"
    if out.edit and out.ref:
        text = f"[cập nhật {out.ref}]\n{text}"
    for att in out.attachments:  # files for the person at the terminal: where they are on this machine
        text += f"\n📎 {att.file_name or att.kind}: {att.stored_path or att.file_id}"
    return text


class ConsoleChat:
    def __init__(self, core: Core, user_id: str, display_name: str | None = None,
                 write: Callable[[str], None] | None = None) -> None:
        self.core = core
        self.user_id = user_id
        self.display_name = display_name
        self.write = write or (lambda s: print(s, flush=True))
        self._lock = threading.Lock()

    def send(self, text: str) -> list[Outbound]:
        attachments: list[Attachment] = []
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
                                                   attachments=attachments, display_name=self.display_name)))

    def _show(self, replies: list[Outbound]) -> list[Outbound]:
        with self._lock:
            for out in replies:
                self.write("Bot> " + render(out).replace("\n", "\n     "))
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
                self.write("🔔 " + render(Outbound.from_payload(payload)).replace("\n", "\n   "))
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

        poller = threading.Thread(target=poll, daemon=True)
        poller.start()
        self.write("Gõ nội dung để trò chuyện; \"/tep đường_dẫn\" để gửi tệp; Ctrl-D để thoát.")
        self.open()
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
