"""Reading applications: a citizen's own (or the represented person's), and their sealed facts.

These are steps of use cases: they run in the caller's unit of work and never commit.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from minwon.actors import Actor
from minwon.applications.errors import (
    ApplicationNotFoundError,
    AuthenticationRequiredError,
    ReasonRequiredError,
)
from minwon.applications.models import Application
from minwon.applications.ports import Sealer
from minwon.audit import PERSONAL_DATA_READ, record_event

__all__ = [
    "facts_context",
    "get_application",
    "list_applications",
    "read_personal_data",
    "represented",
]


def facts_context(application_id: str) -> str:
    """What an application's sealed facts are bound to: they unseal under no other row."""
    return f"application:{application_id}:facts"


def represented(actor: Actor) -> str | None:
    """The audit log's ``on_behalf_of``: the represented citizen, so events read "A for B"."""
    return f"citizen:{actor.on_behalf_of}" if actor.on_behalf_of else None


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
    facts = sealer.unseal(application.sealed_facts, context=facts_context(application.id))
    record_event(
        session,
        actor=actor.ref,
        action=PERSONAL_DATA_READ,
        subject=f"citizen:{application.citizen_id}",
        target=f"application:{application.id}",
        on_behalf_of=represented(actor),
        reason=reason or ("as representative" if actor.on_behalf_of else "own application"),
        data={"fields": sorted(facts)},
        at=now,
    )
    return facts
