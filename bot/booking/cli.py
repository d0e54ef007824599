"""`python -m bot bookings ...`: see and export the booking requests the assistant took.

    python -m bot bookings [--json] [--limit N]    list them, newest first
    python -m bot bookings export --csv FILE       write them all to a CSV file ("-": stdout)
    python -m bot bookings deliver                 POST the due ones to the webhook now
    python -m bot bookings redeliver REF           put a dead letter back in the outbox

Every command takes `--db PATH` (default: settings bookings_db, `BOT_BOOKINGS_DB`).
"""

from __future__ import annotations

import argparse
import csv
import json
import re
import sys
from collections.abc import Sequence
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import IO, Any
from zoneinfo import ZoneInfo

from bot.booking.request import BookingRequest
from bot.booking.store import BookingStore, BookingStoreError, Delivery
from bot.booking.webhook import deliver_due
from bot.settings import Settings

CSV_COLUMNS = (
    "reference",
    "created_at",
    "status",
    "starts_at",
    "ends_at",
    "session_minutes",
    "name",
    "contact",
    "contact_kind",
    "postcode",
    "notes",
    "zones",
    "side",
    "triggers",
    "sources",
    "webhook_delivered_at",
    "webhook_attempts",
    "webhook_last_error",
)
_CELL_WIDTH = 28
_NUMBER = re.compile(r"[+-]?[\d\s]+")


def register(commands: Any) -> None:
    """Add `bookings` and its sub-commands to the project's sub-command parsers."""
    bookings = commands.add_parser("bookings", help="list, export and deliver booking requests")
    bookings.add_argument("--json", action="store_true", help="print a JSON list, newest first")
    bookings.add_argument("--limit", type=int, help="show only the newest N")
    _db_option(bookings)
    bookings.set_defaults(func=list_command)
    actions = bookings.add_subparsers(dest="bookings_command", metavar="ACTION")

    export = actions.add_parser("export", help="write every booking request to a CSV file")
    export.add_argument(
        "--csv", required=True, metavar="FILE", help='CSV file to write ("-": stdout)'
    )
    _db_option(export)
    export.set_defaults(func=export_command)

    deliver = actions.add_parser("deliver", help="POST the due requests to the webhook now")
    _db_option(deliver)
    deliver.set_defaults(func=deliver_command)

    redeliver = actions.add_parser(
        "redeliver", help="put a booking's dead-letter deliveries back in the outbox"
    )
    redeliver.add_argument("reference", help="the booking reference, e.g. MB-7K3Q9")
    _db_option(redeliver)
    redeliver.set_defaults(func=redeliver_command)


def _db_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--db",
        type=Path,
        default=argparse.SUPPRESS,
        help="bookings database (default: settings bookings_db)",
    )


def list_command(args: argparse.Namespace, settings: Settings) -> int:
    """Print the stored requests, newest first: a table, or JSON with `--json`."""
    store = _store(args, settings)
    if args.limit is not None and args.limit < 1:
        print("--limit must be at least 1", file=sys.stderr)
        return 2
    try:
        requests = store.newest_first(args.limit)
        deliveries = store.deliveries()
    except BookingStoreError as error:
        print(error, file=sys.stderr)
        return 1
    if args.json:
        print(json.dumps([_as_json(request, deliveries) for request in requests], indent=2))
        return 0
    if not requests:
        print(f"no booking requests yet ({store.path})")
        return 0
    zone = ZoneInfo(settings.business.timezone)
    webhook = settings.business.booking_webhook_url
    rows = [
        [
            request.reference,
            _local(request.created_at, zone, "%Y-%m-%d %H:%M"),
            _local(request.starts_at, zone, "%a %d %b %Y %H:%M"),
            str(request.session_minutes),
            request.name,
            request.contact,
            request.postcode,
            ", ".join(request.triage.zones) or "-",
            _webhook_state(deliveries.get(request.reference), webhook),
        ]
        for request in requests
    ]
    header = ["REF", "CREATED", "VISIT", "MINS", "NAME", "CONTACT", "POSTCODE", "FOCUS", "WEBHOOK"]
    print(_table(header, rows))
    print(f"\n{len(rows)} booking request(s), newest first ({store.path})")
    return 0


def export_command(args: argparse.Namespace, settings: Settings) -> int:
    """Write every stored request to a CSV file, newest first."""
    store = _store(args, settings)
    try:
        requests = store.newest_first()
        deliveries = store.deliveries()
    except BookingStoreError as error:
        print(error, file=sys.stderr)
        return 1
    target: str = args.csv
    if target == "-":
        _write_csv(sys.stdout, requests, deliveries)
        return 0
    try:
        with open(target, "w", newline="", encoding="utf-8") as stream:
            _write_csv(stream, requests, deliveries)
    except OSError as error:
        print(f"cannot write {target}: {error.strerror or error}", file=sys.stderr)
        return 1
    what = f"{len(requests)} booking request(s)" if requests else "no booking requests yet"
    print(f"exported {what} to {target}")
    return 0


def deliver_command(args: argparse.Namespace, settings: Settings) -> int:
    """POST every due request to the configured webhook once, and say what happened."""
    url = settings.business.booking_webhook_url
    if not url:
        print("no webhook configured (BOT_BOOKING_WEBHOOK_URL); nothing sent", file=sys.stderr)
        return 1
    store = _store(args, settings)
    try:
        report = deliver_due(
            store,
            url=url,
            retry_cap=timedelta(seconds=settings.booking_retry_cap_seconds),
            secret=settings.booking_webhook_secret,
            max_attempts=settings.booking_max_attempts,
        )
    except BookingStoreError as error:
        print(error, file=sys.stderr)
        return 1
    print(report)
    return 0 if not report.failed else 1


def redeliver_command(args: argparse.Namespace, settings: Settings) -> int:
    """Give a booking's dead letters a fresh set of attempts, due now."""
    store = _store(args, settings)
    try:
        revived = store.redeliver(args.reference, datetime.now(timezone.utc))
    except BookingStoreError as error:
        print(error, file=sys.stderr)
        return 1
    if not revived:
        print(f"no dead-letter delivery for {args.reference}", file=sys.stderr)
        return 1
    print(f"{revived} delivery(ies) of {args.reference} back in the outbox, due now")
    return 0


def _store(args: argparse.Namespace, settings: Settings) -> BookingStore:
    return BookingStore(getattr(args, "db", None) or settings.bookings_db)


def _as_json(request: BookingRequest, deliveries: dict[str, Delivery]) -> dict[str, Any]:
    data = request.as_dict()
    delivery = deliveries.get(request.reference)
    data["webhook"] = (
        None
        if delivery is None
        else {
            "delivered_at": delivery.delivered_at.isoformat() if delivery.delivered_at else None,
            "attempts": delivery.attempts,
            "next_attempt_at": None
            if delivery.delivered or delivery.dead
            else delivery.next_attempt_at.isoformat(),
            "last_error": delivery.last_error,
            "dead_letter": delivery.dead,
        }
    )
    return data


def _write_csv(
    stream: IO[str], requests: Sequence[BookingRequest], deliveries: dict[str, Delivery]
) -> None:
    writer = csv.writer(stream)
    writer.writerow(CSV_COLUMNS)
    for request in requests:
        delivery = deliveries.get(request.reference)
        triage = request.triage
        row = [
            request.reference,
            request.created_at.isoformat(),
            request.status,
            request.starts_at.isoformat(),
            request.ends_at.isoformat(),
            request.session_minutes,
            request.name,
            request.contact,
            request.contact_kind,
            request.postcode,
            request.notes,
            ",".join(triage.zones),
            triage.side or "",
            ",".join(triage.triggers),
            ",".join(triage.sources),
            delivery.delivered_at.isoformat() if delivery and delivery.delivered_at else "",
            delivery.attempts if delivery else "",
            (delivery.last_error or "") if delivery else "",
        ]
        writer.writerow([_cell(value) for value in row])


def _cell(value: object) -> object:
    """Text a spreadsheet would run as a formula ("=HYPERLINK(...)") gets a leading quote."""
    if not isinstance(value, str) or not value:
        return value
    if value[0] in "=@\t\r" or (value[0] in "+-" and not _NUMBER.fullmatch(value)):
        return "'" + value
    return value


def _webhook_state(delivery: Delivery | None, webhook: str | None) -> str:
    if delivery is None:
        return "-"
    if delivery.delivered:
        return "delivered"
    if delivery.dead:
        return f"dead letter ({delivery.attempts} failed)"
    if delivery.attempts:
        return f"retrying ({delivery.attempts} failed)"
    return "pending" if webhook else "not sent (no webhook)"


def _local(moment: datetime, zone: ZoneInfo, pattern: str) -> str:
    return moment.astimezone(zone).strftime(pattern)


def _table(header: list[str], rows: list[list[str]]) -> str:
    cells = [[_fit(cell) for cell in row] for row in [header, *rows]]
    widths = [max(len(row[index]) for row in cells) for index in range(len(header))]
    return "\n".join(
        "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip()
        for row in cells
    )


def _fit(cell: str) -> str:
    cell = " ".join(cell.split())
    return cell if len(cell) <= _CELL_WIDTH else cell[: _CELL_WIDTH - 1] + "…"
