"""The chat widget in a real browser, on the demo site, against the real servers.

The stack is the one shared with the black-box tests; the restart test stops and starts
it (same ports and databases), so it runs last.
"""

from __future__ import annotations

import os
import re

import pytest
from playwright.sync_api import BrowserContext, Dialog, Page, expect

from tests.blackbox.stack import Assistant

pytestmark = [pytest.mark.blackbox, pytest.mark.browser]

REPLY_TIMEOUT = 60_000  # ms: the first turns also warm up the action server
PAIN = "my temples ache every afternoon"
SOURCE = re.compile("upper trapezius", re.IGNORECASE)
SCREENSHOT = os.environ.get("WIDGET_SCREENSHOT")  # e.g. docs/widget.png to refresh it


def open_widget(page: Page, assistant: Assistant) -> None:
    """Load the demo site, open the chat and wait for the assistant's greeting."""
    page.goto(f"http://127.0.0.1:{assistant.ports['web']}/")
    page.get_by_role("button", name=re.compile("^Open chat")).click()
    expect(page.get_by_role("textbox", name="Your message")).to_be_focused()
    expect(bot_messages(page).first).to_contain_text(re.compile("^(Assistant: )?(Hi|Hello)"))


def bot_messages(page: Page):  # type: ignore[no-untyped-def]
    return page.locator(".tc-log .tc-bot")


def say(page: Page, text: str) -> None:
    box = page.get_by_role("textbox", name="Your message")
    box.fill(text)
    box.press("Enter")
    expect(page.locator(".tc-log .tc-user").last).to_have_text(f"You: {text}")


def triage_card(page: Page):  # type: ignore[no-untyped-def]
    return page.get_by_label("Where to find the likely sources")


def session_id(page: Page) -> str:
    """The conversation id the widget keeps in localStorage (Rasa's sender id)."""
    stored = page.evaluate(
        "() => Object.keys(localStorage).filter(k => k.startsWith('triageChat:'))"
        ".map(k => JSON.parse(localStorage.getItem(k)).sessionId)"
    )
    assert len(stored) == 1 and stored[0], stored
    return str(stored[0])


def test_a_triage_answer_has_its_card_buttons_and_survives_a_reload(
    assistant: Assistant, page: Page
) -> None:
    open_widget(page, assistant)
    say(page, PAIN)
    expect(bot_messages(page).filter(has_text=SOURCE).first).to_be_visible(timeout=REPLY_TIMEOUT)
    card = triage_card(page).last
    expect(card).to_contain_text(SOURCE)
    expect(card.locator(".tc-source-where").first).not_to_be_empty()
    if SCREENSHOT:
        page.screenshot(path=SCREENSHOT)

    choices = page.locator(".tc-log .tc-choice")
    expect(choices.first).to_be_visible()
    offered = len(bot_messages(page).all())
    title = choices.first.inner_text()
    choices.first.click()
    expect(page.locator(".tc-log .tc-user").last).to_have_text(f"You: {title}")
    expect(choices.first).to_be_disabled()
    expect(bot_messages(page)).not_to_have_count(offered, timeout=REPLY_TIMEOUT)

    shown = page.locator(".tc-log").text_content() or ""
    page.reload()
    expect(page.locator(".tc-log")).to_have_text(shown)  # reopened as it was left
    expect(page.get_by_role("textbox", name="Your message")).to_be_visible()
    expect(page.locator(".tc-log .tc-choice").first).to_be_disabled()


def test_a_message_that_looks_like_html_is_shown_as_text(assistant: Assistant, page: Page) -> None:
    dialogs: list[str] = []

    def note(dialog: Dialog) -> None:
        dialogs.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", note)
    open_widget(page, assistant)
    markup = "<img src=x onerror=alert(1)>"
    replies = len(bot_messages(page).all())
    say(page, markup)
    expect(bot_messages(page)).not_to_have_count(replies, timeout=REPLY_TIMEOUT)
    expect(page.locator(".tc-log .tc-user .tc-text").last).to_have_text(markup)
    assert page.locator("#triage-chat img").count() == 0
    assert dialogs == []


def test_the_widget_works_from_the_keyboard_alone(assistant: Assistant, page: Page) -> None:
    page.goto(f"http://127.0.0.1:{assistant.ports['web']}/")
    launcher = page.locator(".tc-launcher")
    for _ in range(12):  # past the page's own links to the chat button
        page.keyboard.press("Tab")
        if launcher.evaluate("node => node === document.activeElement"):
            break
    expect(launcher).to_be_focused()
    expect(launcher).to_have_attribute("aria-expanded", "false")
    page.keyboard.press("Enter")
    box = page.get_by_role("textbox", name="Your message")
    expect(box).to_be_focused()
    expect(box).to_have_attribute("maxlength", "2000")
    expect(page.get_by_role("log")).to_have_attribute("aria-live", "polite")
    page.keyboard.type("pain in my calf when I run")
    page.keyboard.press("Enter")
    expect(page.locator(".tc-log .tc-user").last).to_have_text("You: pain in my calf when I run")
    expect(triage_card(page).last).to_be_visible(timeout=REPLY_TIMEOUT)
    page.keyboard.press("Escape")
    expect(page.get_by_role("dialog")).to_be_hidden()
    expect(launcher).to_be_focused()


def test_on_a_phone_the_chat_fills_the_screen(
    assistant: Assistant, context: BrowserContext
) -> None:
    phone = context.new_page()
    phone.set_viewport_size({"width": 390, "height": 844})
    open_widget(phone, assistant)
    box = phone.get_by_role("dialog").bounding_box()
    assert box is not None
    assert (box["x"], box["y"], box["width"], box["height"]) == (0, 0, 390, 844)
    send = phone.get_by_role("button", name="Send").bounding_box()
    assert send is not None and send["y"] + send["height"] <= 844


def test_a_confirmed_booking_ends_with_its_booking_button(assistant: Assistant, page: Page) -> None:
    open_widget(page, assistant)
    say(page, PAIN)
    expect(triage_card(page).last).to_be_visible(timeout=REPLY_TIMEOUT)

    def asked(question: str) -> None:
        expect(bot_messages(page).last).to_contain_text(question, timeout=REPLY_TIMEOUT)

    def tap(title: str) -> None:
        page.locator(".tc-log .tc-choice", has_text=title).last.click(timeout=REPLY_TIMEOUT)

    tap("Book a session")
    asked("When would you like us to come")
    say(page, "tomorrow at 11am")
    asked("postcode")
    say(page, "sw1a1aa")
    tap("90 minutes")
    asked("name")
    say(page, "Jo Bloggs")
    asked("mobile")
    say(page, "07400 123456")
    tap("No notes")
    tap("Confirm")
    booking = page.get_by_role("link", name="Open your booking")
    expect(booking).to_be_visible(timeout=REPLY_TIMEOUT)
    expect(booking).to_have_attribute("href", re.compile(r"^https://example\.co\.uk/book\?ref="))
    expect(booking).to_have_attribute("rel", "noopener noreferrer")
    expect(page.locator(".tc-log a[href^='https://example.co.uk/book']")).to_have_count(1)


def test_the_conversation_survives_a_restart_of_the_servers(
    assistant: Assistant, page: Page
) -> None:
    open_widget(page, assistant)
    say(page, PAIN)
    expect(triage_card(page).last).to_contain_text(SOURCE, timeout=REPLY_TIMEOUT)
    sender = session_id(page)
    before = assistant.tracker(sender, "web")["slots"]
    shown = page.locator(".tc-log").text_content() or ""

    assistant.stop()
    assistant.start()
    page.reload()
    expect(page.locator(".tc-log")).to_have_text(shown)
    assert session_id(page) == sender
    assert assistant.tracker(sender, "web")["slots"] == before

    # the answer depends on the zone given before the restart
    assert "temple" in before["body_zones"]
    replies = len(bot_messages(page).all())
    say(page, "what can I do about it?")
    expect(bot_messages(page)).not_to_have_count(replies, timeout=REPLY_TIMEOUT)
    expect(bot_messages(page).nth(replies)).to_contain_text("do any of these apply to you")
    replies = len(bot_messages(page).all())
    say(page, "none of those")  # typed, as a person would, to the health question
    expect(bot_messages(page)).not_to_have_count(replies, timeout=REPLY_TIMEOUT)
    expect(bot_messages(page).nth(replies)).to_contain_text("the pain in the temple")
