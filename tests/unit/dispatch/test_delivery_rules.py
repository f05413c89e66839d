"""Retry, circuit and signing rules of delivery to agencies, without sockets or databases."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import httpx
import pytest
from standardwebhooks.webhooks import Webhook, WebhookVerificationError

from minwon.catalog import Catalog, CatalogError, load_catalog
from minwon.dispatch import AgencyDirectory, AgencyKeyError, RelayConfig
from minwon.dispatch.circuit import CircuitBoard
from minwon.dispatch.endpoints import development_secret
from minwon.dispatch.relay import backoff_delay
from minwon.dispatch.sender import classify, encode_body, signed_headers


class Ticks:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_backoff_grows_exponentially_with_full_jitter_up_to_a_cap() -> None:
    config = RelayConfig(base_delay=2, max_delay=60)
    ceilings = [backoff_delay(n, config, lambda: 1.0) for n in range(1, 8)]
    assert ceilings == [2, 4, 8, 16, 32, 60, 60]
    assert backoff_delay(3, config, lambda: 0.25) == 2.0  # a random share of the ceiling


def test_a_circuit_opens_after_consecutive_failures_probes_once_then_closes() -> None:
    ticks = Ticks()
    board = CircuitBoard(threshold=3, cooldown=30, monotonic=ticks)
    for _ in range(2):
        assert board.failed("nhis") == "closed"
    assert board.failed("nhis") == "open"
    assert board.allow("nhis") == (False, False)
    assert board.unavailable() == ["nhis"]
    assert board.allow("tax-office") == (True, False)  # one agency's trouble is its own
    ticks.now = 30
    assert board.allow("nhis") == (True, True)  # the one probe
    assert board.allow("nhis") == (False, False)
    assert board.failed("nhis") == "open"  # the probe failed: open again, a new cool-down
    ticks.now = 61
    assert board.allow("nhis") == (True, True)
    assert board.succeeded("nhis") == "closed"
    assert board.allow("nhis") == (True, False)


def test_answers_are_classified_by_what_a_retry_would_do() -> None:
    request = httpx.Request("POST", "http://agency.invalid/events")
    assert classify(httpx.Response(204, request=request)).kind == "delivered"
    assert classify(httpx.Response(422, request=request)).kind == "rejected"
    assert classify(httpx.Response(409, request=request)).kind == "rejected"
    for code in (408, 429, 500, 502, 503):
        assert classify(httpx.Response(code, request=request)).kind == "failed"
    later = classify(httpx.Response(429, headers={"Retry-After": "7"}, request=request))
    assert later.retry_after == 7


def test_deliveries_carry_standard_webhooks_signatures_the_agency_can_check() -> None:
    at = dt.datetime.now(dt.UTC)
    body = encode_body("application.submitted", {"application_id": "a1"}, at)
    headers = signed_headers(development_secret("nhis"), "msg_1", body, at)
    assert Webhook(development_secret("nhis")).verify(body, headers)["data"] == {
        "application_id": "a1"
    }
    with pytest.raises(WebhookVerificationError):
        Webhook(development_secret("tax-office")).verify(body, headers)
    with pytest.raises(WebhookVerificationError):
        Webhook(development_secret("nhis")).verify(body + b" ", headers)


def test_agency_endpoints_come_from_the_catalog_and_keys_from_the_environment(
    catalog: Catalog,
) -> None:
    development = AgencyDirectory(catalog, "development")
    assert development.endpoint("nhis").url == "http://127.0.0.1:8700/agencies/nhis/events"
    moved = AgencyDirectory(catalog, "test", url_override="http://127.0.0.1:9999/")
    assert moved.endpoint("nhis").url == "http://127.0.0.1:9999/agencies/nhis/events"
    production = AgencyDirectory(catalog, "production", env={})
    with pytest.raises(AgencyKeyError, match="MINWON_AGENCY_KEY_NHIS"):
        production.endpoint("nhis")
    secret = "whsec_" + "A" * 43
    keyed = AgencyDirectory(catalog, "production", env={"MINWON_AGENCY_KEY_NHIS": secret})
    assert keyed.endpoint("nhis").secret == secret
    with pytest.raises(AgencyKeyError):
        development.endpoint("no-such-agency")


def test_a_broken_agencies_file_is_reported_with_its_line(
    tmp_path: Path, catalog_dir: Path
) -> None:
    import shutil

    broken = tmp_path / "catalog"
    shutil.copytree(catalog_dir, broken)
    path = broken / "agencies.yaml"
    original = path.read_text(encoding="utf-8")
    path.write_text(original.replace("  - code: tax-office\n", "  - code: Tax Office\n", 1))
    with pytest.raises(CatalogError) as raised:
        load_catalog(broken)
    line = original.splitlines().index("  - code: tax-office") + 1
    assert f"agencies.yaml:{line}: agencies.7.code" in str(raised.value)
    dev_key = "signing_key: env:MINWON_AGENCY_KEY_NHIS"
    path.write_text(original.replace(dev_key, "signing_key: dev", 1), encoding="utf-8")
    with pytest.raises(CatalogError) as raised:
        load_catalog(broken)
    assert "production must not use the development signing key" in str(raised.value)
    path.write_text(original.replace("  - code: nhis\n", "  - code: nhis-old\n", 1))
    with pytest.raises(CatalogError) as raised:
        load_catalog(broken)
    assert "agency 'nhis' is used by a service but has no entry" in str(raised.value)
