"""The back office on SQLite and PostgreSQL: claims are taken when free and handed over openly."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session, sessionmaker

from minwon.actors import Actor
from minwon.applications.errors import (
    AlreadyClaimedError,
    ApplicationClosedError,
    ApplicationNotFoundError,
    NotClaimedError,
)
from minwon.applications.schemas import Submission
from minwon.applications.service import Applications, BackOffice, submit_applications
from minwon.audit import AuditEvent, verify_chain
from minwon.clock import FixedClock
from minwon.crypto import FieldCipher, load_keyring
from minwon.db import make_session_factory, session_scope
from minwon.migrate import upgrade_database
from minwon.sealing import JsonSealer

NOW = dt.datetime(2026, 11, 28, 10, 0, tzinfo=dt.UTC)
ALICE = Actor(kind="citizen", id="alice", level="mfa")
KIM = Actor(kind="officer", id="kim", level="mfa", agencies=frozenset({"community-centre"}))
PARK = Actor(kind="officer", id="park", level="mfa", agencies=frozenset({"community-centre"}))
LEE = Actor(kind="officer", id="lee", level="mfa", agencies=frozenset({"tax-office"}))


@pytest.fixture
def factory(engine: Engine) -> sessionmaker[Session]:
    upgrade_database(engine)
    return make_session_factory(engine)


@pytest.fixture
def office(factory: sessionmaker[Session]) -> BackOffice:
    sealer = JsonSealer(FieldCipher(load_keyring(None, None, environment="test")))
    return BackOffice(db=factory, sealer=sealer, clock=FixedClock(NOW))


@pytest.fixture
def application_id(factory: sessionmaker[Session], office: BackOffice) -> str:
    with session_scope(factory) as session:
        (filed,) = submit_applications(
            session,
            actor=ALICE,
            submissions=[Submission("move-in-report", "community-centre", {"reporter_name": "김"})],
            sealer=office.sealer,
            catalog_version="test",
            conversation_id=None,
            now=NOW,
        )
        return filed.id


def _actions(factory: sessionmaker[Session], application_id: str) -> list[tuple[str, str]]:
    with session_scope(factory) as session:
        rows = session.scalars(
            select(AuditEvent)
            .where(AuditEvent.target == f"application:{application_id}")
            .order_by(AuditEvent.seq)
        )
        return [(e.action, e.actor) for e in rows if e.action != "application:submitted"]


def test_a_claim_held_by_another_officer_is_not_taken_over(
    office: BackOffice, application_id: str, factory: sessionmaker[Session]
) -> None:
    assert office.claim(KIM, application_id).claimed_by == "kim"
    with pytest.raises(AlreadyClaimedError):
        office.claim(PARK, application_id)
    assert office.show(PARK, application_id).claimed_by == "kim"
    # Claiming one's own claim again changes nothing and records nothing new.
    again = office.claim(KIM, application_id)
    assert (again.claimed_by, again.status) == ("kim", "received")
    assert _actions(factory, application_id) == [("application:claimed", "officer:kim")]
    with pytest.raises(ApplicationNotFoundError):
        office.claim(LEE, application_id)  # another agency's officer


def test_work_is_handed_over_by_releasing_the_claim(
    office: BackOffice, application_id: str, factory: sessionmaker[Session]
) -> None:
    with pytest.raises(NotClaimedError):
        office.release(KIM, application_id, reason=None)
    office.claim(KIM, application_id)
    with pytest.raises(AlreadyClaimedError):
        office.release(PARK, application_id, reason="내가 할게요")
    released = office.release(KIM, application_id, reason="휴가로 인계")
    assert (released.claimed_by, released.status) == (None, "received")
    assert office.claim(PARK, application_id).claimed_by == "park"
    with pytest.raises(NotClaimedError):
        office.decide(KIM, application_id, target="in_review", reason=None)
    assert office.decide(PARK, application_id, target="in_review", reason=None).status == (
        "in_review"
    )
    assert _actions(factory, application_id) == [
        ("application:claimed", "officer:kim"),
        ("application:released", "officer:kim"),
        ("application:claimed", "officer:park"),
        ("application:in_review", "officer:park"),
    ]
    with session_scope(factory) as session:
        released_event = session.scalars(
            select(AuditEvent).where(AuditEvent.action == "application:released")
        ).one()
        assert (released_event.reason, released_event.subject) == ("휴가로 인계", "citizen:alice")
        assert verify_chain(session).is_intact
    # Releasing is not a step of the citizen's history.
    history = [s.status for s in office.show(PARK, application_id).history]
    assert history == ["submitted", "received", "in_review"]


def test_a_completed_application_is_neither_claimed_nor_released(
    office: BackOffice, application_id: str
) -> None:
    office.claim(KIM, application_id)
    for target in ("in_review", "approved", "completed"):
        office.decide(KIM, application_id, target=target, reason=None)
    with pytest.raises(ApplicationClosedError):
        office.claim(PARK, application_id)
    with pytest.raises(ApplicationClosedError):
        office.claim(KIM, application_id)
    with pytest.raises(ApplicationClosedError):
        office.release(KIM, application_id, reason=None)
    assert office.show(PARK, application_id).claimed_by == "kim"  # who closed it stays


def test_a_rejected_application_can_change_hands_to_be_closed(
    office: BackOffice, application_id: str
) -> None:
    office.claim(KIM, application_id)
    office.decide(KIM, application_id, target="rejected", reason="서류 미비")
    office.release(KIM, application_id, reason=None)
    office.claim(PARK, application_id)
    assert office.decide(PARK, application_id, target="completed", reason=None).status == (
        "completed"
    )


def test_use_cases_return_utc_timestamps_and_commit_their_work(
    factory: sessionmaker[Session], office: BackOffice, application_id: str
) -> None:
    kst_clock = FixedClock(dt.datetime(2026, 11, 28, 19, 0))  # naive: taken as Seoul time
    office_in_seoul = BackOffice(db=factory, sealer=office.sealer, clock=kst_clock)
    claimed = office_in_seoul.claim(KIM, application_id)
    assert claimed.updated_at == kst_clock.now()
    assert claimed.updated_at.utcoffset() == dt.timedelta(0)
    assert all(step.at.utcoffset() == dt.timedelta(0) for step in claimed.history)
    # A new unit of work sees the claim: the use case committed it.
    mine = Applications(db=factory, sealer=office.sealer, clock=kst_clock).list_mine(ALICE)
    assert [(a.status, a.submitted_at, a.submitted_at.utcoffset()) for a in mine] == [
        ("received", NOW, dt.timedelta(0))
    ]
