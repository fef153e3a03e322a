"""The `pakn` command and the local chat, run as a user would."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PAKN = str(Path(sys.executable).parent / "pakn")


def run(args, env, input_text=None, timeout=120):
    return subprocess.run([PAKN, *args], input=input_text, capture_output=True, text=True, env=env, timeout=timeout,
                          cwd=env["PAKN_DATA_DIR"])


@pytest.fixture
def env(tmp_path):
    e = {k: v for k, v in os.environ.items() if not k.startswith("PAKN_")}
    e["PAKN_DATA_DIR"] = str(tmp_path)
    e["PAKN_WEB_ENABLED"] = "false"  # the local chat; pakn run serving the web: tests/test_web_channel.py
    return e


def test_db_upgrade_seed_and_two_consoles(env, tmp_path):
    r = run(["db", "upgrade"], env)
    assert r.returncode == 0, r.stderr
    r = run(["demo", "seed"], env)
    assert r.returncode == 0 and "Đã nạp dữ liệu mẫu" in r.stdout, r.stderr
    assert "không nạp thêm" in run(["demo", "seed"], env).stdout
    # a citizen starts a petition in one terminal …
    first = [
        "Tôi phản ánh cửa hàng tạp hóa ở chợ Nghĩa Lộ bán hàng đóng gói không ghi định lượng trên nhãn hàng hóa",
        "1",  # ✅ Đúng
    ]
    r = run(["chat", "--user", "dan-1"], env, input_text="\n".join(first) + "\n")
    assert r.returncode == 0, r.stderr
    assert "Kính chào Ông/Bà" in r.stdout and "1. ✅ Đúng" in r.stdout
    # … and finishes it in a later run: the form state lives in the database
    second = [
        "Cửa hàng Thanh Hà, kiốt 12 chợ Nghĩa Lộ",  # the shop (required extra question)
        "1",  # skip the purchase date
        "2",  # no attachments: Bỏ qua
        "Nguyễn Văn An", "Số 5 Hùng Vương, phường Cẩm Thành, Quảng Ngãi", "0912345678",
        "1",  # no email: Bỏ qua
        "1",  # Tôi đồng ý
        "2",  # Không công khai
        "1",  # 📨 Gửi
    ]
    r = run(["chat", "--user", "dan-1"], env, input_text="\n".join(second) + "\n")
    assert r.returncode == 0, r.stderr
    assert "Mã hồ sơ: PA-" in r.stdout, r.stdout[-3000:]
    code = r.stdout.split("Mã hồ sơ: ")[1].split()[0]
    # the staff terminal shows the card, then the inbox
    r = run(["chat", "--staff", "canbo-admin"], env, input_text="/hopthu\n")
    assert r.returncode == 0, r.stderr
    assert "🔔" in r.stdout and code in r.stdout and "Hộp thư (1 hồ sơ)" in r.stdout


def test_profile_check_reports_errors_in_vietnamese(env, tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("code: x\nname: 1\n", encoding="utf-8")
    r = run(["profile", "check", str(bad)], env)
    assert r.returncode == 2 and "Hồ sơ cơ quan không hợp lệ" in r.stderr
    ok = run(["profile", "check", "so-khcn"], env)
    assert ok.returncode == 0 and "Hồ sơ hợp lệ" in ok.stdout


def test_staff_add_bootstrap(env):
    r = run(["staff", "add", "--user-id", "12345", "--name", "Nguyễn Thị Hoa", "--role", "admin"], env)
    assert r.returncode == 0 and "Đã thêm cán bộ" in r.stdout, r.stderr
    assert "telegram:12345" in run(["staff", "list"], env).stdout
    assert run(["staff", "add", "--user-id", "1", "--name", "X", "--role", "boss"], env).returncode == 2


def test_start_up_honesty(env):
    """A webhook without a token, demo data over real data, a first run without staff: each says what to do."""
    r = run(["run", "--webhook"], env)
    assert r.returncode == 2 and "PAKN_TELEGRAM_TOKEN" in r.stderr
    run(["staff", "add", "--user-id", "12345", "--name", "Nguyễn Thị Hoa", "--role", "admin"], env)
    r = run(["demo", "seed"], env)
    assert r.returncode == 2 and "dữ liệu thật" in r.stderr
    assert "canbo-admin" not in run(["staff", "list"], env).stdout
    r = run(["demo", "seed", "--force"], env)
    assert r.returncode == 0 and "Đã nạp dữ liệu mẫu" in r.stdout
    # the embedded default (make run) uses a database of its own; the real one is untouched
    r = run(["run", "--demo"], env, input_text="")
    assert r.returncode == 0 and "--demo --staff canbo-admin" in r.stdout, r.stderr
    assert (Path(env["PAKN_DATA_DIR"]) / "demo.db").exists()


def test_first_run_without_staff_says_how_to_add_an_administrator(env):
    r = run(["run"], env, input_text="")
    assert r.returncode == 0 and "pakn staff add" in r.stderr and "--role admin" in r.stderr


def test_staff_console_greets_with_the_staff_help(env):
    r = run(["chat", "--demo", "--staff", "canbo-admin"], env, input_text="")
    assert r.returncode == 0, r.stderr
    assert "Xin chào Nguyễn Thị Hoa" in r.stdout and "/hopthu" in r.stdout and "Kính chào Ông/Bà" not in r.stdout
