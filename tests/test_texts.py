"""The message catalog: every key the code uses exists, and a profile can override any text."""

from __future__ import annotations

import re
from pathlib import Path

from bot.core.texts import Catalog
from bot.profile import load_profile

ROOT = Path(__file__).resolve().parent.parent
KEY_RE = re.compile(r"""\bt\(\s*["']([a-z0-9_]+)["']""")


def test_every_used_key_exists():
    cat = Catalog(load_profile("so-khcn"))
    used = set()
    for path in (ROOT / "bot").rglob("*.py"):
        used |= set(KEY_RE.findall(path.read_text(encoding="utf-8")))
    missing = sorted(k for k in used if k not in cat and not k.endswith("_"))
    assert not missing, missing
    for status in ("received", "assigned", "in_progress", "needs_info", "answered", "closed", "forwarded",
                   "rejected", "withdrawn"):
        assert f"status_{status}" in cat


def test_profile_overrides_a_text_and_missing_values_do_not_crash():
    prof = load_profile("so-khcn").model_copy(update={"texts": {"welcome": "Xin chào từ {agency}!"}})
    cat = Catalog(prof)
    assert cat("welcome") == f"Xin chào từ {prof.name}!"
    assert "{code}" in cat("pa_received")  # a forgotten value shows as a placeholder, never a crash


def test_texts_are_polite_vietnamese():
    cat = Catalog(load_profile("so-khcn"))
    for key in ("welcome", "help", "unknown", "pa_received", "consent_refused", "error"):
        assert "Ông/Bà" in cat(key), key


def test_catalog_has_no_duplicate_keys():
    import yaml

    class Strict(yaml.SafeLoader):
        pass

    def mapping(loader, node):
        keys = [loader.construct_object(k) for k, _ in node.value]
        dupes = {k for k in keys if keys.count(k) > 1}
        assert not dupes, f"duplicate keys: {dupes}"
        return loader.construct_mapping(node)

    Strict.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, mapping)
    for path in (ROOT / "bot" / "messages").glob("*.yaml"):
        yaml.load(path.read_text(encoding="utf-8"), Loader=Strict)
