"""Booking over REST, end to end: triage, the booking form, the summary, the stored request.

The transcript of the journey is written to the stack's folder (booking-transcript.json)
so it can be read after a run.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from replies import buttons_of, conversation, text_of
from stack import Assistant

from bot.booking.store import BookingStore

pytestmark = pytest.mark.blackbox


class Chat:
    """One conversation, remembering what was said both ways."""

    def __init__(self, assistant: Assistant, prefix: str) -> None:
        self.assistant = assistant
        self.user = conversation(prefix)
        self.transcript: list[dict[str, Any]] = []

    def say(self, message: str) -> list[dict[str, Any]]:
        replies = self.assistant.say(self.user, message)
        self.transcript.append({"sender": self.user, "message": message, "replies": replies})
        return replies


def booking_of(replies: list[dict[str, Any]]) -> dict[str, Any]:
    [payload] = [
        reply["custom"]["booking"] for reply in replies if "booking" in reply.get("custom", {})
    ]
    return dict(payload)


def test_a_booking_end_to_end_is_stored_once(assistant: Assistant) -> None:
    chat = Chat(assistant, "booking")
    chat.say("my temples ache every afternoon when i'm at my desk")

    started = text_of(chat.say("/book_session"))  # the "Book a session" button
    assert "temple" in started and "When would you like us to come" in started

    refused = chat.say("tomorrow at 5am")
    assert "06:00 to midnight" in text_of(refused)
    nearest = [button["payload"] for button in buttons_of(refused)]
    assert len(nearest) == 2

    answered = text_of(chat.say("what are your opening hours?"))  # a question mid-form
    assert "06:00 to midnight" in answered
    assert "What time on" in answered  # asked again: the hour on the day asked for

    assert "postcode" in text_of(chat.say(nearest[1]))  # the second button, as the widget sends
    lengths = chat.say("sw1a1aa")
    assert [button["title"] for button in buttons_of(lengths)] == [
        "60 minutes",
        "90 minutes",
        "120 minutes",
    ]
    assert "name" in text_of(chat.say("90 minutes"))
    assert "mobile" in text_of(chat.say("Jo Bloggs"))
    notes = chat.say("07400 123456")
    assert [button["title"] for button in buttons_of(notes)] == ["No notes"]

    summary = chat.say("No notes")
    text = text_of(summary)
    assert "• Where: SW1A 1AA" in text and "• Length: 90 minutes" in text
    assert "• Contact: 07400 123456" in text and "• Focus: temple" in text
    titles = [button["title"] for button in buttons_of(summary)]
    assert titles[0] == "Confirm" and "Change time" in titles

    confirmed = chat.say("/confirm_booking")
    booking = booking_of(confirmed)
    reference = booking["reference"]
    assert reference in text_of(confirmed)
    assert booking["url"].startswith("https://example.co.uk/book?ref=" + reference)
    assert booking["triage"]["zones"] == ["temple"]
    assert "upper_trapezius" in booking["triage"]["sources"]
    assert booking["triage"]["triggers"] == ["desk_work"]

    again = chat.say("/confirm_booking")  # a double click
    assert booking_of(again) == booking  # the same reference and link

    (assistant.workdir / "booking-transcript.json").write_text(
        json.dumps(chat.transcript, indent=2, ensure_ascii=False)
    )
    store = BookingStore(assistant.bookings_db)
    rows = [
        request
        for request in store.newest_first()
        if request.conversation_id == f"rest:{chat.user}"
    ]
    assert [request.reference for request in rows] == [reference]
    [row] = rows
    assert row.postcode == "SW1A 1AA" and row.session_minutes == 90
    assert row.name == "Jo Bloggs" and row.contact == "+447400123456" and row.notes == ""
    assert row.starts_at.strftime("%Y-%m-%d %H:%M") == nearest[1]


def test_the_edit_button_changes_the_time(assistant: Assistant) -> None:
    chat = Chat(assistant, "booking-edit")
    chat.say("book a massage for saturday at 10am")  # the time given up front is kept
    assert "postcode" in text_of(chat.transcript[-1]["replies"])
    for answer in ("SE15 4QL", "60 minutes", "Sam", "sam@example.com", "No notes"):
        replies = chat.say(answer)
    assert "Saturday" in text_of(replies) and "10:00" in text_of(replies)

    asked = chat.say('/edit_booking{"booking_field": "booking_when"}')
    # the time is asked again, on the day already chosen unless a new day is said
    assert "change the time" in text_of(asked) and "keeps the same day" in text_of(asked)
    changed = text_of(chat.say("sunday at 3pm"))
    assert "Sunday" in changed and "15:00" in changed and "• Where: SE15 4QL" in changed


def test_cancel_mid_form_is_kind_and_stops_the_form(assistant: Assistant) -> None:
    chat = Chat(assistant, "booking-cancel")
    chat.say("/book_session")
    chat.say("tomorrow at 6pm")
    cancelled = text_of(chat.say("never mind"))
    assert "nothing has been booked" in cancelled
    tracker = assistant.tracker(chat.user)
    assert not (tracker.get("active_loop") or {}).get("name")


def test_after_a_red_flag_book_gives_no_form(assistant: Assistant) -> None:
    chat = Chat(assistant, "booking-red-flag")
    chat.say("my calf is hot, red and swollen")
    replies = chat.say("book a session please")
    text = text_of(replies)
    assert "111" in text
    assert "When would you like" not in text
    assert not any(button.get("url") for button in buttons_of(replies))
    tracker = assistant.tracker(chat.user)
    assert not (tracker.get("active_loop") or {}).get("name")
    assert tracker["slots"]["requested_slot"] is None
