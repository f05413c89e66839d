"""The public HTTP API (``/v1``): FastAPI routers, problem+json errors, language negotiation."""

from minwon.api.app import create_app

__all__ = ["create_app"]
