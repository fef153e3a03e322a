"""Staff commands for dialogue sessions: parse, call :mod:`bot.services.dialogue`, render."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from bot.core.commands import WRITERS, command, split_code, usage
from bot.core.context import Ctx
from bot.core.render import clip, fmt_date, fmt_datetime, parse_local
from bot.core.types import Attachment
from bot.services import dialogue as svc
from bot.services import notify
from storage import dialogue as repo


def view_question(ctx: Ctx, code: str) -> None:
    q = ctx.attempt(svc.get_question, ctx.env, code)
    if q is not None:
        ctx.say(notify.question_card(ctx.env, q, repo.get_session(ctx.s, q.session_id)).text)


@command("doithoai", "sessions")
def cmd_sessions(ctx: Ctx, args: str) -> None:
    rows = repo.all_sessions(ctx.s)
    if not rows:
        ctx.say(ctx.t("s_sessions_empty", usage=ctx.t("u_doithoai_tao")))
        return
    lines = [ctx.t("s_sessions_head")]
    for ds in rows:
        qs = repo.questions_for_session(ctx.s, ds.id)
        lines.append(ctx.t("s_session_line", id=ds.id, title=ds.title, when=fmt_datetime(ds.starts_at),
                           status=ctx.t(f"sstatus_{ds.status}"), n=len(qs)))
    ctx.say("\n".join(lines))


@command("doithoai_tao", "session_new", roles=WRITERS)
def cmd_session_new(ctx: Ctx, args: str) -> None:
    parts = [x.strip() for x in args.split("|")]
    if len(parts) < 2 or not parts[0]:
        ctx.say(usage(ctx, "doithoai_tao"))
        return
    starts = parse_local(parts[1])
    if starts is None:
        ctx.say(ctx.t("s_bad_time"))
        return
    place = parts[2] if len(parts) > 2 and parts[2] else ctx.profile.dialogue.place
    deadline = parse_local(parts[3]) if len(parts) > 3 and parts[3] else starts - timedelta(days=2)
    if deadline is None:
        ctx.say(ctx.t("s_bad_time"))
        return
    capacity = int(parts[4]) if len(parts) > 4 and parts[4].isascii() and parts[4].isdigit() else None
    draft = svc.SessionDraft(title=parts[0], starts_at=starts, place=place, registration_deadline=deadline,
                             capacity=capacity, theme=parts[5] if len(parts) > 5 and parts[5] else None,
                             programme=parts[6] if len(parts) > 6 and parts[6] else None,
                             rules=parts[7] if len(parts) > 7 and parts[7] else None)
    r = ctx.attempt(svc.create_session, ctx.env, ctx.actor, draft)
    if r is None:
        return
    ds, warnings = r
    lines = [ctx.t("s_session_created", id=ds.id, title=ds.title, when=fmt_datetime(starts), place=ds.place)]
    lines += warnings
    lines.append(ctx.t("s_session_announce_hint", id=ds.id))
    ctx.say("\n".join(lines))


@command("doithoai_sua", "session_edit", roles=WRITERS)
def cmd_session_edit(ctx: Ctx, args: str) -> None:
    sid, rest = split_code(args)
    if "=" not in rest:
        ctx.say(usage(ctx, "doithoai_sua"))
        return
    ds = ctx.attempt(svc.get_session, ctx.env, sid)
    if ds is None:
        return
    field, _, value = rest.partition("=")
    field, value = field.strip().lower(), value.strip()
    parsed: object = value
    if field in svc.TIMES:
        parsed = parse_local(value)
        if parsed is None:
            ctx.say(ctx.t("s_bad_time"))
            return
    elif field == "socho":
        parsed = int(value) if value.isascii() and value.isdigit() else None
    if ctx.attempt(svc.edit_session, ctx.env, ctx.actor, ds, field, parsed) is None:
        return
    ctx.say(ctx.t("s_session_updated", id=ds.id))


@command("doithoai_huy", "session_cancel", roles=WRITERS)
def cmd_session_cancel(ctx: Ctx, args: str) -> None:
    sid, reason = split_code(args)
    ds = ctx.attempt(svc.get_session, ctx.env, sid)
    if ds is None:
        return
    n = ctx.attempt(svc.cancel_session, ctx.env, ctx.actor, ds, reason)
    if n is not None:
        ctx.say(ctx.t("s_session_cancelled", id=ds.id, n=n))


@command("doithoai_ds", "session_questions")
def cmd_session_questions(ctx: Ctx, args: str) -> None:
    ds = ctx.attempt(svc.get_session, ctx.env, args)
    if ds is None:
        return
    qs = repo.questions_for_session(ctx.s, ds.id)
    if not qs:
        ctx.say(ctx.t("s_session_no_questions", id=ds.id))
        return
    came = sum(1 for q in qs if q.checked_in_at)
    lines = [ctx.t("s_session_questions_head", id=ds.id, title=ds.title, n=len(qs), came=came)]
    for q in qs:
        mode = ctx.t("s_mode_floor") if q.source == "floor" else (
            ctx.t("s_mode_in_person") if q.attend_in_person else ctx.t("s_mode_written"))
        seen = ctx.t("s_checked_in", at=fmt_datetime(q.checked_in_at)) if q.checked_in_at else ""
        org = f" ({q.organisation})" if q.organisation else ""
        lines.append(f"• {q.code} · {q.full_name or '—'}{org} · {mode}{seen} · {ctx.t('qstatus_' + q.status)}\n"
                     f"  {clip(q.question, 300)}")
    ctx.say("\n".join(lines))


@command("doithoai_tl", "qanswer")
def cmd_question_answer(ctx: Ctx, args: str) -> None:
    from bot.core.drafts import start_draft

    code, text = split_code(args)
    if not code or ctx.attempt(svc.get_question, ctx.env, code) is None:
        if not code:
            ctx.say(usage(ctx, "doithoai_tl"))
        return
    start_draft(ctx, "qans", code.upper(), text or None)


@command("doithoai_chuyen", "qforward", roles=WRITERS)
def cmd_question_forward(ctx: Ctx, args: str) -> None:
    code, target = split_code(args)
    if not code:
        ctx.say(usage(ctx, "doithoai_chuyen"))
        return
    q = ctx.attempt(svc.forward_question, ctx.env, ctx.actor, code, target)
    if q is not None:
        ctx.say(ctx.t("s_question_forwarded", code=q.code, target=q.forwarded_to))


@command("diemdanh", "checkin")
def cmd_checkin(ctx: Ctx, args: str) -> None:
    q = ctx.attempt(svc.check_in, ctx.env, ctx.actor, args)
    if q is not None:
        ctx.say(ctx.t("s_checked_in_ok", code=q.code, name=q.full_name or "—"))


@command("doithoai_hoi", "floor", roles=WRITERS)
def cmd_floor(ctx: Ctx, args: str) -> None:
    sid, rest = split_code(args)
    name, sep, text = rest.partition("|")
    if not sep:
        name, text = "", rest
    if not sid or not text.strip():
        ctx.say(usage(ctx, "doithoai_hoi"))
        return
    ds = ctx.attempt(svc.get_session, ctx.env, sid)
    if ds is None:
        return
    q = ctx.attempt(svc.floor_question, ctx.env, ctx.actor, ds, name.strip() or None, text.strip())
    if q is not None:
        ctx.say(ctx.t("s_floor_recorded", code=q.code, id=ds.id))


@command("doithoai_xong", "session_held", roles=WRITERS)
def cmd_session_held(ctx: Ctx, args: str) -> None:
    sid, flag = split_code(args)
    ds = ctx.attempt(svc.get_session, ctx.env, sid)
    if ds is None:
        return
    import intents

    override = intents.fold(flag) in ("ep", "force", "ep buoc")
    r = ctx.attempt(svc.mark_held, ctx.env, ctx.actor, ds, override=override)
    if r is None:
        return
    deadline, open_n = r
    ctx.say(ctx.t("s_session_held", id=ds.id, deadline=fmt_date(deadline), n=open_n,
                  basis=ctx.profile.dialogue.legal_basis))


@command("doithoai_bienban", "minutes")
def cmd_minutes(ctx: Ctx, args: str) -> None:
    ds = ctx.attempt(svc.get_session, ctx.env, args)
    if ds is None:
        return
    text = svc.minutes(ctx.env, ds)
    path = write_docx(ctx.core.documents_dir, f"bien-ban-doi-thoai-{ds.id}.docx", text)
    ctx.say(ctx.t("s_minutes_ready", id=ds.id),
            attachments=[Attachment(kind="document", file_id=str(path), file_name=path.name,
                                    mime_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                                    stored_path=str(path))])


def write_docx(folder: Path, name: str, text: str) -> Path:
    """A plain Word document: the first line as the title, the rest as paragraphs."""
    from docx import Document

    folder.mkdir(parents=True, exist_ok=True)
    doc = Document()
    lines = text.split("\n")
    doc.add_heading(lines[0], level=1)
    for line in lines[1:]:
        doc.add_paragraph(line)
    path = folder / name
    doc.save(str(path))
    return path
