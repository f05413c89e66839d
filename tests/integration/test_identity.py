"""Identity use cases on SQLite and PostgreSQL: accounts, sign-in, factors, sessions, audit."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pyotp
import pytest
import soft_fido2
from argon2 import PasswordHasher
from sqlalchemy import Engine, select

from minwon import identity as idn
from minwon.audit import AuditEvent, verify_chain
from minwon.clock import FixedClock
from minwon.db import make_session_factory, session_scope
from minwon.identity.models import AuthSession, TotpFactor
from minwon.migrate import upgrade_database

START = dt.datetime(2026, 11, 28, 10, 0)
PASSWORD = "correct horse battery staple"
ORIGIN = "http://localhost:8000"


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


def new_account(rt: idn.IdentityRuntime, email: str = "jiwoo@example.kr") -> idn.AccountView:
    return idn.create_account(
        rt, email=email, password=PASSWORD, display_name="Kim Jiwoo", client_address="127.0.0.1"
    )


def signed_in(rt: idn.IdentityRuntime, email: str = "jiwoo@example.kr") -> idn.SessionContext:
    request = idn.SignInRequest(email=email, password=PASSWORD, client_address="127.0.0.1")
    return idn.sign_in(rt, request).context


def with_totp(rt: idn.IdentityRuntime, clock: FixedClock) -> tuple[str, tuple[str, ...]]:
    ctx = signed_in(rt)
    secret = idn.begin_totp_enrolment(rt, ctx).secret
    codes = idn.confirm_totp_enrolment(rt, ctx, pyotp.TOTP(secret).at(clock.now()))
    assert codes is not None
    clock.advance(dt.timedelta(seconds=30))
    return secret, codes


def actions(rt: idn.IdentityRuntime) -> list[str]:
    with session_scope(rt.db) as session:
        return list(session.scalars(select(AuditEvent.action).order_by(AuditEvent.seq)))


def test_sign_up_and_sign_in_are_audited_without_personal_data(rt: idn.IdentityRuntime) -> None:
    account = new_account(rt)
    with pytest.raises(idn.SignInFailedError):
        idn.sign_in(rt, idn.SignInRequest("JIWOO@example.kr ", "wrong password!", "127.0.0.1"))
    with pytest.raises(idn.SignInFailedError):
        idn.sign_in(rt, idn.SignInRequest("nobody@example.kr", PASSWORD, "127.0.0.1"))
    ctx = signed_in(rt, " Jiwoo@Example.KR")
    assert ctx.account_id == account.id
    assert ctx.level == "signed_in"
    assert actions(rt) == [
        "account:created",
        "account:signin:failure",
        "account:signin:failure",
        "account:signin:success",
    ]
    with session_scope(rt.db) as session:
        events = session.scalars(select(AuditEvent).order_by(AuditEvent.seq)).all()
        assert events[1].actor == f"citizen:{account.id}"
        assert events[2].actor == "system"
        assert events[2].data == {"registered": False}
        assert "example.kr" not in str([(e.actor, e.subject, e.data) for e in events])
        assert verify_chain(session).is_intact


def test_duplicate_accounts_are_refused(rt: idn.IdentityRuntime) -> None:
    new_account(rt)
    with pytest.raises(idn.AccountExistsError):
        new_account(rt, "JIWOO@example.kr")


def test_sign_in_is_throttled_per_client_address(rt: idn.IdentityRuntime) -> None:
    for index in range(30):
        with pytest.raises(idn.SignInFailedError):
            idn.sign_in(rt, idn.SignInRequest(f"u{index}@example.kr", "x" * 12, "10.1.2.3"))
    with pytest.raises(idn.TooManyAttemptsError):
        idn.sign_in(rt, idn.SignInRequest("someone@example.kr", "x" * 12, "10.1.2.3"))
    new_account(rt)  # another address is not affected
    assert signed_in(rt).level == "signed_in"


def test_totp_step_up_replay_lockout_and_unlock(rt: idn.IdentityRuntime, clock: FixedClock) -> None:
    new_account(rt)
    secret, _ = with_totp(rt, clock)
    ctx = signed_in(rt)
    code = pyotp.TOTP(secret).at(clock.now())
    issued = idn.step_up_with_totp(rt, ctx, code)
    assert idn.effective_level(issued.context, clock.now(), rt.config.reauth_window) == "mfa"
    other = signed_in(rt)
    with pytest.raises(idn.SecondFactorReplayedError):
        idn.step_up_with_totp(rt, other, code)
    for _ in range(8):  # the replay counted: nine failures so far
        with pytest.raises(idn.InvalidSecondFactorError):
            idn.step_up_with_totp(rt, other, "000000" if code != "000000" else "111111")
    with pytest.raises(idn.SecondFactorLockedError):
        idn.step_up_with_totp(rt, other, "000000" if code != "000000" else "111111")
    clock.advance(dt.timedelta(minutes=9, seconds=59))
    with pytest.raises(idn.SecondFactorLockedError):
        idn.step_up_with_totp(rt, other, pyotp.TOTP(secret).at(clock.now()))
    clock.advance(dt.timedelta(seconds=1))
    assert idn.step_up_with_totp(rt, other, pyotp.TOTP(secret).at(clock.now())).token
    assert "account:totp:locked" in actions(rt)


def test_totp_secret_is_not_stored_in_clear(rt: idn.IdentityRuntime, clock: FixedClock) -> None:
    new_account(rt)
    secret, _ = with_totp(rt, clock)
    with session_scope(rt.db) as session:
        stored = session.scalars(select(TotpFactor)).one()
        assert secret.encode() not in stored.secret_encrypted
        assert stored.last_used_step is not None


def test_recovery_codes_single_use_and_regeneration(
    rt: idn.IdentityRuntime, clock: FixedClock
) -> None:
    new_account(rt)
    _, codes = with_totp(rt, clock)
    ctx = idn.step_up_with_recovery_code(rt, signed_in(rt), codes[0]).context
    with pytest.raises(idn.InvalidSecondFactorError):
        idn.step_up_with_recovery_code(rt, signed_in(rt), codes[0])
    fresh = idn.regenerate_recovery_codes(rt, ctx)
    with pytest.raises(idn.InvalidSecondFactorError):
        idn.step_up_with_recovery_code(rt, signed_in(rt), codes[1])
    assert idn.step_up_with_recovery_code(rt, signed_in(rt), fresh[1]).context.level == "mfa"
    assert idn.account_view(rt, ctx).recovery_codes_left == 9
    assert {"account:recovery_code:used", "account:recovery_codes:regenerated"} <= set(actions(rt))


def test_sessions_expire_idle_and_absolute(rt: idn.IdentityRuntime, clock: FixedClock) -> None:
    new_account(rt)
    token = idn.sign_in(rt, idn.SignInRequest("jiwoo@example.kr", PASSWORD, "127.0.0.1")).token
    clock.advance(dt.timedelta(minutes=30))
    assert idn.resolve_session(rt, token).level == "signed_in"
    clock.advance(dt.timedelta(minutes=30, seconds=1))
    with pytest.raises(idn.SessionInvalidError):
        idn.resolve_session(rt, token)
    token = idn.sign_in(rt, idn.SignInRequest("jiwoo@example.kr", PASSWORD, "127.0.0.1")).token
    for _ in range(24):
        clock.advance(dt.timedelta(minutes=29, seconds=59))
        idn.resolve_session(rt, token)
    clock.advance(dt.timedelta(minutes=1))
    with pytest.raises(idn.SessionInvalidError):
        idn.resolve_session(rt, token)
    with session_scope(rt.db) as session:
        reasons = sorted(str(s.end_reason) for s in session.scalars(select(AuthSession)))
    assert reasons == ["absolute-timeout", "idle-timeout"]


def test_list_and_end_sessions(rt: idn.IdentityRuntime) -> None:
    new_account(rt)
    first, second = signed_in(rt), signed_in(rt)
    views = idn.list_sessions(rt, second)
    assert [v.is_current for v in views].count(True) == 1
    assert len(views) == 2
    idn.end_session(rt, second, first.session_id)
    with pytest.raises(idn.SessionNotFoundError):
        idn.end_session(rt, second, first.session_id)
    assert [v.id for v in idn.list_sessions(rt, second)] == [second.session_id]
    assert actions(rt)[-1] == "session:ended"


def test_officers_need_a_second_factor_to_count_as_signed_in(
    rt: idn.IdentityRuntime, clock: FixedClock
) -> None:
    officer = idn.create_officer_account(
        rt,
        email="officer@sejong.go.kr",
        password=PASSWORD,
        display_name="Lee Officer",
        roles=[("3611000000", "reviewer")],
    )
    assert officer.kind == "officer"
    assert officer.agencies == ("3611000000",)
    ctx = signed_in(rt, "officer@sejong.go.kr")
    with pytest.raises(idn.StepUpRequiredError):
        rt.levels.require_level(ctx, "signed_in", now=clock.now())
    secret = idn.begin_totp_enrolment(rt, ctx).secret  # the first factor needs no MFA
    idn.confirm_totp_enrolment(rt, ctx, pyotp.TOTP(secret).at(clock.now()))
    clock.advance(dt.timedelta(seconds=30))
    stepped = idn.step_up_with_totp(rt, ctx, pyotp.TOTP(secret).at(clock.now())).context
    rt.levels.require_level(stepped, "signed_in", now=clock.now())


def _register(rt: idn.IdentityRuntime, ctx: idn.SessionContext) -> Any:
    authenticator = soft_fido2.Fido2Authenticator()
    options = idn.passkey_registration_options(rt, ctx)
    credential = authenticator.credential_create({**options, "origin": ORIGIN})
    view, codes = idn.register_passkey(rt, ctx, credential, "laptop")
    assert view.name == "laptop"
    assert codes is not None
    assert len(codes) == 10
    return authenticator


def test_passkey_ceremonies_and_single_use_challenges(rt: idn.IdentityRuntime) -> None:
    new_account(rt)
    ctx = signed_in(rt)
    authenticator = _register(rt, ctx)
    options = idn.passkey_authentication_options(rt, ctx)
    assertion = authenticator.credential_request({**options, "origin": ORIGIN})
    stepped = idn.step_up_with_passkey(rt, ctx, assertion)
    assert stepped.context.level == "mfa"
    with pytest.raises(idn.ChallengeInvalidError):
        idn.step_up_with_passkey(rt, stepped.context, assertion)
    other = signed_in(rt)  # a challenge issued to one session is useless to another
    options = idn.passkey_authentication_options(rt, ctx)
    stolen = authenticator.credential_request({**options, "origin": ORIGIN})
    with pytest.raises(idn.ChallengeInvalidError):
        idn.step_up_with_passkey(rt, other, stolen)
    assert {"account:passkey:added", "account:mfa:success"} <= set(actions(rt))


def test_passkey_challenges_expire(rt: idn.IdentityRuntime, clock: FixedClock) -> None:
    new_account(rt)
    ctx = signed_in(rt)
    authenticator = _register(rt, ctx)
    options = idn.passkey_authentication_options(rt, ctx)
    clock.advance(rt.config.challenge_ttl)
    assertion = authenticator.credential_request({**options, "origin": ORIGIN})
    with pytest.raises(idn.ChallengeInvalidError):
        idn.step_up_with_passkey(rt, ctx, assertion)


def test_registration_without_user_verification_is_refused(rt: idn.IdentityRuntime) -> None:
    new_account(rt)
    ctx = signed_in(rt)
    options = idn.passkey_registration_options(rt, ctx)
    credential = soft_fido2.Fido2Authenticator().credential_create(
        {**options, "origin": ORIGIN}, uv=False
    )
    with pytest.raises(idn.PasskeyRejectedError):
        idn.register_passkey(rt, ctx, credential, "no pin")
    assert idn.list_passkeys(rt, ctx) == []
