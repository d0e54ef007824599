"""bot.booking.store: round trips, idempotent confirmation, verbatim text, bad files."""

from __future__ import annotations

import sqlite3
from dataclasses import replace
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
from booking_support import LONDON, MakeRequest
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


def test_a_call_back_kept_before_the_first_booking_leaves_the_file_readable(
    tmp_path: Path, make_request: MakeRequest
) -> None:
    from bot import callbacks
    from bot.booking.store import NEIGHBOUR_TABLES

    path = tmp_path / "bookings.db"
    callbacks.CallbackStore(path).save(
        callbacks.CallbackRequest(
            "rest:someone", "07700 900123", "after 5", {}, datetime.now(timezone.utc)
        )
    )
    assert callbacks.TABLE in NEIGHBOUR_TABLES

    assert BookingStore(path).newest_first() == []
    BookingStore(path).save(make_request())
    assert len(BookingStore(path).newest_first()) == 1


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


# --- changes and cancellations --------------------------------------------------------


def test_a_cancellation_is_stored_and_queued_once(store: BookingStore, make_request: Any) -> None:
    from bot.booking.store import CANCELLED_EVENT

    reference, _ = store.save(make_request())
    at = datetime(2025, 12, 5, 12, 0, tzinfo=timezone.utc)
    cancelled = store.cancel(reference, at)
    again = store.cancel(reference.lower(), at)
    assert cancelled is not None and cancelled.status == "cancelled"
    assert again is not None and again.status == "cancelled"
    events = [delivery.event for delivery in store.deliveries_of(reference)]
    assert events == ["booking.requested", CANCELLED_EVENT]  # idempotent
    assert store.standing_for("conversation-1") == []
    assert store.cancel("MB-ZZZZZ", at) is None


def test_a_move_is_stored_and_each_new_time_queued_once(
    store: BookingStore, make_request: Any
) -> None:
    reference, _ = store.save(make_request())
    at = datetime(2025, 12, 5, 12, 0, tzinfo=timezone.utc)
    later = datetime(2025, 12, 10, 18, 0, tzinfo=LONDON)
    moved = store.move(reference, later, at)
    store.move(reference, later, at)
    assert moved is not None and moved.starts_at == later
    assert store.get(reference).starts_at == later  # type: ignore[union-attr]
    deliveries = store.deliveries_of(reference)
    assert [d.event for d in deliveries] == ["booking.requested", "booking.changed"]
    assert deliveries[1].key.startswith(f"{reference}:changed:")
    assert deliveries[1].payload["starts_at"] == later.isoformat()


def test_a_schema_1_outbox_is_migrated(tmp_path: Path, make_request: Any) -> None:
    import sqlite3

    path = tmp_path / "old.db"
    connection = sqlite3.connect(path)
    connection.executescript(
        """
        CREATE TABLE bookings (id INTEGER PRIMARY KEY, reference TEXT NOT NULL,
          conversation_id TEXT NOT NULL, confirmation_key TEXT NOT NULL, starts_at TEXT NOT NULL,
          session_minutes INTEGER NOT NULL, postcode TEXT NOT NULL, name TEXT NOT NULL,
          contact TEXT NOT NULL, contact_kind TEXT NOT NULL, notes TEXT NOT NULL,
          triage TEXT NOT NULL, created_at TEXT NOT NULL, status TEXT NOT NULL);
        CREATE UNIQUE INDEX idx_bookings_reference ON bookings (reference);
        CREATE TABLE outbox (id INTEGER PRIMARY KEY, reference TEXT NOT NULL, payload TEXT NOT NULL,
          attempts INTEGER NOT NULL DEFAULT 0, next_attempt_at TEXT NOT NULL, last_error TEXT,
          delivered_at TEXT, created_at TEXT NOT NULL);
        CREATE UNIQUE INDEX idx_outbox_reference ON outbox (reference);
        INSERT INTO outbox (reference, payload, next_attempt_at, created_at)
          VALUES ('MB-22222', '{}', '2025-01-01T00:00:00.000000+00:00',
                  '2025-01-01T00:00:00.000000+00:00');
        PRAGMA user_version = 1;
        """
    )
    connection.close()
    store = BookingStore(path)
    [old] = store.deliveries_of("MB-22222")
    assert (old.event, old.key) == ("booking.requested", "MB-22222")
    reference, _ = store.save(make_request())
    assert store.cancel(reference, datetime(2025, 12, 5, 12, 0, tzinfo=timezone.utc))
    assert len(store.deliveries_of(reference)) == 2
