"""``pakn data …`` run as an operator would."""

from __future__ import annotations

from tests.test_cli_console import env, run  # noqa: F401  (fixture)


def test_show_erase_and_retention_from_the_shell(env):  # noqa: F811
    assert run(["db", "upgrade"], env).returncode == 0
    r = run(["chat", "--user", "dan-9"], env, input_text="đăng ký nhận tin\n")
    assert r.returncode == 0, r.stderr
    r = run(["data", "show", "--channel", "console", "--user-id", "dan-9"], env)
    assert r.returncode == 0 and "Nhận thông báo: có" in r.stdout, r.stderr
    r = run(["data", "retention", "--dry-run"], env)
    assert r.returncode == 0 and "Sẽ xóa: items 0" in r.stdout, r.stderr
    r = run(["data", "erase", "--channel", "console", "--user-id", "dan-9", "--yes"], env)
    assert r.returncode == 0 and "Đã xóa" in r.stdout, r.stderr
    r = run(["data", "show", "--channel", "console", "--user-id", "dan-9"], env)
    assert "chưa có dữ liệu" in r.stdout  # the chat id itself is gone
    r = run(["data", "places"], env)
    assert "files:attachments" in r.stdout and "outbox" in r.stdout
