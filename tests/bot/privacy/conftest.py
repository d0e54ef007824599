"""Fixtures for the privacy tests: every store in a temporary folder, with data in it."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable
from dataclasses import replace
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from bot.booking.request import BookingRequest, TriageSummary
from bot.booking.store import BookingStore
from bot.callbacks import CallbackRequest, CallbackStore
from bot.channels.numbered import Option
from bot.channels.offered import OfferedOptions
from bot.privacy.person import Stores

LONDON = ZoneInfo("Europe/London")
NOW = datetime(2026, 12, 3, 11, 0, tzinfo=timezone.utc)


@pytest.fixture
def stores(tmp_path: Path) -> Stores:
    return Stores(
        tracker_db_url=f"sqlite:///{tmp_path / 'tracker.db'}",
        bookings_db=tmp_path / "bookings.db",
        offered_db=tmp_path / "offered-options.db",
        log_db=tmp_path / "privacy.db",
    )


AddConversation = Callable[..., None]


@pytest.fixture
def add_conversation(stores: Stores) -> AddConversation:
    """Store a conversation's events as Rasa's SQL tracker store does (table `events`)."""
    path = stores.tracker_db_url.removeprefix("sqlite:///")

    def add(conversation: str, texts: list[str], at: datetime = NOW) -> None:
        with sqlite3.connect(path) as connection:
            connection.execute(
                "CREATE TABLE IF NOT EXISTS events (id INTEGER PRIMARY KEY, sender_id TEXT "
                "NOT NULL, type_name TEXT NOT NULL, timestamp REAL, intent_name TEXT, "
                "action_name TEXT, data TEXT)"
            )
            for offset, text in enumerate(texts):
                stamp = at.timestamp() + offset
                data = {"event": "user", "text": text, "timestamp": stamp}
                connection.execute(
                    "INSERT INTO events (sender_id, type_name, timestamp, data) "
                    "VALUES (?, 'user', ?, ?)",
                    [conversation, stamp, json.dumps(data)],
                )
        connection.close()

    return add


def booking(conversation: str, starts_at: datetime, **changes: Any) -> BookingRequest:
    fields: dict[str, Any] = {
        "conversation_id": conversation,
        "starts_at": starts_at,
        "postcode": "SW11 4NJ",
        "session_minutes": 60,
        "name": "Jo Bloggs",
        "contact": "+447400123456",
        "contact_kind": "phone",
        "notes": "Second floor, no lift.",
        "triage": TriageSummary(zones=("neck",), side="left", triggers=("desk_work",)),
        "now": NOW - timedelta(days=60),
    }
    fields.update(changes)
    return BookingRequest.new(**fields)


def save_booking(stores: Stores, request: BookingRequest) -> str:
    reference, _ = BookingStore(stores.bookings_db).save(request)
    return reference


def save_callback(stores: Stores, conversation: str, phone: str, at: datetime = NOW) -> None:
    CallbackStore(stores.bookings_db).save(CallbackRequest(conversation, phone, "after 5", {}, at))


def offer(stores: Stores, channel: str, conversation: str, at: datetime = NOW) -> None:
    OfferedOptions(stores.offered_db).remember(
        channel, conversation, [Option("Neck", "/describe_pain")], now=at
    )


__all__ = ["LONDON", "NOW", "booking", "offer", "replace", "save_booking", "save_callback"]
