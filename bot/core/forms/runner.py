"""The one engine every form runs on: ask the first missing field, take the answer, never lose a draft.

State lives in the conversation's slots: ``form`` (the form's name), ``data`` (its typed data as JSON),
``trail`` (fields answered, in order: "quay lại" walks it back), ``force`` (fields to ask even if known:
the citizen is editing them), ``asking`` and ``pending`` (a question of the engine's own: cancel the
draft? start the other request? add this text to the content?). Drafts left for another request are
kept under ``_drafts`` for the profile's ``retention.forms_days`` and resumed by "tiếp tục".
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from bot.core.context import Ctx
from bot.core.forms import choices as ch
from bot.core.forms.model import SKIP, Answer, Choice, Field, Form, Invalid
from bot.core.types import Button

STATE = "form"
MAX_DRAFTS = 5
MAX_ATTACHMENTS = 20
FORMS: dict[str, Form] = {}


def register(form: Form) -> Form:
    FORMS[form.name] = form
    return form


@dataclass
class Run:
    """A form being filled in."""

    form: Form
    data: Any
    trail: list[str] = field(default_factory=list)
    force: list[str] = field(default_factory=list)
    asking: str | None = None
    pending: dict[str, Any] | None = None

    def dump(self) -> dict[str, Any]:
        return {"form": self.form.name, "data": self.data.model_dump(mode="json"), "trail": self.trail,
                "force": self.force, "asking": self.asking, "pending": self.pending}

    @classmethod
    def load(cls, raw: dict[str, Any]) -> Run | None:
        form = FORMS.get(raw.get("form") or "")
        if form is None:
            return None
        return cls(form, form.data.model_validate(raw.get("data") or {}), list(raw.get("trail") or []),
                   list(raw.get("force") or []), raw.get("asking"), raw.get("pending"))


# ---------------------------------------------------------------- state
def active(ctx: Ctx) -> Run | None:
    if (ctx.next_state or ctx.state.state) != STATE:
        return None
    return Run.load(ctx.slots)


def save(ctx: Ctx, run: Run) -> None:
    ctx.reset()
    ctx.next_state = STATE
    ctx.slots.update(run.dump())


def start(ctx: Ctx, form: Form, data: Any = None, *, trail: list[str] | None = None) -> None:
    """Open ``form`` (a form already open is kept as a draft first)."""
    current = active(ctx)
    if current is not None and current.form.keep_draft and current.form.content(current.data):
        park(ctx, current)
    run = Run(form, data if data is not None else form.data(), list(trail or []))
    ask_next(ctx, run)


def fields_of(ctx: Ctx, run: Run) -> list[Field]:
    return list(run.form.fields(ctx, run.data))


def applies(ctx: Ctx, run: Run, f: Field) -> bool:
    return f.applies is None or f.applies(ctx, run.data)


def value_of(ctx: Ctx, run: Run, f: Field) -> Any:
    """The field's answer, or what was already known of it."""
    value = getattr(run.data, f.key, None)
    if value is None and f.known is not None and f.key not in run.force:
        value = f.known(ctx, run.data)
    return None if value == SKIP else value


def ask_next(ctx: Ctx, run: Run, *, lead: str | None = None) -> None:
    """Ask the first field still missing; when none is, the form is done."""
    for f in fields_of(ctx, run):
        if f.key in run.trail or not applies(ctx, run, f):
            continue
        if f.key not in run.force and f.known is not None and f.known(ctx, run.data) is not None:
            continue
        ask(ctx, run, f, lead=lead)
        return
    ctx.reset()
    run.form.done(ctx, run.data)


def text_of(ctx: Ctx, run: Run, text: Any) -> str:
    return text(ctx, run.data) if callable(text) else ctx.t(text)


def choices_of(ctx: Ctx, run: Run, f: Field) -> list[Choice]:
    found = list(f.choices(ctx, run.data)) if f.choices else []
    if not f.required:
        found.append(Choice(SKIP, ctx.t("btn_skip"), ("bo qua", "khong co", "ko co", "skip", "qua"), yes=False))
    return found


def ask(ctx: Ctx, run: Run, f: Field, *, lead: str | None = None, again: bool = False) -> None:
    """``again``: asked once more after an answer that did not fit (the field's shorter wording, if any)."""
    run.asking, run.pending = f.key, None
    save(ctx, run)
    text = text_of(ctx, run, f.reprompt if again and f.reprompt else f.prompt)
    buttons = [[Button(c.label, f"f:{i}")] for i, c in enumerate(choices_of(ctx, run, f))]
    ctx.say(f"{lead}\n{text}" if lead else text, buttons, request_phone=f.request_phone, request_location=f.place)


def current(ctx: Ctx, run: Run) -> Field | None:
    return next((f for f in fields_of(ctx, run) if f.key == run.asking), None)


def accept(ctx: Ctx, run: Run, f: Field, value: Any) -> None:
    """Record an answer and ask what comes next."""
    if value == SKIP:
        value = None  # skipped: answered (in the trail), nothing stored
    before = getattr(run.data, f.key, None)
    again = f.store(ctx, run.data, value) if f.store is not None else setattr(run.data, f.key, value)
    if before != getattr(run.data, f.key, None) or f.store is not None:
        for key in f.resets:
            if key in run.trail:
                run.trail.remove(key)
    if again is True:  # the answer changed something the field shows: ask it once more
        ask(ctx, run, f)
        return
    if f.key not in run.trail:
        run.trail.append(f.key)
    if f.key in run.force:
        run.force.remove(f.key)
    ask_next(ctx, run)


# ---------------------------------------------------------------- drafts
def _fresh(ctx: Ctx, drafts: list[dict[str, Any]]) -> list[dict[str, Any]]:
    days = ctx.profile.privacy.retention.forms_days
    oldest = ctx.now - timedelta(days=days)
    return [d for d in drafts if datetime.fromisoformat(d["at"]) >= oldest and d.get("form") in FORMS]


def park(ctx: Ctx, run: Run) -> None:
    """Keep the form as a draft (for "tiếp tục") and leave it."""
    drafts = _fresh(ctx, list(ctx.slots.get("_drafts") or []))
    entry = run.dump()
    entry.pop("pending", None)
    entry["at"] = ctx.now.isoformat()
    drafts = (drafts + [entry])[-MAX_DRAFTS:]
    ctx.reset()
    ctx.slots["_drafts"] = drafts
    ctx.say(ctx.t("form_parked", what=ctx.t(run.form.title)))


def drafts(ctx: Ctx) -> list[dict[str, Any]]:
    return _fresh(ctx, list(ctx.slots.get("_drafts") or []))


def resume(ctx: Ctx) -> bool:
    """Continue the most recent draft; False when there is none."""
    kept = drafts(ctx)
    if not kept:
        return False
    raw = kept.pop()
    run = Run.load(raw)
    ctx.reset()
    ctx.slots["_drafts"] = kept
    if not kept:
        ctx.slots.pop("_drafts")
    if run is None:
        return False
    ask_next(ctx, run, lead=ctx.t("form_resumed", what=ctx.t(run.form.title)))
    return True


def reask(ctx: Ctx, run: Run, *, lead: str | None = None) -> None:
    f = current(ctx, run)
    if f is None or not applies(ctx, run, f):
        ask_next(ctx, run, lead=lead)
    else:
        ask(ctx, run, f, lead=lead)


# ---------------------------------------------------------------- engine questions
PendingHandler = Callable[[Ctx, Run, Any], None]


def offer(ctx: Ctx, run: Run, kind: str, text_key: str, options: list[tuple[str, Any]], *, yes_no: bool = True,
          **params: Any) -> None:
    """Ask a question of the engine's own; ``options`` are (label as shown, value). With ``yes_no`` the first
    option is what a "yes" picks and the second what a "no" picks."""
    run.pending = {"kind": kind, "options": options, "yes_no": yes_no, **params}
    save(ctx, run)
    ctx.say(ctx.t(text_key, **{k: v for k, v in params.items() if isinstance(v, str | int)}),
            [[Button(label, f"fp:{i}")] for i, (label, _v) in enumerate(options)])


def pending_choice(ctx: Ctx, run: Run, ans: Answer) -> Any:
    p = run.pending or {}
    options = p.get("options") or []
    if ans.payload and ans.payload.startswith("fp:"):
        i = ch.number(ans.payload[3:])
        return options[i][1] if i is not None and i < len(options) else None
    polar = [True, False] if p.get("yes_no", True) else []
    cs = [Choice(v, label, yes=polar[i] if i < len(polar) else None) for i, (label, v) in enumerate(options)]
    found = ch.match(ans.text, cs)
    return found.value if found else None


def help_text(ctx: Ctx, run: Run, f: Field) -> str:
    label = text_of(ctx, run, f.label)
    how = ctx.t(f.help) if f.help else (ctx.t("form_help_choices") if f.choices else ctx.t("form_help_text"))
    return ctx.t("form_help", label=label, how=how)


def answer_of(ctx: Ctx) -> Answer:
    msg = ctx.msg
    return Answer(msg.text, ch.norm(msg.text), msg.payload, msg.contact_phone, msg.location)


def match_field(ctx: Ctx, run: Run, f: Field, ans: Answer) -> tuple[bool, Any]:
    """(matched, value) for a choice answer: a pressed button or typed words."""
    options = choices_of(ctx, run, f)
    if ans.payload and ans.payload.startswith("f:"):
        i = ch.number(ans.payload[2:])
        if i is not None and i < len(options):
            return True, options[i].value
        return False, None
    found = ch.match(ans.text, options)
    if found is not None:
        return True, found.value
    return False, None


def parse(ctx: Ctx, run: Run, f: Field, ans: Answer) -> Any:
    """The field's value for this answer; raises Invalid."""
    matched, value = match_field(ctx, run, f, ans)
    if matched:
        return value
    if f.parse is None or (ans.payload and not ans.text):
        raise Invalid("form_pick_one")
    return f.parse(ctx, run.data, ans)


def edit_choices(ctx: Ctx, run: Run) -> list[tuple[str, str]]:
    out = []
    for f in fields_of(ctx, run):
        if f.editable and applies(ctx, run, f) and (f.key in run.trail or value_of(ctx, run, f) is not None):
            out.append((text_of(ctx, run, f.label), f.key))
    return out


def edit(ctx: Ctx, run: Run, words: str) -> None:
    """'sửa tên' → ask the name again, then back to the summary; 'sửa' → which field?"""
    options = edit_choices(ctx, run)
    target = None
    if words:
        for f in fields_of(ctx, run):
            if f.key in {k for _l, k in options} and (words in f.words or ch.norm(text_of(ctx, run, f.label)) == words):
                target = f
                break
    if target is None:
        offer(ctx, run, "edit", "form_edit_which", options, yes_no=False)
        return
    goto_field(ctx, run, target.key)


def goto_field(ctx: Ctx, run: Run, key: str) -> None:
    if key in run.trail:
        run.trail.remove(key)
    if key not in run.force:
        run.force.append(key)
    f = next(f for f in fields_of(ctx, run) if f.key == key)
    ask(ctx, run, f)
