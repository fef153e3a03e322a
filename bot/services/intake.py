"""One register whatever the channel: petitions received on paper, at citizen reception or by phone.

Staff enter them with ``/nhap`` (bot/core/staff_reports.py) or import the office's Excel register with
``pakn import register FILE.xlsx`` (bot/cli_reports.py). Both go through ``register_offline``: the same
deadline rules as a chat petition, counted from the day the item was received, and the intake channel kept
on the petition so that reports break down by it. A ``source_ref`` (the register's number) makes an import
safe to run twice.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from bot.core.render import local
from bot.services import petitions as petition_svc
from bot.services.base import Actor, Env, Refused
from bot.services.reports import CONFIDENTIAL_ROLES, parse_day
from storage import reports as report_repo
from storage.models import OFFLINE_CHANNELS, Petition

CHANNEL_WORDS = {  # folded words -> intake channel
    "giay": "paper", "don giay": "paper", "don": "paper", "van ban": "paper", "buu dien": "paper", "paper": "paper",
    "tiep dan": "reception", "tiep cong dan": "reception", "truc tiep": "reception", "reception": "reception",
    "dien thoai": "hotline", "duong day nong": "hotline", "hotline": "hotline", "goi dien": "hotline",
    "email": "email", "thu dien tu": "email", "e-mail": "email",
}
KIND_WORDS = {"phan anh": "phan_anh", "kien nghi": "kien_nghi", "khieu nai": "khieu_nai", "to cao": "to_cao"}


def _fold(text: str) -> str:
    from intents import fold

    return " ".join(fold(text or "").replace("_", " ").split())


def parse_channel(text: str) -> str:
    f = _fold(text)
    if f in CHANNEL_WORDS:
        return CHANNEL_WORDS[f]
    hit = next((v for k, v in CHANNEL_WORDS.items() if f and (f.startswith(k) or k in f)), None)
    if hit is None:
        raise Refused("intake_bad_channel", text=text)
    return hit


def parse_kind(env: Env, text: str) -> str:
    f = _fold(text)
    for k in env.profile.kinds:
        if f in (k.code.replace("_", " "), _fold(k.name)):
            return k.code
    hit = next((v for k, v in KIND_WORDS.items() if k in f), None)
    if hit is None:
        raise Refused("intake_bad_kind", text=text)
    return hit


def parse_topic(env: Env, text: str) -> str:
    f = _fold(text)
    topics = env.profile.topics
    for t in topics:
        if f in (t.code.replace("_", " "), _fold(t.name)):
            return t.code
    starts = [t.code for t in topics if f and _fold(t.name).startswith(f)]
    if len(starts) == 1:
        return starts[0]
    inside = [t.code for t in topics if f and f in _fold(t.name)]
    if len(inside) == 1:
        return inside[0]
    raise Refused("intake_bad_topic", text=text, known=", ".join(t.code for t in topics))


@dataclass
class OfflineItem:
    channel: str
    kind: str
    topic: str
    content: str
    full_name: str | None = None
    phone: str | None = None
    address: str | None = None
    received: date | None = None  # the day received; today when None
    source_ref: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)


def register_offline(env: Env, actor: Actor, item: OfflineItem, *, card: bool = True) -> Petition:
    """Record a petition received outside the chat channels, through the petition service (same code, due
    date and routing as a chat petition); the deadline counts from the day received."""
    if item.channel not in OFFLINE_CHANNELS:
        raise Refused("intake_bad_channel", text=item.channel)
    if item.kind == "to_cao" and actor.kind == "staff" and actor.role not in CONFIDENTIAL_ROLES:
        raise Refused("intake_not_allowed")
    content = (item.content or "").strip()
    if len(content) < 5:
        raise Refused("intake_no_content")
    received = item.received or env.today
    if received > env.today:
        raise Refused("intake_bad_date", text=f"{received:%d/%m/%Y}")
    if item.source_ref:
        known = report_repo.petition_by_source_ref(env.s, item.source_ref)
        if known is not None:
            raise Refused("intake_duplicate", ref=item.source_ref, code=known.code)
    return petition_svc.submit(env, actor, petition_svc.Submission(
        kind=item.kind, topic=item.topic, content=content, channel=item.channel, citizen_id=None,
        full_name=item.full_name or None, phone=item.phone or None, address=item.address or None,
        extra=item.extra, anonymous=not item.full_name, received=received, source_ref=item.source_ref, card=card,
    ))


# ============================================================================================ Excel register
FIELD_ALIASES = {  # folded column headers of the registers offices keep
    "source_ref": ["so", "stt", "so tt", "so thu tu", "so don", "so hieu", "so vao so", "ma", "ma so"],
    "received": ["ngay nhan", "ngay tiep nhan", "ngay", "ngay nhan don", "ngay den"],
    "channel": ["kenh", "kenh tiep nhan", "hinh thuc", "hinh thuc tiep nhan", "nguon", "nguon don"],
    "full_name": ["ho ten", "ho va ten", "nguoi gui", "ten nguoi gui", "ho ten nguoi gui", "cong dan"],
    "phone": ["dien thoai", "so dien thoai", "sdt", "dt"],
    "address": ["dia chi", "dia chi nguoi gui", "noi o"],
    "kind": ["loai", "loai don", "phan loai", "loai don thu"],
    "topic": ["linh vuc", "linh vuc noi dung"],
    "content": ["noi dung", "noi dung don", "tom tat noi dung", "noi dung chinh"],
}
REQUIRED = ("kind", "content")


@dataclass
class ImportResult:
    mapping: dict[str, str]  # field -> header
    created: list[str] = field(default_factory=list)  # codes (or, in a dry run, the row numbers that would be)
    skipped: list[tuple[int, str]] = field(default_factory=list)  # (row, reason): already imported
    refused: list[tuple[int, str]] = field(default_factory=list)  # (row, reason)


def map_columns(headers: list[Any], overrides: dict[str, str] | None = None) -> dict[str, int]:
    """field -> column index from the header row; ``overrides`` maps a field to a header text."""
    folded = [_fold(str(h)) if h is not None else "" for h in headers]
    out: dict[str, int] = {}
    for fld, aliases in FIELD_ALIASES.items():
        for i, h in enumerate(folded):
            if h in aliases and i not in out.values():
                out[fld] = i
                break
    for fld, header in (overrides or {}).items():
        if fld not in FIELD_ALIASES:
            raise ValueError(f"trường không có: {fld} (các trường: {', '.join(FIELD_ALIASES)})")
        try:
            out[fld] = folded.index(_fold(header))
        except ValueError as e:
            raise ValueError(f"không có cột \"{header}\"") from e
    return out


def _as_date(value: Any) -> date | None:
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    return parse_day(str(value).strip()) or _raise_date(value)


def _raise_date(value: Any) -> date:
    raise Refused("intake_bad_date", text=str(value))


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def read_register(path: Path) -> tuple[list[Any], Any]:
    """(header row, iterator over the following rows) of the first sheet, read-only (large files stream)."""
    from openpyxl import load_workbook

    wb = load_workbook(path, read_only=True, data_only=True)
    ws = wb.worksheets[0]
    rows = ws.iter_rows(values_only=True)
    headers = list(next(rows, []) or [])
    return headers, rows


def import_register(env: Env, actor: Actor, path: Path, *, dry_run: bool, default_channel: str = "paper",
                    overrides: dict[str, str] | None = None) -> ImportResult:
    """Each row in its own savepoint: a refused row leaves nothing behind and does not stop the others.

    The source reference is ``register:<number>`` when the register has a number column, otherwise a hash of
    the row's date, name and content, so running the same file twice creates nothing the second time."""
    headers, rows = read_register(path)
    cols = map_columns(headers, overrides)
    missing = [f for f in REQUIRED if f not in cols]
    if missing:
        raise ValueError("thiếu cột: " + ", ".join(missing) + f" (các cột có: {', '.join(str(h) for h in headers)})")
    res = ImportResult({f: str(headers[i]) for f, i in cols.items()})
    for n, row in enumerate(rows, start=2):
        values = {f: (row[i] if i < len(row) else None) for f, i in cols.items()}
        if all(v in (None, "") for v in values.values()):
            continue
        try:
            ref_no = _text(values.get("source_ref"))
            if ref_no:
                ref = f"register:{ref_no}"
            else:
                digest = hashlib.sha1("|".join(_text(values.get(f)) for f in ("received", "full_name", "content"))
                                      .encode("utf-8")).hexdigest()[:16]
                ref = f"register:#{digest}"
            item = OfflineItem(
                channel=parse_channel(_text(values["channel"])) if _text(values.get("channel")) else default_channel,
                kind=parse_kind(env, _text(values["kind"])),
                topic=parse_topic(env, _text(values["topic"])) if _text(values.get("topic")) else "khac",
                content=_text(values["content"]), full_name=_text(values.get("full_name")) or None,
                phone=_text(values.get("phone")) or None, address=_text(values.get("address")) or None,
                received=_as_date(values.get("received")), source_ref=ref,
            )
            if item.topic not in env.profile.topic_codes:
                raise Refused("intake_bad_topic", text=_text(values.get("topic")),
                              known=", ".join(env.profile.topic_codes))
            with env.s.begin_nested():
                p = register_offline(env, actor, item, card=False)
                if dry_run:
                    res.created.append(f"dòng {n}")
                    raise _Undo
            res.created.append(p.code)
        except _Undo:
            continue
        except Refused as e:
            target = res.skipped if e.key == "intake_duplicate" else res.refused
            target.append((n, e.render(env.t)))
    return res


class _Undo(Exception):
    """Rolls a dry-run row's savepoint back."""


def local_received(p: Petition) -> date:
    return local(p.created_at).date()
