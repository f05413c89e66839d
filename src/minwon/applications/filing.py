"""Filing: application rows, their first history step, audit events and outbox rows.

:func:`submit_applications` is a step of a use case (the conversation's submit): it runs in
the caller's unit of work and never commits, so the applications, their audit events, their
outbox rows and the conversation's new state are written together or not at all.
"""

from __future__ import annotations

import datetime as dt
import secrets
import uuid
from collections.abc import Sequence

from sqlalchemy.orm import Session

from minwon.actors import Actor
from minwon.applications.errors import (
    AuthenticationRequiredError,
    DelegationScopeError,
    NothingToSubmitError,
)
from minwon.applications.models import Application, ApplicationEvent, OutboxMessage
from minwon.applications.ports import DelegationPolicy, Sealer
from minwon.applications.reading import facts_context, represented
from minwon.applications.schemas import Submission
from minwon.audit import record_event
from minwon.clock import KST

__all__ = ["RECEIPT_ALPHABET", "submit_applications"]

RECEIPT_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read aloud at a counter


def _receipt(now: dt.datetime) -> str:
    suffix = "".join(secrets.choice(RECEIPT_ALPHABET) for _ in range(8))
    return f"MW-{now:%Y%m%d}-{suffix}"


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
    :class:`DelegationScopeError` names the first service that is not covered. An empty
    ``submissions`` is :class:`NothingToSubmitError`: there is never an empty filing.
    """
    if actor.kind != "citizen" or not actor.has_level("mfa"):
        raise AuthenticationRequiredError("mfa")
    if not submissions:
        raise NothingToSubmitError("there is no service to file")
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
        sealed_facts=sealer.seal(item.facts, context=facts_context(application_id)),
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
            agency_code=item.agency_code,
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
        on_behalf_of=represented(actor),
        data={"service_id": item.service_id, "receipt_no": application.receipt_no},
        at=now,
    )
    return application
