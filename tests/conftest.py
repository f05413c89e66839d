"""Shared fixtures: the catalog, the databases (SQLite and PostgreSQL), loopback-only sockets."""

from __future__ import annotations

import os
import socket
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, text

from minwon.catalog import Catalog, load_catalog
from minwon.db import create_db_engine

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
POSTGRES_URL = os.environ.get(
    "MINWON_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)
LOOPBACK = ("127.", "::1", "localhost")

_real_connect = socket.socket.connect


def _loopback_only(self: socket.socket, address: Any) -> Any:
    # Tests may talk to services on this machine only; anything else is a bug in the test.
    if self.family in (socket.AF_INET, socket.AF_INET6):
        host = str(address[0])
        if not host.startswith(LOOPBACK):
            raise RuntimeError(f"tests may only connect to loopback, not {host}")
    return _real_connect(self, address)


@pytest.fixture(autouse=True, scope="session")
def _network_limited_to_loopback() -> Iterator[None]:
    socket.socket.connect = _loopback_only  # type: ignore[method-assign]
    yield
    socket.socket.connect = _real_connect  # type: ignore[method-assign]


@pytest.fixture(scope="session")
def catalog() -> Catalog:
    """The real catalog shipped with minwon."""
    return load_catalog()


@pytest.fixture(scope="session")
def catalog_dir() -> Path:
    return ROOT / "catalog"


def _postgres_available() -> bool:
    try:
        with socket.create_connection(("127.0.0.1", 5432), timeout=1):
            return True
    except OSError:
        return False


@pytest.fixture
def postgres_engine() -> Iterator[Engine]:
    """A PostgreSQL engine on a fresh schema of its own, dropped afterwards."""
    if not _postgres_available():
        if os.environ.get("MINWON_REQUIRE_POSTGRES"):
            pytest.fail("PostgreSQL is required (MINWON_REQUIRE_POSTGRES) but not reachable")
        pytest.skip("PostgreSQL is not reachable at 127.0.0.1:5432")
    schema = f"t_{uuid.uuid4().hex[:12]}"
    admin = create_db_engine(POSTGRES_URL)
    with admin.begin() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    engine = create_db_engine(POSTGRES_URL, connect_args={"options": f"-csearch_path={schema}"})
    try:
        yield engine
    finally:
        engine.dispose()
        with admin.begin() as connection:
            connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


@pytest.fixture
def sqlite_engine(tmp_path: Path) -> Iterator[Engine]:
    engine = create_db_engine(f"sqlite:///{tmp_path / 'minwon.db'}")
    yield engine
    engine.dispose()


@pytest.fixture(params=["sqlite", "postgres"])
def engine(request: pytest.FixtureRequest) -> Engine:
    """Each database test runs on SQLite and on PostgreSQL."""
    fixture: Engine = request.getfixturevalue(f"{request.param}_engine")
    return fixture
