"""A demo that works out of the box in development: a citizen and an officer, each with an
authenticator app, so the whole flow (conversation → MFA → filing → back office) can be tried.

Development only: the accounts' TOTP secrets are written to ``var/demo-accounts.json`` so
``minwon demo code`` can print the current codes. Production refuses to seed.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from pathlib import Path

import pyotp
from sqlalchemy import select

from minwon.catalog import Catalog
from minwon.db import session_scope
from minwon.identity import (
    IdentityRuntime,
    SignInRequest,
    begin_totp_enrolment,
    confirm_totp_enrolment,
    create_account,
    create_officer_account,
    sign_in,
)
from minwon.identity.accounts import normalise_email
from minwon.identity.models import Account

__all__ = ["DEMO_FILE", "DemoAccount", "demo_codes", "seed_demo"]

DEMO_FILE = Path("var/demo-accounts.json")
DEMO_PASSWORD = "quiet river lantern 2026"  # noqa: S105 — development demo, refused in production


@dataclass(frozen=True)
class DemoAccount:
    email: str
    password: str
    kind: str
    totp_secret: str


def _exists(rt: IdentityRuntime, email: str) -> bool:
    with session_scope(rt.db) as session:
        found = session.scalars(select(Account.id).where(Account.email == normalise_email(email)))
        return found.first() is not None


def _enrol_totp(rt: IdentityRuntime, email: str) -> str:
    issued = sign_in(
        rt, SignInRequest(email=email, password=DEMO_PASSWORD, client_address="demo-seed")
    )
    enrolment = begin_totp_enrolment(rt, issued.context)
    confirm_totp_enrolment(rt, issued.context, pyotp.TOTP(enrolment.secret).at(rt.now()))
    return enrolment.secret


def seed_demo(
    rt: IdentityRuntime, catalog: Catalog, directory: Path = DEMO_FILE.parent
) -> list[DemoAccount]:
    """Create the demo citizen and officer if they do not exist yet; return what was created."""
    created: list[DemoAccount] = []
    citizen, officer = "citizen@demo.minwon.local", "officer@demo.minwon.local"
    if not _exists(rt, citizen):
        create_account(
            rt,
            email=citizen,
            password=DEMO_PASSWORD,
            display_name="김민원",
            client_address="demo-seed",
        )
        created.append(DemoAccount(citizen, DEMO_PASSWORD, "citizen", _enrol_totp(rt, citizen)))
    if not _exists(rt, officer):
        agencies = sorted({s.agency.code for s in catalog.services.values()})
        create_officer_account(
            rt,
            email=officer,
            password=DEMO_PASSWORD,
            display_name="박담당",
            roles=[(code, "reviewer") for code in agencies],
        )
        created.append(DemoAccount(officer, DEMO_PASSWORD, "officer", _enrol_totp(rt, officer)))
    if created:
        _remember(directory / DEMO_FILE.name, created)
    return created


def _remember(path: Path, accounts: list[DemoAccount]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    known = json.loads(path.read_text(encoding="utf-8")) if path.exists() else []
    known += [asdict(a) for a in accounts]
    path.write_text(json.dumps(known, ensure_ascii=False, indent=2), encoding="utf-8")
    path.chmod(0o600)


def demo_codes(path: Path = DEMO_FILE) -> list[tuple[str, str]]:
    """(e-mail, current TOTP code) for each demo account."""
    if not path.exists():
        return []
    return [
        (a["email"], pyotp.TOTP(a["totp_secret"]).now())
        for a in json.loads(path.read_text("utf-8"))
    ]
