"""What one message costs the database: SQL statements (SQLAlchemy's cursor events) and, on PostgreSQL, round trips
and BEGIN/COMMIT (libpq's protocol trace), per kind of message, through the core as a worker process runs it.

    python bench/statements.py [--db postgresql+psycopg://postgres@127.0.0.1:5432/test] [--citizens 40] [--breakdown]

Known citizens send one-shot messages from the free-form dev sets (FAQ, look-ups, small talk…); a share of them
files a whole petition (content, confirmation, extra questions, contact, consent, send, buttons pressed as a
person would). Counts are exact (no timing): the same on a busy machine. ``--breakdown`` also lists, per kind of
message, each statement sent (its first words and the storage function that sent it) with its count per message.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
import tempfile
import traceback
from collections import Counter as Tally
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sqlalchemy import event  # noqa: E402

from bot.app import sync_profile  # noqa: E402
from bot.core.engine import Core  # noqa: E402
from bot.core.types import Inbound, Outbound  # noqa: E402
from bot.profile import load_profile  # noqa: E402
from storage import Store  # noqa: E402
from storage.scratch import pg_schema  # noqa: E402

sys.path.insert(0, str(ROOT / "bench"))
from telegram_throughput import MESSAGES, PETITIONS, PREFER  # noqa: E402

_SPACES = re.compile(r"\s+")


def _sent_by() -> str:
    """The innermost storage function on the stack (what sent the statement)."""
    for f in reversed(traceback.extract_stack()):
        if f"{os.sep}storage{os.sep}" in f.filename and "scratch" not in f.filename:
            return f"storage/{Path(f.filename).name}:{f.name}"
    return "?"


class Counter:
    def __init__(self, store: Store, breakdown: bool = False) -> None:
        self.statements = 0
        self.breakdown = breakdown
        self.sent: list[str] = []
        self.pg = store.dialect == "postgresql"
        self.trace = tempfile.NamedTemporaryFile("w+", suffix=".trace", delete=False)  # noqa: SIM115
        event.listen(store.engine, "before_cursor_execute", self._count)
        if self.pg:
            from psycopg import pq

            def traced(dbapi, _record) -> None:
                dbapi.pgconn.trace(self.trace.fileno())
                dbapi.pgconn.set_trace_flags(pq.Trace.SUPPRESS_TIMESTAMPS)

            event.listen(store.engine, "connect", traced)
            store.engine.dispose()
        self.mark = 0

    def _count(self, _conn, _cursor, statement: str, *_a) -> None:
        self.statements += 1
        if self.breakdown:
            head = _SPACES.sub(" ", statement)[:48]
            self.sent.append(f"{head:<48}  {_sent_by()}")

    def start(self) -> None:
        self.statements = 0
        self.sent.clear()
        self.trace.flush()
        self.mark = os.path.getsize(self.trace.name)

    def stop(self) -> tuple[int, int, int]:
        """(statements, round trips, BEGIN + COMMIT sent)."""
        if not self.pg:
            return self.statements, 0, 0
        self.trace.flush()
        with open(self.trace.name, encoding="utf-8", errors="replace") as f:
            f.seek(self.mark)
            lines = [x for x in f.read().splitlines() if x[:2] in ("F\t", "B\t")]
        trips, prev = 0, None
        for x in lines:
            if x[0] == "F" and prev != "F":
                trips += 1
            prev = x[0]
        txn = sum(1 for x in lines if x[0] == "F" and ('"BEGIN"' in x or '"COMMIT"' in x))
        return self.statements, trips, txn


def run(url: str, citizens: int, filers: float,
        sent: dict[str, Tally] | None = None) -> dict[str, list[tuple[int, int, int]]]:
    """Per kind of message, (statements, round trips, BEGIN + COMMIT) of each; ``sent``: filled with the
    statements sent per kind (see --breakdown)."""
    store = Store(url, pre_ping=False)  # as the core's worker processes
    store.upgrade()
    profile = load_profile("so-khcn")
    sync_profile(store, profile)
    core = Core(store, profile)
    counter = Counter(store, breakdown=sent is not None)
    out: dict[str, list[tuple[int, int, int]]] = defaultdict(list)
    update = 0

    def send(kind: str, user: str, text: str = "", payload: str | None = None) -> list[Outbound]:
        nonlocal update
        update += 1
        counter.start()
        replies = core.handle(Inbound(channel="telegram", user_id=user, text=text, payload=payload, update_id=update))
        out[kind].append(counter.stop())
        if sent is not None:
            sent.setdefault(kind, Tally()).update(counter.sent)
        return replies

    for k in range(citizens):
        user = f"c{k}"
        send("first contact", user, "xin chào")
        if k < citizens * filers:
            text: str | None = PETITIONS[k % len(PETITIONS)]
            payload = None
            for _ in range(25):
                replies = send("petition filing", user, text or "", payload)
                if any("Mã hồ sơ" in r.text for r in replies):
                    break
                buttons = [b for r in replies for row in r.buttons for b in row]
                if buttons:
                    pick = next((b for p in PREFER for b in buttons if p.lower() in b.text.lower()), buttons[0])
                    text, payload = None, pick.payload
                    continue
                payload = None
                last = replies[-1].text.lower() if replies else ""
                text = ("Nguyễn Văn An" if "họ và tên" in last or "họ tên" in last else
                        "Số 5 Hùng Vương, phường Cẩm Thành, Quảng Ngãi" if "địa chỉ" in last else
                        "0912345678" if "điện thoại" in last else "Cửa hàng Thanh Hà, kiốt 12 chợ Nghĩa Lộ")
        for i in range(5):
            send("one-shot message", user, MESSAGES[(7 * k + i) % len(MESSAGES)])
    counter.trace.close()
    os.unlink(counter.trace.name)
    store.dispose()
    return out


def show(name: str, res: dict[str, list[tuple[int, int, int]]], sent: dict[str, Tally] | None = None) -> None:
    print(f"\n{name}\n{'messages':<20} {'n':>5} {'statements':>11} {'max':>4} {'round trips':>12} {'BEGIN+COMMIT':>13}")
    for kind in ("one-shot message", "petition filing", "first contact"):
        rows = res.get(kind, [])
        if not rows:
            continue
        n = len(rows)
        st = sum(r[0] for r in rows) / n
        rt = sum(r[1] for r in rows) / n
        tx = sum(r[2] for r in rows) / n
        print(f"{kind:<20} {n:>5} {st:>11.2f} {max(r[0] for r in rows):>4} {rt:>12.2f} {tx:>13.2f}")
    for kind, tally in (sent or {}).items():
        n = len(res[kind])
        print(f"\n  {kind}: statements per message")
        for what, count in tally.most_common():
            print(f"  {count / n:6.2f}  {what}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--db", default="postgresql+psycopg://postgres@127.0.0.1:5432/test")
    ap.add_argument("--citizens", type=int, default=40)
    ap.add_argument("--filers", type=float, default=0.2)
    ap.add_argument("--breakdown", action="store_true", help="list the statements each kind of message sends")
    args = ap.parse_args()
    sent: dict[str, Tally] | None = {} if args.breakdown else None
    with tempfile.TemporaryDirectory() as tmp:
        show("SQLite (statements only: no round trips in process)",
             run(f"sqlite:///{tmp}/bench.db", args.citizens, args.filers, sent), sent)
    if args.db:
        sent = {} if args.breakdown else None
        with pg_schema(args.db, prefix="benchstm") as url:
            show("PostgreSQL", run(url, args.citizens, args.filers, sent), sent)


if __name__ == "__main__":
    main()
