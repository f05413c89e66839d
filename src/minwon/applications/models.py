"""Tables: applications, their status history, and the outbox to the agencies."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import JSON, Date, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from minwon.db import Base, UtcDateTime

__all__ = ["Application", "ApplicationEvent", "OutboxMessage"]


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


class OutboxMessage(Base):
    """A message to an agency system, written in the same transaction as the change it reports."""

    __tablename__ = "outbox_messages"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    topic: Mapped[str] = mapped_column(String(80))
    key: Mapped[str] = mapped_column(String(80), index=True)
    payload: Mapped[dict[str, Any]] = mapped_column(JSON)
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)
    dispatched_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
