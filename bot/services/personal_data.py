"""A citizen's personal data: what is stored, erasure on request, and retention (Luật 91/2025/QH15,
Nghị định 356/2025/NĐ-CP). The places are listed once, in ``storage.personal_data.REGISTRY``.

Reached from the chat ("dữ liệu của tôi", "xóa dữ liệu của tôi": bot/core/citizen.py) and from the shell
(``pakn data show|erase|retention``).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from bot.core.render import fmt_coords, fmt_date, fmt_datetime
from bot.services import identity, notify
from bot.services.base import Actor, Env, Refused
from storage import citizens, petitions
from storage import personal_data as pd
from storage.models import Citizen


def _citizen(actor: Actor) -> Citizen:
    if actor.citizen is None or actor.citizen.id is None:
        raise Refused("mydata_none")
    return actor.citizen


def files_root_default() -> Path | None:
    from bot.config import get_settings

    try:
        return get_settings().attachments_dir
    except Exception:  # settings that cannot load: delete only files whose path the database holds
        return None


def _sealed_ids(env: Env, c: Citizen) -> list[int]:
    """The citizen's tố cáo items: their link is sealed, only the deployment's key finds them."""
    return [p.id for p in identity.items_of(env.s, env.sealer, c.id, limit=10_000) if p.id is not None]


def rules(env: Env) -> pd.RetentionRules:
    r = env.profile.privacy.retention
    return pd.RetentionRules(
        closed_items_days=r.closed_items_days, legal_case_days=r.legal_case_days, dialogue_days=r.dialogue_days,
        outbox_days=r.outbox_days, forms_days=r.forms_days, lookup_failures_days=r.lookup_failures_days,
        processed_updates_days=r.processed_updates_days)


def _held_lines(env: Env, held: list[pd.Held]) -> str:
    t, years = env.t, round(env.profile.privacy.retention.legal_case_days / 365.25)
    lines = []
    for h in held:
        kind = env.profile.kind(h.kind).name.lower()
        if h.open and h.kind in pd.LEGAL_CASE_KINDS:
            lines.append(t("pd_held_open_legal", code=h.code, kind=kind, years=years))
        elif h.open:
            lines.append(t("pd_held_open", code=h.code, kind=kind))
        else:
            lines.append(t("pd_held_until", code=h.code, kind=kind, until=fmt_date(h.until)))
    return "\n".join(lines)


def _places(t: Any, rows: list[tuple[str, str | None, float | None, float | None, str | None]]) -> str:
    """"PA-…: chợ Bình Khánh (15.12, 108.8), tổ chức Hợp tác xã An Phú; PA-…: …" """
    parts = []
    for code, text, lat, lon, org in rows:
        bits = [b for b in (text, f"({fmt_coords(lat, lon)})" if lat is not None and lon is not None else None) if b]
        what = " ".join(bits)
        if org:
            what = ", ".join(b for b in (what, t("mydata_org", name=org)) if b)
        parts.append(f"{code}: {what}")
    return "; ".join(parts)


def my_data(env: Env, actor: Actor) -> str:
    """Everything stored about the citizen, in words, with what is kept for legal processing."""
    c, t = _citizen(actor), env.t
    if c.erased_at is not None and not c.full_name and not c.phone:
        base = t("mydata_erased", when=fmt_datetime(c.erased_at))
        held = pd.held_items(env.s, c.id, env.now, env.profile.privacy.retention.legal_case_days,
                           _sealed_ids(env, c))
        return base + ("\n" + t("pd_held_header") + "\n" + _held_lines(env, held) if held else "")
    info = pd.summary(env.s, c, _sealed_ids(env, c))
    none = t("none_value")
    held = pd.held_items(env.s, c.id, env.now, env.profile.privacy.retention.legal_case_days,
                           _sealed_ids(env, c))
    r = env.profile.privacy.retention
    text = t("mydata", name=c.full_name or none, phone=c.phone or none, email=c.email or none,
             address=c.address or none,
             consent=t("mydata_consent", when=fmt_datetime(c.consent_at), version=c.consent_version)
             if c.consent_at else none,
             subscribed=t("yes_value") if c.subscribed else t("no_value"),
             items=", ".join(info["items"]) or none, places=_places(env.t, info["places"]) or none,
             questions=", ".join(info["questions"]) or none,
             messages=info["messages"], files=info["files"], outbox_days=r.outbox_days,
             closed_days=r.closed_items_days, legal_years=round(r.legal_case_days / 365.25))
    if held:
        text += "\n" + t("pd_held_header") + "\n" + _held_lines(env, held)
    return text


def erase_preview(env: Env, actor: Actor) -> str:
    """The confirmation question: what will go, and what legal processing keeps, until when."""
    c = _citizen(actor)
    held = pd.held_items(env.s, c.id, env.now, env.profile.privacy.retention.legal_case_days,
                           _sealed_ids(env, c))
    kept = (env.t("pd_held_header") + "\n" + _held_lines(env, held)) if held else ""
    return env.t("erase_confirm", kept_note=kept).strip()


def erase(env: Env, actor: Actor, *, files_root: Path | None = None) -> str:
    """Erase the citizen's personal data except what legal processing requires; the text says what stays."""
    c = _citizen(actor)
    result = erase_citizen(env, c, files_root=files_root)
    held = result["held"]
    if not held:
        return env.t("erase_done")
    return env.t("erase_done_held", held=_held_lines(env, held))


def erase_citizen(env: Env, c: Citizen, *, files_root: Path | None = None) -> dict[str, Any]:
    root = files_root if files_root is not None else files_root_default()
    result = pd.erase_citizen(env.s, c, env.now, legal_case_days=env.profile.privacy.retention.legal_case_days,
                              files_root=root, sealed_ids=_sealed_ids(env, c))
    for code in result["erased_codes"]:  # cards already posted in staff chats are edited: no name stays there
        p = petitions.get_by_code(env.s, code)
        if p is not None:
            notify.card_update(env, p)
    return result


def erase_identity(env: Env, channel: str, user_id: str, *, files_root: Path | None = None) -> dict[str, Any]:
    """Erasure asked for by another way (letter, counter): ``pakn data erase``."""
    c = citizens.get(env.s, channel, user_id)
    if c is None:
        raise Refused("mydata_none")
    return erase_citizen(env, c, files_root=files_root)


def retention(env: Env, *, files_root: Path | None = None, dry_run: bool = False) -> dict[str, int]:
    root = files_root if files_root is not None else files_root_default()
    return pd.apply_retention(env.s, rules(env), env.now, files_root=root, dry_run=dry_run)
