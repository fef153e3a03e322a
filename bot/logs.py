"""Logging set-up: secrets (bot tokens, URL passwords and tokens) and the personal data database errors quote
are redacted from every log record."""

from __future__ import annotations

import logging
import re

from bot.config import Settings

# Telegram-style tokens ("123456:ABC…") wherever they appear, e.g. inside a URL path.
_TOKEN_RE = re.compile(r"\b\d{5,}:[A-Za-z0-9_-]{20,}\b")
# Secrets inside URLs: a password in the user-info part, a token or key in the query string.
_URL_PASSWORD_RE = re.compile(r"(?i)(\b[a-z][a-z0-9+.-]*://[^:/?#@\s]*:)[^@/?#\s]+@")
_URL_QUERY_SECRET_RE = re.compile(
    r"(?i)([?&;](?:access_token|token|secret|secret_token|key|api_key|apikey|password|pass|sig|signature)=)"
    r"[^&#\s]+")
_URL_BOT_PATH_RE = re.compile(r"(?i)(/(?:file/)?bot)[^/\s]+")  # Bot API paths: /bot<token>/method
# Personal data that database errors quote: PostgreSQL's DETAIL lines and SQLAlchemy's parameter dump
# (the engines hide parameters; this is the second line of defence).
_DB_KEY_RE = re.compile(r"(Key \([^)]*\)=\().*?(\) (?:already exists|is not present|conflicts))")
_DB_ROW_RE = re.compile(r"(Failing row contains \().*?(\)\.?$)", re.MULTILINE)
_DB_PARAMS_RE = re.compile(r"(\[parameters: ).*?(\]$)", re.MULTILINE | re.DOTALL)


def redact_text(text: str, secrets: list[str] | None = None) -> str:
    """``text`` without tokens, URL secrets and the values database errors quote."""
    for s in secrets or []:
        text = text.replace(s, "***")
    text = _TOKEN_RE.sub("***", text)
    text = _URL_PASSWORD_RE.sub(r"\1***@", text)
    text = _URL_QUERY_SECRET_RE.sub(r"\1***", text)
    text = _URL_BOT_PATH_RE.sub(r"\1***", text)
    text = _DB_KEY_RE.sub(r"\1***\2", text)
    text = _DB_ROW_RE.sub(r"\1***\2", text)
    return _DB_PARAMS_RE.sub(r"\1***\2", text)


class RedactSecrets(logging.Filter):
    def __init__(self, secrets: list[str] | None = None) -> None:
        super().__init__()
        self.secrets = [s for s in (secrets or []) if s]

    def redact(self, text: str) -> str:
        return redact_text(text, self.secrets)

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
    from bot.channels.registry import all_secrets

    flt = RedactSecrets(all_secrets(settings))
    root = logging.getLogger()
    if not root.handlers:
        logging.basicConfig(level=settings.log_level.upper(),
                            format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    for h in root.handlers:
        if not any(isinstance(f, RedactSecrets) for f in h.filters):
            h.addFilter(flt)
    return flt
