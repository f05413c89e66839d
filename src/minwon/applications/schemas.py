"""Data crossing the applications boundary: what is filed, and what a use case hands back."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

__all__ = ["AccessEntry", "ApplicationView", "StepView", "Submission", "as_utc"]


def as_utc(moment: dt.datetime) -> dt.datetime:
    """The moment as an aware UTC datetime (a naive one, as SQLite returns, is taken as UTC)."""
    if moment.tzinfo is None:
        return moment.replace(tzinfo=dt.UTC)
    return moment.astimezone(dt.UTC)


@dataclass(frozen=True, slots=True)
class Submission:
    """One service to file, with the facts the person gave for it."""

    service_id: str
    agency_code: str
    facts: dict[str, Any]  # by the service's field ids
    public_facts: dict[str, Any] = field(default_factory=dict)  # no personal data
    bundle_id: str | None = None
    deadline: dt.date | None = None


@dataclass(frozen=True, slots=True)
class StepView:
    """One step of an application's history, as the citizen sees it."""

    status: str
    at: dt.datetime  # aware, UTC
    reason: str | None


@dataclass(frozen=True, slots=True)
class ApplicationView:
    """An application as a use case returns it, read inside its unit of work.

    Timestamps are aware and in UTC on every database. ``personal_data`` is filled only when
    it was unsealed on purpose (and that read was recorded in the audit log).
    """

    id: str
    receipt_no: str
    service_id: str
    bundle_id: str | None
    agency_code: str
    status: str
    deadline: dt.date | None
    status_due: dt.date | None
    submitted_at: dt.datetime
    updated_at: dt.datetime
    catalog_version: str
    claimed_by: str | None
    history: tuple[StepView, ...]
    personal_data: dict[str, Any] | None = None
    # "queued" until the agency's system has it, then "delivered" (or "rejected" by it)
    delivery: str | None = None


@dataclass(frozen=True, slots=True)
class AccessEntry:
    """One line of "who accessed my data, and why"."""

    at: dt.datetime  # aware, UTC
    actor: str
    action: str
    target: str | None
    reason: str | None
