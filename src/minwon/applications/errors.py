"""Errors of the applications package."""

from __future__ import annotations

__all__ = [
    "ApplicationNotFoundError",
    "DelegationScopeError",
    "InvalidTransitionError",
    "NotClaimedError",
    "ReasonRequiredError",
]


class ApplicationNotFoundError(LookupError):
    """No such application for this person (also when it exists but belongs to someone else)."""


class InvalidTransitionError(ValueError):
    """The application's status cannot move that way."""

    def __init__(self, current: str, target: str) -> None:
        self.current = current
        self.target = target
        super().__init__(f"cannot move from {current} to {target}")


class ReasonRequiredError(ValueError):
    """Rejecting, requesting a supplement or revealing personal data needs a written reason."""


class NotClaimedError(PermissionError):
    """The officer must claim the application before deciding on it."""


class DelegationScopeError(PermissionError):
    """Acting for someone else on a service their delegation does not cover that day."""

    def __init__(self, service_id: str) -> None:
        self.service_id = service_id
        super().__init__(f"no active delegation covers {service_id}")
