"""The petition lifecycle: every operation on a petition, whoever performs it and from wherever.

Each function checks the lifecycle table (:mod:`bot.services.lifecycle`), moves the item with a
compare-and-set, records the timeline, and queues the notices (citizen and staff) in the same unit of
work. Refusals are :class:`~bot.services.base.Refused` with a catalog key.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from typing import Any

import intents
from bot.core.render import clip, fmt_date, local, tz
from bot.core.types import Location
from bot.services import gate, identity, lifecycle, notify
from bot.services.base import Actor, Env, Refused
from storage import citizens, feedback
from storage import petitions as repo
from storage import staff as staff_repo
from storage.models import Petition, Staff

MIN_ANSWER = 5


# ============================================================================ look-up and the move
def get(env: Env, actor: Actor, code: str, *, act: bool = True) -> Petition:
    """The petition ``code`` as ``actor`` may see it; refuses unknown codes and tố cáo to other roles."""
    parsed = intents.parse_code(code or "") or (code or "").strip().upper()
    p = repo.get_by_code(env.s, parsed) if parsed else None
    if p is None:
        raise Refused("s_not_found", code=parsed or "—")
    if actor.kind == "staff" and not gate.may_handle(p, actor.role):
        raise Refused("s_confidential_only", code=p.code)
    if actor.kind == "citizen" and (actor.citizen is None
                                    or not identity.owns(env.s, env.sealer, p, actor.citizen.id)):
        raise Refused("lk_not_found", code=p.code)
    return p


def items_of(env: Env, citizen_id: int, limit: int = 20) -> list[Petition]:
    """A citizen's own items, their tố cáo included (found through the sealed identity)."""
    rows = {p.id: p for p in repo.for_citizen(env.s, citizen_id, limit)}
    rows.update({p.id: p for p in identity.items_of(env.s, env.sealer, citizen_id, limit)})
    return sorted(rows.values(), key=lambda p: p.id or 0, reverse=True)[:limit]


def _move(env: Env, actor: Actor, p: Petition, action: str, *, note: str | None = None, public: bool = True,
          data: dict[str, Any] | None = None, **fields: Any) -> Petition:
    target = lifecycle.check(action, p.status, kind=p.kind, code=p.code, actor_kind=actor.kind)
    try:
        repo.move(env.s, p, target, actor=actor.ref, action=action, staff_id=actor.staff_id, note=note,
                  public=public, data=data, at=env.now, **fields)
    except repo.StaleStatus:
        raise Refused("s_refused_stale", code=p.code) from None
    return p


def _finish(env: Env, p: Petition) -> None:
    """After the last notice of a closed anonymous tố cáo is queued, its reply handle is deleted."""
    if p.anonymous and p.status in lifecycle.FINAL:
        identity.forget_handle(env.s, p)


def _rule(env: Env, p: Petition) -> Any:
    return env.profile.deadlines[p.kind]


def _received_day(p: Petition) -> date:
    return local(p.created_at).date()


def legal_basis(env: Env, kind: str) -> str:
    return env.profile.deadlines[kind].source.strip()


# ============================================================================ intake
@dataclass
class Submission:
    kind: str
    topic: str
    content: str
    channel: str
    citizen_id: int | None
    full_name: str | None = None
    phone: str | None = None
    email: str | None = None
    address: str | None = None
    extra: dict[str, Any] | None = None
    attachments: list[dict[str, Any]] | None = None
    urgent: bool = False
    anonymous: bool = False
    nlu: dict[str, Any] | None = None
    # where the problem is: {"text", "lat", "lon", "commune_code", "commune_name"} (any may be missing)
    place: dict[str, Any] | None = None
    organisation: str | None = None  # sent on behalf of a business, cooperative or association
    # items entered by staff (bot/services/intake.py): the day received, the register's reference, no card
    # for a register imported in bulk
    received: date | None = None
    source_ref: str | None = None
    card: bool = True


def initial_due(env: Env, kind: str, received: date, *, anonymous: bool = False) -> date | None:
    """The answer date promised at intake. An anonymous tố cáo is not handled under the Law on
    Denunciations, so no legal date is promised for it."""
    if anonymous and kind == "to_cao":
        return None
    return env.calendar.due_date(received, env.profile.deadlines[kind])


def place_fields(env: Env, place: dict[str, Any] | None) -> dict[str, Any]:
    """The petition's place columns from a Submission's ``place`` ({"text", "lat", "lon", "commune_code",
    "commune_name"}, any of them missing). A pin out of range is dropped; the commune of the 2025 division is
    matched from the typed words (or the commune name) when the form did not give a known code."""
    if not place:
        return {}
    text = " ".join(str(place.get("text") or "").split())[:1000] or None
    pin = Location.parse(place.get("lat"), place.get("lon"))
    code = str(place.get("commune_code") or "").strip() or None
    if code and intents.commune_by_code(code) is None:
        code = None
    if code is None:
        for words in (place.get("commune_name"), text):
            hit = intents.match_commune(str(words), env.profile.province) if words else None
            if hit is not None:
                code = hit["code"]
                break
    return {"place_text": text, "place_lat": pin.latitude if pin else None,
            "place_lon": pin.longitude if pin else None, "place_commune_code": code}


def submit(env: Env, actor: Actor, sub: Submission) -> Petition:
    """A new petition: stored with its code, due date and routing, and a card queued for staff."""
    if sub.kind not in {k.code for k in env.profile.kinds}:
        raise Refused("s_bad_kind", kind=sub.kind)
    received = sub.received or env.today
    at = env.now if received == env.today else datetime.combine(received, time(8), tzinfo=tz()).astimezone(UTC)
    dept = env.profile.department_for(sub.kind, sub.topic)
    p = repo.create(
        env.s, year=received.year, actor=actor.ref, kind=sub.kind, topic=sub.topic,
        department_code=dept.code if dept else None, content=sub.content, extra=sub.extra or {},
        attachments=sub.attachments or [], channel=sub.channel, citizen_id=sub.citizen_id,
        full_name=None if sub.anonymous else sub.full_name, phone=None if sub.anonymous else sub.phone,
        email=None if sub.anonymous else sub.email, address=None if sub.anonymous else sub.address,
        organisation=None if sub.anonymous else (sub.organisation or "").strip()[:300] or None,
        **place_fields(env, sub.place), urgent=sub.urgent, confidential=sub.kind == "to_cao", anonymous=sub.anonymous,
        due_date=initial_due(env, sub.kind, received, anonymous=sub.anonymous), nlu=sub.nlu or {},
        created_at=at, updated_at=env.now, source_ref=sub.source_ref,
    )
    if p.kind == "to_cao":
        identity.seal_petition(env.s, env.sealer, p, new=True)  # the item keeps no trace of who sent it
    if sub.card:
        notify.card_new(env, p)
    return p


# ============================================================================ staff handling
def take(env: Env, actor: Actor, code: str, *, confirm: bool = False) -> Petition:
    """Take an item. Held by someone else: refused unless ``confirm`` (the card asks first)."""
    p = get(env, actor, code)
    if p.assignee_id == actor.staff_id and p.status == "in_progress":
        raise Refused("s_take_already_yours", code=p.code)
    holder = gate.holder_name(env, p)
    if p.assignee_id and p.assignee_id != actor.staff_id and not confirm:
        raise Refused("s_take_held", code=p.code, holder=holder or "—")
    first_time = not any(ev.action == "take" for ev in repo.events(env.s, p.id))
    _move(env, actor, p, "take", note=actor.staff.name if actor.staff else None, assignee_id=actor.staff_id)
    if first_time:  # the citizen is told once that someone handles the item
        dept = env.profile.department(p.department_code)
        notify.citizen_notice(env, p, "n_in_progress", department=dept.name if dept else env.profile.short_name)
    notify.card_update(env, p)
    return p


def assign(env: Env, actor: Actor, code: str, who: str) -> tuple[Petition, Staff]:
    p = get(env, actor, code)
    st = staff_repo.find(env.s, who) if who else None
    if st is None:
        raise Refused("s_staff_not_found", who=who or "—")
    if not gate.may_handle(p, st.role):
        raise Refused("s_assign_confidential", code=p.code)
    _move(env, actor, p, "assign", note=st.name, assignee_id=st.id)
    notify.card_update(env, p)
    notify.to_staff_member(env, st, gate.staff_note(env, p, "s_assigned_to_you", due=fmt_date(p.due_date)))
    return p, st


def route(env: Env, actor: Actor, code: str, dept_code: str) -> Petition:
    dept = env.profile.department(dept_code)
    if dept is None:
        raise Refused("s_no_department", dept=dept_code,
                      departments=", ".join(d.code for d in env.profile.departments))
    p = get(env, actor, code)
    if p.kind == "to_cao" and env.profile.workflow.inspection_department \
            and dept.code != env.profile.workflow.inspection_department:
        raise Refused("s_route_to_cao", code=p.code)
    _move(env, actor, p, "route", note=dept.name, department_code=dept.code)
    notify.card_update(env, p)
    return p


def accept(env: Env, actor: Actor, code: str) -> Petition:
    """Thụ lý (khiếu nại, tố cáo): the legal clock restarts from today; the citizen gets the notice."""
    p = get(env, actor, code)
    if p.accepted_at is not None:
        raise Refused("s_accept_already", code=p.code)
    if p.anonymous:
        raise Refused("s_accept_anonymous", code=p.code)
    rule = _rule(env, p)
    due = env.calendar.add(env.today, rule.days, rule.unit)
    _move(env, actor, p, "accept", note=fmt_date(due), accepted_at=env.now, due_date=due)
    notify.citizen_notice(env, p, "n_accepted", kind=env.profile.kind(p.kind).name.lower(), due=fmt_date(due),
                          basis=legal_basis(env, p.kind))
    notify.card_update(env, p)
    return p


def extend(env: Env, actor: Actor, code: str, reason: str) -> Petition:
    """A complex case: the deadline becomes ``complex_days`` from thụ lý, with the reason recorded."""
    p = get(env, actor, code)
    rule = _rule(env, p)
    if not rule.complex_days:
        raise Refused("s_extend_no_rule", code=p.code)
    if p.complex_reason:
        raise Refused("s_extend_already", code=p.code)
    if len(reason.strip()) < MIN_ANSWER:
        raise Refused("s_extend_reason")
    start = local(p.accepted_at).date() if p.accepted_at else (env.calendar.acknowledge_date(_received_day(p), rule)
                                                               or _received_day(p))
    due = env.calendar.add(start, rule.complex_days, rule.unit)
    _move(env, actor, p, "extend", note=clip(reason, 500), complex_reason=clip(reason, 2000), due_date=due)
    notify.citizen_notice(env, p, "n_extended", due=fmt_date(due), reason=clip(reason, 500),
                          basis=legal_basis(env, p.kind))
    notify.card_update(env, p)
    return p


def ask_info(env: Env, actor: Actor, code: str, text: str) -> Petition:
    p = get(env, actor, code)
    _check_text(text)
    _move(env, actor, p, "ask_info", note=clip(text, 3000))
    notify.citizen_notice(env, p, "n_needs_info", question=text,
                          buttons=[[notify.B(env.t("lk_btn_add_info"), f"info:{p.code}")]])
    notify.card_update(env, p)
    return p


def add_info(env: Env, actor: Actor, code: str, text: str, attachments: list[dict[str, Any]]) -> Petition:
    """The citizen answers a request for more information."""
    return _add(env, actor, code, text, attachments, "add_info")


def add_note(env: Env, actor: Actor, code: str, text: str, attachments: list[dict[str, Any]]) -> Petition:
    """The citizen adds information on their own while the item is handled (the status does not change)."""
    return _add(env, actor, code, text, attachments, "add_note")


def add_more(env: Env, actor: Actor, code: str, text: str, attachments: list[dict[str, Any]]) -> Petition:
    """More information from the citizen: the answer to a request for it, or an addition of their own."""
    p = get(env, actor, code)
    return (add_info if p.status == "needs_info" else add_note)(env, actor, p.code, text, attachments)


def _add(env: Env, actor: Actor, code: str, text: str, attachments: list[dict[str, Any]], action: str) -> Petition:
    p = get(env, actor, code)
    if not text and not attachments:
        raise Refused("info_ask", code=p.code)
    lifecycle.check(action, p.status, kind=p.kind, code=p.code, actor_kind=actor.kind)
    if attachments:
        repo.update(env.s, p, attachments=[*p.attachments, *attachments])
    _move(env, actor, p, action, note=clip(text, 3000) if text else None)
    notify.card_update(env, p)
    notify.staff_note(env, p, "s_info_added", text=clip(text, 1500) if text else "")
    return p


def _check_text(text: str) -> None:
    if len((text or "").strip()) < MIN_ANSWER:
        raise Refused("s_text_too_short")


def needs_approval(env: Env, actor: Actor, p: Petition) -> bool:
    """An answer waits for a leader when the profile says so for its kind, unless a leader writes it."""
    return p.kind in env.profile.workflow.approval_kinds and actor.role != "admin"


def answer(env: Env, actor: Actor, code: str, text: str, *, document: dict[str, Any] | None = None) -> Petition:
    """Answer the citizen, or submit the answer for a leader's approval when the profile asks for it."""
    p = get(env, actor, code)
    _check_text(text)
    if needs_approval(env, actor, p):
        _move(env, actor, p, "submit_answer", note=clip(text, 3000), public=False, draft_answer=text,
              draft_by=actor.staff_id, answer_document=document or {})
        for st in staff_repo.list_active(env.s):
            if st.role == "admin":
                out = gate.staff_note(env, p, "s_approval_request", who=actor.staff.name if actor.staff else "",
                                      text=clip(text, 1500))
                out.buttons = [[notify.B(env.t("s_btn_approve"), f"s:apr:{p.code}"),
                                notify.B(env.t("s_btn_return"), f"s:ret:{p.code}")]]
                notify.to_staff_member(env, st, out)
        notify.card_update(env, p)
        return p
    _move(env, actor, p, "answer", note=clip(text, 3000), answer=text, answered_at=env.now,
          assignee_id=p.assignee_id or actor.staff_id, approved_by=None, answer_document=document or {})
    _deliver_answer(env, p)
    return p


def _deliver_answer(env: Env, p: Petition) -> None:
    out_buttons = notify.rating_buttons(env, p.code)
    notify.citizen_notice(env, p, "n_answered", answer=p.answer or "", buttons=out_buttons)
    if p.answer_document:
        from bot.core.types import Attachment, Outbound

        doc = Outbound(env.t("n_answer_document", code=p.code), attachments=[Attachment(**p.answer_document)],
                       ref=p.code)
        notify.to_citizen(env, identity.citizen_of(env.s, env.sealer, p), doc, ref=p.code)
    notify.card_update(env, p)


def approve(env: Env, actor: Actor, code: str) -> Petition:
    p = get(env, actor, code)
    if actor.role != "admin":
        raise Refused("s_approve_role")
    if not p.draft_answer:
        raise Refused("s_refused_status", code=p.code, action="approve", status=p.status)
    _move(env, actor, p, "approve", answer=p.draft_answer, answered_at=env.now, approved_by=actor.staff_id,
          assignee_id=p.assignee_id or p.draft_by, draft_answer=None)
    _deliver_answer(env, p)
    return p


def return_answer(env: Env, actor: Actor, code: str, reason: str) -> Petition:
    p = get(env, actor, code)
    if actor.role != "admin":
        raise Refused("s_approve_role")
    _move(env, actor, p, "return_answer", note=clip(reason, 1000), public=False)
    if p.draft_by:
        st = staff_repo.get_by_id(env.s, p.draft_by)
        if st is not None:
            notify.to_staff_member(env, st, gate.staff_note(env, p, "s_answer_returned", reason=reason))
    notify.card_update(env, p)
    return p


def forward(env: Env, actor: Actor, code: str, target: str) -> Petition:
    p = get(env, actor, code)
    _check_text(target)
    _move(env, actor, p, "forward", note=clip(target, 300), forwarded_to=clip(target, 300), closed_at=env.now)
    notify.citizen_notice(env, p, "n_forwarded", target=p.forwarded_to or "", note="")
    notify.card_update(env, p)
    _finish(env, p)
    return p


def reject(env: Env, actor: Actor, code: str, reason: str) -> Petition:
    p = get(env, actor, code)
    _check_text(reason)
    _move(env, actor, p, "reject", note=clip(reason, 3000), reject_reason=reason, closed_at=env.now)
    notify.citizen_notice(env, p, "n_rejected", reason=reason)
    notify.card_update(env, p)
    _finish(env, p)
    return p


def reclassify(env: Env, actor: Actor, code: str, kind: str | None, topic: str | None) -> Petition:
    """Change kind and/or topic: re-route, recompute the deadline, tell the citizen; keep every answer."""
    p = get(env, actor, code)
    kind = kind or p.kind
    topic = topic or p.topic
    if kind not in {k.code for k in env.profile.kinds}:
        raise Refused("s_reclass_bad", word=kind)
    if topic not in env.profile.topic_codes:
        raise Refused("s_reclass_bad", word=topic)
    if (kind, topic) == (p.kind, p.topic):
        raise Refused("s_reclass_same")
    old_kind, old_topic = p.kind, p.topic
    feedback.add(env.s, petition_id=p.id, text=p.content, old_kind=p.kind, new_kind=kind, old_topic=p.topic,
                 new_topic=topic, staff_id=actor.staff_id)
    fields: dict[str, Any] = {"kind": kind, "topic": topic, "confidential": p.confidential or kind == "to_cao"}
    dept = env.profile.department_for(kind, topic)
    if dept is not None:
        fields["department_code"] = dept.code
    if kind != old_kind:
        fields["due_date"] = initial_due(env, kind, _received_day(p), anonymous=p.anonymous)
        fields["accepted_at"] = None
        fields["complex_reason"] = None
        if kind == "to_cao" and p.assignee_id:
            holder = staff_repo.get_by_id(env.s, p.assignee_id)
            if holder is not None and holder.role not in gate.CONFIDENTIAL_ROLES:
                fields["assignee_id"] = None
    _move(env, actor, p, "reclassify", note=f"{old_kind}/{old_topic} → {kind}/{topic}", **fields)
    if kind == "to_cao" and old_kind != "to_cao":
        identity.seal_petition(env.s, env.sealer, p)
    if kind != old_kind:
        kname = env.profile.kind(kind).name.lower()
        if p.due_date is not None:
            notify.citizen_notice(env, p, "n_reclassified", kind=kname, due=fmt_date(p.due_date),
                                  basis=legal_basis(env, kind))
        else:
            notify.citizen_notice(env, p, "n_reclassified_no_due", kind=kname)
    if kind == "to_cao" and old_kind != "to_cao":
        # every earlier card (in the group, showing the sender) is replaced by a card without identity
        hidden = gate.card(env, p)
        hidden.edit = True
        hidden.text = env.t("s_card_moved_confidential", code=p.code)
        hidden.buttons = []
        notify.to_staff(env, hidden, purpose="card")
    notify.card_update(env, p)
    return p


def close(env: Env, actor: Actor, code: str) -> Petition:
    p = get(env, actor, code)
    _move(env, actor, p, "close", closed_at=env.now)
    notify.citizen_notice(env, p, "n_closed")
    notify.card_update(env, p)
    _finish(env, p)
    return p


def reveal_identity(env: Env, actor: Actor, code: str) -> Petition:
    """The sender's identity for the roles allowed; every look and every refused attempt is logged."""
    parsed = intents.parse_code(code or "") or (code or "").strip().upper()
    p = repo.get_by_code(env.s, parsed) if parsed else None
    if p is None:
        raise Refused("s_not_found", code=parsed or "—")
    if actor.role not in gate.CONFIDENTIAL_ROLES:
        repo.add_event(env.s, p, actor=actor.ref, staff_id=actor.staff_id, action="identity_refused", public=False,
                       at=env.now)
        raise Refused("s_identity_role")
    repo.add_event(env.s, p, actor=actor.ref, staff_id=actor.staff_id, action="identity_viewed", public=False,
                   at=env.now)
    return p


def sender(env: Env, p: Petition) -> dict[str, Any]:
    """The sender's contact data: from the item, or unsealed for a tố cáo (call reveal_identity first)."""
    data = identity.unseal(env.s, env.sealer, p) if p.confidential else {}
    return {f: data.get(f) or getattr(p, f) for f in identity.FIELDS}  # items sealed before 0003 keep theirs


# ============================================================================ the citizen's side
def withdraw(env: Env, actor: Actor, code: str) -> Petition:
    p = get(env, actor, code)
    _move(env, actor, p, "withdraw", closed_at=env.now)
    notify.card_update(env, p)
    _finish(env, p)
    return p


def rate(env: Env, actor: Actor, code: str, score: int) -> Petition:
    """Satisfied or neutral closes the item; dissatisfied reopens it for a supervisor's review
    when the profile says so."""
    p = get(env, actor, code)
    if score not in (1, 2, 3):
        raise Refused("stale_button")
    if p.rating:
        raise Refused("rate_already", code=p.code)
    review = score == 1 and env.profile.workflow.review_dissatisfied
    action = "rate_review" if review else "rate"
    fields: dict[str, Any] = {"rating": score, "rated_at": env.now}
    if not review:
        fields["closed_at"] = p.closed_at or env.now
    _move(env, actor, p, action, note=env.t(f"rate_btn_{score}"), **fields)
    if review:
        notify.staff_note(env, p, "s_review_needed")
    notify.card_update(env, p)
    _finish(env, p)
    return p


def rating_comment(env: Env, actor: Actor, code: str, text: str) -> Petition:
    p = get(env, actor, code)
    repo.update(env.s, p, rating_comment=clip(text, 2000))
    repo.add_event(env.s, p, actor=actor.ref, action="rating_comment", note=clip(text, 2000), at=env.now)
    notify.card_update(env, p)
    if p.rating == 1:
        notify.staff_note(env, p, "s_rating_comment", text=clip(text, 1500))
    return p


def citizen_contact(env: Env, citizen_id: int | None) -> Any:
    return citizens.get_by_id(env.s, citizen_id) if citizen_id else None
