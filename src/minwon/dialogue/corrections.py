"""Corrections in any phase: "아 아니 은평구요", "날짜 틀렸다, 이사는 사흘 전이에요", "아니 보증금
2억이요", "아 딸 말고 아들이에요". A correction changes the fact it names (the place, the date,
a labelled answer, a choice), or else the latest answer; never an older one. Everything derived
from it (deadlines, bundle members, questions) follows because it is derived afresh."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from minwon.catalog.answers import validate_answer
from minwon.catalog.fieldtypes import FieldValueError, ParseContext
from minwon.catalog.regions import load_region_table
from minwon.catalog.schema import FieldSpec
from minwon.dialogue.context import TurnContext, join
from minwon.dialogue.describe import format_date
from minwon.dialogue.facts import (
    apply_event_date,
    event_specs,
    names_word,
    needs_year_confirmation,
    parse_for,
)
from minwon.dialogue.flow import deadline_lines, display
from minwon.dialogue.state import PendingDate
from minwon.dialogue.texts import alternation, grammar, matches, normalise, phrases, say

__all__ = ["Change", "correct", "correct_named", "has_cue", "strip_correction_words"]


@dataclass(frozen=True, slots=True)
class Change:
    """What a correction did, in words ("'지역'을(를) 은평구(으)로 고쳤어요"), or why it
    could not."""

    message: str
    ok: bool = True


def correct(ctx: TurnContext, *, cue: bool) -> Change | None:
    """Apply the correction the message makes, if it makes one.

    With a correction word ("아니", "틀렸", "actually") any fact may be corrected, the latest
    answer included. Without one, only a bare statement of a place or a date counts ("은평구요")
    — never something that reads as a new request.
    """
    body = strip_correction_words(ctx.text)
    if not body:
        return None  # a bare "아니요" is an answer, not a correction
    for attempt in (_named, _date, _region, _choice):
        change = attempt(ctx, body, cue)
        if change is not None:
            return change
    return _latest(ctx, body) if cue else None


def correct_named(ctx: TurnContext) -> Change | None:
    """Only a correction that names the answer it changes by its label ("아니 보증금 2억이요").

    While a question is open, anything else is first read as the answer to it ("아니 없어요" to
    "차가 있으세요?"), and tried as a correction only if it is not a valid answer.
    """
    body = strip_correction_words(ctx.text)
    return _named(ctx, body, True) if body else None


# --- what can be corrected ------------------------------------------------------------------


def _named(ctx: TurnContext, body: str, cue: bool) -> Change | None:
    """A correction that names what it changes by its label ("아니 보증금 2억이요")."""
    if not cue:
        return None
    for key in reversed(ctx.state.history):
        spec = ctx.plan().spec(key)
        if spec is None or key in ctx.state.skipped:
            continue
        labels = (spec.label.ko.lower(), spec.label.en.lower())
        label = next((lb for lb in labels if lb and lb in body), None)
        if label is not None:
            rest = _leading_particle().sub("", body.split(label, 1)[1]).strip(" ,:")
            return _apply(ctx, key, spec, rest)
    return None


def _date(ctx: TurnContext, body: str, cue: bool) -> Change | None:
    """The life event's date ("이사는 사흘 전이에요"), said first or answered since."""
    slots = ctx.slots()
    if slots.date is None or not (cue or _is_bare_fact(ctx)):
        return None
    state, iso = ctx.state, slots.date.isoformat()
    if iso in (state.facts.get("event_date"), state.internal.said_date) and not slots.approximate:
        return None
    if not event_specs(ctx) and state.services:
        return None  # nothing in play counts from an event date
    if needs_year_confirmation(ctx, slots.date, ctx.text):
        state.internal.pending_date = PendingDate(key="event_date", value=iso, from_request=True)
        return Change("")
    state.internal.said_date = iso
    state.internal.said_date_approximate = slots.approximate
    if "event_date" in state.facts:
        ctx.forget("event_date")
    apply_event_date(ctx)
    if state.services and "event_date" not in state.facts and not slots.approximate:
        spec = event_specs(ctx)[0] if event_specs(ctx) else None
        reason = _refusal(ctx, spec, iso) if spec else ""
        return Change(say("invalid_answer", ctx.lang, reason=reason), ok=False)
    label = say("label.event_date", ctx.lang)
    message = say("corrected", ctx.lang, label=label, value=format_date(slots.date, ctx.lang))
    if state.phase != "proposed":  # the proposal shows its deadlines anew by itself
        lines, _ = deadline_lines(ctx)
        message = join(message, *lines)
    return Change(message)


def _region(ctx: TurnContext, body: str, cue: bool) -> Change | None:
    """The place said first ("아 아니 은평구요"): the address, if already given there, is asked
    again, since it no longer fits."""
    region = ctx.slots().region
    state = ctx.state
    if region is None or region == state.facts.get("region") or not (cue or _is_bare_fact(ctx)):
        return None
    address = state.facts.get("new_address")
    if isinstance(address, dict) and address.get("sigungu_code") not in (None, region):
        ctx.forget("new_address")
    if isinstance(address, dict) and address.get("sigungu_code") == region:
        return None  # the address already given is in that place: nothing to change
    state.facts["region"] = region
    ctx.changed()
    table = load_region_table()
    name = table.sigungu(region).full_name if ctx.lang == "ko" else table.english_name(region)
    return Change(say("corrected", ctx.lang, label=say("label.region", ctx.lang), value=name))


def _choice(ctx: TurnContext, body: str, cue: bool) -> Change | None:
    """A choice given earlier, named again with another option ("딸 말고 아들이에요")."""
    if not (cue or _is_bare_fact(ctx)):
        return None
    for key in reversed(ctx.state.history + ctx.state.internal.prefilled):
        spec = ctx.plan().spec(key)
        if spec is None or spec.type != "enum":
            continue
        named = {
            o.value
            for o in spec.options
            for s in (o.label.ko, o.label.en, *o.synonyms)
            if names_word(s, body)
        } - {ctx.state.facts.get(key)}
        if len(named) == 1:
            value = named.pop()
            ctx.store(key, value)
            shown = display(spec, value, ctx.lang)
            return Change(say("corrected", ctx.lang, label=spec.label.get(ctx.lang), value=shown))
    return None


def _latest(ctx: TurnContext, body: str) -> Change | None:
    """Unnamed, a correction can only mean the answer just given ("아니 2억이요")."""
    latest = ctx.state.history[-1] if ctx.state.history else None
    spec = ctx.plan().spec(latest) if latest else None
    if latest is None or spec is None or spec.type in ("text", "person_name"):
        return None
    return _apply(ctx, latest, spec, body)


# --- helpers --------------------------------------------------------------------------------


def _apply(ctx: TurnContext, key: str, spec: FieldSpec, value: str) -> Change:
    """Store the corrected value, or say why it cannot be."""
    try:
        parsed = parse_for(ctx, spec, value)
    except FieldValueError as error:
        return Change(say("invalid_answer", ctx.lang, reason=error.message(ctx.lang)), ok=False)
    ctx.store(key, parsed)
    shown = display(spec, parsed, ctx.lang)
    return Change(say("corrected", ctx.lang, label=spec.label.get(ctx.lang), value=shown))


def _refusal(ctx: TurnContext, spec: FieldSpec, iso: str) -> str:
    try:
        validate_answer(spec, iso, ParseContext(today=ctx.today))
    except FieldValueError as error:
        return error.message(ctx.lang)
    return ""


def _is_bare_fact(ctx: TurnContext) -> bool:
    """A message that states a place or a date and asks for nothing else ("은평구요")."""
    routed = ctx.routed()
    if routed.abstain:
        return routed.abstain_reason in ("out_of_scope", None)
    same = set(routed.services) & set(ctx.state.services) or routed.bundle == ctx.state.bundle
    return bool(same) and len(normalise(ctx.text)) <= 24


@functools.cache
def _leading_particle() -> re.Pattern[str]:
    """The particle after a label ("이름은 이하나" → "이하나"). Without a space after it only
    은/는/을/를 count, so the first syllable of a name ("이하나", "가은") is never a particle."""
    spaced = alternation(grammar("label_particles"))
    glued = alternation(grammar("glued_label_particles"))
    return re.compile(rf"^\s*(?:(?:{spaced})\s+|(?:{glued})(?=\S))?")


@functools.cache
def _interjection() -> re.Pattern[str]:
    return re.compile(rf"^(?:{alternation(grammar('interjections'))})[\s,]+")


def strip_correction_words(text: str) -> str:
    """The message without its correction words and polite ending: "아 아니 은평구요" →
    "은평구"."""
    clean = normalise(text)
    clean = _interjection().sub("", clean)
    words = sorted(
        (w.lower() for lang in ("ko", "en") for w in phrases()["correction"][lang]),
        key=len,
        reverse=True,
    )
    changed = True
    while changed:
        changed = False
        for word in words:
            if clean.startswith(word):
                clean = clean[len(word) :].strip(" ,")
                changed = True
                break
    for ending in grammar("polite_endings"):
        if clean.endswith(ending) and len(clean) > len(ending) + 1:
            return clean[: -len(ending)].strip()
    return clean


def has_cue(text: str) -> bool:
    """Whether the message says it corrects something ("아니", "틀렸", "actually")."""
    return matches("correction", text)
