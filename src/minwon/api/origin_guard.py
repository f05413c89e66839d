"""Cross-site request forgery for the requests that come *before* a session exists.

Once signed in, every state change needs the session's ``X-CSRF-Token``. Signing in, signing
up and completing an account reset have no session yet, so a page on another site could
otherwise post the attacker's credentials and sign the victim's browser into the attacker's
account (login CSRF): whatever the victim then files or types would land in that account.

No pre-session token is needed to stop it. A cross-site page can send only "simple"
requests without a CORS preflight (which this API never grants): form encodings,
``text/plain``, or a body with no ``Content-Type`` at all, which FastAPI would still parse as
JSON. So these endpoints accept ``application/json`` only, and additionally refuse what the
browser itself labels cross-site (``Sec-Fetch-Site``) or from another origin (``Origin``).
Clients that are not browsers send neither header and are unaffected.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from fastapi import Request

from minwon.api.auth_deps import IdentityRuntimeDep
from minwon.api.problems import ProblemError

__all__ = ["require_same_origin_json"]

# "none" is a navigation the person started themselves (typed address, bookmark).
SAME_SITE_FETCHES = frozenset({"same-origin", "none"})


def _is_own_origin(origin: str, request: Request, configured: str) -> bool:
    # The site's configured origin, or the host this request was sent to: a browser sets both
    # Origin and Host itself, so a page elsewhere cannot make them agree. The scheme is not
    # compared because a TLS-terminating proxy may forward plain http.
    return origin == configured or urlsplit(origin).netloc == request.headers.get("host")


def require_same_origin_json(request: Request, runtime: IdentityRuntimeDep) -> None:
    """Raise a 403 ``cross-site-request`` problem for anything a cross-site page could send."""
    media_type = request.headers.get("content-type", "").split(";", 1)[0].strip().lower()
    fetch_site = request.headers.get("sec-fetch-site")
    origin = request.headers.get("origin")
    if (
        media_type != "application/json"
        or (fetch_site is not None and fetch_site not in SAME_SITE_FETCHES)
        or (origin is not None and not _is_own_origin(origin, request, runtime.config.origin))
    ):
        raise ProblemError(403, "cross-site-request")
