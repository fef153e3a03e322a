"""The channel base (bot/channels/base.py) and the registry (bot/channels/registry.py)."""

from __future__ import annotations

import asyncio
import pickle
import subprocess
import sys
from types import SimpleNamespace

import pytest

from bot.channels import registry
from bot.channels.base import ChannelBase, UserOrder, render_texts, split_text
from bot.config import Settings
from bot.core.types import Button, Inbound, Outbound
from bot.delivery.base import Delivery, purpose_of_row


def _settings(tmp_path, **kw) -> Settings:
    return Settings(_env_file=None, data_dir=tmp_path, **kw)


def test_split_text_cuts_at_paragraphs_under_the_limit():
    paras = [f"Đoạn {i}. " + "nội dung phản ánh " * 20 for i in range(6)]
    text = "\n\n".join(paras)
    pieces = split_text(text, 900)
    assert all(len(p) <= 900 for p in pieces) and len(pieces) > 1
    assert all(p.startswith("Đoạn") for p in pieces)  # every piece begins a paragraph
    assert " ".join(" ".join(pieces).split()) == " ".join(text.split())  # nothing lost


def test_split_text_cuts_a_long_word_where_it_must():
    assert split_text("x" * 25, 10) == ["x" * 10, "x" * 10, "x" * 5]


def test_numbered_choices_stay_together_in_the_last_piece():
    out = Outbound(text="Nội dung dài. " * 200, buttons=[[Button("Phản ánh", "a")], [Button("Kiến nghị", "b")]])
    pieces = render_texts(out, limit=2000, buttons=False)
    assert all(len(p) <= 2000 for p in pieces)
    assert "1. Phản ánh" in pieces[-1] and "2. Kiến nghị" in pieces[-1]
    assert not any("1. Phản ánh" in p for p in pieces[:-1])
    # a channel with buttons gets only the text
    assert not any("1. Phản ánh" in p for p in render_texts(out, limit=2000, buttons=True))


async def test_user_order_keeps_order_and_forgets_idle_users():
    order = UserOrder()
    seen: list[int] = []

    async def step(i: int) -> None:
        async with order.hold("u1"):
            await asyncio.sleep(0.01 * (5 - i))
            seen.append(i)

    await asyncio.gather(*(step(i) for i in range(5)))
    assert seen == [0, 1, 2, 3, 4] and len(order) == 0


class _Core:
    handles_update_ids = False

    def __init__(self) -> None:
        self.seen: list[str] = []

    def handle(self, msg: Inbound) -> list[Outbound]:
        self.seen.append(msg.text)
        return [Outbound(f"đã nhận {msg.text}")]


async def test_channel_base_records_update_ids_for_a_core_that_does_not(sqlite_store):
    core = _Core()
    ch = ChannelBase(core, sqlite_store)
    try:
        first = await ch.call_core(Inbound(channel="zalo", user_id="1", text="a", update_id="m1"))
        again = await ch.call_core(Inbound(channel="zalo", user_id="1", text="a", update_id="m1"))
        assert [o.text for o in first] == ["đã nhận a"] and again == [] and core.seen == ["a"]
        assert ch.stats["duplicates"] == 1
    finally:
        await ch.close_base()


def test_delivery_purposes_come_from_the_outbox_row():
    row = SimpleNamespace(recipient=-100, purpose="notify", ref="PA-2026-000001")
    d = Delivery.from_row(row, Outbound("x"))
    assert (d.recipient, d.purpose, d.ref) == ("-100", "notice", "PA-2026-000001")
    assert purpose_of_row("card") == "card" and purpose_of_row("broadcast") == "broadcast"
    assert purpose_of_row("progress") == "notice" and purpose_of_row(None) == "notice"
    with pytest.raises(ValueError):
        Delivery("1", Outbound("x"), "guess")  # type: ignore[arg-type]


def test_registry_configured_channels_limits_and_staff_chat(tmp_path):
    none = _settings(tmp_path, web_enabled=False)
    assert registry.configured(none) == [] and registry.staff_destinations(none) == []
    assert [c.name for c in registry.configured(_settings(tmp_path))] == ["web"]  # the web chat is on by default
    tg = _settings(tmp_path, telegram_token="123456:" + "A" * 30, telegram_staff_chat_id=-1001,
                   telegram_group_per_minute=7)
    assert [c.name for c in registry.configured(tg)] == ["telegram", "web"]
    assert registry.staff_destinations(tg) == [("telegram", "-1001")]
    limits = registry.limits_from_settings(tg)
    assert limits["telegram"].group_per_minute == 7 and "console" in limits
    assert "123456:" + "A" * 30 in registry.all_secrets(tg)
    assert [f.channel for f in registry.fetchers(tg)] == ["telegram"]


def test_a_core_worker_imports_no_channel_library(tmp_path):
    """The fetchers handed to core worker processes unpickle without aiogram (about 130 MiB a worker)."""
    settings = _settings(tmp_path, telegram_token="123456:" + "A" * 30, profile="so-khcn")
    blob = pickle.dumps((settings, registry.fetchers(settings)))
    code = ("import pickle, sys\n"
            "settings, fetchers = pickle.loads(sys.stdin.buffer.read())\n"
            "from bot.core.runner import _init_worker\n"
            "_init_worker(settings, fetchers)\n"
            "print(sorted(m for m in sys.modules if m.split('.')[0] in ('aiogram', 'zalo_bot', 'telegram')))\n")
    r = subprocess.run([sys.executable, "-c", code], input=blob, capture_output=True, timeout=300)
    assert r.returncode == 0, r.stderr.decode()[-2000:]
    assert r.stdout.decode().strip().splitlines()[-1] == "[]"
