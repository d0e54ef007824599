"""Managing a booking over REST: cancel and move this conversation's booking, cancel another
by its reference and the contact on it, say when it is, and answer a policy question
without acting on it."""

from __future__ import annotations

import pytest
from replies import Person
from stack import Assistant

from bot.booking.store import BookingStore

pytestmark = pytest.mark.blackbox


def booked(assistant: Assistant, prefix: str, when: str) -> Person:
    """A booking made in this conversation, at a time no other test books (the shared diary
    has two therapists)."""
    person = Person(assistant, prefix)
    person.says(f"can I book 60 minutes {when} in N1 9GU")
    person.says("Robin")
    person.says("07400 123999")
    person.says("no notes")
    person.says("yes please")
    assert person.bookings(), person.last
    return person


def test_a_policy_question_is_answered_and_nothing_changes(assistant: Assistant) -> None:
    robin = booked(assistant, "manage-policy", "saturday at 7am")
    answer = robin.says("can I cancel if I need to?")
    assert "24 hours" in answer
    assert robin.bookings()[0].status == "requested"


def test_the_conversations_booking_is_cancelled_after_a_yes(assistant: Assistant) -> None:
    robin = booked(assistant, "manage-cancel", "saturday at 8am")
    reference = robin.bookings()[0].reference
    asked = robin.says("can you cancel my booking?")
    assert reference in asked and "no charge" in asked and robin.asked == "confirm"
    assert "cancelled" in robin.says("yes")
    assert [row.status for row in robin.bookings()] == ["cancelled"]
    stored = BookingStore(assistant.bookings_db).get(reference)
    assert stored is not None and stored.status == "cancelled"
    events = [d.event for d in BookingStore(assistant.bookings_db).deliveries_of(reference)]
    assert events == ["booking.requested", "booking.cancelled"]


def test_a_no_leaves_the_booking_as_it_is(assistant: Assistant) -> None:
    robin = booked(assistant, "manage-no", "saturday at 1pm")
    robin.says("I need to cancel my appointment")
    assert "left your booking" in robin.says("no, leave it")
    assert robin.bookings()[0].status == "requested"


def test_the_conversations_booking_is_moved(assistant: Assistant) -> None:
    robin = booked(assistant, "manage-move", "saturday at 3pm")
    asked = robin.says("can I move my appointment to sunday at 6pm?")
    assert "Sunday" in asked and "18:00" in asked and robin.asked == "confirm"
    robin.says("yes")
    [row] = robin.bookings()
    assert row.starts_at.strftime("%A %H:%M") == "Sunday 18:00"


def test_what_time_is_my_appointment(assistant: Assistant) -> None:
    robin = booked(assistant, "manage-status", "friday at 2pm")
    answer = robin.says("what time is my appointment?")
    assert "Friday" in answer and "14:00" in answer and robin.bookings()[0].reference in answer


def test_another_booking_needs_its_reference_and_the_contact_on_it(assistant: Assistant) -> None:
    robin = booked(assistant, "manage-owner", "saturday at 5pm")
    reference = robin.bookings()[0].reference
    other = Person(assistant, "manage-other")
    other.says("I want to cancel my booking")
    assert other.asked == "reference"
    other.says(f"it's {reference}")
    assert other.asked == "contact"
    assert "doesn't match" in other.says("07400 111222")
    other.says("07400 123999")
    assert other.asked == "confirm"
    other.says("yes")
    stored = BookingStore(assistant.bookings_db).get(reference)
    assert stored is not None and stored.status == "cancelled"
