"""One person's messages handled at the same time, through the conversation core.

    python bench/concurrency.py                                    # SQLite
    python bench/concurrency.py --db postgresql+psycopg://postgres@127.0.0.1:5432/test

Prints, for each scenario: petitions created by 5 simultaneous "Gửi" presses (want 1), and how many of
100 simultaneous first messages of a new citizen got the generic error instead of an answer (want 0).
Threads share one Core, as ``PAKN_CORE_PROCESSES=0`` or several processes on one database would.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.core.types import Inbound  # noqa: E402
from bot.profile import load_profile  # noqa: E402
from storage import Store, citizens, petitions  # noqa: E402
from storage.scratch import pg_schema  # noqa: E402
from tests.conftest import Chat, build_core  # noqa: E402
from tests.helpers import drive_form  # noqa: E402

ERROR = "hệ thống đang gặp sự cố"
TEXT = "Tôi phản ánh cửa hàng điện máy ở chợ huyện bán quạt điện không có nhãn hàng hóa tiếng Việt"


def at_once(n: int, fn) -> list:
    barrier = threading.Barrier(n)
    out: list = [None] * n

    def run(i: int) -> None:
        barrier.wait()
        out[i] = fn(i)

    threads = [threading.Thread(target=run, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return out


def scenario(url: str, rounds: int) -> tuple[list[int], list[int]]:
    store = Store(url)
    store.upgrade()
    core = build_core(store, load_profile("so-khcn"))
    created, failures = [], []
    for r in range(rounds):
        user = f"clicker-{r}"
        c = Chat(core, user)
        c.say(TEXT)
        drive_form(c, stop_at=("pa.confirm",), text=TEXT)
        at_once(5, lambda i, u=user: core.handle(Inbound(channel="console", user_id=u, payload="send")))
        with store.session() as s:
            created.append(len(petitions.for_citizen(s, citizens.get(s, "console", user).id)))
        new = f"newcomer-{r}"
        replies = at_once(100, lambda i, u=new: core.handle(Inbound(channel="console", user_id=u, text="xin chào")))
        failures.append(sum(1 for rep in replies if not rep or any(ERROR in o.text for o in rep)))
    store.dispose()
    return created, failures


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--db", help="PostgreSQL URL (a throw-away schema is used); SQLite when absent")
    ap.add_argument("--rounds", type=int, default=5)
    a = ap.parse_args()
    if a.db:
        with pg_schema(a.db) as url:
            created, failures = scenario(url, a.rounds)
    else:
        with tempfile.TemporaryDirectory() as d:
            created, failures = scenario(f"sqlite:///{Path(d) / 'bench.db'}", a.rounds)
    print(f"database: {'PostgreSQL' if a.db else 'SQLite'}; {a.rounds} rounds")
    print(f"petitions from 5 simultaneous 'Gửi' presses: {created} (want 1 each)")
    print(f"first messages of a new citizen that failed, of 100 at once: {failures} (want 0)")


if __name__ == "__main__":
    main()
