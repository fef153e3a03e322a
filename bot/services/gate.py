"""The one gate for staff-facing text about a petition.

Cards, ``/xem``, inbox lines, answer templates, digests and notes to staff are rendered here and
nowhere else. For a tố cáo (or any confidential or anonymous item) no rendering carries the sender's
identity: templates get no identity values, and any free text shown to staff is scrubbed of the
sender's name, phone, e-mail and address (Luật Tố cáo 2018, Điều 47). The identity is revealed only by
:func:`bot.services.petitions.reveal_identity`, to the roles allowed, and every look is logged.
"""

from __future__ import annotations

import re
from typing import Any

import intents
from bot.core.render import (
    clip,
    fmt_coords,
    fmt_date,
    fmt_datetime,
    fmt_short_date,
    local,
    map_url,
    mask_phone,
)
from bot.core.types import Button, Location, Outbound
from bot.services import identity, lifecycle
from bot.services.base import Env
from storage import staff as staff_repo
from storage.models import Petition, PetitionEvent

B = Button
CONFIDENTIAL_ROLES = ("admin", "inspector")  # may handle tố cáo and see a denouncer's identity
KIND_ICONS = {"phan_anh": "📝", "kien_nghi": "💡", "khieu_nai": "⚖️", "to_cao": "🚨"}
HIDDEN = "[đã ẩn]"
_UNIT = re.compile(r"^(?:phuong|xa|dac khu|thi tran)\s+")  # a folded commune name without its unit


def identity_hidden(p: Petition) -> bool:
    return bool(p.confidential or p.anonymous or p.kind == "to_cao")


def may_handle(p: Petition, role: str | None) -> bool:
    """Only leaders and inspectors handle (and read) a tố cáo."""
    return p.kind != "to_cao" or role in CONFIDENTIAL_ROLES


def _identity_values(env: Env, p: Petition) -> list[str]:
    """What to scrub from staff text about ``p``; unsealed once per unit of work, not once per line."""
    key = ("scrub", p.id)
    if key not in env.memo:
        env.memo[key] = _collect_identity_values(env, p)
    return env.memo[key]


def _collect_identity_values(env: Env, p: Petition) -> list[str]:
    sealed = identity.unseal(env.s, env.sealer, p) if p.confidential else {}
    vals: list[str | None] = []
    for f in identity.FIELDS:
        vals += [getattr(p, f), sealed.get(f)]
    for phone in (p.phone, sealed.get("phone")):
        digits = re.sub(r"\D", "", phone or "")
        if len(digits) >= 9:
            vals += [digits, digits[-9:]]
    return [v for v in dict.fromkeys(vals) if v and len(v.strip()) >= 3]


def scrub(env: Env, p: Petition, text: str | None) -> str:
    """Staff-facing free text about ``p``, with the sender's identity removed when it is protected."""
    if not text:
        return ""
    if not identity_hidden(p):
        return text
    for v in sorted(_identity_values(env, p), key=len, reverse=True):
        text = re.sub(re.escape(v.strip()), HIDDEN, text, flags=re.IGNORECASE)
    return text


def salutation(p: Petition) -> str:
    """"Ông/Bà Nguyễn Văn A" as administrative letters address people; "Ông/Bà" when identity is protected."""
    if identity_hidden(p) or not p.full_name:
        return "Ông/Bà"
    return f"Ông/Bà {p.full_name}"


def template_values(env: Env, p: Petition, **extra: str) -> dict[str, str]:
    """Values an answer template may use. Identity values only for items whose sender is not protected."""
    prof = env.profile
    dept = prof.department(p.department_code)
    values = {
        "name": salutation(p), "code": p.code, "agency": prof.name, "date": fmt_short_date(env.now),
        "department": dept.name if dept else prof.short_name, "hotline": prof.hotline,
        "due": fmt_short_date(p.due_date),
    }
    if p.forwarded_to:
        values["target"] = p.forwarded_to
    values.update({k: v for k, v in extra.items() if v})
    return values


def extra_answers(env: Env, p: Petition) -> list[tuple[str, Any]]:
    """(short label, answer) for the topic's extra questions that were answered."""
    out = []
    topic = env.profile.topic(p.topic)
    labels = {q.key: q.label for q in topic.extra_questions}
    for key, value in (p.extra or {}).items():
        if value in (None, ""):
            continue
        out.append((labels.get(key, key), value))
    return out


def status_label(env: Env, status: str) -> str:
    return env.t(f"status_{status}")


def holder_name(env: Env, p: Petition) -> str | None:
    if not p.assignee_id:
        return None
    st = staff_repo.get_by_id(env.s, p.assignee_id)
    return st.name if st else None


def card(env: Env, p: Petition, *, unreachable: bool = False) -> Outbound:
    """The staff card of a petition (posted once, edited in place as the item changes)."""
    t, prof = env.t, env.profile
    dept = prof.department(p.department_code)
    holder = holder_name(env, p)
    lines = [
        f"{KIND_ICONS.get(p.kind, '📝')} {p.code}{t('s_card_urgent') if p.urgent else ''}",
        t("s_card_class", kind=prof.kind(p.kind).name, topic=prof.topic(p.topic).name),
        t("s_card_dept", department=dept.name if dept else t("s_none"), due=fmt_short_date(p.due_date)),
        t("s_card_status", status=status_label(env, p.status),
          holder=t("s_card_holder", name=holder) if holder else t("s_card_no_holder")),
    ]
    if p.accepted_at:
        lines.append(t("s_card_accepted", date=fmt_short_date(p.accepted_at)))
    elif p.kind in lifecycle.LEGAL_KINDS and not p.anonymous and p.status in lifecycle.OPEN:
        rule = prof.deadlines[p.kind]
        ack = env.calendar.acknowledge_date(local(p.created_at).date(), rule)
        if ack:
            lines.append(t("s_card_ack_due", date=fmt_short_date(ack)))
    if p.complex_reason:
        lines.append(t("s_card_complex", reason=clip(scrub(env, p, p.complex_reason), 200)))
    lines += ["", clip(scrub(env, p, p.content), 1500)]
    lines += [f"• {label}: {clip(scrub(env, p, str(value)), 300)}" for label, value in extra_answers(env, p)]
    if p.attachments:
        lines.append(t("s_card_attachments", n=len(p.attachments)))
    place = place_label(env, p)
    if place:
        lines.append(t("s_card_place", place=place))
    if has_pin(p):
        lines.append(t("s_card_map", url=map_url(p.place_lat, p.place_lon)))  # type: ignore[arg-type]
    lines.append("")
    if p.anonymous:
        lines.append(t("s_card_anonymous"))
    elif identity_hidden(p):
        lines.append(t("s_card_confidential", code=p.code))
    else:
        lines.append(t("s_card_sender", name=p.full_name or "—", phone=mask_phone(p.phone)))
        if p.organisation:
            lines.append(t("s_card_organisation", name=clip(p.organisation, 200)))
    if p.status == "approval" and p.draft_answer:
        lines.append(t("s_card_draft", text=clip(scrub(env, p, p.draft_answer), 500)))
    if p.answer:
        lines.append(t("s_card_answer", text=clip(scrub(env, p, p.answer), 500)))
    if p.forwarded_to:
        lines.append(t("s_card_forwarded", target=p.forwarded_to))
    if p.reject_reason:
        lines.append(t("s_card_rejected", reason=clip(scrub(env, p, p.reject_reason), 300)))
    if p.rating:
        lines.append(t("s_card_rating", rating=t(f"rate_btn_{p.rating}")))
        if p.rating_comment:
            lines.append(t("s_card_rating_comment", comment=clip(scrub(env, p, p.rating_comment), 300)))
    if unreachable:
        lines.append(t("s_card_unreachable"))
    return Outbound(text="\n".join(lines), buttons=card_buttons(env, p), ref=p.code, thread_key=p.department_code)


def has_pin(p: Petition) -> bool:
    return p.place_lat is not None and p.place_lon is not None


def commune_label(p: Petition) -> str | None:
    """"Xã Tịnh Khê, Quảng Ngãi" for the item's commune of the 2025 division."""
    c = intents.commune_by_code(p.place_commune_code)
    return f"{c['name']}, {c['province']}" if c else None


def place_label(env: Env, p: Petition) -> str | None:
    """Where the problem is, as staff read it: the typed words (scrubbed like any free text of a tố cáo),
    with the commune when the words do not already name it; the coordinates when nothing else was given."""
    text = clip(scrub(env, p, p.place_text), 300) if p.place_text else ""
    commune = commune_label(p)
    if commune and text:
        bare = _UNIT.sub("", intents.fold(commune.split(",")[0]))
        return text if bare in intents.fold(text) else f"{text} ({commune})"
    if text or commune:
        return text or commune
    return fmt_coords(p.place_lat, p.place_lon) if has_pin(p) else None  # type: ignore[arg-type]


def place_message(env: Env, p: Petition) -> Outbound:
    """``/vitri MÃ`` and the card's "📍 Bản đồ": the place in words with the map link, and the pin itself
    (a venue message on Telegram). An item without coordinates gets its place in words, if any."""
    t = env.t
    place = place_label(env, p)
    if not has_pin(p):
        key = "s_place_no_pin" if place else "s_place_none"
        return Outbound(t(key, code=p.code, place=place or ""), ref=p.code)
    lat, lon = float(p.place_lat), float(p.place_lon)  # type: ignore[arg-type]
    text = t("s_place", code=p.code, place=place or fmt_coords(lat, lon), url=map_url(lat, lon))
    title = clip(f"{p.code}: {place}" if place else p.code, 100)
    address = commune_label(p) or fmt_coords(lat, lon)
    return Outbound(text, ref=p.code, location=Location(lat, lon, title=title, address=address))


def card_buttons(env: Env, p: Petition) -> list[list[Button]]:
    t = env.t
    st = p.status
    rows: list[list[Button]] = []
    if st == "approval":
        return [[B(t("s_btn_approve"), f"s:apr:{p.code}"), B(t("s_btn_return"), f"s:ret:{p.code}")]]
    if st not in lifecycle.OPEN:
        return rows
    rows.append([B(t("s_btn_take"), f"s:take:{p.code}"), B(t("s_btn_route"), f"s:route:{p.code}")])
    rows.append([B(t("s_btn_answer"), f"s:ans:{p.code}"), B(t("s_btn_info"), f"s:info:{p.code}")])
    rows.append([B(t("s_btn_forward"), f"s:fwd:{p.code}"), B(t("s_btn_reject"), f"s:rej:{p.code}")])
    if lifecycle.allowed("accept", st, kind=p.kind) and not p.accepted_at:
        rows.append([B(t("s_btn_accept"), f"s:acc:{p.code}")])
    if has_pin(p):
        rows.append([B(t("s_btn_map"), f"s:map:{p.code}")])
    return rows


def inbox_line(env: Env, p: Petition) -> str:
    t, prof = env.t, env.profile
    late = t("s_inbox_late") if p.due_date and p.due_date < env.today else ""
    urgent = " ⚠️" if p.urgent else ""
    holder = holder_name(env, p)
    who = f" · {holder}" if holder else ""
    return (f"• {p.code}{urgent}{late} · {prof.kind(p.kind).name} · {prof.topic(p.topic).name} · "
            f"{status_label(env, p.status)}{who} · {t('s_due_short', due=fmt_short_date(p.due_date))}")


def event_line(env: Env, p: Petition, ev: PetitionEvent) -> str:
    t = env.t
    who = ev.actor
    if ev.staff_id:
        st = staff_repo.get_by_id(env.s, ev.staff_id)
        who = st.name if st else t("s_actor_staff")
    elif ev.actor == "citizen":
        who = t("s_actor_sender") if identity_hidden(p) else (p.full_name or t("s_actor_citizen"))
    elif ev.actor == "system":
        who = t("s_actor_system")
    action = t(f"ev_{ev.action}") if f"ev_{ev.action}" in t else ev.action
    note = ""
    if ev.note and ev.action != "identity_viewed":
        note = f" — {clip(scrub(env, p, ev.note), 200)}"
    return f"• {fmt_datetime(ev.at)} · {action} · {who}{note}"


def view(env: Env, p: Petition, events: list[PetitionEvent]) -> str:
    lines = [card(env, p).text, "", env.t("s_view_timeline")]
    lines += [event_line(env, p, ev) for ev in events]
    return "\n".join(lines)


def staff_note(env: Env, p: Petition, key: str, **params: Any) -> Outbound:
    """A short message to staff about ``p`` (added information, a review, an approval request)."""
    safe = {k: scrub(env, p, v) if isinstance(v, str) else v for k, v in params.items()}
    return Outbound(text=env.t(key, code=p.code, **safe), thread_key=p.department_code, ref=None)


def due_text(env: Env, p: Petition) -> str:
    return fmt_date(p.due_date)
