"""Keys come from settings; production refuses to run without real ones."""

from __future__ import annotations

import base64
from dataclasses import dataclass

import pytest
from pydantic import SecretStr

from minwon.crypto import (
    DEV_KEY_ID,
    FieldCipher,
    KeyRing,
    KeyRingError,
    generate_key,
    load_blind_index_key,
    load_keyring,
)

K1 = base64.b64encode(bytes(range(32))).decode()
K2 = base64.urlsafe_b64encode(bytes(range(200, 232))).decode().rstrip("=")


def test_a_key_ring_is_read_from_the_environment_value() -> None:
    ring = load_keyring(f"k2:{K2}, k1:{K1}", "k2", environment="production")
    assert ring.primary_id == "k2"
    assert ring.key_ids == ("k2", "k1")
    assert ring.key("k1") == bytes(range(32))


def test_the_key_ring_never_shows_its_keys() -> None:
    ring = load_keyring(f"k2:{K2},k1:{K1}", "k2", environment="production")
    assert repr(ring) == "KeyRing(primary_id='k2', key_ids=('k2', 'k1'))"


def test_development_runs_without_configured_keys_and_keeps_its_data() -> None:
    first = FieldCipher(load_keyring(None, None, environment="development"))
    token = first.encrypt("9001011234567", context="person:1:field:rrn")
    after_restart = FieldCipher(load_keyring("", None, environment="test"))
    assert after_restart.decrypt(token, context="person:1:field:rrn") == "9001011234567"
    assert after_restart.keyring.primary_id == DEV_KEY_ID


@pytest.mark.parametrize("value", [None, "", "   "])
def test_production_refuses_to_start_without_keys(value: str | None) -> None:
    with pytest.raises(KeyRingError, match="MINWON_ENCRYPTION_KEYS"):
        load_keyring(value, None, environment="production")


def test_production_refuses_the_public_development_key() -> None:
    dev_ring = load_keyring(None, None, environment="development")
    dev_key = base64.b64encode(dev_ring.primary_key).decode()
    with pytest.raises(KeyRingError, match="development key"):
        load_keyring(f"k1:{dev_key}", None, environment="production")


def test_production_refuses_a_placeholder_key() -> None:
    zeros = base64.b64encode(bytes(32)).decode()
    with pytest.raises(KeyRingError, match="not random"):
        load_keyring(f"k1:{zeros}", None, environment="production")


@pytest.mark.parametrize(
    ("value", "primary", "complaint"),
    [
        ("k1:not base64 at all!!", None, "not valid base64"),
        (f"k1:{base64.b64encode(bytes(16)).decode()}", None, "32 bytes"),
        (f"k1:{K1},k2:{K2}", None, "MINWON_ENCRYPTION_PRIMARY"),
        (f"k1:{K1}", "k3", "not in the key ring"),
        (f"k1:{K1},k1:{K2}", "k1", "twice"),
        (K1, None, "id:base64"),
        (f"k.1:{K1}", None, "key ids"),
    ],
)
def test_a_malformed_key_setting_is_explained_without_echoing_keys(
    value: str, primary: str | None, complaint: str
) -> None:
    with pytest.raises(KeyRingError, match=complaint) as caught:
        load_keyring(value, primary, environment="production")
    assert K1 not in str(caught.value)
    assert K2 not in str(caught.value)


def test_a_single_key_is_primary_without_saying_so() -> None:
    assert load_keyring(f"k1:{K1}", None, environment="production").primary_id == "k1"


def test_a_generated_key_is_accepted_in_production() -> None:
    ring = load_keyring(f"k1:{generate_key()}", "k1", environment="production")
    assert len(ring.primary_key) == 32


@dataclass(frozen=True)
class _Settings:
    environment: str
    encryption_keys: SecretStr | None
    encryption_primary: str | None


def test_the_key_ring_is_built_from_settings() -> None:
    settings = _Settings("production", SecretStr(f"k2:{K2},k1:{K1}"), "k2")
    assert KeyRing.from_settings(settings).key_ids == ("k2", "k1")
    with pytest.raises(KeyRingError):
        KeyRing.from_settings(_Settings("production", None, None))


def test_the_blind_index_key_is_required_in_production() -> None:
    assert len(load_blind_index_key(None, environment="development")) == 32
    assert load_blind_index_key(K1, environment="production") == bytes(range(32))
    with pytest.raises(KeyRingError, match="MINWON_BLIND_INDEX_KEY"):
        load_blind_index_key(None, environment="production")
    dev = base64.b64encode(load_blind_index_key(None, environment="test")).decode()
    with pytest.raises(KeyRingError, match="development"):
        load_blind_index_key(dev, environment="production")
