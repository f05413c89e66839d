"""PostgreSQL with pgBackRest: full and incremental backups, WAL archiving to an encrypted
repository, point-in-time restore into a new cluster, and a verify that restores and checks."""

from __future__ import annotations

import os
import shutil
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import func, select, text
from tests.conftest import free_port

from minwon.actors import Actor
from minwon.applications.filing import submit_applications
from minwon.applications.models import Application
from minwon.applications.schemas import Submission
from minwon.clock import SystemClock
from minwon.config import Settings
from minwon.crypto import FieldCipher, load_keyring
from minwon.db import create_db_engine, make_session_factory, session_scope
from minwon.migrate import upgrade_database
from minwon.recovery import backup
from minwon.recovery.pgbackrest import PgBackRest, archive_command, write_config
from minwon.recovery.pginstance import PG_BIN, PgInstance, chown_to_postgres
from minwon.sealing import JsonSealer

SEALER = JsonSealer(FieldCipher(load_keyring(None, None, environment="test")))


@pytest.fixture(scope="module")
def archived() -> Iterator[tuple[PgInstance, Settings]]:
    """A cluster archiving its WAL to an encrypted pgBackRest repository (another 'site')."""
    if shutil.which("pgbackrest") is None or not (PG_BIN / "initdb").exists():
        if os.environ.get("MINWON_REQUIRE_POSTGRES"):
            pytest.fail("pgbackrest and PostgreSQL are required (.ci/run installs them)")
        pytest.skip("pgbackrest or PostgreSQL binaries are missing")
    root = Path(tempfile.mkdtemp(prefix="minwon-pgbr-", dir="/tmp"))
    chown_to_postgres(root)
    instance = PgInstance(root / "site-a", free_port())
    config = write_config(
        root / "pgbackrest" / "pgbackrest.conf",
        stanza="minwon",
        repo=root / "site-b" / "repo",
        pg_data=instance.data_dir,
        pg_port=instance.port,
        pg_socket=instance.root,
        cipher_pass="test-only-cipher-pass-" + os.urandom(8).hex(),
    )
    try:
        instance.init(
            "archive_mode = on\nwal_level = replica\n"
            f"archive_command = '{archive_command(config, 'minwon')}'\n"
        )
        instance.start()
        PgBackRest(config, "minwon").stanza_create()
        settings = Settings(
            database_url=instance.url(), environment="test", pgbackrest_config=config
        )
        yield instance, settings
    finally:
        instance.destroy()
        shutil.rmtree(root, ignore_errors=True)


def _file(url: str, count: int) -> None:
    engine = create_db_engine(url)
    try:
        factory = make_session_factory(engine)
        for n in range(count):
            with session_scope(factory) as session:
                submit_applications(
                    session,
                    actor=Actor(kind="citizen", id=f"p{n}", level="mfa"),
                    submissions=[Submission("move-in-report", "community-centre", {"n": n})],
                    sealer=SEALER,
                    catalog_version="test",
                    conversation_id=None,
                    now=SystemClock().now(),
                )
    finally:
        engine.dispose()


def _archive_now(url: str) -> None:
    """Close the current WAL segment and wait until the repository has it."""
    engine = create_db_engine(url)
    try:
        with engine.connect() as connection:
            connection.execute(text("CREATE TABLE IF NOT EXISTS tick (at timestamptz)"))
            connection.execute(text("INSERT INTO tick VALUES (now())"))
            connection.commit()
            segment = connection.execute(
                text("SELECT pg_walfile_name(pg_switch_wal())")
            ).scalar_one()
            deadline = time.monotonic() + 60
            while time.monotonic() < deadline:
                done = connection.execute(
                    text("SELECT last_archived_wal FROM pg_stat_archiver")
                ).scalar_one()
                connection.rollback()  # statistics are a snapshot per transaction
                if done is not None and done >= segment:
                    return
                time.sleep(0.2)
    finally:
        engine.dispose()
    raise AssertionError("the WAL segment was not archived")


def _count(url: str) -> int:
    engine = create_db_engine(url)
    try:
        with engine.connect() as connection:
            return int(
                connection.execute(select(func.count()).select_from(Application)).scalar_one()
            )
    finally:
        engine.dispose()


def test_full_and_incremental_backups_and_a_point_in_time_restore(
    archived: tuple[PgInstance, Settings],
) -> None:
    instance, settings = archived
    admin = create_db_engine(instance.url())
    upgrade_database(admin)
    admin.dispose()
    _file(instance.url(), 5)
    assert "full backup" in backup.create(settings, "full", SystemClock().now())
    time.sleep(1.1)  # pgBackRest records whole seconds: the moment must be after the backup's
    _file(instance.url(), 3)
    _archive_now(instance.url())
    moment = SystemClock().now()
    time.sleep(1.1)
    _file(instance.url(), 2)
    assert "incr backup" in backup.create(settings, "incr", SystemClock().now())
    _archive_now(instance.url())
    kinds = [b["type"] for b in backup.listing(settings)]
    assert kinds[-2:] == ["full", "incr"]

    scratch = Path(tempfile.mkdtemp(prefix="minwon-site-c-", dir="/tmp"))
    chown_to_postgres(scratch)  # the postgres user restores into it
    try:
        message = backup.restore(settings, moment, scratch / "data-root", free_port())
        restored = PgInstance(
            scratch / "data-root", int(message.split("127.0.0.1:")[1].split(" ")[0])
        )
        try:
            assert _count(restored.url()) == 8  # the moment: after 8 filings, before the last 2
        finally:
            restored.destroy()
    finally:
        shutil.rmtree(scratch, ignore_errors=True)

    outcome = backup.verify(settings, None)
    assert outcome.ok, str(outcome)
    assert outcome.applications == 10
    assert outcome.decrypt.share == 1.0
