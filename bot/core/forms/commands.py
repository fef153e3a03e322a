"""The words that work at every step of every form, whatever the accents: cancel, back, help, continue,
edit. A whole message is a command or it is not: "hủy bỏ hợp đồng" is content, "hủy" is a command."""

from __future__ import annotations

from bot.core.forms import choices as ch

CANCEL = frozenset({"huy", "huy bo", "thoi huy", "cancel", "huy di", "huy ho so", "khong gui nua", "thoi khong gui nua"})
BACK = frozenset({"quay lai", "tro lai", "back", "lui lai", "quay lai buoc truoc", "quaylai"})
HELP = frozenset({"tro giup", "huong dan", "help", "giup toi voi", "huongdan", "toi khong hieu", "hoi gi vay"})
CONTINUE = frozenset({"tiep tuc", "lam tiep", "tieptuc", "tiep tuc gui"})
EDIT = ("sua", "sua lai", "chinh sua")

def command(text: str | None) -> str | None:
    """The command a whole message is, if any: cancel, back, help, continue, edit[:words]."""
    n = ch.norm((text or "").lstrip("/"))
    if n in CANCEL:
        return "cancel"
    if n in BACK:
        return "back"
    if n in HELP or (text or "").strip() == "?":
        return "help"
    if n in CONTINUE:
        return "continue"
    for word in EDIT:
        if n == word or n.startswith(word + " "):
            rest = n[len(word):].strip()
            if rest and len(rest.split()) > 3:
                return None  # a sentence that starts with "sửa", not a command
            return "edit:" + rest
    return None
