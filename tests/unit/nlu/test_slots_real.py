"""Slots as people state them: durations, year-less dates, neighbourhoods and landmarks."""

from __future__ import annotations

from datetime import date

import pytest

from minwon.nlu import Router

from .conftest import TODAY  # 2026-11-28, a Saturday


@pytest.mark.parametrize(
    ("text", "expected", "approximate", "year_assumed"),
    [
        ("전입한 지 2주 넘었는데 괜찮나요", date(2026, 11, 14), True, False),
        ("출산한 지 50일 됐어요 출생신고 아직이에요", date(2026, 10, 9), True, False),
        ("이사한 지 한 달 다 돼 가요 전입신고", date(2026, 10, 28), True, False),
        ("we moved a couple of weeks ago, move-in report", date(2026, 11, 14), True, False),
        ("이번 달 초하루에 아이가 태어났어요", date(2026, 11, 1), False, False),
        ("지난달 말일에 이사 왔어요 전입신고", date(2026, 10, 31), False, False),
        ("그끄저께 어머니가 돌아가셨어요", date(2026, 11, 25), False, False),
        ("this past Tuesday my son was born", date(2026, 11, 24), False, False),
        ("my dad died on the 3rd", date(2026, 11, 3), False, False),
        # A month and day without a year, for a past event, is the latest such day not in the
        # future, and the dialogue confirms it.
        ("12월 10일에 혼인신고 했는데 가족관계증명서요", date(2025, 12, 10), False, True),
        ("we registered the birth on December 24", date(2025, 12, 24), False, True),
        ("11월 3일에 이사했어요 전입신고", date(2026, 11, 3), False, True),
    ],
)
def test_dates_and_how_sure_they_are(
    router: Router, text: str, expected: date, approximate: bool, year_assumed: bool
) -> None:
    slots = router.route(text, today=TODAY).slots
    assert slots.date == expected
    assert slots.approximate is approximate
    assert slots.year_assumed is year_assumed


def test_slot_flags_are_beside_the_contract_slots_not_inside(router: Router) -> None:
    line = router.route("이사 온 지 3주 넘었는데 전입신고 해야죠", today=TODAY).to_json()
    assert set(line["slots"]) == {"date", "region"}
    assert line["slot_notes"] == {"approximate": True}
    plain = router.route("어제 이사했어요 전입신고", today=TODAY).to_json()
    assert "slot_notes" not in plain


@pytest.mark.parametrize(
    ("text", "region"),
    [
        ("성수동 오피스텔로 이사 왔어요 전입신고", "11200"),
        ("대치동으로 이사해서 전입신고 하려고요", "11680"),
        ("망원동에 원룸 구했어요 확정일자", "11440"),
        ("수성못 앞 아파트로 이사했어요 주소 이전", "27260"),
        ("센텀시티로 이사했는데 전입신고", "26350"),
        ("moved to Seongsu-dong last week, address registration", "11200"),
        ("moving report for my new flat in Daechi-dong", "11680"),
        ("분당 정자동으로 이사했어요 전입신고", "41135"),
        ("대전 둔산동으로 이사 왔어요 전입신고", "30170"),
    ],
)
def test_neighbourhoods_and_landmarks_resolve_to_their_sigungu(
    router: Router, text: str, region: str
) -> None:
    assert router.route(text, today=TODAY).slots.region == region


@pytest.mark.parametrize(
    ("text", "codes"),
    [
        ("신사동으로 이사했어요 전입신고", {"11680", "11380"}),
        ("광교로 이사 왔어요 전입신고", {"41117", "41465"}),
        ("강남역 근처로 이사했어요 전입신고", {"11680", "11650"}),
    ],
)
def test_a_name_in_several_sigungu_is_asked_not_guessed(
    router: Router, text: str, codes: set[str]
) -> None:
    result = router.route(text, today=TODAY)
    assert result.slots.region is None
    assert result.clarification is not None
    assert {c.id for c in result.clarification.candidates} == codes


def test_a_dong_name_in_many_sigungu_names_no_place(router: Router) -> None:
    # 중앙동 exists in 17 시군구: not worth a question, and not a guess either.
    result = router.route("중앙동으로 이사했어요 전입신고", today=TODAY)
    assert result.slots.region is None
    assert result.clarification is None
