"""TOTP arithmetic (RFC 6238: SHA-1, 6 digits, 30 s) and the secret's encryption at rest. Pure."""

from __future__ import annotations

import datetime as dt
import hmac
import os

import pyotp
import segno
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from minwon.identity.errors import InvalidSecondFactorError, SecondFactorReplayedError

__all__ = [
    "STEP_SECONDS",
    "decrypt_secret",
    "encrypt_secret",
    "new_secret",
    "otpauth_uri",
    "qr_svg",
    "time_step",
    "verify_totp_code",
]

STEP_SECONDS = 30
DIGITS = 6
# One step either side absorbs clock drift on phones (800-63B §5.1.4.2 leaves the window to us).
WINDOW = 1
NONCE_BYTES = 12


def new_secret() -> str:
    """A fresh 160-bit base32 secret (RFC 4226 recommends 160 bits)."""
    return pyotp.random_base32()


def time_step(at: dt.datetime) -> int:
    """The RFC 6238 time-step counter for ``at``."""
    return int(at.timestamp()) // STEP_SECONDS


def _code_at(secret: str, step: int) -> str:
    return pyotp.TOTP(secret, digits=DIGITS, interval=STEP_SECONDS).at(step * STEP_SECONDS)


def verify_totp_code(secret: str, code: str, at: dt.datetime, last_used_step: int | None) -> int:
    """The step ``code`` belongs to, if it is valid at ``at`` and newer than ``last_used_step``.

    Raises :class:`SecondFactorReplayedError` for a right code already used (or older than
    the last one used), :class:`InvalidSecondFactorError` for a wrong one.
    """
    code = "".join(code.split())
    if len(code) != DIGITS or not code.isascii() or not code.isdigit():
        raise InvalidSecondFactorError()
    current = time_step(at)
    matched = [
        step
        for step in range(current - WINDOW, current + WINDOW + 1)
        if hmac.compare_digest(_code_at(secret, step), code)
    ]
    if not matched:
        raise InvalidSecondFactorError()
    fresh = [step for step in matched if last_used_step is None or step > last_used_step]
    if not fresh:
        raise SecondFactorReplayedError()
    return max(fresh)


def otpauth_uri(secret: str, account_label: str, issuer: str) -> str:
    """The ``otpauth://`` URI an authenticator app reads from the QR code."""
    return pyotp.TOTP(secret, digits=DIGITS, interval=STEP_SECONDS).provisioning_uri(
        name=account_label, issuer_name=issuer
    )


def qr_svg(uri: str) -> str:
    """The QR code of ``uri`` as inline SVG markup."""
    return str(segno.make(uri, error="m").svg_inline(scale=4, title="QR"))


def encrypt_secret(key: bytes, secret: str, account_id: str) -> bytes:
    """AES-256-GCM, bound to the account: the secret is never stored in clear."""
    nonce = os.urandom(NONCE_BYTES)
    return nonce + AESGCM(key).encrypt(nonce, secret.encode("ascii"), account_id.encode("ascii"))


def decrypt_secret(key: bytes, blob: bytes, account_id: str) -> str:
    """The secret stored by :func:`encrypt_secret` for ``account_id``."""
    nonce, sealed = blob[:NONCE_BYTES], blob[NONCE_BYTES:]
    return AESGCM(key).decrypt(nonce, sealed, account_id.encode("ascii")).decode("ascii")
