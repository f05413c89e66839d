"""The conversation page in a real browser: proposals with deadlines and their legal basis,
answers by tapping and typing, side questions, resuming after a reload, phones, keyboard only."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

try:
    from playwright.sync_api import expect
except ImportError:  # the `browser` fixture skips these tests (or fails them in CI)
    expect = None  # type: ignore[assignment]

if TYPE_CHECKING:
    from playwright.sync_api import Locator, Page
    from tests.browser.conftest import ChatPage, LiveServer

RED = "rgb(179, 38, 30)"  # --danger in minwon.css


def _service(page: Page, name: str) -> Locator:
    """The services panel's entry for ``name`` (by its name, not words in another's note)."""
    entries = page.locator("#services").get_by_role("listitem")
    return entries.filter(has=page.get_by_text(name, exact=True))


def test_korean_conversation_shows_deadline_legal_basis_and_resumes_after_reload(
    chat: ChatPage, page: Page, screenshot: Callable[..., Path]
) -> None:
    chat.open("ko")
    proposal = chat.say("2026년 11월 20일에 마포구로 이사했어요")
    expect(proposal).to_contain_text("2026. 12. 4.(금)")
    legal = proposal.locator(".legal")
    expect(legal).to_contain_text("법적 근거")
    expect(legal).to_contain_text("주민등록법 제16조")
    panel = page.get_by_role("complementary", name="진행 중인 민원")
    expect(panel).to_be_visible()
    expect(_service(page, "전입신고")).to_contain_text("기한: 2026-12-04")

    tenure = chat.tap("예")  # a quick reply
    expect(tenure).to_contain_text("전세")
    options = page.get_by_role("group", name="새 집 거주 형태")
    expect(options.get_by_role("button")).to_have_count(4)
    screenshot("chat-ko-desktop")
    deposit = chat.tap("전세")  # an option of the question being asked
    expect(deposit).to_contain_text("보증금")
    expect(page.locator("#message-label")).to_have_text("보증금")  # the box asks for it

    fee = chat.say("수수료 얼마예요?")  # a side question: answered, then the question again
    expect(fee).to_contain_text("무료")
    expect(fee).to_contain_text("보증금이 얼마예요?")
    car = chat.say("2억")  # typed
    expect(car).to_contain_text("자동차")
    members = chat.say("아니요")  # typed, not tapped
    expect(members).to_contain_text("함께 신청해요")

    page.reload()
    expect(page.locator("#log")).to_contain_text("하던 대화를 이어서 진행할게요.")
    expect(chat.replies.last).to_contain_text("함께 신청해요")
    expect(_service(page, "전입신고")).to_contain_text("2026-12-04")
    expect(chat.say("모두 진행")).to_contain_text("도로명주소")


def test_english_conversation_on_a_phone_asks_dates_with_a_date_input(
    chat: ChatPage, page: Page, screenshot: Callable[..., Path]
) -> None:
    page.set_viewport_size({"width": 360, "height": 740})
    chat.open("en")
    expect(page.get_by_role("heading", level=1)).to_have_text("Ask minwon")
    proposal = chat.say("we just had a baby")
    expect(proposal).to_contain_text("Birth report")
    expect(proposal.locator(".legal")).to_contain_text("Legal basis")
    services = page.get_by_role("complementary", name="Services in play")
    expect(services).to_contain_text("Child allowance")
    chat.tap("Yes")
    # The date of birth comes first (every deadline counts from it), with a date input.
    date = page.get_by_label("Date of birth")
    date.fill("2026-11-20")
    born = chat.next_reply(page.locator("#asking").get_by_role("button", name="Send").click)
    expect(born).not_to_contain_text("check")
    # The day of birth counts (가족관계등록법 제37조): 12-19 is a Saturday, so Monday 12-21.
    expect(born).to_contain_text("Monday 21 December 2026")
    birth = _service(page, "Birth report (birth registration)")
    expect(birth).to_contain_text("Deadline: 2026-12-21")
    chat.tap("All of them")
    married = page.get_by_role("group", name="Born to married parents")
    expect(married.get_by_role("button", name="Yes")).to_be_visible()
    expect(chat.say("how much does it cost?")).to_contain_text("Were the parents")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 360, f"the page scrolls sideways on a phone ({width}px)"
    screenshot("chat-en-phone", full_page=False)

    page.reload()
    expect(page.locator("#log")).to_contain_text("Picking up where you left off.")
    expect(birth).to_contain_text("2026-12-21")


def test_an_overdue_deadline_is_marked_in_red(chat: ChatPage, page: Page) -> None:
    chat.open("ko")
    chat.say("2026년 10월 1일에 마포구로 이사했어요")
    move_in = _service(page, "전입신고")
    overdue = move_in.get_by_text("기한 지남")
    expect(overdue).to_be_visible()
    expect(overdue).to_have_css("color", RED)
    expect(move_in).to_contain_text("2026-10-15")


def test_keyboard_only_tab_type_enter_and_choose(chat: ChatPage, page: Page) -> None:
    chat.open("ko")
    message = page.locator("#message")
    for _ in range(20):
        if message.evaluate("box => box === document.activeElement"):
            break
        page.keyboard.press("Tab")
    expect(message).to_be_focused()
    before = chat.replies.count()
    page.keyboard.type("인감증명서 떼고 싶어요")
    page.keyboard.press("Enter")
    expect(chat.replies).to_have_count(before + 1)
    expect(chat.replies.last).to_contain_text("인감증명서")
    expect(message).to_be_focused()  # ready for the next answer
    page.keyboard.press("Shift+Tab")  # back to the quick replies: 아니요, then 예
    page.keyboard.press("Shift+Tab")
    expect(page.locator("#quick").get_by_role("button", name="예")).to_be_focused()
    page.keyboard.press("Enter")
    expect(chat.replies).to_have_count(before + 2)
    expect(chat.replies.last).to_contain_text("인감(도장)을 신고해 두셨어요?")
    expect(message).to_be_focused()


def test_the_language_switch_shows_the_page_in_english(chat: ChatPage, page: Page) -> None:
    chat.open("ko")
    page.get_by_role("link", name="English").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Ask minwon")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_label("Message")).to_be_visible()
    expect(chat.say("I need a seal certificate")).to_contain_text("seal")


def test_home_page_starts_the_conversation(page: Page, live_server: LiveServer) -> None:
    page.goto(live_server.url("/?lang=ko"))
    page.get_by_label("겪은 일이나 하고 싶은 일").fill("아기가 태어났어요")
    page.get_by_role("button", name="상담 시작").click()
    expect(page).to_have_url(live_server.url("/chat?lang=ko"))
    expect(page.locator("#log li.msg.bot").last).to_contain_text("출생신고")
    page.reload()  # the first message is not sent twice
    expect(page.locator("#log li.msg.me")).to_have_count(0)
    expect(page.locator("#log")).to_contain_text("하던 대화를 이어서 진행할게요.")
