"""The answer to "내 전입신고 어떻게 됐어요?": statuses from the applications, in words."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from minwon.applications.models import Application
from minwon.dialogue import DialogueEngine, Turn
from minwon.dialogue.texts import say

__all__ = ["status_reply"]


def status_reply(
    engine: DialogueEngine, turn: Turn, applications: Sequence[Application] | None, today: dt.date
) -> Turn:
    """Replace the turn's reply with the statuses (of the service asked about, if one was named)."""
    state = turn.state
    lang = state.lang
    if applications is None:
        return engine.prompt(state, today, prefix=say("status_needs_signin", lang))
    chosen = [a for a in applications if turn.action_target in (None, a.service_id)] or list(
        applications
    )
    if not chosen:
        return engine.prompt(state, today, prefix=say("status_none", lang))
    lines = [say("status_intro", lang)]
    for application in chosen[:10]:
        name = engine.catalog.service(application.service_id).name.get(lang)
        extra = (
            say("status_due", lang, date=application.status_due.isoformat())
            if application.status_due
            else ""
        )
        lines.append(
            say(
                "status_line",
                lang,
                name=name,
                receipt=application.receipt_no,
                status=say(f"status_label.{application.status}", lang),
                extra=extra,
            )
        )
    return engine.prompt(state, today, prefix="\n".join(lines))
