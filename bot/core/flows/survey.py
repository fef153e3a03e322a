"""Satisfaction: the rating of an answer, then the profile's survey questions, then a comment.

After a dialogue session, those who attended get an invitation with a button that opens the
``after_dialogue`` survey. Every question can be skipped; nothing typed is lost.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict

from bot.core.context import Ctx
from bot.core.flows import lookup, switch
from bot.core.forms import runner
from bot.core.forms.model import Answer, Choice, Field, Form, Invalid
from bot.core.render import clip
from bot.services import petitions as psvc
from bot.services.base import Refused
from storage import dialogue, surveys


class SurveyData(BaseModel):
    model_config = ConfigDict(extra="ignore")

    subject: str = "answer"  # answer | dialogue
    code: str | None = None  # the rated item
    session_id: int | None = None
    review: bool = False  # a dissatisfied rating reopened the item for review
    answers: dict[str, Any] = {}
    comment: str | None = None


def _questions(ctx: Ctx, d: SurveyData) -> list[Any]:
    s = ctx.profile.surveys
    return list(s.after_answer if d.subject == "answer" else s.after_dialogue)


def _question_field(q: Any) -> Field:
    def store(ctx: Ctx, d: SurveyData, value: Any) -> None:
        if value is not None:  # skipped
            d.answers = {**d.answers, q.key: value}

    return Field(key=f"q_{q.key}", prompt=lambda ctx, d: q.prompt, label=lambda ctx, d: q.label, store=store,
                 required=False, choices=lambda ctx, d: [Choice(c, c) for c in q.choices], words=(q.key,))


def _parse_comment(ctx: Ctx, d: SurveyData, ans: Answer) -> str:
    if not ans.text.strip():
        raise Invalid("form_empty")
    return clip(ans.text, 2000)


def _comment_prompt(ctx: Ctx, d: SurveyData) -> str:
    if d.subject == "dialogue":
        return ctx.t("sv_ask_comment")
    return ctx.t("rate_thanks_review" if d.review else "rate_thanks")


COMMENT = Field(key="comment", prompt=_comment_prompt, label="sv_field_comment", parse=_parse_comment,
                required=False, free_text=True, applies=lambda ctx, d: d.subject == "answer", words=("gop y",))


def fields(ctx: Ctx, d: SurveyData) -> list[Field]:
    return [*(_question_field(q) for q in _questions(ctx, d)), COMMENT]


def _done(ctx: Ctx, d: SurveyData) -> None:
    p = lookup.own_petition(ctx, d.code) if d.code else None
    if d.answers:
        surveys.add(ctx.s, subject=d.subject, answers=d.answers, at=ctx.now, petition_id=p.id if p else None,
                    session_id=d.session_id, citizen_id=ctx.citizen.id if ctx.citizen else None)
    if p is not None and d.comment:
        psvc.rating_comment(ctx.env, ctx.actor, p.code, d.comment)
        ctx.say(ctx.t("rate_comment_thanks"), menu=True)
        return
    ctx.say(ctx.t("sv_thanks"), menu=True)


FORM = runner.register(Form(
    name="survey", data=SurveyData, fields=fields, done=_done, title="form_title_survey",
    content=lambda d: bool(d.answers or d.comment),
    switch=lambda ctx, d, text, free: switch.wants_other(ctx, text, free_text=free),
))


def rate(ctx: Ctx, payload: str) -> None:
    """A rating button under an answer ("r:<1-3>:<code>"), then the survey."""
    parts = payload.split(":", 2)
    if len(parts) != 3 or parts[1] not in ("1", "2", "3"):
        ctx.say(ctx.t("stale_button"))
        return
    p = lookup.own_petition(ctx, parts[2])
    if p is None:
        return
    if p.rating:
        ctx.say(ctx.t("rate_already", code=p.code))
        return
    try:
        psvc.rate(ctx.env, ctx.actor, p.code, int(parts[1]))
    except Refused as e:
        ctx.say(e.render(ctx.t))
        return
    d = SurveyData(subject="answer", code=p.code, review=p.status == "review")
    if _questions(ctx, d):
        ctx.say(ctx.t("sv_intro", count=len(_questions(ctx, d))))
    runner.start(ctx, FORM, d)


def dialogue_survey(ctx: Ctx, session_id: int) -> None:
    """The invitation's button after a session ("sv:d:<session id>")."""
    ds = dialogue.get_session(ctx.s, session_id)
    mine = ds is not None and ctx.citizen is not None and any(
        q.session_id == ds.id and q.checked_in_at for q in dialogue.questions_for_citizen(ctx.s, ctx.citizen.id))
    if not mine or not ctx.profile.surveys.after_dialogue:
        ctx.say(ctx.t("stale_button"))
        return
    if surveys.answered(ctx.s, subject="dialogue", citizen_id=ctx.citizen.id, session_id=session_id):
        ctx.say(ctx.t("sv_already"))
        return
    runner.start(ctx, FORM, SurveyData(subject="dialogue", session_id=session_id))
