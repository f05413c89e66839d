"""Liveness and readiness, for the operators and the load balancer."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse
from sqlalchemy import text

__all__ = ["router"]

router = APIRouter(tags=["operations"])


@router.get("/healthz", summary="The process is alive")
def healthz() -> dict[str, str]:
    return {"status": "ok"}


@router.get("/readyz", summary="The database answers and the catalog is loaded")
def readyz(request: Request) -> JSONResponse:
    catalog = request.app.state.catalog
    try:
        with request.app.state.engine.connect() as connection:
            connection.execute(text("SELECT 1"))
    except Exception:  # any database failure means "not ready", never a 500
        return JSONResponse({"status": "unavailable", "database": "down"}, status_code=503)
    return JSONResponse(
        {
            "status": "ok",
            "catalog_version": catalog.fingerprint,
            "services": len(catalog.services),
            "bundles": len(catalog.bundles),
        }
    )
