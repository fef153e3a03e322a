"""kill -9 of a real `pakn worker` process in the middle of a broadcast, then a restart.

Stated bound (bot/delivery/worker.py): each of the worker's ``concurrency`` consumers records a
message's result before sending the next, so a crash can duplicate at most ``concurrency``
messages (those sent but not yet recorded); every other recipient gets exactly one message.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from bot.profile import load_profile
from bot.services import announcements as bc
from tests.delivery_fixtures import (
    PG_URL,
    TOKEN,
    ThreadedFake,
    add_citizens,
    make_db,
    needs_postgres,
    pg_schema,
    statuses,
    wait_until,
)

ROOT = Path(__file__).resolve().parent.parent
N = 240
CONCURRENCY = 4


def _worker_cmd() -> list[str]:
    return [sys.executable, "-m", "bot.cli", "worker", "--concurrency", str(CONCURRENCY), "--batch", "5",
            "--lease", "2"]


def _run_crash_scenario(url: str, tmp_path: Path) -> None:
    store = make_db(url)
    add_citizens(store, N, first_id=700_000)
    with store.session() as s:
        b = bc.create_announcement(s, text="Thông báo: lịch tiếp công dân tháng 12")
        bc.send_now(s, b)
        assert bc.start(s, b, profile=load_profile("so-khcn")) == N
        bid = b.id
    with ThreadedFake() as tf:
        env = {k: v for k, v in os.environ.items() if not k.startswith("PAKN_")}
        env.update(PYTHONPATH=str(ROOT), PAKN_DATABASE_URL=url, PAKN_TELEGRAM_TOKEN=TOKEN,
                   PAKN_TELEGRAM_API_URL=tf.base_url, PAKN_TELEGRAM_RATE_PER_SECOND="80",
                   PAKN_DATA_DIR=str(tmp_path / "data"), PAKN_LOG_LEVEL="WARNING", PAKN_WORKER_POLL_INTERVAL="0.1")
        log1 = (tmp_path / "worker1.log").open("w")
        first = subprocess.Popen(_worker_cmd(), env=env, cwd=tmp_path, stdout=log1, stderr=subprocess.STDOUT)
        try:
            assert wait_until(lambda: tf.total_received() >= N // 3, timeout=90), (tmp_path / "worker1.log").read_text()
            os.kill(first.pid, signal.SIGKILL)  # kill -9, mid-broadcast
            first.wait(10)
        finally:
            if first.poll() is None:
                first.kill()
        at_kill = tf.total_received()
        assert at_kill < N, "the broadcast finished before the crash: nothing was tested"
        in_flight = statuses(store, broadcast_id=bid)["sending"]
        assert in_flight <= CONCURRENCY * 5  # rows held at the crash: at most batch × concurrency
        log2 = (tmp_path / "worker2.log").open("w")
        second = subprocess.Popen(_worker_cmd(), env=env, cwd=tmp_path, stdout=log2, stderr=subprocess.STDOUT)
        try:
            def finished() -> bool:
                c = statuses(store, broadcast_id=bid)
                return c["pending"] + c["sending"] == 0

            assert wait_until(finished, timeout=120, interval=0.2), (tmp_path / "worker2.log").read_text()
        finally:
            second.send_signal(signal.SIGTERM)
            try:
                second.wait(15)
            except subprocess.TimeoutExpired:
                second.kill()
        received = tf.received()
    store.dispose()
    expected = {str(700_000 + i) for i in range(N)}
    assert set(received) == expected  # every remaining recipient was served after the restart
    duplicates = sum(n - 1 for n in received.values())
    assert duplicates <= CONCURRENCY, f"{duplicates} duplicates, bound {CONCURRENCY}"
    c = statuses(make_db_view(url), broadcast_id=bid)
    assert c["sent"] == N and c["failed"] == 0
    print(f"\nkill -9 after {at_kill}/{N} messages, {in_flight} rows in flight: {duplicates} duplicates "
          f"(bound {CONCURRENCY})")


def make_db_view(url: str):
    from storage import Store

    return Store(url)


@pytest.mark.slow
def test_kill_9_mid_broadcast_sqlite(tmp_path):
    _run_crash_scenario(f"sqlite:///{tmp_path / 'crash.db'}", tmp_path)


@pytest.mark.slow
@pytest.mark.postgres
@needs_postgres
def test_kill_9_mid_broadcast_postgres(tmp_path):
    assert PG_URL
    with pg_schema() as url:
        _run_crash_scenario(url, tmp_path)
