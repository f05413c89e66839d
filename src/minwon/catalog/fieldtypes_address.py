"""Field types for places: 시군구, 법정동, 지번, 우편번호 and 도로명주소 (korean-services.md §1.3).

Names are resolved to codes with :mod:`minwon.catalog.regions`. A 도로명주소 is parsed, not
verified: there is no road-name table here, so a road that does not exist in that 시군구 is
accepted as written.
"""

from __future__ import annotations

import re
from typing import Any, NamedTuple

from minwon.catalog.address_model import RoadAddress
from minwon.catalog.fieldtypes_address_en import is_romanised, parse_english_address
from minwon.catalog.fieldtypes_base import Messages, ParseContext, code_text, compact_code, fail
from minwon.catalog.regions import RegionTable, Sigungu, load_region_table

__all__ = [
    "LotNumber",
    "RoadAddress",
    "parse_legal_dong",
    "parse_lot_number",
    "parse_postal_code",
    "parse_road_address",
    "parse_sigungu",
]

MESSAGES: Messages = {
    "postal_shape": ("우편번호 5자리를 입력해 주세요.", "Please enter the 5-digit postal code."),
    "postal_old": (
        "예전 6자리 우편번호예요. 2015년부터 쓰는 5자리 우편번호를 입력해 주세요.",
        "That is an old 6-digit postal code; please give the 5-digit code used since 2015.",
    ),
    "unknown_sigungu": (
        "'{name}'(이)라는 시·군·구를 찾을 수 없어요.",
        "We could not find a city, county or district called '{name}'.",
    ),
    "ambiguous_sigungu": (
        "'{name}'은(는) 여러 곳에 있어요: {candidates}. 시·도를 함께 적어 주세요.",
        "There are several places called '{name}': {candidates}. Please add the province or city.",
    ),
    "missing_sigungu": (
        "시·군·구를 함께 적어 주세요 (예: 서울특별시 마포구 월드컵북로 212).",
        "Please include the city, county or district (e.g. 서울특별시 마포구 월드컵북로 212).",
    ),
    "unknown_legal_dong": (
        "'{name}'(이)라는 동·읍·면·리를 찾을 수 없어요.",
        "We could not find a neighbourhood, town or village called '{name}'.",
    ),
    "ambiguous_legal_dong": (
        "'{name}'은(는) 여러 곳에 있어요: {candidates}. 시·군·구를 함께 적어 주세요.",
        "There are several places called '{name}': {candidates}. Please add the district.",
    ),
    "lot_shape": (
        "지번을 123-4 또는 산 12-3 처럼 입력해 주세요.",
        "Please give the lot number like 123-4 or 산 12-3.",
    ),
    "missing_road": (
        "도로명(…로, …길)을 찾을 수 없어요. "
        "도로명주소를 서울특별시 마포구 월드컵북로 212 처럼 입력해 주세요.",
        "We could not find the road name (…로, …길); "
        "please write it like 서울특별시 마포구 월드컵북로 212.",
    ),
    "missing_building_number": (
        "도로명 뒤에 건물번호를 적어 주세요 (예: 월드컵북로 212).",
        "Please add the building number after the road name (e.g. 월드컵북로 212).",
    ),
}

_MAX_LISTED = 8


def _listing(names: list[str]) -> str:
    shown = ", ".join(names[:_MAX_LISTED])
    return shown if len(names) <= _MAX_LISTED else f"{shown} (+{len(names) - _MAX_LISTED})"


def parse_postal_code(raw: Any, ctx: ParseContext) -> str:
    """A 5-digit 우편번호 (국가기초구역번호, since 2015-08)."""
    text = compact_code(raw, limit=20)
    if re.fullmatch(r"\d{5}", text) and text.isascii():
        return text
    if re.fullmatch(r"\d{3}-?\d{3}", text):
        raise fail(MESSAGES, "postal_old")
    raise fail(MESSAGES, "postal_shape")


def _one_sigungu(name: str, candidates: list[Sigungu]) -> Sigungu:
    if not candidates:
        raise fail(MESSAGES, "unknown_sigungu", name=name)
    if len(candidates) > 1:
        listing = _listing([c.full_name for c in candidates])
        raise fail(MESSAGES, "ambiguous_sigungu", name=name, candidates=listing)
    return candidates[0]


def parse_sigungu(raw: Any, ctx: ParseContext) -> str:
    """A 시군구 name ("마포구", "서울 중구", "수원시 영통구") as its 5-digit code."""
    name = code_text(raw, limit=60)
    return _one_sigungu(name, load_region_table().find_sigungu(name)).code


def _one_legal_dong(name: str, table: RegionTable, sigungu_code: str | None) -> str:
    found = table.find_legal_dong(name, sigungu_code)
    if not found:
        raise fail(MESSAGES, "unknown_legal_dong", name=name)
    if len(found) > 1:
        listing = _listing([full for _, full in found])
        raise fail(MESSAGES, "ambiguous_legal_dong", name=name, candidates=listing)
    return found[0][0]


def parse_legal_dong(raw: Any, ctx: ParseContext) -> str:
    """A 법정동 (or 읍·면·리), best with its 시군구 ("마포구 서교동"), as its 10-digit code."""
    return _one_legal_dong(code_text(raw, limit=80), load_region_table(), None)


class LotNumber(NamedTuple):
    """A 지번: 본번, 부번 (0 when none) and whether it is on a 임야 (산) register."""

    main: int
    sub: int
    mountain: bool


_MOUNTAIN = "산"  # 임야대장 lots are written with 산 before the number
_LOT = re.compile(rf"({_MOUNTAIN})?\s*(\d{{1,4}})(?:\s*-\s*(\d{{1,4}}))?\s*(?:번지)?")


def parse_lot_number(raw: Any, ctx: ParseContext) -> LotNumber:
    """A 지번: ``"123-4"`` → (123, 4, False); ``"산 12-3"`` → (12, 3, True); ``"7번지"``."""
    match = _LOT.fullmatch(code_text(raw, limit=30))
    if not match or int(match[2]) == 0:
        raise fail(MESSAGES, "lot_shape")
    return LotNumber(int(match[2]), int(match[3] or 0), match[1] is not None)


# Words and endings of the 도로명주소 grammar (도로명주소법 시행령 제3조: 시도 시군구 [읍면]
# 도로명 건물번호, 상세주소 (참고항목)).
_ROAD = re.compile(r"[가-힣A-Za-z0-9·.]*[가-힣][가-힣A-Za-z0-9·.]*(?:로|길)")
_ROAD_SUFFIX = re.compile(r"\d+[가-힣]{0,2}길")  # "올림픽로 35길", "중앙로 7번길"
_GLUED_NUMBER = re.compile(r"(.*[가-힣](?:로|길))(\d+(?:-\d+)?)")
_BUILDING_NUMBER = re.compile(r"(\d{1,5})(?:-(\d{1,4}))?(?:번)?")
_UNDERGROUND = "지하"
_EUP_MYEON = ("읍", "면")
_LOCAL_ENDINGS = ("동", "가", "리", "읍", "면", "로")  # a few 법정동 end in 로 ("세종로")
_POSTAL_PREFIX = re.compile(r"\(?(\d{5})\)?\s+")
_REFERENCE = re.compile(r"\(([^()]*)\)$")
_DETAIL_DONG = re.compile(r"([0-9A-Za-z가-힣]+)동(?![가-힣])")
_DETAIL_FLOOR = re.compile(r"((?:지하|B)?\s*\d+)층")
_DETAIL_HO = re.compile(r"([A-Za-z]?\d+[A-Za-z]?)호")


def _split_tokens(head: str) -> list[str]:
    tokens: list[str] = []
    for token in head.split():
        glued = _GLUED_NUMBER.fullmatch(token)
        if glued and not token.endswith(("로", "길")):
            tokens.extend([glued[1], glued[2]])
        elif token.startswith(_UNDERGROUND) and token[len(_UNDERGROUND) :].isdigit():
            tokens.extend([_UNDERGROUND, token[len(_UNDERGROUND) :]])
        else:
            tokens.append(token)
    return tokens


class _Road(NamedTuple):
    start: int  # where the road name starts among the tokens
    name: str
    underground: bool
    main: int
    sub: int
    rest: list[str]  # tokens after the building number: the start of the detail


def _find_road(tokens: list[str]) -> _Road:
    saw_road = False
    for i, token in enumerate(tokens):
        if not _ROAD.fullmatch(token):
            continue
        saw_road = True
        name, j = token, i + 1
        if j < len(tokens) and _ROAD_SUFFIX.fullmatch(tokens[j]):
            name, j = name + tokens[j], j + 1
        underground = j < len(tokens) and tokens[j] == _UNDERGROUND
        j += underground
        number = _BUILDING_NUMBER.fullmatch(tokens[j]) if j < len(tokens) else None
        if number and int(number[1]) > 0:
            return _Road(i, name, underground, int(number[1]), int(number[2] or 0), tokens[j + 1 :])
    if saw_road:
        raise fail(MESSAGES, "missing_building_number")
    raise fail(MESSAGES, "missing_road")


def _resolve_region(
    table: RegionTable, tokens: list[str], dong_hint: str | None
) -> tuple[Sigungu, list[str]]:
    """The 시군구 named by the leading tokens, and the 읍·면·동 tokens that follow it."""
    region = " ".join(tokens)
    for k in range(min(2, len(tokens) - 1) + 1):
        local = tokens[len(tokens) - k :]
        if k and not all(t.endswith(_LOCAL_ENDINGS) for t in local):
            continue
        candidates = table.find_sigungu(" ".join(tokens[: len(tokens) - k]))
        hint = " ".join(local) or dong_hint
        if len(candidates) > 1 and hint:
            narrowed = [c for c in candidates if table.find_legal_dong(hint, c.code)]
            candidates = narrowed or candidates
        if candidates:
            return _one_sigungu(region, candidates), local
    if not tokens or table.find_sido(region):
        raise fail(MESSAGES, "missing_sigungu")
    raise fail(MESSAGES, "unknown_sigungu", name=region)


def _reference_parts(reference: str | None) -> tuple[str | None, str | None]:
    """(법정동 name, building name) from the 참고항목 "(성산동, 월드컵아파트)"."""
    if not reference:
        return None, None
    parts = [p.strip() for p in reference.split(",") if p.strip()]
    if parts and re.fullmatch(r"[가-힣0-9]+", parts[0]) and parts[0].endswith(_LOCAL_ENDINGS):
        return parts[0], ", ".join(parts[1:]) or None
    return None, ", ".join(parts) or None


def _first(pattern: re.Pattern[str], text: str | None) -> str | None:
    match = pattern.search(text) if text else None
    return match[1].replace(" ", "") if match else None


def parse_road_address(raw: Any, ctx: ParseContext) -> RoadAddress:
    """A 도로명주소 such as "서울특별시 마포구 월드컵북로 212, 101동 1001호 (성산동)".

    Short forms work: "서울 마포구 월드컵북로 212", "마포구 월드컵북로 212" (when the 구 name
    is unique). A leading 5-digit 우편번호 is kept. The 법정동 code is resolved when the address
    names a 동, 읍 or 면 (in the 참고항목 or before the road). An address in Revised Romanization
    ("212 World Cup buk-ro, Mapo-gu, Seoul") goes to :func:`parse_english_address`.
    """
    text = code_text(raw, limit=200)
    if is_romanised(text):
        return parse_english_address(text)
    postal = _POSTAL_PREFIX.match(text)
    text = text[postal.end() :] if postal else text
    reference = _REFERENCE.search(text)
    text = text[: reference.start()].strip() if reference else text
    dong_name, building_name = _reference_parts(reference[1] if reference else None)
    head, _, detail_text = text.partition(",")
    tokens = _split_tokens(head)
    road = _find_road(tokens)
    table = load_region_table()
    sigungu, local = _resolve_region(table, tokens[: road.start], dong_name)
    detail = " ".join([*road.rest, *detail_text.split()]) or None
    eup_myeon = next((t for t in local if t.endswith(_EUP_MYEON)), None)
    dong_query = " ".join(local) or dong_name
    dong_code = _one_legal_dong(dong_query, table, sigungu.code) if dong_query else None
    address = _road_address(sigungu, road, eup_myeon, dong_code, building_name, detail)
    address["postal_code"] = postal[1] if postal else None
    if dong_code:
        address["legal_dong"] = table.legal_dong(dong_code).split()[-1]
    # 도로명주소법 시행령 제3조: the 참고항목 names the 법정동 only in 동 areas, not 읍·면.
    dong_part = None if eup_myeon else address["legal_dong"]
    reference_text = ", ".join(p for p in (dong_part, building_name) if p)
    address["text"] += f" ({reference_text})" if reference_text else ""
    return address


def _road_address(
    sigungu: Sigungu,
    road: _Road,
    eup_myeon: str | None,
    dong_code: str | None,
    building_name: str | None,
    detail: str | None,
) -> RoadAddress:
    number = f"{road.main}-{road.sub}" if road.sub else str(road.main)
    parts = [sigungu.full_name, eup_myeon, road.name, _UNDERGROUND if road.underground else None]
    text = " ".join(p for p in [*parts, number] if p)
    text += f", {detail}" if detail else ""
    return RoadAddress(
        text=text,
        sido=sigungu.sido_name,
        sido_code=sigungu.sido_code,
        sigungu=sigungu.name,
        sigungu_code=sigungu.code,
        eup_myeon=eup_myeon,
        road_name=road.name,
        underground=road.underground,
        building_main=road.main,
        building_sub=road.sub,
        legal_dong=None,
        legal_dong_code=dong_code,
        building_name=building_name,
        detail=detail,
        detail_dong=_first(_DETAIL_DONG, detail),
        detail_floor=_first(_DETAIL_FLOOR, detail),
        detail_ho=_first(_DETAIL_HO, detail),
        postal_code=None,
    )
