"""Use cases of the audit log: append an event, list what happened to a person, verify the chain.

Appends happen inside the caller's transaction (the use case that submits an application
writes its audit event in the same unit of work) and never commit.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Row, func, or_, select, update
from sqlalchemy.orm import Session

from minwon.audit.chain import GENESIS_HASH, ChainedContent, chain_hash, normalise_moment
from minwon.audit.errors import AuditChainHeadMissingError, AuditEventInvalidError
from minwon.audit.models import AuditChainHead, AuditEvent
from minwon.audit.redaction import looks_personal, mask_personal_data, mask_personal_text
from minwon.audit.schemas import ChainDamage, ChainProblem, VerifyReport

__all__ = [
    "MAX_PAGE_SIZE",
    "PERSONAL_DATA_READ",
    "events_about",
    "record_event",
    "verify_chain",
]

PERSONAL_DATA_READ = "personal_data:read"
MAX_PAGE_SIZE = 500
HEAD_ID = 1
ACTOR = re.compile(r"system|(?:citizen|officer|partner|system):[A-Za-z0-9][A-Za-z0-9._-]{0,150}")
REFERENCE = re.compile(r"[a-z][a-z_]{0,40}:[A-Za-z0-9][A-Za-z0-9._:-]{0,150}")
ACTION = re.compile(r"[a-z][a-z_]{0,40}(?::[a-z][a-z_]{0,40}){1,3}")
ACTION_MAX_LENGTH = 100  # audit_events.action is VARCHAR(100)
# Keep memory bounded on a badly damaged log; the first problems are what matter.
MAX_PROBLEMS = 100


def record_event(
    session: Session,
    *,
    actor: str,
    action: str,
    subject: str | None = None,
    target: str | None = None,
    on_behalf_of: str | None = None,
    reason: str | None = None,
    data: Mapping[str, Any] | None = None,
    at: dt.datetime,
) -> AuditEvent:
    """Append one event to the chain, in the caller's transaction (flushed, never committed).

    ``actor`` is ``citizen:<id>``, ``officer:<id>``, ``partner:<client_id>``, ``system`` or
    ``system:<job>``; ``action`` a past-tense tag such as ``application:submitted``; ``subject``,
    ``target`` and ``on_behalf_of`` look like ``kind:<id>``. Officers reading personal
    data must give a ``reason``. Personal data in ``data`` and ``reason`` is masked before it
    is hashed. Concurrent appenders are serialised on the chain head row, so the chain never
    forks; under REPEATABLE READ or SERIALIZABLE a concurrent append makes PostgreSQL abort
    one transaction instead, for the use case to retry. Raises ``AuditEventInvalidError`` for
    a malformed event, before anything is written.
    """
    clean_reason = _checked_event(
        actor=actor, action=action, refs=(subject, target, on_behalf_of), reason=reason, at=at
    )
    safe_data = mask_personal_data(dict(data or {}))
    # Everything that can fail runs before the head is locked, to hold the lock briefly.
    seq, prev_hash = _advance_head(session)
    content = ChainedContent(
        seq=seq,
        occurred_at=normalise_moment(at),
        actor=actor,
        on_behalf_of=on_behalf_of,
        action=action,
        subject=subject,
        target=target,
        reason=clean_reason,
        data=safe_data,
    )
    event = _event_row(content, prev_hash)
    session.add(event)
    session.execute(
        update(AuditChainHead).where(AuditChainHead.id == HEAD_ID).values(last_hash=event.hash)
    )
    session.flush()
    return event


def _checked_event(
    *, actor: str, action: str, refs: tuple[str | None, ...], reason: str | None, at: dt.datetime
) -> str | None:
    """Validate an event before it takes a sequence number; return its cleaned reason."""
    _check_identifiers(actor=actor, action=action, refs=refs)
    if at.tzinfo is None:
        raise AuditEventInvalidError("audit events need an aware datetime (`at`)")
    clean_reason = _clean_reason(reason)
    if action == PERSONAL_DATA_READ and actor.startswith("officer:") and clean_reason is None:
        raise AuditEventInvalidError("an officer reading personal data must give a reason")
    return clean_reason


def _check_identifiers(*, actor: str, action: str, refs: tuple[str | None, ...]) -> None:
    if not ACTOR.fullmatch(actor):
        raise AuditEventInvalidError("actor must be citizen:, officer:, partner:<id> or system")
    if len(action) > ACTION_MAX_LENGTH or not ACTION.fullmatch(action):
        raise AuditEventInvalidError("action must be a lower-case tag like application:submitted")
    for ref in refs:
        if ref is not None and not REFERENCE.fullmatch(ref):
            raise AuditEventInvalidError("subject, target and on_behalf_of must look like kind:id")
    # Identifiers are stored and hashed in clear, so they must not be personal data themselves
    # (a resident number used as a citizen id would sit in the log for ever).
    if any(looks_personal(value) for value in (actor, *refs) if value is not None):
        raise AuditEventInvalidError("an identifier looks like personal data; use an opaque id")


def _clean_reason(reason: str | None) -> str | None:
    if reason is None:
        return None
    text = unicodedata.normalize("NFC", reason).strip()
    return mask_personal_text(text) if text else None


def _advance_head(session: Session) -> tuple[int, str]:
    # Writing the head row first is what serialises appenders: PostgreSQL row-locks it until
    # the transaction ends (a second appender waits, then sees the new head), SQLite takes its
    # database write lock. Reading first and writing later would let two appenders chain from
    # the same hash.
    row = session.execute(
        update(AuditChainHead)
        .where(AuditChainHead.id == HEAD_ID)
        .values(last_seq=AuditChainHead.last_seq + 1)
        .returning(AuditChainHead.last_seq, AuditChainHead.last_hash)
    ).one_or_none()
    if row is None:
        raise AuditChainHeadMissingError("audit_chain_head is empty; run `minwon db upgrade`")
    return int(row.last_seq), str(row.last_hash)


def _event_row(content: ChainedContent, prev_hash: str) -> AuditEvent:
    return AuditEvent(
        seq=content.seq,
        occurred_at=content.occurred_at,
        actor=content.actor,
        on_behalf_of=content.on_behalf_of,
        action=content.action,
        subject=content.subject,
        target=content.target,
        reason=content.reason,
        data=content.data,
        prev_hash=prev_hash,
        hash=chain_hash(content, prev_hash),
    )


def events_about(
    session: Session, subject: str, *, limit: int, before_seq: int | None = None
) -> list[AuditEvent]:
    """Events about ``subject`` (whose data, or on whose behalf), newest first.

    This is how a citizen sees who accessed their data and why. Page with ``before_seq``:
    pass the ``seq`` of the last event of the previous page.
    """
    if not 1 <= limit <= MAX_PAGE_SIZE:
        raise ValueError(f"limit must be between 1 and {MAX_PAGE_SIZE}")
    query = (
        select(AuditEvent)
        .where(or_(AuditEvent.subject == subject, AuditEvent.on_behalf_of == subject))
        .order_by(AuditEvent.seq.desc())
        .limit(limit)
    )
    if before_seq is not None:
        query = query.where(AuditEvent.seq < before_seq)
    return list(session.scalars(query))


@dataclass
class _ChainWalk:
    """State carried from one row to the next while walking the chain in ``seq`` order."""

    expected_seq: int = 1
    prev_hash: str = GENESIS_HASH
    checked: int = 0
    problems: list[ChainProblem] = field(default_factory=list)
    more_problems: bool = False

    def flag(self, seq: int, damage: ChainDamage, detail: str) -> None:
        if len(self.problems) < MAX_PROBLEMS:
            self.problems.append(ChainProblem(seq, damage, detail))
        else:
            self.more_problems = True

    def visit(self, row: Row[Any]) -> None:
        if row.seq > self.expected_seq:
            missing = f"{self.expected_seq}" + (
                f"–{row.seq - 1}" if row.seq - 1 > self.expected_seq else ""
            )
            self.flag(self.expected_seq, ChainDamage.MISSING, f"seq {missing} deleted")
        elif row.prev_hash != self.prev_hash:
            self.flag(row.seq, ChainDamage.BROKEN_LINK, "does not chain from the row before it")
        if chain_hash(_content_of(row), row.prev_hash) != row.hash:
            self.flag(row.seq, ChainDamage.ALTERED, "content does not match its hash")
        # Carry on from the stored values so one bad row is reported once, not at every row.
        self.expected_seq = row.seq + 1
        self.prev_hash = row.hash
        self.checked += 1


def _content_of(row: Row[Any]) -> ChainedContent:
    return ChainedContent(
        seq=row.seq,
        occurred_at=row.occurred_at,
        actor=row.actor,
        on_behalf_of=row.on_behalf_of,
        action=row.action,
        subject=row.subject,
        target=row.target,
        reason=row.reason,
        data=row.data,
    )


def verify_chain(session: Session) -> VerifyReport:
    """Walk the whole log and report every break in the hash chain.

    Detects altered rows (hash mismatch), inserted or replaced rows (broken link), deleted
    rows (gap in ``seq``), a cut-off tail (chain head ahead of the log), rows written around
    ``record_event`` (beyond the head) and a replaced tail (head hash differs). Read-only;
    this is what ``minwon audit verify`` prints (``str(report)``).
    """
    head = _read_head(session)
    walk = _ChainWalk()
    # Plain rows, streamed: the walk must not fill (or read stale objects from) the session's
    # identity map on a log of millions of rows.
    rows = (
        select(*AuditEvent.__table__.columns)
        .order_by(AuditEvent.seq)
        .execution_options(yield_per=1000)
    )
    if head is not None:
        # Rows appended after the head was read belong to transactions newer than this check.
        rows = rows.where(AuditEvent.seq <= head[0])
    for row in session.execute(rows):
        walk.visit(row)
    _check_tail(session, walk, head)
    return VerifyReport(
        events_checked=walk.checked,
        head_seq=None if head is None else head[0],
        head_hash=None if head is None else head[1],
        problems=tuple(walk.problems),
        more_problems=walk.more_problems,
    )


def _read_head(session: Session) -> tuple[int, str] | None:
    row = session.execute(
        select(AuditChainHead.last_seq, AuditChainHead.last_hash).where(
            AuditChainHead.id == HEAD_ID
        )
    ).one_or_none()
    return None if row is None else (int(row.last_seq), str(row.last_hash))


def _check_tail(session: Session, walk: _ChainWalk, head: tuple[int, str] | None) -> None:
    last_seq = walk.expected_seq - 1
    if head is None:
        walk.flag(last_seq, ChainDamage.HEAD_MISSING, "audit_chain_head has no row")
        return
    head_seq, head_hash = head
    if last_seq < head_seq:
        walk.flag(last_seq + 1, ChainDamage.TRUNCATED, f"head records seq {head_seq}")
    elif walk.prev_hash != head_hash:
        walk.flag(head_seq, ChainDamage.HEAD_MISMATCH, "last row's hash differs from the head")
    stray = _first_row_beyond_head(session, head_seq)
    if stray is not None:
        walk.flag(stray, ChainDamage.UNRECORDED, "row beyond the chain head")


def _first_row_beyond_head(session: Session, head_seq: int) -> int | None:
    newest = session.scalar(select(func.max(AuditEvent.seq)).where(AuditEvent.seq > head_seq))
    if newest is None:
        return None
    # A legitimate append commits its row and the head together, so re-reading the head
    # *after* seeing the row tells a concurrent append from a row slipped in around the log.
    current = _read_head(session)
    current_seq = head_seq if current is None else current[0]
    if newest <= current_seq:
        return None
    first: int | None = session.scalar(
        select(func.min(AuditEvent.seq)).where(AuditEvent.seq > current_seq)
    )
    return first
