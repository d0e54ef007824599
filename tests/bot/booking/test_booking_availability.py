"""Availability: counted against the stored requests and the therapists, or asked over HTTP;
a full slot is refused with the nearest free times. And the named days people book by."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from dataclasses import replace
from datetime import date, datetime, timedelta
from http.server import BaseHTTPRequestHandler, HTTPServer
from typing import Any
from urllib.parse import parse_qs, urlparse

import pytest
from booking_support import LONDON, MakeRequest

from bot.booking import form
from bot.booking.availability import CountedAvailability, HttpAvailability
from bot.booking.holidays import bank_holidays, named_day
from bot.booking.store import BookingStore
from bot.settings import Business

NOW = datetime(2025, 12, 5, 9, 0, tzinfo=LONDON)
TEN = datetime(2025, 12, 6, 10, 0, tzinfo=LONDON)


def test_a_slot_is_free_until_every_therapist_is_booked(
    business: Business, store: BookingStore, make_request: MakeRequest
) -> None:
    two = replace(business, therapists=2, travel_minutes=30)

    def diary() -> CountedAvailability:  # one provider per answer, as the actions make them
        return CountedAvailability(store, two)

    assert diary().is_free(TEN, 60)
    store.save(make_request(starts_at=TEN, conversation_id="a"))
    assert diary().is_free(TEN, 60)
    store.save(make_request(starts_at=TEN + timedelta(minutes=30), conversation_id="b"))
    now = diary()
    assert not now.is_free(TEN, 60)  # two visits overlap 10:00-11:00
    assert not now.is_free(TEN + timedelta(minutes=80), 60)  # within the travel time
    assert now.is_free(TEN + timedelta(hours=2, minutes=30), 60)


def test_a_provider_reads_the_diary_once(
    business: Business, store: BookingStore, make_request: MakeRequest, monkeypatch: Any
) -> None:
    store.save(make_request(starts_at=TEN, conversation_id="a"))
    reads = []
    standing = store.standing
    monkeypatch.setattr(store, "standing", lambda: reads.append(1) or standing())
    diary = CountedAvailability(store, replace(business, therapists=1, travel_minutes=0))
    free = [diary.is_free(TEN + timedelta(minutes=30 * step), 60) for step in range(6)]
    assert free == [False, False, True, True, True, True] and len(reads) == 1


def test_a_full_time_is_refused_with_the_nearest_free_ones(
    business: Business, store: BookingStore, make_request: MakeRequest
) -> None:
    one = replace(business, therapists=1, travel_minutes=0)
    store.save(make_request(starts_at=TEN, conversation_id="a"))
    checked = form.check_when(
        "saturday at 10am", one, now=NOW, availability=CountedAvailability(store, one)
    )
    assert checked.slots == {form.WHEN: None}
    assert checked.reply is not None and "fully booked" in checked.reply.text
    offered = [button.payload for button in checked.reply.buttons]
    assert offered == ["2025-12-06 09:00", "2025-12-06 11:00"]


class _Diary(BaseHTTPRequestHandler):
    def do_GET(self) -> None:  # noqa: N802 (the http.server API)
        query = parse_qs(urlparse(self.path).query)
        busy = query.get("start", [""])[0].startswith("2025-12-06T10:00")
        body = json.dumps({"available": not busy, "minutes": query.get("minutes")}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        return None


@pytest.fixture
def diary_url() -> Iterator[str]:
    server = HTTPServer(("127.0.0.1", 0), _Diary)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}/availability"
    server.shutdown()


def test_the_booking_systems_url_is_asked(diary_url: str) -> None:
    diary = HttpAvailability(diary_url)
    assert not diary.is_free(TEN, 60)
    assert diary.is_free(TEN + timedelta(hours=1), 60)


def test_an_unreachable_booking_system_takes_the_request() -> None:
    assert HttpAvailability("http://127.0.0.1:9/nothing", timeout=0.5).is_free(TEN, 60)


def test_bank_holidays_with_their_substitute_days() -> None:
    assert date(2026, 12, 28) in bank_holidays(2026)  # Boxing Day 2026 is a Saturday
    assert date(2027, 3, 26) in bank_holidays(2027)  # Good Friday
    assert date(2027, 12, 27) in bank_holidays(2027)  # Christmas 2027 is a Saturday


@pytest.mark.parametrize(
    ("text", "today", "day"),
    [
        ("christmas eve", date(2026, 12, 1), date(2026, 12, 24)),
        ("boxing day", date(2026, 12, 27), date(2027, 12, 26)),
        ("new year's eve", date(2026, 12, 1), date(2026, 12, 31)),
        ("easter monday", date(2027, 3, 21), date(2027, 3, 29)),
        ("bank holiday monday", date(2026, 12, 1), date(2026, 12, 28)),
    ],
)
def test_named_days(text: str, today: date, day: date) -> None:
    found = named_day(text, today)
    assert found is not None and found[0] == day


def test_a_refusal_keeps_the_time_asked_for(business: Business) -> None:
    checked = form.check_when("tomorrow at 5am", business, now=NOW)
    assert checked.slots == {form.WHEN: None}
    assert checked.reply is not None and "06:00" in checked.reply.text
