"""The hash chain: the canonical bytes of an event and the SHA-256 that links it to the last."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass
from typing import Any

__all__ = ["GENESIS_HASH", "ChainedContent", "canonical_json", "chain_hash", "normalise_moment"]

# The first event chains from this fixed value, so deleting the first row is as visible as
# deleting any other.
GENESIS_HASH = "0" * 64


@dataclass(frozen=True, slots=True)
class ChainedContent:
    """Exactly the fields an event's hash covers (everything but the surrogate ``id``)."""

    seq: int
    occurred_at: dt.datetime
    actor: str
    on_behalf_of: str | None
    action: str
    subject: str | None
    target: str | None
    reason: str | None
    data: dict[str, Any]


def normalise_moment(moment: dt.datetime) -> dt.datetime:
    """The moment in UTC, aware. Naive values are taken as UTC (SQLite returns them so)."""
    if moment.tzinfo is None:
        return moment.replace(tzinfo=dt.UTC)
    return moment.astimezone(dt.UTC)


def canonical_json(value: Any) -> str:
    """One spelling per value: sorted keys, no spaces, UTF-8 text kept, no NaN or Infinity."""
    return json.dumps(
        value, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False
    )


def chain_hash(content: ChainedContent, prev_hash: str) -> str:
    """SHA-256 (hex) over the canonical JSON of ``content`` and ``prev_hash``."""
    document = {
        "v": 1,  # lets a future format change verify old rows under the old rules
        "seq": content.seq,
        "occurred_at": normalise_moment(content.occurred_at).isoformat(timespec="microseconds"),
        "actor": content.actor,
        "on_behalf_of": content.on_behalf_of,
        "action": content.action,
        "subject": content.subject,
        "target": content.target,
        "reason": content.reason,
        "data": content.data,
        "prev_hash": prev_hash,
    }
    return hashlib.sha256(canonical_json(document).encode("utf-8")).hexdigest()
