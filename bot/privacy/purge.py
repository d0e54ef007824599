"""Retention: what is past its keeping period goes (`python -m bot privacy purge`, and
the action server's scheduled job).

- a conversation, `conversation_days` after its latest message: deleted;
- a booking, `booking_days` after the end of its visit: its personal fields go (name,
  contact, notes, triage summary, conversation id, the full postcode: the outward code
  stays), and so does its webhook payload; what is left (reference, time, length,
  status, area) is what the business counts, not about anyone. A delivery not made by
  then is never tried again;
- a call-back request, `callback_days` after it was asked: deleted;
- the options offered on a text-only channel, `options_hours` after they were offered.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass
from datetime import datetime, timedelta, timezone
from typing import Any

from bot.privacy import log, records, trackers
from bot.privacy.person import Stores
from bot.settings import Retention

NEVER = "9999-12-31T00:00:00.000000+00:00"  # the next attempt of a delivery that was purged
_OUTWARD = re.compile(r"^\s*([A-Za-z]{1,2}\d[A-Za-z\d]?)")


@dataclass(frozen=True)
class Purged:
    """What one purge removed."""

    conversations: int = 0
    bookings: int = 0  # bookings whose personal fields were removed
    callbacks: int = 0
    offered_options: int = 0

    def as_dict(self) -> dict[str, int]:
        return asdict(self)


def purge(stores: Stores, retention: Retention, now: datetime, reason: str = "cli") -> Purged:
    """Apply `retention` at `now`; log what went (when anything did)."""
    if now.tzinfo is None:
        raise ValueError("now must be timezone-aware")
    purged = Purged(
        conversations=_conversations(stores, now - timedelta(days=retention.conversation_days)),
        bookings=_bookings(stores, now - timedelta(days=retention.booking_days), now),
        callbacks=_callbacks(stores, now - timedelta(days=retention.callback_days)),
        offered_options=_offered(stores, now - timedelta(hours=retention.options_hours)),
    )
    if any(purged.as_dict().values()):
        log.record(stores.log_db, "purge", reason, now, purged.as_dict())
    return purged


def _conversations(stores: Stores, before: datetime) -> int:
    cutoff = before.timestamp()
    with trackers.engine_for(stores.tracker_db_url) as engine:
        expired = [
            conversation
            for conversation, latest in trackers.last_activity(engine).items()
            if latest < cutoff
        ]
        return trackers.delete(engine, expired)


def _bookings(stores: Stores, before: datetime, now: datetime) -> int:
    with records.connect(stores.bookings_db) as connection:
        if connection is None or not records.has_table(connection, records.BOOKINGS):
            return 0
        columns = {row[1] for row in connection.execute(f"PRAGMA table_info({records.BOOKINGS})")}
        if "purged_at" not in columns:
            connection.execute(f"ALTER TABLE {records.BOOKINGS} ADD COLUMN purged_at TEXT")
        rows = connection.execute(
            f"SELECT reference, starts_at, session_minutes, postcode FROM {records.BOOKINGS} "  # noqa: S608
            "WHERE purged_at IS NULL"
        ).fetchall()
        due = [row for row in rows if _visit_end(row) < before]
        stamp = now.astimezone(timezone.utc).isoformat(timespec="microseconds")
        for row in due:
            reference = str(row["reference"])
            connection.execute(
                f"UPDATE {records.BOOKINGS} SET name = '', contact = '', notes = '', "  # noqa: S608
                "triage = '{}', postcode = ?, conversation_id = ?, confirmation_key = ?, "
                "purged_at = ? WHERE reference = ?",
                [
                    _outward(str(row["postcode"])),
                    f"purged:{reference}",
                    reference,
                    stamp,
                    reference,
                ],
            )
            if records.has_table(connection, records.OUTBOX):
                connection.execute(
                    f"UPDATE {records.OUTBOX} SET payload = '{{}}', "  # noqa: S608
                    "next_attempt_at = CASE WHEN delivered_at IS NULL THEN ? "
                    "ELSE next_attempt_at END, "
                    "last_error = CASE WHEN delivered_at IS NULL THEN 'purged before delivery' "
                    "ELSE last_error END WHERE reference = ?",
                    [NEVER, reference],
                )
        return len(due)


def _visit_end(row: Any) -> datetime:
    starts = datetime.fromisoformat(str(row["starts_at"]))
    return starts + timedelta(minutes=int(row["session_minutes"]))


def _outward(postcode: str) -> str:
    found = _OUTWARD.match(postcode)
    return found.group(1).upper() if found else ""


def _callbacks(stores: Stores, before: datetime) -> int:
    with records.connect(stores.bookings_db) as connection:
        if connection is None or not records.has_table(connection, records.CALLBACKS):
            return 0
        rows = connection.execute(f"SELECT id, requested_at FROM {records.CALLBACKS}").fetchall()  # noqa: S608
        old = [
            str(row["id"]) for row in rows if datetime.fromisoformat(row["requested_at"]) < before
        ]
        return records.delete_where(connection, records.CALLBACKS, "id", old)


def _offered(stores: Stores, before: datetime) -> int:
    with records.connect(stores.offered_db) as connection:
        if connection is None or not records.has_table(connection, records.OFFERED):
            return 0
        cursor = connection.execute(
            f"DELETE FROM {records.OFFERED} WHERE offered_at < ?",  # noqa: S608
            [before.astimezone(timezone.utc).isoformat(timespec="microseconds")],
        )
        return int(cursor.rowcount)
