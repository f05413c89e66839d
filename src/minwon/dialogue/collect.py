"""Collecting facts: asking, validating, correcting, skipping, going back, confirming."""

from __future__ import annotations

import contextlib
import datetime as dt
import re
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from minwon.catalog import Catalog
from minwon.catalog.answers import validate_answer
from minwon.catalog.eligibility import evaluate_rules
from minwon.catalog.fieldtypes import FIELD_TYPES, FieldValueError, ParseContext
from minwon.catalog.regions import load_region_table
from minwon.catalog.schema import FieldSpec
from minwon.dialogue.plan import (
    Question,
    active_services,
    next_question,
    questions,
    service_facts,
)
from minwon.dialogue.schemas import FormField, QuickReply, Turn
from minwon.dialogue.side import side_topic
from minwon.dialogue.state import ConversationState
from minwon.dialogue.texts import (
    is_agreement,
    is_exactly,
    is_refusal,
    matches,
    normalise,
    phrases,
    say,
)
from minwon.nlu import RouteResult

if TYPE_CHECKING:
    from minwon.dialogue.engine import DialogueEngine

__all__ = [
    "apply_event_date",
    "ask_next",
    "choose_candidate",
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


def apply_event_date(catalog: Catalog, state: ConversationState, today: dt.date) -> None:
    """A date said in the request is the life event's date, if every field it fills accepts it.

    Only fields marked as the life event's date count: a lease's contract date is another day.
    A date the field's rules refuse ("다음 달 15일에 이사할 거예요" for a move-in date that
    must not be in the future) is not kept; the question is asked, and its rule explained.
    """
    said = state.facts.get("_said_date")
    if said is None or "event_date" in state.facts:
        return
    specs = [
        f for s in state.services for f in catalog.service(s).fields if f.shared == "event_date"
    ]
    if not specs:
        return
    try:
        for spec in specs:
            validate_answer(spec, said, ParseContext(today=today))
    except FieldValueError:
        return
    state.facts["event_date"] = said


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
        # The understood value's own error ("no future dates") says more than the format hint.
        del first
        return _jsonable(validate_answer(spec, fallback, ctx))


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
    if is_exactly("back", text):
        return _go_back(engine, state, today)
    spec = _spec_for(engine.catalog, state, state.asked, today)
    if spec is None:
        state.asked = None
        return ask_next(engine, state, today)
    if is_exactly("skip", text):
        return _skip(engine, state, spec, today)
    topic = side_topic(text)
    free_text = spec.type in ("text", "person_name")
    # Free text accepts anything, so a side question there is taken as a question first.
    if topic is not None and (free_text or _looks_like_question(text)):
        return engine._side(state, text, topic, today)
    if matches("correction", text) and (turn := _named_correction(engine, state, text, today)):
        return turn
    try:
        value = parse_for(engine, state, spec, text, today)
    except FieldValueError as error:
        return _not_an_answer(engine, state, text, topic, error, today)
    _store(state, state.asked, value)
    return ask_next(engine, state, today)


def _not_an_answer(
    engine: DialogueEngine,
    state: ConversationState,
    text: str,
    topic: str | None,
    error: FieldValueError,
    today: dt.date,
) -> Turn:
    """A correction ("아니 서대문구요"), a side question, or else the reason and the question."""
    if matches("correction", text) and (turn := _correct(engine, state, text, today)) is not None:
        return turn
    if topic is not None:
        return engine._side(state, text, topic, today)
    reason = say("invalid_answer", state.lang, reason=error.message(state.lang))
    return ask_next(engine, state, today, reason)


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
    """ "아니 서대문구요": the place said first, a fact named by its label, or the latest answer."""
    value_text = _strip_correction_words(text)
    if not value_text:
        return None  # a bare "아니요" is an answer, not a correction
    region = engine.router.extract_slots(text, today=today).region
    if region and region != state.facts.get("region") and "new_address" not in state.facts:
        # The place said in the first message was wrong: the new address is not asked yet.
        state.facts["region"] = region
        name = load_region_table().sigungu(region).full_name
        label = _region_label(state)
        return _reask(engine, state, today, say("corrected", state.lang, label=label, value=name))
    named = _named_correction(engine, state, text, today)
    if named is not None:
        return named
    # Unnamed, it can only mean the answer just given ("아니 2억이요" right after the deposit).
    latest = state.history[-1] if state.history else None
    spec = _spec_for(engine.catalog, state, latest, today) if latest else None
    if latest is None or spec is None or spec.type in ("text", "person_name"):
        return None
    return _apply_correction(engine, state, latest, spec, value_text, today)


def _named_correction(
    engine: DialogueEngine, state: ConversationState, text: str, today: dt.date
) -> Turn | None:
    """A correction that names what it changes by its label ("아니 보증금 2억이요")."""
    value_text = _strip_correction_words(text)
    for key in reversed(state.history):
        spec = _spec_for(engine.catalog, state, key, today)
        if spec is None or key in state.skipped:
            continue
        labels = (spec.label.ko.lower(), spec.label.en.lower())
        label = next((lb for lb in labels if lb and lb in value_text), None)
        if label is None:
            continue
        rest = _LEADING_PARTICLE.sub("", value_text.split(label, 1)[1]).strip(" ,:")
        return _apply_correction(engine, state, key, spec, rest, today)
    return None


# The particle after a label ("이름은 이하나" → "이하나"). Without a space after it only 은/는/을/를
# count, so the first syllable of a name ("이하나", "가은") is never taken for a particle.
_LEADING_PARTICLE = re.compile(r"^\s*(?:(?:은|는|이|가|을|를|도)\s+|(?:은|는|을|를)(?=\S))?")


def _apply_correction(
    engine: DialogueEngine,
    state: ConversationState,
    key: str,
    spec: FieldSpec,
    value: str,
    today: dt.date,
) -> Turn:
    """Store the corrected value, or say why it cannot be (the open question comes again)."""
    try:
        parsed = parse_for(engine, state, spec, value, today)
    except FieldValueError as error:
        reason = say("invalid_answer", state.lang, reason=error.message(state.lang))
        return _reask(engine, state, today, reason)
    _store(state, key, parsed)
    shown = _display(spec, parsed, state.lang)
    label = spec.label.get(state.lang)
    return _reask(engine, state, today, say("corrected", state.lang, label=label, value=shown))


def _reask(engine: DialogueEngine, state: ConversationState, today: dt.date, prefix: str) -> Turn:
    """After a correction: the open question again, or the summary if it was shown."""
    if state.phase == "confirming":
        return confirm(engine, state, today, prefix)
    return ask_next(engine, state, today, prefix)


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
    lang = state.lang
    active = active_services(engine.catalog, state, today)
    names = [engine.catalog.service(s).name.get(lang) for s in active]
    question = say("members_question", lang, members=", ".join(names)) if names else ""
    if not names:
        question = say("nothing_to_file", lang)
    text = "\n".join(p for p in (prefix, question) if p)
    quick = [QuickReply(label=say("quick.all_members", lang), value=say("quick.all_members", lang))]
    return engine._reply(state, text, today, quick=quick if names else [])


def _mentions(catalog: Catalog, state: ConversationState, text: str) -> dict[str, int]:
    """Where each bundle member is named in ``text`` (by a word only its name or keywords use)."""
    words: dict[str, set[str]] = {}
    for service_id in state.services:
        service = catalog.service(service_id)
        names = [service.name.ko, service.name.en]
        names += (
            service.keywords.ko.split(",") + service.keywords.en.split(",")
            if service.keywords
            else []
        )
        words[service_id] = {
            w for n in names for w in re.split(r"[\s·()/]+", n.lower()) if len(w) >= 2
        }
    clean = normalise(text)
    found: dict[str, int] = {}
    for service_id, own in words.items():
        others = set().union(*(w for s, w in words.items() if s != service_id))
        positions = [clean.find(w) for w in own - others if w in clean]
        if positions:
            found[service_id] = min(positions)
    return found


def _phrase_positions(path: str, text: str) -> list[int]:
    clean = normalise(text)
    node = phrases()
    for part in path.split("."):
        node = node[part]
    return [
        m.start()
        for p in (*node.get("ko", []), *node.get("en", []))
        for m in re.finditer(re.escape(str(p).lower()), clean)
    ]


def _member_choice(
    engine: DialogueEngine, state: ConversationState, text: str
) -> tuple[set[str], set[str]]:
    """(left out, kept only) as the reply names them: "자동차 빼고 전입신고만 해 주세요"."""
    mentions = _mentions(engine.catalog, state, text)
    excluded: set[str] = set()
    for at in _phrase_positions("exclude", text):
        english = bool(re.search(r"[a-z]", normalise(text)[at : at + 3]))
        # Korean puts what is left out before "빼고"; English after "without".
        near = (
            [(at - pos, s) for s, pos in mentions.items() if pos < at]
            if not english
            else [(pos - at, s) for s, pos in mentions.items() if pos > at]
        )
        if near:
            excluded.add(min(near)[1])
    only = set(mentions) - excluded if _phrase_positions("only", text) else set()
    return excluded, only


def on_members(engine: DialogueEngine, state: ConversationState, text: str, today: dt.date) -> Turn:
    """ "모두 진행", "자동차는 빼 주세요", "전입신고만 할게요"; side questions answered first."""
    topic = side_topic(text)
    if topic is not None and _looks_like_question(text):
        return engine._side(state, text, topic, today)
    excluded, only = _member_choice(engine, state, text)
    if only:
        excluded |= {s for s in state.services if s not in only}
    if excluded or only:
        return _leave_out(engine, state, excluded, today)
    mentioned = set(_mentions(engine.catalog, state, text)) & set(state.excluded)
    if mentioned:  # "전입신고 다시 넣어 주세요"
        state.excluded = [s for s in state.excluded if s not in mentioned]
        names = ", ".join(engine.catalog.service(s).name.get(state.lang) for s in sorted(mentioned))
        return members_question(engine, state, today, say("member_back_in", state.lang, name=names))
    if is_refusal(text):
        return engine._reply(state, say("members_which", state.lang), today)
    if not active_services(engine.catalog, state, today):
        return members_question(engine, state, today)
    state.phase = "collecting"
    return ask_next(engine, state, today)


def _leave_out(
    engine: DialogueEngine, state: ConversationState, services: set[str], today: dt.date
) -> Turn:
    # Only the person's own choices go into `excluded`; the bundle's rules are evaluated afresh.
    state.excluded += [s for s in state.services if s in services and s not in state.excluded]
    names = ", ".join(
        engine.catalog.service(s).name.get(state.lang) for s in state.services if s in services
    )
    return members_question(engine, state, today, say("member_excluded", state.lang, name=names))


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
    """Submit only on an unmistakable yes; a correction or "back" reopens the questions."""
    if is_agreement(text):
        if not active_services(engine.catalog, state, today):
            state.phase = "members"
            return members_question(engine, state, today)
        return Turn(state=state, reply=engine._reply(state, "", today).reply, action="submit")
    topic = side_topic(text)
    if topic is not None and _looks_like_question(text):
        return engine._side(state, text, topic, today)
    if matches("correction", text) and (turn := _correct(engine, state, text, today)) is not None:
        return turn
    if is_exactly("back", text):
        state.phase = "collecting"
        return _go_back(engine, state, today)
    if is_refusal(text):
        return confirm(engine, state, today, say("what_to_change", state.lang))
    unclear = say("correction_unclear", state.lang) if matches("correction", text) else ""
    return confirm(engine, state, today, unclear)


def choose_candidate(
    engine: DialogueEngine, state: ConversationState, text: str, today: dt.date
) -> dict[str, str] | str | None:
    """The candidate a reply picks, "ambiguous", or None (the reply is a new request)."""
    clean = normalise(text)
    if not clean:
        return "ambiguous"
    index = _ordinal(clean)
    if index is not None and 0 <= index < len(state.candidates):
        return state.candidates[index]
    if any(c["kind"] == "region" for c in state.candidates):
        region = engine.router.extract_slots(text, today=today).region
        picked = [c for c in state.candidates if c["id"] == region]
        if picked:
            return picked[0]
    fitting = [
        c
        for c in state.candidates
        if clean == c["id"] or clean in normalise(c["label"]) or normalise(c["label"]) in clean
    ]
    if len(fitting) == 1:
        return fitting[0]
    return "ambiguous" if fitting else None


_KOREAN_ORDINALS = ("첫", "두", "세", "네", "다섯", "여섯", "일곱", "여덟")
_ENGLISH_ORDINALS = ("first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth")


def _ordinal(clean: str) -> int | None:
    """ "두 번째" / "2번" / "second" / "2" → 1 (zero-based)."""
    if clean.isdigit():
        return int(clean) - 1
    number = re.fullmatch(r"(\d+)\s*(?:번|번째|st|nd|rd|th)?(?:\s*(?:요|거|것|one))?", clean)
    if number:
        return int(number[1]) - 1
    words = re.fullmatch(r"(\S+?)\s*번째(?:\s*(?:요|거|것|꺼))?", clean)
    if words and words[1] in _KOREAN_ORDINALS:
        return _KOREAN_ORDINALS.index(words[1])
    english = re.fullmatch(r"(?:the\s+)?(\w+)(?:\s+one)?", clean)
    if english and english[1] in _ENGLISH_ORDINALS:
        return _ENGLISH_ORDINALS.index(english[1])
    return None
