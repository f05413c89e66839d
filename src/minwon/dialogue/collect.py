"""Collecting facts: asking, validating, correcting, skipping, going back, confirming."""

from __future__ import annotations

import contextlib
import datetime as dt
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from minwon.catalog import Catalog
from minwon.catalog.answers import validate_answer
from minwon.catalog.eligibility import evaluate_rules
from minwon.catalog.fieldtypes import FIELD_TYPES, FieldValueError, ParseContext
from minwon.catalog.regions import load_region_table
from minwon.catalog.schema import FieldSpec
from minwon.dialogue.plan import Question, included_members, next_question, questions, service_facts
from minwon.dialogue.schemas import FormField, QuickReply, Turn
from minwon.dialogue.side import side_topic
from minwon.dialogue.state import ConversationState
from minwon.dialogue.texts import is_exactly, matches, normalise, phrases, say
from minwon.nlu import RouteResult

if TYPE_CHECKING:
    from minwon.dialogue.engine import DialogueEngine

__all__ = [
    "apply_event_date",
    "ask_next",
    "confirm",
    "members_question",
    "on_collecting",
    "on_confirming",
    "on_members",
    "owner_of",
    "remember_slots",
]


# --- facts from the first message ---------------------------------------------------------


def remember_slots(catalog: Catalog, state: ConversationState, routed: RouteResult) -> None:
    """Keep what the request already said (the event date, the place) so it is not asked again."""
    if routed.slots.date is not None:
        state.facts["_said_date"] = routed.slots.date.isoformat()
    if routed.slots.region is not None:
        state.facts["region"] = routed.slots.region
    if routed.clarification is not None and (routed.services or routed.bundle):
        state.facts["_pending_route"] = {"services": routed.services[:1], "bundle": routed.bundle}


def apply_event_date(catalog: Catalog, state: ConversationState) -> None:
    """A date said in the request is the life event's date for every service that needs one."""
    said = state.facts.get("_said_date")
    if said is None:
        return
    # Only fields marked as the life event's date: a lease's contract date is another day.
    for service_id in state.services:
        if any(spec.shared == "event_date" for spec in catalog.service(service_id).fields):
            state.facts.setdefault("event_date", said)
            return


# --- asking -------------------------------------------------------------------------------


def _form_field(question: Question, state: ConversationState) -> FormField:
    spec, lang = question.spec, state.lang
    options = [QuickReply(label=o.label.get(lang), value=o.value) for o in spec.options]
    if spec.type == "boolean":
        options = [
            QuickReply(label=say("quick.yes", lang), value="yes"),
            QuickReply(label=say("quick.no", lang), value="no"),
        ]
    return FormField(
        key=question.key,
        label=spec.label.get(lang),
        question=spec.question.get(lang),
        type=spec.type,
        required=spec.required or spec.required_when is not None,
        options=options,
    )


def _question_text(question: Question, state: ConversationState) -> str:
    text = question.spec.question.get(state.lang)
    region = state.facts.get("region")
    if question.key == "new_address" and isinstance(region, str):
        with contextlib.suppress(KeyError):  # a stale code is simply not shown
            text += f" ({load_region_table().sigungu(region).full_name})"
    if not (question.spec.required or question.spec.required_when is not None):
        text += " " + say("ask_prefix_optional", state.lang)
    return text


def ask_next(
    engine: DialogueEngine, state: ConversationState, today: dt.date, prefix: str = ""
) -> Turn:
    """Ask for the next missing fact, or show the summary when nothing is missing."""
    if (
        state.bundle
        and "members" not in state.announced
        and _bundle_fields_done(engine.catalog, state, today)
    ):
        state.announced.append("members")
        state.phase = "members"
        return members_question(engine, state, today, prefix)
    notices = _eligibility_notices(engine.catalog, state, today)
    prefix = "\n".join(p for p in (prefix, *notices) if p)
    question = next_question(engine.catalog, state, today)
    if question is None:
        return confirm(engine, state, today, prefix)
    state.phase = "collecting"
    state.asked = question.key
    text = "\n".join(p for p in (prefix, _question_text(question, state)) if p)
    turn = engine._reply(state, text, today, quick=_form_field(question, state).options)
    turn.reply.form = [_form_field(question, state)]
    return turn


def _bundle_fields_done(catalog: Catalog, state: ConversationState, today: dt.date) -> bool:
    bundle = catalog.bundles.get(state.bundle or "")
    if bundle is None:
        return True
    pending = [q for q in questions(catalog, state, today) if q.owners == (bundle.id,)]
    return all(q.key in state.facts or q.key in state.skipped for q in pending)


def owner_of(catalog: Catalog, state: ConversationState, key: str, today: dt.date) -> str | None:
    """The first service in play that needs the fact ``key``."""
    for question in questions(catalog, state, today):
        if question.key == key:
            return next((o for o in question.owners if o in catalog.services), None)
    return None


# --- answering ----------------------------------------------------------------------------


def _spec_for(
    catalog: Catalog, state: ConversationState, key: str, today: dt.date
) -> FieldSpec | None:
    return next((q.spec for q in questions(catalog, state, today) if q.key == key), None)


def _jsonable(value: Any) -> Any:
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, tuple):
        return list(value)
    return value


def parse_for(
    engine: DialogueEngine, state: ConversationState, spec: FieldSpec, text: str, today: dt.date
) -> Any:
    """Parse an answer for ``spec``, helped by what the conversation knows (dates, the region)."""
    ctx = ParseContext(today=today)
    try:
        return _jsonable(validate_answer(spec, text, ctx))
    except FieldValueError as first:
        fallback = _fallback(engine, state, spec, text, today)
        if fallback is None:
            raise
        try:
            return _jsonable(validate_answer(spec, fallback, ctx))
        except FieldValueError:
            raise first from None


def _fallback(
    engine: DialogueEngine, state: ConversationState, spec: FieldSpec, text: str, today: dt.date
) -> Any:
    if spec.type == "date":
        return engine.router.extract_slots(text, today=today).date  # "지난주 금요일", "3 days ago"
    region = state.facts.get("region")
    if spec.type == "road_address" and spec.shared == "new_address" and isinstance(region, str):
        try:
            return f"{load_region_table().sigungu(region).full_name} {text}"
        except KeyError:
            return None
    return None


def on_collecting(
    engine: DialogueEngine, state: ConversationState, text: str, today: dt.date
) -> Turn:
    """An answer, a correction, a side question, skip or back while collecting facts."""
    if state.asked is None:
        return ask_next(engine, state, today)
    if is_exactly("back", text) or (matches("back", text) and len(normalise(text)) <= 12):
        return _go_back(engine, state, today)
    spec = _spec_for(engine.catalog, state, state.asked, today)
    if spec is None:
        state.asked = None
        return ask_next(engine, state, today)
    if is_exactly("skip", text) or (matches("skip", text) and len(normalise(text)) <= 16):
        return _skip(engine, state, spec, today)
    topic = side_topic(text)
    if topic is not None and _looks_like_question(text):
        return engine._side(state, text, topic, today)
    try:
        value = parse_for(engine, state, spec, text, today)
    except FieldValueError as error:
        # Not an answer to the question: perhaps "아니 서대문구요", correcting an earlier one.
        if (
            matches("correction", text)
            and (turn := _correct(engine, state, text, today)) is not None
        ):
            return turn
        if topic is not None:
            return engine._side(state, text, topic, today)
        return ask_next(
            engine,
            state,
            today,
            say("invalid_answer", state.lang, reason=error.message(state.lang)),
        )
    if spec.type in ("text", "person_name") and matches("correction", text):
        turn = _correct(engine, state, text, today)  # free text accepts anything: check first
        if turn is not None:
            return turn
    _store(state, state.asked, value)
    return ask_next(engine, state, today)


def _looks_like_question(text: str) -> bool:
    clean = normalise(text)
    return text.strip().endswith("?") or any(
        w in clean for w in ("얼마", "뭐", "무엇", "어떻게", "언제", "what", "how", "which")
    )


def _store(state: ConversationState, key: str, value: Any) -> None:
    state.facts[key] = value
    if key in state.skipped:
        state.skipped.remove(key)
    if key in state.history:
        state.history.remove(key)
    state.history.append(key)
    state.asked = None


def _skip(
    engine: DialogueEngine, state: ConversationState, spec: FieldSpec, today: dt.date
) -> Turn:
    assert state.asked is not None  # noqa: S101 — on_collecting checked it
    if spec.required or spec.required_when is not None:
        return ask_next(engine, state, today, say("cannot_skip", state.lang))
    state.skipped.append(state.asked)
    state.history.append(state.asked)
    state.asked = None
    return ask_next(engine, state, today, say("skipped", state.lang))


def _go_back(engine: DialogueEngine, state: ConversationState, today: dt.date) -> Turn:
    if not state.history:
        return ask_next(engine, state, today, say("nothing_to_go_back", state.lang))
    key = state.history.pop()
    state.facts.pop(key, None)
    if key in state.skipped:
        state.skipped.remove(key)
    state.asked = None
    return ask_next(engine, state, today, say("went_back", state.lang))


def _correct(
    engine: DialogueEngine, state: ConversationState, text: str, today: dt.date
) -> Turn | None:
    """ "아니 서대문구요": change the most recent fact the new value fits; None if none fits."""
    value_text = _strip_correction_words(text)
    if not value_text:
        return None  # a bare "아니요" is an answer, not a correction
    region = engine.router.extract_slots(text, today=today).region
    if region and region != state.facts.get("region") and "new_address" not in state.facts:
        # The place said in the first message was wrong: the new address is not asked yet.
        state.facts["region"] = region
        name = load_region_table().sigungu(region).full_name
        return ask_next(
            engine,
            state,
            today,
            say("corrected", state.lang, label=_region_label(state), value=name),
        )
    for key, spec, candidate in _correction_candidates(engine, state, value_text, today):
        try:
            value = parse_for(engine, state, spec, candidate, today)
        except FieldValueError:
            continue
        _store(state, key, value)
        shown = _display(spec, value, state.lang)
        return ask_next(
            engine,
            state,
            today,
            say("corrected", state.lang, label=spec.label.get(state.lang), value=shown),
        )
    return None


def _correction_candidates(
    engine: DialogueEngine, state: ConversationState, value_text: str, today: dt.date
) -> list[tuple[str, FieldSpec, str]]:
    """Facts the correction may be about: one it names by label first, then the latest answers."""
    named, recent = [], []
    for key in reversed(state.history):
        spec = _spec_for(engine.catalog, state, key, today)
        if spec is None or key in state.skipped:
            continue
        labels = [spec.label.ko.lower(), spec.label.en.lower()]
        label = next((lb for lb in labels if lb and lb in value_text), None)
        if label is not None:
            rest = value_text.replace(label, " ", 1).strip(" ,은는이가을를")
            named.append((key, spec, rest))
        elif spec.type not in ("text", "person_name"):
            recent.append((key, spec, value_text))
    return named + recent


def _region_label(state: ConversationState) -> str:
    return "region" if state.lang == "en" else "지역"


def _strip_correction_words(text: str) -> str:
    clean = normalise(text)
    words = [w.lower() for lang in ("ko", "en") for w in phrases()["correction"][lang]]
    for word in sorted(words, key=len, reverse=True):
        if clean.startswith(word):
            clean = clean[len(word) :].strip(" ,")
            break
    for ending in ("이에요", "예요", "이요", "요", "입니다"):
        if clean.endswith(ending) and len(clean) > len(ending) + 1:
            return clean[: -len(ending)].strip()
    return clean


# --- bundle members -----------------------------------------------------------------------


def members_question(
    engine: DialogueEngine, state: ConversationState, today: dt.date, prefix: str = ""
) -> Turn:
    """Show which bundle members apply and let the person leave any out."""
    status = included_members(engine.catalog, state, today)
    lang = state.lang
    names = [
        engine.catalog.service(s).name.get(lang)
        for s in state.services
        if status.get(s) != "out" and s not in state.excluded
    ]
    text = "\n".join(
        p for p in (prefix, say("members_question", lang, members=", ".join(names))) if p
    )
    quick = [QuickReply(label=say("quick.all_members", lang), value=say("quick.all_members", lang))]
    return engine._reply(state, text, today, quick=quick)


def on_members(engine: DialogueEngine, state: ConversationState, text: str, today: dt.date) -> Turn:
    """ "모두 진행", or leave a named member out."""
    if matches("exclude", text) or is_exactly("no", text):
        routed = engine.router.route(text, today=today)
        for service_id in routed.services:
            if service_id in state.services and service_id not in state.excluded:
                state.excluded.append(service_id)
                name = engine.catalog.service(service_id).name.get(state.lang)
                return members_question(
                    engine, state, today, say("member_excluded", state.lang, name=name)
                )
    status = included_members(engine.catalog, state, today)
    state.excluded.extend(s for s, st in status.items() if st == "out" and s not in state.excluded)
    state.phase = "collecting"
    return ask_next(engine, state, today)


# --- eligibility --------------------------------------------------------------------------


def _eligibility_notices(catalog: Catalog, state: ConversationState, today: dt.date) -> list[str]:
    notices = []
    for service_id in state.in_play():
        service = catalog.service(service_id)
        facts = service_facts(catalog, state, service_id)
        for result in evaluate_rules(service.eligibility, facts, today):
            marker = f"eligibility:{service_id}:{result.rule.id}:{result.verdict.status}"
            if result.verdict.status not in ("not_met", "not_yet") or marker in state.announced:
                continue
            state.announced.append(marker)
            name, why = service.name.get(state.lang), result.rule.when_not_met.get(state.lang)
            if result.verdict.status == "not_yet" and result.verdict.opens_on:
                notices.append(
                    say(
                        "eligibility_not_yet",
                        state.lang,
                        name=name,
                        why=why,
                        date=result.verdict.opens_on.isoformat(),
                    )
                )
            else:
                notices.append(say("eligibility_not_met", state.lang, name=name, why=why))
    return notices


# --- confirming ---------------------------------------------------------------------------


def _display(spec: FieldSpec, value: Any, lang: str) -> str:
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
    return str(value)


def confirm(
    engine: DialogueEngine, state: ConversationState, today: dt.date, prefix: str = ""
) -> Turn:
    """Show everything entered and ask whether to submit."""
    state.phase = "confirming"
    state.asked = None
    lang = state.lang
    lines = [say("summary_intro", lang)]
    for question in questions(engine.catalog, state, today):
        if question.key in state.facts:
            shown = _display(question.spec, state.facts[question.key], lang)
            lines.append(f"- {question.spec.label.get(lang)}: {shown}")
    lines.append(say("confirm_question", lang))
    text = "\n".join(p for p in (prefix, *lines) if p)
    quick = [
        QuickReply(label=say("quick.submit", lang), value=say("quick.submit", lang)),
        QuickReply(label=say("quick.back", lang), value=say("quick.back", lang)),
        QuickReply(label=say("quick.cancel", lang), value=say("quick.cancel", lang)),
    ]
    return engine._reply(state, text, today, quick=quick)


def on_confirming(
    engine: DialogueEngine, state: ConversationState, text: str, today: dt.date
) -> Turn:
    """Submit on yes; a correction or "back" reopens the questions."""
    if is_exactly("yes", text) or (
        matches("yes", text) and not matches("no", text) and len(normalise(text)) <= 12
    ):
        return Turn(state=state, reply=engine._reply(state, "", today).reply, action="submit")
    topic = side_topic(text)
    if topic is not None and _looks_like_question(text):
        return engine._side(state, text, topic, today)
    if matches("correction", text) and (turn := _correct(engine, state, text, today)) is not None:
        return turn
    if is_exactly("back", text) or is_exactly("no", text):
        state.phase = "collecting"
        return _go_back(engine, state, today)
    return confirm(engine, state, today)
