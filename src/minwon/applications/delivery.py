"""How delivery to the agencies is going, as citizens and operators see it.

Read side of the outbox: each application's delivery state ("queued" until its agency has it),
which agencies are unavailable right now (their circuit is open), and the operator's view and
retry of the outbox. Steps of use cases: they run in the caller's unit of work, never commit.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import Literal

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from minwon.applications.models import AgencyCircuitRow, OutboxMessage

__all__ = [
    "DeliveryState",
    "delivery_states",
    "find_outbox",
    "list_outbox",
    "retry_outbox",
    "unavailable_agencies",
]

DeliveryState = Literal["queued", "delivered", "rejected"]
SUBMITTED_TOPIC = "application.submitted"
OUTBOX_STATUSES = ("pending", "delivered", "rejected", "dead")


def _state(status: str) -> DeliveryState:
    # A dead letter is still the operator's to deliver: the citizen sees it as queued.
    if status == "delivered":
        return "delivered"
    if status == "rejected":
        return "rejected"
    return "queued"


def delivery_states(session: Session, application_ids: Iterable[str]) -> dict[str, DeliveryState]:
    """Whether each application's filing reached its agency (absent: nothing to deliver)."""
    ids = sorted(set(application_ids))
    if not ids:
        return {}
    rows = session.execute(
        select(OutboxMessage.key, OutboxMessage.status).where(
            OutboxMessage.topic == SUBMITTED_TOPIC, OutboxMessage.key.in_(ids)
        )
    )
    return {key: _state(status) for key, status in rows}


def unavailable_agencies(session: Session, codes: Iterable[str]) -> list[str]:
    """The agencies among ``codes`` whose circuit a relay has opened (delivery is delayed)."""
    wanted = sorted(set(codes))
    if not wanted:
        return []
    rows = session.scalars(
        select(AgencyCircuitRow.agency_code).where(
            AgencyCircuitRow.agency_code.in_(wanted), AgencyCircuitRow.state != "closed"
        )
    )
    return sorted(rows)


def list_outbox(
    session: Session, *, status: str | None = None, agency: str | None = None, limit: int = 50
) -> list[OutboxMessage]:
    """Outbox rows, oldest first, optionally of one status and one agency."""
    query = select(OutboxMessage).order_by(OutboxMessage.id).limit(limit)
    if status is not None:
        query = query.where(OutboxMessage.status == status)
    if agency is not None:
        query = query.where(OutboxMessage.agency_code == agency)
    return list(session.scalars(query))


def find_outbox(session: Session, ref: str) -> OutboxMessage | None:
    """One row by its id, its ``webhook_id`` or the application id it is about."""
    if ref.isdigit():
        return session.get(OutboxMessage, int(ref))
    return session.scalars(
        select(OutboxMessage)
        .where((OutboxMessage.webhook_id == ref) | (OutboxMessage.key == ref))
        .order_by(OutboxMessage.id)
        .limit(1)
    ).first()


def retry_outbox(
    session: Session, *, ids: Sequence[int] = (), all_dead: bool = False, now: dt.datetime
) -> int:
    """Put dead letters (given ids, or all) back in the queue with a fresh count; how many."""
    if not ids and not all_dead:
        return 0
    query = update(OutboxMessage).where(OutboxMessage.status == "dead")
    if ids:
        query = query.where(OutboxMessage.id.in_(list(ids)))
    result = session.execute(
        query.values(
            status="pending", failures=0, next_attempt_at=now, locked_until=None
        ).execution_options(synchronize_session=False)
    )
    return int(result.rowcount or 0)  # type: ignore[attr-defined]
