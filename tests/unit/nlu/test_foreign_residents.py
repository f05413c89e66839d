"""A registered foreigner's move is 체류지 변경신고 (출입국관리법), not the 전입신고.

The catalog service ``stay-address-change`` is being added on main; the router's training data
(``data/examples/foreigners.yaml``) already holds its examples and uses them as soon as the
catalog has the service. This test gives a copy of the catalog that service, as main will.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from minwon.catalog import load_catalog
from minwon.nlu import Router

from .conftest import TODAY

_STAY = "stay-address-change"


@pytest.fixture(scope="module")
def router_with_stay(tmp_path_factory: pytest.TempPathFactory, catalog_dir: Path) -> Router:
    target = tmp_path_factory.mktemp("catalog") / "catalog"
    shutil.copytree(catalog_dir, target)
    if not (target / "services" / f"{_STAY}.yaml").exists():
        _add_stay_service(target)
    return Router.from_catalog(load_catalog(target))


def _add_stay_service(root: Path) -> None:
    """The move-in report's file, renamed: enough for routing, which reads names and examples."""
    data = yaml.safe_load((root / "services" / "move-in-report.yaml").read_text("utf-8"))
    data.update(
        id=_STAY,
        name={"ko": "체류지 변경신고", "en": "Report of change of residence (foreigners)"},
        description={
            "ko": "외국인등록을 한 외국인이 이사하면 새 체류지로 옮긴 사실을 신고해요.",
            "en": "A registered foreign resident who moves reports the new place of residence.",
        },
        keywords={"ko": "체류지 변경, 외국인 이사, 외국인등록증 주소 변경",
                  "en": "stay address change, ARC address, foreigner change of address"},
        examples={
            "ko": [f"외국인 체류지 변경 신고 예시 {i}" for i in range(15)],
            "en": [f"foreign resident address change example {i}" for i in range(8)],
        },
    )  # fmt: skip
    data.pop("related", None)
    text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
    (root / "services" / f"{_STAY}.yaml").write_text(text, "utf-8")


@pytest.mark.parametrize(
    "text",
    [
        "I'm on a work visa and just moved to a new apartment",
        "외국인등록증 있는데 원룸으로 이사했어요",
        "I hold an ARC and changed my address last week",
        "유학생인데 이사해서 체류지 신고해야 해요",
    ],
)
def test_a_foreign_residents_move_is_the_stay_address_change(
    router_with_stay: Router, text: str
) -> None:
    result = router_with_stay.route(text, today=TODAY)
    assert not result.abstain
    assert result.services[0] == _STAY


@pytest.mark.parametrize(
    "text",
    ["지난주에 마포구로 이사했어요 전입신고", "I'm Korean and moved apartments, move-in report"],
)
def test_a_citizens_move_stays_the_move_in_report(router_with_stay: Router, text: str) -> None:
    result = router_with_stay.route(text, today=TODAY)
    assert result.services[0] == "move-in-report"


def test_without_the_service_a_foreigners_move_is_never_an_error(router: Router) -> None:
    result = router.route("I'm on a work visa and just changed apartments", today=TODAY)
    assert _STAY not in result.services
