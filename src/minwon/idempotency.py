"""``Idempotency-Key``: a request sent again returns the first answer instead of acting twice.

Semantics of the IETF httpapi draft "The Idempotency-Key HTTP Header Field": the key is the
client's (a UUID), scoped here to who sends it and to which endpoint; the first request with a
key runs and its response is stored; a later request with the same key and the same payload
gets that response again, a different payload is refused (:class:`IdempotencyKeyReusedError`,
422). A request that failed is not stored, so sending it again runs it again.

Where the draft answers 409 to a repeat that arrives while the first is still running, minwon
waits for the first to finish and returns its answer: the key's row is inserted first in the
same transaction as the work, so the database makes the repeat wait on the first one's row and
then see it (PostgreSQL's unique index, SQLite's write lock). A hundred concurrent repeats thus
run the work once and all receive the same receipt. Responses are sealed: they may echo
personal data.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Integer, String, Text, delete, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Mapped, Session, mapped_column, sessionmaker

from minwon.applications.ports import Sealer
from minwon.db import Base, UtcDateTime, session_scope

__all__ = [
    "IdempotencyKeyReusedError",
    "IdempotencyRecord",
    "StoredResponse",
    "fingerprint",
    "forget_keys_before",
    "run_once",
    "sealed_context",
]

MAX_KEY_LENGTH = 255


class IdempotencyKeyReusedError(ValueError):
    """The key was already used for a different request (the draft's 422)."""


class IdempotencyRecord(Base):
    """The stored answer to the first request with a key, in its scope."""

    __tablename__ = "idempotency_keys"

    scope: Mapped[str] = mapped_column(String(200), primary_key=True)
    key: Mapped[str] = mapped_column(String(255), primary_key=True)
    fingerprint: Mapped[str] = mapped_column(String(64))
    status_code: Mapped[int] = mapped_column(Integer)
    sealed_response: Mapped[str] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime, index=True)


@dataclass(frozen=True, slots=True)
class StoredResponse:
    """An answer: fresh (``replayed`` False) or the stored one for a repeat."""

    status_code: int
    body: dict[str, Any]
    replayed: bool


class _KeyTakenError(Exception):
    """Another request with this key committed first."""


def fingerprint(payload: bytes) -> str:
    """What identifies the request's content (SHA-256 of its body)."""
    return hashlib.sha256(payload).hexdigest()


def sealed_context(scope: str, key: str) -> str:
    """What a stored answer is sealed to: its scope and key."""
    return _context(scope, key)


def _context(scope: str, key: str) -> str:
    return f"idempotency:{hashlib.sha256(f'{scope}|{key}'.encode()).hexdigest()}"


def _stored(
    factory: sessionmaker[Session], sealer: Sealer, scope: str, key: str, digest: str
) -> StoredResponse | None:
    with session_scope(factory) as session:
        record = session.get(IdempotencyRecord, (scope, key))
        if record is None:
            return None
        if record.fingerprint != digest:
            raise IdempotencyKeyReusedError(key)
        body = sealer.unseal(record.sealed_response, context=_context(scope, key))
        return StoredResponse(record.status_code, body, replayed=True)


def _claim(session: Session, scope: str, key: str, digest: str, now: dt.datetime) -> None:
    session.add(
        IdempotencyRecord(
            scope=scope,
            key=key,
            fingerprint=digest,
            status_code=0,
            sealed_response="",
            created_at=now,
        )
    )
    try:
        # First statement of the transaction: a concurrent holder of the key makes this wait.
        session.flush()
    except IntegrityError as exc:
        raise _KeyTakenError(key) from exc


def run_once(
    factory: sessionmaker[Session],
    sealer: Sealer,
    *,
    scope: str,
    key: str,
    digest: str,
    now: dt.datetime,
    work: Callable[[Session], tuple[int, dict[str, Any]]],
) -> StoredResponse:
    """Run ``work`` once per (scope, key) in one transaction with the key's row; else replay.

    ``work`` returns (status code, JSON body) and runs in the same unit of work as the key's
    row, so the answer is stored if and only if what it did is committed.
    """
    if not key or len(key) > MAX_KEY_LENGTH:
        raise IdempotencyKeyReusedError(key[:40])
    stored = _stored(factory, sealer, scope, key, digest)
    if stored is not None:
        return stored
    try:
        with session_scope(factory) as session:
            _claim(session, scope, key, digest, now)
            status, body = work(session)
            record = session.get(IdempotencyRecord, (scope, key))
            assert record is not None  # noqa: S101 — inserted above in this transaction
            record.status_code = status
            record.sealed_response = sealer.seal(body, context=_context(scope, key))
            return StoredResponse(status, body, replayed=False)
    except _KeyTakenError:
        stored = _stored(factory, sealer, scope, key, digest)
        if stored is None:  # the first holder rolled back after we gave up waiting
            raise
        return stored


def forget_keys_before(session: Session, cutoff: dt.datetime) -> int:
    """Drop stored answers older than ``cutoff`` (the draft lets keys expire); how many."""
    result = session.execute(delete(IdempotencyRecord).where(IdempotencyRecord.created_at < cutoff))
    return int(result.rowcount or 0)  # type: ignore[attr-defined]


def exists(session: Session, scope: str, key: str) -> bool:
    """Whether an answer is stored for (scope, key)."""
    return (
        session.scalar(
            select(IdempotencyRecord.key).where(
                IdempotencyRecord.scope == scope, IdempotencyRecord.key == key
            )
        )
        is not None
    )
