"""`pakn report` and `pakn import register`, run as a user would (SQLite in a temporary data folder)."""

from __future__ import annotations

import csv
import io
from datetime import datetime

from openpyxl import Workbook, load_workbook

from tests.test_cli_console import env, run  # noqa: F401  (env is a fixture)


def test_import_register_then_report_files(env, tmp_path):  # noqa: F811
    assert run(["db", "upgrade"], env).returncode == 0
    wb = Workbook()
    ws = wb.active
    ws.append(["Số", "Ngày nhận", "Họ tên", "Hình thức", "Loại đơn", "Lĩnh vực", "Trích yếu"])
    ws.append(["12", datetime(2026, 10, 5), "Đỗ Văn Giấy", "Bưu điện", "Kiến nghị", "Khác", "Đề nghị sửa đường thôn 2"])
    ws.append(["13", "07/10/2026", "Ngô Thị Dân", "Tiếp công dân", "Khiếu nại", "Khác", "Khiếu nại quyết định xử phạt"])
    ws.append(["14", "07/10/2026", "Sai Loại", "Tiếp công dân", "Thư hỏi", "Khác", "Không rõ loại"])
    register = tmp_path / "so-theo-doi.xlsx"
    wb.save(register)

    r = run(["import", "register", str(register)], env)
    assert r.returncode == 2 and "thiếu cột: content" in r.stderr  # "Trích yếu" is not a known header …
    args = ["import", "register", str(register), "--column", "content=Trích yếu"]
    r = run([*args, "--dry-run"], env)  # … mapped by hand
    assert r.returncode == 0, r.stderr
    assert "Sẽ nhập 2 hồ sơ" in r.stdout and "từ chối dòng 4: Loại \"Thư hỏi\" không hợp lệ" in r.stdout
    assert "Chạy thử: chưa ghi gì" in r.stdout
    r = run(args, env)
    assert "Đã nhập 2 hồ sơ; bỏ qua 0 dòng" in r.stdout, r.stdout + r.stderr
    assert "Đã nhập 0 hồ sơ; bỏ qua 2 dòng đã nhập trước đó" in run(args, env).stdout

    r = run(["report", "--quarter", "2026-Q4"], env)
    assert r.returncode == 0, r.stderr
    assert "Tổng số hồ sơ tiếp nhận: 2" in r.stdout and "Đơn giấy, bưu điện: 1" in r.stdout
    files = {ext: tmp_path / f"q4.{ext}" for ext in ("xlsx", "csv", "png", "pdf")}
    r = run(["report", "--from", "01/10/2026", "--to", "31/12/2026", "--xlsx", str(files["xlsx"]), "--csv",
             str(files["csv"]), "--chart", str(files["png"]), "--pdf", str(files["pdf"])], env)
    assert r.returncode == 0, r.stderr
    assert load_workbook(files["xlsx"])["Khiếu nại"]["K2"].value == "Ngô Thị Dân"
    rows = list(csv.reader(io.StringIO(files["csv"].read_text(encoding="utf-8-sig"))))
    assert [row[4] for row in rows[1:]] == ["Đơn giấy, bưu điện", "Tiếp công dân trực tiếp"]
    assert files["png"].read_bytes()[:4] == b"\x89PNG" and files["pdf"].read_bytes()[:4] == b"%PDF"
    r = run(["report", "--quarter", "2026-Q4", "--month", "2026-11"], env)
    assert r.returncode != 0 and "chọn một trong" in r.stderr
