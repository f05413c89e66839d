"""Delegations on SQLite and PostgreSQL: granting, acting "A for B", scope, dates, revoking."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pyotp
import pytest
from argon2 import PasswordHasher
from sqlalchemy import Engine, select

from minwon import identity as idn
from minwon.actors import Actor
from minwon.applications.errors import DelegationScopeError
from minwon.applications.models import Application
from minwon.applications.schemas import Submission
from minwon.applications.service import (
    list_applications,
    read_personal_data,
    submit_applications,
)
from minwon.audit import AuditEvent, events_about, verify_chain
from minwon.clock import FixedClock
from minwon.crypto import FieldCipher, load_keyring
from minwon.db import make_session_factory, session_scope
from minwon.migrate import upgrade_database
from minwon.sealing import JsonSealer

START = dt.datetime(2026, 11, 28, 10, 0)  # KST
TODAY = dt.date(2026, 11, 28)
PASSWORD = "correct horse battery staple"
SERVICES = frozenset({"move-in-report", "passport-application", "basic-pension"})
MOVE_IN = Submission("move-in-report", "community-centre", {"reporter_name": "김보라"})
PENSION = Submission("basic-pension", "nps", {"applicant_name": "김보라"})


@dataclass
class Person:
    account_id: str
    email: str
    secret: str

    def actor(self, on_behalf_of: str | None = None) -> Actor:
        return Actor(kind="citizen", id=self.account_id, level="mfa", on_behalf_of=on_behalf_of)


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


@pytest.fixture(scope="module")
def sealer() -> JsonSealer:
    return JsonSealer(FieldCipher(load_keyring(None, None, environment="test")))


def _with_totp(rt: idn.IdentityRuntime, clock: FixedClock, email: str) -> str:
    ctx = idn.sign_in(rt, idn.SignInRequest(email, PASSWORD, "127.0.0.1")).context
    secret = idn.begin_totp_enrolment(rt, ctx).secret
    idn.confirm_totp_enrolment(rt, ctx, pyotp.TOTP(secret).at(clock.now()))
    clock.advance(dt.timedelta(seconds=30))
    return secret


def citizen(rt: idn.IdentityRuntime, clock: FixedClock, email: str, name: str) -> Person:
    account = idn.create_account(
        rt, email=email, password=PASSWORD, display_name=name, client_address="127.0.0.1"
    )
    return Person(account.id, email, _with_totp(rt, clock, email))


def officer(rt: idn.IdentityRuntime, clock: FixedClock) -> Person:
    account = idn.create_officer_account(
        rt,
        email="officer@mapo.go.kr",
        password=PASSWORD,
        display_name="Park",
        roles=[("community-centre", "reviewer")],
    )
    return Person(account.id, "officer@mapo.go.kr", _with_totp(rt, clock, account.email))


def mfa(rt: idn.IdentityRuntime, clock: FixedClock, person: Person) -> idn.SessionContext:
    """A fresh session stepped up with the authenticator app."""
    ctx = idn.sign_in(rt, idn.SignInRequest(person.email, PASSWORD, "127.0.0.1")).context
    issued = idn.step_up_with_totp(rt, ctx, pyotp.TOTP(person.secret).at(clock.now()))
    clock.advance(dt.timedelta(seconds=30))
    return issued.context


def grant(
    rt: idn.IdentityRuntime,
    clock: FixedClock,
    grantor: Person,
    grantee: Person,
    services: tuple[str, ...] = ("move-in-report",),
    starts_on: dt.date = TODAY,
    ends_on: dt.date = TODAY + dt.timedelta(days=30),
) -> idn.DelegationView:
    return idn.grant_delegation(
        rt,
        mfa(rt, clock, grantor),
        grantee_email=grantee.email,
        terms=idn.DelegationTerms(services, starts_on, ends_on),
        valid_services=SERVICES,
    )


@pytest.fixture
def family(rt: idn.IdentityRuntime, clock: FixedClock) -> tuple[Person, Person]:
    """Bora (represented, the grantor) and her son Jiwoo (the grantee)."""
    bora = citizen(rt, clock, "bora@example.kr", "Kim Bora")
    jiwoo = citizen(rt, clock, "jiwoo@example.kr", "Kim Jiwoo")
    return bora, jiwoo


def submit(
    rt: idn.IdentityRuntime,
    sealer: JsonSealer,
    actor: Actor,
    submissions: list[Submission],
    policy: idn.DelegationScope | None = None,
) -> list[str]:
    with session_scope(rt.db) as session:
        filed = submit_applications(
            session,
            actor=actor,
            submissions=submissions,
            sealer=sealer,
            catalog_version="test",
            conversation_id=None,
            now=rt.clock.now(),
            delegations=policy,
        )
        return [a.id for a in filed]


def test_granting_needs_a_fresh_second_factor_and_both_parties_see_it(
    rt: idn.IdentityRuntime, clock: FixedClock, family: tuple[Person, Person]
) -> None:
    bora, jiwoo = family
    password_only = idn.sign_in(rt, idn.SignInRequest(bora.email, PASSWORD, "127.0.0.1")).context
    terms = idn.DelegationTerms(("move-in-report",), TODAY, TODAY + dt.timedelta(days=30))
    with pytest.raises(idn.StepUpRequiredError):
        idn.grant_delegation(
            rt, password_only, grantee_email=jiwoo.email, terms=terms, valid_services=SERVICES
        )
    granted = grant(rt, clock, bora, jiwoo)
    assert granted.status == "active"
    assert granted.direction == "granted"
    assert granted.grantee.display_name == "Kim Jiwoo"
    seen_by_jiwoo = idn.list_delegations(rt, mfa(rt, clock, jiwoo))
    assert [(d.id, d.direction, d.grantor.display_name) for d in seen_by_jiwoo] == [
        (granted.id, "received", "Kim Bora")
    ]
    notices = idn.list_notifications(rt, mfa(rt, clock, jiwoo))
    assert [n.code for n in notices] == ["notice-delegation-received"]
    assert notices[0].params["grantor"] == "Kim Bora"


def test_acting_within_scope_files_for_the_represented_person_as_a_for_b(
    rt: idn.IdentityRuntime, clock: FixedClock, family: tuple[Person, Person], sealer: JsonSealer
) -> None:
    bora, jiwoo = family
    grant(rt, clock, bora, jiwoo)
    (application_id,) = submit(
        rt, sealer, jiwoo.actor(on_behalf_of=bora.account_id), [MOVE_IN], idn.DelegationScope()
    )
    with session_scope(rt.db) as session:
        application = session.get_one(Application, application_id)
        assert (application.citizen_id, application.filed_by) == (bora.account_id, jiwoo.account_id)
        # Bora sees it as hers; Jiwoo, acting for himself, does not.
        assert [a.id for a in list_applications(session, actor=bora.actor())] == [application_id]
        assert list_applications(session, actor=jiwoo.actor()) == []
        read_personal_data(
            session,
            actor=jiwoo.actor(on_behalf_of=bora.account_id),
            application_id=application_id,
            sealer=sealer,
            reason=None,
            now=clock.now(),
        )
        about_bora = events_about(session, f"citizen:{bora.account_id}", limit=50)
        a_for_b = [
            (e.action, e.actor, e.on_behalf_of)
            for e in about_bora
            if e.target == f"application:{application_id}"
        ]
        assert sorted(a_for_b) == [
            ("application:submitted", f"citizen:{jiwoo.account_id}", f"citizen:{bora.account_id}"),
            ("personal_data:read", f"citizen:{jiwoo.account_id}", f"citizen:{bora.account_id}"),
        ]
        assert verify_chain(session).is_intact


def test_a_service_outside_the_delegation_is_refused_and_nothing_is_filed(
    rt: idn.IdentityRuntime, clock: FixedClock, family: tuple[Person, Person], sealer: JsonSealer
) -> None:
    bora, jiwoo = family
    grant(rt, clock, bora, jiwoo, services=("move-in-report",))
    acting = jiwoo.actor(on_behalf_of=bora.account_id)
    with pytest.raises(DelegationScopeError) as refused:
        submit(rt, sealer, acting, [MOVE_IN, PENSION], idn.DelegationScope())
    assert refused.value.service_id == "basic-pension"
    # A caller that forgets to pass the policy fails closed, it does not file.
    with pytest.raises(DelegationScopeError):
        submit(rt, sealer, acting, [MOVE_IN], None)
    with session_scope(rt.db) as session:
        assert session.scalars(select(Application)).all() == []


def test_someone_else_cannot_use_a_delegation_that_is_not_theirs(
    rt: idn.IdentityRuntime, clock: FixedClock, family: tuple[Person, Person], sealer: JsonSealer
) -> None:
    bora, jiwoo = family
    mallory = citizen(rt, clock, "mallory@example.kr", "Mallory")
    grant(rt, clock, bora, jiwoo)
    with pytest.raises(DelegationScopeError):
        submit(
            rt,
            sealer,
            mallory.actor(on_behalf_of=bora.account_id),
            [MOVE_IN],
            idn.DelegationScope(),
        )
    # Nor does a delegation work backwards: Bora cannot act for Jiwoo.
    assert idn.active_delegation(rt, bora.account_id, jiwoo.account_id, None, TODAY) is None


def test_before_the_start_after_the_end_and_once_revoked_nothing_is_covered(
    rt: idn.IdentityRuntime, clock: FixedClock, family: tuple[Person, Person], sealer: JsonSealer
) -> None:
    bora, jiwoo = family
    starts, ends = TODAY + dt.timedelta(days=3), TODAY + dt.timedelta(days=10)
    delegation = grant(rt, clock, bora, jiwoo, starts_on=starts, ends_on=ends)
    assert delegation.status == "scheduled"
    acting = jiwoo.actor(on_behalf_of=bora.account_id)

    def covered_on(day: dt.date) -> bool:
        return (
            idn.active_delegation(rt, jiwoo.account_id, bora.account_id, "move-in-report", day)
            is not None
        )

    assert [
        covered_on(d)
        for d in (starts - dt.timedelta(days=1), starts, ends, ends + dt.timedelta(days=1))
    ] == [
        False,
        True,
        True,
        False,
    ]
    with pytest.raises(DelegationScopeError):
        submit(rt, sealer, acting, [MOVE_IN], idn.DelegationScope())  # today: not started yet
    clock.advance(dt.timedelta(days=3))
    assert len(submit(rt, sealer, acting, [MOVE_IN], idn.DelegationScope())) == 1
    idn.revoke_delegation(rt, mfa(rt, clock, bora), delegation.id)
    with pytest.raises(DelegationScopeError):
        submit(rt, sealer, acting, [MOVE_IN], idn.DelegationScope())
    clock.advance(dt.timedelta(days=8))
    assert idn.list_delegations(rt, mfa(rt, clock, jiwoo))[0].status == "revoked"


def test_either_party_may_revoke_and_the_other_is_told(
    rt: idn.IdentityRuntime, clock: FixedClock, family: tuple[Person, Person]
) -> None:
    bora, jiwoo = family
    mallory = citizen(rt, clock, "mallory@example.kr", "Mallory")
    first = grant(rt, clock, bora, jiwoo)
    second = grant(rt, clock, bora, jiwoo, services=("basic-pension",))
    with pytest.raises(idn.DelegationNotFoundError):
        idn.revoke_delegation(rt, mfa(rt, clock, mallory), first.id)
    jiwoo_ctx = mfa(rt, clock, jiwoo)
    assert idn.revoke_delegation(rt, jiwoo_ctx, first.id).status == "revoked"
    assert idn.revoke_delegation(rt, jiwoo_ctx, first.id).status == "revoked"  # twice: no-op
    idn.revoke_delegation(rt, mfa(rt, clock, bora), second.id)
    bora_notices = [n.code for n in idn.list_notifications(rt, mfa(rt, clock, bora))]
    jiwoo_notices = [n.code for n in idn.list_notifications(rt, mfa(rt, clock, jiwoo))]
    assert bora_notices == ["notice-delegation-revoked"]  # only Jiwoo's revocation, once
    assert jiwoo_notices.count("notice-delegation-revoked") == 1
    with session_scope(rt.db) as session:
        revocations = session.scalars(
            select(AuditEvent.actor)
            .where(AuditEvent.action == "delegation:revoked")
            .order_by(AuditEvent.seq)
        ).all()
    assert revocations == [f"citizen:{jiwoo.account_id}", f"citizen:{bora.account_id}"]


@pytest.mark.parametrize(
    ("services", "starts_on", "ends_on", "reason"),
    [
        ((), TODAY, TODAY, "no-services"),
        (("move-in-report", "no-such-service"), TODAY, TODAY, "unknown-service"),
        (("move-in-report",), TODAY, TODAY - dt.timedelta(days=1), "end-before-start"),
        (
            ("move-in-report",),
            TODAY - dt.timedelta(days=1),
            TODAY + dt.timedelta(days=1),
            "start-in-past",
        ),
        (("move-in-report",), TODAY, TODAY + dt.timedelta(days=3 * 366 + 1), "too-long"),
    ],
)
def test_bad_terms_are_refused(
    rt: idn.IdentityRuntime,
    clock: FixedClock,
    family: tuple[Person, Person],
    services: tuple[str, ...],
    starts_on: dt.date,
    ends_on: dt.date,
    reason: str,
) -> None:
    bora, jiwoo = family
    with pytest.raises(idn.DelegationTermsError) as refused:
        grant(rt, clock, bora, jiwoo, services=services, starts_on=starts_on, ends_on=ends_on)
    assert refused.value.reason == reason
    assert idn.list_delegations(rt, mfa(rt, clock, bora)) == []


def test_the_grantee_must_be_another_citizen(
    rt: idn.IdentityRuntime, clock: FixedClock, family: tuple[Person, Person]
) -> None:
    bora, _ = family
    park = officer(rt, clock)
    ghost = Person("x", "ghost@example.kr", "")
    for grantee in (ghost, park):  # an officer's account is never a representative
        with pytest.raises(idn.GranteeNotFoundError):
            grant(rt, clock, bora, grantee)
    with pytest.raises(idn.DelegationTermsError) as refused:
        grant(rt, clock, bora, bora)
    assert refused.value.reason == "self"


def test_an_officer_records_a_paper_power_of_attorney(
    rt: idn.IdentityRuntime, clock: FixedClock, family: tuple[Person, Person]
) -> None:
    bora, jiwoo = family
    park = officer(rt, clock)
    paper = idn.PaperPowerOfAttorney(bora.email, jiwoo.email, "위임-2026-0042", "위임장 원본 확인")
    terms = idn.DelegationTerms(
        ("move-in-report",), TODAY - dt.timedelta(days=2), TODAY + dt.timedelta(days=60)
    )
    with pytest.raises(idn.OfficerOnlyError):
        idn.record_paper_delegation(
            rt, mfa(rt, clock, jiwoo), paper, terms, valid_services=SERVICES
        )
    with pytest.raises(idn.ReasonHasNumberError):  # an ID number never reaches the audit log
        idn.record_paper_delegation(
            rt,
            mfa(rt, clock, park),
            idn.PaperPowerOfAttorney(bora.email, jiwoo.email, "위임-1", "여권 M12345678 확인"),
            terms,
            valid_services=SERVICES,
        )
    recorded = idn.record_paper_delegation(
        rt, mfa(rt, clock, park), paper, terms, valid_services=SERVICES
    )
    assert (recorded.recorded_by, recorded.document_ref, recorded.status) == (
        "officer",
        "위임-2026-0042",
        "active",
    )
    assert (
        idn.active_delegation(rt, jiwoo.account_id, bora.account_id, "move-in-report", TODAY)
        is not None
    )
    assert [n.code for n in idn.list_notifications(rt, mfa(rt, clock, bora))] == [
        "notice-delegation-recorded"
    ]
    with session_scope(rt.db) as session:
        event = session.scalars(
            select(AuditEvent).where(AuditEvent.action == "delegation:recorded")
        ).one()
        assert (event.actor, event.subject, event.reason) == (
            f"officer:{park.account_id}",
            f"citizen:{bora.account_id}",
            "위임장 원본 확인",
        )
        assert event.data["document_ref"] == "위임-2026-0042"
