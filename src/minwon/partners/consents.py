"""Use cases for citizens: see the partners they connected, and disconnect one."""

from __future__ import annotations

from sqlalchemy import select

from minwon.audit import record_event
from minwon.db import session_scope
from minwon.partners.authorize import live_consent
from minwon.partners.errors import ClientNotFoundError
from minwon.partners.models import Consent, OAuthClient
from minwon.partners.runtime import PartnerRuntime
from minwon.partners.schemas import ConnectedPartner
from minwon.partners.token_store import revoke_tokens

__all__ = ["list_connected_partners", "revoke_partner"]


def list_connected_partners(rt: PartnerRuntime, account_id: str) -> list[ConnectedPartner]:
    """Use case: the partners that may act for the citizen, most recently connected first."""
    with session_scope(rt.db) as session:
        rows = session.execute(
            select(Consent, OAuthClient)
            .join(OAuthClient, OAuthClient.id == Consent.client_id)
            .where(Consent.account_id == account_id, Consent.revoked_at.is_(None))
            .order_by(Consent.granted_at.desc())
        ).all()
        return [
            ConnectedPartner(
                client_id=client.id,
                name_ko=client.name_ko,
                name_en=client.name_en,
                scopes=tuple(sorted(consent.scopes.split())),
                granted_at=consent.granted_at,
            )
            for consent, client in rows
        ]


def revoke_partner(rt: PartnerRuntime, account_id: str, client_id: str) -> None:
    """Use case: the citizen disconnects a partner; its tokens stop working at once.

    Raises :class:`ClientNotFoundError` when the citizen has no live consent for it.
    """
    now = rt.now()
    with session_scope(rt.db) as session:
        consent = live_consent(session, account_id, client_id[:40])
        if consent is None:
            raise ClientNotFoundError()
        consent.revoked_at = now
        count = revoke_tokens(session, reason="consent-revoked", now=now, consent_id=consent.id)
        citizen = f"citizen:{account_id}"
        record_event(
            session,
            actor=citizen,
            action="partner:consent:revoked",
            subject=citizen,
            target=f"partner:{consent.client_id}",
            data={"scopes": sorted(consent.scopes.split()), "revoked_tokens": count},
            at=now,
        )
