"""Answers about the service itself (hours, area, sessions, prices, booking), from settings.

Nothing here is hard-coded: every fact comes from `bot.settings.Business`. After a red
flag the booking answer repeats the medical advice and offers no link.
"""

from __future__ import annotations

from datetime import time
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from bot.kb.query import RedFlag
from bot.safety import medical_advice
from bot.settings import Business
from bot.triage.reply import Button, Reply
from bot.triage.state import TriageState

OPENING_HOURS = "ask_opening_hours"
SERVICE_AREA = "ask_service_area"
PRICE = "ask_price"
SESSION_LENGTH = "ask_session_length"
BOOK = "book_session"
INTENTS = (OPENING_HOURS, SERVICE_AREA, PRICE, SESSION_LENGTH, BOOK)
MIDNIGHT = time(0, 0)


def answer(
    intent: str | None,
    business: Business,
    state: TriageState,
    red_flag: RedFlag | None = None,
    *,
    mid_booking: bool = False,
    areas: tuple[str, ...] = (),
) -> Reply:
    """The reply to a question about the service; an unknown intent gets a short overview.

    `red_flag` is the knowledge base's record of `state.red_flag` (None if unknown); it is
    only read when a red flag is set. `mid_booking` (the booking form is running) leaves
    out the "you can book at ..." line: the person is booking already. `areas` are the
    postcode areas the therapists travel to, when the business lists them.
    """
    if intent == OPENING_HOURS:
        return Reply(
            _sentences(
                f"We visit {hours(business)}, {_local(business)} time.",
                _book_line(business, state, mid_booking),
            )
        )
    if intent == SERVICE_AREA:
        return Reply(
            _sentences(
                (
                    f"Our therapists come to your home in {business.area} (the "
                    f"{', '.join(areas)} postcode areas), so there's no travelling for you."
                    if areas
                    else f"Our therapists come to your home anywhere in {business.area}, so "
                    "there's no travelling for you."
                ),
                _book_line(business, state, mid_booking),
            )
        )
    if intent == SESSION_LENGTH:
        return Reply(
            f"Sessions last {_minutes(business.session_minutes)} minutes. Your therapist will "
            "spend the time on what matters most for you, including where your pain is "
            "likely coming from."
        )
    if intent == PRICE:
        return _prices(business, state)
    if intent == BOOK:
        return book(business, state, red_flag)
    return Reply(
        _sentences(
            f"{business.name} brings massage to your home anywhere in {business.area}, "
            f"{hours(business)}.",
            _book_line(business, state, mid_booking),
        )
    )


def book(business: Business, state: TriageState, red_flag: RedFlag | None = None) -> Reply:
    """A link to the booking page with what triage found filled in, unless a red flag is set."""
    if state.red_flag:
        return Reply(
            f"{medical_advice(red_flag)}\n\nOnce you've been checked and it's clear the pain "
            "is muscular, I'd be glad to help you book."
        )
    url = booking_link(business.booking_url, state)
    summary = " with what you've told me already filled in" if state.zones else ""
    text = f"Lovely. You can book a visit from {business.name} here{summary}: {url}"
    custom = {
        "booking": {
            "url": url,
            "zones": list(state.zones),
            "side": state.side,
            "triggers": list(state.triggers),
        }
    }
    return Reply(text, (Button.link("Open the booking page", url),), custom)


def booking_link(booking_url: str, state: TriageState) -> str:
    """The booking page with the triage summary as query parameters (zones, side, triggers)."""
    summary = {
        "zones": ",".join(state.zones),
        "side": state.side or "",
        "triggers": ",".join(state.triggers),
    }
    parts = urlsplit(booking_url)
    query = parse_qsl(parts.query, keep_blank_values=True)
    query += [(key, value) for key, value in summary.items() if value]
    return urlunsplit(parts._replace(query=urlencode(query)))


def hours(business: Business) -> str:
    """The opening hours as said: "every day, 06:00 to midnight"."""
    if business.opens == business.closes:
        return "every day, around the clock"
    return f"every day, {_clock(business.opens)} to {_clock(business.closes)}"


def _prices(business: Business, state: TriageState) -> Reply:
    if not business.prices:
        if state.red_flag:
            return Reply("Prices are shown on our booking page, for every session length.")
        return Reply(
            f"Prices are shown on our booking page, for every session length: "
            f"{business.booking_url}",
            (Button.link("See prices", business.booking_url),),
        )
    lines = [
        f"• {length} minutes: {business.prices[length]}"
        for length in business.session_minutes
        if length in business.prices
    ]
    return Reply("Our prices:\n" + "\n".join(lines))


def _book_line(business: Business, state: TriageState, mid_booking: bool = False) -> str:
    if state.red_flag or mid_booking:
        return ""
    return f"You can book at {business.booking_url}."


def _local(business: Business) -> str:
    return "UK" if business.timezone == "Europe/London" else business.timezone


def _sentences(*parts: str) -> str:
    return " ".join(part for part in parts if part)


def _clock(moment: time) -> str:
    return "midnight" if moment == MIDNIGHT else moment.strftime("%H:%M")


def _minutes(lengths: tuple[int, ...]) -> str:
    words = [str(length) for length in lengths]
    return words[0] if len(words) == 1 else f"{', '.join(words[:-1])} or {words[-1]}"
