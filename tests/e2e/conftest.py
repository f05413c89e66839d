"""The whole ASGI app over HTTP, on a migrated SQLite database and the real catalog."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from minwon.api import create_app
from minwon.catalog import Catalog
from minwon.clock import FixedClock
from minwon.config import Settings
from minwon.db import create_db_engine
from minwon.migrate import upgrade_database
from minwon.nlu import Router

TODAY = dt.datetime(2026, 11, 28, 10, 0)


@pytest.fixture
def client(tmp_path: Path, catalog: Catalog, router: Router) -> Iterator[TestClient]:
    url = f"sqlite:///{tmp_path / 'e2e.db'}"
    settings = Settings(database_url=url, environment="test")
    engine = create_db_engine(url)
    upgrade_database(engine)
    app = create_app(
        settings, catalog=catalog, engine=engine, clock=FixedClock(TODAY), router=router
    )
    with TestClient(app, raise_server_exceptions=False) as test_client:
        yield test_client
    engine.dispose()
