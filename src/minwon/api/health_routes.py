"""Liveness and readiness, for the operators and the load balancer.

``/healthz`` runs on the event loop and touches nothing else: it answers while the database
is down or hung and while every worker thread is busy. ``/readyz`` asks the database from a
thread of its own and answers within a second whatever the database does.
"""

from __future__ import annotations

import asyncio
import threading
from concurrent.futures import Future, ThreadPoolExecutor

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse
from sqlalchemy import Engine, text

__all__ = ["READY_TIMEOUT_SECONDS", "router"]

router = APIRouter(tags=["operations"])
READY_TIMEOUT_SECONDS = 0.8  # answer within a second, whatever the database does
# One probe thread for the process: a hung database holds at most this thread, and a probe
# still running is awaited again rather than started twice.
_probe_pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="minwon-readyz")
_probe_lock = threading.Lock()
_probes: dict[int, Future[None]] = {}


@router.get("/healthz", summary="The process is alive")
async def healthz() -> dict[str, str]:
    return {"status": "ok"}


def _ask(engine: Engine) -> None:
    with engine.connect() as connection:
        connection.execute(text("SELECT 1"))


def _probe(engine: Engine) -> Future[None]:
    with _probe_lock:
        running = _probes.get(id(engine))
        if running is None or running.done():
            running = _probe_pool.submit(_ask, engine)
            _probes[id(engine)] = running
        return running


@router.get("/readyz", summary="The database answers and the catalog is loaded")
async def readyz(request: Request) -> JSONResponse:
    catalog = request.app.state.catalog
    probe = asyncio.wrap_future(_probe(request.app.state.engine))
    try:
        await asyncio.wait_for(asyncio.shield(probe), READY_TIMEOUT_SECONDS)
    except TimeoutError:
        return _unavailable("timeout")
    except Exception:  # any database failure means "not ready", never a 500
        return _unavailable("down")
    return JSONResponse(
        {
            "status": "ok",
            "catalog_version": catalog.fingerprint,
            "services": len(catalog.services),
            "bundles": len(catalog.bundles),
        }
    )


def _unavailable(reason: str) -> JSONResponse:
    return JSONResponse(
        {"status": "unavailable", "database": reason},
        status_code=503,
        headers={"Retry-After": "2", "Cache-Control": "no-store"},
    )
