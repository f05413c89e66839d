"""`minwon serve` on SQLite delivers its own outbox and anchors its audit chain."""

from __future__ import annotations

import time
from pathlib import Path
from typing import TYPE_CHECKING

from fastapi import FastAPI
from tests.conftest import ServedApp

from minwon.cli.background import BackgroundWork
from minwon.clock import SystemClock
from minwon.config import Settings
from minwon.recovery.anchors import read_anchors

if TYPE_CHECKING:
    from tests.e2e.conftest import CitizenFactory, FileFor


def test_a_filing_reaches_the_agency_and_the_citizen_sees_it_delivered(
    app: FastAPI,
    make_citizen: CitizenFactory,
    file_for: FileFor,
    agency_sim: ServedApp,
    tmp_path: Path,
) -> None:
    citizen = make_citizen(stage="mfa")
    application_id = file_for(app, citizen, {"reporter_name": "김민원"})
    assert citizen.http.get("/v1/applications").json()[0]["delivery"] == "queued"
    gateway = app.state.gateway
    settings = Settings(
        database_url=gateway.settings.database_url,
        environment="test",
        agency_url_override=agency_sim.url,
        audit_anchor_path=tmp_path / "anchors.jsonl",
        audit_anchor_interval=0.2,
        relay_poll_interval=0.05,
    )
    work = BackgroundWork(settings, gateway.catalog, gateway.db, SystemClock())
    work.start()
    try:
        deadline = time.monotonic() + 20
        while citizen.http.get("/v1/applications").json()[0]["delivery"] != "delivered":
            assert time.monotonic() < deadline, "not delivered in time"
            time.sleep(0.1)
        while not (tmp_path / "anchors.jsonl").exists():
            assert time.monotonic() < deadline, "no anchor written"
            time.sleep(0.1)
    finally:
        work.close()
    assert all(not t.is_alive() for t in work.threads)  # stopped with the gateway
    delivered = agency_sim.app.state.sim.receipts()
    assert [d["application_id"] for d in delivered] == [application_id]
    anchors = [a for _, a in read_anchors(tmp_path / "anchors.jsonl")]
    assert anchors[-1]["seq"] >= 1
    assert any(e[1] == "application:submitted" for a in anchors for e in a["events"])
