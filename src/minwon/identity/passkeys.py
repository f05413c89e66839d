"""Use cases: register passkeys (several per account, named), list, rename and remove them."""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session
from webauthn import (
    base64url_to_bytes,
    generate_registration_options,
    options_to_json,
    verify_registration_response,
)
from webauthn.helpers import bytes_to_base64url
from webauthn.helpers.exceptions import WebAuthnException
from webauthn.helpers.structs import (
    AuthenticatorSelectionCriteria,
    PublicKeyCredentialDescriptor,
    ResidentKeyRequirement,
    UserVerificationRequirement,
)

from minwon.db import session_scope
from minwon.identity.errors import IdentityError, PasskeyNotFoundError, PasskeyRejectedError
from minwon.identity.events import new_id, record_identity_event
from minwon.identity.models import Account, Passkey, RecoveryCode
from minwon.identity.recovery import issue_recovery_codes
from minwon.identity.runtime import IdentityRuntime
from minwon.identity.schemas import PasskeyView, SessionContext
from minwon.identity.secondfactor import ensure_keeps_a_factor, require_factor_change
from minwon.identity.webauthn_challenges import consume_challenge, store_challenge

__all__ = [
    "list_passkeys",
    "passkey_registration_options",
    "register_passkey",
    "remove_passkey",
    "rename_passkey",
]

REGISTER = "register"
ATTACHMENTS = frozenset({"platform", "cross-platform"})
TRANSPORTS = frozenset({"usb", "nfc", "ble", "internal", "hybrid", "smart-card"})


def passkey_view(row: Passkey) -> PasskeyView:
    """What the owner sees about one passkey."""
    return PasskeyView(
        id=row.id,
        name=row.name,
        attachment=row.attachment,
        is_backed_up=row.is_backed_up,
        created_at=row.created_at,
        last_used_at=row.last_used_at,
    )


def account_passkeys(session: Session, account_id: str) -> list[Passkey]:
    """The account's passkeys, oldest first."""
    return list(
        session.scalars(
            select(Passkey).where(Passkey.account_id == account_id).order_by(Passkey.created_at)
        )
    )


def descriptor(row: Passkey) -> PublicKeyCredentialDescriptor:
    """How a stored passkey is named in WebAuthn options."""
    return PublicKeyCredentialDescriptor(id=base64url_to_bytes(row.credential_id))


def passkey_registration_options(rt: IdentityRuntime, ctx: SessionContext) -> dict[str, Any]:
    """Use case: ``PublicKeyCredentialCreationOptions`` for the browser (JSON-ready)."""
    now = rt.now()
    with session_scope(rt.db) as session:
        require_factor_change(session, rt, ctx, now)
        account = session.get_one(Account, ctx.account_id)
        options = generate_registration_options(
            rp_id=rt.config.rp_id,
            rp_name=rt.config.rp_name,
            # The user handle is the account id's bytes: nothing personal inside a passkey.
            user_id=account.id.encode("ascii"),
            user_name=account.email,
            user_display_name=account.display_name,
            timeout=int(rt.config.challenge_ttl.total_seconds() * 1000),
            authenticator_selection=AuthenticatorSelectionCriteria(
                resident_key=ResidentKeyRequirement.PREFERRED,
                user_verification=UserVerificationRequirement.REQUIRED,
            ),
            exclude_credentials=[descriptor(p) for p in account_passkeys(session, account.id)],
        )
        store_challenge(
            session, options.challenge, ctx.session_id, REGISTER, now + rt.config.challenge_ttl
        )
    result: dict[str, Any] = json.loads(options_to_json(options))
    return result


def _client_hints(credential: dict[str, Any]) -> tuple[str | None, str]:
    attachment = credential.get("authenticatorAttachment")
    response = credential.get("response")
    raw = response.get("transports") if isinstance(response, dict) else None
    transports = [t for t in raw if t in TRANSPORTS] if isinstance(raw, list) else []
    return (attachment if attachment in ATTACHMENTS else None), ",".join(transports)


def _verified_passkey(
    rt: IdentityRuntime, credential: dict[str, Any], challenge: bytes, name: str, account_id: str
) -> Passkey:
    try:
        verified = verify_registration_response(
            credential=credential,
            expected_challenge=challenge,
            expected_rp_id=rt.config.rp_id,
            expected_origin=rt.config.origin,
            require_user_verification=True,
        )
    except (WebAuthnException, ValueError, KeyError, TypeError) as error:
        raise PasskeyRejectedError() from error
    attachment, transports = _client_hints(credential)
    return Passkey(
        id=new_id(),
        account_id=account_id,
        credential_id=bytes_to_base64url(verified.credential_id),
        public_key=verified.credential_public_key,
        sign_count=verified.sign_count,
        name=name,
        attachment=attachment,
        transports=transports,
        aaguid=verified.aaguid,
        is_backed_up=verified.credential_backed_up,
    )


def _register(
    session: Session,
    rt: IdentityRuntime,
    ctx: SessionContext,
    credential: dict[str, Any],
    name: str,
) -> tuple[PasskeyView, tuple[str, ...] | None] | IdentityError:
    now = rt.now()
    require_factor_change(session, rt, ctx, now)
    try:
        challenge = consume_challenge(session, credential, ctx.session_id, REGISTER, now)
        row = _verified_passkey(rt, credential, challenge, name.strip(), ctx.account_id)
    except IdentityError as error:
        return error
    if session.scalars(select(Passkey).where(Passkey.credential_id == row.credential_id)).first():
        return PasskeyRejectedError()
    row.created_at = now
    session.add(row)
    record_identity_event(
        session, "account:passkey:added", account=ctx, at=now, target=f"passkey:{row.id}"
    )
    has_codes = session.scalar(
        select(func.count())
        .select_from(RecoveryCode)
        .where(RecoveryCode.account_id == row.account_id)
    )
    codes = None if has_codes else issue_recovery_codes(session, rt, ctx.account_id, now)
    session.flush()
    return passkey_view(row), codes


def register_passkey(
    rt: IdentityRuntime, ctx: SessionContext, credential: dict[str, Any], name: str
) -> tuple[PasskeyView, tuple[str, ...] | None]:
    """Use case: verify the browser's attestation and keep the passkey under ``name``.

    Returns the first set of recovery codes too when the account had none (shown once).
    """
    with session_scope(rt.db) as session:
        outcome = _register(session, rt, ctx, credential, name)
    if isinstance(outcome, IdentityError):
        raise outcome  # the challenge stays consumed: a failed ceremony cannot be retried
    return outcome


def list_passkeys(rt: IdentityRuntime, ctx: SessionContext) -> list[PasskeyView]:
    """Use case: the account's passkeys."""
    with session_scope(rt.db) as session:
        return [passkey_view(p) for p in account_passkeys(session, ctx.account_id)]


def _owned(session: Session, ctx: SessionContext, passkey_id: str) -> Passkey:
    row = session.get(Passkey, passkey_id)
    if row is None or row.account_id != ctx.account_id:
        raise PasskeyNotFoundError()
    return row


def rename_passkey(
    rt: IdentityRuntime, ctx: SessionContext, passkey_id: str, name: str
) -> PasskeyView:
    """Use case: give a passkey a name its owner recognises ("office laptop")."""
    with session_scope(rt.db) as session:
        row = _owned(session, ctx, passkey_id)
        row.name = name.strip()
        return passkey_view(row)


def remove_passkey(rt: IdentityRuntime, ctx: SessionContext, passkey_id: str) -> None:
    """Use case: remove a passkey. Changing sign-in methods needs a fresh second factor.

    Raises :class:`LastSecondFactorError` when it is the account's only second factor.
    """
    now = rt.now()
    rt.levels.require_level(ctx, "mfa", now=now)
    with session_scope(rt.db) as session:
        row = _owned(session, ctx, passkey_id)
        ensure_keeps_a_factor(session, ctx.account_id)
        session.delete(row)
        record_identity_event(
            session, "account:passkey:removed", account=ctx, at=now, target=f"passkey:{row.id}"
        )
