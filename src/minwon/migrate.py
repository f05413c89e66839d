"""Apply the Alembic migrations shipped inside the package (``minwon db upgrade``)."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.script import ScriptDirectory
from sqlalchemy import Engine

__all__ = ["alembic_config", "current_heads", "upgrade_database"]


def alembic_config(engine: Engine) -> Config:
    """An Alembic config pointing at the packaged migrations and at ``engine``."""
    config = Config()
    config.set_main_option(
        "script_location", str(Path(str(resources.files("minwon"))) / "migrations")
    )
    # ConfigParser interpolates "%": a multi-host URL carries "%3A" (host=127.0.0.1:5441).
    url = engine.url.render_as_string(hide_password=False).replace("%", "%%")
    config.set_main_option("sqlalchemy.url", url)
    return config


def upgrade_database(engine: Engine, revision: str = "head") -> None:
    """Bring the schema up to ``revision``, inside one connection/transaction."""
    config = alembic_config(engine)
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, revision)


def current_heads(engine: Engine) -> tuple[str, ...]:
    """The head revisions of the migration scripts (there must be exactly one)."""
    return tuple(ScriptDirectory.from_config(alembic_config(engine)).get_heads())
