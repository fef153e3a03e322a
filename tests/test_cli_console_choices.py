"""The local chat (``pakn chat``): buttons of pushed messages answered with their number, and ``/vitri`` pins.

In process (ConsoleChat on the test's core) and as a user runs it (the ``pakn`` command in a subprocess)."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from bot.channels.console import ConsoleChat
from bot.core.types import Inbound, Location
from bot.services import petitions as svc
from bot.services.base import Actor, Env
from storage import citizens
from storage import petitions as repo
from storage import staff as staff_repo

PAKN = str(Path(sys.executable).parent / "pakn")
PLACE = {"text": "sạp số 12 chợ Bình Khánh, xã Tịnh Khê", "lat": 15.1234, "lon": 108.8012}


@contextmanager
def env_of(core: Any) -> Any:
    with core.store.session() as s:
        yield Env(s=s, profile=core.profile, clock=core.clock, t=core.t, calendar=core.calendar, sealer=core.sealer,
                  staff_chats=list(core.staff_chats))


def submit(core: Any, user: str = "dan") -> str:
    with env_of(core) as env:
        c = citizens.get_or_create(env.s, "console", user, "Người dân")
        sub = svc.Submission(kind="phan_anh", topic="do_luong_chat_luong", content="Sạp số 12 cân thiếu 2 lạng",
                             channel="console", citizen_id=c.id, full_name="Nguyễn Văn An", phone="0912345678",
                             place=PLACE, organisation="Hộ kinh doanh Thanh Hà")
        return svc.submit(env, Actor.of_citizen(c), sub).code


def numbered(lines: list[str], label: str) -> str:
    """The number printed before ``label`` in the last message that shows it."""
    text = "\n".join(lines)
    found = re.findall(rf"(\d+)\. {re.escape(label)}", text)
    assert found, text[-1500:]
    return found[-1]


def test_a_staff_card_pushed_to_the_console_is_answered_by_number(world) -> None:
    code = submit(world)
    out: list[str] = []
    staff = ConsoleChat(world, "boss", write=out.append)
    assert staff.deliver_pending() >= 1
    assert code in out[-1] and "🔔" in out[-1] and "📍 Bản đồ" in out[-1]
    [reply] = staff.send(numbered(out, "📍 Bản đồ"))  # the card's button, by its number
    pin = reply.location
    assert (pin.latitude, pin.longitude, pin.address) == (15.1234, 108.8012, "Xã Tịnh Khê, Quảng Ngãi")
    assert pin.title.startswith(code)
    assert "openstreetmap.org/?mlat=15.1234" in out[-1]
    # the core answered without choices: a number is the core's again (no stale card button pressed)
    staff.send("1")
    with world.store.session() as s:
        assert repo.get_by_code(s, code).assignee_id is None
    # a new card: its first button takes the item
    code2 = submit(world)
    staff.deliver_pending()
    staff.send(numbered(out, world.t("s_btn_take")))
    with world.store.session() as s:
        boss = staff_repo.find(s, "Nguyễn Thị Hoa")
        assert repo.get_by_code(s, code2).assignee_id == boss.id
    assert any("(→ " in line for line in out)


@pytest.mark.parametrize("typed", ["{n}", "số {n}", "{words}"])
def test_a_rating_request_pushed_to_a_citizen_is_answered_by_number_or_words(world, typed) -> None:
    """"3", "số 3" or the label typed without accents or emoji presses the pushed button, as in a form."""
    from intents import strip_diacritics

    code = submit(world)
    with env_of(world) as env:
        admin = Actor.of_staff(staff_repo.find(env.s, "Nguyễn Thị Hoa"))
        svc.answer(env, admin, code, "Đoàn kiểm tra đã xử lý sạp số 12 và thu hồi cân không đạt yêu cầu.")
    out: list[str] = []
    citizen = ConsoleChat(world, "dan", write=out.append)
    citizen.deliver_pending()
    label = world.t("rate_btn_3")
    words = strip_diacritics("".join(ch for ch in label if ch.isalnum() or ch.isspace())).strip().lower()
    citizen.send(typed.format(n=numbered(out, label), words=words))
    with world.store.session() as s:
        assert repo.get_by_code(s, code).rating == 3


def test_vitri_sends_a_pin_and_leaves_the_staff_command_alone(world, monkeypatch) -> None:
    seen: list[Inbound] = []
    handle = world.handle
    monkeypatch.setattr(world, "handle", lambda msg: seen.append(msg) or handle(msg))
    out: list[str] = []
    chat = ConsoleChat(world, "dan-2", write=out.append)
    chat.send("/vitri 15.12, 108.80 Chợ Bình Khánh")
    assert seen[-1].location == Location(15.12, 108.8, title="Chợ Bình Khánh") and seen[-1].text == ""
    n = len(seen)
    chat.send("/vitri 15.12")  # half a pin: how to type it, nothing sent
    chat.send("/vitri 95 200")  # out of range: nothing sent
    assert len(seen) == n and "Cách dùng: /vitri" in out[-1]
    code = submit(world)
    boss = ConsoleChat(world, "boss", write=out.append)
    boss.send(f"/vitri {code}")  # a staff member's command, as typed
    assert seen[-1].text == f"/vitri {code}" and seen[-1].location is None
    assert "openstreetmap.org" in out[-1]


@pytest.fixture
def env(tmp_path):
    e = {k: v for k, v in os.environ.items() if not k.startswith("PAKN_")}
    e["PAKN_DATA_DIR"] = str(tmp_path)
    e["PAKN_WEB_ENABLED"] = "false"
    return e


def test_pakn_chat_staff_presses_a_pushed_card_button_by_number(env, tmp_path) -> None:
    def pakn(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess:
        return subprocess.run([PAKN, *args], input=stdin, capture_output=True, text=True, env=env, timeout=180,
                              cwd=tmp_path)

    assert pakn("demo", "seed").returncode == 0
    code = subprocess.run([sys.executable, "-c", _SUBMIT], capture_output=True, text=True, env=env, timeout=180,
                          cwd=tmp_path, check=True).stdout.strip()
    assert code.startswith("PA-")
    r = pakn("chat", "--staff", "canbo-admin", stdin="7\n")
    assert r.returncode == 0, r.stderr
    card = r.stdout.split("🔔", 1)[1]
    assert code in card and "7. 📍 Bản đồ" in card, r.stdout[-2000:]
    assert "(→ 📍 Bản đồ)" in r.stdout and f"📍 {code} — địa điểm: sạp số 12" in r.stdout


_SUBMIT = f"""
from bot.app import build
from bot.config import Settings
from bot.services import petitions as svc
from bot.services.base import Actor, Env
from storage import citizens

a = build(Settings())
core = a.core
with a.store.session() as s:
    env = Env(s=s, profile=core.profile, clock=core.clock, t=core.t, calendar=core.calendar, sealer=core.sealer,
              staff_chats=list(core.staff_chats))
    c = citizens.get_or_create(s, "console", "nguoidan-9", "Người dân")
    sub = svc.Submission(kind="phan_anh", topic="do_luong_chat_luong", content="Sạp số 12 cân thiếu 2 lạng",
                         channel="console", citizen_id=c.id, full_name="Nguyễn Văn An", place={PLACE!r})
    print(svc.submit(env, Actor.of_citizen(c), sub).code)
"""
