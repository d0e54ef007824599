"""Export and erasure of everything held about one person, across every store."""

from __future__ import annotations

from datetime import timedelta

import pytest
from conftest import NOW, AddConversation, booking, offer, save_booking, save_callback

from bot.booking.store import BookingStore
from bot.privacy import log
from bot.privacy.erasure import erase, export
from bot.privacy.person import Person, PersonError, Stores


@pytest.fixture
def two_people(stores: Stores, add_conversation: AddConversation) -> str:
    """Jo (SMS, then the web widget where she booked) and Sam (web), kept apart."""
    add_conversation("sms:+447400123456", ["my neck hurts", "from the desk"])
    add_conversation("web:jo-widget", ["can I book"])
    add_conversation("web:sam", ["my knee aches"])
    reference = save_booking(stores, booking("web:jo-widget", NOW + timedelta(days=2)))
    save_booking(
        stores,
        booking("web:sam", NOW + timedelta(days=3), name="Sam", contact="sam@example.com",
                contact_kind="email"),
    )  # fmt: skip
    save_callback(stores, "sms:+447400123456", "+447400123456")
    offer(stores, "twilio", "sms:+447400123456")
    offer(stores, "telegram", "telegram:99")
    return reference


def test_export_by_phone_finds_every_conversation_and_record_of_the_person(
    stores: Stores, two_people: str
) -> None:
    held = export(stores, Person(phone="+447400123456"), NOW)
    assert set(held["conversations"]) == {"sms:+447400123456", "web:jo-widget"}
    assert [e["text"] for e in held["conversations"]["sms:+447400123456"]] == [
        "my neck hurts",
        "from the desk",
    ]
    [row] = held["bookings"]
    assert row["reference"] == two_people and row["name"] == "Jo Bloggs"
    assert row["triage"]["zones"] == ["neck"]  # JSON columns come back as data
    assert [d["reference"] for d in held["webhook_deliveries"]] == [two_people]
    assert [c["phone"] for c in held["callback_requests"]] == ["+447400123456"]
    assert [o["channel"] for o in held["offered_options"]] == ["twilio"]
    assert "Sam" not in str(held) and "knee" not in str(held)


def test_export_by_email_and_by_conversation(stores: Stores, two_people: str) -> None:
    by_email = export(stores, Person(email="sam@example.com"), NOW)
    assert set(by_email["conversations"]) == {"web:sam"}
    assert [row["name"] for row in by_email["bookings"]] == ["Sam"]
    by_id = export(stores, Person(conversations=("web:sam",)), NOW)
    assert by_id["bookings"] == by_email["bookings"]


def test_erase_removes_the_person_from_every_store_and_logs_no_identity(
    stores: Stores, two_people: str
) -> None:
    erased = erase(stores, Person(phone="+447400123456"), NOW, reason="cli")
    assert erased.as_dict() == {
        "conversations": 2,
        "bookings": 1,
        "deliveries": 1,
        "callbacks": 1,
        "offered_options": 1,
    }
    assert not any(
        export(stores, Person(phone="+447400123456"), NOW)[part]
        for part in ("conversations", "bookings", "webhook_deliveries", "callback_requests")
    )
    store = BookingStore(stores.bookings_db)
    assert store.get(two_people) is None and store.delivery(two_people) is None
    assert [row.name for row in store.newest_first()] == ["Sam"]  # the other person stays
    assert export(stores, Person(conversations=("web:sam",)), NOW)["conversations"]
    [entry] = log.entries(stores.log_db)
    assert (entry["kind"], entry["reason"], entry["counts"]["bookings"]) == ("erase", "cli", 1)
    kept = stores.log_db.read_bytes()
    assert b"7400123456" not in kept and b"Jo" not in kept and b"web:" not in kept


def test_erasing_someone_with_nothing_held_changes_nothing(stores: Stores, two_people: str) -> None:
    erased = erase(stores, Person(email="nobody@example.com"), NOW, reason="cli")
    assert not erased.anything
    assert len(BookingStore(stores.bookings_db)) == 2


def test_erasure_on_missing_stores_creates_none_of_them(stores: Stores) -> None:
    assert not erase(stores, Person(conversations=("web:x",)), NOW, reason="cli").anything
    assert not stores.bookings_db.exists() and not stores.offered_db.exists()


def test_a_person_must_be_named() -> None:
    with pytest.raises(PersonError):
        Person()
