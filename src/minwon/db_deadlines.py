"""PostgreSQL connections that never wait for ever: the gateway's answer to a hung database.

A stopped server refuses connections at once, but a hung one (a frozen host, a network
partition) accepts bytes and never answers: without a client-side bound every request, and in
the end every worker thread, waits for it. Here each wait on the server has a deadline
(psycopg's ``wait(timeout=…)``); a connection whose server misses it is closed, never reused,
and the request fails over to the 503 path within seconds. The server's own
``statement_timeout`` and ``lock_timeout`` end slow queries cleanly before the client gives up.
"""

from __future__ import annotations

from typing import Any

import psycopg
from sqlalchemy import Engine, create_engine, event, exc

from minwon.db import DbTimeouts

__all__ = ["bounded_postgres_engine"]

_WAIT_TIMEOUT: type[BaseException] = getattr(psycopg.errors, "_WaitTimeout", TimeoutError)


class BoundedConnection(psycopg.Connection[Any]):
    """A psycopg connection whose every wait for the server has a deadline."""

    answer_timeout: float = 4.0

    def wait(self, gen: Any, interval: float = 0.1, timeout: float | None = None) -> Any:
        limit = self.answer_timeout if timeout is None else timeout
        try:
            return super().wait(gen, interval, limit)
        except _WAIT_TIMEOUT:
            # The server is silent mid-protocol: the connection's state is unknown, so it is
            # closed (SQLAlchemy then sees it broken and drops it from the pool).
            self.pgconn.finish()
            raise psycopg.OperationalError(
                f"the database did not answer within {limit:g} s"
            ) from None


def _connect_args(timeouts: DbTimeouts, given: dict[str, Any]) -> dict[str, Any]:
    options = f"-c statement_timeout={timeouts.statement_ms} -c lock_timeout={timeouts.lock_ms}"
    merged: dict[str, Any] = {
        "connect_timeout": max(1, round(timeouts.connect)),
        # A peer that vanished is noticed by the kernel too, not only by the deadline.
        "keepalives": 1,
        "keepalives_idle": 5,
        "keepalives_interval": 2,
        "keepalives_count": 2,
        "tcp_user_timeout": int(timeouts.answer * 1000),
        **given,
    }
    merged["options"] = f"{given.get('options', '')} {options}".strip()
    return merged


def bounded_postgres_engine(url: str, timeouts: DbTimeouts, **kwargs: Any) -> Engine:
    """A PostgreSQL engine with connect, answer, ping and pool deadlines (see the module)."""
    connect_args = _connect_args(timeouts, dict(kwargs.pop("connect_args", {})))
    kwargs.setdefault("pool_timeout", timeouts.pool)
    engine = create_engine(url, connect_args=connect_args, **kwargs)

    @event.listens_for(engine, "do_connect")
    def _connect(_dialect: Any, _record: Any, cargs: Any, cparams: Any) -> BoundedConnection:
        connection = BoundedConnection.connect(*cargs, **cparams)
        connection.answer_timeout = timeouts.answer
        return connection

    @event.listens_for(engine.pool, "checkout")
    def _ping(dbapi_connection: Any, _record: Any, _proxy: Any) -> None:
        # A pooled connection may be to a server that restarted, failed over or hung: check
        # it briefly; on failure the pool drops it and opens a fresh one.
        connection: BoundedConnection = dbapi_connection
        connection.answer_timeout = timeouts.ping
        try:
            with connection.cursor() as cursor:
                cursor.execute("SELECT 1")
        except psycopg.Error as error:
            raise exc.DisconnectionError(str(error)) from error
        finally:
            connection.answer_timeout = timeouts.answer

    return engine
