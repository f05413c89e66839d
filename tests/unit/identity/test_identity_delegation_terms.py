"""Delegation rules without a database: which terms are accepted, and a delegation's status."""

from __future__ import annotations

import datetime as dt

import pytest

from minwon.identity import MAX_TERM, DelegationTerms, DelegationTermsError, check_terms
from minwon.identity.delegation_scope import delegation_status
from minwon.identity.models import Delegation

TODAY = dt.date(2026, 11, 28)
VALID = frozenset({"move-in-report", "basic-pension", "passport-application"})


def terms(*services: str, start: int = 0, end: int = 30) -> DelegationTerms:
    """Terms starting and ending ``start`` and ``end`` days from today."""
    return DelegationTerms(
        services, TODAY + dt.timedelta(days=start), TODAY + dt.timedelta(days=end)
    )


def test_services_are_deduplicated_and_sorted() -> None:
    checked = check_terms(
        terms("move-in-report", "basic-pension", "move-in-report"),
        VALID,
        TODAY,
        may_start_before=False,
    )
    assert checked.services == ("basic-pension", "move-in-report")


@pytest.mark.parametrize(
    ("given", "reason"),
    [
        (terms(), "no-services"),
        (terms("move-in-report", "everything"), "unknown-service"),
        (terms("move-in-report", start=5, end=4), "end-before-start"),
        (terms("move-in-report", start=-10, end=-1), "already-ended"),
        (terms("move-in-report", start=-1), "start-in-past"),
        (terms("move-in-report", end=MAX_TERM.days + 1), "too-long"),
    ],
)
def test_bad_terms_say_why(given: DelegationTerms, reason: str) -> None:
    with pytest.raises(DelegationTermsError) as refused:
        check_terms(given, VALID, TODAY, may_start_before=False)
    assert refused.value.reason == reason


def test_an_unknown_service_is_named() -> None:
    with pytest.raises(DelegationTermsError) as refused:
        check_terms(terms("move-in-report", "*"), VALID, TODAY, may_start_before=False)
    assert refused.value.unknown == ("*",)  # no wildcard: every service is named


def test_a_one_day_delegation_and_the_longest_one_are_accepted() -> None:
    assert check_terms(terms("move-in-report", end=0), VALID, TODAY, may_start_before=False)
    longest = terms("move-in-report", end=MAX_TERM.days)
    assert check_terms(longest, VALID, TODAY, may_start_before=False) == longest


def test_a_paper_power_of_attorney_keeps_the_date_it_was_signed() -> None:
    signed_last_week = terms("move-in-report", start=-7)
    assert check_terms(signed_last_week, VALID, TODAY, may_start_before=True) == signed_last_week


def _delegation(revoked: bool = False) -> Delegation:
    return Delegation(
        starts_on=dt.date(2026, 12, 1),
        ends_on=dt.date(2026, 12, 3),
        revoked_at=dt.datetime(2026, 11, 28, tzinfo=dt.UTC) if revoked else None,
    )


@pytest.mark.parametrize(
    ("day", "status"),
    [
        (dt.date(2026, 11, 30), "scheduled"),
        (dt.date(2026, 12, 1), "active"),
        (dt.date(2026, 12, 3), "active"),  # both ends are inclusive
        (dt.date(2026, 12, 4), "ended"),
    ],
)
def test_status_follows_the_korean_calendar_dates(day: dt.date, status: str) -> None:
    assert delegation_status(_delegation(), day) == status


def test_a_revoked_delegation_is_revoked_whatever_the_date() -> None:
    assert delegation_status(_delegation(revoked=True), dt.date(2026, 12, 2)) == "revoked"
