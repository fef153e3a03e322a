"""A message asking where the problem is (``Outbound.request_location``) on the channels without Telegram's
"share location" button: the web chat highlights its 📍 Vị trí, the local chat and Zalo say how to answer."""

from __future__ import annotations

from bot.channels.console import render
from bot.channels.web.channel import outbound_data
from bot.channels.zalo import ZaloRenderer
from bot.core.texts import Catalog
from bot.core.types import Button, Outbound
from bot.profile import load_profile

ASK = Outbound(text="Sự việc xảy ra ở đâu?", request_location=True, buttons=[[Button("Bỏ qua", "skip")]])


def test_each_channel_offers_its_way_to_give_the_place() -> None:
    assert outbound_data(ASK)["request_location"] is True
    assert "request_location" not in outbound_data(Outbound(text="x"))
    assert "/vitri VĨ_ĐỘ KINH_ĐỘ" in render(ASK) and "1. Bỏ qua" in render(ASK)
    [text] = ZaloRenderer(Catalog(load_profile("so-khcn"))).texts(ASK)
    assert "gõ địa chỉ, tên thôn, xã" in text and "1. Bỏ qua" in text
