"""Browser fixtures: Debian's chromium driven by Playwright (the stack is tests/conftest.py's)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, Playwright, sync_playwright

CHROMIUM = Path("/usr/bin/chromium")  # Debian's; Playwright never downloads a browser here
CHROMIUM_ARGS = ["--no-sandbox", "--disable-background-networking", "--disable-component-update"]


# Module scope, not session: the sync driver keeps an event loop running in this thread
# until it stops, and the async tests collected after the browser tests need it gone.
@pytest.fixture(scope="module")
def playwright() -> Iterator[Playwright]:
    with sync_playwright() as driver:
        yield driver


@pytest.fixture(scope="module")
def browser(playwright: Playwright) -> Iterator[Browser]:
    if not CHROMIUM.is_file():
        pytest.fail(f"{CHROMIUM} is missing: `make browser` installs Debian's chromium")
    launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
    yield launched
    launched.close()


@pytest.fixture()
def context(browser: Browser) -> Iterator[BrowserContext]:
    """A fresh browser profile: empty localStorage, so a new conversation."""
    # Refreshing the README's screenshot (WIDGET_SCREENSHOT=docs/widget.png): a phone's screen.
    if os.environ.get("WIDGET_SCREENSHOT"):
        fresh = browser.new_context(viewport={"width": 390, "height": 844}, device_scale_factor=2)
    else:
        fresh = browser.new_context(viewport={"width": 1100, "height": 760})
    yield fresh
    fresh.close()


@pytest.fixture()
def page(context: BrowserContext) -> Page:
    return context.new_page()
