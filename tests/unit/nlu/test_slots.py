"""Dates resolve against ``today`` (never the clock); places resolve to 5-digit 시군구 codes."""

from __future__ import annotations

from datetime import date

import pytest

from minwon.nlu import Router
from minwon.nlu.dates import DateExtractor
from minwon.nlu.lexicon import load_lexicon
from minwon.nlu.text import rewrite

TODAY = date(2026, 11, 28)  # a Saturday; the evaluation sets are written against it


@pytest.fixture(scope="module")
def dates() -> DateExtractor:
    return DateExtractor(load_lexicon())


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("지난주 금요일에 이사했어요", date(2026, 11, 20)),
        ("그저께 아기가 태어났어요", date(2026, 11, 26)),
        ("엊그제 이사 왔어요", date(2026, 11, 26)),
        ("이번 주 월요일에 전입했어요", date(2026, 11, 23)),
        ("지난달 30일에 이사 왔어요", date(2026, 10, 30)),
        ("3 days ago we moved", date(2026, 11, 25)),
        ("we had a baby yesterday", date(2026, 11, 27)),
        ("my father died on November 20th", date(2026, 11, 20)),
        ("moved in on nov 3", date(2026, 11, 3)),
        ("she was born on the 2nd of october", date(2026, 10, 2)),
        ("moved two weeks ago", date(2026, 11, 14)),
        ("last friday", date(2026, 11, 27)),
        # A past event on a day after today, without a year, happened last year.
        ("11월 30일에 이사했어요", date(2025, 11, 30)),
        ("moved on december 5", date(2025, 12, 5)),
        # A plan with a stated day keeps that day.
        ("다음 주 화요일에 이사 갈 예정이에요", date(2026, 12, 1)),
        ("we will move on december 5", date(2026, 12, 5)),
    ],
)
def test_dates_resolve_against_today(dates: DateExtractor, text: str, expected: date) -> None:
    # The router rewrites slang first ("엊그제" -> "그저께"); so does this test.
    assert dates.extract(rewrite(text, load_lexicon()), TODAY) == expected


@pytest.mark.parametrize(
    "text",
    [
        "지난주에 이사했어요",
        "다음 달에 이사 가요",
        "I'm moving next week",
        "65세 기초연금",
        "등본 2통",
    ],
)
def test_no_day_means_no_date(dates: DateExtractor, text: str) -> None:
    assert dates.extract(text.lower(), TODAY) is None


def test_the_date_follows_the_today_argument(router: Router) -> None:
    result = router.route("어제 이사했어요 전입신고", today=date(2024, 3, 1))
    assert result.slots.date == date(2024, 2, 29)


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("마포구로 이사했어요 전입신고", "11440"),
        ("해운대구로 전입신고 하려고요", "26350"),
        ("해운대로 이사 왔어요 전입신고", "26350"),
        ("수원 영통구로 전입신고", "41117"),
        ("분당으로 이사 왔어요 전입신고", "41135"),
        ("서울 중구로 전입신고 하려고요", "11140"),
        ("I moved to Mapo-gu, register my address", "11440"),
        ("moved to Haeundae, address registration", "26350"),
        ("moved to Gangnam, address registration", "11680"),
        ("moved to Bundang, register my new address", "41135"),
        ("지난달30일에마포구로이사왔어요 전입신고", "11440"),
    ],
)
def test_places_resolve_to_sigungu_codes(router: Router, text: str, code: str) -> None:
    assert router.route(text, today=TODAY).slots.region == code


def test_jung_gu_exists_in_six_cities_so_the_router_asks(router: Router) -> None:
    result = router.route("중구로 이사했어요", today=TODAY)
    assert result.slots.region is None
    assert result.clarification is not None
    codes = {c.id for c in result.clarification.candidates}
    assert codes == {"11140", "26110", "27110", "28110", "30140", "31110"}
    assert all(c.kind == "region" for c in result.clarification.candidates)
    assert "중구" in result.clarification.question_ko


def test_ilsan_is_goyang_and_the_router_asks_which_district(router: Router) -> None:
    result = router.route("일산으로 이사 왔어요 전입신고", today=TODAY)
    assert result.slots.region == "41280"
    assert result.clarification is not None
    assert {c.id for c in result.clarification.candidates} == {"41285", "41287"}


@pytest.mark.parametrize("text", ["고양이 키우는 법 알려줘 등본", "수영장 근처로 이사 전입신고"])
def test_common_words_are_not_places(router: Router, text: str) -> None:
    assert router.route(text, today=TODAY).slots.region is None
