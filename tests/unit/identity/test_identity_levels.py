"""Authentication levels: anonymous < signed_in < mfa, with a re-authentication window."""

from __future__ import annotations

import datetime as dt

import pytest

from minwon.config import Settings
from minwon.identity import (
    FakeAuthenticationLevel,
    LevelPolicy,
    SessionContext,
    StepUpRequiredError,
    effective_level,
    identity_config,
)

NOW = dt.datetime(2026, 11, 28, 1, 0, tzinfo=dt.UTC)
WINDOW = dt.timedelta(minutes=15)


def ctx(
    kind: str = "citizen", level: str = "signed_in", mfa_ago: int | None = None
) -> SessionContext:
    mfa_at = None if mfa_ago is None else NOW - dt.timedelta(minutes=mfa_ago)
    return SessionContext("s", "a", kind, level, mfa_at, NOW - dt.timedelta(hours=1))


def test_levels_of_citizens() -> None:
    assert effective_level(None, NOW, WINDOW) == "anonymous"
    assert effective_level(ctx(), NOW, WINDOW) == "signed_in"
    assert effective_level(ctx(level="mfa", mfa_ago=5), NOW, WINDOW) == "mfa"


def test_mfa_goes_stale_after_the_reauthentication_window() -> None:
    assert effective_level(ctx(level="mfa", mfa_ago=16), NOW, WINDOW) == "signed_in"
    with pytest.raises(StepUpRequiredError):
        LevelPolicy(WINDOW).require_level(ctx(level="mfa", mfa_ago=16), "mfa", now=NOW)


def test_an_officer_with_only_a_password_is_not_signed_in() -> None:
    assert effective_level(ctx(kind="officer"), NOW, WINDOW) == "anonymous"
    assert effective_level(ctx(kind="officer", level="mfa", mfa_ago=60), NOW, WINDOW) == "signed_in"
    with pytest.raises(StepUpRequiredError):
        LevelPolicy(WINDOW).require_level(ctx(kind="officer"), "signed_in", now=NOW)


def test_the_fake_grants_what_it_is_told() -> None:
    fake = FakeAuthenticationLevel(granted="signed_in")
    fake.require_level(None, "signed_in", now=NOW)
    with pytest.raises(StepUpRequiredError) as raised:
        fake.require_level(None, "mfa", now=NOW)
    assert raised.value.required == "mfa"
    assert fake.asked == ["signed_in", "mfa"]


def test_cookies_stay_secure_outside_development() -> None:
    production = Settings(
        environment="production",
        session_cookie_secure=False,
        secret_key="k" * 8 + "Zq3vX9pL2mN7bR4tY6wE1uI8oA5sD0fG",
    )
    assert identity_config(production).cookie_secure is True
    dev = identity_config(Settings(environment="development"))
    assert dev.session_idle == dt.timedelta(minutes=30)
    assert dev.session_absolute == dt.timedelta(hours=12)


def test_make_run_over_plain_http_gets_a_cookie_the_browser_keeps() -> None:
    assert identity_config(Settings(environment="development")).cookie_secure is False
    assert identity_config(Settings(environment="test")).cookie_secure is True
    assert identity_config(
        Settings(environment="development", session_cookie_secure=True)
    ).cookie_secure
