"""Real replies, as people type them, read the way they meant them (found in review)."""

from __future__ import annotations

import datetime as dt

import pytest

from minwon.dialogue import DialogueEngine, Turn

TODAY = dt.date(2026, 11, 28)


def say_all(engine: DialogueEngine, first: str, *messages: str) -> Turn:
    turn = engine.start(first, today=TODAY)
    for message in messages:
        turn = engine.handle(turn.state, message, today=TODAY)
    return turn


@pytest.fixture
def summary(engine: DialogueEngine, finish) -> Turn:
    turn = finish(engine.start("가족관계증명서 떼려고요", today=TODAY))
    assert turn.state.phase == "confirming"
    return turn


@pytest.mark.parametrize(
    "reply",
    [
        "제출하지 마세요",
        "제출하지 말아주세요",
        "확인 좀 할게요",
        "아직 확인 중이에요",
        "예약번호가 뭐예요",
        "네?",
        "Yes but wait",
        "submit later",
        "아니요",
    ],
)
def test_only_an_unmistakable_yes_submits(
    engine: DialogueEngine, summary: Turn, reply: str
) -> None:
    turn = engine.handle(summary.state, reply, today=TODAY)
    assert turn.action != "submit"
    assert turn.state.facts == summary.state.facts  # nothing lost either


@pytest.mark.parametrize(
    "reply", ["제출", "네 제출해 주세요", "yes, submit", "Submit my application"]
)
def test_a_clear_yes_submits(engine: DialogueEngine, summary: Turn, reply: str) -> None:
    assert engine.handle(summary.state, reply, today=TODAY).action == "submit"


@pytest.mark.parametrize(
    "reply",
    [
        "나중에 할게요",
        "다음에 할게요",
        "안 할게요",
        "not right now",
        "I'm not sure",
        "no thanks",
        "아니요 괜찮아요",
    ],
)
def test_not_now_does_not_start(engine: DialogueEngine, reply: str) -> None:
    turn = say_all(engine, "전입신고 하려고요", reply)
    assert turn.state.phase == "start"
    assert turn.state.services == []


@pytest.mark.parametrize("reply", ["좋습니다", "let's do it", "ok"])
def test_yes_in_other_words_starts(engine: DialogueEngine, reply: str) -> None:
    assert say_all(engine, "전입신고 하려고요", reply).state.phase == "collecting"


def test_a_no_answers_the_question_and_never_changes_an_earlier_answer(
    engine: DialogueEngine,
) -> None:
    turn = say_all(
        engine,
        "이사했어요 필요한 거 다 알려주세요",
        "네",
        "2026-11-20",
        "전세",
        "3억",
        "아니 없어요",
    )
    assert turn.state.facts["moving.deposit_krw"] == 300_000_000
    assert turn.state.facts["moving.owns_vehicle"] is False


def test_correcting_the_tenure_at_the_summary_changes_what_will_be_filed(
    engine: DialogueEngine, finish
) -> None:
    turn = say_all(
        engine,
        "이사했어요 필요한 거 다 알려주세요",
        "네",
        "2026-11-20",
        "전세",
        "3억",
        "아니요",
        "모두 진행",
    )
    turn = finish(turn)
    assert "housing-lease-report" in engine_active(engine, turn)
    corrected = engine.handle(turn.state, "아니 새 집 거주 형태는 자가예요", today=TODAY)
    assert corrected.state.facts["moving.housing_tenure"] == "owner"
    assert "housing-lease-report" not in engine_active(engine, corrected)


def engine_active(engine: DialogueEngine, turn: Turn) -> list[str]:
    from minwon.dialogue.plan import active_services

    return active_services(engine.catalog, turn.state, TODAY)


def test_after_filing_a_new_request_starts_from_nothing(engine: DialogueEngine, finish) -> None:
    turn = finish(engine.start("전입신고 하려고요", today=TODAY))
    done = engine.submitted(turn.state, ["MW-20261128-TEST0001"], TODAY)
    again = engine.handle(done.state, "전입신고 하려고요", today=TODAY)
    assert again.state.phase == "proposed"
    assert again.state.facts == {}
    assert again.state.receipts == []


def test_leaving_out_the_named_member_not_another(engine: DialogueEngine) -> None:
    members = say_all(
        engine,
        "이사했어요 필요한 거 다 알려주세요",
        "네",
        "2026-11-20",
        "전세",
        "3억",
        "예",
        "개인",
        "지역번호판",
    )
    assert members.state.phase == "members"
    turn = engine.handle(members.state, "자동차 빼고 전입신고랑 임대차만 해주세요", today=TODAY)
    assert turn.state.excluded == ["vehicle-address-change"]
    only = engine.handle(members.state, "전입신고만 할게요", today=TODAY)
    assert set(only.state.excluded) == {"housing-lease-report", "vehicle-address-change"}


def test_no_at_the_member_list_asks_which_and_nothing_left_files_nothing(
    engine: DialogueEngine,
) -> None:
    members = say_all(
        engine, "이사했어요 필요한 거 다 알려주세요", "네", "2026-11-20", "전세", "3억", "아니요"
    )
    which = engine.handle(members.state, "아니요", today=TODAY)
    assert which.state.phase == "members"
    assert "빼고 싶으세요" in which.reply.text
    none_left = engine.handle(members.state, "전입신고랑 임대차 신고는 빼 주세요", today=TODAY)
    assert "남아 있지 않아요" in none_left.reply.text
    stays = engine.handle(none_left.state, "네", today=TODAY)
    assert stays.state.phase == "members"
    assert stays.action == "none"


def test_a_name_correction_keeps_the_whole_name(engine: DialogueEngine) -> None:
    turn = say_all(
        engine,
        "전입신고 하려고요",
        "네",
        "2026-11-20",
        "서울특별시 마포구 월드컵북로 212",
        "서울 서대문구 연희로 100",
        "김민원",
    )
    corrected = engine.handle(turn.state, "아니 신고인 이름은 이하나예요", today=TODAY)
    assert corrected.state.facts["move-in-report.reporter_name"] == "이하나"


def test_passed_away_is_not_go_back(engine: DialogueEngine) -> None:
    turn = say_all(engine, "사망신고 하려고요", "네")
    answered = len(turn.state.history)
    after = engine.handle(turn.state, "돌아가셨어요", today=TODAY)
    assert len(after.state.history) >= answered


def test_a_side_question_at_a_name_question_is_answered(engine: DialogueEngine) -> None:
    turn = say_all(engine, "인감증명서 떼려고요", "네")
    while turn.reply.form[0].type != "person_name":
        turn = engine.handle(turn.state, turn.reply.form[0].options[0].value, today=TODAY)
    asked = engine.handle(turn.state, "수수료 알려주세요", today=TODAY)
    assert "600원" in asked.reply.text
    assert asked.state.asked == turn.state.asked
    assert turn.state.asked not in asked.state.facts


def test_how_long_is_processing_not_a_fee(engine: DialogueEngine) -> None:
    turn = say_all(engine, "여권 재발급 받고 싶어요", "얼마나 걸려요?")
    assert "처리 기간" in turn.reply.text


def test_a_future_date_in_the_request_is_not_taken_for_a_move_in(engine: DialogueEngine) -> None:
    turn = say_all(engine, "다음 달 15일에 이사할 거예요 전입신고는요", "네")
    assert "event_date" not in turn.state.facts
    refused = engine.handle(turn.state, "다음 달 15일", today=TODAY)
    assert "오늘 이후의 날짜" in refused.reply.text


@pytest.mark.parametrize(
    ("reply", "code"), [("부산 중구", "26110"), ("두 번째", "26110"), ("2", "26110")]
)
def test_answering_which_junggu(engine: DialogueEngine, reply: str, code: str) -> None:
    asked = engine.start("중구로 이사했어요", today=TODAY)
    picked = engine.handle(asked.state, reply, today=TODAY)
    assert picked.state.facts.get("region") == code
    assert picked.state.phase == "proposed"


def test_an_ambiguous_answer_is_asked_again_not_guessed(engine: DialogueEngine) -> None:
    asked = engine.start("중구로 이사했어요", today=TODAY)
    again = engine.handle(asked.state, "중구", today=TODAY)
    assert again.state.phase == "clarifying"
    assert "region" not in again.state.facts


def test_no_at_the_summary_asks_what_to_change_and_keeps_everything(
    engine: DialogueEngine, summary: Turn
) -> None:
    turn = engine.handle(summary.state, "아니요", today=TODAY)
    assert turn.state.phase == "confirming"
    assert "무엇을 고칠까요" in turn.reply.text
    assert turn.state.facts == summary.state.facts
