"""Errors of the applications package."""

from __future__ import annotations

__all__ = [
    "AlreadyClaimedError",
    "ApplicationClosedError",
    "ApplicationNotFoundError",
    "AuthenticationRequiredError",
    "DelegationScopeError",
    "InvalidTransitionError",
    "NotClaimedError",
    "NothingToSubmitError",
    "OwnAccessLogOnlyError",
    "ReasonRequiredError",
]


class AuthenticationRequiredError(PermissionError):
    """The action needs a stronger sign-in (``level``)."""

    def __init__(self, level: str) -> None:
        self.level = level
        super().__init__(f"this action needs authentication level {level}")


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
    """The officer must claim the application before deciding on it (or releasing it)."""


class AlreadyClaimedError(PermissionError):
    """Another officer holds the claim: they release it first, so work is handed over openly."""


class ApplicationClosedError(ValueError):
    """The application's handling has ended (completed): there is nothing left to claim."""


class NothingToSubmitError(ValueError):
    """A submission with no service to file: nothing is filed and no receipt is made up."""


class OwnAccessLogOnlyError(PermissionError):
    """Who accessed a person's data is for that person only, never shown under a delegation."""


class DelegationScopeError(PermissionError):
    """Acting for someone else on a service their delegation does not cover that day."""

    def __init__(self, service_id: str) -> None:
        self.service_id = service_id
        super().__init__(f"no active delegation covers {service_id}")
