"""Use cases: start a conversation, post a message, resume it, bind it to a person.

:class:`Conversations` is what entry points call: each method is one use case in one unit of
work, so a turn's messages, its new state and anything it files commit together or not at all.
The module functions are the same use cases run inside a caller's unit of work (``minwon
chat`` and tests compose them); they never commit.
"""

from __future__ import annotations

import datetime as dt
import secrets
import uuid
from dataclasses import dataclass, field

from sqlalchemy.orm import Session, sessionmaker

from minwon.actors import Actor
from minwon.applications.errors import AuthenticationRequiredError
from minwon.applications.ports import DelegationPolicy, Sealer
from minwon.applications.reading import list_applications
from minwon.clock import Clock
from minwon.conversations.access import (
    bind_to,
    facts_context,
    hash_token,
    load_conversation,
    read_state,
    restore_state,
)
from minwon.conversations.models import Conversation, ConversationMessage
from minwon.conversations.status_text import status_reply
from minwon.conversations.submission import (
    build_submissions,
    replay_filing,
    retry_on_conflict,
    settle_filing,
    submit_turn,
)
from minwon.db import session_scope
from minwon.dialogue import DialogueEngine, Turn
from minwon.identity import DelegationScope

__all__ = [
    "CONTINUED",
    "RESUMED",
    "Conversations",
    "Started",
    "bind_conversation",
    "build_submissions",
    "load_conversation",
    "post_message",
    "restore_state",
    "resume_conversation",
    "start_conversation",
]

# Why a conversation's facts were unsealed, as the audit log records it for the subject.
RESUMED = "conversation resumed"
CONTINUED = "conversation continued"


@dataclass(frozen=True, slots=True)
class Started:
    conversation: Conversation
    access_token: str  # shown once; needed to continue an anonymous conversation
    turn: Turn


@dataclass(frozen=True, slots=True)
class _Context:
    """What carrying out a turn needs besides the session."""

    engine: DialogueEngine
    sealer: Sealer
    actor: Actor
    delegations: DelegationPolicy
    today: dt.date
    now: dt.datetime


def _context(
    engine: DialogueEngine,
    sealer: Sealer,
    actor: Actor,
    delegations: DelegationPolicy | None,
    today: dt.date,
    now: dt.datetime,
) -> _Context:
    policy = delegations if delegations is not None else DelegationScope()
    return _Context(engine, sealer, actor, policy, today, now)


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
    delegations: DelegationPolicy | None = None,
) -> Started:
    """Create a conversation (anonymous, or the signed-in citizen's) and answer its first message.

    Started under a delegation, it records whom it is for: only the same pair continues it.
    """
    token = secrets.token_urlsafe(24)
    conversation = _new_conversation(actor, hash_token(token), channel, lang, now)
    session.add(conversation)
    turn = engine.start(text, today=today, lang=lang)
    if text:
        _log(session, sealer, conversation, "citizen", text, now)
    context = _context(engine, sealer, actor, delegations, today, now)
    return Started(conversation, token, _finish_turn(session, context, conversation, turn))


def _new_conversation(
    actor: Actor, access_hash: str, channel: str, lang: str | None, now: dt.datetime
) -> Conversation:
    # A conversation belongs to whoever starts it, and under a delegation to that pair.
    is_citizen = actor.kind == "citizen"
    return Conversation(
        id=str(uuid.uuid4()),
        citizen_id=actor.id if is_citizen else None,
        on_behalf_of=actor.on_behalf_of if is_citizen else None,
        access_hash=access_hash,
        channel=channel,
        lang="en" if lang == "en" else "ko",
        phase="start",
        state={},
        sealed_facts="",
        created_at=now,
        updated_at=now,
    )


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
    delegations: DelegationPolicy | None = None,
) -> Turn:
    """The next turn of a conversation; its state is saved in the same transaction."""
    conversation = load_conversation(
        session, actor=actor, conversation_id=conversation_id, access_token=access_token
    )
    replayed = replay_filing(session, sealer=sealer, conversation=conversation, text=text)
    if replayed is not None:
        return replayed  # the confirmation again (double tap, retry): the same answer, no filing
    state = read_state(
        session, sealer=sealer, actor=actor, conversation=conversation, reason=CONTINUED, now=now
    )
    _log(session, sealer, conversation, "citizen", text, now)
    turn = engine.handle(state, text, today=today)
    context = _context(engine, sealer, actor, delegations, today, now)
    turn = _finish_turn(session, context, conversation, turn)
    settle_filing(session, sealer=sealer, conversation=conversation, text=text, turn=turn)
    return turn


def resume_conversation(
    session: Session,
    *,
    engine: DialogueEngine,
    sealer: Sealer,
    actor: Actor,
    conversation_id: str,
    access_token: str | None,
    today: dt.date,
    now: dt.datetime,
) -> Turn:
    """The open question again (after a restart, on another device); nothing is changed."""
    conversation = load_conversation(
        session, actor=actor, conversation_id=conversation_id, access_token=access_token
    )
    state = read_state(
        session, sealer=sealer, actor=actor, conversation=conversation, reason=RESUMED, now=now
    )
    return engine.prompt(state, today)


def bind_conversation(
    session: Session, *, actor: Actor, conversation_id: str, access_token: str, now: dt.datetime
) -> Conversation:
    """A person who signs in mid-conversation takes it over, losing nothing.

    Under a delegation it becomes that pair's ("A for B"); the binding is recorded either way.
    """
    if actor.kind != "citizen" or not actor.has_level("signed_in"):
        raise AuthenticationRequiredError("signed_in")
    anonymous = Actor(kind="anonymous", id="-")
    conversation = load_conversation(
        session, actor=anonymous, conversation_id=conversation_id, access_token=access_token
    )
    bind_to(session, actor, conversation, now)
    session.flush()
    return conversation


def _finish_turn(
    session: Session, context: _Context, conversation: Conversation, turn: Turn
) -> Turn:
    """Carry out the engine's action, save the state and log minwon's reply (all sealed)."""
    turn = _act(session, context, conversation, turn)
    _save(context.sealer, conversation, turn, context.now)
    _log(session, context.sealer, conversation, "minwon", turn.reply.text, context.now)
    session.flush()
    return turn


def _act(session: Session, context: _Context, conversation: Conversation, turn: Turn) -> Turn:
    """Carry out what the engine asked for: submit (after step-up) or look up statuses."""
    actor, engine, today = context.actor, context.engine, context.today
    if turn.action == "status":
        if actor.kind != "citizen" or not actor.has_level("signed_in"):
            return status_reply(engine, turn, None, today)
        return status_reply(
            engine,
            turn,
            list_applications(session, actor=actor),
            today,
            acting_for_someone=actor.on_behalf_of is not None,
        )
    if turn.action != "submit":
        return turn
    return submit_turn(
        session,
        engine=engine,
        sealer=context.sealer,
        actor=actor,
        conversation=conversation,
        turn=turn,
        delegations=context.delegations,
        today=today,
        now=context.now,
    )


def _save(sealer: Sealer, conversation: Conversation, turn: Turn, now: dt.datetime) -> None:
    state = turn.state
    conversation.state = state.model_dump(mode="json", exclude={"facts"})
    conversation.sealed_facts = sealer.seal(state.facts, context=facts_context(conversation.id))
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


@dataclass(frozen=True)
class Conversations:
    """The conversation use cases for entry points, each in its own unit of work."""

    db: sessionmaker[Session]
    engine: DialogueEngine
    sealer: Sealer
    clock: Clock
    delegations: DelegationPolicy = field(default_factory=DelegationScope)

    def start(self, actor: Actor, *, text: str | None, channel: str, lang: str | None) -> Started:
        """A new conversation and the reply to its first message (if any)."""
        with session_scope(self.db) as session:
            return start_conversation(
                session,
                engine=self.engine,
                sealer=self.sealer,
                actor=actor,
                text=text,
                channel=channel,
                lang=lang,
                today=self.clock.today(),
                now=self.clock.now(),
                delegations=self.delegations,
            )

    def send(
        self, actor: Actor, conversation_id: str, *, access_token: str | None, text: str
    ) -> Turn:
        """The next turn (see :func:`post_message`); run again after a concurrent twin."""
        return retry_on_conflict(lambda: self._send(actor, conversation_id, access_token, text))

    def _send(
        self, actor: Actor, conversation_id: str, access_token: str | None, text: str
    ) -> Turn:
        with session_scope(self.db) as session:
            return post_message(
                session,
                engine=self.engine,
                sealer=self.sealer,
                actor=actor,
                conversation_id=conversation_id,
                access_token=access_token,
                text=text,
                today=self.clock.today(),
                now=self.clock.now(),
                delegations=self.delegations,
            )

    def resume(self, actor: Actor, conversation_id: str, *, access_token: str | None) -> Turn:
        """Where the conversation is (see :func:`resume_conversation`)."""
        with session_scope(self.db) as session:
            return resume_conversation(
                session,
                engine=self.engine,
                sealer=self.sealer,
                actor=actor,
                conversation_id=conversation_id,
                access_token=access_token,
                today=self.clock.today(),
                now=self.clock.now(),
            )

    def bind(self, actor: Actor, conversation_id: str, *, access_token: str) -> Turn:
        """Take an anonymous conversation over after signing in, and show where it is."""
        now = self.clock.now()
        with session_scope(self.db) as session:
            conversation = bind_conversation(
                session,
                actor=actor,
                conversation_id=conversation_id,
                access_token=access_token,
                now=now,
            )
            state = read_state(
                session,
                sealer=self.sealer,
                actor=actor,
                conversation=conversation,
                reason=RESUMED,
                now=now,
            )
            return self.engine.prompt(state, self.clock.today())
