"""Dialogue conferences (hội nghị đối thoại): sessions, check-in, the floor, answers, publication, minutes.

Rules: check-in happens on the session day; "held" is recorded on or after it (earlier only by an
admin, and the override is recorded); the publication deadline counts from the held date; a question
outside the agency's competence is forwarded and the asker is told where.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

import intents
from bot.core.render import clip, fmt_date, fmt_datetime, local
from bot.core.types import Button, Outbound
from bot.services import notify
from bot.services.base import Actor, Env, Refused
from storage import dialogue as repo
from storage.models import DialogueQuestion, DialogueSession, QuestionStatus, SessionStatus


def session_day(ds: DialogueSession) -> date:
    return local(ds.starts_at).date()


def get_session(env: Env, sid: str | int) -> DialogueSession:
    text = str(sid).strip().lstrip("#")
    ds = repo.get_session(env.s, int(text)) if text.isdigit() else None
    if ds is None:
        raise Refused("s_session_not_found", id=text or "—")
    return ds


def get_question(env: Env, code: str) -> DialogueQuestion:
    parsed = intents.parse_code(code or "") or (code or "").strip().upper()
    q = repo.get_question(env.s, parsed) if parsed else None
    if q is None:
        raise Refused("s_question_not_found", code=parsed or "—")
    return q


@dataclass
class SessionDraft:
    title: str
    starts_at: datetime
    place: str
    registration_deadline: datetime
    capacity: int | None = None
    theme: str | None = None
    programme: str | None = None
    rules: str | None = None


def create_session(env: Env, actor: Actor, d: SessionDraft) -> tuple[DialogueSession, list[str]]:
    """A new session; returns it with warnings (catalog texts) such as the legal notice period."""
    if d.starts_at <= env.now:
        raise Refused("s_session_past")
    if d.registration_deadline > d.starts_at:
        raise Refused("s_session_deadline")
    ds = repo.create_session(env.s, title=clip(d.title, 300), host=env.profile.dialogue.host, starts_at=d.starts_at,
                             place=clip(d.place, 300), registration_deadline=d.registration_deadline,
                             capacity=d.capacity, description=d.theme, programme=d.programme, rules=d.rules)
    return ds, notice_warnings(env, ds)


def notice_warnings(env: Env, ds: DialogueSession) -> list[str]:
    days = (session_day(ds) - env.today).days
    need = env.profile.dialogue.announce_days_before
    if days < need:
        return [env.t("s_session_short_notice", days=days, need=need, basis=env.profile.dialogue.legal_basis)]
    return []


EDITABLE = {"tieude": "title", "diadiem": "place", "chutri": "host", "chude": "description",
            "chuongtrinh": "programme", "noiquy": "rules"}
TIMES = {"thoigian": "starts_at", "handangky": "registration_deadline"}


def edit_session(env: Env, actor: Actor, ds: DialogueSession, field: str, value: str | datetime | int | None) -> DialogueSession:
    if ds.status not in (SessionStatus.planned,):
        raise Refused("s_session_not_planned", id=ds.id)
    if field in EDITABLE:
        repo.update_session(env.s, ds, **{EDITABLE[field]: clip(str(value), 3000)})
    elif field in TIMES:
        repo.update_session(env.s, ds, **{TIMES[field]: value})
    elif field == "socho":
        repo.update_session(env.s, ds, capacity=value)
    else:
        raise Refused("s_session_bad_field", usage=env.t("u_doithoai_sua"))
    return ds


def cancel_session(env: Env, actor: Actor, ds: DialogueSession, reason: str) -> int:
    if ds.status == SessionStatus.cancelled:
        raise Refused("s_session_not_found", id=ds.id)
    repo.update_session(env.s, ds, status=SessionStatus.cancelled)
    n = 0
    for q in repo.questions_for_session(env.s, ds.id):
        text = env.t("n_session_cancelled", title=ds.title, when=fmt_datetime(ds.starts_at), reason=reason,
                     code=q.code)
        if notify.to_citizen(env, q.citizen_id, Outbound(text), ref=q.code):
            n += 1
    return n


def check_in(env: Env, actor: Actor, code: str) -> DialogueQuestion:
    q = get_question(env, code)
    ds = repo.get_session(env.s, q.session_id)
    assert ds is not None
    if session_day(ds) != env.today:
        raise Refused("s_checkin_not_today", code=q.code, day=fmt_date(session_day(ds)))
    if q.checked_in_at:
        raise Refused("s_checkin_already", code=q.code, at=fmt_datetime(q.checked_in_at))
    status = q.status if q.status == QuestionStatus.answered else QuestionStatus.attended
    repo.update_question(env.s, q, checked_in_at=env.now, status=status)
    return q


def mark_held(env: Env, actor: Actor, ds: DialogueSession, *, override: bool = False) -> tuple[date, int]:
    """Record that the session took place; returns the publication deadline and the open questions."""
    if ds.status != SessionStatus.planned:
        raise Refused("s_session_not_planned", id=ds.id)
    early = env.today < session_day(ds)
    if early and not (override and actor.role == "admin"):
        raise Refused("s_held_too_early", id=ds.id, day=fmt_date(session_day(ds)))
    repo.update_session(env.s, ds, status=SessionStatus.held, held_at=env.now,
                        held_override_by=actor.staff_id if early else None)
    _invite_to_survey(env, ds)
    deadline = publication_deadline(env, ds)
    open_q = [q for q in repo.questions_for_session(env.s, ds.id) if not q.answer and q.status != "withdrawn"
              and not q.forwarded_to]
    return deadline, len(open_q)


def _invite_to_survey(env: Env, ds: DialogueSession) -> None:
    """Those who attended (checked in) are asked, once each, how the session went."""
    if not env.profile.surveys.after_dialogue:
        return
    seen: set[int] = set()
    for q in repo.questions_for_session(env.s, ds.id):
        if q.citizen_id is None or not q.checked_in_at or q.citizen_id in seen:
            continue
        seen.add(q.citizen_id)
        notify.to_citizen(env, q.citizen_id, Outbound(
            env.t("sv_dialogue_invite", title=ds.title),
            buttons=[[Button(env.t("sv_btn_start"), f"sv:d:{ds.id}")]]))


def publication_deadline(env: Env, ds: DialogueSession) -> date:
    held = local(ds.held_at).date() if ds.held_at else session_day(ds)
    return held + timedelta(days=env.profile.dialogue.publish_days_after)


def answer_question(env: Env, actor: Actor, code: str, text: str) -> DialogueQuestion:
    q = get_question(env, code)
    if len(text.strip()) < 5:
        raise Refused("s_text_too_short")
    repo.update_question(env.s, q, answer=text.strip(), answered_at=env.now, answered_by=actor.staff_id,
                         status=QuestionStatus.answered)
    notify.to_citizen(env, q.citizen_id, Outbound(env.t("n_question_answered", code=q.code, answer=q.answer)),
                      ref=q.code)
    notify.question_card_update(env, q, repo.get_session(env.s, q.session_id))
    return q


def forward_question(env: Env, actor: Actor, code: str, target: str) -> DialogueQuestion:
    """Outside the agency's competence: forwarded upward or to the right body; the asker is told where."""
    q = get_question(env, code)
    target = (target or env.profile.dialogue.upward_body).strip()
    if len(target) < 3:
        raise Refused("s_forward_target")
    repo.update_question(env.s, q, forwarded_to=clip(target, 300), status=QuestionStatus.forwarded)
    notify.to_citizen(env, q.citizen_id, Outbound(env.t("n_question_forwarded", code=q.code, target=target)),
                      ref=q.code)
    notify.question_card_update(env, q, repo.get_session(env.s, q.session_id))
    return q


def floor_question(env: Env, actor: Actor, ds: DialogueSession, name: str | None, text: str) -> DialogueQuestion:
    """A question raised from the floor during the session, recorded by the secretary."""
    if ds.status == SessionStatus.cancelled:
        raise Refused("s_session_not_found", id=ds.id)
    if session_day(ds) > env.today:
        raise Refused("s_floor_too_early", id=ds.id, day=fmt_date(session_day(ds)))
    if len(text.strip()) < 5:
        raise Refused("s_text_too_short")
    u = intents.understand(text, env.profile)
    return repo.create_question(
        env.s, year=env.today.year, session_id=ds.id, citizen_id=None, channel="floor",
        full_name=clip(name, 200) if name else None, topic=u.topic if u.topic in env.profile.topic_codes else "khac",
        question=clip(text, 3000), attend_in_person=True, checked_in_at=env.now, source="floor",
        status=QuestionStatus.attended,
    )


def minutes(env: Env, ds: DialogueSession) -> str:
    """The biên bản: who came, what was asked, what was answered, what will be answered in writing."""
    t = env.t
    qs = [q for q in repo.questions_for_session(env.s, ds.id) if q.status != "withdrawn"]
    came = [q for q in qs if q.checked_in_at]
    absent = [q for q in qs if q.attend_in_person and not q.checked_in_at]
    lines = [
        t("mn_title", agency=env.profile.name.upper()),
        t("mn_head", title=ds.title, when=fmt_datetime(ds.starts_at), place=ds.place, host=ds.host),
    ]
    if ds.description:
        lines.append(t("mn_theme", theme=ds.description))
    lines += ["", t("mn_attendance", came=len(came), registered=len([q for q in qs if q.attend_in_person]),
                   written=len([q for q in qs if not q.attend_in_person]), floor=len([q for q in qs if q.source == "floor"]))]
    for q in came:
        lines.append(f"  - {q.full_name or t('mn_no_name')}{' (' + q.organisation + ')' if q.organisation else ''}")
    if absent:
        lines.append(t("mn_absent", n=len(absent)))
    lines += ["", t("mn_questions")]
    for i, q in enumerate(qs, 1):
        who = q.full_name or t("mn_no_name")
        src = t("mn_src_floor") if q.source == "floor" else (t("mn_src_in_person") if q.attend_in_person
                                                            else t("mn_src_written"))
        lines.append(f"{i}. [{q.code}] {who} — {src}: {q.question}")
        if q.answer:
            lines.append("   " + t("mn_answer", answer=q.answer))
        elif q.forwarded_to:
            lines.append("   " + t("mn_forwarded", target=q.forwarded_to))
        else:
            lines.append("   " + t("mn_in_writing"))
    pending = [q for q in qs if not q.answer and not q.forwarded_to]
    lines += ["", t("mn_pending", n=len(pending), codes=", ".join(q.code for q in pending) or "—")]
    if ds.held_at:
        lines.append(t("mn_publish_by", day=fmt_date(publication_deadline(env, ds))))
    lines += ["", t("mn_signatures")]
    return "\n".join(lines)
