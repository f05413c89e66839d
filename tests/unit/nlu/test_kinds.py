"""Requests as people really write them (issue 11), per kind, in Korean and English.

Phrasings written for these tests: not lines of the dev sets, bench/data or the catalog.
"""

from __future__ import annotations

import pytest

from minwon.nlu import Router

from .conftest import TODAY

DIALECT_AND_CLIPPED = [
    ("초본 한 통 띠러 왔심더", "resident-registration-certificate"),
    ("손자 출생 신고 할라카는데 어데로 가능교", "birth-report"),
    ("혼인 신고는 어데서 하는겨", "marriage-report"),
    ("ㄷㅂ 온라인 발급", "resident-registration-certificate"),
    ("ㅊㅅㅅㄱ 서류", "birth-report"),
    ("여 권 재 발 급 신 청", "passport-application"),
    ("uh how i get passport new one my old expire", "passport-application"),
]

ROMANISED_AND_MIXED = [
    ("honin singo documents please", "marriage-report"),
    ("deungbon print for bank", "resident-registration-certificate"),
    ("where do I do chulsaeng singo for my son", "birth-report"),
    ("need 가족관계증명서 for my visa", "family-relation-certificate"),
    ("how much is 여권 renewal", "passport-application"),
]

SITUATIONS = [
    ("회사가 문을 닫아서 하루아침에 실업자가 됐어요", "unemployment-benefit"),
    ("I was made redundant and need money until I find a job", "unemployment-benefit"),
    ("우리 할머니가 일흔이신데 나라에서 매달 주는 돈 있나요", "basic-pension"),
    ("my dad went blind last year, what should we register him for", "disability-registration"),
]

FRAGMENTS = [
    ("혼인신고필요서류", "marriage-report"),
    ("인감증명서발급수수료", "seal-certificate"),
    ("사망신고기한", "death-report"),
    ("passport renewal fee", "passport-application"),
]


@pytest.mark.parametrize(
    ("text", "service_id"), DIALECT_AND_CLIPPED + ROMANISED_AND_MIXED + SITUATIONS + FRAGMENTS
)
def test_the_right_service_comes_first(router: Router, text: str, service_id: str) -> None:
    result = router.route(text, today=TODAY)
    assert not result.abstain, result.abstain_reason
    assert result.services[0] == service_id


@pytest.mark.parametrize(
    ("text", "bundle_id"),
    [
        ("애 낳았는디 나라서 받는 거 다 알려주이소", "childbirth"),
        ("we just had twins, what can we apply for", "childbirth"),
        ("어머님 장례 끝나고 해야 할 서류 일들", "bereavement"),
    ],
)
def test_a_life_event_told_as_a_story_is_its_bundle(
    router: Router, text: str, bundle_id: str
) -> None:
    assert router.route(text, today=TODAY).bundle == bundle_id


@pytest.mark.parametrize(
    ("text", "service_id", "excluded"),
    [
        (
            "초본 말고 가족관계증명서요",
            "family-relation-certificate",
            "resident-registration-certificate",
        ),
        ("전입신고는 벌써 했어요 확정일자만 받으려고요", "housing-lease-report", "move-in-report"),
        ("not the building register, the land one", "land-register", "building-register"),
        (
            "I already did the birth report, now the child allowance",
            "child-allowance",
            "birth-report",
        ),
    ],
)
def test_a_service_ruled_out_is_excluded_and_the_other_comes_first(
    router: Router, text: str, service_id: str, excluded: str
) -> None:
    result = router.route(text, today=TODAY)
    assert result.services[0] == service_id
    assert excluded in result.excluded
    assert excluded not in result.services
    assert result.to_json()["excluded"] == list(result.excluded)


def test_a_bundle_keeps_what_is_left_when_one_member_is_done(router: Router) -> None:
    result = router.route(
        "출생신고는 했어요 나머지 받을 수 있는 거 한꺼번에 신청할래요", today=TODAY
    )
    assert result.bundle == "childbirth"
    assert "birth-report" in result.excluded
    assert "birth-report" not in result.services
    assert "child-allowance" in result.services


def test_a_bundle_left_with_one_member_is_that_service(router: Router) -> None:
    result = router.route(
        "my mother passed away, the death report is already done, what else", today=TODAY
    )
    assert result.bundle is None
    assert result.services[0] == "inheritance-asset-inquiry"
    assert result.excluded == ("death-report",)


@pytest.mark.parametrize(
    "text", ["초본 말고 등본이요", "전입했어요 신고 어떻게 해요", "3일 전에 마포구로 전입했어요"]
)
def test_one_service_named_twice_or_a_verb_of_the_event_excludes_nothing(
    router: Router, text: str
) -> None:
    result = router.route(text, today=TODAY)
    assert result.excluded == ()
    assert not result.abstain


def test_a_life_event_naming_one_member_is_that_member(router: Router) -> None:
    result = router.route("어제 이사했는데 확정일자 받으러 가야 해요", today=TODAY)
    assert result.bundle is None
    assert result.services[0] == "housing-lease-report"
