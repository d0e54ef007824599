"""Retention: a purge removes what is past its period, and nothing else."""

from __future__ import annotations

from datetime import timedelta

import pytest
from conftest import NOW, AddConversation, booking, offer, save_booking, save_callback

from bot.booking.store import BookingStore
from bot.privacy import log
from bot.privacy.erasure import export
from bot.privacy.person import Person, Stores
from bot.privacy.purge import purge
from bot.settings import Retention

RETENTION = Retention(conversation_days=90, booking_days=30, callback_days=30, options_hours=24)


def test_a_conversation_goes_90_days_after_its_last_message(
    stores: Stores, add_conversation: AddConversation
) -> None:
    add_conversation("web:old", ["my back"], at=NOW - timedelta(days=91))
    add_conversation("web:back-again", ["hi"], at=NOW - timedelta(days=200))
    add_conversation("web:back-again", ["me again"], at=NOW - timedelta(days=10))
    add_conversation("web:recent", ["my neck"], at=NOW - timedelta(days=89))
    purged = purge(stores, RETENTION, NOW)
    assert purged.conversations == 1
    left = export(stores, Person(conversations=("web:old", "web:back-again", "web:recent")), NOW)
    assert set(left["conversations"]) == {"web:back-again", "web:recent"}
    assert len(left["conversations"]["web:back-again"]) == 2  # the whole conversation stays


def test_a_booking_loses_its_personal_fields_30_days_after_the_visit(stores: Stores) -> None:
    past = save_booking(stores, booking("web:jo", NOW - timedelta(days=31, hours=2)))
    soon = save_booking(stores, booking("web:jo", NOW - timedelta(days=29), notes="cat"))
    assert purge(stores, RETENTION, NOW).bookings == 1
    store = BookingStore(stores.bookings_db)
    old = store.get(past)
    assert old is not None
    assert (old.name, old.contact, old.notes, old.postcode) == ("", "", "", "SW11")
    assert old.triage.zones == () and old.conversation_id == f"purged:{past}"
    assert old.session_minutes == 60 and old.status == "requested"  # what the business counts
    delivery = store.delivery(past)
    assert delivery is not None and delivery.payload == {}
    kept = store.get(soon)
    assert kept is not None and kept.name == "Jo Bloggs"
    assert purge(stores, RETENTION, NOW).bookings == 0  # done once


def test_a_purged_booking_that_was_never_delivered_is_never_sent(stores: Stores) -> None:
    past = save_booking(stores, booking("web:jo", NOW - timedelta(days=40)))
    purge(stores, RETENTION, NOW)
    due = BookingStore(stores.bookings_db).claim_due(NOW + timedelta(days=3650), timedelta(1))
    assert past not in [delivery.reference for delivery in due]


def test_call_backs_and_offered_options_go_after_their_periods(stores: Stores) -> None:
    save_callback(stores, "sms:+447400000001", "+447400000001", at=NOW - timedelta(days=31))
    save_callback(stores, "sms:+447400000002", "+447400000002", at=NOW - timedelta(days=1))
    offer(stores, "twilio", "sms:+447400000001", at=NOW - timedelta(hours=25))
    offer(stores, "twilio", "sms:+447400000002", at=NOW - timedelta(hours=1))
    purged = purge(stores, RETENTION, NOW)
    assert (purged.callbacks, purged.offered_options) == (1, 1)
    left = export(stores, Person(phone="+447400000002"), NOW)
    assert len(left["callback_requests"]) == 1 and len(left["offered_options"]) == 1


def test_a_purge_is_logged_only_when_something_went(
    stores: Stores, add_conversation: AddConversation
) -> None:
    purge(stores, RETENTION, NOW)
    assert log.entries(stores.log_db) == []
    add_conversation("web:old", ["hi"], at=NOW - timedelta(days=100))
    purge(stores, RETENTION, NOW, reason="schedule")
    [entry] = log.entries(stores.log_db)
    assert entry["reason"] == "schedule" and entry["counts"]["conversations"] == 1


def test_the_clock_must_know_its_zone(stores: Stores) -> None:
    with pytest.raises(ValueError):
        purge(stores, RETENTION, NOW.replace(tzinfo=None))
