"""Shared fixtures for the booking tests: the default business, requests and a store."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import pytest
from booking_support import LONDON, MakeRequest

from bot.booking.request import BookingRequest, TriageSummary
from bot.booking.store import BookingStore
from bot.settings import Business, load


@pytest.fixture
def business() -> Business:
    """The default business: every day 06:00 to midnight, 60/90/120-minute sessions."""
    return load({}).business


@pytest.fixture
def make_request() -> MakeRequest:
    """A valid request; keyword arguments replace any field."""

    def make(**changes: Any) -> BookingRequest:
        fields: dict[str, Any] = {
            "conversation_id": "conversation-1",
            "starts_at": datetime(2025, 12, 6, 18, 0, tzinfo=LONDON),
            "postcode": "SW1A 1AA",
            "session_minutes": 60,
            "name": "Jo Bloggs",
            "contact": "+447400123456",
            "contact_kind": "phone",
            "notes": "Second floor, no lift.",
            "triage": TriageSummary(
                zones=("neck", "temple"),
                side="left",
                triggers=("desk_work",),
                sources=("upper_trapezius", "sternocleidomastoid"),
            ),
            "now": datetime(2025, 12, 5, 10, 0, tzinfo=timezone.utc),
        }
        reference = changes.pop("reference", None)
        fields.update(changes)
        request = BookingRequest.new(**fields)
        if reference is not None:
            request = replace(request, reference=reference)
        return request

    return make


@pytest.fixture
def store(tmp_path: Path) -> BookingStore:
    return BookingStore(tmp_path / "var" / "bookings.db")
