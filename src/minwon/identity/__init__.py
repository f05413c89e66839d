"""Identity: accounts, passwords, TOTP, passkeys, recovery codes, sessions and step-up.

Levels are ``anonymous < signed_in < mfa``; other packages ask for one through
:class:`~minwon.identity.ports.AuthenticationLevel`. Every use case takes an
:class:`IdentityRuntime` (database, clock, configuration) and owns its transaction; every
authentication event is written to the audit log in that same transaction.
"""

from minwon.identity.accounts import (
    account_view,
    create_account,
    create_officer_account,
    normalise_email,
    officer_agencies,
)
from minwon.identity.config import IdentityConfig, identity_config
from minwon.identity.errors import (
    AccountExistsError,
    ChallengeInvalidError,
    CsrfTokenError,
    IdentityError,
    InvalidSecondFactorError,
    NoPendingEnrolmentError,
    PasskeyNotFoundError,
    PasskeyRejectedError,
    PasswordRejectedError,
    SecondFactorLockedError,
    SecondFactorReplayedError,
    SessionInvalidError,
    SessionNotFoundError,
    SignInFailedError,
    StepUpRequiredError,
    TooManyAttemptsError,
    TotpAlreadyEnrolledError,
    TotpNotEnrolledError,
)
from minwon.identity.passkey_auth import passkey_authentication_options, step_up_with_passkey
from minwon.identity.passkeys import (
    list_passkeys,
    passkey_registration_options,
    register_passkey,
    remove_passkey,
    rename_passkey,
)
from minwon.identity.passwords import PasswordHashing, check_password_policy
from minwon.identity.ports import (
    AuthenticationLevel,
    FakeAuthenticationLevel,
    Level,
    LevelPolicy,
    effective_level,
)
from minwon.identity.recovery import regenerate_recovery_codes, step_up_with_recovery_code
from minwon.identity.runtime import IdentityRuntime
from minwon.identity.schemas import (
    AccountView,
    IssuedSession,
    PasskeyView,
    SessionContext,
    SessionView,
    TotpEnrolment,
)
from minwon.identity.sessions import (
    end_session,
    list_sessions,
    resolve_session,
    verify_csrf_token,
)
from minwon.identity.signin import SignInRequest, sign_in
from minwon.identity.totp import (
    begin_totp_enrolment,
    confirm_totp_enrolment,
    remove_totp,
    step_up_with_totp,
)

__all__ = [
    "AccountExistsError",
    "AccountView",
    "AuthenticationLevel",
    "ChallengeInvalidError",
    "CsrfTokenError",
    "FakeAuthenticationLevel",
    "IdentityConfig",
    "IdentityError",
    "IdentityRuntime",
    "InvalidSecondFactorError",
    "IssuedSession",
    "Level",
    "LevelPolicy",
    "NoPendingEnrolmentError",
    "PasskeyNotFoundError",
    "PasskeyRejectedError",
    "PasskeyView",
    "PasswordHashing",
    "PasswordRejectedError",
    "SecondFactorLockedError",
    "SecondFactorReplayedError",
    "SessionContext",
    "SessionInvalidError",
    "SessionNotFoundError",
    "SessionView",
    "SignInFailedError",
    "SignInRequest",
    "StepUpRequiredError",
    "TooManyAttemptsError",
    "TotpAlreadyEnrolledError",
    "TotpEnrolment",
    "TotpNotEnrolledError",
    "account_view",
    "begin_totp_enrolment",
    "check_password_policy",
    "confirm_totp_enrolment",
    "create_account",
    "create_officer_account",
    "effective_level",
    "end_session",
    "identity_config",
    "list_passkeys",
    "list_sessions",
    "normalise_email",
    "officer_agencies",
    "passkey_authentication_options",
    "passkey_registration_options",
    "regenerate_recovery_codes",
    "register_passkey",
    "remove_passkey",
    "remove_totp",
    "rename_passkey",
    "resolve_session",
    "sign_in",
    "step_up_with_passkey",
    "step_up_with_recovery_code",
    "step_up_with_totp",
    "verify_csrf_token",
]
