"""Tables: applications, their status history, the outbox to the agencies and its delivery."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from sqlalchemy import JSON, Date, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from minwon.db import Base, UtcDateTime

__all__ = [
    "AgencyCircuitRow",
    "AgencyEvent",
    "Application",
    "ApplicationEvent",
    "ConversationFiling",
    "OutboxMessage",
    "new_webhook_id",
]


class Application(Base):
    """One filed application. Personal data lives only in ``sealed_facts`` (AES-GCM)."""

    __tablename__ = "applications"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    receipt_no: Mapped[str] = mapped_column(String(32), unique=True)
    service_id: Mapped[str] = mapped_column(String(80), index=True)
    bundle_id: Mapped[str | None] = mapped_column(String(80))
    agency_code: Mapped[str] = mapped_column(String(80), index=True)
    citizen_id: Mapped[str] = mapped_column(String(64), index=True)
    filed_by: Mapped[str] = mapped_column(String(64))  # differs from citizen_id under a delegation
    conversation_id: Mapped[str | None] = mapped_column(String(36))
    status: Mapped[str] = mapped_column(String(32), index=True)
    deadline: Mapped[dt.date | None] = mapped_column(Date)
    status_due: Mapped[dt.date | None] = mapped_column(Date)  # e.g. when a supplement is due
    catalog_version: Mapped[str] = mapped_column(String(64))
    public_facts: Mapped[dict[str, Any]] = mapped_column(JSON)  # dates, choices: no personal data
    sealed_facts: Mapped[str] = mapped_column(Text)  # encrypted JSON of everything the person gave
    claimed_by: Mapped[str | None] = mapped_column(String(64))
    submitted_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)
    updated_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)
    version: Mapped[int] = mapped_column(Integer, default=1)

    events: Mapped[list[ApplicationEvent]] = relationship(
        back_populates="application", order_by="ApplicationEvent.id", cascade="all, delete-orphan"
    )

    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012 — SQLAlchemy's declared form


class ApplicationEvent(Base):
    """One step in an application's history, shown to the citizen."""

    __tablename__ = "application_events"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    application_id: Mapped[str] = mapped_column(ForeignKey("applications.id"), index=True)
    from_status: Mapped[str | None] = mapped_column(String(32))
    to_status: Mapped[str] = mapped_column(String(32))
    actor: Mapped[str] = mapped_column(String(80))
    reason: Mapped[str | None] = mapped_column(Text)
    at: Mapped[dt.datetime] = mapped_column(UtcDateTime)

    application: Mapped[Application] = relationship(back_populates="events")


def new_webhook_id() -> str:
    """A delivery's ``webhook-id``: fixed when the row is written, the same on every attempt."""
    return f"msg_{uuid.uuid4().hex}"


class OutboxMessage(Base):
    """A message to an agency system, written in the same transaction as the change it reports.

    The relay delivers it at least once; the agency deduplicates on ``webhook_id``, which never
    changes between attempts, so the effect is exactly once. ``status`` is ``pending`` until an
    agency answers 2xx (``delivered``) or 4xx (``rejected``: recorded, never retried), or it
    has failed ``failures`` times (``dead``: waits for an operator's ``minwon outbox retry``).
    """

    __tablename__ = "outbox_messages"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    topic: Mapped[str] = mapped_column(String(80))
    key: Mapped[str] = mapped_column(String(80), index=True)
    payload: Mapped[dict[str, Any]] = mapped_column(JSON)
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)
    dispatched_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime)  # when delivered
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    webhook_id: Mapped[str] = mapped_column(String(100), unique=True, default=new_webhook_id)
    agency_code: Mapped[str | None] = mapped_column(String(80))
    status: Mapped[str] = mapped_column(String(16), default="pending")
    failures: Mapped[int] = mapped_column(Integer, default=0)  # attempts that count to dead
    next_attempt_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime)
    locked_until: Mapped[dt.datetime | None] = mapped_column(UtcDateTime)
    lock_token: Mapped[str | None] = mapped_column(String(36))
    last_error: Mapped[str | None] = mapped_column(Text)
    last_status_code: Mapped[int | None] = mapped_column(Integer)


class AgencyCircuitRow(Base):
    """An agency's circuit as a relay last saw it (``closed``, ``open``, ``half_open``)."""

    __tablename__ = "agency_circuits"

    agency_code: Mapped[str] = mapped_column(String(80), primary_key=True)
    state: Mapped[str] = mapped_column(String(16))
    consecutive_failures: Mapped[int] = mapped_column(Integer)
    opened_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime)
    updated_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)


class AgencyEvent(Base):
    """A signed callback an agency sent; its ``webhook_id`` is accepted once."""

    __tablename__ = "agency_events"
    __table_args__ = (
        UniqueConstraint("agency_code", "webhook_id", name="uq_agency_events_webhook"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    agency_code: Mapped[str] = mapped_column(String(80))
    webhook_id: Mapped[str] = mapped_column(String(100))
    event_type: Mapped[str] = mapped_column(String(80))
    received_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)


class ConversationFiling(Base):
    """What one confirming message of a conversation filed: at most one filing per message.

    The primary key (conversation, the confirming message's sequence number) is what makes a
    confirmation sent twice at once file once: the second insert waits for the first and then
    fails. ``sealed_reply`` is the answer that filing gave, replayed to a repeat of the same
    message (``text_hash``) while nothing else happened in the conversation
    (``settled_count`` is its message count after the filing turn).
    """

    __tablename__ = "conversation_filings"

    conversation_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    message_seq: Mapped[int] = mapped_column(Integer, primary_key=True)
    text_hash: Mapped[str] = mapped_column(String(64))
    receipts: Mapped[list[str]] = mapped_column(JSON)
    sealed_reply: Mapped[str] = mapped_column(Text)
    settled_count: Mapped[int] = mapped_column(Integer)
    filed_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)
