"""Accounts, sign-in, second factors and sessions through HTTP, as a browser would use them."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

import pyotp
import pytest
import soft_fido2
from fastapi.testclient import TestClient

from minwon.clock import FixedClock

if TYPE_CHECKING:
    from tests.e2e.conftest import Citizen, CitizenFactory

ORIGIN = "http://localhost:8000"  # the default WebAuthn origin (RP id "localhost")
PASSWORD = "correct horse battery staple"
SESSION_COOKIE = "__Host-minwon_session"


@pytest.fixture
def jiwoo(make_citizen: CitizenFactory) -> Citizen:
    """A new browser; the tests sign up, sign in and enrol as far as they need."""
    return make_citizen("jiwoo@example.kr", "Kim Jiwoo", stage="new")


def me_with(client: TestClient, token: str | None) -> Any:
    """GET /v1/me presenting ``token`` instead of the client's current cookie."""
    return client.get("/v1/me", headers={"Cookie": f"{SESSION_COOKIE}={token}"})


def test_sign_up_sign_in_and_see_my_account(jiwoo: Citizen) -> None:
    client = jiwoo.http
    account = jiwoo.sign_up()
    assert account["email"] == "jiwoo@example.kr"
    assert "password" not in str(account).lower()
    jiwoo.sign_in()
    me = client.get("/v1/me")
    assert me.status_code == 200
    assert me.json()["level"] == "signed_in"
    assert me.headers["cache-control"] == "no-store"


def test_session_cookie_is_httponly_secure_samesite(jiwoo: Citizen) -> None:
    client = jiwoo.http
    jiwoo.sign_up()
    response = client.post("/v1/sessions", json={"email": "jiwoo@example.kr", "password": PASSWORD})
    cookie = next(
        h for h in response.headers.get_list("set-cookie") if h.startswith(SESSION_COOKIE)
    )
    assert "HttpOnly" in cookie
    assert "Secure" in cookie
    assert "samesite=lax" in cookie.lower()
    token = cookie.split(";")[0].split("=", 1)[1]
    assert len(token) >= 43  # 256 random bits
    assert token not in response.text  # the token is only ever in the cookie


def test_common_and_short_passwords_are_refused(jiwoo: Citizen) -> None:
    client = jiwoo.http
    for password, code in (("short1", "password-too-short"), ("password123", "password-common")):
        response = client.post(
            "/v1/accounts",
            json={"email": "a@example.kr", "password": password, "display_name": "A"},
        )
        assert response.status_code == 422
        assert response.headers["content-type"] == "application/problem+json"
        assert response.json()["code"] == code


def test_unknown_and_known_accounts_get_identical_answers(jiwoo: Citizen) -> None:
    client = jiwoo.http
    jiwoo.sign_up()
    wrong = client.post("/v1/sessions", json={"email": "jiwoo@example.kr", "password": "nope" * 3})
    unknown = client.post("/v1/sessions", json={"email": "nobody@example.kr", "password": "x" * 12})
    assert wrong.status_code == unknown.status_code == 401
    assert wrong.json() == unknown.json()
    assert wrong.headers.get("set-cookie") is None
    assert unknown.headers.get("set-cookie") is None


def test_sign_in_is_throttled_per_account_even_for_unknown_accounts(jiwoo: Citizen) -> None:
    client = jiwoo.http
    for email in ("jiwoo@example.kr", "ghost@example.kr"):
        if email.startswith("jiwoo"):
            jiwoo.sign_up()
        codes = [
            client.post("/v1/sessions", json={"email": email, "password": "wrong-password!"})
            for _ in range(11)
        ]
        assert [r.status_code for r in codes[:10]] == [401] * 10
        assert codes[10].status_code == 429
        assert int(codes[10].headers["retry-after"]) > 0
    # even the right password waits out the window: the attacker learns nothing either way
    assert (
        client.post(
            "/v1/sessions", json={"email": "jiwoo@example.kr", "password": PASSWORD}
        ).status_code
        == 429
    )


def test_state_change_without_csrf_token_is_refused(jiwoo: Citizen) -> None:
    client = jiwoo.http
    jiwoo.sign_up()
    csrf = jiwoo.sign_in()
    missing = client.post("/v1/me/totp")
    assert missing.status_code == 403
    assert missing.json()["code"] == "csrf-failed"
    forged = client.post("/v1/me/totp", headers={"X-CSRF-Token": csrf[:-2] + "xx"})
    assert forged.status_code == 403
    assert client.post("/v1/me/totp", headers={"X-CSRF-Token": csrf}).status_code == 201


def test_totp_enrolment_shows_secret_qr_and_recovery_codes_once(
    jiwoo: Citizen, clock: FixedClock
) -> None:
    client = jiwoo.http
    jiwoo.sign_up()
    csrf = jiwoo.sign_in()
    started = client.post("/v1/me/totp", headers={"X-CSRF-Token": csrf}).json()
    assert started["otpauth_uri"].startswith("otpauth://totp/minwon:")
    assert started["qr_svg"].startswith("<svg")
    code = pyotp.TOTP(started["secret"]).at(clock.now())
    confirmed = client.post(
        "/v1/me/totp/confirm", json={"code": code}, headers={"X-CSRF-Token": csrf}
    ).json()
    assert len(confirmed["recovery_codes"]) == 10
    assert started["secret"] not in client.get("/v1/me").text
    me = client.get("/v1/me").json()
    assert me["has_totp"] is True
    assert me["recovery_codes_left"] == 10


def test_step_up_with_totp_rotates_the_session(jiwoo: Citizen) -> None:
    client = jiwoo.http
    jiwoo.sign_up()
    jiwoo.sign_in()
    jiwoo.enrol_totp()
    old_cookie = client.cookies.get(SESSION_COOKIE)
    stepped = jiwoo.try_step_up()
    assert stepped.status_code == 200, stepped.text
    assert stepped.json()["level"] == "mfa"
    new_cookie = client.cookies.get(SESSION_COOKIE)
    assert new_cookie != old_cookie
    # the pre-step-up token no longer works
    assert me_with(client, old_cookie).status_code == 401
    assert client.get("/v1/me").json()["level"] == "mfa"


def test_a_totp_code_works_only_once(jiwoo: Citizen) -> None:
    client = jiwoo.http
    jiwoo.sign_up()
    csrf = jiwoo.sign_in()
    jiwoo.enrol_totp()
    code = jiwoo.code()
    first = client.post(
        "/v1/sessions/mfa/totp", json={"code": code}, headers={"X-CSRF-Token": csrf}
    )
    assert first.status_code == 200
    other = jiwoo.sign_in()  # another session, the same code
    replay = client.post(
        "/v1/sessions/mfa/totp", json={"code": code}, headers={"X-CSRF-Token": other}
    )
    assert replay.status_code == 401
    assert replay.json()["code"] == "code-already-used"


def test_ten_bad_codes_lock_for_ten_minutes(jiwoo: Citizen, clock: FixedClock) -> None:
    client = jiwoo.http
    jiwoo.sign_up()
    csrf = jiwoo.sign_in()
    jiwoo.enrol_totp()
    good = jiwoo.code()
    bad = f"{(int(good) + 1) % 1_000_000:06d}"
    answers = [
        client.post("/v1/sessions/mfa/totp", json={"code": bad}, headers={"X-CSRF-Token": csrf})
        for _ in range(10)
    ]
    assert [a.status_code for a in answers] == [401] * 9 + [423]
    locked = jiwoo.try_step_up()
    assert locked.status_code == 423  # even the right code, while locked
    assert locked.json()["code"] == "second-factor-locked"
    clock.advance(dt.timedelta(minutes=10))
    assert jiwoo.try_step_up().status_code == 200


def test_session_idle_timeout(jiwoo: Citizen, clock: FixedClock) -> None:
    client = jiwoo.http
    jiwoo.sign_up()
    jiwoo.sign_in()
    clock.advance(dt.timedelta(minutes=29))
    assert client.get("/v1/me").status_code == 200
    clock.advance(dt.timedelta(minutes=31))
    expired = client.get("/v1/me")
    assert expired.status_code == 401
    assert expired.json()["code"] == "sign-in-required"


def test_session_absolute_timeout(jiwoo: Citizen, clock: FixedClock) -> None:
    client = jiwoo.http
    jiwoo.sign_up()
    jiwoo.sign_in()
    for _ in range(35):  # active every 20 minutes: never idle
        clock.advance(dt.timedelta(minutes=20))
        assert client.get("/v1/me").status_code == 200
    clock.advance(dt.timedelta(minutes=20))  # 12 hours after sign-in
    assert client.get("/v1/me").status_code == 401


def test_see_and_end_my_sessions(jiwoo: Citizen) -> None:
    client = jiwoo.http
    jiwoo.sign_up()
    jiwoo.sign_in()
    first_cookie = client.cookies.get(SESSION_COOKIE)
    client.cookies.clear()
    csrf = jiwoo.sign_in()  # a second device
    sessions = client.get("/v1/me/sessions").json()
    assert len(sessions) == 2
    other = next(s for s in sessions if not s["is_current"])
    ended = client.delete(f"/v1/me/sessions/{other['id']}", headers={"X-CSRF-Token": csrf})
    assert ended.status_code == 204
    assert me_with(client, first_cookie).status_code == 401
    current = client.get("/v1/me/sessions").json()[0]["id"]
    assert (
        client.delete(f"/v1/me/sessions/{current}", headers={"X-CSRF-Token": csrf}).status_code
        == 204
    )
    assert client.get("/v1/me").status_code == 401


def test_recovery_code_works_once_and_regenerating_invalidates_the_old_set(
    jiwoo: Citizen,
) -> None:
    client = jiwoo.http
    jiwoo.sign_up()
    csrf = jiwoo.sign_in()
    _, codes = jiwoo.enrol_totp()
    path = "/v1/sessions/mfa/recovery-code"
    used = client.post(path, json={"code": codes[0].lower()}, headers={"X-CSRF-Token": csrf})
    assert used.status_code == 200
    assert used.json()["level"] == "mfa"
    csrf = used.json()["csrf_token"]
    other = jiwoo.sign_in()
    again = client.post(path, json={"code": codes[0]}, headers={"X-CSRF-Token": other})
    assert again.status_code == 401
    assert client.post("/v1/me/recovery-codes", headers={"X-CSRF-Token": other}).status_code == 403
    stepped = client.post(path, json={"code": codes[1]}, headers={"X-CSRF-Token": other})
    csrf = stepped.json()["csrf_token"]
    fresh = client.post("/v1/me/recovery-codes", headers={"X-CSRF-Token": csrf})
    assert fresh.status_code == 200
    assert len(fresh.json()["recovery_codes"]) == 10
    third = jiwoo.sign_in()
    old = client.post(path, json={"code": codes[2]}, headers={"X-CSRF-Token": third})
    assert old.status_code == 401
    new = client.post(
        path, json={"code": fresh.json()["recovery_codes"][0]}, headers={"X-CSRF-Token": third}
    )
    assert new.status_code == 200


def _register_passkey(client: TestClient, csrf: str, name: str) -> soft_fido2.Fido2Authenticator:
    authenticator = soft_fido2.Fido2Authenticator()
    options = client.post("/v1/me/passkeys/options", headers={"X-CSRF-Token": csrf})
    assert options.status_code == 200, options.text
    assert options.json()["authenticatorSelection"]["userVerification"] == "required"
    credential = authenticator.credential_create({**options.json(), "origin": ORIGIN})
    added = client.post(
        "/v1/me/passkeys",
        json={"credential": credential, "name": name},
        headers={"X-CSRF-Token": csrf},
    )
    assert added.status_code == 201, added.text
    return authenticator


def _assert_with(client: TestClient, csrf: str, authenticator: Any, origin: str = ORIGIN) -> Any:
    options = client.post("/v1/sessions/mfa/passkey/options", headers={"X-CSRF-Token": csrf})
    assert options.status_code == 200, options.text
    assertion = authenticator.credential_request({**options.json(), "origin": origin})
    return client.post(
        "/v1/sessions/mfa/passkey/verify",
        json={"credential": assertion},
        headers={"X-CSRF-Token": csrf},
    )


def test_passkey_registration_and_step_up(jiwoo: Citizen) -> None:
    client = jiwoo.http
    jiwoo.sign_up()
    csrf = jiwoo.sign_in()
    authenticator = _register_passkey(client, csrf, "office laptop")
    listed = client.get("/v1/me/passkeys").json()
    assert [p["name"] for p in listed] == ["office laptop"]
    stepped = _assert_with(client, csrf, authenticator)
    assert stepped.status_code == 200, stepped.text
    assert stepped.json()["level"] == "mfa"
    csrf = stepped.json()["csrf_token"]
    second = _register_passkey(client, csrf, "security key")  # several per account
    assert len(client.get("/v1/me/passkeys").json()) == 2
    assert second is not authenticator


def test_passkey_attacks_are_refused(jiwoo: Citizen) -> None:
    client = jiwoo.http
    jiwoo.sign_up()
    csrf = jiwoo.sign_in()
    authenticator = _register_passkey(client, csrf, "phone")
    phished = _assert_with(client, csrf, authenticator, origin="https://minwon.example.evil")
    assert phished.status_code == 400
    assert phished.json()["code"] == "passkey-rejected"
    assert _assert_with(client, csrf, authenticator).status_code == 200
    csrf = client.get("/v1/me").json()["csrf_token"]
    authenticator.counter = 0  # a cloned authenticator replays an old counter
    cloned = _assert_with(client, csrf, authenticator)
    assert cloned.status_code == 400


def test_a_passkey_assertion_cannot_be_replayed(jiwoo: Citizen) -> None:
    client = jiwoo.http
    jiwoo.sign_up()
    csrf = jiwoo.sign_in()
    authenticator = _register_passkey(client, csrf, "phone")
    options = client.post("/v1/sessions/mfa/passkey/options", headers={"X-CSRF-Token": csrf})
    assertion = authenticator.credential_request({**options.json(), "origin": ORIGIN})
    first = client.post(
        "/v1/sessions/mfa/passkey/verify",
        json={"credential": assertion},
        headers={"X-CSRF-Token": csrf},
    )
    assert first.status_code == 200
    csrf = first.json()["csrf_token"]
    replay = client.post(
        "/v1/sessions/mfa/passkey/verify",
        json={"credential": assertion},
        headers={"X-CSRF-Token": csrf},
    )
    assert replay.status_code == 400
    assert replay.json()["code"] == "challenge-invalid"


def test_rename_and_remove_a_passkey(jiwoo: Citizen) -> None:
    client = jiwoo.http
    jiwoo.sign_up()
    csrf = jiwoo.sign_in()
    authenticator = _register_passkey(client, csrf, "phone")
    passkey_id = client.get("/v1/me/passkeys").json()[0]["id"]
    renamed = client.patch(
        f"/v1/me/passkeys/{passkey_id}", json={"name": "old phone"}, headers={"X-CSRF-Token": csrf}
    )
    assert renamed.json()["name"] == "old phone"
    refused = client.delete(f"/v1/me/passkeys/{passkey_id}", headers={"X-CSRF-Token": csrf})
    assert refused.status_code == 403
    assert refused.json()["code"] == "step-up-required"
    csrf = _assert_with(client, csrf, authenticator).json()["csrf_token"]
    only_one = client.delete(f"/v1/me/passkeys/{passkey_id}", headers={"X-CSRF-Token": csrf})
    assert only_one.status_code == 409  # the last second factor stays
    assert only_one.json()["code"] == "last-second-factor"
    _register_passkey(client, csrf, "security key")
    removed = client.delete(f"/v1/me/passkeys/{passkey_id}", headers={"X-CSRF-Token": csrf})
    assert removed.status_code == 204
    assert client.get(f"/v1/me/passkeys/{passkey_id}").status_code == 404


def test_problems_are_in_the_persons_language(jiwoo: Citizen) -> None:
    client = jiwoo.http
    response = client.post(
        "/v1/sessions",
        json={"email": "nobody@example.kr", "password": "x" * 12},
        headers={"Accept-Language": "en"},
    )
    assert response.json()["title"] == "Sign-in failed"
    korean = client.post("/v1/sessions", json={"email": "nobody@example.kr", "password": "x" * 12})
    assert korean.json()["title"] == "로그인 실패"


def test_problems_speak_the_persons_language(jiwoo: Citizen) -> None:
    client = jiwoo.http
    korean = client.post("/v1/route", json={}, headers={"Accept-Language": "ko-KR,ko;q=0.9"})
    english = client.post("/v1/route?lang=en", json={"text": 5})
    assert korean.status_code == english.status_code == 422
    assert korean.json()["errors"][0]["msg"] == "꼭 필요한 항목이에요."
    assert korean.headers["content-language"] == "ko"
    assert english.json()["title"] == "Invalid request"
    assert english.json()["errors"][0] == {
        "loc": ["body", "text"],
        "type": "string_type",
        "msg": "This must be text.",
    }
    for _ in range(11):
        throttled = client.post(
            "/v1/sessions?lang=en", json={"email": "ghost@example.kr", "password": "x" * 12}
        )
    assert throttled.status_code == 429
    minutes = throttled.json()["minutes"]
    assert f"try again in {minutes} min" in throttled.json()["detail"]
    assert minutes * 60 >= int(throttled.headers["retry-after"])
