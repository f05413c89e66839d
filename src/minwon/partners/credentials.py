"""Random credentials and their keyed hashes.

Every secret minwon hands a partner (client secret, code, access and refresh token) is 256
random bits and is stored only as HMAC-SHA256 under a key derived from ``MINWON_SECRET_KEY``,
one key per kind. A fast keyed hash, not argon2: argon2 slows down guessing a *human-chosen*
password, but these secrets are machine-generated with 256 bits of entropy, so no guessing
attack exists to slow down, while argon2 at the token endpoint would hand attackers a cheap
way to burn our CPU and memory. The key adds what a plain hash cannot: a copy of the database
alone cannot even test a candidate secret. (Rotating ``MINWON_SECRET_KEY`` therefore
invalidates every client secret and token; re-issue secrets when rotating it.)
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import string

__all__ = ["hash_credential", "is_same_credential", "new_credential", "new_id"]

CREDENTIAL_BYTES = 32  # 256 bits from the CSPRNG (800-63B §5.1.2 asks for at least 112)
ID_ALPHABET = string.ascii_letters + string.digits
ID_LENGTH = 22  # 131 bits


def new_id() -> str:
    """An opaque id (client ids, consents, tokens): letters and digits, as audit refs require."""
    return "".join(secrets.choice(ID_ALPHABET) for _ in range(ID_LENGTH))


def new_credential() -> str:
    """A fresh secret, URL-safe so it travels in forms, headers and query strings unescaped."""
    return secrets.token_urlsafe(CREDENTIAL_BYTES)


def hash_credential(key: bytes, credential: str) -> str:
    """The hex HMAC-SHA256 of ``credential`` under ``key`` (what the tables store)."""
    return hmac.new(key, credential.encode("utf-8", "replace"), hashlib.sha256).hexdigest()


def is_same_credential(key: bytes, credential: str, stored_hash: str) -> bool:
    """Whether ``credential`` hashes to ``stored_hash``, in constant time."""
    return hmac.compare_digest(hash_credential(key, credential), stored_hash)
