"""bot.booking.store: round trips, idempotent confirmation, verbatim text, bad files."""

from __future__ import annotations

import sqlite3
from dataclasses import replace
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from booking_support import MakeRequest
from sqlite_utils import Database

from bot.booking.store import BookingStore, BookingStoreError


def test_a_saved_request_reads_back_equal(store: BookingStore, make_request: MakeRequest) -> None:
    request = make_request()

    reference, created = store.save(request)

    assert (reference, created) == (request.reference, True)
    assert store.get(reference) == request
    assert store.get(reference.lower().replace("-", " ")) == request
    assert store.get("MB-ZZZZZ") is None
    assert len(store) == 1


def test_the_first_save_creates_the_file_and_its_folder(
    tmp_path: Path, make_request: MakeRequest
) -> None:
    path = tmp_path / "new" / "folder" / "bookings.db"
    store = BookingStore(path)
    assert store.newest_first() == []
    assert not path.exists()  # reading never creates the file

    store.save(make_request())

    assert path.is_file()
    tables = set(Database(path).table_names())
    assert {"bookings", "outbox"} <= tables


def test_confirming_the_same_booking_twice_returns_the_first_reference(
    store: BookingStore, make_request: MakeRequest
) -> None:
    first = make_request()
    again = make_request()  # the same answers, a new reference drawn

    assert store.save(first) == (first.reference, True)
    assert store.save(again) == (first.reference, False)
    assert store.save(first) == (first.reference, False)

    assert [request.reference for request in store.newest_first()] == [first.reference]
    assert len(store.deliveries()) == 1  # and one webhook delivery, not two


def test_a_changed_booking_or_another_conversation_is_a_new_request(
    store: BookingStore, make_request: MakeRequest
) -> None:
    first = make_request()
    later = make_request(starts_at=first.starts_at + timedelta(hours=1))
    elsewhere = make_request(conversation_id="conversation-2")

    assert store.save(first)[1]
    assert store.save(later)[1]
    assert store.save(elsewhere)[1]
    assert len(store) == 3


def test_a_taken_reference_is_replaced_by_a_fresh_one(
    store: BookingStore, make_request: MakeRequest
) -> None:
    first = make_request(reference="MB-AAAAA")
    clash = make_request(reference="MB-AAAAA", conversation_id="conversation-2")

    store.save(first)
    reference, created = store.save(clash)

    assert created
    assert reference != "MB-AAAAA"
    stored = store.get(reference)
    assert stored is not None and stored.conversation_id == "conversation-2"


def test_newest_first(store: BookingStore, make_request: MakeRequest) -> None:
    base = datetime(2025, 12, 5, 9, 0, tzinfo=timezone.utc)
    saved = []
    for minutes in (0, 30, 10):
        request = make_request(conversation_id=f"c{minutes}", now=base + timedelta(minutes=minutes))
        store.save(request)
        saved.append(request)

    assert [r.conversation_id for r in store.newest_first()] == ["c30", "c10", "c0"]
    assert [r.conversation_id for r in store.newest_first(limit=1)] == ["c30"]


@pytest.mark.parametrize(
    "typed",
    [
        "Robert'); DROP TABLE bookings;--",
        "x' OR '1'='1",
        'Jo "Bobby" Tables; DELETE FROM outbox',
        "Zoë Ó Súilleabháin 🙂",
    ],
)
def test_text_that_looks_like_sql_is_stored_verbatim(
    store: BookingStore, make_request: MakeRequest, typed: str
) -> None:
    request = make_request(name=typed, notes=typed, conversation_id=typed)

    reference, _ = store.save(request)

    stored = store.get(reference)
    assert stored is not None
    assert (stored.name, stored.notes, stored.conversation_id) == (typed, typed, typed)
    assert set(Database(store.path).table_names()) >= {"bookings", "outbox"}
    assert store.save(make_request(conversation_id="another"))[1]  # tables still work


def test_the_outbox_gets_a_pending_delivery_with_each_new_booking(
    store: BookingStore, make_request: MakeRequest
) -> None:
    request = make_request()
    store.save(request)

    delivery = store.delivery(request.reference)

    assert delivery is not None
    assert delivery.attempts == 0
    assert delivery.delivered_at is None and delivery.last_error is None
    assert delivery.next_attempt_at == request.created_at
    assert delivery.payload["reference"] == request.reference
    assert delivery.payload["name"] == "Jo Bloggs"


def test_a_claimed_delivery_is_not_claimed_again_until_its_lease_ends(
    store: BookingStore, make_request: MakeRequest
) -> None:
    request = make_request()
    store.save(request)
    now = request.created_at + timedelta(seconds=1)

    claimed = store.claim_due(now, timedelta(seconds=40))

    assert [delivery.reference for delivery in claimed] == [request.reference]
    assert store.claim_due(now, timedelta(seconds=40)) == []
    assert len(store.claim_due(now + timedelta(seconds=41), timedelta(seconds=40))) == 1


def test_a_folder_is_not_a_database(tmp_path: Path) -> None:
    with pytest.raises(BookingStoreError, match="is a folder"):
        BookingStore(tmp_path).newest_first()


def test_a_file_that_is_not_sqlite_is_refused(tmp_path: Path, make_request: MakeRequest) -> None:
    path = tmp_path / "notes.txt"
    path.write_text("not a database, just some text that is long enough\n" * 20)

    with pytest.raises(BookingStoreError, match="cannot use"):
        BookingStore(path).newest_first()
    with pytest.raises(BookingStoreError, match="cannot use"):
        BookingStore(path).save(make_request())


def test_another_sqlite_database_is_not_read_as_bookings(tmp_path: Path) -> None:
    path = tmp_path / "kb.db"
    with sqlite3.connect(path) as connection:
        connection.execute("CREATE TABLE muscles (id TEXT)")
    connection.close()

    with pytest.raises(BookingStoreError, match="is not a bookings database"):
        BookingStore(path).newest_first()


def test_a_request_keeps_its_zone_offset_and_instant(
    store: BookingStore, make_request: MakeRequest
) -> None:
    request = make_request()
    store.save(request)

    stored = store.get(request.reference)

    assert stored is not None
    assert stored.starts_at == request.starts_at
    assert stored.starts_at.utcoffset() == request.starts_at.utcoffset()
    assert replace(stored, status="requested") == stored
