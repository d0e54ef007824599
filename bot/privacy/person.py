"""Who an export or an erasure is about, and every conversation that belongs to them."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from bot.channels.offered import FILE as OFFERED_FILE
from bot.privacy import records, trackers
from bot.settings import Settings

LOG_FILE = "privacy.db"


class PersonError(ValueError):
    """The person was not named in a way the stores can look up; the text says why."""


@dataclass(frozen=True)
class Stores:
    """Where personal data is kept."""

    tracker_db_url: str
    bookings_db: Path
    offered_db: Path
    log_db: Path  # what was purged and erased, when (never what or whose)


@dataclass(frozen=True)
class Person:
    """Conversation ids (namespaced: `sms:+44…`, `web:…`), a phone (E.164) or an e-mail."""

    conversations: tuple[str, ...] = ()
    phone: str | None = None
    email: str | None = None

    def __post_init__(self) -> None:
        if not (self.conversations or self.phone or self.email):
            raise PersonError("name a conversation, a phone number or an e-mail address")

    def contacts(self) -> list[str]:
        """The contact values a booking may hold for this person."""
        return [value for value in (self.phone, self.email) if value]


def conversations_of(stores: Stores, person: Person) -> set[str]:
    """Every conversation of `person`: those named, the SMS and WhatsApp conversations of
    the phone, and the conversations that booked or asked for a call back with the phone
    or e-mail."""
    found = set(person.conversations)
    if person.phone:
        found |= {f"sms:{person.phone}", f"whatsapp:{person.phone}"}
    with records.connect(stores.bookings_db) as connection:
        for row in records.rows_where(
            connection, records.BOOKINGS, "contact", _contact_forms(person)
        ):
            found.add(str(row["conversation_id"]))
        if person.phone:
            for row in records.rows_where(connection, records.CALLBACKS, "phone", [person.phone]):
                found.add(str(row["conversation_id"]))
    return found


def _contact_forms(person: Person) -> list[str]:
    forms = [person.phone] if person.phone else []
    if person.email:  # stored normalised: the domain in lower case, the local part as typed
        forms += [person.email, person.email.lower()]
    return forms


def stored_conversations(stores: Stores) -> dict[str, float]:
    """Every conversation in the tracker store and the time of its latest event."""
    with trackers.engine_for(stores.tracker_db_url) as engine:
        return trackers.last_activity(engine)


def stores_of(settings: Settings) -> Stores:
    """The stores of a running configuration."""
    return Stores(
        tracker_db_url=settings.tracker_db_url,
        bookings_db=settings.bookings_db,
        offered_db=settings.var_dir / OFFERED_FILE,
        log_db=settings.bookings_db.parent / LOG_FILE,  # beside the bookings it speaks of
    )
