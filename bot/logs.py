"""Logging set-up: secrets (bot tokens) are redacted from every log record."""

from __future__ import annotations

import logging
import re

from bot.config import Settings

# Telegram-style tokens ("123456:ABC…") wherever they appear, e.g. inside a URL path.
_TOKEN_RE = re.compile(r"\b\d{5,}:[A-Za-z0-9_-]{20,}\b")


class RedactSecrets(logging.Filter):
    def __init__(self, secrets: list[str] | None = None) -> None:
        super().__init__()
        self.secrets = [s for s in (secrets or []) if s]

    def redact(self, text: str) -> str:
        for s in self.secrets:
            text = text.replace(s, "***")
        return _TOKEN_RE.sub("***", text)

    def filter(self, record: logging.LogRecord) -> bool:
        msg = record.getMessage()
        clean = self.redact(msg)
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = self.redact(record.exc_text)
        if clean != msg:
            record.msg, record.args = clean, ()
        return True


def setup_logging(settings: Settings) -> RedactSecrets:
    secrets = [x.get_secret_value() for x in (settings.telegram_token, settings.telegram_webhook_secret) if x]
    flt = RedactSecrets(secrets)
    root = logging.getLogger()
    if not root.handlers:
        logging.basicConfig(level=settings.log_level.upper(),
                            format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    for h in root.handlers:
        if not any(isinstance(f, RedactSecrets) for f in h.filters):
            h.addFilter(flt)
    return flt
