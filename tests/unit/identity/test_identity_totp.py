"""TOTP codes: ±1 time step, replay refused, secrets encrypted at rest."""

from __future__ import annotations

import datetime as dt

import pyotp
import pytest
from cryptography.exceptions import InvalidTag

from minwon.identity import InvalidSecondFactorError, SecondFactorReplayedError
from minwon.identity.totp_codes import (
    decrypt_secret,
    encrypt_secret,
    new_secret,
    otpauth_uri,
    qr_svg,
    time_step,
    verify_totp_code,
)

NOW = dt.datetime(2026, 11, 28, 1, 0, 15, tzinfo=dt.UTC)
SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


def code_at(moment: dt.datetime) -> str:
    return pyotp.TOTP(SECRET).at(moment)


def test_the_current_code_is_accepted_and_its_step_returned() -> None:
    assert verify_totp_code(SECRET, code_at(NOW), NOW, None) == time_step(NOW)


@pytest.mark.parametrize("offset", [-30, 30])
def test_one_step_of_clock_drift_is_tolerated(offset: int) -> None:
    drifted = NOW + dt.timedelta(seconds=offset)
    assert verify_totp_code(SECRET, code_at(drifted), NOW, None) == time_step(drifted)


@pytest.mark.parametrize("offset", [-60, 60])
def test_two_steps_away_is_refused(offset: int) -> None:
    with pytest.raises(InvalidSecondFactorError):
        verify_totp_code(SECRET, code_at(NOW + dt.timedelta(seconds=offset)), NOW, None)


def test_a_code_works_once() -> None:
    step = verify_totp_code(SECRET, code_at(NOW), NOW, None)
    with pytest.raises(SecondFactorReplayedError):
        verify_totp_code(SECRET, code_at(NOW), NOW + dt.timedelta(seconds=5), step)


def test_an_older_code_is_refused_after_a_newer_one() -> None:
    newer = verify_totp_code(SECRET, code_at(NOW), NOW, None)
    older = code_at(NOW - dt.timedelta(seconds=30))
    with pytest.raises(SecondFactorReplayedError):
        verify_totp_code(SECRET, older, NOW, newer)


def test_the_next_code_works_after_the_last() -> None:
    step = verify_totp_code(SECRET, code_at(NOW), NOW, None)
    later = NOW + dt.timedelta(seconds=30)
    assert verify_totp_code(SECRET, code_at(later), later, step) == step + 1


@pytest.mark.parametrize("code", ["", "12345", "1234567", "12345a", "١٢٣٤٥٦"])
def test_malformed_codes_are_refused(code: str) -> None:
    with pytest.raises(InvalidSecondFactorError):
        verify_totp_code(SECRET, code, NOW, None)


def test_spaces_in_a_typed_code_are_ignored() -> None:
    code = code_at(NOW)
    assert verify_totp_code(SECRET, f"{code[:3]} {code[3:]}", NOW, None) == time_step(NOW)


def test_secrets_are_160_bits_and_encrypted_for_one_account() -> None:
    secret = new_secret()
    assert len(secret) == 32  # base32: 160 bits
    key = bytes(32)
    sealed = encrypt_secret(key, secret, "account-a")
    assert secret.encode() not in sealed
    assert decrypt_secret(key, sealed, "account-a") == secret
    with pytest.raises(InvalidTag):
        decrypt_secret(key, sealed, "account-b")  # moved to another account: refused


def test_the_otpauth_uri_and_qr_code() -> None:
    uri = otpauth_uri(SECRET, "jiwoo@example.kr", "minwon")
    assert uri.startswith("otpauth://totp/minwon:jiwoo%40example.kr?secret=")
    assert "issuer=minwon" in uri
    assert qr_svg(uri).startswith("<svg")
