"""Filing in a real browser: the summary asks for a second factor, the person signs up (or
signs in on another device) with an authenticator app, the chat carries on and files, and
"my applications" shows the receipt."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

try:
    from playwright.sync_api import expect
except ImportError:  # the `browser` fixture skips these tests (or fails them in CI)
    expect = None  # type: ignore[assignment]

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page
    from tests.browser.conftest import ChatPage, Citizen, LiveServer


def _seal_certificate_to_summary(chat: ChatPage) -> None:
    """A short service, answered with the page's own controls up to the summary."""
    chat.open("ko")
    expect(chat.say("인감증명서 떼고 싶어요")).to_contain_text("인감증명서")
    chat.answer_until_summary()
    expect(chat.replies.last).to_contain_text("이대로 제출할까요?")
    expect(chat.replies.last).to_contain_text("900101-1******")  # masked in the summary


def _submit_and_meet_the_sign_in_offer(chat: ChatPage, page: Page) -> None:
    waiting = chat.tap("제출")
    expect(waiting).to_contain_text("본인 확인")
    offer = page.get_by_role("region", name="본인 확인이 필요해요")
    expect(offer).to_be_visible()


def _expect_filed(chat: ChatPage, page: Page) -> str:
    """The chat carried on by itself after sign-in: filed, with a receipt; the receipt."""
    expect(page.locator("#log")).to_contain_text("로그인했어요. 하던 대화를 그대로 이어 갈게요.")
    expect(page.locator("#log")).to_contain_text("접수번호")
    expect(chat.replies.last).to_contain_text("접수번호")
    expect(page.get_by_role("region", name="본인 확인이 필요해요")).to_be_hidden()
    found = re.search(r"접수번호: ([^\s,]+?)\.", chat.replies.last.inner_text())
    assert found, "no receipt number in the reply"
    return found.group(1)


def test_sign_up_with_an_authenticator_then_the_chat_files_and_lists_the_receipt(
    chat: ChatPage, page: Page, citizen: Citizen, screenshot: Callable[..., Path]
) -> None:
    _seal_certificate_to_summary(chat)
    _submit_and_meet_the_sign_in_offer(chat, page)
    page.get_by_role("link", name="처음이에요: 계정 만들기").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("계정 만들기")
    citizen.sign_up(page, "jiwoo@example.kr")

    expect(page).to_have_url(re.compile(r"/chat\?lang=ko$"))
    receipt = _expect_filed(chat, page)
    page.get_by_role("link", name="내 신청 보기").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("내 신청")
    card = page.get_by_role("listitem").filter(has=page.get_by_role("heading", name="인감증명서"))
    expect(card).to_contain_text("제출됨")
    expect(card).to_contain_text(f"접수번호{receipt}")
    expect(card.get_by_role("heading", name="처리 내역")).to_be_visible()
    expect(card).to_contain_text("2026. 11. 28. 10:0")  # filed at the gateway's 10:00 KST
    screenshot("applications-ko")

    page.get_by_role("button", name="로그아웃").click()
    expect(page).to_have_url(re.compile(r"/\?lang=ko$"))
    page.goto(page.url.replace("/?lang=ko", "/me/applications?lang=ko"))
    expect(page.get_by_role("status")).to_have_text("내 신청을 보려면 로그인해 주세요.")
    expect(page.get_by_role("heading", name="인감증명서")).to_have_count(0)


def test_sign_in_on_another_device_steps_up_binds_the_conversation_and_files(
    browser: Browser, chat: ChatPage, page: Page, citizen: Citizen, live_server: LiveServer
) -> None:
    first_device = browser.new_context()
    try:
        setup = first_device.new_page()
        setup.goto(live_server.url("/signup?lang=ko"))
        secret = citizen.sign_up(setup, "minji@example.kr")
        expect(setup).to_have_url(re.compile(r"/chat\?lang=ko$"))
    finally:
        first_device.close()

    _seal_certificate_to_summary(chat)
    _submit_and_meet_the_sign_in_offer(chat, page)
    page.get_by_role("link", name="로그인하고 계속하기").click()
    page.get_by_label("이메일").fill("minji@example.kr")
    page.get_by_label("비밀번호").fill("not the password")
    page.get_by_role("button", name="로그인", exact=True).click()
    expect(page.get_by_role("alert")).to_contain_text("맞지 않아요")
    page.get_by_label("비밀번호").fill(citizen.password)
    page.get_by_role("button", name="로그인", exact=True).click()
    expect(page.locator("#step-code")).to_be_visible()
    citizen.enter_code(page, secret)

    receipt = _expect_filed(chat, page)
    expect(page.locator("#account-name")).to_have_text("김민원")
    page.goto(live_server.url("/me/applications?lang=ko"))
    expect(page.get_by_role("heading", name="인감증명서")).to_be_visible()
    expect(page.locator("#apps")).to_contain_text(receipt)
    expect(page.locator("#apps")).to_contain_text("제출됨")
