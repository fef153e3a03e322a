"""The layering rules of docs/DESIGN.md, checked on the source."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SQL_NAMES = {"select", "update", "insert", "delete", "text", "func", "and_", "or_", "Column", "Table"}


def _imports(path: Path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            yield node.module, {a.name for a in node.names}
        elif isinstance(node, ast.Import):
            for a in node.names:
                yield a.name, set()


def test_nothing_outside_storage_writes_sql():
    offenders = []
    for pkg in ("bot", "intents"):
        for path in (ROOT / pkg).rglob("*.py"):
            for module, names in _imports(path):
                root = module.split(".")[0]
                if root in ("sqlalchemy", "sqlmodel") and (names & SQL_NAMES or module.startswith("sqlalchemy.sql")):
                    offenders.append(f"{path.relative_to(ROOT)}: from {module} import {', '.join(sorted(names))}")
    assert not offenders, "SQL outside storage/:\n" + "\n".join(offenders)


def test_intents_knows_nothing_about_chats_or_storage():
    offenders = []
    for path in (ROOT / "intents").rglob("*.py"):
        for module, _names in _imports(path):
            if module.startswith(("bot.core", "bot.channels", "bot.delivery", "storage", "aiogram")):
                offenders.append(f"{path.relative_to(ROOT)} imports {module}")
    assert not offenders, "\n".join(offenders)


def test_core_does_not_import_channels():
    offenders = []
    for path in (ROOT / "bot" / "core").rglob("*.py"):
        for module, _names in _imports(path):
            if module.startswith(("bot.channels", "aiogram", "aiohttp")):
                offenders.append(f"{path.relative_to(ROOT)} imports {module}")
    assert not offenders, "\n".join(offenders)
