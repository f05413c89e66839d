"""What an officer may write as a reason, and the reset codes handed over at a counter."""

from __future__ import annotations

import pytest

from minwon.identity import ID_DOCUMENT_TYPES, ReasonHasNumberError, ReasonMissingError
from minwon.identity.events import checked_reason
from minwon.identity.recovery import ALPHABET, normalise_code
from minwon.identity.reset import new_reset_code


@pytest.mark.parametrize(
    "reason",
    [
        "주민등록증 900101-1234567 확인",
        "passport M12345678 checked",
        "면허 11-12-123456-12",
        "전화 01098765432",
    ],
)
def test_a_reason_with_an_id_number_is_refused(reason: str) -> None:
    with pytest.raises(ReasonHasNumberError):
        checked_reason(reason)


def test_ordinary_reasons_and_dates_pass_normalised() -> None:
    assert (
        checked_reason("  2026-11-28 창구 방문, 휴대폰 분실 ")
        == "2026-11-28 창구 방문, 휴대폰 분실"
    )
    decomposed = "\u1112\u1173\u11ab"  # 흔 as conjoining jamo, as some keyboards send it
    assert checked_reason(decomposed) == "흔"


@pytest.mark.parametrize("reason", ["", "   "])
def test_a_reason_is_required(reason: str) -> None:
    with pytest.raises(ReasonMissingError):
        checked_reason(reason)


def test_reset_codes_are_readable_aloud_and_typed_back_loosely() -> None:
    codes = {new_reset_code() for _ in range(200)}
    assert len(codes) == 200
    for code in codes:
        groups = code.split("-")
        assert [len(g) for g in groups] == [4, 4, 4, 4]
        assert set("".join(groups)) <= set(ALPHABET)  # no I, L, O or U to misread
    code = next(iter(codes))
    assert normalise_code(f" {code.lower().replace('-', ' ')} ") == code.replace("-", "")


def test_accepted_identity_documents_are_types_not_numbers() -> None:
    assert "resident-card" in ID_DOCUMENT_TYPES
    assert all(not any(ch.isdigit() for ch in kind) for kind in ID_DOCUMENT_TYPES)
