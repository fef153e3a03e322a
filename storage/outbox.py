"""The outbox: every message for someone other than the current sender is a row here.

Life of a row (see bot/delivery/worker.py)::

    pending --claim--> sending --ok--------> sent
       ^                  |----403-------> blocked   (the citizen is marked unreachable)
       |                  |----400-------> failed
       +---retry/429/release--+--too many--> failed
    pending/sending --broadcast cancelled--> cancelled

Claiming is one ``UPDATE … WHERE id IN (SELECT … [FOR UPDATE SKIP LOCKED]) RETURNING``: on PostgreSQL
several workers claim side by side without ever getting the same row; on SQLite the statement takes
the database write lock, so it is atomic too (SQLite deployments run one worker process).

A claimed row whose worker died stays ``sending`` until its lease expires; then any worker may
claim it again. Rows in flight at a crash may therefore be sent twice; nothing else is.

Per-recipient order: a row is claimable only when no earlier row to the same chat is still
``pending`` or ``sending``, so a chat's messages are sent one at a time, in order (a card before
its edits, a progress message before its updates), whatever the number of workers.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import and_, case, exists, func, insert, or_, select, update
from sqlalchemy.orm import aliased
from sqlmodel import Session

from storage.models import Broadcast, Citizen, Outbox, OutboxStatus, utcnow

UNFINISHED = (OutboxStatus.pending.value, OutboxStatus.sending.value)


def enqueue(
    s: Session,
    *,
    channel: str,
    recipient: str,
    payload: dict[str, Any],
    purpose: str = "notify",
    ref: str | None = None,
    citizen_id: int | None = None,
    broadcast_id: int | None = None,
    dedupe_key: str | None = None,
) -> Outbox:
    """Add a message to the outbox in the caller's transaction (sent after commit by the worker)."""
    row = Outbox(
        channel=channel,
        recipient=recipient,
        payload=payload,
        purpose=purpose,
        ref=ref,
        citizen_id=citizen_id,
        broadcast_id=broadcast_id,
        dedupe_key=dedupe_key,
    )
    s.add(row)
    s.flush()
    return row


_ENQUEUE_FIELDS = ("channel", "recipient", "payload", "purpose", "ref", "citizen_id", "broadcast_id", "dedupe_key")


def enqueue_many(s: Session, messages: list[dict[str, Any]]) -> int:
    """Several ``enqueue`` calls as one statement with the rows as parameters (executemany: no ORM objects, no
    ids read back; the daily digest's 61 messages cost 40 ms of model construction and SQL rendering before)."""
    if not messages:
        return 0
    now = utcnow()
    rows = []
    for m in messages:
        unknown = set(m) - set(_ENQUEUE_FIELDS)
        if unknown:
            raise TypeError(f"enqueue_many: unknown fields {sorted(unknown)}")
        rows.append({"channel": m["channel"], "recipient": m["recipient"], "payload": m["payload"],
                     "purpose": m.get("purpose", "notify"), "ref": m.get("ref"), "citizen_id": m.get("citizen_id"),
                     "broadcast_id": m.get("broadcast_id"), "dedupe_key": m.get("dedupe_key"),
                     "status": str(OutboxStatus.pending), "attempts": 0, "next_attempt_at": now, "created_at": now})
    s.execute(insert(Outbox.__table__), rows)  # type: ignore[attr-defined]
    return len(rows)


def enqueue_once(s: Session, *, dedupe_key: str, **fields: Any) -> Outbox | None:
    """Like :func:`enqueue`, but does nothing (returns None) if a row with this dedupe_key exists."""
    if s.execute(select(Outbox.id).where(Outbox.dedupe_key == dedupe_key)).first() is not None:
        return None
    return enqueue(s, dedupe_key=dedupe_key, **fields)


def get(s: Session, row_id: int) -> Outbox | None:
    return s.get(Outbox, row_id)


# ----------------------------------------------------------------------------------------------- claiming
def claim_batch(
    s: Session,
    *,
    channels: Iterable[str],
    worker_id: str,
    limit: int,
    lease_seconds: float,
    now: datetime | None = None,
) -> list[Outbox]:
    """Claim up to ``limit`` due rows on ``channels`` for ``worker_id`` (status → sending).

    Due rows are pending rows whose ``next_attempt_at`` has come, and ``sending`` rows whose claim is
    older than ``lease_seconds`` (their worker died). A reclaimed stale row counts one attempt, so a
    message that crashes every worker ends up failed instead of looping. Commit promptly after this
    call: the claim is only visible to other workers once committed.
    """
    channels = list(channels)
    if not channels or limit <= 0:
        return []
    now = now or utcnow()
    stale_before = now - timedelta(seconds=lease_seconds)
    earlier = aliased(Outbox)
    due = or_(
        and_(Outbox.status == OutboxStatus.pending, Outbox.next_attempt_at <= now),
        and_(Outbox.status == OutboxStatus.sending, Outbox.claimed_at < stale_before),  # type: ignore[operator]
    )
    blocked_by_earlier = exists().where(
        earlier.channel == Outbox.channel,
        earlier.recipient == Outbox.recipient,
        earlier.status.in_(UNFINISHED),  # type: ignore[attr-defined]
        earlier.id < Outbox.id,  # type: ignore[operator]
    )
    inner = (
        select(Outbox.id)
        .where(Outbox.channel.in_(channels), due, ~blocked_by_earlier)  # type: ignore[attr-defined]
        .order_by(Outbox.id)
        .limit(limit)
    )
    if s.get_bind().dialect.name == "postgresql":
        inner = inner.with_for_update(skip_locked=True, of=Outbox)
    stmt = (
        update(Outbox)
        .where(Outbox.id.in_(inner.scalar_subquery()))  # type: ignore[union-attr]
        .values(
            status=OutboxStatus.sending,
            claimed_at=now,
            claimed_by=worker_id,
            attempts=Outbox.attempts + case((Outbox.status == OutboxStatus.sending, 1), else_=0),
        )
        .returning(Outbox)
        .execution_options(synchronize_session=False)
    )
    rows = list(s.execute(stmt).scalars().all())
    rows.sort(key=lambda r: r.id or 0)
    return rows


def _finish(s: Session, row_id: int, worker_id: str | None, **values: Any) -> bool:
    """Update a claimed row; False if it is no longer ours (reclaimed after our lease expired)."""
    cond = [Outbox.id == row_id, Outbox.status == OutboxStatus.sending]
    if worker_id is not None:
        cond.append(Outbox.claimed_by == worker_id)
    res = s.execute(update(Outbox).where(*cond).values(**values).execution_options(synchronize_session=False))
    return bool(res.rowcount)  # type: ignore[attr-defined]


def mark_sent(s: Session, row_id: int, external_id: str | None = None, *, worker_id: str | None = None,
              now: datetime | None = None) -> bool:
    return _finish(s, row_id, worker_id, status=OutboxStatus.sent, sent_at=now or utcnow(),
                   external_id=external_id, last_error=None)


def mark_retry(s: Session, row_id: int, error: str | None, next_attempt_at: datetime, *,
               count_attempt: bool = True, worker_id: str | None = None) -> bool:
    """Back to pending until ``next_attempt_at``. ``count_attempt=False`` for rate limits and releases."""
    values: dict[str, Any] = {"status": OutboxStatus.pending, "next_attempt_at": next_attempt_at,
                              "claimed_at": None, "claimed_by": None}
    if error is not None:
        values["last_error"] = error[:2000]
    if count_attempt:
        values["attempts"] = Outbox.attempts + 1
    return _finish(s, row_id, worker_id, **values)


def release(s: Session, row_ids: Iterable[int], *, worker_id: str | None = None,
            next_attempt_at: datetime | None = None) -> int:
    """Give claimed rows back (worker stopping, channel paused) without counting an attempt."""
    n = 0
    for rid in row_ids:
        n += mark_retry(s, rid, None, next_attempt_at or utcnow(), count_attempt=False, worker_id=worker_id)
    return n


def mark_failed(s: Session, row_id: int, error: str | None, *, worker_id: str | None = None,
                count_attempt: bool = True) -> bool:
    values: dict[str, Any] = {"status": OutboxStatus.failed, "last_error": (error or "failed")[:2000]}
    if count_attempt:
        values["attempts"] = Outbox.attempts + 1
    return _finish(s, row_id, worker_id, **values)


def mark_blocked(s: Session, row_id: int, error: str | None, *, worker_id: str | None = None) -> bool:
    """The recipient blocked the bot (HTTP 403): the row is done, the citizen becomes unreachable."""
    row = s.get(Outbox, row_id)
    ok = _finish(s, row_id, worker_id, status=OutboxStatus.blocked, last_error=(error or "blocked")[:2000],
                 attempts=Outbox.attempts + 1)
    if ok and row is not None and row.citizen_id is not None:
        s.execute(
            update(Citizen).where(Citizen.id == row.citizen_id).values(
                unreachable=True, subscribed=False, unreachable_reason=(error or "blocked")[:200],
                updated_at=utcnow(),
            ).execution_options(synchronize_session=False)
        )
    return ok


def recover_stale(s: Session, *, lease_seconds: float, now: datetime | None = None) -> int:
    """Put ``sending`` rows whose claim expired back to pending (one attempt counted). Returns how many."""
    now = now or utcnow()
    res = s.execute(
        update(Outbox)
        .where(Outbox.status == OutboxStatus.sending, Outbox.claimed_at < now - timedelta(seconds=lease_seconds))  # type: ignore[operator]
        .values(status=OutboxStatus.pending, claimed_at=None, claimed_by=None, attempts=Outbox.attempts + 1,
                next_attempt_at=now)
        .execution_options(synchronize_session=False)
    )
    return int(res.rowcount or 0)  # type: ignore[attr-defined]


def release_worker(s: Session, worker_id: str) -> int:
    """Give back every row a worker still holds (clean shutdown)."""
    res = s.execute(
        update(Outbox)
        .where(Outbox.status == OutboxStatus.sending, Outbox.claimed_by == worker_id)
        .values(status=OutboxStatus.pending, claimed_at=None, claimed_by=None)
        .execution_options(synchronize_session=False)
    )
    return int(res.rowcount or 0)  # type: ignore[attr-defined]


def move_recipient(s: Session, *, channel: str, old: str, new: str) -> int:
    """Unfinished rows for chat ``old`` go to chat ``new`` (a group upgraded to a supergroup). Returns how many."""
    res = s.execute(
        update(Outbox)
        .where(Outbox.channel == channel, Outbox.recipient == str(old), Outbox.status.in_(UNFINISHED))  # type: ignore[attr-defined]
        .values(recipient=str(new))
        .execution_options(synchronize_session=False)
    )
    return int(res.rowcount or 0)  # type: ignore[attr-defined]


def has_unfinished(s: Session, *, channel: str, recipient: str, purpose: str | None = None) -> bool:
    """Whether the chat still has messages waiting (optionally of one purpose)."""
    q = select(Outbox.id).where(Outbox.channel == channel, Outbox.recipient == str(recipient),
                                Outbox.status.in_(UNFINISHED))  # type: ignore[attr-defined]
    if purpose is not None:
        q = q.where(Outbox.purpose == purpose)
    return s.execute(q.limit(1)).first() is not None


def stuck_sending(s: Session, before: datetime) -> int:
    """Rows claimed before ``before`` and still ``sending`` (their worker died or stalls)."""
    q = select(func.count()).select_from(Outbox).where(Outbox.status == OutboxStatus.sending,
                                                       Outbox.claimed_at < before)  # type: ignore[operator]
    return int(s.execute(q).scalar_one())


def failed_since(s: Session, since: datetime, *, exclude_purposes: Iterable[str] = ("broadcast",)) -> int:
    """Rows that ended ``failed`` and were created since ``since`` (the admins' alert counts them)."""
    q = (select(func.count()).select_from(Outbox)
         .where(Outbox.status == OutboxStatus.failed, Outbox.created_at >= since,  # type: ignore[operator]
                Outbox.purpose.not_in(list(exclude_purposes))))  # type: ignore[attr-defined]
    return int(s.execute(q).scalar_one())


# ----------------------------------------------------------------------------------------------- reading
def next_due_at(s: Session, channels: Iterable[str]) -> datetime | None:
    """When the earliest pending row on these channels becomes due (None if there is none)."""
    channels = list(channels)
    if not channels:
        return None
    return s.execute(
        select(func.min(Outbox.next_attempt_at)).where(
            Outbox.status == OutboxStatus.pending, Outbox.channel.in_(channels)  # type: ignore[attr-defined]
        )
    ).scalar()


def counts(s: Session, *, broadcast_id: int | None = None, channel: str | None = None) -> dict[str, int]:
    """Rows by status (every status present, zero when absent)."""
    q = select(Outbox.status, func.count()).group_by(Outbox.status)
    if broadcast_id is not None:
        q = q.where(Outbox.broadcast_id == broadcast_id)
    if channel is not None:
        q = q.where(Outbox.channel == channel)
    out = {st.value: 0 for st in OutboxStatus}
    for status, n in s.execute(q).all():
        out[status] = int(n)
    return out


def rows_for(s: Session, *, broadcast_id: int | None = None, ref: str | None = None,
             purpose: str | None = None, recipient: str | None = None) -> list[Outbox]:
    q = select(Outbox)
    if broadcast_id is not None:
        q = q.where(Outbox.broadcast_id == broadcast_id)
    if ref is not None:
        q = q.where(Outbox.ref == ref)
    if purpose is not None:
        q = q.where(Outbox.purpose == purpose)
    if recipient is not None:
        q = q.where(Outbox.recipient == recipient)
    return list(s.execute(q.order_by(Outbox.id)).scalars().all())


def failed_rows(s: Session, *, broadcast_id: int | None = None, limit: int = 50) -> list[Outbox]:
    q = select(Outbox).where(Outbox.status == OutboxStatus.failed)
    if broadcast_id is not None:
        q = q.where(Outbox.broadcast_id == broadcast_id)
    return list(s.execute(q.order_by(Outbox.id.desc()).limit(limit)).scalars().all())  # type: ignore[union-attr]


def count_failed_like(s: Session, *, broadcast_id: int, error_prefix: str) -> int:
    """Failed rows of a broadcast whose error starts with ``error_prefix`` (e.g. ``quota:``)."""
    from sqlalchemy import func

    q = (select(func.count()).select_from(Outbox)
         .where(Outbox.broadcast_id == broadcast_id, Outbox.status == OutboxStatus.failed,
                Outbox.last_error.startswith(error_prefix)))  # type: ignore[union-attr]
    return int(s.execute(q).scalar_one())


def cancel_pending(s: Session, *, broadcast_id: int) -> int:
    """Cancel the rows of a broadcast that no worker holds yet."""
    res = s.execute(
        update(Outbox)
        .where(Outbox.broadcast_id == broadcast_id, Outbox.status == OutboxStatus.pending)
        .values(status=OutboxStatus.cancelled)
        .execution_options(synchronize_session=False)
    )
    return int(res.rowcount or 0)  # type: ignore[attr-defined]


def upsert_pending(s: Session, *, channel: str, recipient: str, ref: str, purpose: str,
                   payload: dict[str, Any], broadcast_id: int | None = None) -> Outbox:
    """Replace the payload of a still-pending row with the same ref and purpose, or enqueue a new one.

    Used for progress messages: a backlog of stale progress edits collapses into the newest one.
    """
    row = s.execute(
        select(Outbox).where(
            Outbox.channel == channel, Outbox.recipient == recipient, Outbox.ref == ref,
            Outbox.purpose == purpose, Outbox.status == OutboxStatus.pending,
        ).order_by(Outbox.id.desc())  # type: ignore[union-attr]
    ).scalars().first()
    if row is not None:
        row.payload = payload
        s.add(row)
        s.flush()
        return row
    return enqueue(s, channel=channel, recipient=recipient, payload=payload, purpose=purpose, ref=ref,
                   broadcast_id=broadcast_id)


def broadcast_of(s: Session, row: Outbox) -> Broadcast | None:
    return s.get(Broadcast, row.broadcast_id) if row.broadcast_id else None


# ----------------------------------------------------------------------------------------------- digests
# When a burst for one group chat would exceed the group's per-minute limit, the worker sends the
# excess new cards as one digest message (bot/delivery/worker.py). The rows are marked sent with the
# digest's message id as ``external_id`` and this prefix in ``last_error`` (a note, not an error).
DIGEST_NOTE = "digest:"
DIGEST_PURPOSES = ("card", "staff")  # what counts against a group's per-minute budget


def is_new_card(purpose: str | None, payload: dict[str, Any] | None) -> bool:
    """A card posted anew (not an edit of an existing card): the only kind a digest may replace."""
    return purpose == "card" and not (payload or {}).get("edit")


def is_digested(row: Outbox) -> bool:
    return row.status == OutboxStatus.sent and (row.last_error or "").startswith(DIGEST_NOTE)


def digest_pressure(s: Session, *, channel: str, recipient: str, from_id: int, since: datetime,
                    cap: int = 1000) -> tuple[int, int]:
    """(unfinished new cards and staff messages for the chat from ``from_id`` on, messages the chat got since
    ``since``). A digest counts once however many rows it carried. ``cap`` bounds the first number."""
    waiting = s.execute(
        select(Outbox.purpose, Outbox.payload["edit"])
        .where(Outbox.channel == channel, Outbox.recipient == recipient,
               Outbox.status.in_(UNFINISHED), Outbox.id >= from_id,  # type: ignore[attr-defined,operator]
               Outbox.purpose.in_(DIGEST_PURPOSES))  # type: ignore[attr-defined]
        .order_by(Outbox.id)
        .limit(cap)
    ).all()
    pending = sum(1 for purpose, edit in waiting if purpose == "staff" or not edit)
    sent = s.execute(
        select(Outbox.external_id, Outbox.last_error)
        .where(Outbox.channel == channel, Outbox.recipient == recipient, Outbox.status == OutboxStatus.sent,
               Outbox.sent_at >= since)  # type: ignore[operator]
    ).all()
    digests = {ext for ext, note in sent if (note or "").startswith(DIGEST_NOTE)}
    recent = sum(1 for _ext, note in sent if not (note or "").startswith(DIGEST_NOTE)) + len(digests)
    return pending, recent


def claim_digest_run(s: Session, *, channel: str, recipient: str, after_id: int, worker_id: str, limit: int,
                     now: datetime | None = None) -> list[Outbox]:
    """Claim the new-card rows that directly follow row ``after_id`` (held by ``worker_id``) in the chat's queue.

    Only the unbroken run of due, pending, new-card rows right behind ``after_id`` is taken: the first
    edit, staff message or other row ends it, so a digest sent in place of the run keeps the chat's order.
    These rows cannot be claimed by anyone else meanwhile (``after_id`` is unfinished and comes first).
    """
    if limit <= 0:
        return []
    now = now or utcnow()
    q = (
        select(Outbox)
        .where(Outbox.channel == channel, Outbox.recipient == recipient, Outbox.id > after_id,  # type: ignore[operator]
               Outbox.status.in_(UNFINISHED))  # type: ignore[attr-defined]
        .order_by(Outbox.id)
        .limit(limit)
    )
    if s.get_bind().dialect.name == "postgresql":
        q = q.with_for_update(of=Outbox)
    run: list[int] = []
    for row in s.execute(q).scalars().all():
        if (row.status != OutboxStatus.pending or row.claimed_by is not None or row.next_attempt_at > now
                or not is_new_card(row.purpose, row.payload)):
            break
        run.append(row.id)  # type: ignore[arg-type]
    if not run:
        return []
    stmt = (
        update(Outbox)
        .where(Outbox.id.in_(run), Outbox.status == OutboxStatus.pending)  # type: ignore[union-attr]
        .values(status=OutboxStatus.sending, claimed_at=now, claimed_by=worker_id)
        .returning(Outbox)
        .execution_options(synchronize_session=False)
    )
    rows = sorted(s.execute(stmt).scalars().all(), key=lambda r: r.id or 0)
    # keep the run unbroken even if a row changed under us (it then waits for its own turn)
    out: list[Outbox] = []
    for rid, row in zip(run, rows, strict=False):
        if row.id != rid:
            break
        out.append(row)
    if len(out) < len(rows):
        release(s, [r.id for r in rows[len(out):] if r.id is not None], worker_id=worker_id, next_attempt_at=now)
    return out


def mark_sent_digest(s: Session, row_ids: Iterable[int], external_id: str | None, *, worker_id: str | None = None,
                     now: datetime | None = None, note: str | None = None) -> int:
    """Rows that went out together in one digest message: sent, with the digest's id and a note. Returns how many."""
    now = now or utcnow()
    text = (note or DIGEST_NOTE).strip()
    if not text.startswith(DIGEST_NOTE):
        text = f"{DIGEST_NOTE} {text}"
    n = 0
    for rid in row_ids:
        n += _finish(s, rid, worker_id, status=OutboxStatus.sent, sent_at=now, external_id=external_id,
                     last_error=text[:2000])
    return n
