"""The conversation use cases under an ``Idempotency-Key`` (see :mod:`minwon.idempotency`).

The turn and the stored answer commit in one transaction: a repeat of the request, at once or
after a lost answer, gets the same answer (the same receipt numbers) and files nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from minwon.actors import Actor
from minwon.conversations.service import Conversations, Started, post_message, start_conversation
from minwon.conversations.submission import retry_on_conflict
from minwon.dialogue import Turn
from minwon.idempotency import StoredResponse, run_once

__all__ = ["KeyedRequest", "send_once", "start_once"]


@dataclass(frozen=True, slots=True)
class KeyedRequest:
    """The client's key, whose it is and where it was sent (scope), and the body's digest."""

    key: str
    scope: str
    digest: str


def start_once(
    use_cases: Conversations,
    actor: Actor,
    request: KeyedRequest,
    *,
    text: str | None,
    channel: str,
    lang: str | None,
    render: Callable[[Started], dict[str, Any]],
) -> StoredResponse:
    """Start a conversation once per key; ``render`` shapes the answer that is stored."""
    uc = use_cases

    def work(session: Any) -> tuple[int, dict[str, Any]]:
        started = start_conversation(
            session,
            engine=uc.engine,
            sealer=uc.sealer,
            actor=actor,
            text=text,
            channel=channel,
            lang=lang,
            today=uc.clock.today(),
            now=uc.clock.now(),
            delegations=uc.delegations,
        )
        return 201, render(started)

    return _run(uc, request, work)


def send_once(
    use_cases: Conversations,
    actor: Actor,
    request: KeyedRequest,
    *,
    conversation_id: str,
    access_token: str | None,
    text: str,
    render: Callable[[Turn], dict[str, Any]],
) -> StoredResponse:
    """The next turn once per key; ``render`` shapes the answer that is stored."""
    uc = use_cases

    def work(session: Any) -> tuple[int, dict[str, Any]]:
        turn = post_message(
            session,
            engine=uc.engine,
            sealer=uc.sealer,
            actor=actor,
            conversation_id=conversation_id,
            access_token=access_token,
            text=text,
            today=uc.clock.today(),
            now=uc.clock.now(),
            delegations=uc.delegations,
        )
        return 200, render(turn)

    return _run(uc, request, work)


def _run(
    uc: Conversations, request: KeyedRequest, work: Callable[[Any], tuple[int, dict[str, Any]]]
) -> StoredResponse:
    return retry_on_conflict(
        lambda: run_once(
            uc.db,
            uc.sealer,
            scope=request.scope,
            key=request.key,
            digest=request.digest,
            now=uc.clock.now(),
            work=work,
        )
    )
