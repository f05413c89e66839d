"""Use cases: submit, list and view applications; the officer's queue, claim and decisions.

Each use case runs inside the caller's unit of work and writes its audit event (and, for a
change an agency must hear about, its outbox row) in that same transaction.
"""

from __future__ import annotations

import datetime as dt
import secrets
import uuid
from collections.abc import Sequence
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from minwon.actors import Actor
from minwon.applications.errors import (
    ApplicationNotFoundError,
    DelegationScopeError,
    InvalidTransitionError,
    NotClaimedError,
    ReasonRequiredError,
)
from minwon.applications.models import Application, ApplicationEvent, OutboxMessage
from minwon.applications.ports import DelegationPolicy, Sealer
from minwon.applications.schemas import Submission
from minwon.applications.status import NEEDS_REASON, OFFICER_MOVES, can_move
from minwon.audit import PERSONAL_DATA_READ, record_event
from minwon.clock import KST

__all__ = [
    "AuthenticationRequiredError",
    "claim_application",
    "decide_application",
    "get_application",
    "list_applications",
    "officer_queue",
    "read_personal_data",
    "submit_applications",
]

RECEIPT_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read aloud at a counter


class AuthenticationRequiredError(PermissionError):
    """The action needs a stronger sign-in (``level``)."""

    def __init__(self, level: str) -> None:
        self.level = level
        super().__init__(f"this action needs authentication level {level}")


def _receipt(now: dt.datetime) -> str:
    suffix = "".join(secrets.choice(RECEIPT_ALPHABET) for _ in range(8))
    return f"MW-{now:%Y%m%d}-{suffix}"


def _context(application_id: str) -> str:
    return f"application:{application_id}:facts"


def _represented(actor: Actor) -> str | None:
    """The audit log's ``on_behalf_of``: the represented citizen, so events read "A for B"."""
    return f"citizen:{actor.on_behalf_of}" if actor.on_behalf_of else None


def _check_delegation(
    session: Session,
    actor: Actor,
    submissions: Sequence[Submission],
    delegations: DelegationPolicy | None,
    now: dt.datetime,
) -> None:
    """Acting for someone, every service filed must be covered by the delegation today."""
    if actor.on_behalf_of is None:
        return
    today = now.astimezone(KST).date()  # delegations run on Korean calendar dates
    for item in submissions:
        # Without a policy to ask, nothing is covered: a caller that forgot it fails closed.
        covered = delegations is not None and delegations.covers(
            session,
            grantee_id=actor.id,
            grantor_id=actor.on_behalf_of,
            service_id=item.service_id,
            on=today,
        )
        if not covered:
            raise DelegationScopeError(item.service_id)


def submit_applications(
    session: Session,
    *,
    actor: Actor,
    submissions: Sequence[Submission],
    sealer: Sealer,
    catalog_version: str,
    conversation_id: str | None,
    now: dt.datetime,
    delegations: DelegationPolicy | None = None,
) -> list[Application]:
    """File each submission: application row, first history step, audit event, outbox row.

    Acting for someone (``actor.on_behalf_of``), every service must be covered by an active
    delegation on today's date, asked of ``delegations``; otherwise nothing is filed and
    :class:`DelegationScopeError` names the first service that is not covered.
    """
    if actor.kind != "citizen" or not actor.has_level("mfa"):
        raise AuthenticationRequiredError("mfa")
    _check_delegation(session, actor, submissions, delegations, now)
    filed = [
        _file_one(session, actor, item, sealer, catalog_version, conversation_id, now)
        for item in submissions
    ]
    session.flush()
    return filed


def _new_application(
    actor: Actor,
    item: Submission,
    sealer: Sealer,
    catalog_version: str,
    conversation_id: str | None,
    now: dt.datetime,
) -> Application:
    application_id = str(uuid.uuid4())
    application = Application(
        id=application_id,
        receipt_no=_receipt(now),
        service_id=item.service_id,
        bundle_id=item.bundle_id,
        agency_code=item.agency_code,
        citizen_id=actor.subject_id,
        filed_by=actor.id,
        conversation_id=conversation_id,
        status="submitted",
        deadline=item.deadline,
        catalog_version=catalog_version,
        public_facts=item.public_facts,
        sealed_facts=sealer.seal(item.facts, context=_context(application_id)),
        submitted_at=now,
        updated_at=now,
    )
    application.events.append(
        ApplicationEvent(from_status=None, to_status="submitted", actor=actor.ref, at=now)
    )
    return application


def _file_one(
    session: Session,
    actor: Actor,
    item: Submission,
    sealer: Sealer,
    catalog_version: str,
    conversation_id: str | None,
    now: dt.datetime,
) -> Application:
    """One application with its outbox row and its audit event ("A for B" under a delegation)."""
    application = _new_application(actor, item, sealer, catalog_version, conversation_id, now)
    session.add(application)
    session.add(
        OutboxMessage(
            topic="application.submitted",
            key=application.id,
            created_at=now,
            payload={
                "application_id": application.id,
                "service_id": item.service_id,
                "agency_code": item.agency_code,
                "receipt_no": application.receipt_no,
            },
        )
    )
    record_event(
        session,
        actor=actor.ref,
        action="application:submitted",
        subject=f"citizen:{actor.subject_id}",
        target=f"application:{application.id}",
        on_behalf_of=_represented(actor),
        data={"service_id": item.service_id, "receipt_no": application.receipt_no},
        at=now,
    )
    return application


def list_applications(session: Session, *, actor: Actor) -> list[Application]:
    """The citizen's own applications (or the represented person's), newest first."""
    if actor.kind != "citizen" or not actor.has_level("signed_in"):
        raise AuthenticationRequiredError("signed_in")
    rows = session.scalars(
        select(Application)
        .where(Application.citizen_id == actor.subject_id)
        .order_by(Application.submitted_at.desc(), Application.receipt_no)
    )
    return list(rows)


def get_application(session: Session, *, actor: Actor, application_id: str) -> Application:
    """One application the actor may see; anything else is "not found" (no existence leak)."""
    application = session.get(Application, application_id)
    if application is None or not _may_see(actor, application):
        raise ApplicationNotFoundError(application_id)
    return application


def _may_see(actor: Actor, application: Application) -> bool:
    if actor.kind == "citizen":
        return actor.has_level("signed_in") and application.citizen_id == actor.subject_id
    if actor.kind == "officer":
        return actor.has_level("mfa") and application.agency_code in actor.agencies
    return False


def read_personal_data(
    session: Session,
    *,
    actor: Actor,
    application_id: str,
    sealer: Sealer,
    reason: str | None,
    now: dt.datetime,
) -> dict[str, Any]:
    """Unseal the facts of an application, recording who read them and why."""
    application = get_application(session, actor=actor, application_id=application_id)
    if not actor.has_level("mfa"):
        raise AuthenticationRequiredError("mfa")
    if actor.kind == "officer" and not (reason and reason.strip()):
        raise ReasonRequiredError("an officer must say why personal data is revealed")
    facts = sealer.unseal(application.sealed_facts, context=_context(application.id))
    record_event(
        session,
        actor=actor.ref,
        action=PERSONAL_DATA_READ,
        subject=f"citizen:{application.citizen_id}",
        target=f"application:{application.id}",
        on_behalf_of=_represented(actor),
        reason=reason or ("as representative" if actor.on_behalf_of else "own application"),
        data={"fields": sorted(facts)},
        at=now,
    )
    return facts


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


def claim_application(
    session: Session, *, actor: Actor, application_id: str, now: dt.datetime
) -> Application:
    """The officer takes the application; a submitted one becomes received."""
    application = get_application(session, actor=actor, application_id=application_id)
    if actor.kind != "officer":
        raise ApplicationNotFoundError(application_id)
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
