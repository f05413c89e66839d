"""A condition that cannot fit the field it names is refused with the file, the line and why.

Such a condition never fails at run time: the evaluator just answers "unknown" or "not met"
for ever, so a bundle member is silently never offered. Only the validator can catch it.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from minwon.catalog import CatalogError, load_catalog

HOUSING_TENURE_OPTIONS = "owner, jeonse, monthly_rent, other"


# The helpers repeat those of test_catalog_loader_errors.py: test modules are imported with
# --import-mode=importlib and cannot import each other.
@pytest.fixture
def broken(tmp_path: Path, catalog_dir: Path) -> Path:
    """A private copy of the real catalog for a test to damage."""
    target = tmp_path / "catalog"
    shutil.copytree(catalog_dir, target)
    return target


def _problems(directory: Path) -> list[str]:
    with pytest.raises(CatalogError) as info:
        load_catalog(directory)
    return [str(p) for p in info.value.problems]


def _edit(path: Path, old: str, new: str) -> int:
    """Replace the first ``old`` with ``new``; the line number where ``new`` starts."""
    text = path.read_text(encoding="utf-8")
    assert old in text, f"fixture text {old!r} not in {path.name}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return text[: text.index(old)].count("\n") + 1


# -- enum values -----------------------------------------------------------------------------


def test_misspelt_option_in_a_bundle_rule(broken: Path) -> None:
    path = broken / "bundles" / "moving.yaml"
    line = _edit(
        path,
        "{field: housing_tenure, op: in, value: [jeonse, monthly_rent]}",
        "{field: housing_tenure, op: in, value: [jeonsee, monthly_rent]}",
    )
    assert _problems(broken) == [
        f"{path}:{line}: 'jeonsee' is not an option of enum field 'housing_tenure'"
        f" (options: {HOUSING_TENURE_OPTIONS})"
    ]


def test_misspelt_option_in_a_document_rule(broken: Path) -> None:
    path = broken / "services" / "business-registration.yaml"
    rented = "condition: {ko: 사업장을 빌린 경우, en: When the premises are rented}\n"
    line = 1 + _edit(
        path,
        f"{rented}    required_when: {{field: premises, op: eq, value: leased}}",
        f"{rented}    required_when: {{field: premises, op: eq, value: lease}}",
    )
    (problem,) = _problems(broken)
    assert problem.startswith(
        f"{path}:{line}: 'lease' is not an option of enum field 'premises' (options: "
    )


def test_unquoted_number_as_an_option_says_to_quote_it(broken: Path) -> None:
    path = broken / "bundles" / "moving.yaml"
    line = _edit(
        path,
        "{field: housing_tenure, op: eq, value: monthly_rent}",
        "{field: housing_tenure, op: eq, value: 26}",
    )
    assert _problems(broken) == [
        f"{path}:{line}: 26 is not an option of enum field 'housing_tenure'"
        f" (options: {HOUSING_TENURE_OPTIONS});"
        " YAML reads an unquoted number as a number: put it in quotes"
    ]


# -- operators that do not fit the field type --------------------------------------------------


@pytest.mark.parametrize(
    ("file", "old", "new", "message"),
    [
        (
            "services/unemployment-benefit.yaml",
            "{field: separation_reason, op: ne, value: voluntary}",
            "{field: separation_reason, op: gt, value: voluntary}",
            "op 'gt' does not fit enum field 'separation_reason'"
            " (use one of: eq, ne, in, not_in, present)",
        ),
        (
            "services/birth-report.yaml",
            "{field: submitter_name, op: present}",
            "{field: child_name_hanja, op: lt, value: abc}",
            "op 'lt' does not fit text field 'child_name_hanja'"
            " (use one of: eq, ne, in, not_in, present)",
        ),
        (
            "services/birth-report.yaml",
            "{field: submitter_name, op: present}",
            "{field: submitter_name, op: is_true}",
            "op 'is_true' does not fit person_name field 'submitter_name' (use one of: present)",
        ),
        (
            "services/birth-report.yaml",
            "required_when: {field: born_in_wedlock, op: is_true}",
            "required_when: {field: born_in_wedlock, op: in, value: [true]}",
            "op 'in' does not fit boolean field 'born_in_wedlock'"
            " (use one of: is_true, is_false, present)",
        ),
        (
            "bundles/moving.yaml",
            "{field: owns_vehicle, op: is_true}",
            "{field: owns_vehicle, op: eq, value: true}",
            "op 'eq' does not fit boolean field 'owns_vehicle'"
            " (use one of: is_true, is_false, present)",
        ),
    ],
)
def test_operator_that_does_not_fit_the_field(
    broken: Path, file: str, old: str, new: str, message: str
) -> None:
    path = broken / file
    line = _edit(path, old, new)
    assert _problems(broken) == [f"{path}:{line}: {message}"]


# -- values of the wrong type ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("new", "message"),
    [
        (
            '{field: deposit_krw, op: gt, value: "abc"}',
            "money field 'deposit_krw' is compared with 'abc': expected a whole number",
        ),
        (
            "{field: deposit_krw, op: gt, value: 60000000.5}",
            "money field 'deposit_krw' is compared with 60000000.5: expected a whole number",
        ),
        (
            "{field: deposit_krw, op: gt, value: yes}",
            "money field 'deposit_krw' is compared with True: expected a whole number",
        ),
    ],
)
def test_value_of_the_wrong_type(broken: Path, new: str, message: str) -> None:
    path = broken / "bundles" / "moving.yaml"
    line = _edit(path, "{field: deposit_krw, op: gt, value: 60000000}", new)
    assert _problems(broken) == [f"{path}:{line}: {message}"]


def test_empty_list_never_matches(broken: Path) -> None:
    path = broken / "services" / "seal-certificate.yaml"
    line = _edit(
        path,
        "{field: purpose, op: in, value: [real_estate_sale, vehicle_sale]}",
        "{field: purpose, op: in, value: []}",
    )
    assert _problems(broken) == [f"{path}:{line}: op 'in' with an empty list never matches"]


# -- bundles -----------------------------------------------------------------------------------


def test_bundle_field_rule_naming_an_unknown_field(broken: Path) -> None:
    path = broken / "bundles" / "moving.yaml"
    line = _edit(
        path,
        "required_when: {field: owns_vehicle, op: is_true}",
        "required_when: {field: owns_vehicel, op: is_true}",
    )
    assert _problems(broken) == [f"{path}:{line}: condition names unknown field 'owns_vehicel'"]


def _drop_shared_mobile(path: Path) -> None:
    _edit(
        path,
        "  - key: applicant_mobile\n"
        "    type: mobile\n"
        "    label: {ko: 연락처, en: Mobile number}\n"
        '    question: {ko: "연락받을 휴대전화 번호를 알려 주세요.",'
        ' en: "What mobile number can we reach you on?"}\n',
        "",
    )


def test_shared_key_two_members_use_must_be_declared(broken: Path) -> None:
    path = broken / "bundles" / "moving.yaml"
    _drop_shared_mobile(path)
    line = _edit(path, "service: vehicle-address-change", "service: vehicle-address-change")
    assert _problems(broken) == [
        f"{path}:{line}: members housing-lease-report, vehicle-address-change each mark a field"
        " 'shared: applicant_mobile', which this bundle does not declare in shared_fields:"
        " declare it (with its type and question) or the one answer is merged between them"
        " unchecked"
    ]


def test_shared_key_only_one_member_uses_needs_no_declaration(broken: Path) -> None:
    _drop_shared_mobile(broken / "bundles" / "moving.yaml")
    vehicle = broken / "services" / "vehicle-address-change.yaml"
    _edit(vehicle, "    shared: applicant_mobile\n", "")
    catalog = load_catalog(broken)
    assert "applicant_mobile" not in {s.key for s in catalog.bundle("moving").shared_fields}
