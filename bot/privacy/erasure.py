"""Everything held about one person: exported as JSON, or erased from every store.

An erasure deletes the person's conversations (tracker events), bookings with their
webhook deliveries, call-back requests and offered options, in that order, and records in
the privacy log when it happened, why (`cli`, `chat`) and how many rows each store lost:
nothing that says whose they were.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import datetime
from typing import Any

from bot.privacy import log, records, trackers
from bot.privacy.person import Person, Stores, conversations_of


@dataclass(frozen=True)
class Erased:
    """What one erasure removed, store by store."""

    conversations: int = 0
    bookings: int = 0
    deliveries: int = 0
    callbacks: int = 0
    offered_options: int = 0

    def as_dict(self) -> dict[str, int]:
        return asdict(self)

    @property
    def anything(self) -> bool:
        return any(self.as_dict().values())


def export(stores: Stores, person: Person, now: datetime) -> dict[str, Any]:
    """Everything held about `person`, as JSON-ready data."""
    conversations = sorted(conversations_of(stores, person))
    with trackers.engine_for(stores.tracker_db_url) as engine:
        events = {
            conversation: found
            for conversation in conversations
            if (found := trackers.events_of(engine, conversation))
        }
    with records.connect(stores.bookings_db) as connection:
        bookings = records.rows_where(
            connection, records.BOOKINGS, "conversation_id", conversations
        )
        references = [str(row["reference"]) for row in bookings]
        deliveries = records.rows_where(connection, records.OUTBOX, "reference", references)
        callbacks = _callbacks(connection, conversations, person)
    with records.connect(stores.offered_db) as connection:
        offered = records.rows_where(connection, records.OFFERED, "sender", conversations)
    return {
        "exported_at": now.isoformat(),
        "person": {
            "conversations": list(person.conversations),
            "phone": person.phone,
            "email": person.email,
        },
        "conversations": events,
        "bookings": bookings,
        "webhook_deliveries": deliveries,
        "callback_requests": callbacks,
        "offered_options": offered,
    }


def erase(stores: Stores, person: Person, now: datetime, reason: str) -> Erased:
    """Delete everything held about `person` from every store, and log that it was done."""
    conversations = sorted(conversations_of(stores, person))
    with trackers.engine_for(stores.tracker_db_url) as engine:
        gone = trackers.delete(engine, conversations)
    erased = erase_records(stores, conversations, person.phone)
    erased = Erased(
        gone, erased.bookings, erased.deliveries, erased.callbacks, erased.offered_options
    )
    log.record(stores.log_db, "erase", reason, now, erased.as_dict())
    return erased


def erase_records(stores: Stores, conversations: list[str], phone: str | None = None) -> Erased:
    """Delete the bookings, deliveries, call-backs and offered options of `conversations`
    (and call-backs left with `phone`); the tracker store is not touched."""
    with records.connect(stores.bookings_db) as connection:
        references = records.references_of(connection, conversations)
        deliveries = records.delete_where(connection, records.OUTBOX, "reference", references)
        bookings = records.delete_where(
            connection, records.BOOKINGS, "conversation_id", conversations
        )
        callbacks = records.delete_where(
            connection, records.CALLBACKS, "conversation_id", conversations
        )
        if phone:
            callbacks += records.delete_where(connection, records.CALLBACKS, "phone", [phone])
    with records.connect(stores.offered_db) as connection:
        offered = records.delete_where(connection, records.OFFERED, "sender", conversations)
    return Erased(0, bookings, deliveries, callbacks, offered)


def _callbacks(connection: Any, conversations: list[str], person: Person) -> list[dict[str, Any]]:
    found = records.rows_where(connection, records.CALLBACKS, "conversation_id", conversations)
    if person.phone:
        seen = {row.get("id") for row in found}
        found += [
            row
            for row in records.rows_where(connection, records.CALLBACKS, "phone", [person.phone])
            if row.get("id") not in seen
        ]
    return found
