"""The import graph of bot/, intents/ and storage/: no cycles, and the lower layers never reach up.

Every import counts, including those inside functions: a lazy import still ties two modules together.
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("bot", "intents", "storage")


def _module_name(path: Path) -> str:
    rel = path.relative_to(ROOT).with_suffix("")
    parts = list(rel.parts)
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(parts)


def _modules() -> dict[str, Path]:
    out = {}
    for pkg in PACKAGES:
        for path in (ROOT / pkg).rglob("*.py"):
            if "migrations" in path.parts:
                continue
            out[_module_name(path)] = path
    return out


def _resolve(name: str, known: dict[str, Path]) -> str | None:
    """The project module an import names (``a.b.c`` may be a module or a name inside ``a.b``)."""
    while name:
        if name in known:
            return name
        name = name.rpartition(".")[0]
    return None


def _imports(mod: str, path: Path, known: dict[str, Path]) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    is_pkg = path.name == "__init__.py"
    found: set[str] = set()
    for node in ast.walk(tree):
        names: list[str] = []
        if isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                pkg = mod if is_pkg else mod.rpartition(".")[0]
                for _ in range(node.level - 1):
                    pkg = pkg.rpartition(".")[0]
                base = f"{pkg}.{base}" if base else pkg
            names = [f"{base}.{a.name}" for a in node.names] or [base]
        for n in names:
            target = _resolve(n, known)
            if target and target != mod and not mod.startswith(target + ".") and target not in PACKAGES or target in PACKAGES and target != mod.split(".")[0]:
                found.add(target)
    return found


def graph() -> dict[str, set[str]]:
    known = _modules()
    return {mod: _imports(mod, path, known) for mod, path in known.items()}


def cycles(g: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components with more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on: set[str] = set()
    out: list[list[str]] = []
    counter = [0]

    def visit(v: str) -> None:
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on.add(v)
        for w in g.get(v, ()):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                out.append(sorted(comp))

    for v in sorted(g):
        if v not in index:
            visit(v)
    return out


def test_the_graph_is_read() -> None:
    g = graph()
    assert "bot.core.engine" in g["bot.app"] and "bot.services.petitions" in g["bot.core.staff_petitions"]


def test_no_import_cycles() -> None:
    assert cycles(graph()) == []


def test_storage_and_intents_never_import_bot() -> None:
    bad = {m: sorted(d for d in deps if d == "bot" or d.startswith("bot."))
           for m, deps in graph().items() if m.split(".")[0] in ("storage", "intents")}
    assert {m: d for m, d in bad.items() if d} == {}


def test_services_never_import_chat_modules() -> None:
    """Domain operations never see a chat: no conversation flow, channel or delivery transport."""
    chatty = ("bot.core.engine", "bot.core.citizen", "bot.core.staff", "bot.core.context", "bot.core.drafts",
              "bot.core.forms", "bot.core.flows",
              "bot.channels", "bot.delivery")
    bad = {m: sorted(d for d in deps if d.startswith(chatty))
           for m, deps in graph().items() if m.startswith("bot.services")}
    assert {m: d for m, d in bad.items() if d} == {}


def test_the_cycle_finder_finds_a_cycle() -> None:
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


def test_the_forms_engine_knows_no_flow() -> None:
    """bot/core/forms runs any form; the flows (bot/core/flows) register theirs and never the reverse."""
    bad = {m: sorted(d for d in deps if d.startswith(("bot.core.flows", "bot.core.citizen")))
           for m, deps in graph().items() if m.startswith("bot.core.forms")}
    assert {m: d for m, d in bad.items() if d} == {}
    assert any(d.startswith("bot.core.forms") for d in graph()["bot.core.flows.petition"])
