"""SQLite: online backups that lose nothing, verify with a decrypt check, anchors that name what
a restored copy lost, and the key ring's two-person escrow."""

from __future__ import annotations

import base64
import datetime as dt
import os
from pathlib import Path

import pytest
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker
from typer.testing import CliRunner

from minwon.actors import Actor
from minwon.applications.filing import submit_applications
from minwon.applications.schemas import Submission
from minwon.cli.main import app
from minwon.clock import SystemClock
from minwon.config import Settings
from minwon.crypto import FieldCipher, load_keyring
from minwon.db import create_db_engine, make_session_factory, session_scope
from minwon.migrate import upgrade_database
from minwon.recovery import backup
from minwon.recovery.anchors import anchor_key, check_anchors, write_anchor
from minwon.recovery.escrow import EscrowError, Share, combine_shares, split_secret
from minwon.sealing import JsonSealer

runner = CliRunner()
KEYS = {
    "k2": base64.b64encode(os.urandom(32)).decode(),
    "k1": base64.b64encode(os.urandom(32)).decode(),
}
KEY_RING = ",".join(f"{k}:{v}" for k, v in KEYS.items())


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(
        database_url=f"sqlite:///{tmp_path / 'live' / 'minwon.db'}",
        environment="test",
        backup_repo=tmp_path / "other-site",
        audit_anchor_path=tmp_path / "other-site" / "anchors.jsonl",
        encryption_keys=KEY_RING,  # type: ignore[arg-type]
        encryption_primary="k2",
    )


@pytest.fixture
def live(settings: Settings) -> Engine:
    engine = create_db_engine(settings.database_url)
    upgrade_database(engine)
    yield engine  # type: ignore[misc]
    engine.dispose()


def _file(factory: sessionmaker[Session], count: int, start: int = 0) -> None:
    sealer = JsonSealer(FieldCipher(load_keyring(KEY_RING, "k2", environment="test")))
    for n in range(start, start + count):
        with session_scope(factory) as session:
            submit_applications(
                session,
                actor=Actor(kind="citizen", id=f"c{n}", level="mfa"),
                submissions=[Submission("move-in-report", "community-centre", {"rrn": f"n{n}"})],
                sealer=sealer,
                catalog_version="test",
                conversation_id=None,
                now=SystemClock().now(),
            )


def test_an_online_backup_keeps_every_acknowledged_filing_and_verifies(
    settings: Settings, live: Engine
) -> None:
    factory = make_session_factory(live)
    _file(factory, 25)
    # The gateway keeps its connection open: the last commits sit in the WAL file, which a
    # file copy of minwon.db would miss; the online backup API does not.
    with live.connect():
        made = backup.create(settings, "full", SystemClock().now())
    assert "SQLite online backup" in made
    outcome = backup.verify(settings, None)
    assert outcome.ok, str(outcome)
    assert outcome.applications == 25
    assert (outcome.decrypt.opened, outcome.decrypt.total) == (25, 25)


def test_a_restore_to_an_earlier_point_is_named_by_the_anchors(
    settings: Settings, live: Engine, tmp_path: Path
) -> None:
    factory = make_session_factory(live)
    key = anchor_key(None, "test")
    _file(factory, 3)
    backup.create(settings, "full", SystemClock().now())
    between = SystemClock().now()
    _file(factory, 2, start=3)
    with session_scope(factory) as session:
        assert write_anchor(session, settings.audit_anchor_path, key, SystemClock().now())
    restored = tmp_path / "restored.db"
    backup.restore(settings, between + dt.timedelta(seconds=1), restored, None)
    engine = create_db_engine(f"sqlite:///{restored}")
    try:
        with session_scope(make_session_factory(engine)) as session:
            report = check_anchors(session, settings.audit_anchor_path, key.public_key())
    finally:
        engine.dispose()
    assert not report.is_intact
    assert [m.action for m in report.missing] == ["application:submitted"] * 2
    # The operator's command says the same, naming the events, while the chain itself verifies.
    env = {"MINWON_DATABASE_URL": f"sqlite:///{restored}", "MINWON_ENVIRONMENT": "test"}
    result = runner.invoke(
        app, ["audit", "verify", "--anchors", str(settings.audit_anchor_path)], env=env
    )
    assert result.exit_code == 1
    assert "intact" in result.output.lower()
    assert "2 anchored events missing" in result.output
    assert "application:submitted application:" in result.output


def test_anchors_are_signed_and_a_forged_one_is_refused(settings: Settings, live: Engine) -> None:
    factory = make_session_factory(live)
    _file(factory, 1)
    key = anchor_key(None, "test")
    with session_scope(factory) as session:
        write_anchor(session, settings.audit_anchor_path, key, SystemClock().now())
        text = settings.audit_anchor_path.read_text().replace('"seq": ', '"seq": 1', 1)
        settings.audit_anchor_path.write_text(text)
        report = check_anchors(session, settings.audit_anchor_path, key.public_key())
    assert report.bad_signatures == [1]


def test_two_holders_recover_the_key_ring_and_decrypt_everything(
    settings: Settings, live: Engine, tmp_path: Path
) -> None:
    _file(make_session_factory(live), 7)
    env = {
        "MINWON_DATABASE_URL": settings.database_url,
        "MINWON_ENVIRONMENT": "test",
        "MINWON_ENCRYPTION_KEYS": KEY_RING,
        "MINWON_ENCRYPTION_PRIMARY": "k2",
    }
    split = runner.invoke(
        app,
        [
            "keys",
            "escrow",
            "split",
            "--holder",
            "kim",
            "--holder",
            "lee",
            "--holder",
            "park",
            "--out",
            str(tmp_path / "escrow"),
        ],
        env=env,
    )
    assert split.exit_code == 0, split.output
    shares = sorted((tmp_path / "escrow").glob("escrow-*.json"))
    assert len(shares) == 3
    # The drill runs where the keys are not configured: only the two shares bring them.
    bare = {k: v for k, v in env.items() if not k.startswith("MINWON_ENCRYPTION")}
    drill = runner.invoke(
        app, ["keys", "escrow", "drill", str(shares[0]), str(shares[2])], env=bare
    )
    assert drill.exit_code == 0, drill.output
    assert "decrypted 7 of 7 sealed values (100%)" in drill.output
    one = runner.invoke(app, ["keys", "escrow", "drill", str(shares[1])], env=bare)
    assert one.exit_code == 1


def test_one_share_reveals_nothing_and_mixed_escrows_are_refused() -> None:
    secret = b'{"keys": "k1:...", "primary": "k1"}'
    first = split_secret(secret, ["kim", "lee"])
    second = split_secret(secret, ["kim", "lee"])
    assert combine_shares([first[0], first[1]]) == secret
    assert first[0].pieces[1] != second[0].pieces[1]  # random each time
    with pytest.raises(EscrowError):
        combine_shares([first[0], second[1]])
    with pytest.raises(EscrowError):
        combine_shares([first[0]])
    again = Share.from_json(first[1].to_json())
    assert combine_shares([first[0], again]) == secret
