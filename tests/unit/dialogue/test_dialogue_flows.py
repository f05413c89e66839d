"""Whole conversations, as a citizen would hold them, against the real catalog and router."""

from __future__ import annotations

import datetime as dt

import pytest
from tests.conftest import plain

from minwon.dialogue import DialogueEngine, Turn

TODAY = dt.date(2026, 11, 28)


def say_all(engine: DialogueEngine, first: str, *messages: str) -> Turn:
    turn = engine.start(first, today=TODAY)
    for message in messages:
        turn = engine.handle(turn.state, message, today=TODAY)
    return turn


def test_moving_in_korean_proposes_the_bundle_with_the_computed_deadline(
    engine: DialogueEngine,
) -> None:
    turn = engine.start("2026년 11월 20일에 마포구로 이사했어요", today=TODAY)
    assert turn.state.phase == "proposed"
    assert turn.state.bundle == "moving"
    text = plain(turn.reply.text)
    assert "2026. 12. 4.(금)" in text  # 14 days after 11-20 (민법 제157조: first day not counted)
    assert "주민등록법 제16조" in text
    assert "50,000원" in text
    assert any(c.statute == "주민등록법" for c in turn.reply.citations)
    move_in = next(s for s in turn.reply.services if s.id == "move-in-report")
    assert move_in.deadline == dt.date(2026, 12, 4)
    assert not move_in.overdue


def test_facts_said_in_the_request_are_not_asked_again(engine: DialogueEngine, finish) -> None:
    turn = finish(say_all(engine, "지난주 금요일에 마포구로 이사했어요", "네"))
    assert turn.state.facts["event_date"] == "2026-11-20"
    assert turn.state.facts["region"] == "11440"
    assert "event_date" not in turn.state.history  # never asked: it came from the first message


def test_moving_bundle_drops_the_lease_report_for_an_owner_and_keeps_it_for_a_big_deposit(
    engine: DialogueEngine,
) -> None:
    owner = say_all(
        engine, "이사했어요 필요한 거 다 알려주세요", "네", "2026-11-20", "자가", "아니요"
    )
    # One member left needs no member list: "전입신고만 하시면 돼요", and the questions go on.
    assert owner.state.phase == "collecting"
    assert "전입신고만 하시면 돼요" in owner.reply.text
    assert owner.state.asked == "new_address"
    assert "주택임대차" not in owner.reply.text
    tenant = say_all(
        engine, "이사했어요 필요한 거 다 알려주세요", "네", "2026-11-20", "전세", "3억", "아니요"
    )
    assert "주택임대차" in tenant.reply.text


def test_a_regional_plate_brings_in_the_vehicle_change(engine: DialogueEngine) -> None:
    turn = say_all(
        engine,
        "이사했어요 필요한 거 다 알려주세요",
        "네",
        "2026-11-20",
        "자가",
        "예",
        "개인",
        "지역번호판",
    )
    assert turn.state.phase == "members"
    assert "자동차" in turn.reply.text


def test_a_side_question_while_members_are_shown_is_answered_not_taken_as_yes(
    engine: DialogueEngine,
) -> None:
    turn = say_all(
        engine, "이사했어요 필요한 거 다 알려주세요", "네", "2026-11-20", "전세", "3억", "아니요"
    )
    assert turn.state.phase == "members"
    asked = engine.handle(turn.state, "수수료 얼마예요?", today=TODAY)
    assert asked.state.phase == "members"
    assert "무료" in asked.reply.text


def test_a_member_can_be_left_out(engine: DialogueEngine) -> None:
    turn = say_all(
        engine,
        "이사했어요 필요한 거 다 알려주세요",
        "네",
        "2026-11-20",
        "전세",
        "3억",
        "아니요",
        "임대차 신고는 빼 주세요",
    )
    assert "housing-lease-report" in turn.state.excluded
    # One member is left: no list to confirm, the questions go on.
    assert turn.state.phase == "collecting"
    assert "전입신고만 하시면 돼요" in turn.reply.text
    assert "housing-lease-report" not in turn.state.in_play()


def test_side_question_is_answered_and_the_question_is_asked_again(engine: DialogueEngine) -> None:
    turn = say_all(engine, "전입신고 하려고요", "네")
    asked = turn.state.asked
    turn = engine.handle(turn.state, "수수료 얼마예요?", today=TODAY)
    assert "무료" in turn.reply.text
    assert turn.state.asked == asked
    turn = engine.handle(turn.state, "서류는 뭐 챙겨요?", today=TODAY)
    assert "신분증" in turn.reply.text
    assert turn.state.asked == asked


def test_invalid_rrn_gets_the_reason_and_the_question_again(engine: DialogueEngine, finish) -> None:
    turn = say_all(engine, "전입신고 하려고요", "네")
    while turn.state.asked != "move-in-report.reporter_rrn":
        field = turn.reply.form[0]
        answer = {
            "date": "2026-11-20",
            "road_address": "서울특별시 마포구 월드컵북로 212",
            "person_name": "김민원",
        }[field.type]
        turn = engine.handle(turn.state, answer, today=TODAY)
    bad = engine.handle(turn.state, "901301-1234567", today=TODAY)  # month 13
    assert bad.state.asked == "move-in-report.reporter_rrn"
    assert "move-in-report.reporter_rrn" not in bad.state.facts
    assert "주민등록번호" in bad.reply.text
    # Numbers issued since 2020-10 have random final digits: the legacy check digit is not enforced.
    good = engine.handle(bad.state, "900101-1234560", today=TODAY)
    assert good.state.facts["move-in-report.reporter_rrn"] == "900101-1234560"


def test_correction_of_the_region_and_of_a_named_fact(engine: DialogueEngine) -> None:
    turn = say_all(engine, "2026년 11월 20일에 마포구로 이사했어요", "네", "전세", "3억")
    corrected = engine.handle(turn.state, "아니 보증금 2억이요", today=TODAY)
    assert corrected.state.facts["moving.deposit_krw"] == 200_000_000
    assert "200,000,000" in corrected.reply.text
    assert corrected.state.asked == turn.state.asked  # the open question is asked again


def test_correcting_the_place_said_in_the_first_message(engine: DialogueEngine) -> None:
    turn = say_all(
        engine, "2026년 11월 20일에 마포구로 이사했어요", "네", "자가", "아니요", "모두 진행"
    )
    assert turn.state.asked == "new_address"
    assert "서울특별시 마포구" in turn.reply.text
    corrected = engine.handle(turn.state, "아니 서대문구요", today=TODAY)
    assert corrected.state.facts["region"] == "11410"
    assert "서울특별시 서대문구" in corrected.reply.text
    assert corrected.state.asked == "new_address"


def test_skip_optional_but_not_required(engine: DialogueEngine, finish) -> None:
    turn = say_all(engine, "전입신고 하려고요", "네")
    refused = engine.handle(turn.state, "건너뛰기", today=TODAY)
    assert refused.state.asked == turn.state.asked
    assert "건너뛸 수 없어요" in refused.reply.text


def test_go_back_reopens_the_previous_answer(engine: DialogueEngine) -> None:
    turn = say_all(engine, "전입신고 하려고요", "네", "2026-11-20")
    assert "event_date" in turn.state.facts
    back = engine.handle(turn.state, "뒤로", today=TODAY)
    assert "event_date" not in back.state.facts
    assert back.state.asked == "event_date"


def test_summary_masks_the_rrn_and_submit_is_an_action(engine: DialogueEngine, finish) -> None:
    turn = finish(say_all(engine, "전입신고 하려고요", "네"))
    assert turn.state.phase == "confirming"
    assert "900101-1******" in turn.reply.text
    assert "1234567" not in turn.reply.text
    submitted = engine.handle(turn.state, "제출", today=TODAY)
    assert submitted.action == "submit"


def test_cancel_at_any_point(engine: DialogueEngine) -> None:
    turn = say_all(engine, "전입신고 하려고요", "네", "2026-11-20", "그만할래요")
    assert turn.state.phase == "cancelled"
    assert "취소" in turn.reply.text


def test_deadline_already_passed_says_so_and_what_follows(engine: DialogueEngine) -> None:
    turn = engine.start("2026년 10월 1일에 이사했는데 전입신고 해야 돼요", today=TODAY)
    assert "지났어요" in turn.reply.text
    assert "과태료" in turn.reply.text
    move_in = next(s for s in turn.reply.services if s.id == "move-in-report")
    assert move_in.overdue


def test_deadline_moved_by_a_holiday_is_explained(engine: DialogueEngine) -> None:
    turn = engine.start(
        "2026년 9월 10일에 이사했는데 전입신고 하려고요", today=dt.date(2026, 9, 15)
    )
    text = plain(turn.reply.text)
    assert "2026. 9. 28.(월)" in text  # nominal 09-24 is 추석 eve; 25, 26 추석, 27 Sunday
    assert "2026. 9. 24.(목)" in text
    assert "민법 제161조" in text


def test_basic_pension_not_yet_says_from_when(engine: DialogueEngine) -> None:
    turn = say_all(engine, "기초연금 신청하고 싶어요", "네")
    assert turn.state.asked == "basic-pension.applicant_birth_date"  # eligibility facts first
    turn = engine.handle(turn.state, "1962-03-15", today=TODAY)
    # 65 on 2027-03-15; 기초연금 may be applied for from the month before: 2027-02-01.
    assert "아직 신청할 수 없어요" in turn.reply.text
    assert "2027-02-01" in turn.reply.text


def test_basic_pension_over_65_goes_on_without_a_notice(engine: DialogueEngine) -> None:
    turn = say_all(engine, "기초연금 신청하고 싶어요", "네", "1955-05-05")
    assert "신청할 수 없어요" not in turn.reply.text
    assert turn.state.phase == "collecting"


def test_out_of_scope_says_what_it_can_do(engine: DialogueEngine) -> None:
    turn = engine.start("주식 추천해줘", today=TODAY)
    assert turn.state.phase == "start"
    assert "전입신고" in turn.reply.text


def test_ambiguous_place_is_asked_then_the_answer_is_used(engine: DialogueEngine) -> None:
    turn = engine.start("중구로 이사했어요", today=TODAY)
    assert turn.state.phase == "clarifying"
    assert len(turn.reply.quick_replies) == 6
    picked = engine.handle(turn.state, "부산광역시 중구", today=TODAY)
    assert picked.state.facts["region"] == "26110"
    assert picked.state.phase == "proposed"


def test_english_conversation_for_the_childbirth_bundle(engine: DialogueEngine, finish) -> None:
    turn = engine.start("we just had a baby yesterday", today=TODAY)
    assert turn.state.lang == "en"
    assert turn.state.bundle == "childbirth"
    assert "Shall we start?" in turn.reply.text
    assert "within 1 month of" in turn.reply.text  # not "1 months"
    assert "()" not in turn.reply.text
    # Born 11-27, that day counted: the month ends on Saturday 12-26, so Monday 12-28.
    assert "Monday 28 December 2026" in plain(turn.reply.text)
    assert "제37조" in turn.reply.text
    turn = finish(turn)
    assert turn.state.phase == "confirming"
    assert "Shall I submit this?" in turn.reply.text
    assert turn.state.facts["event_date"] == "2026-11-27"


def test_bereavement_bundle_in_korean(engine: DialogueEngine, finish) -> None:
    turn = finish(engine.start("할아버지가 어제 돌아가셨어요 어떻게 해야 하나요", today=TODAY))
    assert turn.state.bundle == "bereavement"
    assert turn.state.phase == "confirming"
    assert {"death-report", "inheritance-asset-inquiry"} <= set(turn.state.in_play())


@pytest.mark.parametrize(
    ("request_text", "service"),
    [
        ("주민등록등본 한 통 떼려고요", "resident-registration-certificate"),
        ("여권 재발급 받고 싶어요", "passport-application"),
        ("가족관계증명서 뽑아야 돼요", "family-relation-certificate"),
        ("건강보험 자격득실확인서 필요해요", "health-insurance-certificate"),
        ("인감증명서 발급", "seal-certificate"),
        ("토지대장 열람하고 싶어요", "land-register"),
        ("건축물대장 떼야 해요", "building-register"),
        ("사업자등록 신청하려구요", "business-registration"),
        ("I want to register my marriage", "marriage-report"),
        ("apply for unemployment benefits", "unemployment-benefit"),
    ],
)
def test_services_reach_the_summary(
    engine: DialogueEngine, finish, request_text: str, service: str
) -> None:
    turn = engine.start(request_text, today=TODAY)
    assert turn.state.services == [service], turn.reply.text
    turn = finish(turn)
    assert turn.state.phase == "confirming"
    done = engine.handle(turn.state, "submit" if turn.state.lang == "en" else "제출", today=TODAY)
    assert done.action == "submit"


def test_a_side_answer_names_its_sources_and_how_sure_they_are(engine: DialogueEngine) -> None:
    turn = say_all(engine, "인감증명서 떼려고요", "네", "수수료 얼마예요?")
    assert "600원" in turn.reply.text
    assert "S2" not in turn.reply.text  # no developer labels for citizens: the citation has it
    assert "공식 자료로 확인한" in turn.reply.text
    source = next(c for c in turn.reply.citations if c.kind == "source")
    assert "S2" in source.refs
    assert any("수수료" in title for title in source.titles)
    english = say_all(engine, "how much is a seal certificate", "yes", "what documents do I need?")
    assert "official sources" in english.reply.text or "confirm it" in english.reply.text
