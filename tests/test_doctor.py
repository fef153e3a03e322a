"""``pakn doctor`` run as an operator would (a subprocess), against the fake Bot API over HTTP and a real
database (SQLite; PostgreSQL too when PAKN_TEST_POSTGRES_URL is set)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from cryptography.fernet import Fernet

from tests.delivery_fixtures import ThreadedFake
from tests.fake_telegram import BOT_USERNAME, STAFF_CHAT, TOKEN, free_port

ROOT = Path(__file__).resolve().parent.parent
PAKN = str(Path(sys.executable).parent / "pakn")
PG_URL = os.environ.get("PAKN_TEST_POSTGRES_URL")


def run(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run([PAKN, *args], capture_output=True, text=True, env=env, timeout=120, cwd=env["PAKN_DATA_DIR"])


def lines(r: subprocess.CompletedProcess, title: str) -> list[str]:
    """The report's line(s) for one check, with their "→ fix" line."""
    out = r.stdout.splitlines()
    found = []
    for i, line in enumerate(out):
        if f" {title}:" in line:
            found.append(line + ("\n" + out[i + 1] if i + 1 < len(out) and out[i + 1].startswith("   →") else ""))
    return found


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.skipif(
    not PG_URL, reason="PostgreSQL test: set PAKN_TEST_POSTGRES_URL to run it"))])
def db_url(request, tmp_path):
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'pakn.db'}"
        return
    from storage.scratch import pg_schema

    with pg_schema(PG_URL, prefix="doc") as url:
        yield url


@pytest.fixture
def tg():
    with ThreadedFake() as fake:
        yield fake


def _env(tmp_path: Path, db_url: str, fake: ThreadedFake | None, **extra: str) -> dict[str, str]:
    e = {k: v for k, v in os.environ.items() if not k.startswith("PAKN_")}
    e.update({"PAKN_DATA_DIR": str(tmp_path), "PAKN_DATABASE_URL": db_url, "PAKN_WEB_ENABLED": "false"})
    if fake is not None:
        e.update({"PAKN_TELEGRAM_TOKEN": TOKEN, "PAKN_TELEGRAM_API_URL": fake.base_url,
                  "PAKN_TELEGRAM_STAFF_CHAT_ID": str(STAFF_CHAT)})
    e.update(extra)
    return e


def _ready(env: dict[str, str]) -> None:
    assert run(["db", "upgrade"], env).returncode == 0
    r = run(["staff", "add", "--user-id", "5001", "--name", "Nguyễn Thị Hoa", "--role", "admin"], env)
    assert r.returncode == 0, r.stderr


def test_a_healthy_deployment(tmp_path, db_url, tg):
    env = _env(tmp_path, db_url, tg, PAKN_SECRET_KEY=Fernet.generate_key().decode())
    _ready(env)
    r = run(["doctor"], env)
    assert r.returncode == 0, r.stdout + r.stderr
    assert "tất cả đều ổn" in r.stdout and "❌" not in r.stdout and "⚠️" not in r.stdout, r.stdout
    assert f"bot @{BOT_USERNAME}" in lines(r, "Telegram: token")[0]
    assert "quản trị viên" in lines(r, "Telegram: nhóm cán bộ")[0]
    assert "long polling" in lines(r, "Telegram: webhook")[0]
    assert "đã cập nhật mới nhất" in lines(r, "Cơ sở dữ liệu")[0]
    assert "PAKN_SECRET_KEY hợp lệ" in lines(r, "Khóa niêm phong danh tính người tố cáo")[0]
    assert "so-khcn" in lines(r, "Hồ sơ cơ quan")[0]
    assert TOKEN.split(":")[1] not in r.stdout + r.stderr


def _in_process(tmp_path: Path, fake: ThreadedFake | None, **kw):
    """Settings for run_checks in this process, on a migrated SQLite database with an administrator."""
    from bot.config import Settings
    from storage import Store
    from storage import staff as staff_repo

    db = f"sqlite:///{tmp_path / 'pakn.db'}"
    store = Store(db)
    store.upgrade()
    with store.session() as s:
        staff_repo.add(s, channel="telegram", user_id="5001", name="Nguyễn Thị Hoa", role="admin")
    store.dispose()
    values = {"data_dir": tmp_path, "database_url": db, "web_enabled": False, "redis_url": None}
    if fake is not None:
        values.update(telegram_token=TOKEN, telegram_api_url=fake.base_url, telegram_staff_chat_id=STAFF_CHAT)
    values.update(kw)
    return Settings(_env_file=None, **values)


def check(settings, title: str):
    """(the report, its one check with this title)."""
    from bot.cli_doctor import run_checks

    report = run_checks(settings)
    [c] = [c for c in report.checks if c.title == title]
    return report, c


def test_staff_group_problems_say_what_to_do(tmp_path, tg):
    settings = _in_process(tmp_path, tg, secret_key=Fernet.generate_key().decode())
    group = "Telegram: nhóm cán bộ"

    # a plain member with privacy mode on: staff answers typed in the group never reach the bot
    tg.call(lambda: (setattr(tg.fake, "privacy_mode", True), tg.fake.member_status.__setitem__(str(STAFF_CHAT), "member")))
    report, c = check(settings, group)
    assert report.failed and c.level == "fail" and "/setprivacy" in c.fix and "quản trị viên" in c.fix

    # the bot removed from the group
    tg.call(lambda: tg.fake.kick(STAFF_CHAT))
    report, c = check(settings, group)
    assert report.failed and "bị xóa khỏi nhóm" in c.detail and "thêm lại bot" in c.fix

    # the group upgraded to a supergroup
    tg.call(lambda: (tg.fake.unkick(STAFF_CHAT), tg.fake.migrate(STAFF_CHAT, -1009876543210)))
    report, c = check(settings, group)
    assert report.failed and "PAKN_TELEGRAM_STAFF_CHAT_ID=-1009876543210" in c.fix

    # a webhook Telegram cannot reach
    tg.call(lambda: (tg.fake.migrated.clear(), setattr(tg.fake, "privacy_mode", False),
                     setattr(tg.fake, "webhook", {"url": "https://bot.example.vn/tg"}),
                     setattr(tg.fake, "webhook_error", "Connection timed out")))
    hook = settings.model_copy(update={"telegram_webhook_url": "https://bot.example.vn/tg"})
    report, c = check(hook.model_copy(update={"telegram_webhook_secret": Fernet.generate_key().decode()}),
                      "Telegram: webhook")
    assert report.failed and "Connection timed out" in c.detail and "HTTPS" in c.fix

    # a webhook left behind while the configuration polls
    tg.call(lambda: setattr(tg.fake, "webhook_error", None))
    report, c = check(settings, "Telegram: webhook")
    assert not report.failed and c.level == "warn" and "pakn run --webhook" in c.fix


def test_local_problems_and_an_unreachable_api(tmp_path):
    port = free_port()
    env = _env(tmp_path, f"sqlite:///{tmp_path / 'pakn.db'}", None, PAKN_TELEGRAM_TOKEN=TOKEN,
               PAKN_TELEGRAM_API_URL=f"http://127.0.0.1:{port}", PAKN_REDIS_URL=f"redis://127.0.0.1:{free_port()}/0",
               PAKN_SECRET_KEY="not-a-fernet-key", PAKN_PROFILE=str(tmp_path / "missing.yaml"))
    r = run(["doctor"], env)  # the database file does not even exist: nothing migrated
    assert r.returncode == 1
    assert "Traceback" not in r.stdout + r.stderr
    assert "pakn db upgrade" in lines(r, "Cơ sở dữ liệu")[0]
    assert "không phải khóa Fernet" in lines(r, "Khóa niêm phong danh tính người tố cáo")[0]
    assert lines(r, "Hồ sơ cơ quan")[0].startswith("❌")
    assert "PAKN_REDIS_URL" in lines(r, "Redis")[0]
    assert "PAKN_TELEGRAM_API_URL" in lines(r, "Telegram: token")[0]
    assert TOKEN.split(":")[1] not in r.stdout + r.stderr
    assert not os.path.exists(tmp_path / "pakn.db") or run(["doctor"], env).returncode == 1  # nothing was created
    assert not (tmp_path / "secret.key").exists()


def test_the_local_key_is_flagged_and_a_changed_key_caught(tmp_path):
    settings = _in_process(tmp_path, None)
    title = "Khóa niêm phong danh tính người tố cáo"
    report, c = check(settings, title)
    assert c.level == "warn" and "sẽ tự tạo" in c.detail and not (tmp_path / "secret.key").exists()
    (tmp_path / "secret.key").write_bytes(Fernet.generate_key())
    report, c = check(settings, title)
    assert not report.failed and c.level == "warn" and "PAKN_SECRET_KEY" in c.fix
    # identities sealed with another key: the key in place cannot open them
    from storage import Store, identities
    from storage.models import Petition

    store = Store(settings.sqlalchemy_url)
    with store.session() as s:
        p = Petition(code="TC-2026-000001-A", kind="to_cao", topic="khac", content="…", channel="telegram")
        s.add(p)
        s.flush()
        identities.put(s, p.id, sealed=Fernet(Fernet.generate_key()).encrypt(b"{}").decode(), owner_digest="x",
                       anonymous=False)
    store.dispose()
    report, c = check(settings, title)
    assert report.failed and "không mở được" in c.detail
