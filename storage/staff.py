"""Staff members and departments."""

from __future__ import annotations

from sqlmodel import Session, select

from storage.models import Department, Staff


def get(s: Session, channel: str, user_id: str) -> Staff | None:
    return s.exec(
        select(Staff).where(Staff.channel == channel, Staff.channel_user_id == user_id, Staff.active == True)  # noqa: E712
    ).first()


def get_by_id(s: Session, staff_id: int) -> Staff | None:
    return s.get(Staff, staff_id)


def find(s: Session, key: str) -> Staff | None:
    """By id, by channel user id, or by (case-insensitive) name."""
    if key.isdigit():
        st = s.get(Staff, int(key))
        if st is not None and st.active:
            return st
    for st in list_active(s):
        if st.channel_user_id == key or st.name.casefold() == key.casefold():
            return st
    return None


def list_active(s: Session) -> list[Staff]:
    return list(s.exec(select(Staff).where(Staff.active == True).order_by(Staff.id)).all())  # noqa: E712


def add(
    s: Session, *, channel: str, user_id: str, name: str, role: str, departments: list[str] | None = None
) -> Staff:
    existing = s.exec(select(Staff).where(Staff.channel == channel, Staff.channel_user_id == user_id)).first()
    if existing is not None:
        existing.name, existing.role, existing.active = name, role, True
        existing.departments = list(departments or [])
        s.add(existing)
        s.flush()
        return existing
    st = Staff(channel=channel, channel_user_id=user_id, name=name, role=role, departments=list(departments or []))
    s.add(st)
    s.flush()
    return st


def deactivate(s: Session, st: Staff) -> None:
    st.active = False
    s.add(st)
    s.flush()


def count(s: Session) -> int:
    return len(list_active(s))


def sync_departments(s: Session, departments: list[tuple[str, str, list[str]]]) -> None:
    """Upsert departments from the profile (code, name, topics); thread ids are kept."""
    existing = {d.code: d for d in s.exec(select(Department)).all()}
    for code, name, topics in departments:
        d = existing.get(code)
        if d is None:
            s.add(Department(code=code, name=name, topics=list(topics)))
        else:
            d.name, d.topics, d.active = name, list(topics), True
            s.add(d)
    s.flush()


def departments(s: Session) -> list[Department]:
    return list(s.exec(select(Department).where(Department.active == True).order_by(Department.id)).all())  # noqa: E712
