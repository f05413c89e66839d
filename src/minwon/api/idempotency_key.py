"""The ``Idempotency-Key`` request header (IETF httpapi draft) on the filing endpoints."""

from __future__ import annotations

import hashlib
import json
import re
from typing import Annotated, Any

from fastapi import Header, Request
from fastapi.responses import JSONResponse

from minwon.actors import Actor
from minwon.api.problems import ProblemError
from minwon.conversations.idempotent import KeyedRequest
from minwon.idempotency import StoredResponse, fingerprint

__all__ = ["IdempotencyKeyHeader", "keyed_request", "keyed_response"]

IdempotencyKeyHeader = Annotated[
    str | None,
    Header(
        alias="Idempotency-Key",
        description="A unique key (a UUID) per request: a repeat with the same key gets the "
        "first answer again and never files twice",
    ),
]
# The draft's value is a Structured Field string ("…"); a bare token is accepted as well.
KEY = re.compile(r'^"?([\x21\x23-\x7e]{1,255})"?$')


def keyed_request(
    request: Request, actor: Actor, header: str, body: dict[str, Any], token: str | None = None
) -> KeyedRequest:
    """Scope the key to who sends it, where, and (anonymous) which conversation it is."""
    match = KEY.fullmatch(header.strip())
    if match is None:
        raise ProblemError(400, "invalid-idempotency-key")
    token_hash = hashlib.sha256(token.encode()).hexdigest() if token else ""
    place = (
        f"{actor.ref}|{actor.on_behalf_of or ''}|{request.method} {request.url.path}|{token_hash}"
    )
    scope = hashlib.sha256(place.encode()).hexdigest()
    digest = fingerprint(json.dumps(body, sort_keys=True, ensure_ascii=False).encode())
    return KeyedRequest(key=match.group(1), scope=scope, digest=digest)


def keyed_response(stored: StoredResponse) -> JSONResponse:
    """The answer, the first time or again (``Idempotent-Replayed: true``)."""
    headers = {"Content-Language": str(stored.body.get("lang", "ko"))}
    if stored.replayed:
        headers["Idempotent-Replayed"] = "true"
    return JSONResponse(stored.body, status_code=stored.status_code, headers=headers)
