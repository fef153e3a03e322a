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
    return e


def test_db_upgrade_seed_and_two_consoles(env, tmp_path):
    r = run(["db", "upgrade"], env)
    assert r.returncode == 0, r.stderr
    r = run(["demo", "seed"], env)
    assert r.returncode == 0 and "Đã nạp dữ liệu mẫu" in r.stdout, r.stderr
    assert "không nạp thêm" in run(["demo", "seed"], env).stdout
    # a citizen files a petition in one terminal …
    script = "\n".join([
        "Tôi phản ánh cửa hàng tạp hóa ở chợ Nghĩa Lộ bán hàng đóng gói không ghi định lượng trên nhãn",
        "1",  # Đúng
        *["Cửa hàng Thanh Hà, chợ Nghĩa Lộ"] * 1,
    ])
    r = run(["chat", "--user", "dan-1"], env, input_text=script + "\n")
    assert r.returncode == 0, r.stderr
    assert "Kính chào Ông/Bà" in r.stdout and "1. ✅ Đúng" in r.stdout
    # … and the form can be finished in a later run: state lives in the database
    lines = ["2", "Nguyễn Văn An", "Số 5 Hùng Vương, phường Cẩm Thành, Quảng Ngãi", "0912345678", "2", "1", "1"]
    r = run(["chat", "--user", "dan-1"], env, input_text="\n".join(lines) + "\n")
    assert "PA-" in r.stdout, r.stdout[-3000:]
    # the staff terminal gets the card
    r = run(["chat", "--staff", "canbo-admin"], env, input_text="/hopthu\n")
    assert r.returncode == 0, r.stderr
    assert "🔔" in r.stdout and "PA-2026-" in r.stdout or "PA-" in r.stdout


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
