"""One router for the whole module tree: training it takes about a second."""

from __future__ import annotations

from datetime import date

import pytest

from minwon.catalog import load_catalog
from minwon.nlu import Router

TODAY = date(2026, 11, 28)  # a Saturday, the day the evaluation sets are written against


@pytest.fixture(scope="session")
def router() -> Router:
    return Router.from_catalog(load_catalog())
