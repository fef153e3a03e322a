"""Wiring: settings → store, profile, core. Used by the CLI, the channels and the tests."""

from __future__ import annotations

import gc
import logging
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from bot.config import Settings
from bot.core.engine import Core
from bot.profile import Profile, load_profile
from bot.services.identity import Sealer
from storage import Store, citizens, destinations, dialogue, petitions, utcnow
from storage import faq as faq_repo
from storage import staff as staff_repo

log = logging.getLogger(__name__)


@dataclass
class App:
    settings: Settings
    store: Store
    profile: Profile
    core: Core


GC_YOUNG_THRESHOLD = 10_000  # CPython's default is 700


def tune_gc() -> None:
    """For long-running bot processes, once start-up is done.

    Everything loaded so far (modules, profile, NLU models, aiogram's types) lives as long as the process:
    ``gc.freeze`` moves it out of the collector's sight, so full collections stop walking it. A message
    allocates thousands of short-lived container objects (aiogram's pydantic models, ORM rows), which
    with the default threshold triggers a young collection every few hundred allocations; a higher
    threshold collects the same garbage in fewer passes. Measured in bench/telegram_throughput.py: the
    collector's share of the bot process's time fell from about 15 % to about 3 %.
    """
    gc.collect()
    gc.freeze()
    _, g1, g2 = gc.get_threshold()
    gc.set_threshold(GC_YOUNG_THRESHOLD, g1, g2)


def staff_chats(settings: Settings) -> list[tuple[str, str]]:
    """Where staff cards go (the one rule: ``bot.channels.registry.staff_destinations``)."""
    from bot.channels.registry import staff_destinations

    return staff_destinations(settings)


def build(settings: Settings, *, migrate: bool = True, sync: bool = True, pre_ping: bool = True) -> App:
    """``pre_ping=False``: for a process whose database work is only ``Core.handle`` (it uses
    ``Store.run``, which retries on a connection lost to a database restart)."""
    store = Store(settings.sqlalchemy_url, pre_ping=pre_ping)
    profile = load_profile(settings.profile)
    if migrate:
        store.upgrade()
    if sync:
        sync_profile(store, profile)
    settings = follow_moved_staff_group(store, settings)
    core = Core(store, profile, staff_chats=staff_chats(settings))
    core.documents_dir = settings.data_dir / "documents"
    core.sealer = Sealer.from_settings(settings.secret_key.get_secret_value() if settings.secret_key else None,
                                       settings.data_dir)
    return App(settings, store, profile, core)


def follow_moved_staff_group(store: Store, settings: Settings) -> Settings:
    """The staff group became a supergroup (recorded by the delivery worker, ``storage.destinations``): cards go
    to the new id until the configuration says so itself."""
    chat = settings.telegram_staff_chat_id
    if not chat:
        return settings
    try:
        with store.session() as s:
            new = destinations.resolve(destinations.moves(s, "telegram"), str(chat))
    except Exception:  # a database not migrated yet: nothing recorded
        return settings
    if new == str(chat):
        return settings
    log.error("the staff group %s was upgraded to supergroup %s: staff cards go there; set "
              "PAKN_TELEGRAM_STAFF_CHAT_ID=%s", chat, new, new)
    return settings.model_copy(update={"telegram_staff_chat_id": int(new)})


def sync_profile(store: Store, profile: Profile) -> None:
    """Departments and FAQ come from the profile; staff-edited FAQ entries are kept."""
    def sync(s: Any) -> None:
        staff_repo.sync_departments(s, [(d.code, d.name, d.topics) for d in profile.departments])
        faq_repo.sync_from_profile(s, profile.faq)

    store.run_settled(sync)  # two processes starting at once both write them


DEMO_STAFF = [
    ("console", "canbo-admin", "Nguyễn Thị Hoa", "admin", []),
    ("console", "canbo-tdc", "Trần Văn Minh", "officer", ["chi_cuc_tdc"]),
    ("console", "thanhtra", "Lê Quang Huy", "inspector", ["thanh_tra"]),
]


def has_real_data(store: Store) -> bool:
    """Petitions, citizens or staff other than the demo's: a database someone already uses."""
    demo_ids = {(c, u) for c, u, *_ in DEMO_STAFF}
    with store.session() as s:
        if petitions.count_all(s) or citizens.count_all(s):
            return True
        return any((st.channel, st.channel_user_id) not in demo_ids for st in staff_repo.list_active(s))


def seed_demo(store: Store, profile: Profile, *, force: bool = False) -> bool:
    """Demo staff and an upcoming dialogue session, into a database without them."""
    with store.session() as s:
        present = {(st.channel, st.channel_user_id) for st in staff_repo.list_active(s)}
        if any((c, u) in present for c, u, *_ in DEMO_STAFF):
            return False
        if not force and (staff_repo.count(s) or dialogue.all_sessions(s, limit=1)):
            return False
        for channel, uid, name, role, depts in DEMO_STAFF:
            depts = [d for d in depts if profile.department(d)]
            staff_repo.add(s, channel=channel, user_id=uid, name=name, role=role, departments=depts)
        start = (utcnow() + timedelta(days=14)).replace(hour=1, minute=30, second=0, microsecond=0)  # 08:30 local
        dialogue.create_session(
            s, title=f"Hội nghị đối thoại về thủ tục hành chính với người dân, doanh nghiệp — {profile.short_name}",
            host=profile.dialogue.host, starts_at=start, place=profile.dialogue.place,
            registration_deadline=start - timedelta(days=3), capacity=80,
            topics=[t.code for t in profile.topics if t.code != "khac"],
        )
    return True
