"""Any string gets an answer: no crash, a well-formed result, whatever people paste."""

from __future__ import annotations

import json
from datetime import date
from typing import get_args

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from minwon.catalog import load_catalog
from minwon.nlu import AbstainReason, Router, RouteResult
from minwon.nlu.misuse import misuse_reasons

TODAY = date(2026, 11, 28)  # a Saturday; the evaluation sets are written against it
_REFERRALS = frozenset(load_catalog().referrals)

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
        assert result.bundle is None
        assert result.abstain_reason in get_args(AbstainReason)
        # Each reason carries its detail, and only its own.
        assert (result.referral is not None) == (result.abstain_reason == "outside_catalog")
        assert (result.crisis is not None) == (result.abstain_reason == "crisis")
        assert (result.misuse is not None) == (result.abstain_reason == "misuse")
        if result.referral is not None:
            assert result.referral in _REFERRALS
        if result.misuse is not None:
            assert result.misuse in misuse_reasons()
        assert line["abstain_reason"] == result.abstain_reason
    else:
        assert result.services or result.bundle
        assert result.abstain_reason is None
        assert not set(result.excluded) & set(result.services)


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


@_SETTINGS
@given(
    text=st.lists(
        st.sampled_from(
            [
                "등본",
                "말고",
                "이미",
                "했고",
                "만",
                "not",
                "the",
                "already",
                "did",
                "죽고",
                "싶어",
                "남편이",
                "때려요",
                "불이",
                "났어요",
                "몰래",
                "위조",
                "전입신고",
                "only",
                "skip",
                "ㄷㅂ",
                "집주인",
                "보증금",
                "보도블록",
                "3주",
                "전에",
                "성수동",
                "광교",
                "12월 20일",
            ]
        ),
        max_size=12,
    ).map(" ".join)
)
def test_words_of_every_rule_combined_still_give_a_well_formed_answer(
    router: Router, text: str
) -> None:
    _well_formed(router.route(text, today=TODAY))


def test_control_characters_do_not_hide_the_request(router: Router) -> None:
    result = router.route("전입\u200b신고\x00 하려고요\u202e", today=TODAY)
    assert result.services[0] == "move-in-report"
