"""The server-rendered pages of the authorization endpoint: the consent page and its messages.

Plain HTML without scripts, in Korean or English; every text comes from the message table.
Jinja2 escapes everything inserted, so a partner's name or a ``state`` cannot inject markup.
"""

from __future__ import annotations

from collections.abc import Sequence

from jinja2 import DictLoader, Environment

from minwon.api.messages import message
from minwon.partners import AuthorizationRequest

__all__ = ["consent_html", "message_html"]

_BASE = """<!doctype html>
<html lang="{{ lang }}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ title }} · minwon</title>
<style>
body { font-family: system-ui, sans-serif; max-width: 36rem; margin: 2rem auto;
       padding: 0 1rem; line-height: 1.6; color: #1b1b1b; }
li { margin: .6rem 0; }
.muted { color: #555; font-size: .95rem; }
.actions { display: flex; gap: 1rem; margin-top: 1.5rem; }
button { font-size: 1rem; padding: .6rem 1.6rem; border-radius: .4rem; }
</style>
</head>
<body><main>
<h1>{{ title }}</h1>
<p>{{ detail }}</p>
{% block body %}{% endblock %}
</main></body>
</html>
"""

_CONSENT = """{% extends "base" %}{% block body %}<ul>
{% for title, detail in scopes %}<li><strong>{{ title }}</strong><br>{{ detail }}</li>
{% endfor %}</ul>
<h2>{{ limits[0] }}</h2>
<p>{{ limits[1] }}</p>
<p class="muted">{{ account[0] }}<br>{{ account[1] }}</p>
<form method="post" action="/oauth/authorize">
{% for name, value in fields %}<input type="hidden" name="{{ name }}" value="{{ value }}">
{% endfor %}<div class="actions">
<button type="submit" name="decision" value="allow">{{ buttons[0] }}</button>
<button type="submit" name="decision" value="deny">{{ buttons[1] }}</button>
</div>
</form>
{% endblock %}"""

_MESSAGE = """{% extends "base" %}{% block body %}{% if links %}<p>
{% for label, href in links %}<a href="{{ href }}">{{ label }}</a>{{ " · " if not loop.last }}
{% endfor %}</p>{% endif %}{% endblock %}"""

_ENV = Environment(
    loader=DictLoader({"base": _BASE, "consent": _CONSENT, "message": _MESSAGE}),
    autoescape=True,
    auto_reload=False,
)


def consent_html(lang: str, request: AuthorizationRequest, account: str, csrf_token: str) -> str:
    """The consent page: who asks, for what in plain words, what it cannot do, allow or deny.

    The form carries the request back (it is checked again on submission, never trusted)
    and the session's CSRF token.
    """
    partner = request.client.name(lang)
    fields = [
        ("response_type", "code"),
        ("client_id", request.client.client_id),
        ("redirect_uri", request.redirect_uri),
        ("scope", " ".join(sorted(request.scopes))),
        ("code_challenge", request.code_challenge),
        ("code_challenge_method", "S256"),
        ("lang", lang),
        ("csrf_token", csrf_token),
    ]
    if request.state is not None:
        fields.append(("state", request.state))
    title, detail = _message("oauth-consent", lang, partner=partner)
    return _ENV.get_template("consent").render(
        lang=lang,
        title=title,
        detail=detail,
        scopes=[message(f"scope:{scope}", lang) for scope in sorted(request.scopes)],
        limits=message("oauth-consent-limits", lang),
        account=_message("oauth-consent-account", lang, account=account),
        buttons=message("oauth-consent-buttons", lang),
        fields=fields,
    )


def message_html(lang: str, code: str, links: Sequence[tuple[str, str]] = (), **params: str) -> str:
    """A page that only says something (sign in first, invalid request...), with links."""
    title, detail = _message(code, lang, **params)
    return _ENV.get_template("message").render(
        lang=lang, title=title, detail=detail, links=list(links)
    )


def _message(code: str, lang: str, **params: str) -> tuple[str, str]:
    # The shared table fills in details only; page titles here name the partner or account.
    title, detail = message(code, lang, **params)
    return title.format(**params), detail
