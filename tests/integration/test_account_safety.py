"""Races, the last second factor, password change and officer resets on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import pyotp
import pytest
import soft_fido2
from argon2 import PasswordHasher
from sqlalchemy import Engine, event, insert, select

from minwon import identity as idn
from minwon.audit import AuditEvent
from minwon.clock import FixedClock
from minwon.db import make_session_factory, session_scope
from minwon.identity.models import Account, AuthSession, Passkey, RecoveryCode, ThrottleBucket
from minwon.identity.throttle import SIGNIN_BY_ACCOUNT, throttle_key
from minwon.migrate import upgrade_database

START = dt.datetime(2026, 11, 28, 10, 0)
PASSWORD = "correct horse battery staple"
NEW_PASSWORD = "a quiet morning by the han river"
ORIGIN = "http://localhost:8000"
EMAIL = "jiwoo@example.kr"


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(START)


@pytest.fixture
def rt(engine: Engine, clock: FixedClock) -> idn.IdentityRuntime:
    upgrade_database(engine)
    return idn.IdentityRuntime(
        db=make_session_factory(engine),
        clock=clock,
        config=idn.IdentityConfig(secret_key=b"integration-test-secret-key-32-bytes"),
        passwords=idn.PasswordHashing(PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)),
    )


@contextmanager
def just_before(engine: Engine, statement_start: str, action: Callable[[], None]) -> Iterator[None]:
    """Run ``action`` (another process, on its own connection) right before our statement."""
    fired: list[bool] = []

    def hook(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        if not fired and statement.lstrip().upper().startswith(statement_start):
            fired.append(True)
            action()

    event.listen(engine, "before_cursor_execute", hook)
    try:
        yield
    finally:
        event.remove(engine, "before_cursor_execute", hook)
    assert fired, f"no statement started with {statement_start}"


def sign_up(rt: idn.IdentityRuntime, email: str = EMAIL) -> idn.AccountView:
    return idn.create_account(
        rt, email=email, password=PASSWORD, display_name="Kim Jiwoo", client_address="127.0.0.1"
    )


def signed_in(
    rt: idn.IdentityRuntime, email: str = EMAIL, password: str = PASSWORD
) -> idn.IssuedSession:
    return idn.sign_in(rt, idn.SignInRequest(email, password, "127.0.0.1"))


def with_totp(rt: idn.IdentityRuntime, clock: FixedClock, ctx: idn.SessionContext) -> str:
    secret = idn.begin_totp_enrolment(rt, ctx).secret
    idn.confirm_totp_enrolment(rt, ctx, pyotp.TOTP(secret).at(clock.now()))
    clock.advance(dt.timedelta(seconds=30))
    return secret


def stepped_up(
    rt: idn.IdentityRuntime, clock: FixedClock, secret: str, email: str = EMAIL
) -> idn.IssuedSession:
    ctx = signed_in(rt, email).context
    issued = idn.step_up_with_totp(rt, ctx, pyotp.TOTP(secret).at(clock.now()))
    clock.advance(dt.timedelta(seconds=30))
    return issued


def test_a_sign_up_racing_another_with_the_same_address_is_a_clean_conflict(
    rt: idn.IdentityRuntime, engine: Engine
) -> None:
    def other_sign_up_commits() -> None:
        with engine.begin() as other:
            other.execute(
                insert(Account).values(
                    id="racer",
                    kind="citizen",
                    email=EMAIL,
                    display_name="Racer",
                    password_hash="x",
                    password_changed_at=rt.now(),
                    second_factor_failures=0,
                    created_at=rt.now(),
                )
            )

    with (
        just_before(engine, "INSERT INTO ACCOUNTS", other_sign_up_commits),
        pytest.raises(idn.AccountExistsError),
    ):
        sign_up(rt)
    with session_scope(rt.db) as session:
        assert session.scalars(select(Account.id).where(Account.email == EMAIL)).all() == ["racer"]


def test_two_failures_in_the_same_minute_from_two_processes_both_count(
    rt: idn.IdentityRuntime, engine: Engine
) -> None:
    sign_up(rt)
    key = throttle_key(rt.config.derive_key("throttle"), EMAIL)
    minute = rt.now().replace(second=0, microsecond=0)

    def other_failure_commits() -> None:
        with engine.begin() as other:
            other.execute(
                insert(ThrottleBucket).values(
                    scope=SIGNIN_BY_ACCOUNT.scope, key=key, bucket_start=minute, count=1
                )
            )

    # SQLite lets one writer in at a time, so the other process can only get in before our
    # first write; PostgreSQL lets it in between our look-up and our insert.
    first_write = (
        "INSERT INTO THROTTLE" if engine.dialect.name == "postgresql" else "DELETE FROM THROTTLE"
    )
    with (
        just_before(engine, first_write, other_failure_commits),
        pytest.raises(idn.SignInFailedError),  # not an IntegrityError, not a 500
    ):
        signed_in(rt, password="wrong password!")
    with session_scope(rt.db) as session:
        counts = session.scalars(
            select(ThrottleBucket.count).where(ThrottleBucket.scope == SIGNIN_BY_ACCOUNT.scope)
        ).all()
    assert counts == [2]


def _register_passkey(rt: idn.IdentityRuntime, ctx: idn.SessionContext) -> None:
    options = idn.passkey_registration_options(rt, ctx)
    credential = soft_fido2.Fido2Authenticator().credential_create({**options, "origin": ORIGIN})
    idn.register_passkey(rt, ctx, credential, "laptop")


def test_the_last_second_factor_cannot_be_removed(
    rt: idn.IdentityRuntime, clock: FixedClock
) -> None:
    sign_up(rt)
    secret = with_totp(rt, clock, signed_in(rt).context)
    ctx = stepped_up(rt, clock, secret).context
    with pytest.raises(idn.LastSecondFactorError):
        idn.remove_totp(rt, ctx)
    _register_passkey(rt, ctx)
    (passkey,) = idn.list_passkeys(rt, ctx)
    idn.remove_totp(rt, ctx)  # the passkey remains
    with pytest.raises(idn.LastSecondFactorError):
        idn.remove_passkey(rt, ctx, passkey.id)
    assert idn.account_view(rt, ctx).passkey_count == 1


def test_an_officer_always_keeps_a_second_factor(
    rt: idn.IdentityRuntime, clock: FixedClock
) -> None:
    idn.create_officer_account(
        rt,
        email="park@mapo.go.kr",
        password=PASSWORD,
        display_name="Park",
        roles=[("community-centre", "reviewer")],
    )
    secret = with_totp(rt, clock, signed_in(rt, "park@mapo.go.kr").context)
    ctx = stepped_up(rt, clock, secret, "park@mapo.go.kr").context
    with pytest.raises(idn.LastSecondFactorError):
        idn.remove_totp(rt, ctx)
    assert idn.account_view(rt, ctx).has_totp


def test_changing_the_password_ends_the_other_sessions(
    rt: idn.IdentityRuntime, clock: FixedClock
) -> None:
    sign_up(rt)
    secret = with_totp(rt, clock, signed_in(rt).context)
    elsewhere = signed_in(rt)
    password_only = signed_in(rt).context
    with pytest.raises(idn.StepUpRequiredError):
        idn.change_password(rt, password_only, idn.PasswordChange(PASSWORD, NEW_PASSWORD))
    here = stepped_up(rt, clock, secret)
    with pytest.raises(idn.CurrentPasswordWrongError):
        idn.change_password(rt, here.context, idn.PasswordChange("not my password", NEW_PASSWORD))
    with pytest.raises(idn.PasswordRejectedError):
        idn.change_password(rt, here.context, idn.PasswordChange(PASSWORD, "password123"))
    rotated = idn.change_password(rt, here.context, idn.PasswordChange(PASSWORD, NEW_PASSWORD))
    assert idn.resolve_session(rt, rotated.token).session_id == here.context.session_id
    for token in (elsewhere.token, here.token):  # other devices, and this one's old cookie
        with pytest.raises(idn.SessionInvalidError):
            idn.resolve_session(rt, token)
    with pytest.raises(idn.SignInFailedError):
        signed_in(rt)
    signed_in(rt, password=NEW_PASSWORD)
    assert [n.code for n in idn.list_notifications(rt, rotated.context)] == [
        "notice-password-changed"
    ]


def test_an_officer_reset_strips_factors_and_is_audited_with_the_document_type(
    rt: idn.IdentityRuntime, clock: FixedClock
) -> None:
    citizen = sign_up(rt)
    with_totp(rt, clock, signed_in(rt).context)
    left_open = signed_in(rt)
    idn.create_officer_account(
        rt,
        email="park@mapo.go.kr",
        password=PASSWORD,
        display_name="Park",
        roles=[("community-centre", "reviewer")],
    )
    officer_secret = with_totp(rt, clock, signed_in(rt, "park@mapo.go.kr").context)
    officer = stepped_up(rt, clock, officer_secret, "park@mapo.go.kr").context
    with pytest.raises(idn.OfficerOnlyError):
        idn.reset_account(
            rt, left_open.context, citizen.id, reason="lost", id_document_type="passport"
        )
    issued = idn.reset_account(
        rt,
        officer,
        citizen.id,
        reason="휴대폰 분실, 창구 본인 확인",
        id_document_type="resident-card",
    )
    with session_scope(rt.db) as session:
        assert session.scalars(select(Passkey).where(Passkey.account_id == citizen.id)).all() == []
        assert (
            session.scalars(select(RecoveryCode).where(RecoveryCode.account_id == citizen.id)).all()
            == []
        )
        live = session.scalars(
            select(AuthSession).where(
                AuthSession.account_id == citizen.id, AuthSession.ended_at.is_(None)
            )
        ).all()
        assert live == []
        event_row = session.scalars(
            select(AuditEvent).where(AuditEvent.action == "account:reset")
        ).one()
        assert (event_row.actor, event_row.subject, event_row.reason) == (
            f"officer:{officer.account_id}",
            f"citizen:{citizen.id}",
            "휴대폰 분실, 창구 본인 확인",
        )
        assert event_row.data["id_document"] == "resident-card"
    with pytest.raises(idn.SignInFailedError):  # the old password stopped working too
        signed_in(rt)
    done = idn.ResetCompletion(EMAIL, issued.code.lower(), NEW_PASSWORD, "127.0.0.1")
    idn.complete_account_reset(rt, done)
    with pytest.raises(idn.ResetCodeInvalidError):  # once only
        idn.complete_account_reset(rt, done)
    fresh = signed_in(rt, password=NEW_PASSWORD).context
    assert not idn.account_view(rt, fresh).has_totp
    assert [n.code for n in idn.list_notifications(rt, fresh)] == ["notice-account-reset"]
