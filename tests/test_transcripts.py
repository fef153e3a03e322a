"""Conversations written as transcripts (tests/transcripts/*.yaml), run against the core on SQLite and
PostgreSQL. Each scenario is a list of steps, what the citizen (or staff) does and what the bot's reply
must (``bot``) and must not (``not``) contain; ``then`` checks what was stored. See
tests/transcripts/README.md for the format."""

from __future__ import annotations

import re
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
import yaml

from bot.core.types import Attachment, Inbound, Location
from bot.profile import load_profile
from storage import petitions, surveys
from storage import staff as staff_repo
from tests.conftest import Chat, build_core
from tests.helpers import drive_form

HERE = Path(__file__).parent / "transcripts"
CODE = re.compile(r"(?:PA|DT)-\d{4}-\d{6}-[A-Z]")


def _scenarios() -> list[Any]:
    out = []
    for path in sorted(HERE.glob("*.yaml")):
        for sc in yaml.safe_load(path.read_text(encoding="utf-8")):
            out.append(pytest.param(sc, id=f"{path.stem}:{sc['name']}"))
    return out


class Transcript:
    def __init__(self, core: Any, clock: Any) -> None:
        self.core, self.clock = core, clock
        self.chats: dict[str, Chat] = {}
        self.codes: list[str] = []
        self.log: list[str] = []

    def chat(self, who: str) -> Chat:
        if who not in self.chats:
            self.chats[who] = Chat(self.core, who)
        return self.chats[who]

    def fill(self, text: str) -> str:
        return text.replace("{code}", self.codes[-1] if self.codes else "").replace(
            "{first_code}", self.codes[0] if self.codes else "")

    def run(self, st: dict[str, Any]) -> None:
        who = st.get("as", "citizen")
        c = self.chat(who)
        kw: dict[str, Any] = {}
        if "reply_to" in st:
            kw["reply_to_ref"] = self.fill(st["reply_to"])
        if "wait_days" in st:
            self.clock.now += timedelta(days=st["wait_days"])
            return
        if "say" in st:
            text = self.fill(str(st["say"]))
            text = text * int(st.get("times", 1))
            c.say(text, **kw)
        elif "press" in st:
            c.choose(self.fill(st["press"]))
        elif "photo" in st:
            c.say(st.get("caption", ""), attachments=[Attachment("photo", f"file-{len(self.log)}")], **kw)
        elif "location" in st:
            lat, lon, *title = st["location"]
            c.say("", location=Location(lat, lon, title[0] if title else None))
        elif "sticker" in st:
            c.last = c.core.handle(Inbound(channel=c.channel, user_id=c.user_id, sticker=True))
        elif "button" in st:
            c.press(self.fill(st["button"]))
        elif "finish" in st:  # answer whatever the petition form still asks, the way tests/helpers.py does
            if isinstance(st["finish"], str):  # up to that step ("confirm": the summary)
                drive_form(c, stop_at=(st["finish"],))
            else:
                drive_form(c)
        text = "\n".join([c.text, *c.labels()])  # what the citizen sees: the words and the buttons
        self.log.append(f"{who} ▶ {st}\nbot ◀ {text}")
        self.codes += [x for x in CODE.findall(text) if x not in self.codes]
        assert c.last and all(o.text.strip() for o in c.last), self._fail("the bot said nothing")
        for want in st.get("bot", []):
            assert self.fill(want).lower() in text.lower(), self._fail(f"expected «{want}»")
        for bad in st.get("not", []):
            assert self.fill(bad).lower() not in text.lower(), self._fail(f"did not expect «{bad}»")

    def _fail(self, why: str) -> str:
        return why + "\n--- transcript ---\n" + "\n".join(self.log[-8:])


def _check(store: Any, t: Transcript, then: dict[str, Any]) -> None:
    with store.session() as s:
        if "petitions" in then:
            assert petitions.stats(s)["total"] == then["petitions"]
        want = then.get("petition")
        if want:
            p = petitions.get_by_code(s, t.codes[want.get("index", -1)])
            assert p is not None
            for field in ("kind", "topic", "anonymous", "full_name", "organisation", "status"):
                if field in want:
                    assert getattr(p, field) == want[field], (field, getattr(p, field))
            for piece in want.get("content_has", []):
                assert piece in p.content
            for piece in want.get("content_not", []):
                assert piece.lower() not in p.content.lower(), (piece, p.content)
            if "attachments" in want:
                assert len(p.attachments) == want["attachments"]
            if "events" in want:
                assert [e.action for e in petitions.events(s, p.id)][-len(want["events"]):] == want["events"]
            if "extra_keys" in want:
                assert sorted(p.extra) == sorted(want["extra_keys"])
        if "survey_answers" in then:
            rows = surveys.between(s, t.clock.now - timedelta(days=400), t.clock.now + timedelta(days=1))
            assert len(rows) == then["survey_answers"]


@pytest.mark.parametrize("scenario", _scenarios())
def test_transcript(scenario: dict[str, Any], store: Any, clock: Any) -> None:
    profile = load_profile(scenario.get("profile", "so-khcn"))
    core = build_core(store, profile, clock)
    with store.session() as s:
        staff_repo.add(s, channel="console", user_id="officer", name="Trần Văn Minh", role="officer")
        staff_repo.add(s, channel="console", user_id="boss", name="Nguyễn Thị Hoa", role="admin")
    t = Transcript(core, clock)
    for st in scenario["steps"]:
        t.run(st)
    _check(store, t, scenario.get("then", {}))
