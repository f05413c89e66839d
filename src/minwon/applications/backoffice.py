"""The officer's back office: the agency-scoped queue, claims, hand-overs and decisions.

A claim says who is handling an application. It is taken only when free and given up only
by its holder (:func:`release_application`), so work changes hands openly, with an audit
event each way, and never by one officer silently overwriting another's claim.

These are steps of use cases: they run in the caller's unit of work and never commit.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session

from minwon.actors import Actor
from minwon.applications.errors import (
    AlreadyClaimedError,
    ApplicationClosedError,
    ApplicationNotFoundError,
    AuthenticationRequiredError,
    InvalidTransitionError,
    NotClaimedError,
    ReasonRequiredError,
)
from minwon.applications.models import Application, ApplicationEvent, OutboxMessage
from minwon.applications.reading import get_application
from minwon.applications.status import NEEDS_REASON, OFFICER_MOVES, TERMINAL, can_move
from minwon.audit import record_event

__all__ = [
    "claim_application",
    "decide_application",
    "officer_application",
    "officer_queue",
    "release_application",
]


def officer_queue(
    session: Session, *, actor: Actor, status: str | None = None
) -> list[Application]:
    """Applications of the officer's agencies, oldest first (first in, first handled)."""
    if actor.kind != "officer" or not actor.has_level("mfa"):
        raise AuthenticationRequiredError("mfa")
    query = select(Application).where(Application.agency_code.in_(sorted(actor.agencies)))
    if status is not None:
        query = query.where(Application.status == status)
    return list(session.scalars(query.order_by(Application.submitted_at, Application.receipt_no)))


def officer_application(session: Session, *, actor: Actor, application_id: str) -> Application:
    """An application of one of the officer's agencies; "not found" for anyone else."""
    if actor.kind != "officer":
        raise ApplicationNotFoundError(application_id)  # the back office is for officers only
    return get_application(session, actor=actor, application_id=application_id)


def claim_application(
    session: Session, *, actor: Actor, application_id: str, now: dt.datetime
) -> Application:
    """The officer takes the application; a submitted one becomes received.

    Refused with :class:`AlreadyClaimedError` while another officer holds the claim (they
    release it first) and with :class:`ApplicationClosedError` once handling has ended.
    Claiming one's own claim again changes nothing.
    """
    application = officer_application(session, actor=actor, application_id=application_id)
    if application.status in TERMINAL:
        raise ApplicationClosedError(application_id)
    if application.claimed_by == actor.id:
        return application
    if application.claimed_by is not None:
        raise AlreadyClaimedError(application_id)
    # Two officers claiming at once: the row's version makes the second commit fail
    # (StaleDataError), never a silent overwrite.
    application.claimed_by = actor.id
    if application.status == "submitted":
        _move(application, "received", actor, None, now)
    record_event(
        session,
        actor=actor.ref,
        action="application:claimed",
        subject=f"citizen:{application.citizen_id}",
        target=f"application:{application.id}",
        at=now,
    )
    session.flush()
    return application


def release_application(
    session: Session,
    *,
    actor: Actor,
    application_id: str,
    reason: str | None,
    now: dt.datetime,
) -> Application:
    """The officer gives up their claim, so a colleague can claim the application.

    Only the holder releases a claim (:class:`NotClaimedError` when nobody holds it,
    :class:`AlreadyClaimedError` when someone else does); a completed application keeps the
    name of whoever closed it (:class:`ApplicationClosedError`). The status does not change.
    """
    application = officer_application(session, actor=actor, application_id=application_id)
    if application.status in TERMINAL:
        raise ApplicationClosedError(application_id)
    if application.claimed_by is None:
        raise NotClaimedError(application_id)
    if application.claimed_by != actor.id:
        raise AlreadyClaimedError(application_id)
    application.claimed_by = None
    record_event(
        session,
        actor=actor.ref,
        action="application:released",
        subject=f"citizen:{application.citizen_id}",
        target=f"application:{application.id}",
        reason=reason,
        at=now,
    )
    session.flush()
    return application


def decide_application(
    session: Session,
    *,
    actor: Actor,
    application_id: str,
    target: str,
    reason: str | None,
    now: dt.datetime,
    due: dt.date | None = None,
) -> Application:
    """Move a claimed application (review, supplement, approve, reject, complete)."""
    application = get_application(session, actor=actor, application_id=application_id)
    if actor.kind != "officer" or target not in OFFICER_MOVES:
        raise InvalidTransitionError(application.status, target)
    if application.claimed_by != actor.id:
        raise NotClaimedError(application_id)
    if target in NEEDS_REASON and not (reason and reason.strip()):
        raise ReasonRequiredError(f"moving to {target} needs a reason the citizen can read")
    _move(application, target, actor, reason, now)
    application.status_due = due if target == "supplement_requested" else None
    session.add(
        OutboxMessage(
            topic=f"application.{target}",
            key=application.id,
            agency_code=application.agency_code,
            created_at=now,
            payload={"application_id": application.id, "status": target},
        )
    )
    record_event(
        session,
        actor=actor.ref,
        action=f"application:{target}",
        subject=f"citizen:{application.citizen_id}",
        target=f"application:{application.id}",
        reason=reason,
        at=now,
    )
    session.flush()
    return application


def _move(
    application: Application, target: str, actor: Actor, reason: str | None, now: dt.datetime
) -> None:
    if not can_move(application.status, target):
        raise InvalidTransitionError(application.status, target)
    application.events.append(
        ApplicationEvent(
            from_status=application.status, to_status=target, actor=actor.ref, reason=reason, at=now
        )
    )
    application.status = target
    application.updated_at = now
