"""Database engine and sessions: SQLite (WAL) by default, PostgreSQL when the URL says so."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import DateTime, Dialect, Engine, MetaData, TypeDecorator, create_engine, event
from sqlalchemy.orm import DeclarativeBase, Session, sessionmaker

__all__ = [
    "Base",
    "DbTimeouts",
    "UtcDateTime",
    "create_db_engine",
    "make_session_factory",
    "session_scope",
]

# Constraint names are stable across SQLite and PostgreSQL so migrations can refer to them.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    """Declarative base of every table."""

    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class UtcDateTime(TypeDecorator[dt.datetime]):
    """An aware datetime stored as UTC; naive values coming back (SQLite) are read as UTC."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: Any, dialect: Dialect) -> dt.datetime | None:
        if value is None:
            return None
        if not isinstance(value, dt.datetime) or value.tzinfo is None:
            raise ValueError("timestamps must be aware datetimes")
        moment = value.astimezone(dt.UTC)
        # SQLite would keep the wall-clock time and drop the offset: store naive UTC there.
        return moment.replace(tzinfo=None) if dialect.name == "sqlite" else moment

    def process_result_value(self, value: Any, dialect: Dialect) -> dt.datetime | None:
        if value is None:
            return None
        moment: dt.datetime = value
        if moment.tzinfo is None:
            return moment.replace(tzinfo=dt.UTC)
        return moment.astimezone(dt.UTC)


@dataclass(frozen=True, slots=True)
class DbTimeouts:
    """How long the gateway waits on PostgreSQL before answering 503 instead of hanging.

    ``connect`` bounds opening a connection (per host of a multi-host URL); ``answer`` bounds
    each wait for the server on the client side, so a hung server or a network partition never
    holds a request longer (the server's own ``statement``/``lock`` timeouts end slow queries
    cleanly first); ``ping`` bounds the check of a pooled connection before it is handed out;
    ``pool`` bounds the wait for a free connection.
    """

    connect: float = 2.0
    answer: float = 4.0
    ping: float = 1.0
    pool: float = 2.0
    statement_ms: int = 3000
    lock_ms: int = 2000


def create_db_engine(url: str, *, timeouts: DbTimeouts | None = None, **kwargs: Any) -> Engine:
    """An engine for ``url``. SQLite gets WAL, foreign keys, ``synchronous=FULL`` and a busy
    timeout; PostgreSQL gets ``timeouts`` when given (the gateway's engine) and a check of each
    pooled connection before use, so it reconnects by itself after a restart or a failover."""
    if url.startswith("sqlite"):
        _ensure_sqlite_dir(url)
        engine = create_engine(url, connect_args={"timeout": 15}, **kwargs)
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    if timeouts is None:
        return create_engine(url, pool_pre_ping=True, **kwargs)
    from minwon.db_deadlines import bounded_postgres_engine

    return bounded_postgres_engine(url, timeouts, **kwargs)


def _ensure_sqlite_dir(url: str) -> None:
    path = url.split("///", 1)[1] if "///" in url else ""
    if path and path != ":memory:":
        Path(path).parent.mkdir(parents=True, exist_ok=True)


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    # WAL lets the gateway read while a write is in progress; foreign keys are off by default.
    # synchronous=FULL: a commit is on disk before the citizen sees the receipt. NORMAL in WAL
    # mode would lose the last commits on a power cut (docs/adr/0004-sqlite-durability.md).
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA synchronous=FULL")
    cursor.close()


def make_session_factory(engine: Engine) -> sessionmaker[Session]:
    """Sessions that do not expire objects on commit (responses read them afterwards)."""
    return sessionmaker(engine, expire_on_commit=False)


@contextmanager
def session_scope(factory: sessionmaker[Session]) -> Iterator[Session]:
    """One unit of work: commit on success, roll back on any error. Used by use cases only."""
    session = factory()
    try:
        yield session
        session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()
