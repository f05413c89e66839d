"""How every page is rendered: one Jinja2 environment, the page texts, security headers."""

from __future__ import annotations

from importlib import resources
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from fastapi import Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates

from minwon.api.i18n import SUPPORTED, Lang, negotiate_language
from minwon.web.texts import PORTAL_TEXTS, TEXTS

__all__ = ["SECURITY_HEADERS", "STATIC_DIR", "choose_lang", "render_page"]

WEB_DIR = Path(str(resources.files("minwon.web")))
STATIC_DIR = WEB_DIR / "static"
templates = Jinja2Templates(directory=str(WEB_DIR / "templates"))

# Scripts and styles only from files on this origin: an injected <script> never runs. Images may
# be data: URIs because the authenticator QR code arrives as SVG and is shown through <img>,
# where SVG cannot run script either.
CONTENT_SECURITY_POLICY = "; ".join(
    (
        "default-src 'self'",
        "img-src 'self' data:",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    )
)
SECURITY_HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
}


def choose_lang(lang: str | None, accept_language: str | None) -> Lang:
    """The page language: a supported ``?lang=`` first, then ``Accept-Language``, then Korean."""
    return negotiate_language(lang if lang in SUPPORTED else None, accept_language)


def render_page(
    request: Request, template: str, lang: Lang, context: dict[str, Any] | None = None
) -> HTMLResponse:
    """The page in ``lang`` with both text tables (``t``: catalog, ``p``: portal)."""
    full = {
        "lang": lang,
        "t": TEXTS[lang],
        "p": PORTAL_TEXTS[lang],
        "switch_href": _same_page(request, lang="en" if lang == "ko" else "ko"),
        "here": request.url.path,
        **(context or {}),
    }
    headers = {"Content-Language": lang, **SECURITY_HEADERS}
    return templates.TemplateResponse(request, template, full, headers=headers)


def _same_page(request: Request, **changes: str) -> str:
    """This page's path and query with some parameters changed (e.g. the other language)."""
    query = {**request.query_params, **changes}
    return f"{request.url.path}?{urlencode(query)}"
