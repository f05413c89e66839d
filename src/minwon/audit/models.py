"""Tables of the audit package: the append-only event log and the head of its hash chain."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    CheckConstraint,
    DateTime,
    Index,
    Integer,
    String,
    Text,
)
from sqlalchemy.orm import Mapped, mapped_column

from minwon.db import Base

__all__ = ["AuditChainHead", "AuditEvent"]

# SQLite only auto-increments an INTEGER PRIMARY KEY; PostgreSQL gets 64 bits for a log that
# is never pruned.
BigId = BigInteger().with_variant(Integer(), "sqlite")


class AuditEvent(Base):
    """One thing that happened: who (``actor``), for whom, did what, to whose data, and why.

    Rows are never updated or deleted (database triggers refuse it). ``hash`` covers the row's
    content and ``prev_hash``, so any later change breaks the chain that ``verify_chain`` walks.
    """

    __tablename__ = "audit_events"
    __table_args__ = (
        CheckConstraint("seq >= 1", name="seq_positive"),
        Index("ix_audit_events_subject_seq", "subject", "seq"),
        Index("ix_audit_events_on_behalf_of_seq", "on_behalf_of", "seq"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    seq: Mapped[int] = mapped_column(BigId, unique=True)
    occurred_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    actor: Mapped[str] = mapped_column(String(200))
    on_behalf_of: Mapped[str | None] = mapped_column(String(200))
    action: Mapped[str] = mapped_column(String(100))
    subject: Mapped[str | None] = mapped_column(String(200))
    target: Mapped[str | None] = mapped_column(String(200))
    reason: Mapped[str | None] = mapped_column(Text)
    data: Mapped[dict[str, Any]] = mapped_column(JSON)
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))


class AuditChainHead(Base):
    """The single row that says where the chain ends (last ``seq`` and its ``hash``).

    Appenders lock this row, which serialises them; ``verify_chain`` compares it with the
    table's tail to notice rows cut off the end.
    """

    __tablename__ = "audit_chain_head"
    __table_args__ = (CheckConstraint("id = 1", name="single_row"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    last_seq: Mapped[int] = mapped_column(BigId)
    last_hash: Mapped[str] = mapped_column(String(64))
