"""Facts from what the person says: the request's date and place, choices named in passing,
and answers parsed for a field with the conversation's help."""

from __future__ import annotations

import datetime as dt
import functools
import re
from decimal import Decimal
from typing import Any

from minwon.catalog.answers import validate_answer
from minwon.catalog.fieldtypes import FieldValueError, ParseContext
from minwon.catalog.fieldtypes_address_en import is_romanised
from minwon.catalog.regions import load_region_table
from minwon.catalog.schema import FieldSpec
from minwon.dialogue.context import TurnContext
from minwon.dialogue.state import PendingRoute
from minwon.dialogue.texts import alternation, grammar, normalise
from minwon.nlu import RouteResult

__all__ = [
    "apply_event_date",
    "event_specs",
    "jsonable",
    "names_word",
    "parse_for",
    "prefill_choices",
    "remember_request",
    "states_a_year",
]


@functools.cache
def _year() -> re.Pattern[str]:
    """A year written in the text: "2025년", "25년", "2025-12-10", "'25", "작년", "last year"."""
    unit = re.escape(grammar("year_unit"))
    words = alternation(grammar("year_words"))
    return re.compile(
        rf"(?:\d{{4}}|\d{{2}})\s*{unit}|\b\d{{4}}\s*[-./]|\b(?:19|20)\d{{2}}\b|'\d{{2}}\b|{words}"
    )


def states_a_year(text: str) -> bool:
    """Whether ``text`` says which year it means (else a month and day had a year assumed)."""
    return bool(_year().search(text.lower()))


def remember_request(ctx: TurnContext, routed: RouteResult) -> None:
    """Keep what the request already said (the event date, the place) so it is not asked again.

    A month and day without a year that lands in an earlier year is kept only once the person
    confirms it ("작년 12월 10일 말씀이세요?"): a date a few days ahead is not silently moved to
    almost a year ago.
    """
    internal = ctx.state.internal
    date = routed.slots.date
    if date is not None:
        internal.said_date = date.isoformat()
        internal.said_date_approximate = routed.slots.approximate
    if routed.slots.region is not None:
        ctx.state.facts["region"] = routed.slots.region
    if routed.clarification is not None and (routed.services or routed.bundle):
        internal.pending_route = PendingRoute(services=routed.services[:1], bundle=routed.bundle)


def needs_year_confirmation(ctx: TurnContext, day: dt.date, text: str) -> bool:
    """A date whose year the person did not say and minwon placed in an earlier year."""
    return day.year < ctx.today.year and not states_a_year(text)


def event_specs(ctx: TurnContext, key: str = "event_date") -> list[FieldSpec]:
    """The fields of the services in play that a shared fact fills (the event date …)."""
    return [f for s in ctx.state.services for f in ctx.catalog.service(s).fields if f.shared == key]


def apply_event_date(ctx: TurnContext) -> None:
    """A date said in the request is the life event's date, if every field it fills accepts it.

    Only fields marked as the life event's date count: a lease's contract date is another day.
    A date the field's rules refuse ("다음 달 15일에 이사할 거예요" for a move-in date that
    must not be in the future) is not kept; the question is asked, and its rule explained. An
    estimate ("3주 전쯤") is never a fact: it serves the deadline warning, and the date is asked.
    """
    internal, facts = ctx.state.internal, ctx.state.facts
    said = internal.said_date
    if said is None or "event_date" in facts or internal.said_date_approximate:
        return
    if internal.pending_date is not None:
        return  # waiting for the person to confirm the year
    specs = event_specs(ctx)
    if not specs:
        return
    try:
        for spec in specs:
            validate_answer(spec, said, ParseContext(today=ctx.today))
    except FieldValueError:
        return
    facts["event_date"] = said
    if "event_date" not in internal.prefilled:
        internal.prefilled.append("event_date")
    ctx.changed()


def prefill_choices(ctx: TurnContext, text: str) -> list[str]:
    """Choices the request named in passing ("전세로 이사했어요", "딸이 태어났어요"): an enum
    field of the services in play whose one option's synonym stands in the text as a word.
    Returns the fact keys filled. A field named by more than one option is left to ask."""
    filled = []
    words = set(re.split(r"[\s,.!?~]+", normalise(text)))
    compact = normalise(text).replace(" ", "")
    for question in ctx.plan().questions:
        spec = question.spec
        if spec.type != "enum" or question.key in ctx.state.facts or not spec.prefill:
            continue
        hits = {o.value for o in spec.options for s in o.synonyms if _said(s, words, compact)}
        if len(hits) == 1:
            ctx.state.facts[question.key] = hits.pop()
            ctx.state.internal.prefilled.append(question.key)
            filled.append(question.key)
    if filled:
        ctx.changed()
    return filled


def _said(synonym: str, words: set[str], compact: str) -> bool:
    lowered = synonym.lower()
    if re.search(r"[a-z]", lowered):
        return lowered in words
    if " " in lowered:
        return lowered.replace(" ", "") in compact
    particles = grammar("particles")
    # Korean: the synonym as a word of its own, a particle after it ("전세로", "딸이").
    return any(w.startswith(lowered) and w[len(lowered) :] in particles for w in words)


def jsonable(value: Any) -> Any:
    """A parsed answer as JSON: dates as ISO text, decimals as strings, tuples as lists."""
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, tuple):
        return list(value)
    return value


def parse_for(ctx: TurnContext, spec: FieldSpec, text: str) -> Any:
    """Parse an answer for ``spec``, helped by what the conversation knows (dates, the region)."""
    parse_ctx = ParseContext(today=ctx.today)
    try:
        return jsonable(validate_answer(spec, text, parse_ctx))
    except FieldValueError:
        fallback = _fallback(ctx, spec, text)
        if fallback is None:
            raise
        # The understood value's own error ("no future dates") says more than the format hint.
        return jsonable(validate_answer(spec, fallback, parse_ctx))


def _fallback(ctx: TurnContext, spec: FieldSpec, text: str) -> Any:
    if spec.type == "date":
        return ctx.router.extract_slots(text, today=ctx.today).date  # "지난주 금요일", "3 days ago"
    region = ctx.state.facts.get("region")
    if spec.type == "road_address" and spec.shared == "new_address" and isinstance(region, str):
        table = load_region_table()
        try:
            if is_romanised(text):  # "212 World Cup buk-ro" + ", Mapo-gu, Seoul"
                return f"{text}, {table.english_name(region)}"
            return f"{table.sigungu(region).full_name} {text}"
        except KeyError:
            return None
    return None


def names_word(synonym: str, text: str) -> bool:
    """Whether ``text`` says ``synonym`` as a word (a Korean particle may follow it)."""
    clean = normalise(text)
    words = set(re.split(r"[\s,.!?~]+", clean))
    return _said(synonym, words, clean.replace(" ", ""))
