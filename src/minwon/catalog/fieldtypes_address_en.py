"""도로명주소 written in Revised Romanization: "212 World Cup buk-ro, Mapo-gu, Seoul, 101-1001".

Foreign residents and English-language forms write the road-name address in the order of the
official English address (건물번호, 도로명, 시군구, 시도). The 시도 and 시군구 are resolved
from their English names; the street line is kept as written, since a romanised road name has
no single spelling to check it against.
"""

from __future__ import annotations

import re

from minwon.catalog.address_model import RoadAddress
from minwon.catalog.fieldtypes_base import Messages, fail
from minwon.catalog.regions import RegionTable, Sigungu, load_region_table

__all__ = ["is_romanised", "parse_english_address"]

MESSAGES: Messages = {
    "missing_road_en": (
        "도로명(…-ro, …-gil)과 건물번호를 찾을 수 없어요. "
        "212 World Cup buk-ro, Mapo-gu, Seoul 처럼 입력해 주세요.",
        "We could not find the road name (…-ro, …-gil) with its building number; "
        "please write it like 212 World Cup buk-ro, Mapo-gu, Seoul.",
    ),
    "missing_region_en": (
        "시·군·구를 함께 적어 주세요 (예: 212 World Cup buk-ro, Mapo-gu, Seoul).",
        "Please include the district and city (e.g. 212 World Cup buk-ro, Mapo-gu, Seoul).",
    ),
    "ambiguous_region_en": (
        "'{name}'은(는) 여러 곳에 있어요: {candidates}. 시·도를 함께 적어 주세요.",
        "There are several places called '{name}': {candidates}. Please add the city or province.",
    ),
}

_ROAD_WORD = r"(?:[a-z0-9.'-]+-)?(?:daero|ro|gil|beon-gil|beongil)"
# "World Cup buk-ro", "Sejong-daero", "Teheran-ro 10-gil", "Jungang-ro 7beon-gil"
_ROAD = re.compile(
    rf"(?P<road>(?:[a-z][a-z0-9.']*\s+)*[a-z0-9.']*-?{_ROAD_WORD}(?:\s+\d+(?:-|\s*)(?:beon-?)?gil)?)",
    re.IGNORECASE,
)
_NUMBER = r"(?:b\s*)?\d{1,5}(?:-\d{1,4})?"
_STREET = re.compile(
    rf"^(?:(?P<before>{_NUMBER})\s*,?\s+)?{_ROAD.pattern}(?:\s*,?\s*(?P<after>{_NUMBER}))?$",
    re.IGNORECASE,
)
_POSTAL_IN = re.compile(r"(?:^|\s)(\d{5})(?:\s|$)")
_DONG_HO = re.compile(
    r"(?:(\d+)\s*(?:-|dong\s*|-dong\s*))?(?:#|no\.?\s*|unit\s*|apt\.?\s*|ho\s*)?(\d+)\s*(?:ho)?$",
    re.I,
)
_HANGUL = re.compile(r"[가-힣]")
_LATIN = re.compile(r"[A-Za-z]")


def is_romanised(text: str) -> bool:
    """An address written in Latin letters (no Hangul at all)."""
    return not _HANGUL.search(text) and bool(_LATIN.search(text))


def parse_english_address(text: str) -> RoadAddress:
    """Parse "212 World Cup buk-ro, Mapo-gu, Seoul, 101-1001" (any order of the comma parts)."""
    table = load_region_table()
    parts = [p.strip() for p in re.split(r",|\n", text) if p.strip()]
    street, region_parts, details, postal = None, [], [], None
    for part in parts:
        match = _STREET.match(part)
        code = _POSTAL_IN.search(part)
        rest = _POSTAL_IN.sub(" ", part).strip() if code else part
        if street is None and match and (match["before"] or match["after"]):
            street = match
        elif code and (not rest or _names_region(table, rest)):
            postal = code[1]
            region_parts += [_english_order(rest)] if rest else []
        elif _names_region(table, part):
            region_parts.append(_english_order(part))
        else:
            details.append(part)
    if street is None:
        raise fail(MESSAGES, "missing_road_en")
    sigungu = _resolve(table, region_parts)
    number = (street["before"] or street["after"] or "").upper().replace(" ", "")
    underground = number.startswith("B")
    main, _, sub = number.lstrip("B").partition("-")
    detail = ", ".join(details) or None
    dong, ho = _dong_ho(detail)
    written = ", ".join(_POSTAL_IN.sub(" ", p).strip() for p in parts if p != postal)
    return RoadAddress(
        text=written,
        sido=sigungu.sido_name,
        sido_code=sigungu.sido_code,
        sigungu=sigungu.name,
        sigungu_code=sigungu.code,
        eup_myeon=None,
        road_name=" ".join(street["road"].split()),
        underground=underground,
        building_main=int(main),
        building_sub=int(sub or 0),
        legal_dong=None,
        legal_dong_code=None,
        building_name=None,
        detail=detail,
        detail_dong=dong,
        detail_floor=None,
        detail_ho=ho,
        postal_code=postal,
    )


def _names_region(table: RegionTable, part: str) -> bool:
    return bool(table.find_sido(part) or table.find_sigungu(_english_order(part)))


def _english_order(part: str) -> str:
    """ "Mapo-gu Seoul" (English order, smallest first) as "Seoul Mapo-gu", which the region
    table reads; a part already in that order is kept."""
    words = part.split()
    if len(words) > 1 and load_region_table().find_sido(words[-1]):
        return " ".join([words[-1], *words[:-1]])
    return part


def _resolve(table: RegionTable, parts: list[str]) -> Sigungu:
    """The one 시군구 the region parts name together ("Mapo-gu" + "Seoul")."""
    sido = next((p for p in parts if table.find_sido(p) and not table.find_sigungu(p)), None)
    names = [p for p in parts if p != sido]
    if not names:
        if sido is not None:
            only = [s for s in table.all_sigungu() if s.sido_code == table.find_sido(sido)[0][0]]
            if len(only) == 1:  # 세종: the 시도 is its own 시군구
                return only[0]
        raise fail(MESSAGES, "missing_region_en")
    name = " ".join(names)
    candidates = table.find_sigungu(name, sido) if sido else table.find_sigungu(name)
    if len(candidates) == 1:
        return candidates[0]
    if not candidates:
        raise fail(MESSAGES, "missing_region_en")
    listed = ", ".join(table.english_name(c.code) for c in candidates[:6])
    raise fail(MESSAGES, "ambiguous_region_en", name=name, candidates=listed)


def _dong_ho(detail: str | None) -> tuple[str | None, str | None]:
    if not detail:
        return None, None
    match = _DONG_HO.search(detail.strip())
    if not match:
        return None, None
    return match[1], match[2]
