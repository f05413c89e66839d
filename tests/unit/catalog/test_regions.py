"""The region table finds 시도, 시군구 and 법정동 by the names people actually use."""

from __future__ import annotations

import unicodedata
from importlib.resources import files

import pytest

from minwon.catalog.regions import RegionTable, load_region_table


@pytest.fixture(scope="module")
def table() -> RegionTable:
    return load_region_table()


def test_there_are_six_jung_gu(table: RegionTable) -> None:
    found = table.find_sigungu("중구")
    assert [s.full_name for s in found] == [
        "서울특별시 중구",
        "부산광역시 중구",
        "대구광역시 중구",
        "인천광역시 중구",
        "대전광역시 중구",
        "울산광역시 중구",
    ]


@pytest.mark.parametrize(
    ("name", "sido", "code"),
    [
        ("중구", "서울", "11140"),
        ("중구", "서울시", "11140"),
        ("중구", "대구광역시", "27110"),
        ("서울 중구", None, "11140"),
        ("서울특별시 마포구", None, "11440"),
        ("마포구", None, "11440"),
        ("마포", None, "11440"),
        ("영통구", None, "41117"),
        ("수원시 영통구", None, "41117"),
        ("수원 영통구", None, "41117"),
        ("경기도 수원시 영통구", None, "41117"),
        ("수원시", None, "41110"),
        ("광주시", None, "41610"),  # 경기도 광주시, not 광주광역시
        ("광주 북구", None, "29170"),
        ("북구", "광주", "29170"),
        ("세종", None, "36110"),
        ("세종특별자치시", None, "36110"),
        ("제주시", None, "50110"),
        ("고성군", "강원도", "51820"),
        ("서울마포구", None, "11440"),
    ],
)
def test_find_sigungu_by_common_spellings(
    table: RegionTable, name: str, sido: str | None, code: str
) -> None:
    assert [s.code for s in table.find_sigungu(name, sido)] == [code]


def test_ambiguous_names_list_every_candidate(table: RegionTable) -> None:
    assert {s.sido_name for s in table.find_sigungu("고성군")} == {"강원특별자치도", "경상남도"}
    assert len(table.find_sigungu("강서구")) == 2


def test_unknown_names_find_nothing(table: RegionTable) -> None:
    assert table.find_sigungu("없는구") == []
    assert table.find_sigungu("중구", sido="없는도") == []
    assert table.find_sigungu("영통구", sido="서울") == []


def test_sigungu_record(table: RegionTable) -> None:
    yeongtong = table.sigungu("41117")
    assert (yeongtong.sido_code, yeongtong.sido_name) == ("41", "경기도")
    assert (yeongtong.name, yeongtong.full_name) == ("수원시 영통구", "경기도 수원시 영통구")
    sejong = table.sigungu("36110")
    assert (sejong.name, sejong.full_name) == ("", "세종특별자치시")
    with pytest.raises(KeyError):
        table.sigungu("99999")


def test_all_sigungu_holds_the_whole_table(table: RegionTable) -> None:
    codes = [s.code for s in table.all_sigungu()]
    assert len(codes) == 264
    assert codes == sorted(codes)


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("서울", "11"),
        ("부산", "26"),
        ("대구", "27"),
        ("인천", "28"),
        ("광주", "29"),
        ("대전", "30"),
        ("울산", "31"),
        ("세종", "36"),
        ("경기", "41"),
        ("강원", "51"),
        ("충북", "43"),
        ("충남", "44"),
        ("전북", "52"),
        ("전남", "46"),
        ("경북", "47"),
        ("경남", "48"),
        ("제주", "50"),
        ("강원도", "51"),
        ("전라북도", "52"),
        ("서울특별시", "11"),
        ("부산시", "26"),
        ("제주도", "50"),
        ("Busan", "26"),
    ],
)
def test_find_sido_short_full_and_old_names(table: RegionTable, name: str, code: str) -> None:
    assert [c for c, _ in table.find_sido(name)] == [code]


def test_find_sido_gives_the_current_full_name(table: RegionTable) -> None:
    assert table.find_sido("강원도") == [("51", "강원특별자치도")]
    assert table.find_sido("전라북도") == [("52", "전북특별자치도")]
    assert table.find_sido("없는도") == []


def test_legal_dong_names(table: RegionTable) -> None:
    assert table.legal_dong("1144012000") == "서울특별시 마포구 서교동"
    # The source file has trailing spaces on a few names; the packaged copy must not.
    assert table.legal_dong("4119200000") == "경기도 부천시 원미구"
    with pytest.raises(KeyError):
        table.legal_dong("0000000000")


@pytest.mark.parametrize(
    ("name", "sigungu_code", "expected"),
    [
        ("마포구 서교동", None, ["1144012000"]),
        ("서울 마포구 서교동", None, ["1144012000"]),
        ("서교동", "11440", ["1144012000"]),
        ("영통동", "41110", ["4111710500"]),  # a city's code covers its 일반구
        ("수원시 영통동", None, ["4111710500"]),
        ("대신면 천서리", None, ["4167035034"]),
        ("을지로 1가", None, ["1114010400"]),
        ("세종 반곡동", None, ["3611010100"]),
        ("서교동", "11110", []),
        ("없는동", None, []),
    ],
)
def test_find_legal_dong(
    table: RegionTable, name: str, sigungu_code: str | None, expected: list[str]
) -> None:
    assert [code for code, _ in table.find_legal_dong(name, sigungu_code)] == expected


def test_same_dong_name_in_two_cities(table: RegionTable) -> None:
    assert table.find_legal_dong("서교동") == [
        ("1144012000", "서울특별시 마포구 서교동"),
        ("4613011300", "전라남도 여수시 서교동"),
    ]


def test_table_is_loaded_once() -> None:
    assert load_region_table() is load_region_table()


def test_packaged_data_is_nfc() -> None:
    # The 법정동 index relies on the data being NFC already (it skips normalising 20,000 rows).
    data = files("minwon.catalog") / "data"
    for name in ("bjdong_code_active.tsv", "sido_sigungu_codes.csv", "sido_aliases.csv"):
        text = (data / name).read_text(encoding="utf-8")
        assert unicodedata.is_normalized("NFC", text), name
        assert "  " not in text, name
        assert " \t" not in text, name
