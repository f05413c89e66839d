"""Key rotation over a batch of stored tokens: re-encrypt what is not under the primary key.

Pure: it takes rows as ``(row key, token, context)`` and says what to write back; the
command that reads and updates the database (``minwon keys rotate``) owns the transaction.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable
from dataclasses import dataclass
from typing import Generic, TypeVar

from minwon.crypto.errors import DecryptionError
from minwon.crypto.field_cipher import FieldCipher

__all__ = ["RotationBatch", "rotate_tokens"]

K = TypeVar("K", bound=Hashable)


@dataclass(frozen=True, slots=True)
class RotationBatch(Generic[K]):
    """The outcome of rotating one batch.

    ``rotated`` holds ``(row key, new token)`` to write back; ``current`` counts tokens already
    under the primary key; ``failed`` lists row keys whose token did not decrypt (a missing
    old key, a wrong context, tampering): they are left as they are, for a person to look at.
    """

    rotated: tuple[tuple[K, str], ...]
    current: int
    failed: tuple[K, ...]


def rotate_tokens(cipher: FieldCipher, rows: Iterable[tuple[K, str, str]]) -> RotationBatch[K]:
    """Re-encrypt every token of ``rows`` that is not under the primary key."""
    rotated: list[tuple[K, str]] = []
    failed: list[K] = []
    current = 0
    for row_key, token, context in rows:
        try:
            if cipher.needs_rotation(token):
                rotated.append((row_key, cipher.rotate(token, context=context)))
            else:
                current += 1
        except DecryptionError:
            failed.append(row_key)
    return RotationBatch(rotated=tuple(rotated), current=current, failed=tuple(failed))
