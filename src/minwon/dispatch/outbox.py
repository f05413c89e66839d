"""The relay's steps on the outbox table: claim due rows under a lease, record each outcome.

Claiming takes rows ``FOR UPDATE SKIP LOCKED`` on PostgreSQL (several workers never take the
same row) and stamps them with a lease (``lock_token``, ``locked_until``) before committing;
SQLite serialises writers, so the same statements are safe there. Outcomes are written only
while the lease is still this relay's: a relay that stalled past its lease loses the row to
another, which delivers it again under the same ``webhook-id`` (the agency deduplicates).
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import or_, select, update
from sqlalchemy.orm import Session

from minwon.applications.models import AgencyCircuitRow, Application, OutboxMessage
from minwon.applications.ports import Sealer
from minwon.applications.reading import facts_context
from minwon.audit import record_event

__all__ = ["Claimed", "claim_due", "delivery_data", "record_circuit", "release", "settle"]

RELAY_ACTOR = "system:relay"


@dataclass(frozen=True, slots=True)
class Claimed:
    """A row this relay holds the lease of, with what it needs to send it."""

    id: int
    token: str
    webhook_id: str
    topic: str
    agency_code: str | None
    data: dict[str, Any] | None  # None: the payload could not be built (a poison message)
    problem: str | None = None


def _due(now: dt.datetime) -> Any:
    """Rows to send now: pending, due, and leased by nobody (or by a relay that stalled)."""
    return (
        OutboxMessage.status == "pending",
        or_(OutboxMessage.next_attempt_at.is_(None), OutboxMessage.next_attempt_at <= now),
        or_(OutboxMessage.locked_until.is_(None), OutboxMessage.locked_until < now),
    )


def claim_due(
    session: Session,
    *,
    now: dt.datetime,
    lease: dt.timedelta,
    limit: int,
    skip_agencies: Sequence[str] = (),
) -> list[OutboxMessage]:
    """Lease up to ``limit`` due rows (oldest first), skipping agencies whose circuit is open."""
    due = (
        select(OutboxMessage.id)
        .where(*_due(now))
        .order_by(OutboxMessage.id)
        .limit(limit)
        .with_for_update(skip_locked=True)
    )
    if skip_agencies:
        due = due.where(
            or_(
                OutboxMessage.agency_code.is_(None),
                OutboxMessage.agency_code.not_in(list(skip_agencies)),
            )
        )
    ids = list(session.scalars(due))
    if not ids:
        return []
    token = str(uuid.uuid4())
    # The lease is taken only where nobody holds one: on SQLite the ids above were read
    # without a lock, so a concurrent relay may have leased some of them meanwhile.
    session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.id.in_(ids), *_due(now))
        .values(lock_token=token, locked_until=now + lease)
        .execution_options(synchronize_session=False)
    )
    query = select(OutboxMessage).where(OutboxMessage.lock_token == token)
    return list(session.scalars(query.order_by(OutboxMessage.id)))


def delivery_data(session: Session, row: OutboxMessage, sealer: Sealer) -> dict[str, Any]:
    """What the agency receives: the application as filed (its facts unsealed for it)."""
    if row.topic != "application.submitted":
        return dict(row.payload)
    application = session.get(Application, row.key)
    if application is None:
        raise LookupError(f"application {row.key} does not exist")
    return {
        **row.payload,
        "citizen_id": application.citizen_id,
        "bundle_id": application.bundle_id,
        "deadline": application.deadline.isoformat() if application.deadline else None,
        "submitted_at": application.submitted_at.isoformat(),
        "public_facts": application.public_facts,
        "facts": sealer.unseal(application.sealed_facts, context=facts_context(application.id)),
    }


def release(session: Session, claimed: Claimed, *, retry_at: dt.datetime | None) -> None:
    """Give a leased row back untried (its agency's circuit said no): nothing is counted."""
    session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.id == claimed.id, OutboxMessage.lock_token == claimed.token)
        .values(lock_token=None, locked_until=None, next_attempt_at=retry_at)
        .execution_options(synchronize_session=False)
    )


@dataclass(frozen=True, slots=True)
class Settlement:
    """How to write one attempt's outcome."""

    status: str  # pending, delivered, rejected, dead
    counted: bool  # the failure counts towards the dead letter
    status_code: int | None
    error: str | None
    next_attempt_at: dt.datetime | None


def settle(
    session: Session, claimed: Claimed, settlement: Settlement, *, now: dt.datetime
) -> OutboxMessage | None:
    """Write the attempt's outcome if the lease is still ours (None when it was lost)."""
    row = session.get(OutboxMessage, claimed.id)
    if row is None or row.lock_token != claimed.token:
        return None
    row.attempts += 1
    row.failures += 1 if settlement.counted else 0
    row.status = settlement.status
    row.lock_token, row.locked_until = None, None
    row.last_status_code = settlement.status_code
    row.last_error = settlement.error
    row.next_attempt_at = settlement.next_attempt_at
    if settlement.status == "delivered":
        row.dispatched_at = now
    if settlement.status in ("delivered", "rejected"):
        _audit(session, row, settlement.status, now)
    session.flush()
    return row


def _audit(session: Session, row: OutboxMessage, status: str, now: dt.datetime) -> None:
    application = session.get(Application, row.key)
    if application is None:
        return
    # The agency received (or refused) the application's data: the citizen sees who has it.
    record_event(
        session,
        actor=RELAY_ACTOR,
        action="application:delivered"
        if status == "delivered"
        else "application:delivery_rejected",
        subject=f"citizen:{application.citizen_id}",
        target=f"application:{application.id}",
        data={"agency": row.agency_code or "", "webhook_id": row.webhook_id, "topic": row.topic},
        at=now,
    )


def record_circuit(
    session: Session, code: str, state: str, failures: int, now: dt.datetime
) -> None:
    """Publish an agency's circuit state for gateways to read (degraded-mode replies)."""
    row = session.get(AgencyCircuitRow, code)
    if row is None:
        row = AgencyCircuitRow(agency_code=code, state=state, consecutive_failures=failures)
        session.add(row)
    if state == "open" and row.state != "open":
        row.opened_at = now
    row.state, row.consecutive_failures, row.updated_at = state, failures, now
    session.flush()
