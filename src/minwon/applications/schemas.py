"""Data crossing the applications boundary."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

__all__ = ["Submission"]


@dataclass(frozen=True, slots=True)
class Submission:
    """One service to file, with the facts the person gave for it."""

    service_id: str
    agency_code: str
    facts: dict[str, Any]  # by the service's field ids
    public_facts: dict[str, Any] = field(default_factory=dict)  # no personal data
    bundle_id: str | None = None
    deadline: dt.date | None = None
