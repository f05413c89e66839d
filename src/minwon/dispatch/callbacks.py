"""Agencies' signed status callbacks: ``POST /v1/agencies/{code}/events``.

Verified like the deliveries (Standard Webhooks, the agency's key): a bad signature, a
timestamp more than 5 minutes away or a ``webhook-id`` already received is refused
(:class:`InvalidSignatureError`, 401) and changes nothing. An accepted event moves the
application through the status machine, with its history step and audit event, in the same
transaction as the record of its ``webhook-id``: the citizen sees the new status at once.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session
from standardwebhooks.webhooks import Webhook, WebhookVerificationError

from minwon.applications.models import AgencyEvent, Application, ApplicationEvent
from minwon.applications.status import can_move
from minwon.audit import record_event
from minwon.dispatch.endpoints import AgencyDirectory, AgencyKeyError

__all__ = [
    "STATUS_CHANGED",
    "AgencyCallbacks",
    "AgencyEventError",
    "AppliedEvent",
    "InvalidSignatureError",
    "UnknownAgencyError",
    "receive_agency_event",
]

STATUS_CHANGED = "application.status_changed"
MAX_REASON = 2000


class InvalidSignatureError(PermissionError):
    """Bad signature, stale or future timestamp, or a replayed ``webhook-id``."""


class UnknownAgencyError(LookupError):
    """No agency with this code in the catalog."""


class AgencyEventError(ValueError):
    """A verified event that cannot apply: malformed, another agency's, an impossible move."""


@dataclass(frozen=True, slots=True)
class AppliedEvent:
    """What an accepted callback changed."""

    application_id: str
    receipt_no: str
    status: str


def _verify(directory: AgencyDirectory, code: str, body: bytes, headers: Mapping[str, str]) -> Any:
    if not directory.knows(code):
        raise UnknownAgencyError(code)
    try:
        secret = directory.endpoint(code).secret
        return Webhook(secret).verify(body, dict(headers))
    except (AgencyKeyError, WebhookVerificationError, ValueError) as exc:
        raise InvalidSignatureError(str(exc)) from None


def _remember(session: Session, code: str, webhook_id: str, kind: str, now: dt.datetime) -> None:
    session.add(
        AgencyEvent(
            agency_code=code, webhook_id=webhook_id[:100], event_type=kind[:80], received_at=now
        )
    )
    try:
        session.flush()
    except IntegrityError as exc:
        raise InvalidSignatureError("this webhook-id was already received") from exc


def _application(session: Session, code: str, data: Mapping[str, Any]) -> Application:
    query = select(Application)
    if isinstance(data.get("application_id"), str):
        query = query.where(Application.id == data["application_id"])
    elif isinstance(data.get("receipt_no"), str):
        query = query.where(Application.receipt_no == data["receipt_no"])
    else:
        raise AgencyEventError("data needs application_id or receipt_no")
    application = session.scalars(query).first()
    if application is None or application.agency_code != code:
        raise AgencyEventError("no such application at this agency")
    return application


def receive_agency_event(
    session: Session,
    *,
    directory: AgencyDirectory,
    agency_code: str,
    body: bytes,
    headers: Mapping[str, str],
    now: dt.datetime,
) -> AppliedEvent:
    """Verify, deduplicate and apply one callback, in the caller's unit of work."""
    document = _verify(directory, agency_code, body, headers)
    webhook_id = {k.lower(): v for k, v in headers.items()}["webhook-id"]
    kind = document.get("type") if isinstance(document, dict) else None
    _remember(session, agency_code, webhook_id, str(kind), now)
    data = document.get("data") if isinstance(document, dict) else None
    if kind != STATUS_CHANGED or not isinstance(data, dict):
        raise AgencyEventError(f"unsupported event type {str(kind)[:40]!r}")
    application = _application(session, agency_code, data)
    target = data.get("status")
    if not isinstance(target, str) or not can_move(application.status, target):
        raise AgencyEventError(f"cannot move from {application.status} to {str(target)[:30]}")
    reason = data.get("reason") if isinstance(data.get("reason"), str) else None
    _move(session, application, agency_code, target, reason, now)
    return AppliedEvent(application.id, application.receipt_no, target)


def _move(
    session: Session,
    application: Application,
    code: str,
    target: str,
    reason: str | None,
    now: dt.datetime,
) -> None:
    clean = reason.strip()[:MAX_REASON] if reason and reason.strip() else None
    application.events.append(
        ApplicationEvent(
            from_status=application.status,
            to_status=target,
            actor=f"agency:{code}",
            reason=clean,
            at=now,
        )
    )
    application.status = target
    application.updated_at = now
    record_event(
        session,
        actor=f"system:agency.{code}",
        action=f"application:{target}",
        subject=f"citizen:{application.citizen_id}",
        target=f"application:{application.id}",
        reason=clean,
        at=now,
    )
    session.flush()


@dataclass(frozen=True)
class AgencyCallbacks:
    """The callback use case for entry points: one unit of work per event."""

    factory: Any  # sessionmaker[Session]
    directory: AgencyDirectory
    clock: Any  # minwon.clock.Clock

    def receive(self, agency_code: str, body: bytes, headers: Mapping[str, str]) -> AppliedEvent:
        """Verify and apply one callback (see :func:`receive_agency_event`)."""
        from minwon.db import session_scope

        with session_scope(self.factory) as session:
            return receive_agency_event(
                session,
                directory=self.directory,
                agency_code=agency_code,
                body=body,
                headers=headers,
                now=self.clock.now(),
            )
