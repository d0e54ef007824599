"""Managing a booking already made: what is asked, which booking, whose it is, the policy."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest
from booking_support import LONDON, MakeRequest

from bot.booking import manage
from bot.booking.store import BookingStore
from bot.business_faq import CancellationPolicy

NOW = datetime(2025, 12, 5, 10, 0, tzinfo=LONDON)


@pytest.mark.parametrize(
    ("text", "intent", "wanted"),
    [
        ("can you cancel my booking?", "cancel", manage.CANCEL),
        ("move my appointment to Wednesday", None, manage.MOVE),
        ("I need to reschedule", "edit_booking", manage.MOVE),
        ("can we do another day", "edit_booking", manage.MOVE),
        ("what time is my appointment?", None, manage.STATUS),
        ("when's the therapist coming", "ask_my_booking", manage.STATUS),
        ("something came up, I can't make it on friday", None, manage.CANCEL),
    ],
)
def test_what_is_wanted(text: str, intent: str | None, wanted: str) -> None:
    assert manage.action_asked(text, intent) == wanted


@pytest.mark.parametrize(
    ("text", "policy"),
    [
        ("can I cancel if I need to?", True),
        ("what happens if I cancel late?", True),
        ("is there a fee for cancelling?", True),
        ("can I cancel my booking?", False),
        ("please cancel it", False),
    ],
)
def test_a_policy_question_is_told_apart(text: str, policy: bool) -> None:
    assert manage.is_policy_question(text) is policy


@pytest.mark.parametrize(
    ("text", "reference"),
    [
        ("cancel MB-7K3Q9 please", "MB-7K3Q9"),
        ("my ref is mb 7k3q9", "MB-7K3Q9"),
        ("it's 7K3Q9", "MB-7K3Q9"),
        ("my number is 07400 123456", None),
        ("HELLO there", None),
    ],
)
def test_a_reference_as_typed(text: str, reference: str | None) -> None:
    assert manage.reference_in(text) == reference


def test_the_contact_on_the_booking_must_match(make_request: MakeRequest) -> None:
    booking = make_request(contact="+447400123456")
    assert manage.contact_matches("it's 07400 123456", booking)
    assert not manage.contact_matches("07400 654321", booking)
    assert not manage.contact_matches("someone@example.com", booking)


def test_the_conversations_own_booking(store: BookingStore, make_request: MakeRequest) -> None:
    ahead = datetime(2025, 12, 9, 18, 0, tzinfo=LONDON)
    store.save(make_request(starts_at=ahead))
    found = manage.own_booking(store, "conversation-1", NOW)
    assert found.booking is not None and found.booking.starts_at == ahead
    store.save(make_request(starts_at=ahead + timedelta(days=1), notes="second"))
    assert manage.own_booking(store, "conversation-1", NOW).booking is None  # ask which
    assert manage.own_booking(store, "someone-else", NOW).choices == ()


def test_the_policy_says_what_cancelling_costs(make_request: MakeRequest) -> None:
    policy = CancellationPolicy(free_hours_before=24, late="half the price")
    soon = make_request(starts_at=NOW + timedelta(hours=5))
    later = make_request(starts_at=NOW + timedelta(days=3))
    assert "half the price" in manage.confirm_question(manage.CANCEL, soon, policy, NOW)
    assert "no charge" in manage.confirm_question(manage.CANCEL, later, policy, NOW)
    moved = manage.confirm_question(
        manage.MOVE, later, policy, NOW, datetime(2025, 12, 12, 9, 0, tzinfo=timezone.utc)
    )
    assert moved.startswith("Move booking") and "Friday 12 December at 09:00" in moved
