"""The citizen's portal: the conversation, sign-in with a second factor, my applications.

The pages are shells: the words come from :data:`PORTAL_TEXTS` (rendered into the page as a
JSON blob the scripts read), the data from the ``/v1`` API the scripts call.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Header, Query, Request
from fastapi.responses import HTMLResponse

from minwon.applications.status import ALLOWED
from minwon.dialogue.texts import say
from minwon.web.rendering import choose_lang, render_page
from minwon.web.texts import PORTAL_TEXTS

__all__ = ["router", "script_texts"]

router = APIRouter(include_in_schema=False)
LangQuery = Annotated[str | None, Query()]
AcceptLanguage = Annotated[str | None, Header()]


def script_texts(lang: str) -> dict[str, Any]:
    """Everything the page scripts may show, in ``lang`` (statuses in the dialogue's words)."""
    statuses = {status: say(f"status_label.{status}", lang) for status in ALLOWED}
    return {**PORTAL_TEXTS[lang], "lang": lang, "statuses": statuses}


def _shell(request: Request, template: str, lang: str | None, accept: str | None) -> HTMLResponse:
    chosen = choose_lang(lang, accept)
    catalog = request.app.state.catalog
    context = {"script_texts": script_texts(chosen), "version": catalog.fingerprint}
    return render_page(request, template, chosen, context)


@router.get("/chat", response_class=HTMLResponse)
def chat_page(
    request: Request, lang: LangQuery = None, accept_language: AcceptLanguage = None
) -> HTMLResponse:
    """The conversation: messages, the question being asked, the services in play."""
    return _shell(request, "chat.html", lang, accept_language)


@router.get("/signin", response_class=HTMLResponse)
def signin_page(
    request: Request, lang: LangQuery = None, accept_language: AcceptLanguage = None
) -> HTMLResponse:
    """Password, then the authenticator code (or a recovery code)."""
    return _shell(request, "signin.html", lang, accept_language)


@router.get("/signup", response_class=HTMLResponse)
def signup_page(
    request: Request, lang: LangQuery = None, accept_language: AcceptLanguage = None
) -> HTMLResponse:
    """A new account, its authenticator app and recovery codes, then the first step-up."""
    return _shell(request, "signup.html", lang, accept_language)


@router.get("/me/applications", response_class=HTMLResponse)
def applications_page(
    request: Request, lang: LangQuery = None, accept_language: AcceptLanguage = None
) -> HTMLResponse:
    """My applications: receipt number, status in words, deadline, history."""
    return _shell(request, "applications.html", lang, accept_language)
