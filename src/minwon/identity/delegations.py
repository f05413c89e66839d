"""Use cases: delegations, so a person can act for a family member or someone they care for.

The represented person (grantor) grants one online at MFA level, or an officer records one
from a paper power of attorney. Each covers explicit catalog services between two Korean
calendar dates, either party may revoke it, both see it, and both hear about it in the app.
Acting under one is checked by :func:`~minwon.identity.delegation_scope.active_delegation`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Set

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from minwon.audit import record_event
from minwon.db import session_scope
from minwon.identity.accounts import find_citizen, require_officer
from minwon.identity.delegation_scope import delegation_status
from minwon.identity.errors import (
    AccountNotFoundError,
    CitizenOnlyError,
    DelegationNotFoundError,
    DelegationTermsError,
    GranteeNotFoundError,
)
from minwon.identity.events import actor_of, checked_reason, new_id
from minwon.identity.models import Account, Delegation
from minwon.identity.notifications import notify
from minwon.identity.runtime import IdentityRuntime
from minwon.identity.schemas import (
    DelegationTerms,
    DelegationView,
    PaperPowerOfAttorney,
    Party,
    SessionContext,
)

__all__ = [
    "MAX_DELEGATED_SERVICES",
    "MAX_TERM",
    "check_terms",
    "grant_delegation",
    "list_delegations",
    "record_paper_delegation",
    "revoke_delegation",
]

MAX_DELEGATED_SERVICES = 50
# A product rule, not a statute: long enough for a year of caring for a parent, short enough
# that a forgotten delegation does not outlive the need; a longer one is simply granted again.
MAX_TERM = dt.timedelta(days=3 * 366)


def check_terms(
    terms: DelegationTerms, valid_services: Set[str], today: dt.date, *, may_start_before: bool
) -> DelegationTerms:
    """The terms with services de-duplicated and sorted; :class:`DelegationTermsError` if bad.

    ``may_start_before`` lets a paper power of attorney keep the date it was signed on; one
    granted online starts today or later.
    """
    services = tuple(sorted(set(terms.services)))
    if not services:
        raise DelegationTermsError("no-services")
    if len(services) > MAX_DELEGATED_SERVICES:
        raise DelegationTermsError("too-many-services")
    unknown = tuple(s for s in services if s not in valid_services)
    if unknown:
        raise DelegationTermsError("unknown-service", unknown)
    if terms.ends_on < terms.starts_on:
        raise DelegationTermsError("end-before-start")
    if terms.ends_on < today:
        raise DelegationTermsError("already-ended")
    if terms.starts_on < today and not may_start_before:
        raise DelegationTermsError("start-in-past")
    if terms.ends_on - terms.starts_on > MAX_TERM:
        raise DelegationTermsError("too-long")
    return DelegationTerms(services, terms.starts_on, terms.ends_on)


def _view(session: Session, row: Delegation, viewer_id: str, today: dt.date) -> DelegationView:
    grantor = session.get_one(Account, row.grantor_account_id)
    grantee = session.get_one(Account, row.grantee_account_id)
    return DelegationView(
        id=row.id,
        direction="granted" if viewer_id == grantor.id else "received",
        grantor=Party(grantor.id, grantor.display_name),
        grantee=Party(grantee.id, grantee.display_name),
        services=tuple(row.services),
        starts_on=row.starts_on,
        ends_on=row.ends_on,
        status=delegation_status(row, today),
        recorded_by=row.created_by.split(":", 1)[0],
        document_ref=row.document_ref,
        created_at=row.created_at,
        revoked_at=row.revoked_at,
    )


def _create(
    session: Session,
    grantor: Account,
    grantee: Account,
    terms: DelegationTerms,
    *,
    created_by: str,
    document_ref: str | None,
    now: dt.datetime,
) -> Delegation:
    if grantor.id == grantee.id:
        raise DelegationTermsError("self")
    row = Delegation(
        id=new_id(),
        grantor_account_id=grantor.id,
        grantee_account_id=grantee.id,
        services=list(terms.services),
        starts_on=terms.starts_on,
        ends_on=terms.ends_on,
        created_by=created_by,
        document_ref=document_ref,
        created_at=now,
    )
    session.add(row)
    # The grantee hears of it at once: nobody should be made a representative unawares.
    notify(
        session,
        grantee.id,
        "notice-delegation-received",
        now,
        grantor=grantor.display_name,
        count=len(terms.services),
        starts_on=terms.starts_on.isoformat(),
        ends_on=terms.ends_on.isoformat(),
    )
    session.flush()
    return row


def _event_data(row: Delegation) -> dict[str, object]:
    return {
        "grantee": f"citizen:{row.grantee_account_id}",
        "services": list(row.services),
        "starts_on": row.starts_on.isoformat(),
        "ends_on": row.ends_on.isoformat(),
    }


def grant_delegation(
    rt: IdentityRuntime,
    ctx: SessionContext,
    *,
    grantee_email: str,
    terms: DelegationTerms,
    valid_services: Set[str],
) -> DelegationView:
    """Use case: the signed-in citizen lets another citizen act for them (MFA level).

    ``valid_services`` are the catalog's service ids (identity does not read the catalog).
    """
    now, today = rt.now(), rt.clock.today()
    rt.levels.require_level(ctx, "mfa", now=now)
    if ctx.account_kind != "citizen":
        raise CitizenOnlyError()
    terms = check_terms(terms, valid_services, today, may_start_before=False)
    with session_scope(rt.db) as session:
        grantee = find_citizen(session, grantee_email)
        if grantee is None:
            raise GranteeNotFoundError()
        grantor = session.get_one(Account, ctx.account_id)
        row = _create(
            session, grantor, grantee, terms, created_by=actor_of(ctx), document_ref=None, now=now
        )
        record_event(
            session,
            actor=actor_of(ctx),
            action="delegation:granted",
            subject=f"citizen:{grantor.id}",
            target=f"delegation:{row.id}",
            data=_event_data(row),
            at=now,
        )
        return _view(session, row, ctx.account_id, today)


def _paper_parties(session: Session, paper: PaperPowerOfAttorney) -> tuple[Account, Account]:
    grantor = find_citizen(session, paper.grantor_email)
    if grantor is None:
        raise AccountNotFoundError()
    grantee = find_citizen(session, paper.grantee_email)
    if grantee is None:
        raise GranteeNotFoundError()
    return grantor, grantee


def record_paper_delegation(
    rt: IdentityRuntime,
    ctx: SessionContext,
    paper: PaperPowerOfAttorney,
    terms: DelegationTerms,
    *,
    valid_services: Set[str],
) -> DelegationView:
    """Use case: an officer (MFA) records a delegation from a paper power of attorney.

    Recorded with the officer, the reason and the paper's reference; the represented person
    is notified too, so a forged paper does not go unnoticed.
    """
    now, today = rt.now(), rt.clock.today()
    require_officer(rt, ctx, now)
    terms = check_terms(terms, valid_services, today, may_start_before=True)
    reason, ref = checked_reason(paper.reason), paper.document_ref.strip()
    with session_scope(rt.db) as session:
        grantor, grantee = _paper_parties(session, paper)
        row = _create(
            session, grantor, grantee, terms, created_by=actor_of(ctx), document_ref=ref, now=now
        )
        notify(
            session,
            grantor.id,
            "notice-delegation-recorded",
            now,
            grantee=grantee.display_name,
            document_ref=ref,
            ends_on=terms.ends_on.isoformat(),
        )
        record_event(
            session,
            actor=actor_of(ctx),
            action="delegation:recorded",
            subject=f"citizen:{grantor.id}",
            target=f"delegation:{row.id}",
            reason=reason,
            data={**_event_data(row), "document_ref": ref},
            at=now,
        )
        return _view(session, row, grantor.id, today)


def list_delegations(rt: IdentityRuntime, ctx: SessionContext) -> list[DelegationView]:
    """Use case: delegations the person granted and received, newest first (revoked included)."""
    today = rt.clock.today()
    with session_scope(rt.db) as session:
        rows = session.scalars(
            select(Delegation)
            .where(
                or_(
                    Delegation.grantor_account_id == ctx.account_id,
                    Delegation.grantee_account_id == ctx.account_id,
                )
            )
            .order_by(Delegation.created_at.desc(), Delegation.id)
        )
        return [_view(session, row, ctx.account_id, today) for row in rows]


def revoke_delegation(
    rt: IdentityRuntime, ctx: SessionContext, delegation_id: str
) -> DelegationView:
    """Use case: either party ends a delegation now; the other party is notified.

    Signed in is enough: stopping someone from acting for you must never wait for a step-up.
    Revoking twice changes nothing.
    """
    now, today = rt.now(), rt.clock.today()
    with session_scope(rt.db) as session:
        row = session.get(Delegation, delegation_id)
        parties = (row.grantor_account_id, row.grantee_account_id) if row else ()
        if row is None or ctx.account_id not in parties:
            raise DelegationNotFoundError()
        if row.revoked_at is None:
            row.revoked_at, row.revoked_by = now, actor_of(ctx)
            other = next(p for p in parties if p != ctx.account_id)
            me = session.get_one(Account, ctx.account_id)
            notify(session, other, "notice-delegation-revoked", now, by=me.display_name)
            record_event(
                session,
                actor=actor_of(ctx),
                action="delegation:revoked",
                subject=f"citizen:{row.grantor_account_id}",
                target=f"delegation:{row.id}",
                at=now,
            )
        return _view(session, row, ctx.account_id, today)
