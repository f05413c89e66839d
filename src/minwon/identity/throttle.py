"""Failure counters in the database: a sliding window summed over one-minute buckets.

No Redis: every gateway process shares the database already, so the counters live there.
Keys are keyed hashes, so the table holds no e-mail address or client address in clear.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from minwon.identity.errors import TooManyAttemptsError
from minwon.identity.models import ThrottleBucket

__all__ = [
    "RESET_BY_ADDRESS",
    "SIGNIN_BY_ACCOUNT",
    "SIGNIN_BY_ADDRESS",
    "SIGNUP_BY_ADDRESS",
    "ThrottleRule",
    "check_throttle",
    "record_attempt",
    "throttle_key",
]

BUCKET = dt.timedelta(minutes=1)


@dataclass(frozen=True, slots=True)
class ThrottleRule:
    """At most ``limit`` counted attempts per key within ``window``."""

    scope: str
    limit: int
    window: dt.timedelta


# 800-63B §5.2.2 caps consecutive failures at 100 per account; we are stricter but
# time-limited, so a forgotten password costs a citizen 15 minutes, not a visit to an office.
SIGNIN_BY_ACCOUNT = ThrottleRule("signin:account", 10, dt.timedelta(minutes=15))
SIGNIN_BY_ADDRESS = ThrottleRule("signin:address", 30, dt.timedelta(minutes=15))
SIGNUP_BY_ADDRESS = ThrottleRule("signup:address", 10, dt.timedelta(hours=1))
RESET_BY_ADDRESS = ThrottleRule("reset:address", 10, dt.timedelta(minutes=15))


def throttle_key(secret: bytes, value: str) -> str:
    """A keyed hash of ``value`` (an e-mail address or client address)."""
    return hmac.new(secret, value.encode("utf-8"), hashlib.sha256).hexdigest()


def _bucket_start(now: dt.datetime) -> dt.datetime:
    return now.replace(second=0, microsecond=0)


def _recent(
    session: Session, rule: ThrottleRule, key: str, now: dt.datetime
) -> list[ThrottleBucket]:
    return list(
        session.scalars(
            select(ThrottleBucket)
            .where(ThrottleBucket.scope == rule.scope, ThrottleBucket.key == key)
            .where(ThrottleBucket.bucket_start > now - rule.window)
            .order_by(ThrottleBucket.bucket_start)
        )
    )


def check_throttle(session: Session, rule: ThrottleRule, key: str, now: dt.datetime) -> None:
    """Raise :class:`TooManyAttemptsError` when ``key`` used up its attempts in the window."""
    buckets = _recent(session, rule, key, now)
    if sum(b.count for b in buckets) < rule.limit:
        return
    # The window frees up when the oldest bucket in it slides out.
    retry = buckets[0].bucket_start + rule.window + BUCKET - now
    raise TooManyAttemptsError(max(1, int(retry.total_seconds())))


def record_attempt(session: Session, rule: ThrottleRule, key: str, now: dt.datetime) -> None:
    """Count one attempt for ``key`` now, and forget buckets that left the window."""
    session.execute(
        delete(ThrottleBucket).where(
            ThrottleBucket.scope == rule.scope,
            ThrottleBucket.key == key,
            ThrottleBucket.bucket_start <= now - rule.window - BUCKET,
        )
    )
    # One atomic upsert, not read-then-insert: two attempts in the same minute from two
    # processes would otherwise both insert the bucket and one would fail on the unique key.
    insert = _insert_for(session)
    statement = insert(ThrottleBucket).values(
        scope=rule.scope, key=key, bucket_start=_bucket_start(now), count=1
    )
    session.execute(
        statement.on_conflict_do_update(
            index_elements=["scope", "key", "bucket_start"],
            set_={"count": ThrottleBucket.count + 1},
        )
    )
    # Buckets this session loaded earlier would otherwise go on showing their old count.
    for loaded in list(session.identity_map.values()):
        if isinstance(loaded, ThrottleBucket):
            session.expire(loaded)


def _insert_for(session: Session) -> Callable[..., Any]:
    if session.get_bind().dialect.name == "postgresql":
        return postgresql.insert
    return sqlite.insert
