"""A database that stops or hangs: honest 503s, a live /healthz, recovery without a restart."""

from __future__ import annotations

import http.client
import json
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import httpx
import pytest
from tests.conftest import ServedApp

from minwon.api import create_app
from minwon.catalog import Catalog
from minwon.config import Settings
from minwon.db import create_db_engine
from minwon.migrate import upgrade_database
from minwon.nlu import Router

START = {"text": "전입신고 하려고요"}


@pytest.fixture
def served(own_postgres: Any, catalog: Catalog, router: Router) -> Iterator[ServedApp]:
    yield from _served(own_postgres, catalog, router, answer=2.0)


@pytest.fixture
def served_slow(own_postgres: Any, catalog: Catalog, router: Router) -> Iterator[ServedApp]:
    """Waits on the database for 8 s: long enough that a /healthz that waited would show it."""
    yield from _served(own_postgres, catalog, router, answer=8.0)


def _served(
    own_postgres: Any, catalog: Catalog, router: Router, *, answer: float
) -> Iterator[ServedApp]:
    own_postgres.thaw()
    own_postgres.start() if own_postgres.pid() is None else None
    admin = create_db_engine(own_postgres.url())
    upgrade_database(admin)
    admin.dispose()
    settings = Settings(
        database_url=own_postgres.url(),
        environment="test",
        demo=False,
        db_connect_timeout=1.0,
        db_answer_timeout=answer,
        db_statement_timeout_ms=1500,
        db_pool_timeout=1.0,
    )
    app = create_app(settings, catalog=catalog, router=router)
    with ServedApp(app) as server:
        yield server
    app.state.engine.dispose()
    own_postgres.thaw()


def _post(connection: http.client.HTTPConnection) -> tuple[int, dict[str, str], Any]:
    connection.request(
        "POST",
        "/v1/conversations",
        body=json.dumps(START),
        headers={"Content-Type": "application/json"},
    )
    response = connection.getresponse()
    body = json.loads(response.read() or b"null")
    return response.status, {k.lower(): v for k, v in response.getheaders()}, body


@contextmanager
def _connection(server: ServedApp) -> Iterator[http.client.HTTPConnection]:
    host, port = server.url.removeprefix("http://").split(":")
    connection = http.client.HTTPConnection(host, int(port), timeout=20)
    try:
        yield connection
    finally:
        connection.close()


def _post_once(server: ServedApp) -> int:
    with _connection(server) as connection:
        return _post(connection)[0]


def test_a_stopped_database_gets_503_with_retry_after_and_recovery_needs_no_restart(
    served: ServedApp, own_postgres: Any
) -> None:
    with _connection(served) as connection:
        _stop_and_recover(served, own_postgres, connection)


def _stop_and_recover(
    served: ServedApp, own_postgres: Any, connection: http.client.HTTPConnection
) -> None:
    assert _post(connection)[0] == 201
    own_postgres.stop("fast")
    try:
        for _ in range(3):  # the same kept-alive connection carries every answer
            status, headers, body = _post(connection)
            assert status == 503
            assert headers["content-type"] == "application/problem+json"
            assert headers["retry-after"].isdigit()
            assert body["code"] == "database-unavailable"
            assert "Traceback" not in json.dumps(body)
        assert httpx.get(f"{served.url}/healthz", timeout=2).status_code == 200
        ready = httpx.get(f"{served.url}/readyz", timeout=2)
        assert ready.status_code == 503
    finally:
        own_postgres.start()
    deadline = time.monotonic() + 15
    while (status := _post(connection)[0]) != 201:
        assert status == 503
        assert time.monotonic() < deadline
        time.sleep(0.2)
    assert httpx.get(f"{served.url}/readyz", timeout=2).status_code == 200


def test_a_hung_database_never_holds_healthz_and_requests_end_with_503(
    served_slow: ServedApp, own_postgres: Any
) -> None:
    served = served_slow
    assert _post_once(served) == 201  # the pool holds live connections
    own_postgres.freeze()
    answers: list[int] = []

    def one() -> None:
        answers.append(_post_once(served))

    try:
        clients = [threading.Thread(target=one) for _ in range(8)]
        for client in clients:
            client.start()
        time.sleep(0.5)
        for _ in range(5):  # meanwhile liveness and readiness answer, well before 8 s
            assert httpx.get(f"{served.url}/healthz", timeout=3).status_code == 200
            assert httpx.get(f"{served.url}/readyz", timeout=3).status_code == 503
            time.sleep(0.2)
        for client in clients:
            client.join(30)
        assert answers == [503] * 8  # each ended within its deadlines, none hangs, none 500
    finally:
        own_postgres.thaw()
    deadline = time.monotonic() + 15
    while _post_once(served) != 201:
        assert time.monotonic() < deadline
        time.sleep(0.2)
