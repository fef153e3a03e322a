"""The main menu and the citizen's slash commands (staff commands live in bot/core/commands.py)."""

from __future__ import annotations

from bot.core.context import Ctx
from bot.core.forms.choices import norm
from bot.core.types import Button

# Commands shown in the channels' command menus.
CITIZEN_COMMANDS = {"/tracuu": "menu:lk", "/lichdoithoai": "menu:dt", "/hoidap": "menu:faq", "/nhantin": "menu:sub",
                    "/dungnhantin": "menu:unsub", "/guipa": "menu:pa", "/tieptuc": "menu:resume"}
CITIZEN_COMMAND_MENU = [("start", "Bắt đầu, trang chính"), ("guipa", "Gửi phản ánh, kiến nghị"),
                        ("lichdoithoai", "Lịch đối thoại, đăng ký câu hỏi"), ("tracuu", "Tra cứu hồ sơ đã gửi"),
                        ("hoidap", "Hỏi đáp thủ tục"), ("nhantin", "Nhận thông báo"),
                        ("dungnhantin", "Ngừng nhận thông báo"), ("lienket", "Liên kết với tài khoản trên kênh khác"),
                        ("tieptuc", "Tiếp tục bản nháp"), ("huongdan", "Hướng dẫn"), ("huy", "Hủy thao tác")]
# The main menu: rows of (catalog key, payload). Channels with a persistent keyboard show it too.
MAIN_MENU: list[list[tuple[str, str]]] = [
    [("menu_petition", "menu:pa")],
    [("menu_dialogue", "menu:dt"), ("menu_lookup", "menu:lk")],
    [("menu_faq", "menu:faq"), ("menu_subscribe", "menu:sub")],
    [("menu_help", "menu:help")],
]
# buttons of earlier messages that work whatever the citizen is doing (rating, look-up, menu…)
GLOBAL_PAYLOADS = ("sub:", "menu:", "r:", "lk:", "info:", "dt:", "erase:", "faq:", "wd:", "sv:", "clar:")


def buttons(ctx: Ctx) -> list[list[Button]]:
    return [[Button(ctx.t(key), payload) for key, payload in row] for row in MAIN_MENU]


def label_payload(ctx: Ctx, text: str) -> str | None:
    """A typed menu label ("tra cứu hồ sơ đã gửi") → its payload."""
    folded = norm(text)
    if not folded:
        return None
    for row in buttons(ctx):
        for b in row:
            if norm(b.text) == folded:
                return b.payload
    return None
