"""The booking page URL with a confirmed request filled in.

`booking_page_url` adds ref, when, postcode, minutes and the triage summary (zones, side,
triggers) as query parameters, replacing any of those already in the configured URL and
keeping the rest. Name and contact are left out on purpose: URLs end up in browser
history and server logs, and the reference is enough for the page to fetch the rest.
"""

from __future__ import annotations

from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from bot.booking.request import BookingRequest


def booking_page_url(booking_url: str, request: BookingRequest) -> str:
    """`booking_url?ref=MB-7K3Q9&when=2025-12-06T18:00+00:00&postcode=SW1A+1AA&...`."""
    triage = request.triage
    params = {
        "ref": request.reference,
        "when": request.starts_at.isoformat(timespec="minutes"),
        "postcode": request.postcode,
        "minutes": str(request.session_minutes),
        "zones": ",".join(triage.zones),
        "side": triage.side or "",
        "triggers": ",".join(triage.triggers),
    }
    return with_query(booking_url, {key: value for key, value in params.items() if value})


def with_query(url: str, params: dict[str, str]) -> str:
    """`url` with `params` set in its query string (URL-encoded), other parameters kept."""
    parts = urlsplit(url)
    kept = [
        (key, value)
        for key, value in parse_qsl(parts.query, keep_blank_values=True)
        if key not in params
    ]
    return urlunsplit(parts._replace(query=urlencode([*kept, *params.items()])))
