"""`make run` comes with a demo: a citizen and an officer who can sign in with a second factor."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pyotp

from minwon.catalog import Catalog
from minwon.cli.demo import demo_codes, seed_demo
from minwon.clock import FixedClock
from minwon.config import Settings
from minwon.db import create_db_engine, make_session_factory
from minwon.identity import (
    IdentityRuntime,
    SignInRequest,
    identity_config,
    officer_agencies,
    sign_in,
    step_up_with_totp,
)
from minwon.migrate import upgrade_database


def test_demo_accounts_sign_in_with_their_authenticator(tmp_path: Path, catalog: Catalog) -> None:
    engine = create_db_engine(f"sqlite:///{tmp_path / 'demo.db'}")
    upgrade_database(engine)
    clock = FixedClock(dt.datetime(2026, 11, 28, 10, 0))
    runtime = IdentityRuntime(
        db=make_session_factory(engine), clock=clock, config=identity_config(Settings())
    )
    created = seed_demo(runtime, catalog, tmp_path)
    assert [a.kind for a in created] == ["citizen", "officer"]
    assert seed_demo(runtime, catalog, tmp_path) == []  # a second start creates nothing

    saved = json.loads((tmp_path / "demo-accounts.json").read_text(encoding="utf-8"))
    assert {a["email"] for a in saved} == {a.email for a in created}
    assert [email for email, _ in demo_codes(tmp_path / "demo-accounts.json")] == [
        a.email for a in created
    ]

    clock.advance(dt.timedelta(minutes=2))  # the enrolment code cannot be replayed
    for account in created:
        issued = sign_in(
            runtime,
            SignInRequest(email=account.email, password=account.password, client_address="test"),
        )
        stepped = step_up_with_totp(
            runtime, issued.context, pyotp.TOTP(account.totp_secret).at(clock.now())
        )
        assert stepped.context.level == "mfa"
    officer = next(a for a in created if a.kind == "officer")
    officer_id = sign_in(
        runtime,
        SignInRequest(email=officer.email, password=officer.password, client_address="test"),
    ).context.account_id
    assert officer_agencies(runtime, officer_id) == {
        s.agency.code for s in catalog.services.values()
    }
    engine.dispose()
