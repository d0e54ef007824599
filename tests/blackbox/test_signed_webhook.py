"""A booking is handed to the business's booking system signed: the receiver's check
passes on what arrived, and fails on a body changed on the way."""

from __future__ import annotations

import time

import pytest
from replies import Person, text_of
from stack import Assistant

from bot.booking.webhook import verify
from tests.bot.booking.booking_support import Receiver
from tests.conftest import BOOKING_WEBHOOK_SECRET

pytestmark = pytest.mark.blackbox


def test_a_booking_arrives_signed_and_a_tampered_copy_fails_the_check(
    assistant: Assistant, booking_webhook: Receiver
) -> None:
    pat = Person(assistant, "signed-webhook")
    pat.says("I'd like to book a 90 minute massage on the 20th at 8am in N16 8JH")
    pat.says("Pat Signer")
    pat.says("pat.signer@example.com")
    pat.says("no notes")
    pat.says("yes that's right")
    [booking] = pat.bookings()
    assert booking.reference in text_of(pat.last)

    deadline = time.monotonic() + 60
    arrived = []
    while not arrived and time.monotonic() < deadline:
        arrived = [
            post
            for post in booking_webhook.received
            if post["json"]["booking"].get("reference") == booking.reference
        ]
        time.sleep(0.5)
    assert arrived, "the booking never reached the webhook"
    post = arrived[0]
    stamp = post["headers"]["x-booking-timestamp"]
    given = post["headers"]["x-booking-signature"]
    assert post["json"]["event"] == "booking.requested"
    assert verify(BOOKING_WEBHOOK_SECRET, stamp, post["body"], given)
    changed = post["body"].replace(b"Pat Signer", b"Pat Forger")
    assert changed != post["body"]
    assert not verify(BOOKING_WEBHOOK_SECRET, stamp, changed, given)
