"""Migration 0007 on SQLite and PostgreSQL: conversations remember whom they are for."""

from __future__ import annotations

import datetime as dt

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import Engine, inspect, text

from minwon.db import Base
from minwon.migrate import alembic_config, upgrade_database
from minwon.models import import_all_models

NOW = dt.datetime(2026, 11, 28, 10, 0, tzinfo=dt.UTC)


def test_the_migrations_match_the_conversation_and_application_tables(engine: Engine) -> None:
    upgrade_database(engine)
    import_all_models()
    with engine.connect() as connection:
        diff = compare_metadata(MigrationContext.configure(connection), Base.metadata)
    ours = [d for d in diff if "conversation" in repr(d) or "application" in repr(d)]
    assert ours == []


def test_conversations_from_before_0007_keep_their_owner(engine: Engine) -> None:
    upgrade_database(engine, "0006")
    with engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO conversations (id, citizen_id, access_hash, channel, lang, phase,"
                " state, sealed_facts, message_count, created_at, updated_at, version)"
                " VALUES ('c1', 'bora', 'x', 'portal', 'ko', 'start', '{}', '', 0,"
                " :at, :at, 1)"
            ),
            {"at": NOW},
        )
    upgrade_database(engine)
    with engine.connect() as connection:
        row = connection.execute(
            text("SELECT citizen_id, on_behalf_of FROM conversations WHERE id = 'c1'")
        ).one()
    assert tuple(row) == ("bora", None)
    config = alembic_config(engine)
    with engine.begin() as connection:  # and 0007 can be taken back
        config.attributes["connection"] = connection
        command.downgrade(config, "0006")
    with engine.connect() as connection:
        columns = {c["name"] for c in inspect(connection).get_columns("conversations")}
    assert "on_behalf_of" not in columns
    assert "citizen_id" in columns
