"""Shared fixtures: the catalog, the databases (SQLite and PostgreSQL), loopback-only sockets."""

from __future__ import annotations

import contextlib
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
from minwon.migrate import upgrade_database
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


def _require_postgres() -> None:
    if not _postgres_available():
        if os.environ.get("MINWON_REQUIRE_POSTGRES"):
            pytest.fail("PostgreSQL is required (MINWON_REQUIRE_POSTGRES) but not reachable")
        pytest.skip("PostgreSQL is not reachable at 127.0.0.1:5432")


@contextlib.contextmanager
def _postgres_schema() -> Iterator[Engine]:
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


@pytest.fixture(scope="session", params=["sqlite", "postgres"])
def migrated_engine(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Engine]:
    """A database of each kind, migrated once for the whole run; tests that share it keep to
    rows of their own (their own conversations, their own citizens)."""
    if request.param == "sqlite":
        engine = create_db_engine(f"sqlite:///{tmp_path_factory.mktemp('db') / 'shared.db'}")
        upgrade_database(engine)
        yield engine
        engine.dispose()
        return
    _require_postgres()
    with _postgres_schema() as engine:
        upgrade_database(engine)
        yield engine


@pytest.fixture
def postgres_engine() -> Iterator[Engine]:
    """A PostgreSQL engine on a fresh schema of its own, dropped afterwards."""
    _require_postgres()
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


def plain(text: str) -> str:
    """A reply's text with the non-breaking spaces inside dates as plain spaces."""
    return text.replace("\u00a0", " ")


# --- servers started by tests: loopback only, always stopped ---------------------------------


class ServedApp:
    """An ASGI app served by uvicorn on a free loopback port, in a thread of the test."""

    def __init__(self, app: Any) -> None:
        import threading

        import uvicorn

        config = uvicorn.Config(app, host="127.0.0.1", port=0, log_level="warning", lifespan="off")
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, daemon=True)
        self.app = app

    def __enter__(self) -> ServedApp:
        import time

        self.thread.start()
        deadline = time.monotonic() + 10
        while not self.server.started:
            if time.monotonic() > deadline or not self.thread.is_alive():
                raise RuntimeError("the test server did not start")
            time.sleep(0.01)
        return self

    @property
    def url(self) -> str:
        port = self.server.servers[0].sockets[0].getsockname()[1]
        return f"http://127.0.0.1:{port}"

    def __exit__(self, *_: object) -> None:
        self.server.should_exit = True
        self.thread.join(10)


@pytest.fixture
def agency_sim() -> Iterator[ServedApp]:
    """The agency simulator on a free loopback port (its config and state on ``.app.state``)."""
    from minwon.agencysim import create_sim_app

    with ServedApp(create_sim_app()) as served:
        yield served


def free_port() -> int:
    """A TCP port free on the loopback right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture(scope="module")
def own_postgres() -> Iterator[Any]:
    """A PostgreSQL instance of the test's own (to stop, freeze, restart), removed afterwards."""
    import shutil
    import tempfile

    from minwon.recovery.pginstance import PG_BIN, PgInstance

    if not (PG_BIN / "initdb").exists() or shutil.which("runuser") is None:
        if os.environ.get("MINWON_REQUIRE_POSTGRES"):
            pytest.fail(f"PostgreSQL binaries are required in {PG_BIN}")
        pytest.skip(f"no PostgreSQL binaries in {PG_BIN}")
    instance = PgInstance(Path(tempfile.mkdtemp(prefix="minwon-pg-", dir="/tmp")), free_port())
    try:
        instance.init()
        instance.start()
        yield instance
    finally:
        instance.destroy()
