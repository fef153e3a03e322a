"""Typed answers to choices (bot/core/forms/choices.py): one matcher for forms, for the core's buttons outside a
form, and for the buttons of messages pushed to the local chat."""

from __future__ import annotations

import pytest

from bot.core.forms.choices import match
from bot.core.forms.model import Choice

CARD = [Choice("take", "✋ Nhận xử lý"), Choice("view", "👁 Xem chi tiết"), Choice("map", "📍 Bản đồ")]
YES_NO = [Choice("y", "✅ Đúng", yes=True), Choice("n", "✏️ Chưa đúng", yes=False)]


@pytest.mark.parametrize(("typed", "value"), [
    ("2", "view"), ("2.", "view"), ("số 3", "map"), ("so 3", "map"),  # numbers
    ("Bản đồ", "map"), ("ban do", "map"), ("📍 BẢN ĐỒ", "map"),  # labels, however typed
    ("xem", "view"), ("nhan xu", "take"),  # the start of one label only
])
def test_a_typed_answer_names_a_choice(typed, value):
    assert match(typed, CARD).value == value


@pytest.mark.parametrize("typed", [
    "4", "0", "0912345678", "1234",  # no such number; phone digits are not choices
    "/xem PA-2026-000001-T", "/bando",  # a command is never a choice, even one that starts like a label
    "xe", "đèn đường hỏng", "",
])
def test_other_text_names_none(typed):
    assert match(typed, CARD) is None


def test_yes_and_no_words_pick_the_choice_marked_for_them():
    assert match("đúng rồi ạ", YES_NO).value == "y" and match("ko", YES_NO).value == "n"
    assert match("👍", YES_NO).value == "y" and match("ok", CARD) is None
