"""What comes next once a message has been dealt with: the member list, the next question, the
summary, or whatever the conversation was waiting for. Shared by every phase handler."""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import re
from typing import Any

from minwon.catalog.eligibility import evaluate_rules
from minwon.catalog.fieldtypes import FIELD_TYPES
from minwon.catalog.regions import load_region_table
from minwon.catalog.schema import FieldSpec
from minwon.dialogue.context import TurnContext, join
from minwon.dialogue.describe import deadline_sentence, format_date
from minwon.dialogue.plan import Question, service_facts
from minwon.dialogue.schemas import Citation, FormField, QuickReply, SummaryItem, Turn
from minwon.dialogue.texts import alternation, grammar, say

__all__ = [
    "ask",
    "ask_year_confirmation",
    "carry_on",
    "confirm",
    "deadline_lines",
    "display",
    "form_field",
    "members_question",
    "prompt",
]


def prompt(ctx: TurnContext, prefix: str = "") -> Turn:
    """Whatever the conversation is waiting for, again (after a restart, a side answer …)."""
    state = ctx.state
    if state.internal.pending_date is not None:
        pending = state.internal.pending_date
        return ask_year_confirmation(ctx, pending.value, prefix)
    if state.phase == "collecting":
        return carry_on(ctx, prefix)
    if state.phase == "confirming":
        return confirm(ctx, prefix)
    if state.phase == "proposed":
        text = join(prefix, say("proceed_question", ctx.lang))
        return ctx.reply(text, kind="proposal", quick=ctx.yes_no())
    if state.phase == "members":
        return members_question(ctx, prefix)
    if state.phase == "clarifying":
        quick = [QuickReply(label=c["label"], value=c["label"]) for c in state.candidates]
        return ctx.reply(
            join(prefix, say("clarify_again", ctx.lang)), kind="clarification", quick=quick
        )
    return ctx.reply(join(prefix, say("greeting", ctx.lang)), kind="greeting")


def ask_year_confirmation(ctx: TurnContext, iso: str, prefix: str = "") -> Turn:
    """ "작년 12월 10일 말씀이세요?": a year-less date minwon placed in an earlier year."""
    day = iso_date(iso)
    years_back = ctx.today.year - day.year
    key = "confirm_last_year" if years_back == 1 else "confirm_year"
    text = say(key, ctx.lang, year=day.year, month=day.month, day=day.day)
    return ctx.reply(join(prefix, text), kind="question", quick=ctx.yes_no())


def carry_on(ctx: TurnContext, prefix: str = "") -> Turn:
    """The next step: the bundle's members once its own facts are known, the next missing fact,
    or the summary when nothing is missing (so an answer changed from the summary comes back to
    it, after any question the change made necessary)."""
    state = ctx.state
    if state.bundle and "members" not in state.announced and _bundle_fields_done(ctx):
        state.announced.append("members")
        state.phase = "members"
        return members_question(ctx, prefix)
    prefix = join(prefix, *_eligibility_notices(ctx))
    question = ctx.plan().next(state)
    if question is None:
        return confirm(ctx, prefix)
    return ask(ctx, question, prefix)


def ask(ctx: TurnContext, question: Question, prefix: str = "") -> Turn:
    """Ask for one fact, with the form field a portal renders for it."""
    ctx.state.phase = "collecting"
    ctx.state.asked = question.key
    field = form_field(ctx, question)
    text = join(prefix, _question_text(ctx, question))
    return ctx.reply(text, kind="question", quick=field.options, form=[field])


def _bundle_fields_done(ctx: TurnContext) -> bool:
    bundle = ctx.catalog.bundles.get(ctx.state.bundle or "")
    if bundle is None:
        return True
    state = ctx.state
    pending = [q for q in ctx.plan().questions if q.owners == (bundle.id,) or q.key == "event_date"]
    return all(q.key in state.facts or q.key in state.skipped for q in pending)


@functools.cache
def _example() -> re.Pattern[str]:
    """ "(예: 서울특별시 마포구 …)" / "(e.g. 212 World Cup buk-ro …)" inside a question."""
    return re.compile(rf"\((?:{alternation(grammar('example_markers'))})[:\s]\s*([^)]*)\)")


def form_field(ctx: TurnContext, question: Question) -> FormField:
    """The question as a form field: its options, whether it is required, an example answer."""
    spec, lang = question.spec, ctx.lang
    options = [QuickReply(label=o.label.get(lang), value=o.value) for o in spec.options]
    if spec.type == "boolean":
        options = [
            QuickReply(label=say("quick.yes", lang), value="yes"),
            QuickReply(label=say("quick.no", lang), value="no"),
        ]
    example = _example().search(spec.question.get(lang))
    return FormField(
        key=question.key,
        label=spec.label.get(lang),
        question=spec.question.get(lang),
        type=spec.type,
        required=spec.required or spec.required_when is not None,
        options=options,
        example=example[1].strip() if example and spec.type not in ("enum", "boolean") else None,
    )


def _question_text(ctx: TurnContext, question: Question) -> str:
    spec, state = question.spec, ctx.state
    text = spec.question.get(ctx.lang)
    region = state.facts.get("region")
    if spec.type == "road_address" and spec.shared == "new_address" and isinstance(region, str):
        with contextlib.suppress(KeyError):  # a stale code is simply not shown
            table = load_region_table()
            name = table.sigungu(region).full_name
            text += f" ({name})" if ctx.lang == "ko" else f" ({table.english_name(region)})"
    if not (spec.required or spec.required_when is not None):
        text += " " + say("ask_prefix_optional", ctx.lang)
    return text


def _eligibility_notices(ctx: TurnContext) -> list[str]:
    state, notices = ctx.state, []
    for service_id in state.in_play():
        service = ctx.catalog.service(service_id)
        facts = service_facts(ctx.catalog, state, service_id)
        for result in evaluate_rules(service.eligibility, facts, ctx.today):
            status = result.verdict.status
            marker = f"eligibility:{service_id}:{result.rule.id}:{status}"
            if status not in ("not_met", "not_yet") or marker in state.announced:
                continue
            state.announced.append(marker)
            name, why = service.name.get(ctx.lang), result.rule.when_not_met.get(ctx.lang)
            opens = result.verdict.opens_on
            if status == "not_yet" and opens:
                notices.append(
                    say("eligibility_not_yet", ctx.lang, name=name, why=why, date=opens.isoformat())
                )
            else:
                notices.append(say("eligibility_not_met", ctx.lang, name=name, why=why))
    return notices


# --- members -------------------------------------------------------------------------------


def members_question(ctx: TurnContext, prefix: str = "") -> Turn:
    """Which bundle members apply; the person may leave any out. One member left needs no
    question: "전입신고만 하시면 돼요", and the questions start."""
    state, lang = ctx.state, ctx.lang
    active = list(ctx.plan().active)
    names = [ctx.catalog.service(s).name.get(lang) for s in active]
    if not names:
        return ctx.reply(join(prefix, say("nothing_to_file", lang)), kind="members")
    if len(names) == 1:
        state.phase = "collecting"
        return carry_on(ctx, join(prefix, say("only_member", lang, name=names[0])))
    state.phase = "members"
    text = join(prefix, say("members_question", lang, members=", ".join(names)))
    label = say("quick.all_members", lang)
    return ctx.reply(text, kind="members", quick=[QuickReply(label=label, value=label)])


# --- the summary ---------------------------------------------------------------------------


def display(spec: FieldSpec, value: Any, lang: str) -> str:
    """An answer as the person sees it on the summary; sensitive values masked."""
    field_type = FIELD_TYPES.get(spec.type)
    if field_type is not None and field_type.sensitive and isinstance(value, str):
        return value[:8] + "*" * max(0, len(value) - 8)  # 900101-1****** : never echo the rest
    if isinstance(value, dict):
        return str(value.get("text") or value.get("account_number") or value)
    if isinstance(value, bool):
        return say("quick.yes" if value else "quick.no", lang)
    if spec.type == "money" and isinstance(value, int):
        return say("won", lang, n=f"{value:,}")
    if spec.type == "enum":
        option = next((o for o in spec.options if o.value == value), None)
        return option.label.get(lang) if option else str(value)
    return _display_place_or_date(spec.type, value, lang)


def _display_place_or_date(kind: str, value: Any, lang: str) -> str:
    """Codes as names ("1144012000" → "서울특별시 마포구 서교동"), lots and dates as written."""
    table = load_region_table()
    with contextlib.suppress(KeyError, TypeError, ValueError):
        if kind == "legal_dong" and isinstance(value, str):
            return table.legal_dong(value)
        if kind == "sigungu" and isinstance(value, str):
            return table.sigungu(value).full_name if lang == "ko" else table.english_name(value)
        if kind == "lot_number" and isinstance(value, list | tuple):
            main, sub, mountain = value
            number = f"{main}-{sub}" if sub else str(main)
            return say("lot_mountain", lang, number=number) if mountain else number
        if kind == "date" and isinstance(value, str):
            return format_date(dt.date.fromisoformat(value), lang)
    return str(value)


def summary_items(ctx: TurnContext) -> list[SummaryItem]:
    """Every answer given, in the order asked, as the summary shows it."""
    items = []
    for question in ctx.plan().questions:
        if question.key in ctx.state.facts:
            shown = display(question.spec, ctx.state.facts[question.key], ctx.lang)
            items.append(
                SummaryItem(key=question.key, label=question.spec.label.get(ctx.lang), value=shown)
            )
    return items


def confirm(ctx: TurnContext, prefix: str = "") -> Turn:
    """Show everything entered and ask whether to submit."""
    state, lang = ctx.state, ctx.lang
    state.phase = "confirming"
    state.asked = None
    items = summary_items(ctx)
    lines = [say("summary_intro", lang), *(f"- {i.label}: {i.value}" for i in items)]
    lines.append(say("confirm_question", lang))
    quick = [
        QuickReply(label=say(f"quick.{k}", lang), value=say(f"quick.{k}", lang))
        for k in ("submit", "back", "cancel")
    ]
    return ctx.reply(join(prefix, *lines), kind="summary", quick=quick, summary=items)


def iso_date(value: str) -> dt.date:
    """A date from its ISO text."""
    return dt.date.fromisoformat(value[:10])


def deadline_lines(ctx: TurnContext) -> tuple[list[str], list[Citation]]:
    """The deadline of every service in play that has one, with the law behind it. A bundle
    member whose rule is not yet known gets its deadline once it is."""
    lines: list[str] = []
    cites: list[Citation] = []
    status = ctx.plan().status
    for service_id in ctx.state.in_play():
        if status.get(service_id, "in") != "in":
            continue
        if ctx.catalog.service(service_id).deadline.kind == "none":
            continue
        line, more = deadline_sentence(ctx.catalog, ctx.state, service_id, ctx.today)
        lines.append(line)
        cites.extend(more)
    return lines, cites
