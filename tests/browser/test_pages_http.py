"""The portal's pages as the browser receives them (no browser needed): a strict Content
Security Policy, no inline script, the page texts complete in both languages, static files."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from minwon.api import create_app
from minwon.catalog import Catalog
from minwon.config import Settings
from minwon.db import create_db_engine
from minwon.migrate import upgrade_database
from minwon.nlu import Router

PAGES = ["/", "/services/move-in-report", "/chat", "/signin", "/signup", "/me/applications"]
SCRIPT = re.compile(r"<script\b([^>]*)>", re.IGNORECASE)


@pytest.fixture
def client(tmp_path: Path, catalog: Catalog, router: Router) -> Iterator[TestClient]:
    url = f"sqlite:///{tmp_path / 'pages.db'}"
    engine = create_db_engine(url)
    upgrade_database(engine)
    app = create_app(
        Settings(database_url=url, environment="test"),
        catalog=catalog,
        engine=engine,
        router=router,
    )
    with TestClient(app) as test_client:
        yield test_client
    engine.dispose()


def _texts(html: str) -> dict[str, object]:
    found = re.search(r'<script type="application/json" id="texts">(.*?)</script>', html, re.S)
    assert found, "the page has no texts for its scripts"
    texts: dict[str, object] = json.loads(found.group(1))
    return texts


@pytest.mark.parametrize("path", PAGES)
def test_every_page_forbids_inline_and_foreign_scripts(client: TestClient, path: str) -> None:
    response = client.get(path, params={"lang": "en"})
    assert response.status_code == 200
    policy = response.headers["content-security-policy"]
    assert "default-src 'self'" in policy
    assert "unsafe-inline" not in policy
    assert response.headers["content-language"] == "en"
    for attributes in SCRIPT.findall(response.text):
        assert "src=" in attributes or 'type="application/json"' in attributes, attributes
    assert "<style" not in response.text
    assert 'style="' not in response.text


@pytest.mark.parametrize("path", ["/chat", "/signin", "/signup", "/me/applications"])
def test_portal_pages_carry_every_text_in_both_languages(client: TestClient, path: str) -> None:
    korean = _texts(client.get(path, params={"lang": "ko"}).text)
    english = _texts(client.get(path, params={"lang": "en"}).text)
    assert korean.keys() == english.keys()
    assert korean["lang"] == "ko"
    assert english["statuses"] == {
        "submitted": "submitted",
        "received": "received",
        "in_review": "in review",
        "supplement_requested": "supplement requested",
        "approved": "approved",
        "rejected": "rejected",
        "completed": "completed",
    }
    assert not any(re.search(r"[가-힣]", str(v)) for v in english.values() if v != english["lang"])


def test_the_language_switch_keeps_where_the_person_was_going(client: TestClient) -> None:
    html = client.get("/signin", params={"lang": "ko", "next": "/me/applications"}).text
    assert 'href="/signin?lang=en&amp;next=%2Fme%2Fapplications"' in html


@pytest.mark.parametrize(
    ("path", "kind"),
    [
        ("/static/minwon.css", "text/css"),
        ("/static/js/chat.js", "javascript"),
        ("/static/js/auth.js", "javascript"),
        ("/static/favicon.svg", "image/svg+xml"),
    ],
)
def test_static_files_are_served(client: TestClient, path: str, kind: str) -> None:
    response = client.get(path)
    assert response.status_code == 200
    assert kind in response.headers["content-type"]
