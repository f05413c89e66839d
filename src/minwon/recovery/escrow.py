"""Key escrow: the key ring split between people, so that no one alone can read it and any two
can restore it (dual control, two-person rule).

The key ring (``MINWON_ENCRYPTION_KEYS`` and the primary's id) is split with replicated XOR
secret sharing: the secret is the XOR of ``n`` random-looking pieces; holder ``i`` receives
every piece but the ``i``-th. One share alone lacks a piece and reveals nothing (each piece is
uniformly random); any two shares together hold every piece. With two holders this is the
classic 2-of-2 split; with three, any two of three can recover (one holder may be away).
Shares are stored apart from each other and from the data backups (docs/runbooks/key-recovery.md).
"""

from __future__ import annotations

import base64
import hashlib
import json
import secrets
from dataclasses import dataclass
from functools import reduce
from typing import Any

__all__ = ["EscrowError", "Share", "combine_shares", "split_secret"]

FORMAT = "minwon-key-escrow-v1"


class EscrowError(ValueError):
    """The shares do not belong together, are damaged, or are too few."""


@dataclass(frozen=True, slots=True)
class Share:
    """What one holder keeps: every piece but their own, and how to check the result."""

    holder: str
    index: int
    holders: int
    pieces: dict[int, bytes]
    check: str  # SHA-256 of the secret: tells a wrong combination from a right one

    def to_json(self) -> str:
        return json.dumps(
            {
                "format": FORMAT,
                "holder": self.holder,
                "index": self.index,
                "holders": self.holders,
                "check": self.check,
                "pieces": {str(i): base64.b64encode(p).decode() for i, p in self.pieces.items()},
            },
            indent=2,
        )

    @classmethod
    def from_json(cls, text: str) -> Share:
        try:
            data: dict[str, Any] = json.loads(text)
            if data.get("format") != FORMAT:
                raise EscrowError("not a minwon key escrow share")
            pieces = {int(i): base64.b64decode(p) for i, p in data["pieces"].items()}
            return cls(
                data["holder"], int(data["index"]), int(data["holders"]), pieces, data["check"]
            )
        except (KeyError, ValueError, TypeError) as exc:
            raise EscrowError(f"damaged share: {exc}") from None


def _xor(parts: list[bytes]) -> bytes:
    return reduce(lambda a, b: bytes(x ^ y for x, y in zip(a, b, strict=True)), parts)


def split_secret(secret: bytes, holders: list[str]) -> list[Share]:
    """One share per holder (two or more); any two shares recover ``secret``."""
    if len(holders) < 2 or len(set(holders)) != len(holders):
        raise EscrowError("name at least two different holders")
    n = len(holders)
    pieces = [secrets.token_bytes(len(secret)) for _ in range(n - 1)]
    pieces.append(_xor([secret, *pieces]) if pieces else secret)
    check = hashlib.sha256(secret).hexdigest()
    return [
        Share(name, i, n, {j: pieces[j] for j in range(n) if j != i}, check)
        for i, name in enumerate(holders)
    ]


def combine_shares(shares: list[Share]) -> bytes:
    """The secret from two (or more) shares of different holders; :class:`EscrowError` else."""
    if len({s.index for s in shares}) < 2:
        raise EscrowError("two shares of two different holders are needed")
    first = shares[0]
    if any(s.check != first.check or s.holders != first.holders for s in shares):
        raise EscrowError("these shares come from different escrows")
    pieces: dict[int, bytes] = {}
    for share in shares:
        pieces.update(share.pieces)
    if len(pieces) != first.holders:
        raise EscrowError("the shares do not cover every piece")
    secret = _xor([pieces[i] for i in range(first.holders)])
    if hashlib.sha256(secret).hexdigest() != first.check:
        raise EscrowError("the combined key ring does not match its checksum")
    return secret
