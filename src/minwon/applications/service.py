"""Use cases of the applications package, each owning its unit of work.

:class:`Applications` (a citizen's, or a representative's, view) and :class:`BackOffice` (an
officer's) open one transaction per call: the change, its audit event and its outbox row
commit together or not at all. Entry points call these and nothing below them.

The steps they are built from run inside a caller's unit of work and never commit:
:func:`submit_applications` (the conversation's submit step), the readers in
:mod:`~minwon.applications.reading` and the officer steps in
:mod:`~minwon.applications.backoffice`. They are re-exported here.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session, sessionmaker

from minwon.actors import Actor
from minwon.applications.backoffice import (
    claim_application,
    decide_application,
    officer_application,
    officer_queue,
    release_application,
)
from minwon.applications.delivery import delivery_states
from minwon.applications.errors import AuthenticationRequiredError, OwnAccessLogOnlyError
from minwon.applications.filing import submit_applications
from minwon.applications.models import Application
from minwon.applications.ports import Sealer
from minwon.applications.reading import get_application, list_applications, read_personal_data
from minwon.applications.schemas import AccessEntry, ApplicationView, StepView, as_utc
from minwon.audit import events_about
from minwon.clock import Clock
from minwon.db import session_scope

__all__ = [
    "Applications",
    "AuthenticationRequiredError",
    "BackOffice",
    "application_view",
    "claim_application",
    "decide_application",
    "get_application",
    "list_applications",
    "officer_application",
    "officer_queue",
    "read_personal_data",
    "release_application",
    "submit_applications",
]


def application_view(
    application: Application,
    personal_data: dict[str, Any] | None = None,
    delivery: str | None = None,
) -> ApplicationView:
    """The application as use cases hand it out: plain data, timestamps in UTC."""
    return ApplicationView(
        id=application.id,
        receipt_no=application.receipt_no,
        service_id=application.service_id,
        bundle_id=application.bundle_id,
        agency_code=application.agency_code,
        status=application.status,
        deadline=application.deadline,
        status_due=application.status_due,
        submitted_at=as_utc(application.submitted_at),
        updated_at=as_utc(application.updated_at),
        catalog_version=application.catalog_version,
        claimed_by=application.claimed_by,
        history=tuple(
            StepView(status=e.to_status, at=as_utc(e.at), reason=e.reason)
            for e in application.events
        ),
        personal_data=personal_data,
        delivery=delivery,
    )


@dataclass(frozen=True)
class _UseCases:
    db: sessionmaker[Session]
    sealer: Sealer
    clock: Clock


@dataclass(frozen=True)
class Applications(_UseCases):
    """A citizen's applications (or, under a delegation, the represented person's)."""

    def list_mine(self, actor: Actor) -> list[ApplicationView]:
        """The actor's applications, newest first."""
        with session_scope(self.db) as session:
            rows = list_applications(session, actor=actor)
            delivery = delivery_states(session, (a.id for a in rows))
            return [application_view(a, delivery=delivery.get(a.id)) for a in rows]

    def show(
        self, actor: Actor, application_id: str, *, with_personal_data: bool = False
    ) -> ApplicationView:
        """One application; its personal data too when asked (MFA, recorded in the audit log)."""
        with session_scope(self.db) as session:
            application = get_application(session, actor=actor, application_id=application_id)
            facts = None
            if with_personal_data:
                facts = read_personal_data(
                    session,
                    actor=actor,
                    application_id=application_id,
                    sealer=self.sealer,
                    reason=None,
                    now=self.clock.now(),
                )
            delivery = delivery_states(session, [application.id]).get(application.id)
            return application_view(application, facts, delivery)

    def access_log(self, actor: Actor, *, limit: int) -> list[AccessEntry]:
        """Who accessed the citizen's data and why, newest first; for the person themself."""
        if actor.kind != "citizen" or not actor.has_level("signed_in"):
            raise AuthenticationRequiredError("signed_in")
        if actor.on_behalf_of is not None:
            # A representative files and follows applications; the access log stays private.
            raise OwnAccessLogOnlyError(actor.on_behalf_of)
        with session_scope(self.db) as session:
            events = events_about(session, f"citizen:{actor.id}", limit=limit)
            return [
                AccessEntry(
                    at=as_utc(e.occurred_at),
                    actor=e.actor,
                    action=e.action,
                    target=e.target,
                    reason=e.reason,
                )
                for e in events
            ]


@dataclass(frozen=True)
class BackOffice(_UseCases):
    """An officer's use cases: queue, view, claim, release, reveal with a reason, decide."""

    def queue(self, actor: Actor, *, status: str | None = None) -> list[ApplicationView]:
        """Applications of the officer's agencies, oldest first."""
        with session_scope(self.db) as session:
            rows = officer_queue(session, actor=actor, status=status)
            return [application_view(a) for a in rows]

    def show(self, actor: Actor, application_id: str) -> ApplicationView:
        """One application, without personal data (revealing it is a separate, recorded act)."""
        with session_scope(self.db) as session:
            return application_view(
                officer_application(session, actor=actor, application_id=application_id)
            )

    def claim(self, actor: Actor, application_id: str) -> ApplicationView:
        """Take a free application (see :func:`claim_application`)."""
        with session_scope(self.db) as session:
            application = claim_application(
                session, actor=actor, application_id=application_id, now=self.clock.now()
            )
            return application_view(application)

    def release(self, actor: Actor, application_id: str, *, reason: str | None) -> ApplicationView:
        """Give up one's own claim for a colleague to take (see :func:`release_application`)."""
        with session_scope(self.db) as session:
            application = release_application(
                session,
                actor=actor,
                application_id=application_id,
                reason=reason,
                now=self.clock.now(),
            )
            return application_view(application)

    def reveal(self, actor: Actor, application_id: str, *, reason: str) -> dict[str, Any]:
        """Unseal the personal data, recording the officer and their reason."""
        with session_scope(self.db) as session:
            officer_application(session, actor=actor, application_id=application_id)
            return read_personal_data(
                session,
                actor=actor,
                application_id=application_id,
                sealer=self.sealer,
                reason=reason,
                now=self.clock.now(),
            )

    def decide(
        self,
        actor: Actor,
        application_id: str,
        *,
        target: str,
        reason: str | None,
        due: dt.date | None = None,
    ) -> ApplicationView:
        """Move a claimed application (see :func:`decide_application`)."""
        with session_scope(self.db) as session:
            application = decide_application(
                session,
                actor=actor,
                application_id=application_id,
                target=target,
                reason=reason,
                now=self.clock.now(),
                due=due,
            )
            return application_view(application)
