"""Passing booking requests on to the business: a JSON POST to its webhook, with retries.

`BookingStore.save` queues every new request in the outbox. `deliver_due(store, url=...)`,
called periodically (the action server will), POSTs each request that is due:

- success (any 2xx answer): the record is marked delivered and never sent again;
- failure (no answer, a timeout, any other status): it stays in the outbox with the error,
  and is tried again after 30 s, 1 min, 2 min, 4 min ... up to `retry_cap` (1 hour by
  default, `BOT_BOOKING_RETRY_CAP`), for as long as it takes.

Each POST carries an `Idempotency-Key` (the booking reference for a new request; the
reference with the change for a move or a cancellation), so a receiver can drop the
duplicate that a crash between its answer and our "delivered" mark would cause. The
`event` is booking.requested, booking.changed or booking.cancelled.
"""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import Any
from urllib.parse import urlsplit

from bot.booking.store import BookingStore
from bot.settings import Settings

FIRST_RETRY = timedelta(seconds=30)
DEFAULT_CAP = timedelta(hours=1)
DEFAULT_TIMEOUT = 10.0  # seconds for one POST
EVENT = "booking.requested"
USER_AGENT = "massage-triage-assistant booking webhook"

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

    def __str__(self) -> str:
        return f"{len(self.delivered)} delivered, {len(self.failed)} to retry"


def deliver_due(
    store: BookingStore,
    now: datetime | None = None,
    *,
    url: str | None,
    timeout: float = DEFAULT_TIMEOUT,
    retry_cap: timedelta = DEFAULT_CAP,
    limit: int = 20,
    post: Post | None = None,
) -> DeliveryReport:
    """POST every outbox record due by `now` to `url`; without a URL nothing is sent.

    `post(url, body, idempotency_key, timeout)` defaults to `post_json`.
    """
    if not url:
        return DeliveryReport()
    send = post or post_json
    now = now or datetime.now(timezone.utc)
    lease = timedelta(seconds=timeout) + FIRST_RETRY
    delivered: list[str] = []
    failed: list[str] = []
    for delivery in store.claim_due(now, lease, limit):
        body = {"event": delivery.event or EVENT, "booking": delivery.payload}
        try:
            send(url, body, delivery.key or delivery.reference, timeout)
        except DeliveryError as error:
            retry_at = now + backoff(delivery.attempts + 1, retry_cap)
            store.mark_failed(delivery.id, str(error), retry_at)
            failed.append(delivery.reference)
        else:
            store.mark_delivered(delivery.id, now)
            delivered.append(delivery.reference)
    return DeliveryReport(tuple(delivered), tuple(failed))


def deliver_pending(settings: Settings, now: datetime | None = None) -> DeliveryReport:
    """`deliver_due` with the configured database, webhook URL and retry cap."""
    return deliver_due(
        BookingStore(settings.bookings_db),
        now,
        url=settings.business.booking_webhook_url,
        retry_cap=timedelta(seconds=settings.booking_retry_cap_seconds),
    )


def backoff(attempts: int, cap: timedelta = DEFAULT_CAP) -> timedelta:
    """The wait after the `attempts`-th failure: 30 s, 1 min, 2 min, ... at most `cap`."""
    if attempts < 1:
        return timedelta(0)
    doublings = min(attempts - 1, 32)  # 30 s * 2**32 is far past any cap
    return min(FIRST_RETRY * 2**doublings, cap)


def post_json(url: str, body: dict[str, Any], idempotency_key: str, timeout: float) -> None:
    """POST `body` as JSON; raise `DeliveryError` unless the answer is 2xx."""
    if urlsplit(url).scheme not in {"http", "https"}:
        raise DeliveryError(f"the webhook URL must start with http:// or https://, not {url!r}")
    request = urllib.request.Request(
        url,
        data=json.dumps(body, ensure_ascii=False).encode("utf-8"),
        headers={
            "Content-Type": "application/json; charset=utf-8",
            "Idempotency-Key": idempotency_key,
            "User-Agent": USER_AGENT,
        },
        method="POST",
    )
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
