"""The encryption key ring: named 256-bit keys, one of them primary for new ciphertexts.

Keys come from ``MINWON_ENCRYPTION_KEYS`` as ``id:base64,id:base64`` with
``MINWON_ENCRYPTION_PRIMARY`` naming the key new tokens are written under. Older keys stay in
the ring until every token written under them has been rotated.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import re
from collections.abc import Iterable, Mapping
from typing import Protocol

from pydantic import SecretStr

from minwon.crypto.errors import KeyRingError

__all__ = [
    "DEV_KEY_ID",
    "KEY_BYTES",
    "KEY_ID",
    "EncryptionSettings",
    "KeyRing",
    "decode_key",
    "is_development",
    "load_keyring",
]

KEY_BYTES = 32  # AES-256
KEY_ID = re.compile(r"[A-Za-z0-9_-]{1,32}")  # no "." or ":": both delimit tokens and settings
DEV_KEY_ID = "dev"
# Deterministic so a laptop's database survives restarts; refused outside development because
# anyone can compute it from this source file.
DEV_KEY = hashlib.sha256(b"minwon development encryption key: not a secret").digest()
DEVELOPMENT_ENVIRONMENTS = frozenset({"development", "test"})
# A random 32-byte key has about 30 distinct byte values; far fewer means a placeholder.
MIN_DISTINCT_BYTES = 16


class EncryptionSettings(Protocol):
    """The fields of ``minwon.config.Settings`` the key ring is built from."""

    @property
    def environment(self) -> str: ...

    @property
    def encryption_keys(self) -> SecretStr | None: ...

    @property
    def encryption_primary(self) -> str | None: ...


class KeyRing:
    """Named AES-256 keys and which one is primary. Its repr shows key ids, never keys."""

    __slots__ = ("_keys", "_primary_id")

    def __init__(self, keys: Mapping[str, bytes], primary_id: str) -> None:
        for key_id, key in keys.items():
            if not KEY_ID.fullmatch(key_id):
                raise KeyRingError("key ids are 1-32 letters, digits, '-' or '_'")
            if len(key) != KEY_BYTES:
                raise KeyRingError(f"key {key_id!r} must be {KEY_BYTES} bytes, not {len(key)}")
        if primary_id not in keys:
            raise KeyRingError(f"primary key {primary_id!r} is not in the key ring")
        self._keys = dict(keys)
        self._primary_id = primary_id

    @classmethod
    def from_settings(cls, settings: EncryptionSettings) -> KeyRing:
        """The key ring described by ``settings`` (see ``load_keyring``)."""
        keys = settings.encryption_keys
        return load_keyring(
            None if keys is None else keys.get_secret_value(),
            settings.encryption_primary,
            environment=settings.environment,
        )

    @property
    def primary_id(self) -> str:
        """The id of the key new tokens are encrypted under."""
        return self._primary_id

    @property
    def primary_key(self) -> bytes:
        """The primary key itself."""
        return self._keys[self._primary_id]

    @property
    def key_ids(self) -> tuple[str, ...]:
        """Every key id in the ring, primary first."""
        others = sorted(key_id for key_id in self._keys if key_id != self._primary_id)
        return (self._primary_id, *others)

    def key(self, key_id: str) -> bytes | None:
        """The key named ``key_id``, or None when the ring does not hold it."""
        return self._keys.get(key_id)

    def holds_development_key(self) -> bool:
        """True when any key is the publicly known development key."""
        return DEV_KEY in self._keys.values()

    def __repr__(self) -> str:
        return f"KeyRing(primary_id={self._primary_id!r}, key_ids={self.key_ids!r})"


def is_development(environment: str) -> bool:
    """True where a public development key is acceptable (development and test)."""
    return environment in DEVELOPMENT_ENVIRONMENTS


def load_keyring(env_value: str | None, primary: str | None, *, environment: str) -> KeyRing:
    """Build the key ring from ``MINWON_ENCRYPTION_KEYS`` and ``MINWON_ENCRYPTION_PRIMARY``.

    ``env_value`` is ``"k2:<base64>,k1:<base64>"``; ``primary`` names one of its ids and may
    be omitted when there is exactly one key. Without keys, development and test get a
    deterministic development key; any other environment (production) refuses to start, as
    it refuses the development key or an obviously non-random key.
    """
    if env_value is None or not env_value.strip():
        if is_development(environment):
            return KeyRing({DEV_KEY_ID: DEV_KEY}, DEV_KEY_ID)
        raise KeyRingError(f"MINWON_ENCRYPTION_KEYS must be set in {environment}")
    keys = _parse_keys(env_value)
    primary_id = _choose_primary(keys, primary)
    ring = KeyRing(keys, primary_id)
    if not is_development(environment):
        _refuse_placeholders(ring, keys.values())
    return ring


def _parse_keys(env_value: str) -> dict[str, bytes]:
    keys: dict[str, bytes] = {}
    for entry in filter(None, (part.strip() for part in env_value.split(","))):
        key_id, separator, encoded = entry.partition(":")
        key_id = key_id.strip()
        if not separator or not key_id:
            raise KeyRingError("MINWON_ENCRYPTION_KEYS entries look like id:base64-key")
        if key_id in keys:
            raise KeyRingError(f"key id {key_id!r} appears twice")
        keys[key_id] = decode_key(encoded, name=f"key {key_id!r}")
    return keys


def decode_key(encoded: str, *, name: str) -> bytes:
    """Decode standard or URL-safe base64, padded or not. Errors name the key, not its value."""
    text = encoded.strip().replace("-", "+").replace("_", "/")
    try:
        return base64.b64decode(text + "=" * (-len(text) % 4), validate=True)
    except (binascii.Error, ValueError):
        raise KeyRingError(f"{name} is not valid base64") from None


def _choose_primary(keys: Mapping[str, bytes], primary: str | None) -> str:
    if primary:
        return primary.strip()
    if len(keys) == 1:
        return next(iter(keys))
    raise KeyRingError("MINWON_ENCRYPTION_PRIMARY must name the key for new ciphertexts")


def _refuse_placeholders(ring: KeyRing, keys: Iterable[bytes]) -> None:
    if ring.holds_development_key():
        raise KeyRingError("the development key is public and refused outside development")
    if any(len(set(key)) < MIN_DISTINCT_BYTES for key in keys):
        raise KeyRingError(
            "an encryption key is not random; generate one with `openssl rand -base64 32`"
        )
