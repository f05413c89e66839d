"""The audit log keeps an unbroken, verifiable record on SQLite and PostgreSQL alike."""

from __future__ import annotations

import datetime as dt
import json
import threading
from collections.abc import Callable
from dataclasses import asdict
from itertools import pairwise
from typing import Any

import pytest
from sqlalchemy import Engine, insert, select, text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session, sessionmaker

from minwon.audit import (
    GENESIS_HASH,
    AuditEvent,
    AuditEventInvalidError,
    ChainDamage,
    VerifyReport,
    events_about,
    record_event,
    verify_chain,
)
from minwon.audit.chain import ChainedContent, chain_hash
from minwon.clock import KST
from minwon.db import make_session_factory, session_scope
from minwon.migrate import upgrade_database

NOW = dt.datetime(2026, 11, 28, 9, 0, tzinfo=KST)
Factory = sessionmaker[Session]


@pytest.fixture
def factory(engine: Engine) -> Factory:
    upgrade_database(engine)
    return make_session_factory(engine)


def _append(factory: Factory, count: int, *, actor: str = "system") -> None:
    for index in range(count):
        with session_scope(factory) as session:
            record_event(
                session,
                actor=actor,
                action="application:submitted",
                subject=f"citizen:c{index % 3}",
                target=f"application:a{index}",
                # Floats, booleans, nulls and lists must hash the same after a round trip.
                data={
                    "service": "move-in",
                    "step": index,
                    "fee": 1.5,
                    "paid": index % 2 == 0,
                    "documents": ["id-card", None],
                },
                at=NOW + dt.timedelta(minutes=index),
            )


def _verify(factory: Factory) -> VerifyReport:
    with session_scope(factory) as session:
        return verify_chain(session)


def _tamper(engine: Engine, *statements: str, params: dict[str, Any] | None = None) -> None:
    """Run ``statements`` the way an intruder with database access would: triggers off."""
    with engine.begin() as connection:
        if engine.dialect.name == "postgresql":
            connection.execute(text("ALTER TABLE audit_events DISABLE TRIGGER USER"))
            for statement in statements:
                connection.execute(text(statement), params or {})
            connection.execute(text("ALTER TABLE audit_events ENABLE TRIGGER USER"))
            return
        triggers = connection.execute(
            text("SELECT name, sql FROM sqlite_master WHERE type = 'trigger'")
        ).all()
        for name, _sql in triggers:
            connection.execute(text(f'DROP TRIGGER "{name}"'))
        for statement in statements:
            connection.execute(text(statement), params or {})
        for _name, sql in triggers:
            connection.execute(text(sql))


def test_a_chain_of_events_verifies(factory: Factory) -> None:
    _append(factory, 5)
    with session_scope(factory) as session:
        events = session.scalars(select(AuditEvent).order_by(AuditEvent.seq)).all()
        report = verify_chain(session)
    assert [event.seq for event in events] == [1, 2, 3, 4, 5]
    assert events[0].prev_hash == GENESIS_HASH
    assert all(later.prev_hash == earlier.hash for earlier, later in pairwise(events))
    assert report.is_intact
    assert (report.events_checked, report.head_seq, report.head_hash) == (5, 5, events[-1].hash)
    assert "chain intact" in str(report)


def test_an_empty_log_verifies(factory: Factory) -> None:
    report = _verify(factory)
    assert report.is_intact
    assert report.events_checked == 0


@pytest.mark.parametrize(
    ("column", "forged"),
    [
        ("action", "'application:withdrawn'"),
        ("data", """'{"service": "move-in-report", "step": 99}'"""),
        ("actor", "'officer:someone-else'"),
        ("reason", "'routine check'"),
        ("occurred_at", "occurred_at"),  # rewritten below with a different instant
    ],
)
def test_altering_a_row_is_detected_with_its_seq(
    engine: Engine, factory: Factory, column: str, forged: str
) -> None:
    _append(factory, 5)
    if column == "occurred_at":
        _tamper(
            engine,
            "UPDATE audit_events SET occurred_at = :moment WHERE seq = 3",
            params={"moment": NOW - dt.timedelta(days=1)},
        )
    else:
        _tamper(engine, f"UPDATE audit_events SET {column} = {forged} WHERE seq = 3")  # noqa: S608
    report = _verify(factory)
    assert not report.is_intact
    assert report.first_problem is not None
    assert (report.first_problem.seq, report.first_problem.damage) == (3, ChainDamage.ALTERED)
    assert len(report.problems) == 1  # the rows after it are not blamed
    assert "CHAIN BROKEN at seq 3: altered" in str(report)


def test_deleting_a_middle_row_is_detected(engine: Engine, factory: Factory) -> None:
    _append(factory, 5)
    _tamper(engine, "DELETE FROM audit_events WHERE seq = 3")
    report = _verify(factory)
    assert report.first_problem is not None
    assert (report.first_problem.seq, report.first_problem.damage) == (3, ChainDamage.MISSING)


def test_cutting_off_the_tail_is_detected(engine: Engine, factory: Factory) -> None:
    _append(factory, 5)
    _tamper(engine, "DELETE FROM audit_events WHERE seq >= 4")
    report = _verify(factory)
    assert report.first_problem is not None
    assert (report.first_problem.seq, report.first_problem.damage) == (4, ChainDamage.TRUNCATED)


def _forged_row(seq: int, prev_hash: str) -> dict[str, Any]:
    # The intruder knows the algorithm and chains the forgery correctly from the row before.
    content = ChainedContent(
        seq=seq,
        occurred_at=NOW.astimezone(dt.UTC),  # as record_event stores it (SQLite drops offsets)
        actor="officer:intruder",
        on_behalf_of=None,
        action="personal_data:read",
        subject="citizen:c0",
        target=None,
        reason="routine check",
        data={},
    )
    return {**asdict(content), "prev_hash": prev_hash, "hash": chain_hash(content, prev_hash)}


def test_inserting_a_forged_row_in_the_middle_is_detected(engine: Engine, factory: Factory) -> None:
    _append(factory, 5)
    with engine.connect() as connection:
        hashes = dict(connection.execute(text("SELECT seq, hash FROM audit_events")).all())
    # Make room at seq 3 (one row at a time: seq is unique), slip the forgery in, move the head.
    shifts = (f"UPDATE audit_events SET seq = {s + 1} WHERE seq = {s}" for s in (5, 4, 3))  # noqa: S608
    _tamper(engine, *shifts)
    with engine.begin() as connection:
        connection.execute(insert(AuditEvent.__table__).values(**_forged_row(3, hashes[2])))
        connection.execute(
            text("UPDATE audit_chain_head SET last_seq = 6, last_hash = :h"), {"h": hashes[5]}
        )
    report = _verify(factory)
    assert report.first_problem is not None
    # The forgery itself is well formed; the genuine row after it no longer chains from it.
    assert (report.first_problem.seq, report.first_problem.damage) == (4, ChainDamage.BROKEN_LINK)


def test_a_row_written_around_the_log_is_detected(engine: Engine, factory: Factory) -> None:
    _append(factory, 5)
    with engine.begin() as connection:
        last = connection.execute(text("SELECT hash FROM audit_events WHERE seq = 5")).scalar_one()
        connection.execute(insert(AuditEvent.__table__).values(**_forged_row(6, last)))
    report = _verify(factory)
    assert report.first_problem is not None
    assert (report.first_problem.seq, report.first_problem.damage) == (6, ChainDamage.UNRECORDED)


def test_replacing_the_last_row_is_detected(engine: Engine, factory: Factory) -> None:
    _append(factory, 5)
    with engine.connect() as connection:
        previous = connection.execute(text("SELECT hash FROM audit_events WHERE seq = 4")).scalar()
    _tamper(engine, "DELETE FROM audit_events WHERE seq = 5")
    with engine.begin() as connection:
        connection.execute(insert(AuditEvent.__table__).values(**_forged_row(5, previous)))
    report = _verify(factory)
    assert report.first_problem is not None
    assert (report.first_problem.seq, report.first_problem.damage) == (
        5,
        ChainDamage.HEAD_MISMATCH,
    )


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE audit_events SET reason = 'nothing to see' WHERE seq = 2",
        "DELETE FROM audit_events WHERE seq = 2",
        "DELETE FROM audit_chain_head",
        "UPDATE audit_chain_head SET last_seq = 1",
    ],
)
def test_the_database_refuses_to_rewrite_history(
    engine: Engine, factory: Factory, statement: str
) -> None:
    _append(factory, 3)
    with pytest.raises(DBAPIError, match=r"append-only|only moves forward"), engine.begin() as c:
        c.execute(text(statement))
    assert _verify(factory).is_intact


@pytest.mark.parametrize("table", ["audit_events", "audit_chain_head"])
def test_postgres_refuses_truncate(engine: Engine, factory: Factory, table: str) -> None:
    if engine.dialect.name != "postgresql":
        pytest.skip("TRUNCATE is a PostgreSQL statement")
    _append(factory, 2)
    with pytest.raises(DBAPIError, match="refused"), engine.begin() as connection:
        connection.execute(text(f"TRUNCATE {table} CASCADE"))
    assert _verify(factory).is_intact


def _in_threads(*jobs: Callable[[], None]) -> list[BaseException]:
    errors: list[BaseException] = []

    def run(job: Callable[[], None]) -> None:
        try:
            job()
        except BaseException as error:  # reported to the test, not lost in the thread
            errors.append(error)

    threads = [threading.Thread(target=run, args=(job,)) for job in jobs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return errors


def test_concurrent_appenders_produce_one_unbroken_chain(factory: Factory) -> None:
    start = threading.Barrier(2)

    def appender(actor: str) -> Callable[[], None]:
        def job() -> None:
            start.wait()
            _append(factory, 50, actor=actor)

        return job

    assert _in_threads(appender("partner:alpha"), appender("partner:beta")) == []
    report = _verify(factory)
    assert report.is_intact, str(report)
    assert (report.events_checked, report.head_seq) == (100, 100)
    with session_scope(factory) as session:
        actors = session.scalars(select(AuditEvent.actor)).all()
    assert sorted(set(actors)) == ["partner:alpha", "partner:beta"]
    assert actors.count("partner:alpha") == 50


def test_verifying_while_citizens_keep_filing_raises_no_false_alarm(factory: Factory) -> None:
    reports: list[VerifyReport] = []
    filing = threading.Event()

    def appender() -> None:
        filing.set()
        _append(factory, 40, actor="partner:alpha")
        filing.clear()

    def auditor() -> None:
        filing.wait(timeout=10)
        while filing.is_set():
            reports.append(_verify(factory))

    assert _in_threads(appender, auditor) == []
    assert reports  # the auditor really ran alongside the appender
    assert [str(report) for report in reports if not report.is_intact] == []


def test_a_second_appender_waits_and_chains_from_the_first(factory: Factory) -> None:
    second_done = threading.Event()
    errors: list[BaseException] = []

    def second() -> None:
        try:
            _append(factory, 1, actor="officer:o1")
        except BaseException as error:  # reported to the test, not lost in the thread
            errors.append(error)
        finally:
            second_done.set()

    thread = threading.Thread(target=second)
    with factory() as first:
        event = record_event(first, actor="system", action="catalog:loaded", at=NOW)
        thread.start()
        assert not second_done.wait(timeout=0.5)  # blocked behind the open transaction
        first.commit()
    thread.join(timeout=30)
    assert (second_done.is_set(), errors) == (True, [])
    with session_scope(factory) as session:
        later = session.scalars(select(AuditEvent).where(AuditEvent.seq == 2)).one()
    assert (later.actor, later.prev_hash) == ("officer:o1", event.hash)


def test_an_event_is_kept_only_if_the_use_case_commits(factory: Factory) -> None:
    session = factory()
    record_event(session, actor="citizen:c1", action="application:submitted", at=NOW)
    session.rollback()
    session.close()
    _append(factory, 1)
    report = _verify(factory)
    assert report.is_intact
    assert (report.events_checked, report.head_seq) == (1, 1)


def test_a_citizen_sees_who_accessed_their_data_and_why(factory: Factory) -> None:
    with session_scope(factory) as session:
        record_event(
            session,
            actor="citizen:c1",
            action="application:submitted",
            subject="citizen:c1",
            target="application:a1",
            at=NOW,
        )
        record_event(
            session,
            actor="officer:o7",
            action="personal_data:read",
            subject="citizen:c1",
            target="application:a1",
            reason="주민등록 전입신고 처리",
            at=NOW + dt.timedelta(hours=1),
        )
        record_event(
            session,
            actor="officer:o7",
            action="personal_data:read",
            subject="citizen:c2",
            reason="other case",
            at=NOW,
        )
        record_event(
            session,
            actor="citizen:c3",
            action="application:submitted",
            on_behalf_of="citizen:c1",
            target="application:a2",
            at=NOW + dt.timedelta(hours=2),
        )
    with session_scope(factory) as session:
        page = events_about(session, "citizen:c1", limit=2)
        rest = events_about(session, "citizen:c1", limit=2, before_seq=page[-1].seq)
        seen = [(e.actor, e.action, e.reason) for e in page + rest]
    assert seen == [
        ("citizen:c3", "application:submitted", None),
        ("officer:o7", "personal_data:read", "주민등록 전입신고 처리"),
        ("citizen:c1", "application:submitted", None),
    ]


def test_an_officer_must_say_why_they_read_personal_data(factory: Factory) -> None:
    with session_scope(factory) as session, pytest.raises(AuditEventInvalidError, match="reason"):
        record_event(
            session,
            actor="officer:o7",
            action="personal_data:read",
            subject="citizen:c1",
            reason="   ",
            at=NOW,
        )
    assert _verify(factory).head_seq == 0


def test_personal_data_never_reaches_the_log_in_clear(factory: Factory) -> None:
    with session_scope(factory) as session:
        record_event(
            session,
            actor="officer:o7",
            action="personal_data:read",
            subject="citizen:c1",
            reason="민원인 010-1234-5678 요청, 주민번호 900101-1234567 확인",
            data={
                "note": "세종대로 110 거주, 연락처 02-2100-3399, kim@example.com",
                "phone": "010-9876-5432",
                "documents": [{"address": "서울특별시 강남구 역삼동 123-45"}],
            },
            at=NOW,
        )
    with factory() as session:
        event = session.scalars(select(AuditEvent)).one()
        stored = json.dumps(event.data, ensure_ascii=False) + (event.reason or "")
    for secret in ("010-1234", "1234567", "세종대로 110", "2100-3399", "kim@", "9876", "123-45"):
        assert secret not in stored
    assert "900101-1******" in stored  # birth date kept: an auditor can still tell people apart
    assert _verify(factory).is_intact  # masked before hashing, so the chain still verifies


@pytest.mark.parametrize(
    "bad",
    [
        {"actor": "citizen:9001011234567"},  # a resident number used as an id
        {"subject": "citizen:01012345678"},
        {"actor": "root"},
        {"action": "Submitted"},
        {"at": dt.datetime(2026, 11, 28, 9, 0)},  # naive: which 9 o'clock?
        {"data": {"when": NOW}},
    ],
)
def test_malformed_events_are_refused_before_anything_is_written(
    factory: Factory, bad: dict[str, Any]
) -> None:
    event: dict[str, Any] = {"actor": "system", "action": "application:submitted", "at": NOW}
    with session_scope(factory) as session, pytest.raises(AuditEventInvalidError):
        record_event(session, **{**event, **bad})
    assert _verify(factory).head_seq == 0


def test_an_opaque_id_that_merely_contains_a_phone_like_run_is_accepted(
    factory: Factory,
) -> None:
    with session_scope(factory) as session:
        event = record_event(
            session, actor="citizen:c0101234567d", action="account:created", at=NOW
        )
    assert event.actor == "citizen:c0101234567d"  # ids are not masked: lookups must still work


def test_the_time_of_an_event_survives_storage_as_the_same_instant(factory: Factory) -> None:
    with session_scope(factory) as session:
        record_event(session, actor="system", action="catalog:loaded", at=NOW)
    with factory() as session:
        stored = session.scalars(select(AuditEvent.occurred_at)).one()
    stored = stored.replace(tzinfo=dt.UTC) if stored.tzinfo is None else stored
    assert stored == NOW
