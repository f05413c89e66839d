"""Rotating the encryption key re-seals every stored value; the old key can then be retired."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import Engine, select

from minwon.actors import Actor
from minwon.applications.models import Application
from minwon.applications.schemas import Submission
from minwon.applications.service import submit_applications
from minwon.conversations.models import Conversation, ConversationMessage
from minwon.crypto import DecryptionError, FieldCipher, KeyRing
from minwon.db import make_session_factory, session_scope
from minwon.migrate import upgrade_database
from minwon.rekey import rotate_sealed_data
from minwon.sealing import JsonSealer

NOW = dt.datetime(2026, 11, 28, 10, 0, tzinfo=dt.UTC)
K1 = bytes(range(32))
K2 = bytes(range(32, 64))


def test_rotation_moves_every_sealed_value_to_the_new_key(engine: Engine) -> None:
    upgrade_database(engine)
    factory = make_session_factory(engine)
    old = JsonSealer(FieldCipher(KeyRing({"k1": K1}, "k1")))
    alice = Actor(kind="citizen", id="alice", level="mfa")
    with session_scope(factory) as session:
        (application,) = submit_applications(
            session,
            actor=alice,
            sealer=old,
            catalog_version="test",
            conversation_id=None,
            now=NOW,
            submissions=[
                Submission(
                    service_id="seal-certificate",
                    agency_code="community-centre",
                    facts={"subject_rrn": "900101-1234567"},
                )
            ],
        )
        application_id = application.id

    both = FieldCipher(KeyRing({"k1": K1, "k2": K2}, "k2"))
    report = rotate_sealed_data(factory, both, batch_size=1)
    assert report.rotated == 1
    assert report.failed == []
    again = rotate_sealed_data(factory, both)
    assert (again.rotated, again.current) == (0, 1)  # a second run has nothing left to do

    only_new = JsonSealer(FieldCipher(KeyRing({"k2": K2}, "k2")))
    with session_scope(factory) as session:
        stored = session.scalars(select(Application)).one()
        assert stored.sealed_facts.startswith("mw1.k2.")
        facts = only_new.unseal(stored.sealed_facts, context=f"application:{application_id}:facts")
        assert facts == {"subject_rrn": "900101-1234567"}
        with pytest.raises(DecryptionError):
            old.unseal(stored.sealed_facts, context=f"application:{application_id}:facts")
        assert session.scalars(select(Conversation)).all() == []
        assert session.scalars(select(ConversationMessage)).all() == []


def test_a_value_sealed_under_a_key_no_longer_held_is_reported_not_lost(engine: Engine) -> None:
    upgrade_database(engine)
    factory = make_session_factory(engine)
    lost = JsonSealer(FieldCipher(KeyRing({"k0": bytes(32 * [7])}, "k0")))
    alice = Actor(kind="citizen", id="alice", level="mfa")
    with session_scope(factory) as session:
        submit_applications(
            session,
            actor=alice,
            sealer=lost,
            catalog_version="test",
            conversation_id=None,
            now=NOW,
            submissions=[
                Submission(service_id="seal-certificate", agency_code="community-centre", facts={})
            ],
        )
    report = rotate_sealed_data(factory, FieldCipher(KeyRing({"k2": K2}, "k2")))
    assert report.rotated == 0
    assert len(report.failed) == 1
    assert report.failed[0].startswith("applications.sealed_facts:")
