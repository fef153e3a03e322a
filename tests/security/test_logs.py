"""Attack (by an operator reading logs): personal data and secrets in log lines."""

from __future__ import annotations

import io
import logging

import pytest
from sqlalchemy.exc import IntegrityError

from bot.core.types import Inbound
from bot.logs import RedactSecrets, redact_text
from storage.models import Citizen

PHONE, NAME = "0912345678", "Nguyễn Văn An"


@pytest.fixture
def log_output():
    """A handler set up the way ``bot.logs.setup_logging`` sets up the real ones."""
    buf = io.StringIO()
    handler = logging.StreamHandler(buf)
    handler.setFormatter(logging.Formatter("%(levelname)s %(name)s: %(message)s"))
    handler.addFilter(RedactSecrets(["123456:SECRET-TOKEN-abcdefghijklmnopqrstuv"]))
    root = logging.getLogger()
    root.addHandler(handler)
    old_level = root.level
    root.setLevel(logging.INFO)
    yield buf
    root.removeHandler(handler)
    root.setLevel(old_level)


def test_a_failed_save_does_not_log_its_parameters(store, log_output):
    with store.session() as s:
        s.add(Citizen(channel="console", channel_user_id="dup", full_name="Trần Thị B", phone="0987654321"))
    with pytest.raises(IntegrityError) as err, store.session() as s:
        s.add(Citizen(channel="console", channel_user_id="dup", full_name=NAME, phone=PHONE, email="an@example.com"))
        s.flush()
    text = str(err.value)
    assert "hidden" in text.lower()  # SQLAlchemy's own message says the parameters were hidden
    assert PHONE not in text and NAME not in text
    logging.getLogger("pakn.test").error("save failed", exc_info=err.value)
    out = log_output.getvalue()
    assert "save failed" in out and PHONE not in out and NAME not in out and "an@example.com" not in out


def test_a_failing_message_in_the_core_logs_no_personal_data(core, store, log_output, monkeypatch):
    from bot.core.flows import home

    def boom(*_a, **_k):
        with store.session() as s:  # a real database error carrying the citizen's values
            s.add(Citizen(channel="console", channel_user_id="x1", full_name=NAME, phone=PHONE))
            s.add(Citizen(channel="console", channel_user_id="x1", full_name=NAME, phone=PHONE))
            s.flush()

    monkeypatch.setattr(home, "idle", boom)
    replies = core.handle(Inbound(channel="console", user_id="u-1", text=f"tôi là {NAME}, số {PHONE}"))
    assert "sự cố" in replies[0].text
    out = log_output.getvalue()
    assert "failed to handle a message" in out and "Traceback" in out
    assert PHONE not in out and NAME not in out


@pytest.mark.parametrize(
    "raw,secret",
    [
        ("GET https://api.telegram.org/bot123456:SECRET-TOKEN-abcdefghijklmnopqrstuv/getMe", "SECRET-TOKEN"),
        ("POST http://127.0.0.1:8081/bot987654321:AAH-another_token_value_here_xyz/sendMessage", "AAH-another"),
        ("GET https://api.telegram.org/file/botABCDEF/photos/file_1.jpg", "ABCDEF"),
        ("connect postgresql+psycopg://pakn:s3cr3t-pass@db.internal:5432/pakn failed", "s3cr3t-pass"),
        ("redis://:hunter2@127.0.0.1:6379/0 unreachable", "hunter2"),
        ("callback https://zalo.example/oa?access_token=zz-TOKEN-123&x=1", "zz-TOKEN-123"),
        ("webhook https://bot.example.gov.vn/tg?secret=abc123def&y=2", "abc123def"),
        ('DETAIL:  Key (channel, channel_user_id)=(console, 0912345678) already exists.', "0912345678"),
        ("DETAIL:  Failing row contains (5, console, 42, null, Nguyễn Văn An, 0912345678).", "Nguyễn Văn An"),
        ("[SQL: INSERT …]\n[parameters: {'full_name': 'Nguyễn Văn An', 'phone': '0912345678'}]", "0912345678"),
    ],
)
def test_redaction(raw, secret):
    clean = redact_text(raw)
    assert secret not in clean and "***" in clean


def test_tokens_in_urls_are_redacted_in_log_records(log_output):
    logging.getLogger("aiohttp.client").warning(
        "request to %s failed", "https://api.telegram.org/bot123456:SECRET-TOKEN-abcdefghijklmnopqrstuv/getUpdates")
    out = log_output.getvalue()
    assert "SECRET-TOKEN" not in out and "getUpdates" in out
