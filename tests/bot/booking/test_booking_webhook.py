"""bot.booking.webhook against a real HTTP server on 127.0.0.1: once on success, retried
with backoff while the server is down, never resent after delivery."""

from __future__ import annotations

from datetime import timedelta

import pytest
from booking_support import MakeRequest, Receiver, free_port

from bot.booking.request import BookingRequest
from bot.booking.store import BookingStore
from bot.booking.webhook import DeliveryError, backoff, deliver_due, post_json


@pytest.fixture
def saved(store: BookingStore, make_request: MakeRequest) -> BookingRequest:
    request = make_request()
    store.save(request)
    return request


def test_a_booking_is_delivered_once(store: BookingStore, saved: BookingRequest) -> None:
    now = saved.created_at + timedelta(seconds=1)
    with Receiver() as receiver:
        report = deliver_due(store, now, url=receiver.url, timeout=5)
        again = deliver_due(store, now + timedelta(hours=2), url=receiver.url, timeout=5)

    assert report.delivered == (saved.reference,)
    assert report.failed == ()
    assert again.delivered == again.failed == ()
    assert len(receiver.received) == 1
    posted = receiver.received[0]
    assert posted["path"] == "/hooks/booking"
    assert posted["headers"]["content-type"] == "application/json; charset=utf-8"
    assert posted["headers"]["idempotency-key"] == saved.reference
    assert posted["json"] == {"event": "booking.requested", "booking": saved.as_dict()}

    delivery = store.delivery(saved.reference)
    assert delivery is not None
    assert delivery.delivered_at == now
    assert delivery.attempts == 1
    assert delivery.last_error is None


def test_a_down_server_is_retried_with_backoff_until_it_is_back(
    store: BookingStore, saved: BookingRequest
) -> None:
    port = free_port()
    url = f"http://127.0.0.1:{port}/hooks/booking"
    start = saved.created_at + timedelta(seconds=1)

    # Nothing listens on the port: the delivery stays in the outbox, due again in 30 s.
    first = deliver_due(store, start, url=url, timeout=2)
    assert first.failed == (saved.reference,)
    delivery = store.delivery(saved.reference)
    assert delivery is not None
    assert delivery.attempts == 1
    assert delivery.delivered_at is None
    assert delivery.next_attempt_at == start + timedelta(seconds=30)
    assert delivery.last_error is not None and "cannot reach the webhook" in delivery.last_error

    # Not yet due: nothing is tried.
    assert deliver_due(store, start + timedelta(seconds=29), url=url, timeout=2).failed == ()
    delivery = store.delivery(saved.reference)
    assert delivery is not None and delivery.attempts == 1

    # Still down at the retry: the wait doubles to 60 s.
    second_try = start + timedelta(seconds=30)
    assert deliver_due(store, second_try, url=url, timeout=2).failed == (saved.reference,)
    delivery = store.delivery(saved.reference)
    assert delivery is not None
    assert delivery.attempts == 2
    assert delivery.next_attempt_at == second_try + timedelta(seconds=60)

    # The server comes back on the same port: delivered at the next due time, once.
    third_try = second_try + timedelta(seconds=60)
    with Receiver(port=port) as receiver:
        back = deliver_due(store, third_try, url=url, timeout=5)
        later = deliver_due(store, third_try + timedelta(days=1), url=url, timeout=5)

    assert back.delivered == (saved.reference,)
    assert later.delivered == later.failed == ()
    assert [posted["json"]["booking"]["reference"] for posted in receiver.received] == [
        saved.reference
    ]
    delivery = store.delivery(saved.reference)
    assert delivery is not None
    assert delivery.delivered_at == third_try
    assert delivery.attempts == 3
    assert delivery.last_error is None


@pytest.mark.parametrize(("status", "error"), [(500, "HTTP 500"), (302, "HTTP 302")])
def test_an_error_or_a_redirect_is_a_failed_attempt(
    store: BookingStore, saved: BookingRequest, status: int, error: str
) -> None:
    now = saved.created_at + timedelta(seconds=1)
    with Receiver(status=status) as receiver:
        report = deliver_due(store, now, url=receiver.url, timeout=5)

    assert report.failed == (saved.reference,)
    assert len(receiver.received) == 1
    delivery = store.delivery(saved.reference)
    assert delivery is not None
    assert delivery.last_error is not None and delivery.last_error.startswith(error)
    assert delivery.delivered_at is None


def test_without_a_webhook_url_nothing_is_sent_and_nothing_is_lost(
    store: BookingStore, saved: BookingRequest
) -> None:
    report = deliver_due(store, saved.created_at + timedelta(hours=1), url=None)

    assert report.delivered == report.failed == ()
    delivery = store.delivery(saved.reference)
    assert delivery is not None and delivery.attempts == 0


def test_an_empty_or_missing_store_delivers_nothing(store: BookingStore) -> None:
    assert deliver_due(store, url="http://127.0.0.1:9/").delivered == ()


def test_backoff_doubles_from_30_seconds_up_to_the_cap() -> None:
    waits = [backoff(attempt).total_seconds() for attempt in range(1, 10)]

    assert waits == [30, 60, 120, 240, 480, 960, 1920, 3600, 3600]
    assert backoff(3, cap=timedelta(seconds=90)) == timedelta(seconds=90)
    assert backoff(10_000) == timedelta(hours=1)


def test_only_http_urls_are_posted_to() -> None:
    with pytest.raises(DeliveryError, match="must start with http"):
        post_json("file:///etc/passwd", {}, "MB-AAAAA", 1.0)
