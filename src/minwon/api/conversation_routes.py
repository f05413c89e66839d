"""``/v1/conversations``: the conversation, over HTTP, for the portal and partner channels."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Header, Path, Request, Response
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, Field

from minwon.api.actor_deps import ActorDep
from minwon.api.idempotency_key import IdempotencyKeyHeader, keyed_request, keyed_response
from minwon.api.partner_deps import RequireScope
from minwon.conversations.idempotent import send_once, start_once
from minwon.conversations.service import Conversations
from minwon.dialogue import Reply, Turn
from minwon.gateway import Gateway

__all__ = ["conversation_use_cases", "router"]

router = APIRouter(prefix="/v1/conversations", tags=["conversations"])

MAX_MESSAGE = 10_000
TokenHeader = Annotated[
    str | None,
    Header(alias="X-Conversation-Token", description="Returned when the conversation started"),
]
IdPath = Annotated[str, Path(max_length=36)]


class StartRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")  # a misspelt key is an error, not ignored

    text: Annotated[str | None, Field(max_length=MAX_MESSAGE)] = None
    lang: Literal["ko", "en"] | None = None
    channel: Annotated[str, Field(pattern=r"^[a-z][a-z0-9_-]{0,31}$")] = "portal"


class MessageRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")  # a misspelt key is an error, not ignored

    text: Annotated[str, Field(max_length=MAX_MESSAGE)]


class ConversationOut(BaseModel):
    """The reply to show, the state it leaves the conversation in, and how to continue it."""

    conversation_id: str
    access_token: str | None = Field(
        default=None, description="Only in the response that starts the conversation: keep it"
    )
    phase: str
    lang: str
    reply: Reply


def conversation_use_cases(request: Request) -> Conversations:
    """The conversation use cases on the gateway's database, engine, sealer and clock."""
    gateway: Gateway = request.app.state.gateway
    return Conversations(
        db=gateway.factory, engine=gateway.dialogue, sealer=gateway.sealer, clock=gateway.clock
    )


ConversationsDep = Annotated[Conversations, Depends(conversation_use_cases)]


def _out(conversation_id: str, turn: Turn, token: str | None = None) -> ConversationOut:
    return ConversationOut(
        conversation_id=conversation_id,
        access_token=token,
        phase=turn.state.phase,
        lang=turn.state.lang,
        reply=turn.reply,
    )


@router.post(
    "",
    response_model=ConversationOut,
    status_code=201,
    summary="Start a conversation",
    dependencies=[Depends(RequireScope("conversations:write"))],
)
def start(
    request: Request,
    body: StartRequest,
    actor: ActorDep,
    conversations: ConversationsDep,
    response: Response,
    idempotency_key: IdempotencyKeyHeader = None,
) -> ConversationOut | JSONResponse:
    """Anonymous or signed in; the first message is optional.

    With an ``Idempotency-Key`` a repeat of the request gets the first answer again.
    """
    if idempotency_key is not None:
        keyed = keyed_request(request, actor, idempotency_key, body.model_dump())
        stored = start_once(
            conversations,
            actor,
            keyed,
            text=body.text,
            channel=body.channel,
            lang=body.lang,
            render=lambda s: _out(s.conversation.id, s.turn, s.access_token).model_dump(
                mode="json"
            ),
        )
        return keyed_response(stored)
    started = conversations.start(actor, text=body.text, channel=body.channel, lang=body.lang)
    response.headers["Content-Language"] = started.turn.state.lang
    return _out(started.conversation.id, started.turn, started.access_token)


@router.post(
    "/{conversation_id}/messages",
    response_model=ConversationOut,
    summary="Send a message",
    dependencies=[Depends(RequireScope("conversations:write"))],
)
def send(
    request: Request,
    conversation_id: IdPath,
    body: MessageRequest,
    actor: ActorDep,
    conversations: ConversationsDep,
    token: TokenHeader = None,
    idempotency_key: IdempotencyKeyHeader = None,
) -> ConversationOut | JSONResponse:
    """The next turn. Someone else's conversation is "not found", always.

    A confirmation is filed once, however often it is sent. With an ``Idempotency-Key`` any
    repeat of the request (a retry after a lost answer) gets the first answer again.
    """
    if idempotency_key is not None:
        keyed = keyed_request(request, actor, idempotency_key, body.model_dump(), token)
        stored = send_once(
            conversations,
            actor,
            keyed,
            conversation_id=conversation_id,
            access_token=token,
            text=body.text,
            render=lambda t: _out(conversation_id, t).model_dump(mode="json"),
        )
        return keyed_response(stored)
    turn = conversations.send(actor, conversation_id, access_token=token, text=body.text)
    return _out(conversation_id, turn)


@router.get(
    "/{conversation_id}",
    response_model=ConversationOut,
    summary="Where the conversation is",
    # Reading the open question is part of carrying on the conversation: the same scope.
    dependencies=[Depends(RequireScope("conversations:write"))],
)
def resume(
    conversation_id: IdPath,
    actor: ActorDep,
    conversations: ConversationsDep,
    token: TokenHeader = None,
) -> ConversationOut:
    """The open question again, e.g. after a restart or on another device."""
    return _out(conversation_id, conversations.resume(actor, conversation_id, access_token=token))


@router.post(
    "/{conversation_id}/bind",
    response_model=ConversationOut,
    summary="Take over after sign-in",
    dependencies=[Depends(RequireScope("conversations:write"))],
)
def bind(
    conversation_id: IdPath,
    actor: ActorDep,
    conversations: ConversationsDep,
    token: TokenHeader = None,
) -> ConversationOut:
    """The signed-in person takes over an anonymous conversation, losing nothing."""
    turn = conversations.bind(actor, conversation_id, access_token=token or "")
    return _out(conversation_id, turn)
