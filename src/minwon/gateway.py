"""The composition root: settings in, every long-lived piece of the gateway out.

Entry points (the HTTP app, ``minwon chat``, ``minwon serve``) build one ``Gateway`` and pass
its parts to use cases. Nothing here runs at import time.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from minwon.catalog import Catalog, load_catalog
from minwon.clock import Clock, SystemClock
from minwon.config import Settings
from minwon.crypto import FieldCipher, load_keyring
from minwon.db import DbTimeouts, create_db_engine, make_session_factory
from minwon.dialogue import DialogueEngine
from minwon.nlu import Router
from minwon.sealing import JsonSealer

__all__ = ["Gateway", "build_gateway", "db_timeouts"]


@dataclass(frozen=True)
class Gateway:
    settings: Settings
    catalog: Catalog
    db: Engine
    factory: sessionmaker[Session]
    clock: Clock
    router: Router
    dialogue: DialogueEngine
    sealer: JsonSealer


def db_timeouts(settings: Settings) -> DbTimeouts:
    """The gateway's database deadlines (PostgreSQL) from the settings."""
    return DbTimeouts(
        connect=settings.db_connect_timeout,
        answer=settings.db_answer_timeout,
        pool=settings.db_pool_timeout,
        statement_ms=settings.db_statement_timeout_ms,
    )


def build_gateway(
    settings: Settings,
    *,
    catalog: Catalog | None = None,
    engine: Engine | None = None,
    clock: Clock | None = None,
    router: Router | None = None,
) -> Gateway:
    """Load the catalog (``CatalogError`` if invalid), train the router, open the database."""
    catalog = catalog or load_catalog(settings.catalog_dir)
    engine = engine or create_db_engine(settings.database_url, timeouts=db_timeouts(settings))
    router = router or Router.from_catalog(catalog)
    keys = settings.encryption_keys.get_secret_value() if settings.encryption_keys else None
    keyring = load_keyring(keys, settings.encryption_primary, environment=settings.environment)
    return Gateway(
        settings=settings,
        catalog=catalog,
        db=engine,
        factory=make_session_factory(engine),
        clock=clock or SystemClock(),
        router=router,
        dialogue=DialogueEngine(catalog, router),
        sealer=JsonSealer(FieldCipher(keyring)),
    )
