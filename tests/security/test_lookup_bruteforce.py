"""Attack: guessing codes and phone digits to read somebody else's item."""

from __future__ import annotations

from datetime import timedelta

import pytest

from storage import codes, outbox_view
from tests.conftest import Chat
from tests.helpers import file_petition, state_of

TEXT = "Tôi phản ánh cửa hàng điện máy ở chợ huyện bán quạt điện không có nhãn hàng hóa tiếng Việt"
SECRET = "quạt điện không có nhãn"
TO_CAO = "Tôi tố cáo cán bộ bộ phận một cửa đòi tiền bồi dưỡng mới giải quyết hồ sơ cấp giấy phép cho phòng khám"


@pytest.fixture
def victim_code(core, staff):
    return file_petition(Chat(core, "victim"), TEXT)  # phone 0912 345 678


def test_check_letter_catches_every_single_typo_and_swap():
    code = codes.format_code("PA", 2026, 123)
    base = code[:-2]
    assert codes.canonical(code) == code and codes.canonical(base) == code
    digits_at = [i for i, ch in enumerate(base) if ch.isdigit()]
    for i in digits_at:
        for d in "0123456789":
            if d != base[i]:
                typo = base[:i] + d + base[i + 1:] + code[-2:]
                assert codes.is_typo(typo), typo
    for i, j in zip(digits_at, digits_at[1:], strict=False):
        if base[i] != base[j] and j == i + 1:
            swapped = base[:i] + base[j] + base[i] + base[j + 1:] + code[-2:]
            assert codes.is_typo(swapped), swapped


def test_a_typo_in_the_check_letter_gets_a_polite_hint(core, victim_code):
    wrong = victim_code[:-1] + ("A" if victim_code[-1] != "A" else "B")
    c = Chat(core, "typist")
    c.say(wrong)
    assert "gõ nhầm" in c.text and victim_code[:-2] in c.text
    assert state_of(c)[0] == "idle"


def test_codes_typed_without_the_check_letter_still_work(core, victim_code):
    owner = Chat(core, "victim")
    owner.say(victim_code[:-2].lower().replace("-", " "))
    assert SECRET in owner.text


def test_same_answer_whether_a_code_exists_or_not(core, victim_code):
    missing = codes.format_code("PA", 2026, 999_999)
    a, b = Chat(core, "prober-a"), Chat(core, "prober-b")
    a.say(victim_code)
    b.say(missing)
    assert a.text.replace(victim_code, "CODE") == b.text.replace(missing, "CODE")
    a.say("1234")
    b.say("1234")
    assert a.text.replace(victim_code, "CODE") == b.text.replace(missing, "CODE")


def test_brute_force_of_phone_digits_is_stopped_per_user(core, store, profile, victim_code):
    limit = profile.privacy.lookup.failures_per_user
    attacker = Chat(core, "attacker")
    tried = 0
    for guess in range(10_000):
        if guess == 5678:
            continue  # the right answer: the limit must stop the attacker long before luck helps
        if state_of(attacker)[0] != "lk.verify":
            attacker.say(victim_code)
            if "tạm thời chưa tra cứu được" in attacker.text:
                break
        attacker.say(f"{guess:04d}")
        tried += 1
        assert SECRET not in attacker.text
        if "tạm thời chưa tra cứu được" in attacker.text:
            break
    per_code = profile.privacy.lookup.failures_per_code
    assert tried == min(limit, per_code), tried
    # the lock holds for the right answer too, and across a restart (the counts are in the database)
    attacker.say(victim_code)
    attacker.say("5678")
    assert SECRET not in attacker.text


def test_per_code_limit_holds_across_many_accounts(core, profile, victim_code):
    per_code = profile.privacy.lookup.failures_per_code
    for n in range(per_code):
        c = Chat(core, f"sybil-{n}")
        c.say(victim_code)
        c.say(f"{n:04d}")
    fresh = Chat(core, "sybil-last")
    fresh.say(victim_code)
    assert "tạm thời chưa tra cứu được" in fresh.text  # the code is locked for 24 hours, for everybody
    fresh.say("5678")  # even the right digits do not open it
    assert SECRET not in fresh.text


def test_limits_expire_after_24_hours(core, clock, profile, victim_code):
    c = Chat(core, "patient")
    for n in range(profile.privacy.lookup.failures_per_code):
        c.say(victim_code)
        c.say(f"{n:04d}")
    clock.now += timedelta(hours=24, minutes=1)
    c.say(victim_code)
    c.say("5678")
    assert SECRET in c.text  # the right owner's digits work again the next day


def test_admins_are_alerted_once_when_a_limit_is_reached(core, store, profile, victim_code):
    for n in range(profile.privacy.lookup.failures_per_code + 2):
        c = Chat(core, f"guess-{n}")
        c.say(victim_code)
        c.say(f"{n:04d}")
    with store.session() as s:
        to_admin = outbox_view.pending_payloads(s, channel="console", recipient="boss")
        to_officer = outbox_view.pending_payloads(s, channel="console", recipient="officer")
    alerts = [p for p in to_admin if "Tra cứu bất thường" in p["text"]]
    assert len(alerts) == 1 and victim_code[:-2] in alerts[0]["text"]
    assert not [p for p in to_officer if "Tra cứu bất thường" in p["text"]]


def test_unicode_digits_are_not_phone_digits(core, victim_code):
    c = Chat(core, "unicode")
    c.say(victim_code)
    c.say("５６７８")  # full-width digits: not the ASCII digits of a phone
    assert SECRET not in c.text and "hệ thống đang gặp sự cố" not in c.text


def test_a_to_cao_is_never_shown_to_another_account(core, staff):
    code = file_petition(Chat(core, "denouncer"), TO_CAO)  # phone 0912 345 678
    accused = Chat(core, "accused-knows-the-phone")
    accused.say(code)
    accused.say("5678")  # the right digits
    assert "đòi tiền bồi dưỡng" not in accused.text and "không khớp" in accused.text
    owner = Chat(core, "denouncer")
    owner.say(code)
    assert "đòi tiền bồi dưỡng" in owner.text
