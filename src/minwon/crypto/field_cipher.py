"""AES-256-GCM encryption of single fields, bound to the row and column they belong to.

A token is text, safe for a ``Text`` column and for ``LIKE 'mw1.k1.%'`` when looking for
tokens still under an old key::

    mw1.<key id>.<base64url(12-byte nonce ‖ ciphertext ‖ 16-byte tag)>

The associated data is the token's header plus a caller-given context such as
``"application:42:field:rrn"``: a token copied into another row or column fails to decrypt.
"""

from __future__ import annotations

import base64
import binascii
import os
import secrets

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from minwon.crypto.errors import DecryptionError
from minwon.crypto.keyring import KEY_BYTES, KEY_ID, KeyRing

__all__ = ["FORMAT_VERSION", "NONCE_BYTES", "FieldCipher", "generate_key"]

FORMAT_VERSION = "mw1"
NONCE_BYTES = 12  # 96-bit random nonces: rotate the primary key long before 2**32 encryptions
TAG_BYTES = 16


def generate_key() -> str:
    """A fresh random key, base64-encoded, ready for ``MINWON_ENCRYPTION_KEYS``."""
    return base64.b64encode(secrets.token_bytes(KEY_BYTES)).decode("ascii")


def _b64encode(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode("ascii")


def _b64decode(text: str) -> bytes:
    return base64.b64decode(text + "=" * (-len(text) % 4), altchars=b"-_", validate=True)


def _associated_data(header: str, context: str) -> bytes:
    # The header ends in "." and key ids cannot contain one, so (key id, context) pairs
    # never produce the same bytes.
    return (header + context).encode("utf-8")


class FieldCipher:
    """Encrypts and decrypts field values with the keys of a ``KeyRing``."""

    def __init__(self, keyring: KeyRing) -> None:
        self._keyring = keyring

    @property
    def keyring(self) -> KeyRing:
        """The key ring this cipher uses."""
        return self._keyring

    def encrypt(self, plaintext: str, *, context: str) -> str:
        """Encrypt ``plaintext`` under the primary key; only ``context`` can decrypt it."""
        _check_context(context)
        header = f"{FORMAT_VERSION}.{self._keyring.primary_id}."
        nonce = os.urandom(NONCE_BYTES)
        sealed = AESGCM(self._keyring.primary_key).encrypt(
            nonce, plaintext.encode("utf-8"), _associated_data(header, context)
        )
        return header + _b64encode(nonce + sealed)

    def decrypt(self, token: str, *, context: str) -> str:
        """The plaintext of ``token``; ``DecryptionError`` if it is not authentic here."""
        _check_context(context)
        key_id, payload = _split(token)
        key = self._keyring.key(key_id)
        if key is None:
            raise DecryptionError(f"no key {key_id!r} in the key ring (retired too early?)")
        header = f"{FORMAT_VERSION}.{key_id}."
        try:
            plain = AESGCM(key).decrypt(
                payload[:NONCE_BYTES], payload[NONCE_BYTES:], _associated_data(header, context)
            )
        except InvalidTag:
            raise DecryptionError(
                "token is not authentic: wrong key, wrong context, or altered"
            ) from None
        try:
            return plain.decode("utf-8")
        except UnicodeDecodeError:  # its message would quote the decrypted bytes
            raise DecryptionError("token does not hold UTF-8 text") from None

    def key_id_of(self, token: str) -> str:
        """The id of the key ``token`` was encrypted under (no decryption)."""
        return _split(token)[0]

    def needs_rotation(self, token: str) -> bool:
        """True when ``token`` is not under the primary key."""
        return self.key_id_of(token) != self._keyring.primary_id

    def rotate(self, token: str, *, context: str) -> str:
        """``token`` re-encrypted under the primary key (unchanged if it already is).

        Raises ``DecryptionError`` when ``token`` is not authentic under ``context``, even if
        it is already under the primary key: a rotation run doubles as an integrity check.
        """
        if not self.needs_rotation(token):
            self.decrypt(token, context=context)  # still prove it is authentic here
            return token
        return self.encrypt(self.decrypt(token, context=context), context=context)


def _check_context(context: str) -> None:
    if not context:
        raise ValueError("an encryption context (e.g. 'application:<id>:field:<name>') is required")


def _split(token: str) -> tuple[str, bytes]:
    version, _, rest = token.partition(".")
    key_id, _, encoded = rest.partition(".")
    if version != FORMAT_VERSION or not KEY_ID.fullmatch(key_id) or not encoded:
        raise DecryptionError("not a minwon field token (expected mw1.<key id>.<data>)")
    try:
        payload = _b64decode(encoded)
    except (binascii.Error, ValueError):
        raise DecryptionError("token data is not base64url") from None
    if len(payload) < NONCE_BYTES + TAG_BYTES:
        raise DecryptionError("token is too short to be authentic")
    return key_id, payload
