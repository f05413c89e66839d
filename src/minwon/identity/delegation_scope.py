"""Whether a delegation lets one person act for another today, on a given service.

``DelegationScope`` is the identity side of the applications package's ``DelegationPolicy``
port: applications asks "does A's delegation from B cover this service today?" without
importing identity.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session

from minwon.db import session_scope
from minwon.identity.models import Account, Delegation
from minwon.identity.runtime import IdentityRuntime

__all__ = ["DelegationScope", "active_delegation", "delegation_status"]


def delegation_status(row: Delegation, today: dt.date) -> str:
    """``revoked``, ``scheduled`` (not started), ``ended`` or ``active`` on ``today``."""
    if row.revoked_at is not None:
        return "revoked"
    if today < row.starts_on:
        return "scheduled"
    if today > row.ends_on:
        return "ended"
    return "active"


def _find(
    session: Session, grantee_id: str, grantor_id: str, service_id: str | None, today: dt.date
) -> Delegation | None:
    rows = session.scalars(
        select(Delegation)
        .join(Account, Account.id == Delegation.grantor_account_id)
        .where(
            Delegation.grantee_account_id == grantee_id,
            Delegation.grantor_account_id == grantor_id,
            Delegation.revoked_at.is_(None),
            Delegation.starts_on <= today,
            Delegation.ends_on >= today,
            # A disabled account cannot be acted for: whoever disabled it wanted it stopped.
            Account.disabled_at.is_(None),
        )
        .order_by(Delegation.created_at)
    )
    for row in rows:
        if service_id is None or service_id in row.services:
            return row
    return None


def active_delegation(
    source: Session | IdentityRuntime,
    grantee_id: str,
    grantor_id: str,
    service_id: str | None,
    today: dt.date,
) -> Delegation | None:
    """The delegation that lets ``grantee_id`` act for ``grantor_id`` on ``today``, if any.

    With ``service_id`` it must also cover that service; with ``None``, any service will do
    (enough to see the represented person's applications). ``today`` is the Korean date:
    ``starts_on`` and ``ends_on`` are both inclusive. Pass the caller's session to read inside
    its transaction, or the runtime to read in a short one of its own.
    """
    if isinstance(source, Session):
        return _find(source, grantee_id, grantor_id, service_id, today)
    with session_scope(source.db) as session:
        return _find(session, grantee_id, grantor_id, service_id, today)


class DelegationScope:
    """The real ``DelegationPolicy``: answers from the delegations table."""

    def covers(
        self,
        session: Session,
        *,
        grantee_id: str,
        grantor_id: str,
        service_id: str,
        on: dt.date,
    ) -> bool:
        """True when an active delegation from ``grantor_id`` covers ``service_id`` on ``on``."""
        return active_delegation(session, grantee_id, grantor_id, service_id, on) is not None
