"""Use cases: step up to ``mfa`` with a passkey (user verification required)."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session
from webauthn import (
    base64url_to_bytes,
    generate_authentication_options,
    options_to_json,
    verify_authentication_response,
)
from webauthn.helpers import bytes_to_base64url
from webauthn.helpers.exceptions import WebAuthnException
from webauthn.helpers.structs import UserVerificationRequirement

from minwon.db import session_scope
from minwon.identity.errors import IdentityError, PasskeyNotFoundError, PasskeyRejectedError
from minwon.identity.events import record_identity_event
from minwon.identity.models import Passkey
from minwon.identity.passkeys import account_passkeys, descriptor
from minwon.identity.runtime import IdentityRuntime
from minwon.identity.schemas import IssuedSession, SessionContext
from minwon.identity.secondfactor import complete_step_up
from minwon.identity.webauthn_challenges import consume_challenge, store_challenge

__all__ = ["passkey_authentication_options", "step_up_with_passkey"]

AUTHENTICATE = "authenticate"


def passkey_authentication_options(rt: IdentityRuntime, ctx: SessionContext) -> dict[str, Any]:
    """Use case: ``PublicKeyCredentialRequestOptions`` listing the account's passkeys."""
    now = rt.now()
    with session_scope(rt.db) as session:
        passkeys = account_passkeys(session, ctx.account_id)
        if not passkeys:
            raise PasskeyNotFoundError()
        options = generate_authentication_options(
            rp_id=rt.config.rp_id,
            timeout=int(rt.config.challenge_ttl.total_seconds() * 1000),
            allow_credentials=[descriptor(p) for p in passkeys],
            user_verification=UserVerificationRequirement.REQUIRED,
        )
        store_challenge(
            session, options.challenge, ctx.session_id, AUTHENTICATE, now + rt.config.challenge_ttl
        )
    result: dict[str, Any] = json.loads(options_to_json(options))
    return result


def _credential_id(credential: dict[str, Any]) -> str:
    raw = credential.get("rawId") or credential.get("id")
    if not isinstance(raw, str):
        raise PasskeyRejectedError()
    try:
        return bytes_to_base64url(base64url_to_bytes(raw))
    except ValueError as error:
        raise PasskeyRejectedError() from error


def _verify(rt: IdentityRuntime, row: Passkey, credential: dict[str, Any], challenge: bytes) -> int:
    try:
        verified = verify_authentication_response(
            credential=credential,
            expected_challenge=challenge,
            expected_rp_id=rt.config.rp_id,
            expected_origin=rt.config.origin,
            credential_public_key=row.public_key,
            # A counter that does not move forward suggests a cloned authenticator.
            credential_current_sign_count=row.sign_count,
            require_user_verification=True,
        )
    except (WebAuthnException, ValueError, KeyError, TypeError) as error:
        raise PasskeyRejectedError() from error
    return verified.new_sign_count


def _attempt(
    session: Session,
    rt: IdentityRuntime,
    ctx: SessionContext,
    credential: dict[str, Any],
    now: dt.datetime,
) -> IssuedSession | IdentityError:
    try:
        challenge = consume_challenge(session, credential, ctx.session_id, AUTHENTICATE, now)
        row = session.scalars(
            select(Passkey).where(
                Passkey.credential_id == _credential_id(credential),
                Passkey.account_id == ctx.account_id,
            )
        ).one_or_none()
        if row is None:
            raise PasskeyRejectedError()
        row.sign_count = _verify(rt, row, credential, challenge)
    except IdentityError as error:
        record_identity_event(session, "account:passkey:failure", account=ctx, at=now)
        return error
    row.last_used_at = now
    return complete_step_up(session, rt, ctx, "passkey", now)


def step_up_with_passkey(
    rt: IdentityRuntime, ctx: SessionContext, credential: dict[str, Any]
) -> IssuedSession:
    """Use case: verify a passkey assertion (origin, RP id, signature, counter, UV) and step up."""
    now = rt.now()
    with session_scope(rt.db) as session:
        outcome = _attempt(session, rt, ctx, credential, now)
    if isinstance(outcome, IdentityError):
        raise outcome
    return outcome
