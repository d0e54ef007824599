"""The rows about people in the assistant's SQLite files: bookings, their webhook outbox,
call-back requests (the bookings database) and the options offered on text-only channels.

Each function opens the file for the call, reads nothing into the SQL text but the fixed
table and column names, and treats a missing file or table as holding nothing.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any

BOOKINGS = "bookings"
OUTBOX = "outbox"
CALLBACKS = "callbacks"
OFFERED = "offered_options"
CONNECT_TIMEOUT = 10.0
# A JSON column is shown as data, not as a string of JSON.
_JSON_COLUMNS = {"triage", "payload", "summary", "options"}


class RecordsError(RuntimeError):
    """A store's file cannot be used; the text says why."""


@contextmanager
def connect(path: Path) -> Iterator[sqlite3.Connection | None]:
    """A connection to `path` (None when the file does not exist: nothing is kept there)."""
    if path.exists() and not path.is_file():
        raise RecordsError(f"{path} is not a database file")
    if not path.exists():
        yield None
        return
    connection = sqlite3.connect(path, timeout=CONNECT_TIMEOUT)
    connection.row_factory = sqlite3.Row
    try:
        with connection:  # one transaction: all of a call's changes or none
            yield connection
    finally:
        connection.close()


def has_table(connection: sqlite3.Connection, table: str) -> bool:
    found = connection.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", [table]
    ).fetchone()
    return found is not None


def rows_where(
    connection: sqlite3.Connection | None, table: str, column: str, values: Iterable[Any]
) -> list[dict[str, Any]]:
    """The rows of `table` whose `column` is one of `values`, as plain data."""
    wanted = sorted(set(values), key=str)
    if connection is None or not wanted or not has_table(connection, table):
        return []
    marks = ", ".join("?" for _ in wanted)
    rows = connection.execute(
        f'SELECT * FROM "{table}" WHERE "{column}" IN ({marks}) ORDER BY rowid',  # noqa: S608
        wanted,
    )
    return [shown(row) for row in rows]


def delete_where(
    connection: sqlite3.Connection | None, table: str, column: str, values: Iterable[Any]
) -> int:
    """Delete the rows of `table` whose `column` is one of `values`; how many went."""
    wanted = sorted(set(values), key=str)
    if connection is None or not wanted or not has_table(connection, table):
        return 0
    marks = ", ".join("?" for _ in wanted)
    cursor = connection.execute(
        f'DELETE FROM "{table}" WHERE "{column}" IN ({marks})',  # noqa: S608
        wanted,
    )
    return int(cursor.rowcount)


def references_of(connection: sqlite3.Connection | None, conversations: Sequence[str]) -> set[str]:
    """The booking references of these conversations."""
    return {
        str(row["reference"])
        for row in rows_where(connection, BOOKINGS, "conversation_id", conversations)
    }


def shown(row: sqlite3.Row) -> dict[str, Any]:
    data = dict(row)
    for column in _JSON_COLUMNS & data.keys():
        with suppress(TypeError, ValueError):
            data[column] = json.loads(data[column])
    return data
