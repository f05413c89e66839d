"""Encryption of sensitive fields at rest (AES-256-GCM with a key ring) and blind indexes.

``FieldCipher(keyring).encrypt(value, context="application:42:field:rrn")`` gives a text
token for a ``Text`` column; ``decrypt`` needs the same context. ``blind_index`` lets an
encrypted value be found by equality.
"""

from minwon.crypto.blind_index import (
    DEV_INDEX_KEY,
    INDEX_KEY_BYTES,
    blind_index,
    load_blind_index_key,
)
from minwon.crypto.errors import CryptoError, DecryptionError, KeyRingError
from minwon.crypto.field_cipher import FORMAT_VERSION, NONCE_BYTES, FieldCipher, generate_key
from minwon.crypto.keyring import (
    DEV_KEY_ID,
    KEY_BYTES,
    EncryptionSettings,
    KeyRing,
    is_development,
    load_keyring,
)
from minwon.crypto.rotation import RotationBatch, rotate_tokens

__all__ = [
    "DEV_INDEX_KEY",
    "DEV_KEY_ID",
    "FORMAT_VERSION",
    "INDEX_KEY_BYTES",
    "KEY_BYTES",
    "NONCE_BYTES",
    "CryptoError",
    "DecryptionError",
    "EncryptionSettings",
    "FieldCipher",
    "KeyRing",
    "KeyRingError",
    "RotationBatch",
    "blind_index",
    "generate_key",
    "is_development",
    "load_blind_index_key",
    "load_keyring",
    "rotate_tokens",
]
