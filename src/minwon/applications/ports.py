"""What the applications package needs from outside: sealing personal data, delegations."""

from __future__ import annotations

import datetime as dt
from typing import Any, Protocol

from sqlalchemy.orm import Session

__all__ = ["DelegationPolicy", "Sealer"]


class Sealer(Protocol):
    """Encrypts a JSON document bound to a context (AES-GCM in production)."""

    def seal(self, data: dict[str, Any], *, context: str) -> str: ...

    def unseal(self, token: str, *, context: str) -> dict[str, Any]: ...


class DelegationPolicy(Protocol):
    """Whether someone acting for another person may file for a service on a given day.

    Implemented by ``minwon.identity.DelegationScope``; asked inside the caller's transaction.
    """

    def covers(
        self,
        session: Session,
        *,
        grantee_id: str,
        grantor_id: str,
        service_id: str,
        on: dt.date,
    ) -> bool: ...
