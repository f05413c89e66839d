"""Where an agency's deliveries go and which secret signs them, from the catalog's data."""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
from collections.abc import Mapping
from dataclasses import dataclass

from minwon.catalog import Catalog

__all__ = ["AgencyDirectory", "AgencyKeyError", "ResolvedEndpoint", "development_secret"]

# Development secrets are derived from this public string: refused in production.
DEV_SEED = b"minwon development agency signing key: not a secret"
DEVELOPMENT = frozenset({"development", "test"})


class AgencyKeyError(LookupError):
    """An agency has no endpoint here, or its signing key cannot be found."""


@dataclass(frozen=True, slots=True)
class ResolvedEndpoint:
    """One agency's delivery URL, its Standard Webhooks secret and the request timeout."""

    code: str
    url: str
    secret: str  # "whsec_<base64>"
    timeout: float


def development_secret(code: str) -> str:
    """The public development secret of an agency (the simulator derives the same one)."""
    digest = hmac.new(DEV_SEED, code.encode(), hashlib.sha256).digest()
    return "whsec_" + base64.b64encode(digest).decode()


def _resolve_secret(code: str, ref: str, environment: str, env: Mapping[str, str]) -> str:
    if ref == "dev":
        if environment not in DEVELOPMENT:
            raise AgencyKeyError(
                f"agency {code!r}: the development key is refused in {environment}"
            )
        return development_secret(code)
    name = ref.removeprefix("env:")
    value = env.get(name, "").strip()
    if not value.startswith("whsec_") or len(value) < 30:
        raise AgencyKeyError(f"agency {code!r}: {name} must hold a whsec_… secret")
    return value


class AgencyDirectory:
    """The catalog's agencies for one environment (and, in development, one URL override)."""

    def __init__(
        self,
        catalog: Catalog,
        environment: str,
        url_override: str | None = None,
        env: Mapping[str, str] | None = None,
    ) -> None:
        self._catalog = catalog
        self._environment = environment
        self._override = url_override.rstrip("/") if url_override else None
        self._env = os.environ if env is None else env

    def knows(self, code: str) -> bool:
        """Whether the catalog lists this agency."""
        return code in self._catalog.agencies

    def endpoint(self, code: str) -> ResolvedEndpoint:
        """The agency's endpoint here; :class:`AgencyKeyError` when it has none or no key."""
        entry = self._catalog.agencies.get(code)
        endpoint = entry.endpoint(self._environment) if entry else None
        if endpoint is None:
            raise AgencyKeyError(f"agency {code!r} has no endpoint for {self._environment}")
        secret = _resolve_secret(code, endpoint.signing_key, self._environment, self._env)
        url = f"{self._override}/agencies/{code}/events" if self._override else endpoint.url
        return ResolvedEndpoint(code, url, secret, endpoint.timeout_seconds)
