"""WebAuthn challenges kept server-side: bound to a session and a purpose, used once, expiring."""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import json
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session
from webauthn import base64url_to_bytes
from webauthn.helpers import bytes_to_base64url

from minwon.identity.errors import ChallengeInvalidError
from minwon.identity.models import WebAuthnChallenge

__all__ = ["consume_challenge", "store_challenge"]


def store_challenge(
    session: Session, challenge: bytes, session_id: str, purpose: str, expires_at: dt.datetime
) -> None:
    """Remember ``challenge``; earlier unused ones for the same session and purpose lapse."""
    session.execute(
        delete(WebAuthnChallenge).where(
            WebAuthnChallenge.session_id == session_id, WebAuthnChallenge.purpose == purpose
        )
    )
    session.add(
        WebAuthnChallenge(
            challenge=bytes_to_base64url(challenge),
            session_id=session_id,
            purpose=purpose,
            expires_at=expires_at,
        )
    )
    session.flush()


def _challenge_in(credential: dict[str, Any]) -> str:
    try:
        raw = credential["response"]["clientDataJSON"]
        client_data = json.loads(base64.urlsafe_b64decode(raw + "=" * (-len(raw) % 4)))
        challenge = client_data["challenge"]
    except (KeyError, TypeError, ValueError, binascii.Error) as error:
        raise ChallengeInvalidError() from error
    if not isinstance(challenge, str):
        raise ChallengeInvalidError()
    return challenge.rstrip("=")


def consume_challenge(
    session: Session,
    credential: dict[str, Any],
    session_id: str,
    purpose: str,
    now: dt.datetime,
) -> bytes:
    """The challenge the browser signed, deleted now whatever happens next (single use)."""
    row = session.scalars(
        select(WebAuthnChallenge).where(WebAuthnChallenge.challenge == _challenge_in(credential))
    ).one_or_none()
    if row is None:
        raise ChallengeInvalidError()
    session.delete(row)
    session.flush()
    if row.session_id != session_id or row.purpose != purpose or now >= row.expires_at:
        raise ChallengeInvalidError()
    return base64url_to_bytes(row.challenge)
