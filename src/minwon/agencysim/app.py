"""The simulator's HTTP app: the agencies' delivery endpoint, stats and a control endpoint."""

from __future__ import annotations

import asyncio
import datetime as dt
import random
import threading
from dataclasses import dataclass, field
from typing import Any

import httpx
from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field
from standardwebhooks.webhooks import Webhook, WebhookVerificationError

from minwon.agencysim.state import Delivery, SimState
from minwon.dispatch.endpoints import development_secret
from minwon.dispatch.sender import encode_body, signed_headers

__all__ = ["SimConfig", "SimState", "create_sim_app"]


@dataclass
class SimConfig:
    """How the simulated agencies behave; changed at run time through ``POST /control``."""

    down: bool = False
    fail_rate: float = 0.0
    latency_ms: int = 0
    poison: set[str] = field(default_factory=set)  # application ids always answered 500
    reject: set[str] = field(default_factory=set)  # application ids answered 422
    callback_url: str | None = None  # the gateway: status callbacks go to /v1/agencies/…
    callback_status: str = "received"


class Control(BaseModel):
    down: bool | None = None
    fail_rate: float | None = Field(default=None, ge=0, le=1)
    latency_ms: int | None = Field(default=None, ge=0, le=60_000)
    poison: list[str] | None = None
    reject: list[str] | None = None
    callback_url: str | None = None


def _delivery(code: str, webhook_id: str, document: dict[str, Any]) -> Delivery:
    raw = document.get("data")
    data: dict[str, Any] = raw if isinstance(raw, dict) else {}
    return Delivery(
        webhook_id=webhook_id,
        agency=code,
        topic=str(document.get("type")),
        application_id=data.get("application_id"),
        receipt_no=data.get("receipt_no"),
    )


def create_sim_app(config: SimConfig | None = None, state: SimState | None = None) -> FastAPI:
    """The simulator; ``config`` and ``state`` are kept on ``app.state`` for tests to read."""
    app = FastAPI(title="minwon agency simulator")
    app.state.config = config or SimConfig()
    app.state.sim = state or SimState()

    @app.post("/agencies/{code}/events")
    async def receive(code: str, request: Request) -> JSONResponse:
        cfg: SimConfig = app.state.config
        sim: SimState = app.state.sim
        if cfg.latency_ms:
            await asyncio.sleep(cfg.latency_ms / 1000)
        if cfg.down:
            sim.count("refused_while_down")
            return JSONResponse({"error": "down"}, status_code=503)
        body = await request.body()
        try:
            document = Webhook(development_secret(code)).verify(body, dict(request.headers))
        except WebhookVerificationError:
            sim.count("bad_signatures")
            return JSONResponse({"error": "bad signature"}, status_code=401)
        delivery = _delivery(code, request.headers["webhook-id"], document)
        if delivery.application_id in cfg.reject:
            return JSONResponse({"error": "incomplete application"}, status_code=422)
        if delivery.application_id in cfg.poison or random.random() < cfg.fail_rate:  # noqa: S311
            sim.count("failed_on_purpose")
            return JSONResponse({"error": "agency failure"}, status_code=500)
        if sim.accept(delivery) and cfg.callback_url and delivery.topic == "application.submitted":
            _call_back_later(cfg, sim, delivery)
        return JSONResponse({"accepted": delivery.webhook_id})

    @app.get("/stats")
    def stats() -> dict[str, Any]:
        return dict(app.state.sim.stats())

    @app.get("/deliveries")
    def deliveries() -> list[dict[str, Any]]:
        return list(app.state.sim.receipts())

    @app.post("/control")
    def control(change: Control) -> dict[str, Any]:
        cfg: SimConfig = app.state.config
        for name, value in change.model_dump(exclude_none=True).items():
            setattr(cfg, name, set(value) if name in ("poison", "reject") else value)
        return {"down": cfg.down, "fail_rate": cfg.fail_rate, "latency_ms": cfg.latency_ms}

    return app


def _call_back_later(cfg: SimConfig, sim: SimState, delivery: Delivery) -> None:
    # The agency's system takes the application in: a signed status callback to the gateway.
    def post() -> None:
        body = encode_body(
            "application.status_changed",
            {"application_id": delivery.application_id, "status": cfg.callback_status},
            dt.datetime.now(dt.UTC),
        )
        headers = signed_headers(
            development_secret(delivery.agency),
            f"cb_{delivery.webhook_id}",
            body,
            dt.datetime.now(dt.UTC),
        )
        url = f"{cfg.callback_url}/v1/agencies/{delivery.agency}/events"
        try:
            response = httpx.post(url, content=body, headers=headers, timeout=5)
            sim.count("callbacks_sent" if response.status_code < 300 else "callbacks_failed")
        except httpx.HTTPError:
            sim.count("callbacks_failed")

    threading.Timer(0.2, post).start()
