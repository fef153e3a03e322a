"""The fast data rows of XLSX exports (bot/services/xlsx_rows.py) read back exactly like the cells openpyxl writes
itself for the same values, cell by cell: value, type, number format and style."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from bot.services import xlsx_rows

ROWS = [
    ["PA-2026-000123-K", "Phản ánh", date(2026, 2, 10), date(2026, 3, 3), None, "Trễ hạn", "Nguyễn Văn A"],
    ["a & b < c > d", "  leading and trailing  ", date(1999, 12, 31), None, "", "=SUM(A1:A9) bắt đầu bằng =", "x"],
    ["line\nbreak\r\nCRLF", "   ", date(2100, 1, 1), date(2026, 1, 1), "#N/A", "'quoted", "tab\there"],
    [42, 3.25, True, False, -7, 0, 1e-9],
    [None, None, None, None, None, None, "only the last"],
    ["x" * 40000, "ơ" * 10, datetime(2026, 5, 4, 9, 30), date(1900, 3, 1), "Ý kiến: \"trích dẫn\"", "😀 emoji", "đ"],
]
WIDTHS = [16, 12, 13, 12, 13, 20, 22]


def _data_sheet(wb: Workbook):  # noqa: ANN202 - a write-only worksheet
    """The data sheet as both writers set it up: widths, frozen bold header row."""
    ws = wb.create_sheet("Dữ liệu")
    for i, w in enumerate(WIDTHS, 1):
        ws.column_dimensions[chr(64 + i)].width = w
    ws.freeze_panes = "A2"
    head = [WriteOnlyCell(ws, value=f"Cột {i}") for i in range(1, 8)]
    for c in head:
        c.font = Font(bold=True)
    ws.append(head)
    return ws


def _reference(path: Path) -> None:
    """The same rows written by openpyxl's own per-cell path (strings forced to text, dates formatted)."""
    wb = Workbook(write_only=True)
    ws = _data_sheet(wb)
    for row in ROWS:
        out = []
        for v in row:
            if isinstance(v, date):
                c = WriteOnlyCell(ws, value=v)
                c.number_format = "DD/MM/YYYY"
                v = c
            elif v == "":
                v = None  # no cell for an empty text (openpyxl would write an empty one)
            elif isinstance(v, str):
                c = WriteOnlyCell(ws, value=v)
                c.data_type = "s"  # never a formula, never an error value
                v = c
            out.append(v)
        ws.append(out)
    ws.auto_filter.ref = f"A1:G{len(ROWS) + 1}"
    wb.save(path)


def _fast(path: Path) -> None:
    wb = Workbook(write_only=True)
    summary = wb.create_sheet("Tổng hợp")
    summary.append(["a sheet before, without fast rows"])
    ws = _data_sheet(wb)
    rows = xlsx_rows.SheetRows(ws, 7, xlsx_rows.date_style(ws, "DD/MM/YYYY"))
    for row in ROWS:
        rows.append(row)
    ws.auto_filter.ref = f"A1:G{rows.count + 1}"
    xlsx_rows.save(wb, path, [rows])


def _cells(path: Path) -> list[list[tuple]]:
    ws = load_workbook(path)["Dữ liệu"]
    return [[(c.coordinate, c.value, c.data_type, c.number_format, c.font.b) for c in row] for row in ws.iter_rows()]


def test_fast_rows_read_back_like_openpyxl_cells(tmp_path):
    _reference(tmp_path / "ref.xlsx")
    _fast(tmp_path / "fast.xlsx")
    ref, fast = _cells(tmp_path / "ref.xlsx"), _cells(tmp_path / "fast.xlsx")
    assert len(fast) == len(ROWS) + 1
    assert fast == ref
    wb = load_workbook(tmp_path / "fast.xlsx")
    assert wb.sheetnames == ["Tổng hợp", "Dữ liệu"]
    ws = wb["Dữ liệu"]
    assert ws.freeze_panes == "A2" and ws.auto_filter.ref == "A1:G7" and ws.column_dimensions["F"].width == 20
    assert ws["A7"].value == "x" * xlsx_rows.MAX_CELL_TEXT  # Excel's limit, truncated as openpyxl does
    assert ws["C3"].value == datetime(1999, 12, 31) and ws["C3"].number_format == "DD/MM/YYYY"
    assert ws["F3"].value.startswith("=SUM") and ws["F3"].data_type == "s"
    assert wb["Tổng hợp"]["A1"].value == "a sheet before, without fast rows"


def test_characters_xml_cannot_hold_are_dropped(tmp_path):
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("x")
    ws.append(["h"])
    rows = xlsx_rows.SheetRows(ws, 1, xlsx_rows.date_style(ws, "DD/MM/YYYY"))
    rows.append(["bell\x07 and nul\x00 and form feed\x0c"])
    xlsx_rows.save(wb, tmp_path / "c.xlsx", [rows])
    assert load_workbook(tmp_path / "c.xlsx")["x"]["A2"].value == "bell and nul and form feed"


def test_unknown_values_are_refused(tmp_path):
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("x")
    rows = xlsx_rows.SheetRows(ws, 1, 0)
    with pytest.raises(TypeError):
        rows.append([object()])
    rows.close()
