"""Any string gets an answer: no crash, a well-formed result, whatever people paste."""

from __future__ import annotations

import json
from datetime import date

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from minwon.nlu import Router, RouteResult

TODAY = date(2026, 11, 28)  # a Saturday; the evaluation sets are written against it

_SETTINGS = settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


def _well_formed(result: RouteResult) -> None:
    line = result.to_json()
    json.dumps(line)  # serialisable
    assert 0.0 <= result.confidence <= 1.0
    assert result.lang in ("ko", "en")
    if result.abstain:
        assert result.services == []
        assert result.abstain_reason in ("empty", "out_of_scope", "unsafe")
    else:
        assert result.services or result.bundle


@_SETTINGS
@given(text=st.text())
def test_any_text_gets_an_answer(router: Router, text: str) -> None:
    _well_formed(router.route(text, today=TODAY))


@_SETTINGS
@given(
    text=st.text(alphabet=st.characters(codec="utf-8", categories=["Cc", "Cf", "Zs", "So", "Lo"]))
)
def test_control_characters_emoji_and_mixed_scripts(router: Router, text: str) -> None:
    _well_formed(router.route(text, today=TODAY))


@settings(
    max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    unit=st.sampled_from(["전입신고 ", "passport ", "ㅋ", "🙂", "\x00", "a"]),
    reps=st.integers(2000, 12000),
)
def test_very_long_text(router: Router, unit: str, reps: int) -> None:
    _well_formed(router.route(unit * reps, today=TODAY))


def test_a_long_request_still_routes_by_its_head(router: Router) -> None:
    result = router.route("여권 재발급 신청하려고요 " + "가나다라 " * 3000, today=TODAY)
    assert result.services[0] == "passport-application"


def test_control_characters_do_not_hide_the_request(router: Router) -> None:
    result = router.route("전입\u200b신고\x00 하려고요\u202e", today=TODAY)
    assert result.services[0] == "move-in-report"
