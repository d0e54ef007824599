"""bot.business: answers quote the configured business, never fixed values."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest

from bot import business
from bot.kb.query import RedFlag
from bot.settings import Business, load
from bot.triage import TriageState

CUSTOM = {
    "BOT_BUSINESS_NAME": "Loose Ends Mobile Massage",
    "BOT_BOOKING_URL": "https://book.example.org/visit?ref=chat",
    "BOT_OPENS": "07:30",
    "BOT_CLOSES": "22:00",
    "BOT_SERVICE_AREA": "Greater Manchester",
    "BOT_SESSION_MINUTES": "45,75",
    "BOT_PRICES": "45=£50,75=£80",
}
CLOT = RedFlag(
    "dvt_calf", "Possible blood clot", "urgent", (), "Call NHS 111 today: it may be a clot.", "x"
)


@pytest.fixture
def custom() -> Business:
    return load(CUSTOM).business


@pytest.fixture
def default() -> Business:
    return load({}).business


def test_opening_hours(custom: Business, default: Business) -> None:
    text = business.answer("ask_opening_hours", default, TriageState()).text
    assert "every day, 06:00 to midnight" in text
    text = business.answer("ask_opening_hours", custom, TriageState()).text
    assert "every day, 07:30 to 22:00" in text
    assert "https://book.example.org/visit?ref=chat" in text


def test_service_area_and_session_lengths(custom: Business) -> None:
    assert "Greater Manchester" in business.answer("ask_service_area", custom, TriageState()).text
    assert "45 or 75 minutes" in business.answer("ask_session_length", custom, TriageState()).text


def test_prices_when_configured(custom: Business) -> None:
    reply = business.answer("ask_price", custom, TriageState())
    assert reply.text == "Our prices:\n• 45 minutes: £50\n• 75 minutes: £80"


def test_prices_when_not_configured_point_to_the_booking_page(default: Business) -> None:
    reply = business.answer("ask_price", default, TriageState())
    assert default.booking_url in reply.text
    assert [button.url for button in reply.buttons] == [default.booking_url]


def test_booking_prefills_the_triage_summary(custom: Business) -> None:
    state = TriageState(zones=("temple", "neck"), side="left", triggers=("desk_work",))
    reply = business.answer("book_session", custom, state)
    (button,) = reply.buttons
    assert button.url is not None and button.url in reply.text
    url = urlsplit(button.url)
    assert (url.netloc, url.path) == ("book.example.org", "/visit")
    assert parse_qs(url.query) == {
        "ref": ["chat"],
        "zones": ["temple,neck"],
        "side": ["left"],
        "triggers": ["desk_work"],
    }
    assert "Loose Ends Mobile Massage" in reply.text
    assert reply.custom == {
        "booking": {
            "url": button.url,
            "zones": ["temple", "neck"],
            "side": "left",
            "triggers": ["desk_work"],
        }
    }


def test_booking_with_nothing_known_links_the_plain_page(default: Business) -> None:
    assert business.booking_link(default.booking_url, TriageState()) == default.booking_url


def test_booking_after_a_red_flag_repeats_the_advice_without_a_link(custom: Business) -> None:
    state = TriageState(zones=("calf",), red_flag="dvt_calf")
    reply = business.answer("book_session", custom, state, CLOT)
    assert "Call NHS 111 today: it may be a clot." in reply.text
    assert "once you've been checked" in reply.text.lower()
    assert reply.buttons == () and reply.custom is None
    assert "http" not in reply.text


def test_booking_after_an_unknown_red_flag_gives_the_generic_advice(custom: Business) -> None:
    reply = business.answer("book_session", custom, TriageState(red_flag="unspecified"))
    assert "999" in reply.text and "NHS 111" in reply.text
    assert "http" not in reply.text


def test_no_booking_link_in_other_answers_after_a_red_flag(custom: Business) -> None:
    state = TriageState(red_flag="dvt_calf")
    for intent in ("ask_opening_hours", "ask_service_area", "ask_price", "something_else"):
        assert "http" not in business.answer(intent, custom, state).text


def test_no_booking_link_while_booking(custom: Business) -> None:
    for intent in ("ask_opening_hours", "ask_service_area", "something_else"):
        assert "http" in business.answer(intent, custom, TriageState()).text
        assert "http" not in business.answer(intent, custom, TriageState(), mid_booking=True).text


def test_round_the_clock_hours() -> None:
    always = load({"BOT_OPENS": "00:00", "BOT_CLOSES": "00:00"}).business
    assert business.hours(always) == "every day, around the clock"


def test_an_unknown_intent_gets_an_overview(custom: Business) -> None:
    text = business.answer(None, custom, TriageState()).text
    assert "Loose Ends Mobile Massage" in text and "Greater Manchester" in text
