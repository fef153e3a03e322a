"""The agency's team: who may act, with which role, in which departments."""

from __future__ import annotations

from bot.services.base import Actor, Env, Refused
from storage import staff as repo
from storage.models import Staff, StaffRole

ROLES = tuple(r.value for r in StaffRole)


def add(env: Env, actor: Actor, *, channel: str, user_id: str, name: str, role: str,
        departments: list[str] | None = None) -> Staff:
    """Add (or re-activate) a staff member. The first administrator is added by the system (CLI)."""
    if actor.kind == "staff" and actor.role != "admin":
        raise Refused("s_no_permission")
    if role not in ROLES:
        raise Refused("s_bad_role", roles=", ".join(ROLES))
    bad = [d for d in departments or [] if env.profile.department(d) is None]
    if bad:
        raise Refused("s_no_department", dept=", ".join(bad),
                      departments=", ".join(d.code for d in env.profile.departments))
    name = " ".join(name.split())
    if not (2 <= len(name) <= 200) or not channel or not user_id or len(user_id) > 128:
        raise Refused("s_bad_staff")
    return repo.add(env.s, channel=channel, user_id=user_id, name=name, role=role, departments=departments)


def remove(env: Env, actor: Actor, key: str) -> Staff:
    st = repo.find(env.s, key) if key else None
    if st is None or not st.active:
        raise Refused("s_staff_not_found", who=key or "—")
    if actor.staff_id == st.id:
        raise Refused("s_staff_self")
    repo.deactivate(env.s, st)
    return st


def active(env: Env) -> list[Staff]:
    return repo.list_active(env.s)
