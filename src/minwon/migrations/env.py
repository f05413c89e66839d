"""Alembic environment: runs the package's migrations against the configured database."""

from __future__ import annotations

from alembic import context
from sqlalchemy import Connection

from minwon.db import Base, create_db_engine
from minwon.models import import_all_models

import_all_models()
target_metadata = Base.metadata
config = context.config


def run_with(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",  # SQLite cannot ALTER most things
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


connection = config.attributes.get("connection")
if connection is not None:
    run_with(connection)
else:
    engine = create_db_engine(config.get_main_option("sqlalchemy.url") or "")
    with engine.connect() as conn:
        run_with(conn)
    engine.dispose()
