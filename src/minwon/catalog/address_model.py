"""A parsed 도로명주소, shared by the Korean and the romanised address parsers."""

from __future__ import annotations

from typing import TypedDict

__all__ = ["RoadAddress"]


class RoadAddress(TypedDict):
    """A parsed 도로명주소 with its region codes. Optional parts are ``None`` when absent."""

    text: str  # the address in the standard order, as it would be printed on a form
    sido: str
    sido_code: str
    sigungu: str  # "" for 세종특별자치시
    sigungu_code: str
    eup_myeon: str | None
    road_name: str
    underground: bool
    building_main: int
    building_sub: int
    legal_dong: str | None
    legal_dong_code: str | None
    building_name: str | None
    detail: str | None
    detail_dong: str | None
    detail_floor: str | None
    detail_ho: str | None
    postal_code: str | None
