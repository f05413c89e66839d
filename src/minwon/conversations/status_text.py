"""The answer to "내 전입신고 어떻게 됐어요?": statuses from the applications, in words."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from minwon.applications.models import Application
from minwon.dialogue import DialogueEngine, Turn
from minwon.dialogue.texts import say

__all__ = ["status_reply"]


def status_reply(
    engine: DialogueEngine,
    turn: Turn,
    applications: Sequence[Application] | None,
    today: dt.date,
    *,
    acting_for_someone: bool = False,
) -> Turn:
    """Replace the turn's reply with the statuses (of the service asked about, if one was named).

    ``acting_for_someone``: the asker holds a delegation and acts under it, so "우리 엄마 신청"
    is the represented person's list, which ``applications`` already is. The returned turn keeps
    the action and whom it was about, so channels know a status was answered.
    """
    answered = _answer(engine, turn, applications, today, acting_for_someone)
    answered.reply.kind = "status"
    return answered.model_copy(
        update={"action": "status", "action_target": turn.action_target, "about": turn.about}
    )


def _answer(
    engine: DialogueEngine,
    turn: Turn,
    applications: Sequence[Application] | None,
    today: dt.date,
    acting_for_someone: bool,
) -> Turn:
    state = turn.state
    lang = state.lang
    if turn.about is not None and not acting_for_someone:
        # Another person's applications are theirs: without a delegation, never the asker's own
        # list as if it were theirs, but how the person can let the asker see them.
        who = say(f"relation.{turn.about}", lang)
        return engine.prompt(state, today, prefix=say("status_of_someone_else", lang, who=who))
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
