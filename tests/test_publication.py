"""Publication on the public page: consent at submission (default no), masking, staff approval, and the
kinds that are never published."""

from __future__ import annotations

from bot.services.publication import MASK_EMAIL, MASK_HOUSE, MASK_ID, MASK_NAME, MASK_PHONE, mask
from storage import petitions
from storage import publication as repo
from storage.models import PublicationStatus
from tests.helpers import drive_form, step


def test_mask_hides_phones_emails_ids_names_and_house_numbers():
    text = ("Tôi là Nguyễn Văn An, nhà số 45/2 đường Trần Hưng Đạo, số 12 ngõ 3, điện thoại 0912.345.678 hoặc "
            "+84 905 123 456, email an.nguyen@example.com, CCCD 051090001234. Ông Lê Quang Huy cũng biết việc này.")
    out = mask(text)
    for secret in ("Nguyễn Văn An", "45/2", "0912", "905 123", "an.nguyen", "051090001234", "Lê Quang Huy", "số 12 ngõ"):
        assert secret not in out, (secret, out)
    for m in (MASK_NAME, MASK_HOUSE, MASK_PHONE, MASK_EMAIL, MASK_ID):
        assert m in out, (m, out)
    assert "đường Trần Hưng Đạo" in out  # a street is not personal data


def test_mask_uses_the_items_own_contact_data_with_or_without_diacritics():
    out = mask("Gia dinh ong Tran Van Binh o thon 3 bi anh huong", names=["Trần Văn Bình"])
    assert "Binh" not in out and MASK_NAME in out
    assert mask("den duong o to 5 thon An Hoa bi hong") == "den duong o to 5 thon An Hoa bi hong"  # nothing personal


def _file(chat_factory, user: str, text: str, *, publish: bool) -> str:
    chat = chat_factory(user)
    chat.say(text)
    drive_form(chat, stop_at=("publish", "confirm"), text=text)
    if step(chat) == "publish":
        assert "công khai" in chat.text
        chat.choose("Đồng ý công khai" if publish else "Không công khai")
    drive_form(chat, text=text)
    return next(w for w in chat.text.split() if w.startswith("PA-")).strip(".,:")


def test_consent_is_asked_at_the_end_and_defaults_to_no(chat_factory, core):
    yes = _file(chat_factory, "c1", "Đèn đường thôn 3 xã An Hòa bị hỏng hai tháng nay, buổi tối rất nguy hiểm.", publish=True)
    no = _file(chat_factory, "c2", "Đèn đường thôn 4 xã An Hòa bị hỏng ba tháng nay, buổi tối rất nguy hiểm.", publish=False)
    chat = chat_factory("c3")
    chat.say("Đèn đường thôn 5 xã An Hòa bị hỏng một tháng nay, buổi tối rất nguy hiểm cho người đi đường.")
    drive_form(chat, stop_at=("publish",))
    chat.say("để tôi nghĩ đã")  # not an answer: asked again, never taken for a yes
    assert step(chat) == "publish"
    chat.say("ko")
    assert step(chat) == "confirm" and "Đồng ý công khai" not in chat.labels()
    with core.store.session() as s:
        assert repo.get(s, petitions.get_by_code(s, yes).id) is not None
        assert repo.get(s, petitions.get_by_code(s, no).id) is None


def test_staff_approve_a_masked_text_and_never_a_denunciation(chat_factory, core):
    code = _file(chat_factory, "c1", "Tôi là Trần Thị Lan, số điện thoại 0905 111 222, đề nghị sửa đèn đường "
                                     "trước nhà số 7 đường Lê Lợi đã hỏng lâu ngày.", publish=True)
    admin = chat_factory("canbo-admin")
    from bot.app import seed_demo

    seed_demo(core.store, core.profile)
    admin.say(f"/congkhai {code}")
    assert "chưa được trả lời" in admin.text  # only answered items
    admin.say(f"/traloi {code} Sở đã đề nghị UBND phường sửa đèn đường, dự kiến xong trong tuần.")
    admin.press(f"s:dsend:{code}")
    assert "Đã gửi trả lời" in admin.text
    admin.say(f"/congkhai {code}")
    assert "0905" not in admin.text and "Trần Thị Lan" not in admin.text and MASK_PHONE in admin.text
    assert f"s:pub:{code}" in admin.payloads()
    officer_only = chat_factory("thanhtra")  # inspectors do not approve publication
    officer_only.press(f"s:pub:{code}")
    assert "Chỉ lãnh đạo" in officer_only.text
    admin.say(f"/congkhai_sua {code} Đề nghị sửa đèn đường trước nhà ông A, gọi 0905 111 222.")
    assert "Đã công khai" in admin.text
    with core.store.session() as s:
        rows, total = repo.published(s, text="đèn đường")
        assert total == 1 and rows[0][0].status == PublicationStatus.approved
        assert "0905" not in rows[0][0].content and MASK_PHONE in rows[0][0].content  # an edit is masked too
    admin.say(f"/congkhai_go {code}")
    with core.store.session() as s:
        assert repo.published(s)[1] == 0

    # a tố cáo or khiếu nại is never published, whatever was agreed
    with core.store.session() as s:
        p = petitions.get_by_code(s, code)
        petitions.update(s, p, kind="to_cao")
    admin.say(f"/congkhai {code}")
    assert "không bao giờ được công khai" in admin.text
    with core.store.session() as s:
        pub = repo.get(s, petitions.get_by_code(s, code).id)
        repo.update(s, pub, status=PublicationStatus.approved)
        assert repo.published(s)[1] == 0  # the query refuses it too


def test_erasing_personal_data_takes_the_item_down_and_the_web_history_away(core):
    from bot.services import personal_data
    from bot.services.base import Actor, Env
    from storage import citizens, web

    with core.store.session() as s:
        c = citizens.get_or_create(s, "web", "browser-1", None)
        p = petitions.create(s, year=2026, kind="phan_anh", topic="khac", content="Đèn đường hỏng", channel="web",
                             citizen_id=c.id, status="answered", answer="Đã sửa.")
        repo.update(s, repo.record_consent(s, p.id), status=PublicationStatus.approved, content="Đèn đường hỏng")
        web.add(s, "browser-1", "in", "Tôi là Trần Văn Bình, 0905 123 456")
        env = Env(s=s, profile=core.profile, clock=core.clock, t=core.t, calendar=core.calendar)
        personal_data.erase(env, Actor.of_citizen(c))
    with core.store.session() as s:
        assert repo.published(s)[1] == 0 and web.after(s, "browser-1") == []
