"""The conversation's submit step: what to file, and filing it after a multi-factor sign-in."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy.orm import Session

from minwon.actors import Actor
from minwon.applications.errors import NothingToSubmitError
from minwon.applications.filing import submit_applications
from minwon.applications.ports import DelegationPolicy, Sealer
from minwon.applications.schemas import Submission
from minwon.catalog import Catalog
from minwon.catalog.fieldtypes import FIELD_TYPES
from minwon.conversations.access import bind_to
from minwon.conversations.models import Conversation
from minwon.dialogue import ConversationState, DialogueEngine, Turn
from minwon.dialogue.plan import active_services, deadline_for, service_facts

__all__ = ["build_submissions", "submit_turn"]


def build_submissions(
    catalog: Catalog, state: ConversationState, today: dt.date
) -> list[Submission]:
    """One submission per active service (in play and included by its bundle rule).

    A bundle member the reply shows as not included (its rule says no, or not known yet) is
    never filed, whatever the state's service list still holds.
    """
    return [_submission(catalog, state, s, today) for s in active_services(catalog, state, today)]


def _submission(
    catalog: Catalog, state: ConversationState, service_id: str, today: dt.date
) -> Submission:
    service = catalog.service(service_id)
    facts = service_facts(catalog, state, service_id)
    public: dict[str, Any] = {}
    for spec in service.fields:
        field_type = FIELD_TYPES.get(spec.type)
        if spec.id in facts and field_type is not None and not field_type.personal:
            public[spec.id] = facts[spec.id]
    deadline = deadline_for(catalog, state, service_id)
    return Submission(
        service_id=service_id,
        agency_code=service.agency.code,
        facts=facts,
        public_facts=public,
        bundle_id=state.bundle,
        deadline=deadline.due if deadline else None,
    )


def submit_turn(
    session: Session,
    *,
    engine: DialogueEngine,
    sealer: Sealer,
    actor: Actor,
    conversation: Conversation,
    turn: Turn,
    delegations: DelegationPolicy,
    today: dt.date,
    now: dt.datetime,
) -> Turn:
    """File the conversation's applications, or ask for a multi-factor sign-in first.

    Nothing to file is :class:`NothingToSubmitError` (no empty filing, no empty receipt list),
    checked before asking anyone to sign in for it. Filed by someone signed in on an anonymous
    conversation, the conversation becomes theirs, recorded like any other binding.
    """
    submissions = build_submissions(engine.catalog, turn.state, today)
    if not submissions:
        raise NothingToSubmitError(conversation.id)
    if actor.kind != "citizen" or not actor.has_level("mfa"):
        return engine.needs_authentication(turn.state, today)
    filed = submit_applications(
        session,
        actor=actor,
        submissions=submissions,
        sealer=sealer,
        catalog_version=engine.catalog.fingerprint,
        delegations=delegations,
        conversation_id=conversation.id,
        now=now,
    )
    if conversation.citizen_id is None:
        bind_to(session, actor, conversation, now)
    return engine.submitted(turn.state, [a.receipt_no for a in filed], today)
