"""Real headless Chromium (the Debian package) driving the real app over HTTP on loopback.

The browser tests skip with a reason when Chromium or Playwright is missing, except when
``MINWON_REQUIRE_BROWSER=1`` (CI): then a missing browser fails the run.
"""

from __future__ import annotations

import datetime as dt
import importlib.util
import os
import shutil
import socket
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import pyotp
import pytest
import uvicorn

from minwon.api import create_app
from minwon.catalog import Catalog
from minwon.clock import FixedClock
from minwon.config import Settings
from minwon.db import create_db_engine
from minwon.dialogue import FormField
from minwon.migrate import upgrade_database
from minwon.nlu import Router

if TYPE_CHECKING:
    from playwright.sync_api import Browser, BrowserContext, ConsoleMessage, Locator, Page

ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = ROOT / "bench" / "out" / "screenshots"
START = dt.datetime(2026, 11, 28, 10, 0)  # a Saturday in KST; "today" for every deadline
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 360, "height": 740}
PASSWORD = "correct horse battery staple"
STEP = dt.timedelta(seconds=30)  # one authenticator step: each code works once


def _missing_browser() -> str | None:
    if shutil.which("chromium") is None:
        return "Chromium is not installed (apt-get install -y chromium fonts-nanum)"
    if importlib.util.find_spec("playwright") is None:
        return "Playwright is not installed (pip install -e '.[test]')"
    return None


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """One Chromium for the session; each test gets its own context (cookies, storage)."""
    reason = _missing_browser()
    if reason is not None:
        if os.environ.get("MINWON_REQUIRE_BROWSER") == "1":
            pytest.fail(f"browser tests are required (MINWON_REQUIRE_BROWSER=1): {reason}")
        pytest.skip(reason)
    from playwright.sync_api import expect, sync_playwright

    # The app answers on loopback in milliseconds, but a loaded CI machine may be slow.
    expect.set_options(timeout=15_000)
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=shutil.which("chromium"), args=CHROMIUM_ARGS
        )
        yield chromium
        chromium.close()


@dataclass(frozen=True)
class LiveServer:
    """The app served by uvicorn on 127.0.0.1; ``clock`` is its time, moved by the test."""

    base_url: str
    clock: FixedClock

    def url(self, path: str) -> str:
        return f"{self.base_url}{path}"


def _serve(server: uvicorn.Server, sock: socket.socket) -> None:
    server.run(sockets=[sock])


@pytest.fixture
def live_server(tmp_path: Path, catalog: Catalog, router: Router) -> Iterator[LiveServer]:
    """The real app on a fresh SQLite database and a fixed clock, on a free loopback port."""
    url = f"sqlite:///{tmp_path / 'browser.db'}"
    engine = create_db_engine(url)
    upgrade_database(engine)
    clock = FixedClock(START)
    # Development and test are served over plain http://127.0.0.1: no Secure cookies there.
    settings = Settings(database_url=url, environment="test", session_cookie_secure=False)
    app = create_app(settings, catalog=catalog, engine=engine, clock=clock, router=router)
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    config = uvicorn.Config(app, log_level="warning", ws="none", lifespan="off")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=_serve, args=(server, sock), daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started and thread.is_alive() and time.monotonic() < deadline:
        time.sleep(0.02)
    assert server.started, "the test server did not start"
    try:
        yield LiveServer(f"http://127.0.0.1:{port}", clock)
    finally:
        server.should_exit = True
        thread.join(timeout=30)
        sock.close()
        engine.dispose()


@pytest.fixture
def context(browser: Browser) -> Iterator[BrowserContext]:
    """A fresh browser profile: no cookies, no session storage."""
    new = browser.new_context(viewport=DESKTOP, locale="ko-KR")
    yield new
    new.close()


@pytest.fixture
def page(context: BrowserContext) -> Iterator[Page]:
    """A tab that fails the test on a script error or a Content-Security-Policy violation."""
    tab = context.new_page()
    problems: list[str] = []

    def on_console(message: ConsoleMessage) -> None:
        if message.type == "error" and "Content Security Policy" in message.text:
            problems.append(message.text)

    tab.on("pageerror", lambda error: problems.append(f"script error: {error}"))
    tab.on("console", on_console)
    yield tab
    assert problems == [], problems


class ChatPage:
    """The conversation page as a person uses it: typing, tapping, reading replies."""

    def __init__(self, page: Page, server: LiveServer, canned: Callable[[FormField], str]) -> None:
        self.page = page
        self.server = server
        self.canned = canned

    def open(self, lang: str = "ko") -> None:
        self.page.goto(self.server.url(f"/chat?lang={lang}"))

    @property
    def replies(self) -> Locator:
        return self.page.locator("#log li.msg.bot")

    @property
    def phase(self) -> str | None:
        return self.page.locator("#log").get_attribute("data-phase")

    def next_reply(self, action: Callable[[], object]) -> Locator:
        from playwright.sync_api import expect

        before = self.replies.count()
        action()
        expect(self.replies).to_have_count(before + 1)
        return self.replies.last

    def say(self, text: str) -> Locator:
        """Type ``text`` in the message box and press Enter; the new reply."""

        def type_and_send() -> None:
            self.page.get_by_role("textbox", name=self._message_label(), exact=True).fill(text)
            self.page.keyboard.press("Enter")

        return self.next_reply(type_and_send)

    def _message_label(self) -> str:
        return self.page.locator("#message-label").inner_text()

    def tap(self, label: str) -> Locator:
        """Tap the answer button (quick reply or option) called ``label``; the new reply."""
        buttons = self.page.locator("#asking, #quick")
        button = buttons.get_by_role("button", name=label, exact=True)
        return self.next_reply(button.click)

    def answer_current(self) -> Locator:
        """Answer what is being asked with the page's own control, as a person would."""
        if self.phase in ("proposed", "members", "clarifying"):
            return self.next_reply(self.page.locator("#quick button").first.click)
        asking = self.page.locator("#asking")
        if asking.is_visible():
            if asking.locator("input[type=date]").count():
                asking.locator("input[type=date]").fill("2026-11-20")
            elif asking.locator("select").count():
                asking.locator("select").select_option(index=1)
            return self.next_reply(asking.locator("button").first.click)
        kind = self.page.locator("#message").get_attribute("data-field-type") or "text"
        field = FormField(key="-", label="-", question="-", type=kind, required=True)
        return self.say(self.canned(field))

    def answer_until_summary(self, limit: int = 40) -> None:
        for _ in range(limit):
            if self.phase == "confirming":
                return
            self.answer_current()
        raise AssertionError(f"no summary after {limit} answers")


@pytest.fixture
def chat(
    page: Page, live_server: LiveServer, canned_answer: Callable[[FormField], str]
) -> ChatPage:
    return ChatPage(page, live_server, canned_answer)


class Citizen:
    """Signing up and in on the portal's pages, with an authenticator app read by pyotp."""

    password = PASSWORD

    def __init__(self, server: LiveServer) -> None:
        self.server = server

    def sign_up(self, page: Page, email: str) -> str:
        """On /signup: create the account, enrol the app, step up; the authenticator key."""
        form = page.locator("#step-account")
        form.get_by_label("이름").fill("김민원")
        form.get_by_label("이메일").fill(email)
        form.get_by_label("비밀번호").fill(PASSWORD)
        form.get_by_role("button", name="계정 만들기").click()
        secret = self.enrol_authenticator(page)
        self.enter_code(page, secret)
        return secret

    def enrol_authenticator(self, page: Page) -> str:
        """On the enrolment step: read the key, confirm, keep the recovery codes; the key."""
        from playwright.sync_api import expect

        enrol = page.locator("#step-enrol")
        qr = enrol.get_by_role("img", name="인증 앱 설정용 QR 코드")
        expect(qr).to_be_visible()
        assert qr.evaluate("image => image.complete && image.naturalWidth > 0"), "no QR code"
        secret = enrol.locator("#totp-secret").inner_text().replace(" ", "")
        enrol.get_by_label("6자리 코드").fill(pyotp.TOTP(secret).at(self.server.clock.now()))
        enrol.get_by_role("button", name="연결 확인").click()
        recovery = page.locator("#step-recovery")
        expect(recovery.locator("#recovery-codes li").first).to_be_visible()
        go_on = recovery.get_by_role("button", name="계속")
        expect(go_on).to_be_disabled()  # not before "I saved them"
        recovery.get_by_label("복구 코드를 안전한 곳에 저장했어요").check()
        go_on.click()
        return secret

    def enter_code(self, page: Page, secret: str) -> None:
        """The authenticator's next code on the code step (the clock moves one step first)."""
        self.server.clock.advance(STEP)
        step = page.locator("#step-code")
        step.get_by_label("6자리 코드").fill(pyotp.TOTP(secret).at(self.server.clock.now()))
        step.get_by_role("button", name="확인", exact=True).click()


@pytest.fixture
def citizen(live_server: LiveServer) -> Citizen:
    return Citizen(live_server)


@pytest.fixture
def screenshot(page: Page) -> Callable[..., Path]:
    """Save the page as ``bench/out/screenshots/<name>.png`` (git-ignored) for people to look at."""

    def take(name: str, *, full_page: bool = True) -> Path:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        path = SCREENSHOTS / f"{name}.png"
        if full_page:
            page.evaluate("window.scrollTo(0, 0)")  # sticky panels where a reader expects them
        page.screenshot(path=str(path), full_page=full_page)
        return path

    return take
