"""Attack (by a careless system): personal data left behind after "xóa dữ liệu của tôi".

Every place of ``storage.personal_data.REGISTRY`` is filled through the bot as a citizen and staff would
fill it, then the citizen asks for erasure; every column of every row of every table is then searched for
the citizen's values. Only the item still under legal processing may keep them, and the citizen is told so.
"""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import JSON, String, Text
from sqlmodel import SQLModel

from bot.core.types import Attachment
from storage import dialogue, personal_data, petitions
from tests.conftest import Chat
from tests.helpers import file_petition, pending_for, state_of, step

CHAT_ID = "7731990042"
NAME, PHONE, EMAIL, STREET = "Nguyễn Văn An", "0912345678", "an.nguyen@example.com", "Số 5 đường Hùng Vương"
# words that appear only in what this citizen wrote or what was written to them
MARKERS = [NAME, PHONE, EMAIL, STREET, CHAT_ID, "Bình Sơn", "Quang Trung", "rất nhanh", "máy sấy tóc",
           "Hội Trường Xanh", "Kính gửi", "mũ bảo hiểm"]


def _is_text(col: Any) -> bool:
    kind = col.type
    kind = getattr(kind, "impl", kind)  # sqlmodel's AutoString is a TypeDecorator over String
    return isinstance(kind, String | Text | JSON)


def _text_columns() -> list[tuple[str, str]]:
    out = []
    for table in SQLModel.metadata.sorted_tables:
        for col in table.columns:
            if _is_text(col):
                out.append((table.name, col.name))
    return out


def test_every_text_column_is_in_the_registry_or_declared_not_personal():
    listed = {(p.table, c) for p in personal_data.REGISTRY for c in p.columns}
    missing = [f"{t}.{c}" for t, c in _text_columns()
               if (t, c) not in listed and f"{t}.{c}" not in personal_data.NOT_PERSONAL]
    assert not missing, f"declare these columns in storage/personal_data.py (REGISTRY or NOT_PERSONAL): {missing}"


def _scan(store) -> dict[str, list[tuple[Any, str]]]:
    """Every place (table.column) where a marker still appears: {place: [(row id, marker)]}."""
    found: dict[str, list[tuple[Any, str]]] = {}
    with store.engine.connect() as conn:
        for table in SQLModel.metadata.sorted_tables:
            cols = [c for c in table.columns if _is_text(c)]
            if not cols:
                continue
            for row in conn.execute(table.select()).mappings():
                for col in cols:
                    value = row[col.name]
                    text = json.dumps(value, ensure_ascii=False) if isinstance(value, dict | list) else str(value or "")
                    for m in MARKERS:
                        if m in text:
                            found.setdefault(f"{table.name}.{col.name}", []).append((row.get("id"), m))
    return found


@pytest.fixture
def files(tmp_path, core, monkeypatch):
    from bot.services import personal_data as service

    root = tmp_path / "attachments"
    root.mkdir()
    monkeypatch.setattr(service, "files_root_default", lambda: root)  # PAKN_DATA_DIR/attachments in production

    def fetch(att: Attachment) -> str:
        dest = root / f"{att.file_id}.jpg"
        dest.write_bytes(b"\xff\xd8 photo of " + NAME.encode())
        return str(dest)

    core.register_fetcher("console", fetch)
    return root


def _fill_everything(core, store, clock) -> dict[str, str]:
    c = Chat(core, CHAT_ID)
    officer, boss = Chat(core, "officer"), Chat(core, "boss")
    # 1. a phản ánh with a photo, routed, asked for more information, answered, rated with a comment
    c.say("Tôi phản ánh cửa hàng điện máy ở chợ Bình Sơn bán máy sấy tóc không có nhãn hàng hóa tiếng Việt",
          attachments=[Attachment(kind="photo", file_id="photo-1")])
    a = _finish(c)
    officer.say(f"/nhan {a}")
    officer.say(f"/bosung {a} Xin Ông/Bà cho biết địa chỉ cụ thể của cửa hàng")
    officer.press(f"s:dsend:{a}")
    c.press(f"info:{a}")
    c.say("Cửa hàng ở số 20 đường Quang Trung, phường Nghĩa Chánh")
    c.choose("Thêm vào hồ sơ")
    officer.say(f"Kính gửi Ông {NAME}, cơ quan đã kiểm tra và xử lý cửa hàng ở chợ Bình Sơn.", reply_to_ref=a)
    officer.press(f"s:dsend:{a}")
    assert petitions_status(store, a) == "answered", officer.text
    c.press(f"r:3:{a}")
    c.choose("Rất hài lòng")  # the survey, then the comment
    c.choose("Bỏ qua")
    c.say("Cán bộ xử lý rất nhanh")
    # 2. a phản ánh reclassified by staff (training copy of the text), then rejected
    b = file_petition(c, "Tôi phản ánh cửa hàng bán mũ bảo hiểm không có dấu hợp quy CR ở chợ huyện")
    boss.say(f"/phanloai {b} kien_nghi do_luong_chat_luong")
    boss.say(f"/tuchoi {b} Kính gửi Ông {NAME}: nội dung trùng với hồ sơ đã giải quyết")
    if petitions_status(store, b) != "rejected":
        boss.press(f"s:dsend:{b}")
    assert petitions_status(store, b) == "rejected", boss.text
    # 3. a dialogue question
    with store.session() as s:
        ds = dialogue.create_session(s, title="Đối thoại doanh nghiệp", host="Giám đốc Sở",
                                     starts_at=clock.now + timedelta(days=10), place="Hội trường Sở",
                                     registration_deadline=clock.now + timedelta(days=8))
    c.press(f"dt:{ds.id}")
    c.say("Sở có hỗ trợ doanh nghiệp ở Hội Trường Xanh đăng ký mã số mã vạch không")
    _finish(c, dialogue=True)
    # 4. a khiếu nại still being handled: legal processing keeps it
    held = file_petition(c, "Tôi khiếu nại quyết định xử phạt cửa hàng của tôi ở Số 5 đường Hùng Vương vì không đúng "
                            "quy định")
    # 5. a tố cáo (its identity is sealed apart from the item, and the item has no citizen link)
    to_cao = file_petition(c, "Tôi tố cáo cán bộ bộ phận một cửa đòi tiền bồi dưỡng mới giải quyết hồ sơ cho "
                              "cửa hàng của tôi ở Số 5 đường Hùng Vương")
    # 6. a failed look-up of somebody else's item, and a form left half-way
    other = file_petition(Chat(core, "someone-else"), "Tôi phản ánh bến xe thu phí trông giữ xe máy quá cao",
                          contact={"name": "Lê Thị Bình", "address": "Thôn 3, xã Tịnh Phong, tỉnh Quảng Ngãi",
                                   "phone": "0987 654 321", "email": "binh@example.com"})
    c.say(other)
    c.say("1111")
    c.say("Tôi phản ánh tiếng ồn của xưởng gỗ gần nhà tôi ở Số 5 đường Hùng Vương kéo dài đến nửa đêm")
    assert step(c) == "class"  # a form left half-way
    return {"answered": a, "rejected": b, "held": held, "to_cao": to_cao}


def petitions_status(store, code: str) -> str:
    with store.session() as s:
        return petitions.get_by_code(s, code).status


def _finish(c: Chat, *, dialogue: bool = False) -> str:
    import re

    from tests.helpers import drive_form

    if dialogue:
        for _ in range(10):
            now = step(c)
            if now == "name":
                c.say(NAME)
            elif now == "dt_org":
                c.choose("Cá nhân")
            elif now == "phone":
                c.say(PHONE)
            elif now == "dt_attend":
                c.choose("văn bản")
            elif now == "consent":
                c.choose("Tôi đồng ý")
            elif now == "dt_confirm":
                c.choose("Gửi")
            else:
                break
        m = re.search(r"DT-\d{4}-\d{6}-[A-Z]", c.text)
    else:
        drive_form(c, contact={"email": EMAIL})
        m = re.search(r"PA-\d{4}-\d{6}-[A-Z]", c.text)
    assert m, c.text
    return m.group(0)


def test_erasure_leaves_nothing_but_what_the_law_keeps(core, store, clock, staff, files):
    codes = _fill_everything(core, store, clock)
    before = _scan(store)
    # every place of the registry was filled
    for place in personal_data.REGISTRY:
        if place.on_erase.startswith("kept"):
            continue  # not erased on request (the reason is in the registry)
        if place.table.startswith("files:"):
            assert list(files.iterdir()), "no attachment file was stored"
            continue
        if place.table in ("web_messages", "publications"):
            continue  # the web chat's places: tests/test_publication.py fills them through a web citizen and erases
        if place.table == "protected_identities":  # encrypted: no value can be read, count the rows
            assert _count(store, "protected_identities") >= 1
            continue
        filled = [c for c in place.columns if f"{place.table}.{c}" in before]
        if place.table == "citizens" and place.columns == ("channel_user_id",):
            filled = ["channel_user_id"] if f"{place.table}.channel_user_id" in before else []
        assert filled, f"the test did not fill {place.table} {place.columns}: {sorted(before)}"
    total_before = sum(len(v) for v in before.values())

    c = Chat(core, CHAT_ID)
    c.say("xóa dữ liệu của tôi")
    assert codes["held"] in c.text and "khiếu nại" in c.text  # told what is kept before confirming
    c.choose("Xóa dữ liệu")
    assert codes["held"] in c.text and "năm" in c.text  # … and after: which item, until when

    after = _scan(store)
    assert codes["to_cao"] in c.text  # a tố cáo, found through its sealed identity, is held too
    with store.session() as s:
        held = petitions.get_by_code(s, codes["held"])
        to_cao = petitions.get_by_code(s, codes["to_cao"])
        held_event_ids = {e.id for p in (held, to_cao) for e in petitions.events(s, p.id)}
    allowed = {
        "petitions": {held.id, to_cao.id},
        "petition_events": held_event_ids,
    }
    leftovers = []
    for place, hits in after.items():
        table, col = place.split(".")
        for row_id, marker in hits:
            if row_id in allowed.get(table, set()):
                continue
            if place == "conversation_states.user_id" and marker == CHAT_ID:
                continue  # the chat the person is still talking in (no other data: checked below)
            if place == "citizens.channel_user_id" and marker == CHAT_ID:
                continue  # kept to send the held item's result: the citizen is told so
            if table == "outbox" and _outbox_ref(store, row_id) in (codes["held"], codes["to_cao"]):
                continue
            leftovers.append((place, row_id, marker))
    kept = sum(len(v) for v in after.values())
    print(f"\nerasure: {total_before} personal values in {len(before)} columns before; {kept} after, all in the "
          f"held item or the current chat; {len(leftovers)} elsewhere")
    assert not leftovers, f"{len(leftovers)} personal values remain (of {total_before}): {leftovers}"
    assert not list(files.iterdir()), "attachment files remain on disk"
    assert state_of(c) == ("idle", {})
    with store.session() as s:
        for code in (codes["answered"], codes["rejected"]):
            p = petitions.get_by_code(s, code)
            assert p.erased_at is not None and p.kind and p.status  # statistics remain
        assert held.full_name == NAME and held.erased_at is None


def _count(store, table: str) -> int:
    with store.engine.connect() as conn:
        return len(list(conn.execute(SQLModel.metadata.tables[table].select())))


def _outbox_ref(store, row_id: int) -> str | None:
    from storage import outbox

    with store.session() as s:
        row = outbox.get(s, row_id)
        return row.ref if row else None


def test_erasure_without_held_items_drops_the_chat_id(core, store, staff):
    c = Chat(core, "8800112233")
    code = file_petition(c, "Tôi kiến nghị Sở tổ chức thêm lớp tập huấn về chuyển đổi số cho hộ kinh doanh")
    c.press(f"wd:{code}")
    c.choose("Rút hồ sơ")
    c.say("xóa dữ liệu của tôi")
    c.choose("Xóa dữ liệu")
    assert "người dùng mới" in c.text
    # the cards already posted for staff are edited: the name and the content leave the staff chats too
    edits = [m for m in pending_for(store, "boss") if m["_ref"] == code and m.get("edit")]
    assert edits and NAME not in edits[-1]["text"] and personal_data.ERASED in edits[-1]["text"]
    with store.session() as s:
        from storage import citizens

        assert citizens.get(s, "console", "8800112233") is None
        p = petitions.get_by_code(s, code)
        assert p.full_name is None and p.content == personal_data.ERASED
    c.say("dữ liệu của tôi")
    assert NAME not in c.text


def test_retention_expires_what_was_kept(core, store, clock, staff, files):
    from bot.services import personal_data as service
    from bot.services.base import Env

    codes = _fill_everything(core, store, clock)
    boss = Chat(core, "boss")
    boss.say(f"/traloi {codes['held']} Kính gửi Ông {NAME}, cơ quan đã giải quyết khiếu nại.")
    boss.press(f"s:dsend:{codes['held']}")
    boss.say(f"/dong {codes['held']}")
    for code in (codes["to_cao"],):
        boss.say(f"/traloi {code} Cơ quan đã giải quyết tố cáo theo quy định.")
        boss.press(f"s:dsend:{code}")
        boss.say(f"/dong {code}")
    with store.session() as s:
        assert petitions.get_by_code(s, codes["held"]).status == "closed"

    from storage import console_inbox

    with store.session() as s:  # the console chats read their messages: delivered
        for who in (CHAT_ID, "boss", "officer", "inspector", "someone-else"):
            console_inbox.take_for(s, who)

    def run(days: int) -> dict[str, int]:
        clock.now += timedelta(days=days)
        with store.session() as s:
            env = Env(s=s, profile=core.profile, clock=core.clock, t=core.t, calendar=core.calendar)
            return service.retention(env, files_root=files)

    r = core.profile.privacy.retention
    first = run(r.closed_items_days + 30)  # (closing times come from the real clock, a week after the test clock)
    assert first["items"] >= 2 and first["messages"] > 0 and first["lookup_failures"] >= 1 and first["forms"] >= 1
    with store.session() as s:
        assert petitions.get_by_code(s, codes["held"]).erased_at is None  # khiếu nại: archive period
    run(r.legal_case_days)
    with store.session() as s:
        assert petitions.get_by_code(s, codes["held"]).erased_at is not None
        assert petitions.get_by_code(s, codes["to_cao"]).erased_at is not None, petitions.get_by_code(
            s, codes["to_cao"]).status
    assert _count(store, "protected_identities") == 0
    leftovers = {k: v for k, v in _scan(store).items() if not k.startswith(("citizens.", "conversation_states."))}
    assert not leftovers, leftovers
    assert not list(files.iterdir())


def test_a_file_outside_the_attachments_folder_is_never_deleted(store, tmp_path):
    outside = tmp_path / "important.txt"
    outside.write_text("keep me")
    root = tmp_path / "attachments"
    root.mkdir()
    with store.session() as s:
        p = petitions.create(s, year=2026, kind="phan_anh", topic="khac", content="x", channel="console",
                             attachments=[{"kind": "document", "file_id": "f", "stored_path": str(outside)}])
        personal_data.erase_item(s, p, p.created_at, files_root=root)
    assert Path(outside).exists()

