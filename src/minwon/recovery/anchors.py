"""The audit chain's head, anchored outside the database: signed, appended, at least each minute.

A database restored to an earlier point, or cut short, still verifies as a chain: every row it
has links to the one before. What it cannot show is what it lost. Each anchor line records the
chain head (``seq``, ``hash``) and the events since the previous anchor (number, action and
target: ids, never personal data), signed with Ed25519. :func:`check_anchors` compares a
database with the anchors and names every anchored event it no longer has.
"""

from __future__ import annotations

import base64
import datetime as dt
import fcntl
import hashlib
import json
import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from sqlalchemy import select
from sqlalchemy.orm import Session

from minwon.audit.chain import canonical_json
from minwon.audit.models import AuditChainHead, AuditEvent

__all__ = [
    "AnchorReport",
    "MissingEvent",
    "anchor_key",
    "check_anchors",
    "read_anchors",
    "write_anchor",
]

MAX_EVENTS_PER_ANCHOR = 20_000
DEV_SEED = hashlib.sha256(b"minwon development audit anchor key: not a secret").digest()


def anchor_key(encoded: str | None, environment: str) -> Ed25519PrivateKey:
    """The signing key: base64 of a 32-byte Ed25519 seed; a public one in development only."""
    if encoded:
        return Ed25519PrivateKey.from_private_bytes(base64.b64decode(encoded))
    if environment not in ("development", "test"):
        raise ValueError("MINWON_AUDIT_ANCHOR_KEY must be set outside development")
    return Ed25519PrivateKey.from_private_bytes(DEV_SEED)


def _key_id(public: Ed25519PublicKey) -> str:
    raw = public.public_bytes_raw()
    return hashlib.sha256(raw).hexdigest()[:16]


def read_anchors(path: Path) -> Iterator[tuple[int, dict[str, Any]]]:
    """(line number, anchor) for each line of the file, oldest first."""
    if not path.exists():
        return
    with path.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, start=1):
            if line.strip():
                yield number, json.loads(line)


def _last_anchor(path: Path) -> dict[str, Any] | None:
    last = None
    for _, anchor in read_anchors(path):
        last = anchor
    return last


def write_anchor(
    session: Session, path: Path, key: Ed25519PrivateKey, now: dt.datetime
) -> dict[str, Any] | None:
    """Append a signed anchor of the current head if it moved since the last one (else None)."""
    head = session.execute(select(AuditChainHead.last_seq, AuditChainHead.last_hash)).first()
    if head is None:
        return None
    previous = _last_anchor(path)
    since = int(previous["seq"]) if previous else 0
    if previous and previous["seq"] == head.last_seq and previous["hash"] == head.last_hash:
        return None
    rows = session.execute(
        select(AuditEvent.seq, AuditEvent.action, AuditEvent.target)
        .where(AuditEvent.seq > since, AuditEvent.seq <= head.last_seq)
        .order_by(AuditEvent.seq)
        .limit(MAX_EVENTS_PER_ANCHOR)
    )
    anchor: dict[str, Any] = {
        "v": 1,
        "at": now.astimezone(dt.UTC).isoformat(),
        "seq": int(head.last_seq),
        "hash": str(head.last_hash),
        "since": since,
        "events": [[r.seq, r.action, r.target] for r in rows],
        "key_id": _key_id(key.public_key()),
    }
    anchor["sig"] = base64.b64encode(key.sign(canonical_json(anchor).encode())).decode()
    _append(path, json.dumps(anchor, ensure_ascii=False, sort_keys=True))
    return anchor


def _append(path: Path, line: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o640)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)  # several writers append whole lines, never interleaved
        os.write(fd, (line + "\n").encode())
        os.fsync(fd)
    finally:
        os.close(fd)


@dataclass(frozen=True, slots=True)
class MissingEvent:
    seq: int
    action: str
    target: str | None


@dataclass
class AnchorReport:
    """What the anchors say about a database's audit log."""

    anchors: int = 0
    last_anchor_seq: int = 0
    database_head: int = 0
    bad_signatures: list[int] = field(default_factory=list)  # anchor line numbers
    diverged: list[int] = field(default_factory=list)  # seq whose hash differs from the anchor
    missing: list[MissingEvent] = field(default_factory=list)

    @property
    def is_intact(self) -> bool:
        return not (self.bad_signatures or self.diverged or self.missing)

    def __str__(self) -> str:
        head = (
            f"{self.anchors} anchors up to seq {self.last_anchor_seq}; "
            f"database head seq {self.database_head}"
        )
        if self.is_intact:
            return f"anchors OK: {head}"
        lines = [f"anchors FAILED: {head}"]
        lines += [f"  anchor line {n}: bad signature" for n in self.bad_signatures]
        lines += [f"  seq {s}: differs from the anchored hash" for s in self.diverged]
        if self.missing:
            lines.append(f"  {len(self.missing)} anchored events missing from the database:")
            lines += [
                f"    seq {m.seq} {m.action} {m.target or ''}".rstrip() for m in self.missing[:200]
            ]
        return "\n".join(lines)


def _verified(anchor: dict[str, Any], public: Ed25519PublicKey) -> bool:
    body = {k: v for k, v in anchor.items() if k != "sig"}
    try:
        public.verify(base64.b64decode(anchor.get("sig", "")), canonical_json(body).encode())
    except (InvalidSignature, ValueError):
        return False
    return True


def check_anchors(session: Session, path: Path, public: Ed25519PublicKey) -> AnchorReport:
    """Compare the database's audit log with every anchor; name the anchored events it lacks."""
    report = AnchorReport()
    head = session.scalar(select(AuditChainHead.last_seq)) or 0
    report.database_head = int(head)
    known: dict[int, tuple[str, str | None]] = {}
    for number, anchor in read_anchors(path):
        report.anchors += 1
        if not _verified(anchor, public):
            report.bad_signatures.append(number)
            continue
        report.last_anchor_seq = max(report.last_anchor_seq, int(anchor["seq"]))
        known.update({int(s): (a, t) for s, a, t in anchor["events"]})
        stored = session.scalar(select(AuditEvent.hash).where(AuditEvent.seq == anchor["seq"]))
        if stored is not None and stored != anchor["hash"]:
            report.diverged.append(int(anchor["seq"]))
    present = set(
        session.scalars(
            select(AuditEvent.seq)
            .where(AuditEvent.seq <= report.last_anchor_seq)
            .execution_options(yield_per=10_000)
        )
    )
    for seq in range(1, report.last_anchor_seq + 1):
        if seq not in present and (seq in known or seq > report.database_head):
            action, target = known.get(seq, ("(not listed in the anchors)", None))
            report.missing.append(MissingEvent(seq, action, target))
    return report
