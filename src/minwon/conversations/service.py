"""Use cases: start a conversation, post a message, bind it to a person, submit from it."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import secrets
import uuid
from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from minwon.actors import Actor
from minwon.applications.ports import Sealer
from minwon.applications.schemas import Submission
from minwon.applications.service import list_applications, submit_applications
from minwon.audit import record_event
from minwon.catalog import Catalog
from minwon.catalog.fieldtypes import FIELD_TYPES
from minwon.conversations.errors import ConversationNotFoundError
from minwon.conversations.models import Conversation, ConversationMessage
from minwon.conversations.status_text import status_reply
from minwon.dialogue import ConversationState, DialogueEngine, Turn
from minwon.dialogue.plan import deadline_for, service_facts
from minwon.identity import DelegationScope

__all__ = [
    "Started",
    "bind_conversation",
    "load_conversation",
    "post_message",
    "start_conversation",
]


@dataclass(frozen=True, slots=True)
class Started:
    conversation: Conversation
    access_token: str  # shown once; needed to continue an anonymous conversation
    turn: Turn


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _context(conversation_id: str) -> str:
    return f"conversation:{conversation_id}:facts"


def start_conversation(
    session: Session,
    *,
    engine: DialogueEngine,
    sealer: Sealer,
    actor: Actor,
    text: str | None,
    channel: str,
    lang: str | None,
    today: dt.date,
    now: dt.datetime,
) -> Started:
    """Create a conversation (anonymous or the signed-in citizen's) and answer its first message."""
    token = secrets.token_urlsafe(24)
    conversation = Conversation(
        id=str(uuid.uuid4()),
        citizen_id=actor.subject_id if actor.kind == "citizen" else None,
        access_hash=_hash(token),
        channel=channel,
        lang="en" if lang == "en" else "ko",
        phase="start",
        state={},
        sealed_facts="",
        created_at=now,
        updated_at=now,
    )
    session.add(conversation)
    turn = engine.start(text, today=today, lang=lang)
    if text:
        _log(session, sealer, conversation, "citizen", text, now)
    turn = _finish_turn(session, engine, sealer, actor, conversation, turn, today, now)
    return Started(conversation, token, turn)


def load_conversation(
    session: Session, *, actor: Actor, conversation_id: str, access_token: str | None
) -> Conversation:
    """The conversation if the actor may continue it; "not found" otherwise (no existence leak)."""
    conversation = session.get(Conversation, conversation_id)
    if conversation is None:
        raise ConversationNotFoundError(conversation_id)
    if conversation.citizen_id is not None:
        if actor.kind == "citizen" and actor.subject_id == conversation.citizen_id:
            return conversation
        raise ConversationNotFoundError(conversation_id)
    if access_token and hmac.compare_digest(_hash(access_token), conversation.access_hash):
        return conversation
    raise ConversationNotFoundError(conversation_id)


def post_message(
    session: Session,
    *,
    engine: DialogueEngine,
    sealer: Sealer,
    actor: Actor,
    conversation_id: str,
    access_token: str | None,
    text: str,
    today: dt.date,
    now: dt.datetime,
) -> Turn:
    """The next turn of a conversation; its state is saved in the same transaction."""
    conversation = load_conversation(
        session, actor=actor, conversation_id=conversation_id, access_token=access_token
    )
    state = restore_state(sealer, conversation)
    _log(session, sealer, conversation, "citizen", text, now)
    turn = engine.handle(state, text, today=today)
    turn = _finish_turn(session, engine, sealer, actor, conversation, turn, today, now)
    return turn


def bind_conversation(
    session: Session, *, actor: Actor, conversation_id: str, access_token: str, now: dt.datetime
) -> Conversation:
    """A person who signs in mid-conversation takes it over, losing nothing."""
    conversation = load_conversation(
        session,
        actor=Actor(kind="anonymous", id="-"),
        conversation_id=conversation_id,
        access_token=access_token,
    )
    if actor.kind != "citizen" or not actor.has_level("signed_in"):
        raise ConversationNotFoundError(conversation_id)
    conversation.citizen_id = actor.subject_id
    conversation.updated_at = now
    record_event(
        session,
        actor=actor.ref,
        action="conversation:bound",
        subject=f"citizen:{actor.subject_id}",
        target=f"conversation:{conversation.id}",
        at=now,
    )
    session.flush()
    return conversation


def _finish_turn(
    session: Session,
    engine: DialogueEngine,
    sealer: Sealer,
    actor: Actor,
    conversation: Conversation,
    turn: Turn,
    today: dt.date,
    now: dt.datetime,
) -> Turn:
    """Carry out the engine's action, save the state and log minwon's reply (all sealed)."""
    turn = _act(
        session,
        engine=engine,
        sealer=sealer,
        actor=actor,
        conversation=conversation,
        turn=turn,
        today=today,
        now=now,
    )
    _save(sealer, conversation, turn, now)
    _log(session, sealer, conversation, "minwon", turn.reply.text, now)
    session.flush()
    return turn


def restore_state(sealer: Sealer, conversation: Conversation) -> ConversationState:
    """The engine state: the plain part plus the unsealed facts."""
    facts = (
        sealer.unseal(conversation.sealed_facts, context=_context(conversation.id))
        if conversation.sealed_facts
        else {}
    )
    return ConversationState.model_validate({**conversation.state, "facts": facts})


def _save(sealer: Sealer, conversation: Conversation, turn: Turn, now: dt.datetime) -> None:
    state = turn.state
    conversation.state = state.model_dump(mode="json", exclude={"facts"})
    conversation.sealed_facts = sealer.seal(state.facts, context=_context(conversation.id))
    conversation.phase = state.phase
    conversation.lang = state.lang
    conversation.updated_at = now


def _log(
    session: Session,
    sealer: Sealer,
    conversation: Conversation,
    role: str,
    text: str,
    now: dt.datetime,
) -> None:
    conversation.message_count = (conversation.message_count or 0) + 1
    seq = conversation.message_count
    sealed = sealer.seal({"text": text}, context=f"conversation:{conversation.id}:message:{seq}")
    session.add(
        ConversationMessage(
            conversation_id=conversation.id, seq=seq, role=role, sealed_text=sealed, at=now
        )
    )


def _act(
    session: Session,
    *,
    engine: DialogueEngine,
    sealer: Sealer,
    actor: Actor,
    conversation: Conversation,
    turn: Turn,
    today: dt.date,
    now: dt.datetime,
) -> Turn:
    """Carry out what the engine asked for: submit (after step-up) or look up statuses."""
    if turn.action == "status":
        if actor.kind != "citizen" or not actor.has_level("signed_in"):
            return status_reply(engine, turn, None, today)
        return status_reply(engine, turn, list_applications(session, actor=actor), today)
    if turn.action != "submit":
        return turn
    if actor.kind != "citizen" or not actor.has_level("mfa"):
        return engine.needs_authentication(turn.state, today)
    submissions = build_submissions(engine.catalog, turn.state)
    filed = submit_applications(
        session,
        actor=actor,
        submissions=submissions,
        sealer=sealer,
        catalog_version=engine.catalog.fingerprint,
        delegations=DelegationScope(),
        conversation_id=conversation.id,
        now=now,
    )
    conversation.citizen_id = conversation.citizen_id or actor.subject_id
    return engine.submitted(turn.state, [a.receipt_no for a in filed], today)


def build_submissions(catalog: Catalog, state: ConversationState) -> list[Submission]:
    """One submission per service in play, with its own facts and computed deadline."""
    out = []
    for service_id in state.in_play():
        service = catalog.service(service_id)
        facts = service_facts(catalog, state, service_id)
        public: dict[str, Any] = {}
        for spec in service.fields:
            field_type = FIELD_TYPES.get(spec.type)
            if spec.id in facts and field_type is not None and not field_type.personal:
                public[spec.id] = facts[spec.id]
        deadline = deadline_for(catalog, state, service_id)
        out.append(
            Submission(
                service_id=service_id,
                agency_code=service.agency.code,
                facts=facts,
                public_facts=public,
                bundle_id=state.bundle,
                deadline=deadline.due if deadline else None,
            )
        )
    return out
