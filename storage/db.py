"""Engine and session handling. SQLite by default, PostgreSQL in production."""

from __future__ import annotations

import contextlib
import logging
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TypeVar

from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlalchemy.exc import DBAPIError, IntegrityError
from sqlalchemy.orm import Session as OrmSession
from sqlalchemy.pool import StaticPool
from sqlmodel import Session, SQLModel, create_engine

from storage import models  # noqa: F401  (registers the tables)

log = logging.getLogger(__name__)
T = TypeVar("T")

MIGRATIONS_DIR = Path(__file__).parent / "migrations"


def _local_date(value: str | None, zone: str) -> str | None:
    """SQLite has no time zones: the local date of a stored UTC datetime, for zones with daylight saving time
    (storage/reports.py uses a fixed shift for the others)."""
    if value is None:
        return None
    from datetime import UTC, datetime
    from zoneinfo import ZoneInfo

    dt = datetime.fromisoformat(value)
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=UTC)
    return dt.astimezone(ZoneInfo(zone)).date().isoformat()


def _sqlite_pragmas(dbapi_conn, _record) -> None:  # pragma: no cover - trivial
    dbapi_conn.create_function("pakn_local_date", 2, _local_date, deterministic=True)
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA busy_timeout=10000")
    with contextlib.suppress(Exception):  # in-memory databases have no WAL
        cur.execute("PRAGMA journal_mode=WAL")
    # In WAL mode NORMAL keeps every committed transaction across a crash of the application; only a
    # power loss of the machine may lose the last ones. It saves one fsync per message.
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.close()


def make_engine(url: str, *, pre_ping: bool = True) -> Engine:
    """Every engine hides statement parameters from its errors and logs: they are citizens' data."""
    if url.startswith("sqlite"):
        if url in ("sqlite://", "sqlite:///:memory:"):
            engine = create_engine(
                url, connect_args={"check_same_thread": False}, poolclass=StaticPool, hide_parameters=True
            )
        else:
            path = url.split("///", 1)[-1]
            Path(path).parent.mkdir(parents=True, exist_ok=True)
            engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 30},
                                   hide_parameters=True)
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    # pool_pre_ping checks each pooled connection before use: one round trip per transaction. A store
    # whose every unit of work goes through ``Store.run`` (the core's worker processes) turns it off: a
    # connection that died with a database restart then fails once, SQLAlchemy drops the whole pool and
    # ``Store.run`` repeats the work on a fresh connection.
    engine = create_engine(url, pool_pre_ping=pre_ping, pool_size=10, max_overflow=20, hide_parameters=True)
    event.listen(engine, "before_cursor_execute", _begin_before_a_write)
    event.listen(engine.pool, "checkin", _end_reads_alone)
    return engine


# ------------------------------------------------------------------------------- reads outside a transaction
# A unit of work that starts with ``reads_alone(connection)`` (PostgreSQL) runs its reads each on its own, as
# READ COMMITTED statements of a transaction would see the data anyway, and opens the transaction (BEGIN) just
# before its first statement that writes or locks: a message that only reads and then writes one statement costs
# no BEGIN and no COMMIT round trip (storage.conversations.open_message / close_message).
READS_ALONE = "pakn.reads_alone"
_READ_ONLY = re.compile(r"^\s*SELECT\b", re.I)
_LOCKS = re.compile(r"\bFOR\s+(?:UPDATE|SHARE|NO\s+KEY\s+UPDATE|KEY\s+SHARE)\b", re.I)


def reads_alone(conn) -> None:  # noqa: ANN001 - a SQLAlchemy Connection
    """From now on, until the first write: statements on ``conn`` run outside a transaction."""
    conn.connection.dbapi_connection.autocommit = True
    conn.info[READS_ALONE] = True


def still_alone(conn) -> bool:  # noqa: ANN001
    """No statement has written since ``reads_alone``: the next single statement is atomic by itself."""
    return conn.info.get(READS_ALONE) is True


def end_reads_alone(conn) -> None:  # noqa: ANN001
    if conn.info.pop(READS_ALONE, None) is not None:
        _transactional(conn.connection.dbapi_connection)


def _transactional(dbapi) -> None:  # noqa: ANN001
    from psycopg import pq

    if dbapi.info.transaction_status == pq.TransactionStatus.IDLE:  # (a broken connection is discarded anyway)
        dbapi.autocommit = False


def _begin_before_a_write(conn, cursor, statement, parameters, context, executemany) -> None:  # noqa: ANN001
    if conn.info.get(READS_ALONE) is not True:
        return
    streams = context is not None and context.execution_options.get("stream_results")  # server-side cursors
    if streams or not _READ_ONLY.match(statement) or _LOCKS.search(statement):
        conn.info[READS_ALONE] = False  # the transaction starts with this statement (psycopg sends BEGIN first)
        _transactional(conn.connection.dbapi_connection)


def _end_reads_alone(dbapi, record) -> None:  # noqa: ANN001
    """A connection goes back to the pool transactional, whatever became of the unit of work."""
    if record.info.pop(READS_ALONE, None) is not None:
        with contextlib.suppress(Exception):
            _transactional(dbapi)


# ------------------------------------------------------------------------------- a memo per unit of work
# A read that one message may ask twice (the same look-up limits checked by two steps) keeps its answer in the
# session's memo until the session writes anything through the ORM (a flush, an UPDATE or DELETE statement), or
# commits or rolls back: within one message a second ask then costs no statement and sees what the first saw.
# (Statements run on the session's connection directly — the conversation's state and the update ids,
# storage.conversations and storage.updates — are not seen here: nothing they write is kept in a memo.)
_MEMO = "pakn.memo"


def memo(s: Session) -> dict:
    """This unit of work's memo (see above); keys are the caller's, e.g. ``("lookup_failures", subject, …)``."""
    return s.info.setdefault(_MEMO, {})


def _forget(session, *_a) -> None:  # noqa: ANN001
    session.info.pop(_MEMO, None)


def _forget_on_write(state) -> None:  # noqa: ANN001 - an ORMExecuteState
    if not state.is_select:
        _forget(state.session)


for _name in ("after_flush", "after_commit", "after_rollback", "after_soft_rollback"):
    event.listen(OrmSession, _name, _forget)
event.listen(OrmSession, "do_orm_execute", _forget_on_write)


class Store:
    """Owns the engine; hands out sessions. One per process."""

    def __init__(self, url: str, *, pre_ping: bool = True) -> None:
        """``pre_ping=False`` only for a store used through ``run`` alone (see make_engine)."""
        self.url = url
        self.engine = make_engine(url, pre_ping=pre_ping)

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A unit of work: committed on success, rolled back on error."""
        with Session(self.engine, expire_on_commit=False) as s:
            try:
                yield s
                s.commit()
            except BaseException:
                s.rollback()
                raise

    def run(self, work: Callable[[Session], T]) -> T:
        """``work(session)`` as one unit of work (see ``session``). If the pooled connection turns out to
        be dead (the database restarted since it was opened), nothing was committed: the work runs once
        more on a fresh connection. ``work`` must therefore only touch the database and its own locals."""
        try:
            with self.session() as s:
                return work(s)
        except DBAPIError as e:
            if not e.connection_invalidated:
                raise
            log.warning("database connection lost (%s): retrying on a new connection", type(e.orig).__name__)
        with self.session() as s:
            return work(s)

    def run_settled(self, work: Callable[[Session], T], attempts: int = 3) -> T:
        """``work`` that another process may be doing at the same moment (two ``pakn run`` starting
        together write the profile's departments and FAQ): a unique-key clash means the other one
        committed first, so the work runs again and now finds its rows."""
        for attempt in range(attempts):
            try:
                return self.run(work)
            except IntegrityError:
                if attempt == attempts - 1:
                    raise
                log.info("the same rows were written concurrently by another process: running again")
        raise AssertionError("unreachable")

    def upgrade(self) -> None:
        """Apply Alembic migrations up to head."""
        from alembic import command

        cfg = alembic_config(self.url)
        with self.engine.begin() as conn:  # same engine: works for in-memory SQLite too
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, "head")

    def migration_state(self) -> tuple[str | None, str | None]:
        """(the revision the database is at, the newest migration): equal when ``upgrade`` has nothing to do.
        Raises when the database cannot be reached."""
        from alembic.runtime.migration import MigrationContext
        from alembic.script import ScriptDirectory

        head = ScriptDirectory.from_config(alembic_config(self.url)).get_current_head()
        with self.engine.connect() as conn:
            current = MigrationContext.configure(conn).get_current_revision()
        return current, head

    def ping(self) -> None:
        """One round trip to the database (raises when it cannot be reached)."""
        with self.engine.connect() as conn:
            conn.exec_driver_sql("SELECT 1")

    def create_all(self) -> None:
        """Create tables directly from the models (tests of single modules only)."""
        SQLModel.metadata.create_all(self.engine)

    def drop_all(self) -> None:
        SQLModel.metadata.drop_all(self.engine)
        with self.engine.begin() as conn:
            conn.exec_driver_sql("DROP TABLE IF EXISTS alembic_version")

    def dispose(self) -> None:
        self.engine.dispose()


def alembic_config(url: str):
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    cfg.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return cfg
