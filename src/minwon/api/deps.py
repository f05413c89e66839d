"""Typed dependencies shared by the routers."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from fastapi import Depends, Header, Query, Request

from minwon.api.i18n import SUPPORTED, Lang, negotiate_language
from minwon.api.problems import ProblemError
from minwon.catalog import Catalog
from minwon.clock import Clock

__all__ = ["AsOfDep", "CatalogDep", "ClockDep", "LangDep"]


def _catalog(request: Request) -> Catalog:
    catalog: Catalog = request.app.state.catalog
    return catalog


def _clock(request: Request) -> Clock:
    clock: Clock = request.app.state.clock
    return clock


def _lang(
    lang: Annotated[str | None, Query(description="ko or en; overrides Accept-Language")] = None,
    accept_language: Annotated[str | None, Header()] = None,
) -> Lang:
    if lang is not None and lang not in SUPPORTED:
        raise ProblemError(400, "unsupported-language", value=lang[:20])
    return negotiate_language(lang, accept_language)


def _as_of(
    clock: Annotated[Clock, Depends(_clock)],
    on: Annotated[
        dt.date | None, Query(description="Show fees and amounts in force on this date")
    ] = None,
) -> dt.date:
    return on or clock.today()


CatalogDep = Annotated[Catalog, Depends(_catalog)]
ClockDep = Annotated[Clock, Depends(_clock)]
LangDep = Annotated[Lang, Depends(_lang)]
AsOfDep = Annotated[dt.date, Depends(_as_of)]
