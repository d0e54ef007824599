"""Passing booking requests on to the business: a JSON POST to its webhook, with retries.

`BookingStore.save` queues every new request in the outbox. `deliver_due(store, url=...)`,
called periodically (the action server will), POSTs each request that is due:

- success (any 2xx answer): the record is marked delivered and never sent again;
- failure (no answer, a timeout, any other status): it stays in the outbox with the error,
  and is tried again after 30 s, 1 min, 2 min, 4 min ... up to `retry_cap` (1 hour by
  default, `BOT_BOOKING_RETRY_CAP`), for as long as it takes.

With a secret (`BOT_BOOKING_WEBHOOK_SECRET`) each POST is signed: `X-Booking-Timestamp` is
the UNIX time of the attempt and `X-Booking-Signature` is `sha256=` and the hex HMAC-SHA256
of `<timestamp>.<body>` with the secret; `verify` is the receiver's check. After
`max_attempts` failures (`BOT_BOOKING_MAX_ATTEMPTS`, 24) a delivery is a dead letter: it is
not tried again until `python -m bot bookings redeliver REF`.

Each POST carries an `Idempotency-Key` (the booking reference for a new request; the
reference with the change for a move or a cancellation), so a receiver can drop the
duplicate that a crash between its answer and our "delivered" mark would cause. The
`event` is booking.requested, booking.changed or booking.cancelled.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from functools import partial
from typing import Any
from urllib.parse import urlsplit

from bot.booking.store import BookingStore
from bot.settings import LOOPBACK_HOSTS, Settings

FIRST_RETRY = timedelta(seconds=30)
DEFAULT_CAP = timedelta(hours=1)
DEFAULT_TIMEOUT = 10.0  # seconds for one POST
EVENT = "booking.requested"
USER_AGENT = "massage-triage-assistant booking webhook"
TIMESTAMP_HEADER = "X-Booking-Timestamp"
SIGNATURE_HEADER = "X-Booking-Signature"
SIGNATURE_TOLERANCE = 300.0  # seconds a receiver accepts between signing and checking

Post = Callable[[str, dict[str, Any], str, float], None]


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    """A redirect is a failure: following it would turn the POST into a bodiless GET."""

    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


_OPENER = urllib.request.build_opener(_NoRedirect())


class DeliveryError(RuntimeError):
    """One POST did not succeed; the text says why (kept as the outbox's last_error)."""


@dataclass(frozen=True)
class DeliveryReport:
    """What one `deliver_due` call did."""

    delivered: tuple[str, ...] = ()  # references
    failed: tuple[str, ...] = ()
    dead: tuple[str, ...] = ()  # failed for the last time: dead letters

    def __str__(self) -> str:
        said = f"{len(self.delivered)} delivered, {len(self.failed)} to retry"
        return said + (f", {len(self.dead)} given up (dead letters)" if self.dead else "")


def deliver_due(
    store: BookingStore,
    now: datetime | None = None,
    *,
    url: str | None,
    timeout: float = DEFAULT_TIMEOUT,
    retry_cap: timedelta = DEFAULT_CAP,
    limit: int = 20,
    post: Post | None = None,
    secret: str | None = None,
    max_attempts: int | None = None,
) -> DeliveryReport:
    """POST every outbox record due by `now` to `url`; without a URL nothing is sent.

    `post(url, body, idempotency_key, timeout)` defaults to `post_json`, signing with
    `secret` when there is one.
    """
    if not url:
        return DeliveryReport()
    send = post or partial(post_json, secret=secret)
    now = now or datetime.now(timezone.utc)
    lease = timedelta(seconds=timeout) + FIRST_RETRY
    delivered: list[str] = []
    failed: list[str] = []
    dead: list[str] = []
    for delivery in store.claim_due(now, lease, limit):
        body = {"event": delivery.event or EVENT, "booking": delivery.payload}
        try:
            send(url, body, delivery.key or delivery.reference, timeout)
        except DeliveryError as error:
            retry_at = now + backoff(delivery.attempts + 1, retry_cap)
            last = max_attempts is not None and delivery.attempts + 1 >= max_attempts
            store.mark_failed(delivery.id, str(error), retry_at, dead_at=now if last else None)
            (dead if last else failed).append(delivery.reference)
        else:
            store.mark_delivered(delivery.id, now)
            delivered.append(delivery.reference)
    return DeliveryReport(tuple(delivered), tuple(failed), tuple(dead))


def deliver_pending(settings: Settings, now: datetime | None = None) -> DeliveryReport:
    """`deliver_due` with the configured database, webhook URL and retry cap."""
    return deliver_due(
        BookingStore(settings.bookings_db),
        now,
        url=settings.business.booking_webhook_url,
        retry_cap=timedelta(seconds=settings.booking_retry_cap_seconds),
        secret=settings.booking_webhook_secret,
        max_attempts=settings.booking_max_attempts,
    )


def backoff(attempts: int, cap: timedelta = DEFAULT_CAP) -> timedelta:
    """The wait after the `attempts`-th failure: 30 s, 1 min, 2 min, ... at most `cap`."""
    if attempts < 1:
        return timedelta(0)
    doublings = min(attempts - 1, 32)  # 30 s * 2**32 is far past any cap
    return min(FIRST_RETRY * 2**doublings, cap)


def signature(secret: str, timestamp: str, body: bytes) -> str:
    """`sha256=` and the hex HMAC-SHA256 of `<timestamp>.<body>` under `secret`."""
    signed = timestamp.encode("ascii") + b"." + body
    return "sha256=" + hmac.new(secret.encode("utf-8"), signed, hashlib.sha256).hexdigest()


def verify(
    secret: str,
    timestamp: str,
    body: bytes,
    given: str,
    now: float | None = None,
    tolerance: float = SIGNATURE_TOLERANCE,
) -> bool:
    """The receiver's check: the signature matches and the timestamp is recent (a replay
    of an old request fails)."""
    try:
        sent = float(timestamp)
    except ValueError:
        return False
    if abs((time.time() if now is None else now) - sent) > tolerance:
        return False
    return hmac.compare_digest(signature(secret, timestamp, body), given)


def post_json(
    url: str,
    body: dict[str, Any],
    idempotency_key: str,
    timeout: float,
    secret: str | None = None,
) -> None:
    """POST `body` as JSON (signed with `secret` if given); raise `DeliveryError` unless the
    answer is 2xx."""
    parts = urlsplit(url)
    if parts.scheme not in {"http", "https"}:
        raise DeliveryError(f"the webhook URL must start with http:// or https://, not {url!r}")
    if parts.scheme == "http" and parts.hostname not in LOOPBACK_HOSTS:
        raise DeliveryError("the webhook URL must use https:// (plain http only to loopback)")
    data = json.dumps(body, ensure_ascii=False).encode("utf-8")
    headers = {
        "Content-Type": "application/json; charset=utf-8",
        "Idempotency-Key": idempotency_key,
        "User-Agent": USER_AGENT,
    }
    if secret:
        stamp = str(int(time.time()))
        headers[TIMESTAMP_HEADER] = stamp
        headers[SIGNATURE_HEADER] = signature(secret, stamp, data)
    request = urllib.request.Request(url, data=data, headers=headers, method="POST")
    try:
        with _OPENER.open(request, timeout=timeout) as response:
            status = response.status
            response.read(1024)
    except urllib.error.HTTPError as error:
        raise DeliveryError(f"HTTP {error.code} {error.reason}") from None
    except urllib.error.URLError as error:
        raise DeliveryError(f"cannot reach the webhook: {error.reason}") from None
    except (OSError, ValueError) as error:
        raise DeliveryError(f"cannot reach the webhook: {error}") from None
    if not 200 <= status < 300:
        raise DeliveryError(f"HTTP {status}")
