"""The conversation's submit step: what to file, and filing it after a multi-factor sign-in.

A confirmation is filed at most once. The submit step first inserts the conversation's filing
row keyed by (conversation, the confirming message's number): the same confirmation sent twice
at once makes the second insert wait for the first and fail, so the second turn files nothing
(:class:`RepeatedConfirmationError` or a stale conversation; the use case then runs it again).
Run again, or sent again later while nothing else happened in the conversation, the same message
gets the stored answer of the filing, with the same receipt numbers
(:func:`replay_filing`).
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable
from typing import Any, TypeVar

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from minwon.actors import Actor
from minwon.applications.delivery import unavailable_agencies
from minwon.applications.errors import NothingToSubmitError
from minwon.applications.filing import submit_applications
from minwon.applications.models import ConversationFiling
from minwon.applications.ports import DelegationPolicy, Sealer
from minwon.applications.schemas import Submission
from minwon.catalog import Catalog
from minwon.catalog.fieldtypes import FIELD_TYPES
from minwon.conversations.access import bind_to
from minwon.conversations.models import Conversation
from minwon.dialogue import ConversationState, DialogueEngine, Reply, Turn
from minwon.dialogue.plan import active_services, deadline_for, service_facts

__all__ = [
    "RepeatedConfirmationError",
    "build_submissions",
    "replay_filing",
    "retry_on_conflict",
    "settle_filing",
    "submit_turn",
]


class RepeatedConfirmationError(Exception):
    """The same confirming message was filed by a concurrent request: nothing is filed twice."""


T = TypeVar("T")
CONFLICT_RETRIES = 3


def retry_on_conflict(run: Callable[[], T]) -> T:
    """Run a turn's unit of work again when a concurrent turn of the same conversation won.

    Each attempt is a whole transaction that rolled back, so running it again is safe; the
    repeat of a confirmation then gets the filing's stored answer (:func:`replay_filing`).
    """
    for _ in range(CONFLICT_RETRIES - 1):
        try:
            return run()
        except (RepeatedConfirmationError, StaleDataError):
            continue
    return run()


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
    _claim_filing(session, conversation, now)
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
    receipts = [a.receipt_no for a in filed]
    _filing(session, conversation).receipts = receipts
    # Honest about an agency that cannot take it now: filed and queued, delivered later.
    delayed = unavailable_agencies(session, [s.agency_code for s in submissions])
    delayed_services = [s.service_id for s in submissions if s.agency_code in delayed]
    return engine.submitted(turn.state, receipts, today, delayed=delayed_services)


def _text_hash(text: str) -> str:
    return hashlib.sha256(text.strip().encode()).hexdigest()


def _reply_context(conversation_id: str, seq: int) -> str:
    return f"conversation:{conversation_id}:filing:{seq}"


def _claim_filing(session: Session, conversation: Conversation, now: dt.datetime) -> None:
    """Take this confirming message's one filing; a concurrent twin waits here, then fails."""
    conversation_id, seq = conversation.id, conversation.message_count
    session.add(
        ConversationFiling(
            conversation_id=conversation_id,
            message_seq=seq,
            text_hash="",
            receipts=[],
            sealed_reply="",
            settled_count=0,
            filed_at=now,
        )
    )
    try:
        session.flush()
    except IntegrityError as exc:
        # Nothing of the failed session may be read any more (not even conversation.id).
        raise RepeatedConfirmationError(conversation_id) from exc


def _filing(session: Session, conversation: Conversation) -> ConversationFiling:
    filing = session.get(ConversationFiling, (conversation.id, conversation.message_count))
    assert filing is not None  # noqa: S101 — claimed earlier in this turn
    return filing


def settle_filing(
    session: Session, *, sealer: Sealer, conversation: Conversation, text: str, turn: Turn
) -> None:
    """After a filing turn: remember its message and answer, for a repeat to get them again."""
    # The only unsettled filing of a conversation is the one this turn claimed, if any.
    filing = session.scalars(
        select(ConversationFiling).where(
            ConversationFiling.conversation_id == conversation.id,
            ConversationFiling.text_hash == "",
        )
    ).first()
    if filing is None:
        return
    filing.text_hash = _text_hash(text)
    filing.sealed_reply = sealer.seal(
        turn.reply.model_dump(mode="json"),
        context=_reply_context(conversation.id, filing.message_seq),
    )
    filing.settled_count = conversation.message_count
    session.flush()


def replay_filing(
    session: Session, *, sealer: Sealer, conversation: Conversation, text: str
) -> Turn | None:
    """The filing's own answer when ``text`` repeats the message that filed, nothing since."""
    filing = session.scalars(
        select(ConversationFiling)
        .where(ConversationFiling.conversation_id == conversation.id)
        .order_by(ConversationFiling.message_seq.desc())
        .limit(1)
    ).first()
    if (
        filing is None
        or filing.settled_count != conversation.message_count
        or filing.text_hash != _text_hash(text)
    ):
        return None
    reply = Reply.model_validate(
        sealer.unseal(
            filing.sealed_reply, context=_reply_context(conversation.id, filing.message_seq)
        )
    )
    # The stored state holds no personal data (answers are sealed apart): enough to answer.
    state = ConversationState.model_validate(conversation.state)
    return Turn(state=state, reply=reply)
