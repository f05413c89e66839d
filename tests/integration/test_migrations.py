"""The packaged migrations build the schema on SQLite and PostgreSQL alike."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Engine, inspect, text

from minwon.catalog import Catalog
from minwon.catalogdb import latest_catalog_version, record_catalog_version
from minwon.db import make_session_factory, session_scope
from minwon.migrate import current_heads, upgrade_database

NOW = dt.datetime(2026, 11, 28, 9, 0, tzinfo=dt.UTC)


def _as_utc(moment: dt.datetime) -> dt.datetime:
    # SQLite hands back naive datetimes (stored as UTC); PostgreSQL hands back aware ones.
    return moment.replace(tzinfo=dt.UTC) if moment.tzinfo is None else moment.astimezone(dt.UTC)


def test_migrations_have_a_single_head(sqlite_engine: Engine) -> None:
    assert len(current_heads(sqlite_engine)) == 1


def test_upgrade_creates_the_tables_and_is_repeatable(engine: Engine) -> None:
    upgrade_database(engine)
    upgrade_database(engine)  # a second run (every `minwon serve`) must be a no-op
    tables = set(inspect(engine).get_table_names())
    assert {"catalog_versions", "alembic_version"} <= tables
    with engine.connect() as connection:
        version = connection.execute(text("SELECT version_num FROM alembic_version")).scalar_one()
    assert version == current_heads(engine)[0]


def test_catalog_version_is_recorded_once_and_touched_on_restart(
    engine: Engine, catalog: Catalog
) -> None:
    upgrade_database(engine)
    factory = make_session_factory(engine)
    with session_scope(factory) as session:
        first = record_catalog_version(session, catalog, NOW)
    later = NOW + dt.timedelta(hours=3)
    with session_scope(factory) as session:
        again = record_catalog_version(session, catalog, later)
    assert again.id == first.id
    with session_scope(factory) as session:
        latest = latest_catalog_version(session)
        assert latest is not None
        assert latest.fingerprint == catalog.fingerprint
        assert latest.service_count == len(catalog.services) == 22
        assert _as_utc(latest.last_loaded_at) == later


def test_a_failed_unit_of_work_leaves_nothing_behind(engine: Engine, catalog: Catalog) -> None:
    upgrade_database(engine)
    factory = make_session_factory(engine)
    try:
        with session_scope(factory) as session:
            record_catalog_version(session, catalog, NOW)
            raise RuntimeError("boom")
    except RuntimeError:
        pass
    with session_scope(factory) as session:
        assert latest_catalog_version(session) is None


def test_sqlite_runs_in_wal_mode(sqlite_engine: Engine) -> None:
    with sqlite_engine.connect() as connection:
        assert connection.execute(text("PRAGMA journal_mode")).scalar_one().lower() == "wal"
        assert connection.execute(text("PRAGMA foreign_keys")).scalar_one() == 1
