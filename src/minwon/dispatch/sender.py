"""One delivery over HTTP, signed per the Standard Webhooks specification.

``webhook-id`` is the outbox row's fixed id (the agency's idempotency key), ``webhook-timestamp``
the moment of this attempt, ``webhook-signature`` HMAC-SHA256 over both and the body (the
``standardwebhooks`` package). The answer is classified by what it means for a retry.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import json
from dataclasses import dataclass
from typing import Any, Literal

import httpx
from standardwebhooks.webhooks import Webhook

from minwon.dispatch.endpoints import ResolvedEndpoint

__all__ = ["Outcome", "encode_body", "send_delivery", "signed_headers"]

# 408 and 429 say "not now", not "never": retried like a 5xx.
RETRYABLE_4XX = frozenset({408, 425, 429})
MAX_ERROR_TEXT = 300


@dataclass(frozen=True, slots=True)
class Outcome:
    """What an attempt came to: delivered, rejected (4xx, final), or failed (retry later)."""

    kind: Literal["delivered", "rejected", "failed"]
    status_code: int | None = None
    error: str | None = None
    retry_after: float | None = None


def encode_body(event_type: str, data: dict[str, Any], at: dt.datetime) -> bytes:
    """The delivery's JSON body: type, timestamp and data (Standard Webhooks' payload shape)."""
    document = {"type": event_type, "timestamp": at.isoformat(), "data": data}
    return json.dumps(document, ensure_ascii=False, sort_keys=True).encode()


def signed_headers(secret: str, webhook_id: str, body: bytes, at: dt.datetime) -> dict[str, str]:
    """The three Standard Webhooks headers for ``body`` sent at ``at``."""
    signature = Webhook(secret).sign(webhook_id, at, body)
    return {
        "webhook-id": webhook_id,
        "webhook-timestamp": str(int(at.timestamp())),
        "webhook-signature": signature,
        "content-type": "application/json",
    }


def _retry_after(response: httpx.Response) -> float | None:
    value = response.headers.get("retry-after")
    if not value:
        return None
    if value.isdigit():
        return float(value)
    when = email.utils.parsedate_to_datetime(value)
    return max(0.0, (when - dt.datetime.now(dt.UTC)).total_seconds()) if when else None


def classify(response: httpx.Response) -> Outcome:
    """2xx delivered; 4xx (but 408/425/429) rejected for good; anything else retried."""
    code = response.status_code
    if 200 <= code < 300:
        return Outcome("delivered", code)
    text = response.text[:MAX_ERROR_TEXT]
    if 400 <= code < 500 and code not in RETRYABLE_4XX:
        return Outcome("rejected", code, text)
    return Outcome("failed", code, text or f"HTTP {code}", _retry_after(response))


def send_delivery(
    client: httpx.Client, endpoint: ResolvedEndpoint, webhook_id: str, body: bytes
) -> Outcome:
    """POST ``body`` to the agency; a timeout or a connection error is a failure to retry."""
    at = dt.datetime.now(dt.UTC)  # the receiver checks it against its own clock: real time
    try:
        response = client.post(
            endpoint.url,
            content=body,
            headers=signed_headers(endpoint.secret, webhook_id, body, at),
            timeout=endpoint.timeout,
        )
    except httpx.TimeoutException:
        return Outcome("failed", None, f"no answer within {endpoint.timeout:g} s")
    except httpx.HTTPError as exc:
        return Outcome("failed", None, f"{type(exc).__name__}: {str(exc)[:MAX_ERROR_TEXT]}")
    return classify(response)
