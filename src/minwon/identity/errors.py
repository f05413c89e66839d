"""Domain errors of the identity package; the API maps each to one problem code."""

from __future__ import annotations

import datetime as dt

__all__ = [
    "AccountExistsError",
    "AccountNotFoundError",
    "ChallengeInvalidError",
    "CitizenOnlyError",
    "CsrfTokenError",
    "CurrentPasswordWrongError",
    "DelegationNotActiveError",
    "DelegationNotFoundError",
    "DelegationTermsError",
    "GranteeNotFoundError",
    "IdDocumentUnknownError",
    "IdentityError",
    "InvalidSecondFactorError",
    "LastSecondFactorError",
    "NoPendingEnrolmentError",
    "NotificationNotFoundError",
    "OfficerOnlyError",
    "PasskeyNotFoundError",
    "PasskeyRejectedError",
    "PasswordRejectedError",
    "ReasonHasNumberError",
    "ReasonMissingError",
    "ResetCodeInvalidError",
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


class LastSecondFactorError(IdentityError):
    """Removing this factor would leave the account with no second factor at all."""


class CurrentPasswordWrongError(IdentityError):
    """Changing the password needs the current one, and it did not match."""


class OfficerOnlyError(IdentityError):
    """Only an officer (at MFA level) may do this."""


class AccountNotFoundError(IdentityError):
    """No citizen account with this id or e-mail address (said to officers only)."""


class ReasonHasNumberError(IdentityError):
    """A recorded reason contains a long number: an ID number must never reach the audit log."""


class ResetCodeInvalidError(IdentityError):
    """The account-reset code is unknown, used, superseded, expired or for another address."""


class GranteeNotFoundError(IdentityError):
    """No citizen account with the e-mail address the delegation names."""


class DelegationTermsError(IdentityError):
    """The delegation's services or dates break a rule; ``reason`` says which one."""

    def __init__(self, reason: str, unknown: tuple[str, ...] = ()) -> None:
        self.reason = reason
        self.unknown = unknown
        super().__init__(reason)


class DelegationNotFoundError(IdentityError):
    """No delegation with this id that the person is a party to."""


class DelegationNotActiveError(IdentityError):
    """No delegation covers this: none, not started yet, ended, revoked, or another service."""


class NotificationNotFoundError(IdentityError):
    """The account has no notice with this id."""


class CitizenOnlyError(IdentityError):
    """Only a citizen account may do this (an officer's account is for their work)."""


class ReasonMissingError(IdentityError):
    """An officer's action that is recorded with a reason came without one."""


class IdDocumentUnknownError(IdentityError):
    """The officer named an identity document that is not on the accepted list."""
