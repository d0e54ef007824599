"""`BookingStore`: booking requests and their webhook outbox, kept in one SQLite file.

Tables are created on first write. `bookings` has a UNIQUE (conversation_id,
confirmation_key) constraint, so saving the same confirmation twice (a double click, an
action retried after a timeout) gives back the reference already stored instead of a
second booking. Each new booking gets an `outbox` row in the same transaction: the record
of its webhook delivery (attempts, next_attempt_at, last_error, delivered_at).

Every statement is a parameterised query or a sqlite-utils call: nothing anyone typed is
ever part of the SQL text. A connection is opened per call, so one store can be shared by
threads, and reading never creates the file.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any, cast

from sqlite_utils import Database

from bot.booking.request import (
    CANCELLED,
    BookingRequest,
    ContactKind,
    TriageSummary,
    new_reference,
    normalise_reference,
)

# 2: the outbox holds changes and cancellations too (event, idempotency_key);
# 3: a delivery that failed too often is a dead letter (dead_at), never tried again by itself
SCHEMA_VERSION = 3
REQUESTED_EVENT = "booking.requested"
CHANGED_EVENT = "booking.changed"
CANCELLED_EVENT = "booking.cancelled"
BOOKINGS = "bookings"
OUTBOX = "outbox"
# Other tables the service keeps in the same file (`bot.callbacks`), and SQLite's own.
NEIGHBOUR_TABLES = frozenset({"callbacks", "sqlite_sequence"})
REFERENCE_TRIES = 8  # fresh references to try if one is already taken
CONNECT_TIMEOUT = 10.0  # seconds to wait for another writer


class BookingStoreError(RuntimeError):
    """The bookings database cannot be opened, read or written; the text says why."""


@dataclass(frozen=True)
class Delivery:
    """One booking's webhook delivery, as the outbox records it."""

    id: int
    reference: str
    payload: dict[str, Any]
    attempts: int
    next_attempt_at: datetime
    last_error: str | None
    delivered_at: datetime | None
    event: str = REQUESTED_EVENT
    key: str = ""  # the Idempotency-Key: the reference for the request, more for a change
    dead_at: datetime | None = None  # given up on after too many failures

    @property
    def delivered(self) -> bool:
        return self.delivered_at is not None

    @property
    def dead(self) -> bool:
        return self.dead_at is not None and self.delivered_at is None


class BookingStore:
    """Booking requests in the SQLite file at `path` (created with its folder on first save)."""

    def __init__(self, path: Path | str) -> None:
        self.path = Path(path)

    # --- bookings -------------------------------------------------------------------

    def save(self, request: BookingRequest) -> tuple[str, bool]:
        """Store `request` and queue its webhook delivery: (reference, created).

        If this conversation already confirmed the same booking, nothing is written and
        the stored reference comes back with `created` False. If the request's reference
        is taken by another booking, a fresh one is drawn, so always use the one returned.
        """
        key = request.confirmation_key
        with self._database(create=True) as db:
            assert db is not None
            existing = _reference_for(db, request.conversation_id, key)
            if existing is not None:
                return existing, False
            candidate = request
            for _ in range(REFERENCE_TRIES):
                try:
                    with db.atomic():
                        db.table(BOOKINGS).insert(_booking_row(candidate, key))
                        db.table(OUTBOX).insert(_outbox_row(candidate))
                    return candidate.reference, True
                except sqlite3.IntegrityError:
                    existing = _reference_for(db, request.conversation_id, key)
                    if existing is not None:
                        return existing, False
                    candidate = replace(request, reference=new_reference())
        raise BookingStoreError(f"no free booking reference after {REFERENCE_TRIES} tries")

    def newest_first(self, limit: int | None = None) -> list[BookingRequest]:
        """Stored requests, the most recently created first (all, or the first `limit`)."""
        with self._database(create=False) as db:
            if db is None:
                return []
            rows = db.query(
                f"SELECT * FROM {BOOKINGS} ORDER BY created_at DESC, id DESC LIMIT ?",
                [-1 if limit is None else limit],
            )
            return [_request(row) for row in rows]

    def get(self, reference: str) -> BookingRequest | None:
        """The request with this reference ("MB-7K3Q9", also typed as "mb 7k3q9")."""
        with self._database(create=False) as db:
            if db is None:
                return None
            rows = list(
                db.query(
                    f"SELECT * FROM {BOOKINGS} WHERE reference = ?",
                    [normalise_reference(reference)],
                )
            )
            return _request(rows[0]) if rows else None

    def standing_for(self, conversation_id: str) -> list[BookingRequest]:
        """This conversation's requests that are not cancelled, soonest first."""
        with self._database(create=False) as db:
            if db is None:
                return []
            rows = db.query(
                f"SELECT * FROM {BOOKINGS} WHERE conversation_id = ? AND status != ?",
                [conversation_id, CANCELLED],
            )
            return sorted((_request(row) for row in rows), key=lambda found: found.starts_at)

    def cancel(self, reference: str, at: datetime) -> BookingRequest | None:
        """Cancel a request and queue the cancellation for the webhook (once, however often
        it is asked); None if there is no such request."""
        return self._change(reference, at, status=CANCELLED)

    def move(self, reference: str, starts_at: datetime, at: datetime) -> BookingRequest | None:
        """Move a request to `starts_at` and queue the change for the webhook (once per new
        time); None if there is no such request or it is cancelled."""
        return self._change(reference, at, starts_at=starts_at)

    def _change(
        self,
        reference: str,
        at: datetime,
        *,
        status: str | None = None,
        starts_at: datetime | None = None,
    ) -> BookingRequest | None:
        wanted = normalise_reference(reference)
        with self._database(create=False) as db:
            if db is None:
                return None
            with db.atomic():
                rows = list(db.query(f"SELECT * FROM {BOOKINGS} WHERE reference = ?", [wanted]))
                if not rows:
                    return None
                current = _request(rows[0])
                if current.status == CANCELLED:
                    return current if status == CANCELLED else None
                if status is not None:
                    changed = replace(current, status=status)
                    event, key = CANCELLED_EVENT, f"{wanted}:cancelled"
                    db.execute(
                        f"UPDATE {BOOKINGS} SET status = ? WHERE reference = ?", [status, wanted]
                    )
                else:
                    assert starts_at is not None
                    changed = replace(current, starts_at=starts_at)
                    event, key = CHANGED_EVENT, f"{wanted}:changed:{_utc(starts_at)}"
                    db.execute(
                        f"UPDATE {BOOKINGS} SET starts_at = ? WHERE reference = ?",
                        [starts_at.isoformat(), wanted],
                    )
                row = _outbox_row(changed, event=event, key=key, at=at)
                db.execute(
                    f"INSERT OR IGNORE INTO {OUTBOX} ({', '.join(row)}) "
                    f"VALUES ({', '.join('?' for _ in row)})",
                    list(row.values()),
                )
                return changed

    def overlapping(self, starts: datetime, ends: datetime) -> list[BookingRequest]:
        """Requests still standing (not cancelled) whose visit overlaps [starts, ends)."""
        return overlapping(self.standing(), starts, ends)

    def standing(self) -> list[BookingRequest]:
        """Every request still standing (not cancelled)."""
        with self._database(create=False) as db:
            if db is None:
                return []
            rows = db.query(f"SELECT * FROM {BOOKINGS} WHERE status != ?", [CANCELLED])
            return [_request(row) for row in rows]

    def __len__(self) -> int:
        with self._database(create=False) as db:
            return 0 if db is None else db.table(BOOKINGS).count

    # --- outbox ---------------------------------------------------------------------

    def delivery(self, reference: str) -> Delivery | None:
        """The webhook delivery record of one booking."""
        with self._database(create=False) as db:
            if db is None:
                return None
            rows = list(
                db.query(
                    f"SELECT * FROM {OUTBOX} WHERE reference = ? ORDER BY id LIMIT 1",
                    [normalise_reference(reference)],
                )
            )
            return _delivery(rows[0]) if rows else None

    def deliveries_of(self, reference: str) -> list[Delivery]:
        """Every delivery of one booking: the request, then its changes, in order."""
        with self._database(create=False) as db:
            if db is None:
                return []
            rows = db.query(
                f"SELECT * FROM {OUTBOX} WHERE reference = ? ORDER BY id",
                [normalise_reference(reference)],
            )
            return [_delivery(row) for row in rows]

    def deliveries(self) -> dict[str, Delivery]:
        """Every delivery record, by booking reference."""
        with self._database(create=False) as db:
            if db is None:
                return {}
            rows = db.query(f"SELECT * FROM {OUTBOX} ORDER BY id")
            return {row["reference"]: _delivery(row) for row in rows}

    def claim_due(self, now: datetime, lease: timedelta, limit: int = 20) -> list[Delivery]:
        """Undelivered records due by `now`, each held back for `lease` from other callers.

        Claiming moves a record's next_attempt_at to `now + lease` only if nobody else
        moved it first, so two workers calling at once never send the same booking. The
        caller then reports the outcome with `mark_delivered` or `mark_failed`.
        """
        due_by, held_until = _utc(now), _utc(now + lease)
        claimed: list[Delivery] = []
        with self._database(create=False) as db:
            if db is None:
                return []
            rows = list(
                db.query(
                    f"SELECT * FROM {OUTBOX} WHERE delivered_at IS NULL AND dead_at IS NULL "
                    "AND next_attempt_at <= ? ORDER BY next_attempt_at, id LIMIT ?",
                    [due_by, limit],
                )
            )
            for row in rows:
                cursor = db.execute(
                    f"UPDATE {OUTBOX} SET next_attempt_at = ? "
                    "WHERE id = ? AND delivered_at IS NULL AND next_attempt_at = ?",
                    [held_until, row["id"], row["next_attempt_at"]],
                )
                if cursor.rowcount == 1:
                    claimed.append(_delivery({**row, "next_attempt_at": held_until}))
        return claimed

    def mark_delivered(self, delivery_id: int, at: datetime) -> None:
        """Record a successful delivery; a delivered record is never due again."""
        with self._database(create=False) as db:
            if db is None:
                raise BookingStoreError(f"no bookings database at {self.path}")
            db.execute(
                f"UPDATE {OUTBOX} SET delivered_at = ?, attempts = attempts + 1, "
                "last_error = NULL WHERE id = ? AND delivered_at IS NULL",
                [_utc(at), delivery_id],
            )

    def mark_failed(
        self, delivery_id: int, error: str, retry_at: datetime, *, dead_at: datetime | None = None
    ) -> None:
        """Record a failed attempt and when to try again; with `dead_at`, never again by
        itself (a dead letter, until `redeliver`)."""
        with self._database(create=False) as db:
            if db is None:
                raise BookingStoreError(f"no bookings database at {self.path}")
            db.execute(
                f"UPDATE {OUTBOX} SET attempts = attempts + 1, last_error = ?, "
                "next_attempt_at = ?, dead_at = ? WHERE id = ? AND delivered_at IS NULL",
                [error[:500], _utc(retry_at), _utc(dead_at) if dead_at else None, delivery_id],
            )

    def redeliver(self, reference: str, now: datetime) -> int:
        """Put a booking's dead letters back in the outbox, due now with a fresh count of
        attempts; how many were."""
        with self._database(create=False) as db:
            if db is None:
                return 0
            cursor = db.execute(
                f"UPDATE {OUTBOX} SET dead_at = NULL, attempts = 0, next_attempt_at = ? "
                "WHERE reference = ? AND dead_at IS NOT NULL AND delivered_at IS NULL",
                [_utc(now), normalise_reference(reference)],
            )
            return int(cursor.rowcount)

    # --- the file -------------------------------------------------------------------

    @contextmanager
    def _database(self, *, create: bool) -> Iterator[Database | None]:
        """A connection to the file (None when reading a file that does not exist yet)."""
        if self.path.is_dir():
            raise BookingStoreError(f"{self.path} is a folder, not a bookings database")
        if not self.path.exists():
            if not create:
                yield None
                return
            try:
                self.path.parent.mkdir(parents=True, exist_ok=True)
            except OSError as error:
                raise BookingStoreError(
                    f"cannot create the bookings database at {self.path}: {error.strerror}"
                ) from None
        try:
            connection = sqlite3.connect(str(self.path), timeout=CONNECT_TIMEOUT)
        except sqlite3.Error as error:
            raise BookingStoreError(f"cannot open {self.path}: {error}") from None
        try:
            db = Database(connection)
            if create:
                _create_tables(db)
            elif db.table(OUTBOX).exists():
                _migrate(db)
            if not db.table(BOOKINGS).exists():
                if _is_blank(db):
                    yield None
                    return
                raise BookingStoreError(f"{self.path} is not a bookings database")
            yield db
        except sqlite3.DatabaseError as error:
            raise BookingStoreError(f"cannot use {self.path}: {error}") from None
        finally:
            connection.close()


def _create_tables(db: Database) -> None:
    if db.table(BOOKINGS).exists() and db.table(OUTBOX).exists():
        _migrate(db)
        return
    with db.atomic():
        db.table(BOOKINGS).create(
            {
                "id": int,
                "reference": str,
                "conversation_id": str,
                "confirmation_key": str,
                "starts_at": str,
                "session_minutes": int,
                "postcode": str,
                "name": str,
                "contact": str,
                "contact_kind": str,
                "notes": str,
                "triage": str,
                "created_at": str,
                "status": str,
            },
            pk="id",
            not_null={
                "reference",
                "conversation_id",
                "confirmation_key",
                "starts_at",
                "session_minutes",
                "postcode",
                "name",
                "contact",
                "contact_kind",
                "notes",
                "triage",
                "created_at",
                "status",
            },
            if_not_exists=True,
        )
        db.table(BOOKINGS).create_index(["reference"], unique=True, if_not_exists=True)
        db.table(BOOKINGS).create_index(
            ["conversation_id", "confirmation_key"], unique=True, if_not_exists=True
        )
        db.table(BOOKINGS).create_index(["created_at"], if_not_exists=True)
        db.table(OUTBOX).create(
            {
                "id": int,
                "reference": str,
                "payload": str,
                "attempts": int,
                "next_attempt_at": str,
                "last_error": str,
                "delivered_at": str,
                "created_at": str,
                "event": str,
                "idempotency_key": str,
                "dead_at": str,
            },
            pk="id",
            not_null={
                "reference",
                "payload",
                "attempts",
                "next_attempt_at",
                "created_at",
                "event",
                "idempotency_key",
            },
            defaults={"attempts": 0, "event": REQUESTED_EVENT},
            if_not_exists=True,
        )
        db.table(OUTBOX).create_index(["idempotency_key"], unique=True, if_not_exists=True)
        db.table(OUTBOX).create_index(["reference"], if_not_exists=True)
        db.table(OUTBOX).create_index(["delivered_at", "next_attempt_at"], if_not_exists=True)
        db.execute(f"PRAGMA user_version = {SCHEMA_VERSION:d}")


def _migrate(db: Database) -> None:
    """Schema 1 -> 2: the outbox gets `event` and `idempotency_key` (the reference for the
    requests already queued), and one booking may have several deliveries. 2 -> 3: it gets
    `dead_at`."""
    version = int(db.execute("PRAGMA user_version").fetchone()[0])
    if version >= SCHEMA_VERSION:
        return
    with db.atomic():
        columns = {column.name for column in db.table(OUTBOX).columns}
        if "event" not in columns:
            db.execute(
                f"ALTER TABLE {OUTBOX} ADD COLUMN event TEXT NOT NULL DEFAULT '{REQUESTED_EVENT}'"
            )
        if "idempotency_key" not in columns:
            db.execute(f"ALTER TABLE {OUTBOX} ADD COLUMN idempotency_key TEXT")
            db.execute(f"UPDATE {OUTBOX} SET idempotency_key = reference")
        if "dead_at" not in columns:
            db.execute(f"ALTER TABLE {OUTBOX} ADD COLUMN dead_at TEXT")
        for index in db.table(OUTBOX).indexes:
            if index.unique and index.columns == ["reference"]:
                db.execute(f"DROP INDEX [{index.name}]")
        db.table(OUTBOX).create_index(["idempotency_key"], unique=True, if_not_exists=True)
        db.table(OUTBOX).create_index(["reference"], if_not_exists=True)
        db.execute(f"PRAGMA user_version = {SCHEMA_VERSION:d}")


def _is_blank(db: Database) -> bool:
    """No bookings kept yet: an empty file, or only the tables the service keeps beside them
    (a call-back asked for before the first booking must not make the file unreadable)."""
    return set(db.table_names()) <= NEIGHBOUR_TABLES


def _reference_for(db: Database, conversation_id: str, key: str) -> str | None:
    rows = list(
        db.query(
            f"SELECT reference FROM {BOOKINGS} WHERE conversation_id = ? AND confirmation_key = ?",
            [conversation_id, key],
        )
    )
    return str(rows[0]["reference"]) if rows else None


def _booking_row(request: BookingRequest, key: str) -> dict[str, Any]:
    return {
        "reference": request.reference,
        "conversation_id": request.conversation_id,
        "confirmation_key": key,
        "starts_at": request.starts_at.isoformat(),
        "session_minutes": request.session_minutes,
        "postcode": request.postcode,
        "name": request.name,
        "contact": request.contact,
        "contact_kind": request.contact_kind,
        "notes": request.notes,
        "triage": json.dumps(request.triage.as_dict(), ensure_ascii=False),
        "created_at": _utc(request.created_at),
        "status": request.status,
    }


def _outbox_row(
    request: BookingRequest,
    *,
    event: str = REQUESTED_EVENT,
    key: str | None = None,
    at: datetime | None = None,
) -> dict[str, Any]:
    when = _utc(at or request.created_at)
    return {
        "reference": request.reference,
        "payload": json.dumps(request.as_dict(), ensure_ascii=False),
        "attempts": 0,
        "next_attempt_at": when,
        "last_error": None,
        "delivered_at": None,
        "created_at": when,
        "event": event,
        "idempotency_key": key or request.reference,
        "dead_at": None,
    }


def _request(row: dict[str, Any]) -> BookingRequest:
    return BookingRequest(
        reference=row["reference"],
        conversation_id=row["conversation_id"],
        starts_at=datetime.fromisoformat(row["starts_at"]),
        postcode=row["postcode"],
        session_minutes=int(row["session_minutes"]),
        name=row["name"],
        contact=row["contact"],
        contact_kind=cast(ContactKind, row["contact_kind"]),
        notes=row["notes"],
        triage=TriageSummary.from_dict(json.loads(row["triage"])),
        created_at=datetime.fromisoformat(row["created_at"]),
        status=row["status"],
    )


def _delivery(row: dict[str, Any]) -> Delivery:
    delivered = row["delivered_at"]
    return Delivery(
        id=int(row["id"]),
        reference=row["reference"],
        payload=json.loads(row["payload"]),
        attempts=int(row["attempts"]),
        next_attempt_at=datetime.fromisoformat(row["next_attempt_at"]),
        last_error=row["last_error"],
        delivered_at=datetime.fromisoformat(delivered) if delivered else None,
        event=str(row.get("event") or REQUESTED_EVENT),
        key=str(row.get("idempotency_key") or row["reference"]),
        dead_at=datetime.fromisoformat(row["dead_at"]) if row.get("dead_at") else None,
    )


def _utc(moment: datetime) -> str:
    """A fixed-width UTC timestamp, so text order is time order in SQL comparisons."""
    if moment.tzinfo is None:
        raise ValueError("timestamps must be timezone-aware")
    return moment.astimezone(timezone.utc).isoformat(timespec="microseconds")


def overlapping(
    requests: Iterable[BookingRequest], starts: datetime, ends: datetime
) -> list[BookingRequest]:
    """The requests whose visit overlaps [starts, ends)."""
    return [
        request for request in requests if request.starts_at < ends and starts < request.ends_at
    ]
