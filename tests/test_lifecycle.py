"""The petition lifecycle: every row of the transition table, every forbidden pair, through the services."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from bot.services import lifecycle
from bot.services import petitions as svc
from bot.services.base import Actor, Env, Refused
from storage import citizens
from storage import petitions as repo
from tests.helpers import actors, env_of

# a petition kind each action applies to
KIND_FOR = {"accept": "khieu_nai", "extend": "khieu_nai", "submit_answer": "khieu_nai"}


def make(env: Env, status: str, kind: str) -> str:
    c = citizens.get(env.s, "console", "dan")
    p = repo.create(env.s, year=2026, kind=kind, topic="khac", content="Nội dung kiểm thử vòng đời hồ sơ",
                    channel="console", citizen_id=c.id, full_name="Người dân", status=status,
                    confidential=kind == "to_cao", draft_answer="Dự thảo trả lời" if status == "approval" else None,
                    due_date=env.today)
    return p.code


# action -> how the service performs it (env, actors, code)
CALLS: dict[str, Callable[[Env, dict[str, Actor], str], Any]] = {
    "take": lambda e, a, c: svc.take(e, a["officer"], c, confirm=True),
    "assign": lambda e, a, c: svc.assign(e, a["admin"], c, "Trần Văn Minh"),
    "route": lambda e, a, c: svc.route(e, a["admin"], c, "van_phong"),
    "accept": lambda e, a, c: svc.accept(e, a["admin"], c),
    "extend": lambda e, a, c: svc.extend(e, a["admin"], c, "Nhiều nội dung phải xác minh tại hai địa phương"),
    "ask_info": lambda e, a, c: svc.ask_info(e, a["officer"], c, "Xin cho biết địa chỉ cụ thể"),
    "add_info": lambda e, a, c: svc.add_info(e, a["citizen"], c, "Số 12 đường Lê Lợi", []),
    "add_note": lambda e, a, c: svc.add_note(e, a["citizen"], c, "Cửa hàng vẫn bán hàng không nhãn", []),
    "submit_answer": lambda e, a, c: svc.answer(e, a["officer"], c, "Dự thảo trả lời khiếu nại của Ông/Bà"),
    "approve": lambda e, a, c: svc.approve(e, a["admin"], c),
    "return_answer": lambda e, a, c: svc.return_answer(e, a["admin"], c, "Cần nêu rõ căn cứ pháp lý"),
    "answer": lambda e, a, c: svc.answer(e, a["officer"], c, "Cơ quan đã kiểm tra và xử lý theo quy định"),
    "forward": lambda e, a, c: svc.forward(e, a["officer"], c, "Sở Xây dựng tỉnh"),
    "reject": lambda e, a, c: svc.reject(e, a["officer"], c, "Nội dung trùng với hồ sơ đã giải quyết"),
    "reclassify": lambda e, a, c: svc.reclassify(e, a["officer"], c, None, "buc_xa_hat_nhan"),
    "close": lambda e, a, c: svc.close(e, a["officer"], c),
    "withdraw": lambda e, a, c: svc.withdraw(e, a["citizen"], c),
    "rate": lambda e, a, c: svc.rate(e, a["citizen"], c, 3),
    "rate_review": lambda e, a, c: svc.rate(e, a["citizen"], c, 1),
}


def test_every_action_has_a_service_call() -> None:
    assert set(CALLS) == set(lifecycle.ACTIONS)


@pytest.mark.parametrize("action", lifecycle.ACTIONS)
def test_each_row_and_each_forbidden_pair(world, action) -> None:
    t = lifecycle.TABLE[action]
    kind = KIND_FOR.get(action, (t.kinds or ("phan_anh",))[0])
    for status in lifecycle.STATUSES:
        with env_of(world) as env:
            code = make(env, status, kind)
            a = actors(env)
            if status in t.sources:
                CALLS[action](env, a, code)
                p = repo.get_by_code(env.s, code)
                assert p.status == (t.target or status), (action, status)
                assert repo.events(env.s, p.id)[-1].action == action
            else:
                with pytest.raises(Refused) as r:
                    CALLS[action](env, a, code)
                assert r.value.key == "s_refused_status", (action, status, r.value.key)
                assert repo.get_by_code(env.s, code).status == status


def test_refusal_says_why_in_vietnamese(world) -> None:
    with env_of(world) as env:
        code = make(env, "closed", "phan_anh")
        with pytest.raises(Refused) as r:
            svc.answer(env, actors(env)["officer"], code, "Trả lời muộn cho hồ sơ đã đóng")
        text = r.value.render(world.t)
    assert text == f'Hồ sơ {code} đang ở trạng thái "Đã đóng" nên không thể trả lời.'


def test_actions_by_the_wrong_actor_kind_are_refused(world) -> None:
    with env_of(world) as env:
        code = make(env, "received", "phan_anh")
        a = actors(env)
        with pytest.raises(Refused) as r:
            svc.withdraw(env, a["officer"], code)  # staff cannot withdraw on the citizen's behalf
        assert r.value.key == "s_refused_actor"


def test_legal_steps_only_for_legal_kinds(world) -> None:
    with env_of(world) as env:
        code = make(env, "received", "phan_anh")
        with pytest.raises(Refused) as r:
            svc.accept(env, actors(env)["admin"], code)
        assert r.value.key == "s_refused_kind"


def test_storage_refuses_a_status_change_outside_move(world) -> None:
    with env_of(world) as env:
        p = repo.get_by_code(env.s, make(env, "received", "phan_anh"))
        with pytest.raises(ValueError):
            repo.update(env.s, p, status="answered")


def test_a_stale_status_is_detected(world) -> None:
    """Two officers act on one item at the same time: the compare-and-set lets one win."""
    with env_of(world) as env:
        code = make(env, "received", "phan_anh")
    with env_of(world) as first, env_of(world) as second:
        p1 = repo.get_by_code(first.s, code)
        p2 = repo.get_by_code(second.s, code)
        a1, a2 = actors(first), actors(second)
        svc._move(first, a1["officer"], p1, "take", assignee_id=a1["officer"].staff_id)
        first.s.commit()
        with pytest.raises(Refused) as r:
            svc._move(second, a2["admin"], p2, "reject", reject_reason="trùng")
        assert r.value.key == "s_refused_stale"
    with env_of(world) as env:
        assert repo.get_by_code(env.s, code).status == "in_progress"
