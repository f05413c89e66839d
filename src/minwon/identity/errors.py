"""Domain errors of the identity package; the API maps each to one problem code."""

from __future__ import annotations

import datetime as dt

__all__ = [
    "AccountExistsError",
    "ChallengeInvalidError",
    "CsrfTokenError",
    "IdentityError",
    "InvalidSecondFactorError",
    "NoPendingEnrolmentError",
    "PasskeyNotFoundError",
    "PasskeyRejectedError",
    "PasswordRejectedError",
    "SecondFactorLockedError",
    "SecondFactorReplayedError",
    "SessionInvalidError",
    "SessionNotFoundError",
    "SignInFailedError",
    "StepUpRequiredError",
    "TooManyAttemptsError",
    "TotpAlreadyEnrolledError",
    "TotpNotEnrolledError",
]


class IdentityError(Exception):
    """Base of every identity error."""


class AccountExistsError(IdentityError):
    """An account with this e-mail address already exists."""


class PasswordRejectedError(IdentityError):
    """The chosen password breaks the policy; ``reason`` says which rule."""

    def __init__(self, reason: str) -> None:
        self.reason = reason
        super().__init__(reason)


class SignInFailedError(IdentityError):
    """Wrong e-mail or password. Deliberately does not say which."""


class TooManyAttemptsError(IdentityError):
    """Too many recent failures from this address or for this account."""

    def __init__(self, retry_after_seconds: int) -> None:
        self.retry_after_seconds = retry_after_seconds
        super().__init__(f"retry after {retry_after_seconds} s")


class SessionInvalidError(IdentityError):
    """No session, or one that ended, idled out or reached its absolute lifetime."""


class SessionNotFoundError(IdentityError):
    """The account has no session with this id."""


class StepUpRequiredError(IdentityError):
    """The action needs a higher (or fresher) authentication level."""

    def __init__(self, required: str) -> None:
        self.required = required
        super().__init__(f"requires {required}")


class CsrfTokenError(IdentityError):
    """A state-changing request came without the session's CSRF token."""


class InvalidSecondFactorError(IdentityError):
    """The code or passkey assertion did not verify."""


class SecondFactorReplayedError(InvalidSecondFactorError):
    """A TOTP code that was already accepted once (or an older one)."""


class SecondFactorLockedError(IdentityError):
    """Ten failures in a row: the guessable second factors are locked until ``until``."""

    def __init__(self, until: dt.datetime) -> None:
        self.until = until
        super().__init__(f"locked until {until.isoformat()}")


class TotpNotEnrolledError(IdentityError):
    """The account has no confirmed authenticator app."""


class TotpAlreadyEnrolledError(IdentityError):
    """The account already has an authenticator app; remove it before enrolling another."""


class NoPendingEnrolmentError(IdentityError):
    """Confirming an authenticator app that was never started (or already confirmed)."""


class PasskeyNotFoundError(IdentityError):
    """The account has no passkey with this id or credential."""


class PasskeyRejectedError(IdentityError):
    """A WebAuthn response failed verification (origin, RP id, signature, counter...)."""


class ChallengeInvalidError(IdentityError):
    """The WebAuthn challenge is unknown, used already, expired or for another session."""
