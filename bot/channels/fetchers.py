"""Attachment downloaders handed to core worker processes (``bot.core.runner.ProcessRunner``).

The core calls a fetcher synchronously (in one of its threads) when an item with attachments is
submitted. These are picklable and import **no channel library** (only the standard library), so a
core worker process does not load aiogram (about 130 MiB) just to unpickle its fetcher.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import urllib.parse
import urllib.request
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from bot.core.types import Attachment

if TYPE_CHECKING:
    from bot.config import Settings

TIMEOUT = 60.0


def safe_file_name(unique_id: str | None, name: str | None, kind: str) -> str:
    """A file name made from what the server sent (``file_unique_id``, a name or path), that cannot leave its
    folder nor surprise a shell: letters, digits, ``_`` and ``-`` only, and a short lower-case extension."""
    stem = re.sub(r"[^A-Za-z0-9_-]", "_", unique_id or "")[:64].strip("_") or "file"
    suffix = Path(name or "").suffix.lower()
    if not re.fullmatch(r"\.[a-z0-9]{1,9}", suffix):
        suffix = ".jpg" if kind == "photo" else ".bin"
    return stem + suffix


def month_folder(settings: Settings, channel: str) -> Path:
    folder = Path(settings.attachments_dir) / channel / datetime.now(UTC).strftime("%Y-%m")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def download_to(url: str, dest: Path, *, timeout: float = TIMEOUT) -> Path:
    """GET ``url`` into ``dest`` (through a temporary file: two processes may fetch one file)."""
    if dest.exists():
        return dest
    tmp = dest.with_suffix(f"{dest.suffix}.{os.getpid()}.part")
    with urllib.request.urlopen(url, timeout=timeout) as r, tmp.open("wb") as f:  # noqa: S310 - configured API base
        while chunk := r.read(1 << 16):
            f.write(chunk)
    tmp.replace(dest)
    return dest


class TelegramFileFetcher:
    """getFile, then the file itself into ``attachments_dir/telegram/YYYY-MM/<file_unique_id>.<ext>``
    (the same place as the channel's own download)."""

    channel = "telegram"

    def __init__(self, settings: Settings) -> None:
        self.settings = settings

    def _base(self) -> tuple[str, str]:
        token = self.settings.telegram_token.get_secret_value() if self.settings.telegram_token else ""
        return f"{self.settings.telegram_api_url.rstrip('/')}", token

    def __call__(self, att: Attachment) -> str | None:
        if att.stored_path:
            return att.stored_path
        base, token = self._base()
        req = urllib.request.Request(f"{base}/bot{token}/getFile", data=json.dumps({"file_id": att.file_id}).encode(),
                                     headers={"Content-Type": "application/json"}, method="POST")
        try:
            with urllib.request.urlopen(req, timeout=TIMEOUT) as r:  # noqa: S310
                answer = json.loads(r.read())
        except OSError as e:  # the URL holds the token: never let it reach a log
            raise ConnectionError(f"getFile failed: {type(e).__name__}") from None
        f = answer.get("result") or {}
        file_path = str(f.get("file_path") or "")
        # the server's file_unique_id and names are sanitised: a path is never built from them as sent
        dest = month_folder(self.settings, "telegram") / safe_file_name(
            str(f.get("file_unique_id") or att.file_id), att.file_name or file_path, att.kind)
        try:
            download_to(f"{base}/file/bot{token}/{urllib.parse.quote(file_path)}", dest)
        except OSError as e:
            raise ConnectionError(f"file download failed: {type(e).__name__}") from None
        return str(dest.resolve())


def zalo_photo_path(settings: Settings, url: str) -> Path:
    """Where a Zalo photo (a URL in the event) is kept: named by the URL's hash, so every process
    agrees on it without asking anyone."""
    digest = hashlib.sha256(url.encode()).hexdigest()[:32]
    suffix = Path(urllib.parse.urlparse(url).path).suffix.lower()[:6] or ".jpg"
    return Path(settings.attachments_dir) / "zalo" / digest[:2] / f"{digest}{suffix}"


class ZaloFileFetcher:
    """Zalo photos are downloaded by the channel **after** the transaction that received them commits
    (``ZaloChannel``); the core records where the file is (or will be) kept, and a file already there
    is simply confirmed. No I/O beyond a stat, so it never holds a transaction open."""

    channel = "zalo"

    def __init__(self, settings: Settings) -> None:
        self.settings = settings

    def __call__(self, att: Attachment) -> str | None:
        if att.stored_path:
            return att.stored_path
        if not att.file_id.startswith(("http://", "https://")):
            return None
        return str(zalo_photo_path(self.settings, att.file_id).resolve())
