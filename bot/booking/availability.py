"""Whether a therapist is free for a visit: the form asks before it offers or takes a time.

`availability_for(settings)` gives the provider the settings ask for:

- `CountedAvailability` (the default): the confirmed requests in `var/bookings.db` that
  overlap the visit, each widened by the travel time either side, against the number of
  therapists who can visit at the same time (`BOT_THERAPISTS`, `BOT_TRAVEL_MINUTES`);
- `HttpAvailability`: the booking system's availability URL (`BOT_AVAILABILITY_URL`) is
  asked `GET {url}?start=2026-12-05T10:00:00+00:00&minutes=60` and answers
  `{"available": true}`. When it cannot be reached, the time is taken as a request (the
  team confirms every booking by text) and the failure is logged.
"""

from __future__ import annotations

import json
import logging
import urllib.parse
import urllib.request
from collections.abc import Iterable
from datetime import datetime, timedelta
from typing import Protocol

from bot.booking.store import BookingRequest, BookingStore, overlapping
from bot.settings import Business, Settings

logger = logging.getLogger(__name__)

HTTP_TIMEOUT = 3.0  # seconds; the reply must not wait longer for the booking system


class Availability(Protocol):
    """Answers whether a visit of `minutes` from `start` can be taken."""

    def is_free(self, start: datetime, minutes: int) -> bool: ...


class CountedAvailability:
    """Free while fewer standing requests overlap the visit than there are therapists. The
    standing requests are read once per provider (one answer), however many times it asks."""

    def __init__(
        self, store: BookingStore, business: Business, *, ignore: str | None = None
    ) -> None:
        self.store = store
        self.therapists = business.therapists
        self.travel = timedelta(minutes=business.travel_minutes)
        self.ignore = ignore  # a booking being moved does not count against its new time
        self._standing: list[BookingRequest] | None = None

    def is_free(self, start: datetime, minutes: int) -> bool:
        if self._standing is None:
            self._standing = [b for b in self.store.standing() if b.reference != self.ignore]
        ends = start + timedelta(minutes=minutes)
        busy = overlapping(self._standing, start - self.travel, ends + self.travel)
        return len(busy) < self.therapists


class HttpAvailability:
    """Asks the booking system's availability URL; unreachable means "take the request"."""

    def __init__(self, url: str, timeout: float = HTTP_TIMEOUT) -> None:
        self.url = url
        self.timeout = timeout

    def is_free(self, start: datetime, minutes: int) -> bool:
        query = urllib.parse.urlencode({"start": start.isoformat(), "minutes": minutes})
        separator = "&" if "?" in self.url else "?"
        try:
            with urllib.request.urlopen(  # noqa: S310 (the operator's own URL)
                f"{self.url}{separator}{query}", timeout=self.timeout
            ) as response:
                answer = json.loads(response.read().decode() or "{}")
        except (OSError, ValueError):
            logger.warning("availability URL unreachable; taking %s as a request", start)
            return True
        return bool(answer.get("available", True)) if isinstance(answer, dict) else True


class AlwaysFree:
    """No limit (tests of the form that are not about availability)."""

    def is_free(self, start: datetime, minutes: int) -> bool:
        return True


def availability_for(settings: Settings) -> Availability:
    """The provider the settings name: the availability URL if set, else the counted one."""
    url = settings.business.availability_url
    if url:
        return HttpAvailability(url)
    return CountedAvailability(BookingStore(settings.bookings_db), settings.business)


def free_only(
    starts: Iterable[datetime],
    availability: Availability,
    minutes: int,
    count: int,
    *,
    around: datetime | None = None,
) -> tuple[datetime, ...]:
    """The `count` free starts of `starts` nearest to `around` (default: the earliest),
    earliest first."""
    ordered = sorted(starts, key=lambda start: abs(start - around)) if around else list(starts)
    chosen: list[datetime] = []
    for start in ordered:
        if availability.is_free(start, minutes):
            chosen.append(start)
            if len(chosen) == count:
                break
    return tuple(sorted(chosen))
