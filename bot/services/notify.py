"""Messages for people other than the one acting: staff cards and citizen notices, through the outbox.

Written in the same transaction as the change they report, and sent by the delivery worker with
retries. Staff-facing text is rendered by :mod:`bot.services.gate`; tố cáo cards go only to the roles
that may handle them (leaders and inspectors, in their private chats), never to the staff group.
"""

from __future__ import annotations

from bot.core.types import Button, Outbound
from bot.services import gate, identity
from bot.services.base import Env
from storage import citizens, outbox
from storage import staff as staff_repo
from storage.models import DialogueQuestion, DialogueSession, Petition, Staff, StaffRole

B = Button


def staff_destinations(env: Env, p: Petition | None = None) -> list[tuple[str, str]]:
    """Where staff messages about ``p`` go: the staff group(s), or each staff member's own chat.

    A tố cáo goes to the private chats of leaders and inspectors only.
    """
    if p is not None and p.kind == "to_cao":
        return [(st.channel, st.channel_user_id) for st in staff_repo.list_active(env.s)
                if st.role in gate.CONFIDENTIAL_ROLES]
    if env.staff_chats:
        return list(env.staff_chats)
    return [(st.channel, st.channel_user_id) for st in staff_repo.list_active(env.s)]


def to_staff(env: Env, out: Outbound, *, purpose: str, p: Petition | None = None) -> None:
    # the row names its item even when the message has no card ref: erasure and retention find it
    ref = out.ref or (p.code if p is not None else None)
    for channel, chat in staff_destinations(env, p):
        outbox.enqueue(env.s, channel=channel, recipient=chat, payload=out.to_payload(), purpose=purpose, ref=ref)


def to_staff_member(env: Env, st: Staff, out: Outbound) -> None:
    outbox.enqueue(env.s, channel=st.channel, recipient=st.channel_user_id, payload=out.to_payload(),
                   purpose="staff", ref=out.ref)


def alert_admins(env: Env, text: str, *, key: str | None = None) -> int:
    """A private message to every active administrator (through the outbox, purpose ``alert``).

    ``key``: queued at most once per key and administrator (coalescing repeated alerts). Returns how many
    were queued."""
    payload = Outbound(text=text).to_payload()
    n = 0
    for st in staff_repo.list_active(env.s):
        if st.role != StaffRole.admin:
            continue
        fields = {"channel": st.channel, "recipient": st.channel_user_id, "payload": payload, "purpose": "alert"}
        if key is None:
            outbox.enqueue(env.s, **fields)
            n += 1
        elif outbox.enqueue_once(env.s, dedupe_key=f"alert:{key}:{st.id}"[:128], **fields) is not None:
            n += 1
    return n


def card_new(env: Env, p: Petition) -> None:
    to_staff(env, gate.card(env, p), purpose="card", p=p)
    if p.kind == "to_cao" and env.staff_chats:
        # the group learns that an item exists and where it went, nothing of its content
        to_staff(env, Outbound(env.t("s_group_to_cao", code=p.code)), purpose="staff")


def card_update(env: Env, p: Petition) -> None:
    cid = identity.citizen_of(env.s, env.sealer, p)
    c = citizens.get_by_id(env.s, cid) if cid else None
    out = gate.card(env, p, unreachable=bool(c and c.unreachable))
    out.edit = True
    to_staff(env, out, purpose="card", p=p)


def staff_note(env: Env, p: Petition, key: str, **params: str) -> None:
    to_staff(env, gate.staff_note(env, p, key, **params), purpose="staff", p=p)


def to_citizen(env: Env, citizen_id: int | None, out: Outbound, *, ref: str | None = None) -> bool:
    """Queue a message for a citizen on their own channel. False when they cannot be reached."""
    if citizen_id is None:
        return False
    c = citizens.get_by_id(env.s, citizen_id)
    if c is None or not c.channel_user_id:
        return False
    outbox.enqueue(env.s, channel=c.channel, recipient=c.channel_user_id, payload=out.to_payload(),
                   purpose="notify", ref=ref, citizen_id=c.id)
    return not c.unreachable


def rating_buttons(env: Env, code: str) -> list[list[Button]]:
    t = env.t
    return [[B(t("rate_btn_3"), f"r:3:{code}")], [B(t("rate_btn_2"), f"r:2:{code}")],
            [B(t("rate_btn_1"), f"r:1:{code}")]]


def citizen_notice(env: Env, p: Petition, key: str, buttons: list[list[Button]] | None = None, **params: str) -> bool:
    out = Outbound(env.t(key, code=p.code, **params), buttons=buttons or [], ref=p.code)
    return to_citizen(env, identity.citizen_of(env.s, env.sealer, p), out, ref=p.code)


# ---------------------------------------------------------------------------- dialogue questions
def question_card(env: Env, q: DialogueQuestion, ds: DialogueSession | None) -> Outbound:
    from bot.core.render import clip, fmt_datetime, mask_phone

    t = env.t
    lines = [
        t("s_qcard_title", code=q.code),
        t("s_qcard_session", title=ds.title if ds else "—", when=fmt_datetime(ds.starts_at) if ds else "—"),
        t("s_qcard_topic", topic=env.profile.topic(q.topic).name),
        t("s_qcard_asker", name=q.full_name or "—", org=f" · {q.organisation}" if q.organisation else "",
          phone=mask_phone(q.phone)),
        t("s_qcard_mode_in_person") if q.attend_in_person else t("s_qcard_mode_written"),
        t("s_qcard_status", status=t(f"qstatus_{q.status}")),
        "",
        clip(q.question, 1500),
    ]
    if q.answer:
        lines.append("\n" + t("s_card_answer", text=clip(q.answer, 500)))
    if q.forwarded_to:
        lines.append(t("s_card_forwarded", target=q.forwarded_to))
    buttons = [] if (q.answer or q.forwarded_to) else [[B(t("s_btn_answer"), f"s:qans:{q.code}")]]
    dept = env.profile.department_for_topic(q.topic)
    return Outbound(text="\n".join(lines), buttons=buttons, ref=q.code, thread_key=dept.code if dept else None)


def question_card_new(env: Env, q: DialogueQuestion, ds: DialogueSession | None) -> None:
    to_staff(env, question_card(env, q, ds), purpose="card")


def question_card_update(env: Env, q: DialogueQuestion, ds: DialogueSession | None) -> None:
    card = question_card(env, q, ds)
    card.edit = True
    to_staff(env, card, purpose="card")


def flag_unreachable(env: Env, code: str) -> bool:
    """A citizen could not be reached about ``code`` (blocked the bot): show it on the item's staff card.

    Called by the delivery worker, outside any conversation. Returns False when ``code`` is no petition.
    """
    from storage import petitions

    p = petitions.get_by_code(env.s, code)
    if p is None:
        return False
    out = gate.card(env, p, unreachable=True)
    out.edit = True
    to_staff(env, out, purpose="card", p=p)
    petitions.add_event(env.s, p, actor="system", action="unreachable", public=False,
                        note=env.t("s_card_unreachable"))
    return True
