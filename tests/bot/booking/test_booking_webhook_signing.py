"""Signed hand-offs: each POST carries an HMAC-SHA256 of timestamp and body that the
receiver can check; a tampered or replayed one fails; http only to loopback; a delivery
that keeps failing becomes a dead letter until it is put back."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from booking_support import MakeRequest, Receiver, free_port

from bot.__main__ import main
from bot.booking.request import BookingRequest
from bot.booking.store import BookingStore
from bot.booking.webhook import DeliveryError, deliver_due, post_json, signature, verify
from bot.settings import SettingsError, load

SECRET = "whsec-test-4f1c"


@pytest.fixture
def saved(store: BookingStore, make_request: MakeRequest) -> BookingRequest:
    request = make_request()
    store.save(request)
    return request


def test_a_signed_delivery_verifies_and_a_tampered_one_does_not(
    store: BookingStore, saved: BookingRequest
) -> None:
    with Receiver() as receiver:
        deliver_due(store, saved.created_at, url=receiver.url, timeout=5, secret=SECRET)
    [posted] = receiver.received
    stamp = posted["headers"]["x-booking-timestamp"]
    given = posted["headers"]["x-booking-signature"]
    body: bytes = posted["body"]
    assert given.startswith("sha256=") and len(given) == 7 + 64
    assert verify(SECRET, stamp, body, given)
    tampered = body.replace(b'"session_minutes": 60', b'"session_minutes": 120')
    assert tampered != body and not verify(SECRET, stamp, tampered, given)
    assert not verify("another-secret", stamp, body, given)
    assert not verify(SECRET, str(int(stamp) + 1), body, given)  # the time is signed too
    assert not verify(SECRET, stamp, body, given, now=float(stamp) + 3600)  # a replay, later
    assert not verify(SECRET, "yesterday", body, given)


def test_the_signature_is_hmac_sha256_of_timestamp_dot_body() -> None:
    # the documented construction, computed independently
    import hashlib
    import hmac

    expected = hmac.new(b"k", b"1700000000.{}", hashlib.sha256).hexdigest()
    assert signature("k", "1700000000", b"{}") == f"sha256={expected}"


def test_without_a_secret_nothing_is_signed(store: BookingStore, saved: BookingRequest) -> None:
    with Receiver() as receiver:
        deliver_due(store, saved.created_at, url=receiver.url, timeout=5)
    assert "x-booking-signature" not in receiver.received[0]["headers"]


def test_plain_http_is_refused_beyond_loopback() -> None:
    with pytest.raises(DeliveryError, match="https"):
        post_json("http://bookings.example.co.uk/hook", {}, "MB-AAAAA", 1.0)
    with pytest.raises(SettingsError, match="https"):
        load({"BOT_BOOKING_WEBHOOK_URL": "http://bookings.example.co.uk/hook"})
    assert load({"BOT_BOOKING_WEBHOOK_URL": "https://bookings.example.co.uk/hook"})
    assert load({"BOT_BOOKING_WEBHOOK_URL": "http://127.0.0.1:9000/hook"})


def test_a_delivery_that_keeps_failing_becomes_a_dead_letter_until_put_back(
    store: BookingStore, saved: BookingRequest
) -> None:
    url = f"http://127.0.0.1:{free_port()}/hooks/booking"  # nothing listens
    moment = saved.created_at
    reports = []
    for _ in range(3):
        reports.append(deliver_due(store, moment, url=url, timeout=1, max_attempts=3))
        moment += timedelta(hours=2)
    assert [r.failed for r in reports[:2]] == [(saved.reference,)] * 2
    assert reports[2].dead == (saved.reference,) and "given up" in str(reports[2])
    delivery = store.delivery(saved.reference)
    assert delivery is not None and delivery.dead and delivery.attempts == 3
    later = deliver_due(store, moment + timedelta(days=30), url=url, timeout=1, max_attempts=3)
    assert later.failed == later.dead == ()  # never tried again by itself

    assert store.redeliver(saved.reference, moment) == 1
    with Receiver() as receiver:
        back = deliver_due(store, moment, url=receiver.url, timeout=5, max_attempts=3)
    assert back.delivered == (saved.reference,)
    assert store.redeliver(saved.reference, moment) == 0  # delivered: nothing to put back


def test_the_bookings_command_shows_dead_letters_and_redelivers_them(
    store: BookingStore,
    saved: BookingRequest,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("BOT_BOOKINGS_DB", str(store.path))
    url = f"http://127.0.0.1:{free_port()}/hooks/booking"
    deliver_due(store, saved.created_at, url=url, timeout=1, max_attempts=1)
    assert main(["bookings", "--json"]) == 0
    [listed] = json.loads(capsys.readouterr().out)
    assert listed["webhook"]["dead_letter"] is True
    assert listed["webhook"]["next_attempt_at"] is None
    assert main(["bookings"]) == 0
    assert "dead letter (1 failed)" in capsys.readouterr().out
    assert main(["bookings", "redeliver", saved.reference.lower()]) == 0
    assert "back in the outbox" in capsys.readouterr().out
    assert main(["bookings", "redeliver", saved.reference]) == 1
    assert "no dead-letter delivery" in capsys.readouterr().err
