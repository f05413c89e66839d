"""Who may continue a conversation, binding it to a person, and recorded reads of its facts.

A conversation belongs to whoever started it. Anonymous, it is continued with its access
token; bound to a citizen, only by that citizen, and, when it was started or bound under a
delegation ("A for B"), only by that same A acting for that same B. Anyone else gets "not
found", whether or not it exists. When someone other than the person the answers are about
unseals them (a representative carrying on), the read is recorded in the audit log.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac

from sqlalchemy.orm import Session

from minwon.actors import Actor
from minwon.applications.ports import Sealer
from minwon.audit import PERSONAL_DATA_READ, record_event
from minwon.conversations.errors import ConversationNotFoundError
from minwon.conversations.models import Conversation
from minwon.dialogue import ConversationState

__all__ = [
    "bind_to",
    "facts_context",
    "hash_token",
    "load_conversation",
    "read_state",
    "restore_state",
]


def hash_token(token: str) -> str:
    """What is stored of an anonymous conversation's access token (SHA-256, hex)."""
    return hashlib.sha256(token.encode()).hexdigest()


def facts_context(conversation_id: str) -> str:
    """What a conversation's sealed facts are bound to: they unseal under no other row."""
    return f"conversation:{conversation_id}:facts"


def _represented(actor: Actor) -> str | None:
    return f"citizen:{actor.on_behalf_of}" if actor.on_behalf_of else None


def _is_owner(actor: Actor, conversation: Conversation) -> bool:
    """The same person, acting for the same person (or for themself) as when it was bound."""
    return (
        actor.kind == "citizen"
        and actor.id == conversation.citizen_id
        and actor.on_behalf_of == conversation.on_behalf_of
    )


def load_conversation(
    session: Session, *, actor: Actor, conversation_id: str, access_token: str | None
) -> Conversation:
    """The conversation if the actor may continue it; "not found" otherwise (no existence leak)."""
    conversation = session.get(Conversation, conversation_id)
    if conversation is None:
        raise ConversationNotFoundError(conversation_id)
    if conversation.citizen_id is not None:
        if _is_owner(actor, conversation):
            return conversation
        raise ConversationNotFoundError(conversation_id)
    if access_token and hmac.compare_digest(hash_token(access_token), conversation.access_hash):
        return conversation
    raise ConversationNotFoundError(conversation_id)


def bind_to(session: Session, actor: Actor, conversation: Conversation, now: dt.datetime) -> None:
    """The conversation becomes the actor's ("A for B" under a delegation), recorded."""
    conversation.citizen_id = actor.id
    conversation.on_behalf_of = actor.on_behalf_of
    conversation.updated_at = now
    record_event(
        session,
        actor=actor.ref,
        action="conversation:bound",
        subject=f"citizen:{actor.subject_id}",
        target=f"conversation:{conversation.id}",
        on_behalf_of=_represented(actor),
        at=now,
    )


def restore_state(sealer: Sealer, conversation: Conversation) -> ConversationState:
    """The engine state: the plain part plus the unsealed facts (not recorded: see read_state)."""
    facts = (
        sealer.unseal(conversation.sealed_facts, context=facts_context(conversation.id))
        if conversation.sealed_facts
        else {}
    )
    return ConversationState.model_validate({**conversation.state, "facts": facts})


def read_state(
    session: Session,
    *,
    sealer: Sealer,
    actor: Actor,
    conversation: Conversation,
    reason: str,
    now: dt.datetime,
) -> ConversationState:
    """The state for ``actor`` to carry on with; a read by anyone but the data's subject is audited.

    The answers are about the represented citizen under a delegation, else about the owner;
    an anonymous conversation has no known subject, and nothing is recorded for it.
    """
    state = restore_state(sealer, conversation)
    subject = conversation.on_behalf_of or conversation.citizen_id
    if subject is not None and state.facts and actor.id != subject:
        record_event(
            session,
            actor=actor.ref,
            action=PERSONAL_DATA_READ,
            subject=f"citizen:{subject}",
            target=f"conversation:{conversation.id}",
            on_behalf_of=_represented(actor),
            reason=reason,
            data={"fields": sorted(state.facts)},
            at=now,
        )
    return state
