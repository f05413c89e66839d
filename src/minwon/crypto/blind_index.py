"""Blind indexes: find an encrypted value by equality without storing it in clear.

``blind_index`` is a keyed HMAC-SHA256, so the index of a 주민등록번호 can sit next to its
ciphertext and be searched with ``WHERE rrn_index = :index``. The key must live outside the
database: with it, the small space of resident numbers could be enumerated.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import unicodedata

from minwon.crypto.errors import KeyRingError
from minwon.crypto.keyring import decode_key, is_development

__all__ = ["DEV_INDEX_KEY", "INDEX_KEY_BYTES", "blind_index", "load_blind_index_key"]

INDEX_KEY_BYTES = 32
DOMAIN = re.compile(r"[a-z0-9_.:-]{0,64}")
# Public, like the development encryption key, and refused outside development for that reason.
DEV_INDEX_KEY = hashlib.sha256(b"minwon development blind index key: not a secret").digest()


def blind_index(value: str, key: bytes, *, domain: str = "") -> str:
    """The hex HMAC-SHA256 of ``value`` (NFC-normalised) under ``key``.

    Equal values give equal indexes under the same key and ``domain``; without the key the
    index reveals nothing. Pass a ``domain`` per field (``"rrn"``, ``"phone"``) so equal
    values in different fields cannot be linked. Normalise the value first (e.g. digits only
    for a resident number): the index matches bytes, not meaning.
    """
    if len(key) < INDEX_KEY_BYTES:
        raise ValueError(f"a blind index key needs at least {INDEX_KEY_BYTES} bytes")
    if not DOMAIN.fullmatch(domain):
        raise ValueError("a blind index domain is up to 64 of a-z 0-9 _ . : -")
    message = domain.encode("ascii") + b"\x00" + unicodedata.normalize("NFC", value).encode()
    return hmac.new(key, message, hashlib.sha256).hexdigest()


def load_blind_index_key(env_value: str | None, *, environment: str) -> bytes:
    """The key from ``MINWON_BLIND_INDEX_KEY`` (base64, 32 bytes or more).

    Development and test fall back to a public development key; production refuses to
    start without a real one, and refuses the development key.
    """
    if env_value is None or not env_value.strip():
        if is_development(environment):
            return DEV_INDEX_KEY
        raise KeyRingError(f"MINWON_BLIND_INDEX_KEY must be set in {environment}")
    key = decode_key(env_value, name="MINWON_BLIND_INDEX_KEY")
    if len(key) < INDEX_KEY_BYTES:
        raise KeyRingError(f"MINWON_BLIND_INDEX_KEY must be at least {INDEX_KEY_BYTES} bytes")
    if not is_development(environment) and key == DEV_INDEX_KEY:
        raise KeyRingError("the development blind index key is public and refused here")
    return key
