"""Scenarios against the service layer, with no chat: what staff and citizens do to an item over its life."""

from __future__ import annotations

from datetime import timedelta

import pytest

from bot.core.render import fmt_date
from bot.services import dialogue as dsvc
from bot.services import gate
from bot.services import petitions as svc
from bot.services.base import Refused
from storage import dialogue as drepo
from storage import outbox_view
from storage import petitions as repo
from tests.helpers import actors, env_of


def submit(env, kind="phan_anh", topic="do_luong_chat_luong", **kw):
    a = actors(env)
    c = a["citizen"].citizen
    sub = svc.Submission(kind=kind, topic=topic, content=kw.pop("content", "Cửa hàng X bán cân sai, thiếu 2 lạng"),
                         channel="console", citizen_id=c.id, full_name="Nguyễn Văn An", phone="0912345678",
                         address="Số 5 Hùng Vương", **kw)
    return svc.submit(env, a["citizen"], sub)


def citizen_texts(env) -> list[str]:
    return [m["text"] for m in outbox_view.pending_payloads(env.s, channel="console", recipient="dan")]


def test_second_take_asks_first_and_the_citizen_is_told_once(world) -> None:
    with env_of(world) as env:
        p = submit(env)
        a = actors(env)
        svc.take(env, a["officer"], p.code)
        with pytest.raises(Refused) as r:
            svc.take(env, a["admin"], p.code)
        assert r.value.key == "s_take_held" and r.value.params["holder"] == "Trần Văn Minh"
        assert p.assignee_id == a["officer"].staff_id  # not taken over silently
        svc.take(env, a["admin"], p.code, confirm=True)
        assert p.assignee_id == a["admin"].staff_id
        told = [t for t in citizen_texts(env) if "đang được" in t]
        assert len(told) == 1
        card = gate.card(env, p).text
        assert "Người xử lý: Nguyễn Thị Hoa" in card and f"Hạn: {p.due_date:%d/%m/%Y}" in card


def test_reclassify_to_to_cao_reroutes_recomputes_and_keeps_answers(world) -> None:
    with env_of(world) as env:
        p = submit(env, content="Cán bộ phòng X đòi 2 triệu mới giải quyết hồ sơ của tôi")
        a = actors(env)
        svc.take(env, a["officer"], p.code)
        svc.ask_info(env, a["officer"], p.code, "Xin cho biết thời gian cụ thể")
        svc.reclassify(env, a["admin"], p.code, "to_cao", None)
        assert p.kind == "to_cao" and p.confidential
        assert p.department_code == env.profile.workflow.inspection_department
        assert p.assignee_id is None  # an officer may not hold a tố cáo
        rule = env.profile.deadlines["to_cao"]
        assert p.due_date == env.calendar.due_date(env.today, rule)
        note = citizen_texts(env)[-1]
        assert "tố cáo" in note and fmt_date(p.due_date) in note and "Luật Tố cáo" in note
        events = [e.action for e in repo.events(env.s, p.id)]
        assert events == ["created", "take", "ask_info", "reclassify"]
        card = gate.card(env, p).text
        assert "Nguyễn Văn An" not in card and "0912345678" not in card


def test_to_cao_cards_go_only_to_leaders_and_inspectors(world) -> None:
    with env_of(world) as env:
        p = submit(env, kind="to_cao", content="Tôi tố cáo ông Trần Văn B nhận tiền của doanh nghiệp")
        assert p.department_code == "thanh_tra"
        rows = outbox_view.pending_payloads(env.s, channel="console", recipient="officer")
        assert all(p.code not in r["text"] for r in rows)
        boss = outbox_view.pending_payloads(env.s, channel="console", recipient="boss")
        assert any(p.code in r["text"] and "Nguyễn Văn An" not in r["text"] for r in boss)
        with pytest.raises(Refused):
            svc.route(env, actors(env)["admin"], p.code, "chi_cuc_tdc")  # never the accused unit


def test_templates_never_carry_a_denouncers_identity(world) -> None:
    with env_of(world) as env:
        p = submit(env, kind="to_cao", content="Tôi là Nguyễn Văn An, tố cáo cán bộ Y nhận hối lộ")
        values = gate.template_values(env, p, reason="đã xác minh")
        assert values["name"] == "Ông/Bà" and "Nguyễn" not in " ".join(values.values())
        assert "Nguyễn Văn An" not in gate.scrub(env, p, "Kính gửi Nguyễn Văn An, ĐT 0912345678")
        normal = submit(env)
        assert gate.template_values(env, normal)["name"] == "Ông/Bà Nguyễn Văn An"


def test_dissatisfied_rating_reopens_for_review_and_the_comment_is_shown(world) -> None:
    with env_of(world) as env:
        p = submit(env)
        a = actors(env)
        svc.answer(env, a["officer"], p.code, "Đã kiểm tra, cửa hàng cân đúng")
        svc.rate(env, a["citizen"], p.code, 1)
        assert p.status == "review" and p.closed_at is None
        svc.rating_comment(env, a["citizen"], p.code, "Cân vẫn thiếu, cán bộ không đến kiểm tra")
        card = gate.card(env, p).text
        assert "Không hài lòng" in card and "Cân vẫn thiếu" in card
        view = gate.view(env, p, repo.events(env.s, p.id))
        assert "Cân vẫn thiếu" in view and "xem xét lại" in view
        stats = repo.stats(env.s)
        assert stats["dissatisfied_comments"] == [(p.code, "Cân vẫn thiếu, cán bộ không đến kiểm tra")]
        svc.answer(env, a["admin"], p.code, "Sở đã cử đoàn kiểm tra lại và xử phạt cửa hàng")
        assert p.status == "answered"


def test_satisfied_rating_closes(world) -> None:
    with env_of(world) as env:
        p = submit(env)
        a = actors(env)
        svc.answer(env, a["officer"], p.code, "Đã kiểm tra và xử phạt")
        svc.rate(env, a["citizen"], p.code, 3)
        assert p.status == "closed" and p.rating == 3


def test_khieu_nai_thu_ly_extension_and_leader_approval(world) -> None:
    with env_of(world) as env:
        p = submit(env, kind="khieu_nai", content="Tôi khiếu nại quyết định xử phạt số 12/QĐ-XPHC của Sở")
        a = actors(env)
        svc.accept(env, a["admin"], p.code)
        rule = env.profile.deadlines["khieu_nai"]
        assert p.accepted_at is not None and p.due_date == env.calendar.add(env.today, rule.days, rule.unit)
        assert "thụ lý" in citizen_texts(env)[-1] and "Luật Khiếu nại" in citizen_texts(env)[-1]
        svc.extend(env, a["admin"], p.code, "Phải xác minh tại hai địa phương")
        assert p.due_date == env.calendar.add(env.today, rule.complex_days, rule.unit)
        assert "gia hạn" in citizen_texts(env)[-1]
        n_before = len(citizen_texts(env))
        svc.answer(env, a["officer"], p.code, "Dự thảo quyết định giải quyết khiếu nại lần đầu")
        assert p.status == "approval" and p.answer is None
        assert len(citizen_texts(env)) == n_before  # nothing reaches the citizen before approval
        with pytest.raises(Refused):
            svc.approve(env, a["officer"], p.code)
        svc.approve(env, a["admin"], p.code)
        assert p.status == "answered" and p.answer.startswith("Dự thảo quyết định")
        assert p.approved_by == a["admin"].staff_id
        assert "Dự thảo quyết định" in citizen_texts(env)[-1]


def test_anonymous_to_cao_is_promised_no_legal_date(world) -> None:
    with env_of(world) as env:
        p = submit(env, kind="to_cao", anonymous=True, content="Cơ sở X vận hành máy X-quang không phép")
        assert p.due_date is None and p.full_name is None and p.phone is None
        with pytest.raises(Refused) as r:
            svc.accept(env, actors(env)["admin"], p.code)
        assert r.value.key == "s_accept_anonymous"


def test_identity_views_and_refusals_are_logged(world) -> None:
    with env_of(world) as env:
        p = submit(env, kind="to_cao", content="Tôi tố cáo cán bộ Y nhận hối lộ của doanh nghiệp")
        a = actors(env)
        with pytest.raises(Refused):
            svc.reveal_identity(env, a["officer"], p.code)
        svc.reveal_identity(env, a["admin"], p.code)
        actions = [e.action for e in repo.events(env.s, p.id)]
        assert actions[-2:] == ["identity_refused", "identity_viewed"]


# ---------------------------------------------------------------------------- dialogue
def session(env, days: int):
    start = env.now + timedelta(days=days)
    ds, warnings = dsvc.create_session(env, actors(env)["admin"], dsvc.SessionDraft(
        title="Đối thoại về thủ tục đo lường", starts_at=start, place="Hội trường",
        registration_deadline=start - timedelta(days=1), theme="Thủ tục kiểm định phương tiện đo",
        programme="Khai mạc; nêu lý do; hỏi đáp; kết luận", rules="Phát biểu theo thứ tự, không quá 5 phút"))
    return ds, warnings


def test_dialogue_warning_cites_the_profiles_basis(world) -> None:
    with env_of(world) as env:
        _ds, warnings = session(env, 3)
        assert warnings and "Chỉ thị 13/CT-TTg" in warnings[0] and "Điều 43" not in warnings[0]
        _ds, ok = session(env, 20)
        assert ok == []


def test_checkin_on_the_day_held_from_the_day_and_publication_from_held(world, clock) -> None:
    with env_of(world) as env:
        ds, _ = session(env, 13)
        c = actors(env)["citizen"].citizen
        q = drepo.create_question(env.s, year=2026, session_id=ds.id, citizen_id=c.id, question="Phí kiểm định?")
        sid, qcode = ds.id, q.code
        a = actors(env)
        with pytest.raises(Refused) as r:
            dsvc.check_in(env, a["officer"], qcode)
        assert r.value.key == "s_checkin_not_today"
        with pytest.raises(Refused) as r:
            dsvc.mark_held(env, a["officer"], ds)
        assert r.value.key == "s_held_too_early"
        with pytest.raises(Refused):
            dsvc.mark_held(env, a["officer"], ds, override=True)  # only an admin overrides
    clock.now += timedelta(days=13)
    with env_of(world) as env:
        ds = drepo.get_session(env.s, sid)
        a = actors(env)
        dsvc.check_in(env, a["officer"], qcode)
        floor = dsvc.floor_question(env, a["officer"], ds, "Bà Lê Thị C", "Thời hạn cấp giấy chứng nhận kiểm định?")
        assert floor.source == "floor" and floor.checked_in_at is not None
        dsvc.answer_question(env, a["officer"], floor.code, "Trong 5 ngày làm việc kể từ khi kiểm định đạt")
        dsvc.forward_question(env, a["officer"], qcode, "Tổng cục Tiêu chuẩn Đo lường Chất lượng")
        assert "Tổng cục" in citizen_texts(env)[-1]
    clock.now += timedelta(days=2)  # held recorded two days late: the 10 days count from then
    with env_of(world) as env:
        ds = drepo.get_session(env.s, sid)
        deadline, open_n = dsvc.mark_held(env, actors(env)["admin"], ds)
        assert deadline == env.today + timedelta(days=10) and open_n == 0
        text = dsvc.minutes(env, ds)
        for part in ("BIÊN BẢN", "Bà Lê Thị C", "hỏi tại hội nghị", "Tổng cục", "Trong 5 ngày", "Hạn công bố"):
            assert part in text, part


def test_admin_may_record_held_early_and_it_is_recorded(world) -> None:
    with env_of(world) as env:
        ds, _ = session(env, 5)
        a = actors(env)
        dsvc.mark_held(env, a["admin"], ds, override=True)
        assert ds.status == "held" and ds.held_override_by == a["admin"].staff_id


def test_denouncer_identity_is_sealed_apart_and_answers_still_reach_them(world) -> None:
    from bot.services import identity
    from storage import identities

    with env_of(world) as env:
        a = actors(env)
        p = submit(env, kind="to_cao", content="Tôi tố cáo cán bộ Y nhận tiền của doanh nghiệp Z")
        assert (p.full_name, p.phone, p.address, p.citizen_id) == (None, None, None, None)
        row = identities.get(env.s, p.id)
        assert "Nguyễn" not in row.sealed and "0912" not in row.sealed and "Hùng Vương" not in row.sealed
        assert identity.unseal(env.s, env.sealer, p)["phone"] == "0912345678"
        assert identity.unseal(env.s, identity.Sealer.generate(), p) == {}  # another key reads nothing
        assert [x.code for x in svc.items_of(env, a["citizen"].citizen.id)] == [p.code]
        svc.get(env, a["citizen"], p.code)  # the sender may act on it
        svc.answer(env, a["admin"], p.code, "Cơ quan đã xác minh và xử lý theo quy định")
        assert "xác minh" in citizen_texts(env)[-1]
        assert svc.sender(env, svc.reveal_identity(env, a["admin"], p.code))["full_name"] == "Nguyễn Văn An"


def test_an_anonymous_to_cao_forgets_its_sender_when_it_closes(world) -> None:
    from storage import identities

    with env_of(world) as env:
        a = actors(env)
        p = submit(env, kind="to_cao", anonymous=True, content="Cơ sở X vận hành máy X-quang không có giấy phép")
        assert identities.get(env.s, p.id) is not None  # the reply handle, while the item is open
        svc.reject(env, a["admin"], p.code, "Không đủ căn cứ để thanh tra, kiểm tra")
        assert "Không đủ căn cứ" in citizen_texts(env)[-1]  # the last notice still went out
        assert identities.get(env.s, p.id) is None
        with pytest.raises(Refused):
            svc.get(env, a["citizen"], p.code)  # nothing links the item to anyone any more


def test_reclassifying_to_to_cao_seals_the_identity(world) -> None:
    from storage import identities

    with env_of(world) as env:
        p = submit(env, content="Cán bộ một cửa đòi tiền mới nhận hồ sơ")
        svc.reclassify(env, actors(env)["admin"], p.code, "to_cao", None)
        assert p.full_name is None and p.citizen_id is None and identities.get(env.s, p.id) is not None
