"""Make the sample report pictures of the README (docs/report-chart.png, docs/report-xlsx-summary.png).

    python docs/samples.py

A quarter of invented petitions (SQLite, in a temporary folder) goes through the same code as `pakn report`:
the chart is ``write_chart``'s PNG; the XLSX summary picture is the "Tổng hợp" sheet of ``write_xlsx``'s
workbook read back with openpyxl and drawn cell by cell (no office suite needed).
"""

from __future__ import annotations

import random
import sys
import tempfile
import textwrap
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.core.render import use_timezone  # noqa: E402
from bot.core.texts import Catalog  # noqa: E402
from bot.profile import load_profile  # noqa: E402
from bot.services import reports as svc  # noqa: E402
from bot.services.base import Actor, Env  # noqa: E402
from bot.workdays import WorkCalendar  # noqa: E402
from storage import Store, petitions  # noqa: E402

HN = ZoneInfo("Asia/Ho_Chi_Minh")
NOW = datetime(2026, 10, 5, 2, 0, tzinfo=UTC)


def fill(store: Store, profile, n: int = 900) -> None:
    rnd = random.Random(7)
    cal = WorkCalendar.from_profile(profile)
    kinds = ["phan_anh"] * 11 + ["kien_nghi"] * 6 + ["khieu_nai"] * 2 + ["to_cao"]
    channels = ["telegram"] * 12 + ["paper"] * 3 + ["reception"] * 2 + ["hotline"] * 2 + ["zalo"]
    topics = [t.code for t in profile.topics] + ["dich_vu_cong_truc_tuyen"] * 6 + ["do_luong_chat_luong"] * 3
    with store.session() as s:
        for _ in range(n):
            day = date(2026, 7, 1) + timedelta(days=rnd.randrange(92))
            created = datetime(day.year, day.month, day.day, rnd.randrange(7, 18), tzinfo=HN).astimezone(UTC)
            kind, topic = rnd.choice(kinds), rnd.choice(topics)
            due = cal.due_date(day, profile.deadlines[kind])
            dept = profile.department_for_topic(topic)
            fields = dict(kind=kind, topic=topic, department_code=dept.code if dept else None, channel=rnd.choice(channels),
                          content="Nội dung phản ánh, kiến nghị của người dân", created_at=created, updated_at=created,
                          due_date=due, status="in_progress", confidential=kind == "to_cao")
            r = rnd.random()
            if r < 0.8:
                answered = created + timedelta(days=rnd.uniform(2, 20))
                if answered < NOW:
                    fields.update(status=rnd.choice(["answered", "closed"]), answered_at=answered, answer="Trả lời")
                    if rnd.random() < 0.5:
                        fields.update(rating=rnd.choices([3, 2, 1], [6, 3, 1])[0], rated_at=answered + timedelta(days=1))
            elif r < 0.85:
                fields.update(status="forwarded")
            petitions.create(s, year=2026, **fields)


def render_sheet(xlsx: Path, out: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from openpyxl import load_workbook

    ws = load_workbook(xlsx)["Tổng hợp"]
    rows = [[("" if c.value is None else (c.value.strftime("%d/%m/%Y") if hasattr(c.value, "strftime") else str(c.value)))
             for c in row] for row in ws.iter_rows(min_row=2, max_col=2)]
    rows = [r for r in rows if any(r)]
    wrapped = [[textwrap.fill(r[0], 40), textwrap.fill(r[1], 95)] for r in rows]
    heights = [max(x.count("\n") for x in r) + 1 for r in wrapped]
    plt.rcParams["font.family"] = svc.FONT
    fig_h = 0.9 + 0.22 * sum(heights)
    fig, ax = plt.subplots(figsize=(13, fig_h), dpi=100)
    ax.axis("off")
    ax.set_title(f"{xlsx.name} — trang tính “Tổng hợp”\n{ws['A1'].value}", fontsize=10, loc="left")
    table = ax.table(cellText=wrapped[1:], colLabels=wrapped[0], colWidths=[0.3, 0.7], loc="upper left", cellLoc="left")
    table.auto_set_font_size(False)
    table.set_fontsize(8.5)
    total = sum(heights)
    for (i, _j), cell in table.get_celld().items():
        cell.set_height(heights[i] / total * 0.95 if i < len(heights) else 0.02)
        if i == 0:
            cell.set_facecolor("#DDEBF7")
            cell.set_text_props(weight="bold")
    fig.savefig(out, bbox_inches="tight")
    plt.close(fig)


def main() -> None:
    profile = load_profile("so-khcn")
    use_timezone(profile.timezone)
    with tempfile.TemporaryDirectory() as tmp:
        store = Store(f"sqlite:///{tmp}/demo.db")
        store.upgrade()
        fill(store, profile)
        with store.session() as s:
            env = Env(s=s, profile=profile, clock=lambda: NOW, t=Catalog(profile),
                      calendar=WorkCalendar.from_profile(profile))
            r = svc.build(env, Actor.system(), svc.Period.quarter(2026, 3))
            svc.write_chart(env, Actor.system(), r, ROOT / "docs" / "report-chart.png")
            xlsx = Path(tmp) / "bao-cao-quy-III-2026.xlsx"
            svc.write_xlsx(env, Actor.system(), r, xlsx)
            print(svc.summary_text(env, r))
        render_sheet(xlsx, ROOT / "docs" / "report-xlsx-summary.png")
        store.dispose()
    print("docs/report-chart.png, docs/report-xlsx-summary.png")


if __name__ == "__main__":
    main()
