"""The data rows of large XLSX exports, written fast into a workbook that openpyxl makes.

openpyxl builds the workbook in write-only mode: styles, the summary sheet, each sheet's column widths, frozen
header row, autofilter and header cells. Its per-cell path (a cell object, type inference, an lxml element per
cell) costs ~15 µs a cell: 12 of the 14 s of a 52,764-row export (19 columns) on the reference machine. Here the
data rows of a sheet are serialised as SpreadsheetML text into a temporary file as they come from the database
(~1 µs a cell, memory flat), and spliced into that sheet's XML when the workbook is packed. The rows are the
ones openpyxl itself writes for such values (``tests/test_reports.py`` reads both back and compares them cell by
cell): strings as inline strings (never a formula, even when they start with "="), dates as serial numbers in a
date-formatted style, numbers as numbers, None and empty text as no cell.
"""

from __future__ import annotations

import re
import tempfile
import zipfile
from collections.abc import Iterable
from datetime import date, datetime
from pathlib import Path
from typing import IO, Any

from openpyxl.utils import get_column_letter

MAX_CELL_TEXT = 32767  # Excel's limit, where openpyxl truncates too
_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")  # what XML 1.0 cannot hold (openpyxl refuses it)
_EXCEL_EPOCH = date(1899, 12, 30).toordinal()
_FIRST_EXACT = date(1900, 3, 1)  # before it Excel's 1900 leap-year bug shifts serials: left to openpyxl


def _text(value: str) -> str:
    if _ILLEGAL.search(value):
        value = _ILLEGAL.sub("", value)
    if "&" in value:
        value = value.replace("&", "&amp;")
    if "<" in value:
        value = value.replace("<", "&lt;")
    if ">" in value:
        value = value.replace(">", "&gt;")
    if "\r" in value:
        value = value.replace("\r", "&#13;")
    return value


class SheetRows:
    """Rows of one worksheet, from ``first_row`` on, streamed to a temporary file."""

    def __init__(self, ws: Any, columns: int, date_style: int, first_row: int = 2) -> None:
        self.ws = ws
        self.row = first_row
        self.count = 0
        self.date_style = date_style
        self._letters = [get_column_letter(i) for i in range(1, columns + 1)]
        self._file: IO[str] = tempfile.TemporaryFile("w+", encoding="utf-8", newline="")  # noqa: SIM115

    def append(self, values: Iterable[Any]) -> None:
        r = str(self.row)
        parts = [f'<row r="{r}">']
        add = parts.append
        for letter, v in zip(self._letters, values, strict=False):
            if v is None:
                continue
            if isinstance(v, str):
                if v == "":
                    continue
                if len(v) > MAX_CELL_TEXT:
                    v = v[:MAX_CELL_TEXT]
                stripped = v.strip()
                space = ' xml:space="preserve"' if stripped and stripped != v else ""  # as openpyxl
                t = _text(v)
                add(f'<c r="{letter}{r}" t="inlineStr"><is><t{space}>{t}</t></is></c>')
            elif isinstance(v, bool):
                add(f'<c r="{letter}{r}" t="b"><v>{int(v)}</v></c>')
            elif isinstance(v, datetime | date):
                add(f'<c r="{letter}{r}" s="{self.date_style}" t="n"><v>{_serial(v)}</v></c>')
            elif isinstance(v, int | float):
                add(f'<c r="{letter}{r}" t="n"><v>{v!r}</v></c>')
            else:
                raise TypeError(f"cannot write {type(v).__name__} to a cell")
        add("</row>")
        self._file.write("".join(parts))
        self.row += 1
        self.count += 1

    def copy_to(self, out: IO[bytes]) -> None:
        self._file.flush()
        self._file.seek(0)
        while chunk := self._file.read(1 << 20):
            out.write(chunk.encode("utf-8"))

    def close(self) -> None:
        self._file.close()


def _serial(v: date) -> Any:
    if type(v) is date and v >= _FIRST_EXACT:
        return v.toordinal() - _EXCEL_EPOCH
    from openpyxl.utils.datetime import to_excel

    return to_excel(v)


def date_style(ws: Any, number_format: str) -> int:
    """The workbook's style index for dates shown as ``number_format`` (registered if new)."""
    from openpyxl.cell import WriteOnlyCell

    c = WriteOnlyCell(ws)
    c.number_format = number_format
    return int(c.style_id)


def save(wb: Any, path: Path, sheets: list[SheetRows], compresslevel: int = 6) -> None:
    """Save ``wb`` (openpyxl, write-only) to ``path`` with each of ``sheets``' rows after its sheet's own rows."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        packed = Path(tmp) / "openpyxl.xlsx"
        wb.save(packed)
        by_part = {s.ws.path.lstrip("/"): s for s in sheets}  # parts are numbered when the workbook is saved
        if len(by_part) != len(sheets):
            raise ValueError("two row sets for one sheet")
        with zipfile.ZipFile(packed) as zin, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED,
                                                             compresslevel=compresslevel) as zout:
            for info in zin.infolist():
                data = zin.read(info.filename)
                rows = by_part.get(info.filename)
                if rows is None:
                    zout.writestr(info.filename, data)
                    continue
                end = data.find(b"</sheetData>")
                if end < 0 or data.count(b"</sheetData>") != 1:
                    raise ValueError(f"{info.filename}: no sheetData to add rows to")
                with zout.open(info.filename, "w", force_zip64=True) as dst:
                    dst.write(data[:end])
                    rows.copy_to(dst)
                    dst.write(data[end:])
                del by_part[info.filename]
            if by_part:
                raise ValueError(f"sheets not in the workbook: {', '.join(by_part)}")
    for s in sheets:
        s.close()

