"""Delivery to agencies through the simulator: exactly once, whatever the agency does."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from typing import Any

import httpx
import pytest
from sqlalchemy import Engine, func, select, update
from sqlalchemy.orm import Session, sessionmaker
from tests.conftest import ServedApp

from minwon.actors import Actor
from minwon.applications.delivery import delivery_states, retry_outbox, unavailable_agencies
from minwon.applications.filing import submit_applications
from minwon.applications.models import OutboxMessage
from minwon.applications.schemas import Submission
from minwon.audit import verify_chain
from minwon.audit.models import AuditEvent
from minwon.catalog import Catalog
from minwon.clock import SystemClock
from minwon.crypto import FieldCipher, load_keyring
from minwon.db import make_session_factory, session_scope
from minwon.dispatch import AgencyDirectory, Relay, RelayConfig
from minwon.migrate import upgrade_database
from minwon.sealing import JsonSealer

FAST = RelayConfig(
    base_delay=0.01,
    max_delay=0.05,
    batch_size=10,
    circuit_threshold=3,
    circuit_cooldown=0.2,
    max_failures=4,
    lease_seconds=30,
)
SEALER = JsonSealer(FieldCipher(load_keyring(None, None, environment="test")))


@pytest.fixture
def factory(engine: Engine) -> sessionmaker[Session]:
    upgrade_database(engine)
    return make_session_factory(engine)


def _file(
    factory: sessionmaker[Session], count: int, agencies: tuple[str, ...] = ("community-centre",)
) -> list[str]:
    """``count`` filed applications (one per citizen), spread over ``agencies``."""
    ids = []
    for n in range(count):
        agency = agencies[n % len(agencies)]
        actor = Actor(kind="citizen", id=f"c{n}", level="mfa")
        with session_scope(factory) as session:
            filed = submit_applications(
                session,
                actor=actor,
                submissions=[
                    Submission(
                        service_id="resident-registration-certificate",
                        agency_code=agency,
                        facts={"name": f"person {n}"},
                    )
                ],
                sealer=SEALER,
                catalog_version="test",
                conversation_id=None,
                now=SystemClock().now(),
            )
            ids.append(filed[0].id)
    return ids


@pytest.fixture
def make_relay(
    factory: sessionmaker[Session], catalog: Catalog, agency_sim: ServedApp
) -> Iterator[Callable[..., Relay]]:
    relays: list[Relay] = []

    def make(config: RelayConfig = FAST) -> Relay:
        directory = AgencyDirectory(catalog, "test", url_override=agency_sim.url)
        relay = Relay(factory, directory, SEALER, SystemClock(), config)
        relays.append(relay)
        return relay

    yield make
    for relay in relays:
        relay.close()


def _stats(sim: ServedApp) -> dict[str, Any]:
    return dict(httpx.get(f"{sim.url}/stats").json())


def _statuses(factory: sessionmaker[Session]) -> dict[str, int]:
    with session_scope(factory) as session:
        rows = session.execute(
            select(OutboxMessage.status, func.count()).group_by(OutboxMessage.status)
        )
        return {status: int(n) for status, n in rows}


def _until(done: Callable[[], bool], relay: Relay, seconds: float = 20) -> None:
    deadline = time.monotonic() + seconds
    while not done():
        assert time.monotonic() < deadline, "the relay did not get there in time"
        if relay.run_once() == 0:
            time.sleep(0.02)


def test_every_application_reaches_its_agency_once_with_its_facts(
    factory: sessionmaker[Session], make_relay: Callable[..., Relay], agency_sim: ServedApp
) -> None:
    ids = _file(factory, 12, ("community-centre", "passport-office"))
    with session_scope(factory) as session:
        assert set(delivery_states(session, ids).values()) == {"queued"}
    relay = make_relay()
    _until(lambda: _statuses(factory) == {"delivered": 12}, relay)
    stats = _stats(agency_sim)
    assert (stats["unique"], stats["duplicates"], stats["bad_signatures"]) == (12, 0, 0)
    received = {d["application_id"] for d in httpx.get(f"{agency_sim.url}/deliveries").json()}
    assert received == set(ids)
    with session_scope(factory) as session:
        assert set(delivery_states(session, ids).values()) == {"delivered"}
        delivered = session.scalar(
            select(func.count()).where(AuditEvent.action == "application:delivered")
        )
        assert delivered == 12  # the citizen can see that the agency has their data
        assert verify_chain(session).is_intact


def test_agency_down_for_the_whole_load_then_back_gets_everything_exactly_once(
    factory: sessionmaker[Session], make_relay: Callable[..., Relay], agency_sim: ServedApp
) -> None:
    agency_sim.app.state.config.down = True
    ids = _file(factory, 30, ("community-centre", "passport-office"))
    relay = make_relay()
    for _ in range(40):  # the whole load meets a dead agency
        relay.run_once()
        time.sleep(0.01)
    assert _statuses(factory) == {"pending": 30}  # queued, none lost, none dead-lettered
    with session_scope(factory) as session:
        down = unavailable_agencies(session, ["community-centre", "passport-office", "nhis"])
    assert down == ["community-centre", "passport-office"]  # what the conversation tells
    agency_sim.app.state.config.down = False
    _until(lambda: _statuses(factory) == {"delivered": 30}, relay)
    stats = _stats(agency_sim)
    assert (stats["unique"], stats["duplicates"], stats["doubled"]) == (30, 0, 0)
    assert {d["application_id"] for d in httpx.get(f"{agency_sim.url}/deliveries").json()} == set(
        ids
    )
    with session_scope(factory) as session:
        assert unavailable_agencies(session, ["community-centre", "passport-office"]) == []


def test_a_poison_message_goes_to_the_dead_letter_and_an_operator_can_retry_it(
    factory: sessionmaker[Session], make_relay: Callable[..., Relay], agency_sim: ServedApp
) -> None:
    ids = _file(factory, 6)
    poison = ids[2]
    agency_sim.app.state.config.poison = {poison}
    relay = make_relay()
    _until(lambda: _statuses(factory) == {"delivered": 5, "dead": 1}, relay)
    with session_scope(factory) as session:
        dead = session.scalars(select(OutboxMessage).where(OutboxMessage.status == "dead")).one()
        assert (dead.key, dead.failures, dead.last_status_code) == (poison, 4, 500)
        assert delivery_states(session, [poison]) == {poison: "queued"}  # still ours to deliver
    agency_sim.app.state.config.poison = set()
    with session_scope(factory) as session:
        assert retry_outbox(session, all_dead=True, now=SystemClock().now()) == 1
    _until(lambda: _statuses(factory) == {"delivered": 6}, relay)
    assert _stats(agency_sim)["duplicates"] == 0


def test_a_rejection_is_recorded_and_never_retried(
    factory: sessionmaker[Session], make_relay: Callable[..., Relay], agency_sim: ServedApp
) -> None:
    ids = _file(factory, 3)
    agency_sim.app.state.config.reject = {ids[0]}
    relay = make_relay()
    _until(lambda: _statuses(factory) == {"delivered": 2, "rejected": 1}, relay)
    relay.drain()
    with session_scope(factory) as session:
        rejected = session.scalars(
            select(OutboxMessage).where(OutboxMessage.status == "rejected")
        ).one()
        assert (rejected.attempts, rejected.last_status_code) == (1, 422)
        assert delivery_states(session, [ids[0]]) == {ids[0]: "rejected"}


def test_a_lost_lease_redelivers_under_the_same_id_and_the_agency_keeps_one(
    factory: sessionmaker[Session], make_relay: Callable[..., Relay], agency_sim: ServedApp
) -> None:
    _file(factory, 4)
    relay = make_relay()
    relay.drain()
    assert _statuses(factory) == {"delivered": 4}
    # A relay that delivered but died before recording it: the row comes back under its lease.
    with session_scope(factory) as session:
        session.execute(update(OutboxMessage).values(status="pending", dispatched_at=None))
    relay.drain()
    stats = _stats(agency_sim)
    assert (stats["unique"], stats["duplicates"], stats["doubled"]) == (4, 4, 0)


def test_concurrent_relays_never_deliver_a_row_twice(
    factory: sessionmaker[Session], make_relay: Callable[..., Relay], agency_sim: ServedApp
) -> None:
    _file(factory, 40, ("community-centre", "passport-office", "nhis"))
    relays = [make_relay(), make_relay(), make_relay()]
    threads = [threading.Thread(target=r.drain) for r in relays]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    _until(lambda: _statuses(factory) == {"delivered": 40}, relays[0])
    stats = _stats(agency_sim)
    assert (stats["unique"], stats["duplicates"]) == (40, 0)


def test_an_agency_that_refuses_connections_is_retried_later_not_lost(
    factory: sessionmaker[Session], catalog: Catalog, agency_sim: ServedApp
) -> None:
    _file(factory, 2)
    directory = AgencyDirectory(catalog, "test", url_override="http://127.0.0.1:9")  # nothing
    relay = Relay(factory, directory, SEALER, SystemClock(), FAST)
    try:
        relay.run_once()
        assert _statuses(factory) == {"pending": 2}
        with session_scope(factory) as session:
            rows = session.scalars(select(OutboxMessage)).all()
            assert all(r.failures == 1 and r.last_error for r in rows)
            assert all(r.next_attempt_at is not None for r in rows)
    finally:
        relay.close()
