"""/baocao over Telegram: the summary, then the chart and the workbook as files in the chat that asked."""

from __future__ import annotations

from tests import test_telegram_e2e as e2e
from tests.test_telegram_e2e import STAFF, Driver

world = e2e.world  # fixture


async def test_baocao_sends_the_chart_and_the_workbook_in_the_chat(world, tmp_path):
    world.core.exports_dir = tmp_path / "exports"
    staff = Driver(world.fake, world.channel, world.core, STAFF)
    sent = await staff.say("/baocao 2026")
    await world.fake.wait_for(lambda: any(m["method"] == "sendDocument" for m in world.fake.messages(str(STAFF))))
    sent = world.fake.messages(str(STAFF))
    methods = [m["method"] for m in sent]
    assert methods[-3:] == ["sendMessage", "sendPhoto", "sendDocument"]
    assert "Báo cáo tiếp nhận, xử lý phản ánh, kiến nghị năm 2026" in sent[-3]["text"]
    photo_id = sent[-2]["photo"][0]["file_id"]
    assert world.fake.files[photo_id]["content"].startswith(b"\x89PNG")  # the chart itself was uploaded
    doc = sent[-1]["document"]
    assert doc["file_name"].endswith(".xlsx") and world.fake.files[doc["file_id"]]["content"].startswith(b"PK")
    assert "Biểu đồ và tệp Excel" in sent[-1]["caption"]
