"""bot.booking.request and bot.booking.link: the record, its reference, the booking URL."""

from __future__ import annotations

import random
import re
from dataclasses import replace
from datetime import datetime, timedelta
from urllib.parse import parse_qs, urlsplit

import pytest
from booking_support import LONDON, MakeRequest

from bot.booking.link import booking_page_url
from bot.booking.request import (
    REFERENCE_ALPHABET,
    BookingRequest,
    TriageSummary,
    new_reference,
    normalise_reference,
)


def test_references_are_short_and_unambiguous() -> None:
    references = {new_reference() for _ in range(500)}

    assert len(references) == 500
    for reference in references:
        assert re.fullmatch(r"MB-[2-9A-HJ-NP-Z]{5}", reference)
    assert not set("01OI") & set(REFERENCE_ALPHABET)


def test_a_reference_can_be_drawn_from_a_given_source() -> None:
    chooser = random.Random(7).choice
    assert new_reference(chooser) == new_reference(random.Random(7).choice)


@pytest.mark.parametrize("typed", ["MB-7K3Q9", "mb-7k3q9", "mb 7k3q9", "7K3Q9", " MB7K3Q9 "])
def test_references_are_found_however_they_are_typed(typed: str) -> None:
    assert normalise_reference(typed) == "MB-7K3Q9"


def test_the_confirmation_key_follows_what_was_confirmed(make_request: MakeRequest) -> None:
    first = make_request()
    again = make_request()  # another reference and the same answers
    assert first.reference != again.reference
    assert first.confirmation_key == again.confirmation_key
    assert replace(first, name=" jo  BLOGGS").confirmation_key == first.confirmation_key

    for changed in (
        replace(first, starts_at=first.starts_at + timedelta(minutes=30)),
        replace(first, postcode="M1 1AE"),
        replace(first, session_minutes=90),
        replace(first, contact="jo@example.com", contact_kind="email"),
        replace(first, notes="Ring the bell twice."),
    ):
        assert changed.confirmation_key != first.confirmation_key


def test_the_same_instant_in_another_zone_is_the_same_confirmation(
    make_request: MakeRequest,
) -> None:
    request = make_request()
    from datetime import timezone

    utc = replace(request, starts_at=request.starts_at.astimezone(timezone.utc))
    assert utc.confirmation_key == request.confirmation_key


def test_times_must_be_timezone_aware(make_request: MakeRequest) -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        make_request(starts_at=datetime(2025, 12, 6, 18, 0))


def test_as_dict_is_json_ready(make_request: MakeRequest) -> None:
    data = make_request().as_dict()

    assert data["starts_at"] == "2025-12-06T18:00:00+00:00"
    assert data["ends_at"] == "2025-12-06T19:00:00+00:00"
    assert data["triage"] == {
        "zones": ["neck", "temple"],
        "side": "left",
        "triggers": ["desk_work"],
        "sources": ["upper_trapezius", "sternocleidomastoid"],
        "precautions": [],
    }
    assert TriageSummary.from_dict(data["triage"]) == make_request().triage


def test_booking_page_url_carries_the_request_urlencoded(make_request: MakeRequest) -> None:
    request = make_request(starts_at=datetime(2025, 7, 5, 18, 30, tzinfo=LONDON))

    url = booking_page_url("https://book.example.org/visit?ref=chat&utm_source=bot", request)

    parts = urlsplit(url)
    assert (parts.scheme, parts.netloc, parts.path) == ("https", "book.example.org", "/visit")
    assert "when=2025-07-05T18%3A30%2B01%3A00" in parts.query
    assert "postcode=SW1A+1AA" in parts.query
    assert parse_qs(parts.query) == {
        "utm_source": ["bot"],
        "ref": [request.reference],  # the configured ref=chat is replaced, not repeated
        "when": ["2025-07-05T18:30+01:00"],
        "postcode": ["SW1A 1AA"],
        "minutes": ["60"],
        "zones": ["neck,temple"],
        "side": ["left"],
        "triggers": ["desk_work"],
    }
    assert "Bloggs" not in url and "7400" not in url  # no name or contact in URLs


def test_booking_page_url_leaves_out_an_empty_triage(make_request: MakeRequest) -> None:
    request: BookingRequest = make_request(triage=TriageSummary())

    query = parse_qs(urlsplit(booking_page_url("https://example.co.uk/book", request)).query)

    assert set(query) == {"ref", "when", "postcode", "minutes"}
