"""Shared fixtures: the catalog, the databases (SQLite and PostgreSQL), loopback-only sockets."""

from __future__ import annotations

import datetime as dt
import os
import socket
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, text

from minwon.catalog import Catalog, load_catalog
from minwon.db import create_db_engine
from minwon.dialogue import DialogueEngine, FormField, Turn
from minwon.nlu import Router

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
POSTGRES_URL = os.environ.get(
    "MINWON_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)
LOOPBACK = ("127.", "::1", "localhost")

_real_connect = socket.socket.connect


def _loopback_only(self: socket.socket, address: Any) -> Any:
    # Tests may talk to services on this machine only; anything else is a bug in the test.
    if self.family in (socket.AF_INET, socket.AF_INET6):
        host = str(address[0])
        if not host.startswith(LOOPBACK):
            raise RuntimeError(f"tests may only connect to loopback, not {host}")
    return _real_connect(self, address)


@pytest.fixture(autouse=True, scope="session")
def _network_limited_to_loopback() -> Iterator[None]:
    socket.socket.connect = _loopback_only  # type: ignore[method-assign]
    yield
    socket.socket.connect = _real_connect  # type: ignore[method-assign]


@pytest.fixture(scope="session")
def catalog() -> Catalog:
    """The real catalog shipped with minwon."""
    return load_catalog()


@pytest.fixture(scope="session")
def catalog_dir() -> Path:
    return ROOT / "catalog"


def _postgres_available() -> bool:
    try:
        with socket.create_connection(("127.0.0.1", 5432), timeout=1):
            return True
    except OSError:
        return False


@pytest.fixture
def postgres_engine() -> Iterator[Engine]:
    """A PostgreSQL engine on a fresh schema of its own, dropped afterwards."""
    if not _postgres_available():
        if os.environ.get("MINWON_REQUIRE_POSTGRES"):
            pytest.fail("PostgreSQL is required (MINWON_REQUIRE_POSTGRES) but not reachable")
        pytest.skip("PostgreSQL is not reachable at 127.0.0.1:5432")
    schema = f"t_{uuid.uuid4().hex[:12]}"
    admin = create_db_engine(POSTGRES_URL)
    with admin.begin() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    engine = create_db_engine(POSTGRES_URL, connect_args={"options": f"-csearch_path={schema}"})
    try:
        yield engine
    finally:
        engine.dispose()
        with admin.begin() as connection:
            connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


@pytest.fixture
def sqlite_engine(tmp_path: Path) -> Iterator[Engine]:
    engine = create_db_engine(f"sqlite:///{tmp_path / 'minwon.db'}")
    yield engine
    engine.dispose()


@pytest.fixture(params=["sqlite", "postgres"])
def engine(request: pytest.FixtureRequest) -> Engine:
    """Each database test runs on SQLite and on PostgreSQL."""
    fixture: Engine = request.getfixturevalue(f"{request.param}_engine")
    return fixture


@pytest.fixture(scope="session")
def router(catalog: Catalog) -> Router:
    """The language router trained on the real catalog (about a second; built once)."""
    return Router.from_catalog(catalog)


TODAY = dt.date(2026, 11, 28)

# Valid answers by field type, for conversations that must reach the end.
CANNED_ANSWERS: dict[str, str] = {
    "text": "테스트 입력",
    "person_name": "김민원",
    "rrn": "900101-1234567",
    "frn": "900101-5234567",
    "rrn_or_frn": "900101-1234567",
    "road_address": "서울특별시 마포구 월드컵북로 212, 101동 1001호",
    "postal_code": "03925",
    "sigungu": "마포구",
    "legal_dong": "마포구 서교동",
    "mobile": "010-1234-5678",
    "phone": "02-123-4567",
    "email": "citizen@example.com",
    "bizno": "124-81-00998",
    "corpno": "110111-0000000",
    "vehicle_no": "12가3456",
    "vin": "KMHEM41BPXA000001",
    "passport_no": "M12345678",
    "roman_name": "KIM MINWON",
    "date": "2026-11-20",
    "datetime": "2026-11-20 10:30",
    "money": "0",
    "integer": "1",
    "decimal": "84.5",
    "boolean": "예",
    "bank_account": "국민은행 123456-78-901234",
    "lot_number": "123-4",
    "industry_code": "722000",
}


Finisher = Callable[..., Turn]


@pytest.fixture(scope="session")
def dialogue_engine(catalog: Catalog, router: Router) -> DialogueEngine:
    return DialogueEngine(catalog, router)


@pytest.fixture
def finish(dialogue_engine: DialogueEngine) -> Finisher:
    """Answer every remaining question with a valid answer until the summary is shown."""

    def run(turn: Turn, overrides: dict[str, str] | None = None, limit: int = 80) -> Turn:
        for _ in range(limit):
            if turn.state.phase in ("confirming", "submitted", "cancelled"):
                return turn
            if turn.state.phase in ("proposed", "members"):
                turn = dialogue_engine.handle(
                    turn.state, "네" if turn.state.lang == "ko" else "yes", today=TODAY
                )
                continue
            assert turn.reply.form, (
                f"no question asked in phase {turn.state.phase}: {turn.reply.text}"
            )
            field = turn.reply.form[0]
            answer = (overrides or {}).get(field.key) or canned_answer(field)
            turn = dialogue_engine.handle(turn.state, answer, today=TODAY)
        raise AssertionError("the conversation did not reach the summary")

    return run


def canned_answer(field: FormField) -> str:
    """A valid answer to the question ``field``: its first option, or a value of its type."""
    return field.options[0].value if field.options else CANNED_ANSWERS[field.type]


@pytest.fixture(name="canned_answer")
def canned_answer_fixture() -> Callable[[FormField], str]:
    return canned_answer
