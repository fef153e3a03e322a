"""Where the problem is, and the organisation a petition is sent for: stored from a Submission, shown to staff
(card, /xem, /vitri with a venue), kept out of a tố cáo's leaks, erased on request, exported."""

from __future__ import annotations

import csv
from contextlib import contextmanager
from typing import Any

from bot.core.types import Location, Outbound
from bot.services import gate, reports
from bot.services import personal_data as pds
from bot.services import petitions as svc
from bot.services.base import Actor, Env
from storage import citizens, outbox_view
from storage import petitions as repo
from storage import staff as staff_repo
from tests.conftest import Chat

PIN = {"lat": 15.1234, "lon": 108.8012}
MAP = "https://www.openstreetmap.org/?mlat=15.1234&mlon=108.8012#map=18/15.1234/108.8012"
ORG = "Hợp tác xã Nông nghiệp An Phú"


@contextmanager
def env_of(core: Any) -> Any:
    with core.store.session() as s:
        yield Env(s=s, profile=core.profile, clock=core.clock, t=core.t, calendar=core.calendar, sealer=core.sealer)


def citizen(env: Env) -> Actor:
    return Actor.of_citizen(citizens.get(env.s, "console", "dan"))


def admin(env: Env) -> Actor:
    return Actor.of_staff(staff_repo.find(env.s, "Nguyễn Thị Hoa"))


def submit(env: Env, *, kind: str = "phan_anh", content: str = "Cân tiểu ly của sạp số 12 cân thiếu 2 lạng",
           place: dict | None = None, organisation: str | None = ORG, **kw: Any):
    a = citizen(env)
    sub = svc.Submission(kind=kind, topic="do_luong_chat_luong", content=content, channel="console",
                         citizen_id=a.citizen.id, full_name="Nguyễn Văn An", phone="0912345678",
                         address="Số 5 Hùng Vương", place=place, organisation=organisation, **kw)
    return svc.submit(env, a, sub)


def test_place_and_organisation_are_stored_and_shown_on_the_card_and_in_xem(world) -> None:
    with env_of(world) as env:
        p = submit(env, place={"text": "chợ Bình Khánh, xã Tịnh Khê", **PIN})
        code = p.code
        assert (p.place_text, p.place_lat, p.place_lon) == ("chợ Bình Khánh, xã Tịnh Khê", 15.1234, 108.8012)
        assert p.place_commune_code == "21211" and p.organisation == ORG  # Xã Tịnh Khê, Quảng Ngãi
        card = gate.card(env, p)
        assert "📍 Địa điểm: chợ Bình Khánh, xã Tịnh Khê" in card.text
        assert f"🗺 Bản đồ: {MAP}" in card.text and f"🏢 Tổ chức: {ORG}" in card.text
        assert f"s:map:{code}" in card.button_payloads()
        queued = outbox_view.pending_payloads(env.s, channel="console", recipient="officer")
        assert any(code in m["text"] and MAP in m["text"] and ORG in m["text"] for m in queued)  # the card sent
    boss = Chat(world, "boss")
    boss.say(f"/xem {code}")
    assert "📍 Địa điểm: chợ Bình Khánh" in boss.text and MAP in boss.text and ORG in boss.text
    assert "Diễn biến:" in boss.text


def test_vitri_and_the_map_button_send_the_pin(world) -> None:
    with env_of(world) as env:
        code = submit(env, place={"text": "ổ gà trước cổng trường tiểu học", "commune_code": "21025", **PIN}).code
        bare = submit(env, place={"text": "đường vào thôn An Hòa"}).code
        nothing = submit(env, place=None, organisation=None).code
    boss = Chat(world, "boss")
    [out] = boss.say(f"/vitri {code}")
    assert out.location == Location(15.1234, 108.8012, title=f"{code}: ổ gà trước cổng trường tiểu học "
                                                               "(Phường Cẩm Thành, Quảng Ngãi)",
                                    address="Phường Cẩm Thành, Quảng Ngãi")
    assert MAP in out.text and "Phường Cẩm Thành" in out.text
    [pressed] = boss.press(f"s:map:{code}")
    assert pressed.location == out.location
    # the pin survives the outbox (a message queued for a staff member's private chat)
    assert Outbound.from_payload(out.to_payload()).location == out.location
    [words] = boss.say(f"/vitri {bare}")
    assert words.location is None and "đường vào thôn An Hòa" in words.text and "không chia sẻ vị trí" in words.text
    assert "không có thông tin địa điểm" in boss.say(f"/vitri {nothing}")[0].text
    assert "Cách dùng" in boss.say("/vitri")[0].text
    assert "/vitri" in boss.say("/trogiup")[0].text  # in the staff help, from the command registry


def test_only_coordinates_or_only_a_commune_and_bad_pins(world) -> None:
    with env_of(world) as env:
        pin_only = submit(env, place=dict(PIN), organisation="  ")
        assert pin_only.organisation is None and pin_only.place_text is None
        assert "📍 Địa điểm: 15.1234, 108.8012" in gate.card(env, pin_only).text
        named = submit(env, place={"commune_name": "phuong cam thanh"})
        assert named.place_commune_code == "21025"
        assert "📍 Địa điểm: Phường Cẩm Thành, Quảng Ngãi" in gate.card(env, named).text
        typed = submit(env, place={"text": "ben xe nghia lo"})  # no "phường", no diacritics: the agency's province
        assert typed.place_commune_code == "21028"
        bad = submit(env, place={"text": "ngoài biển", "lat": 200, "lon": "abc", "commune_code": "99999"})
        assert (bad.place_lat, bad.place_lon, bad.place_commune_code) == (None, None, None)
        card = gate.card(env, bad)
        assert "🗺" not in card.text and not any(x.startswith("s:map:") for x in card.button_payloads())


def test_a_to_cao_place_passes_the_gate_and_nothing_of_the_denouncer_leaks(world) -> None:
    with env_of(world) as env:
        p = submit(env, kind="to_cao", content="Tôi tố cáo cán bộ địa chính xã nhận tiền để cấp phép xây dựng",
                   place={"text": "gần nhà Nguyễn Văn An, Số 5 Hùng Vương", **PIN}, organisation=ORG)
        code = p.code
        assert p.organisation is None and p.full_name is None  # sealed with the identity
        card = gate.card(env, p).text
        assert "Nguyễn Văn An" not in card and "Hùng Vương" not in card and ORG not in card
        assert "📍 Địa điểm: gần nhà [đã ẩn], [đã ẩn]" in card and MAP in card
    boss = Chat(world, "boss")
    [out] = boss.say(f"/vitri {code}")
    assert "Nguyễn Văn An" not in out.text + (out.location.title or "") + (out.location.address or "")
    assert ORG in boss.say(f"/danhtinh {code}")[0].text  # only the identity command shows it, logged
    # in the staff group a tố cáo's place goes to the asker's private chat, like its card
    group = Chat(world, "boss", chat_id="-100777")
    group.say(f"/vitri {code}")
    assert "tin nhắn riêng" in group.text and all(o.location is None for o in group.last)
    with env_of(world) as env:
        private = outbox_view.pending_payloads(env.s, channel="console", recipient="boss")
        assert any(m.get("location") and m["text"].startswith(f"📍 {code}") for m in private)
    # an officer may not read it at all
    [refused] = Chat(world, "officer").say(f"/vitri {code}")
    assert "chỉ lãnh đạo hoặc thanh tra" in refused.text and refused.location is None


def test_my_data_shows_the_place_and_erasure_clears_it(world) -> None:
    with env_of(world) as env:
        p = submit(env, place={"text": "bãi rác cạnh nhà văn hóa thôn 3, xã Tịnh Khê", **PIN})
        code = p.code
        shown = pds.my_data(env, citizen(env))
        assert f"{code}: bãi rác cạnh nhà văn hóa thôn 3, xã Tịnh Khê (15.1234, 108.8012), tổ chức {ORG}" in shown
        svc.withdraw(env, citizen(env), code)  # a finished phản ánh: nothing legal keeps it
        pds.erase(env, citizen(env))
        p = repo.get_by_code(env.s, code)
        assert (p.place_text, p.place_lat, p.place_lon, p.organisation) == (None, None, None, None)
        assert p.place_commune_code == "21211"  # the commune stays, a statistic like the topic


def test_exports_list_organisation_place_and_commune(world, tmp_path) -> None:
    with env_of(world) as env:
        p = submit(env, place={"text": "chợ Bình Khánh, xã Tịnh Khê", **PIN})
        secret = submit(env, kind="to_cao", content="Tôi tố cáo cán bộ thuế đòi tiền",
                        place={"text": "trụ sở đội thuế", **PIN})
        period = reports.Period.between(env.today, env.today)
        path = tmp_path / "xuat.csv"
        officer = Actor.of_staff(staff_repo.find(env.s, "Trần Văn Minh"))
        reports.write_csv(env, officer, reports.build(env, officer, period), path)
    rows = list(csv.DictReader(path.open(encoding="utf-8-sig")))
    row = next(r for r in rows if r["Mã hồ sơ"] == p.code)
    assert row["Tổ chức"] == ORG and row["Địa điểm"] == "chợ Bình Khánh, xã Tịnh Khê"
    assert row["Xã/phường"] == "Xã Tịnh Khê, Quảng Ngãi" and row["Tọa độ"] == "15.1234, 108.8012"
    hidden = next(r for r in rows if r["Mã hồ sơ"] == secret.code)  # an officer may not read a tố cáo
    assert hidden["Địa điểm"] == reports.CONTENT_WITHHELD and hidden["Tọa độ"] == ""


def test_a_published_answer_masks_the_organisation_like_a_name(world) -> None:
    from bot.services import publication

    with env_of(world) as env:
        p = submit(env, content=f"{ORG} phản ánh sạp số 12 chợ Bình Khánh cân thiếu cho xã viên",
                   place={"text": "chợ Bình Khánh"})
        publication.record_consent(env, p)
        svc.answer(env, admin(env), p.code, "Đoàn kiểm tra đã xử lý sạp số 12 và thu hồi cân không đạt.")
        shown = publication.draft(env, admin(env), p.code).content
        assert ORG not in shown and "chợ Bình Khánh" in shown
