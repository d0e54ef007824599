"""The numbered options last offered to each person on a text-only channel.

A webhook call carries only the person's reply ("2"), so the options the previous turn
offered must outlive the request: one SQLite row per (channel, sender), replaced each
turn. Options older than a day are not offered any more: a "2" sent next week is a new
message, not a pick from a list long scrolled away. A connection is opened per call (the
Rasa server handles webhooks concurrently) and reading never creates the file.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import datetime, timedelta, timezone
from pathlib import Path

from sqlite_utils import Database

from bot.channels.numbered import Option

TABLE = "offered_options"
FILE = "offered-options.db"  # in the state folder (var/)
CONNECT_TIMEOUT = 10.0  # seconds to wait for another writer
LIFETIME = timedelta(days=1)


class OfferedOptions:
    """Options offered per (channel, sender), kept in the SQLite file at `path`."""

    def __init__(self, path: Path) -> None:
        self.path = path

    @contextmanager
    def _db(self) -> Iterator[Database]:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        connection = sqlite3.connect(self.path, timeout=CONNECT_TIMEOUT)
        try:
            yield Database(connection)
        finally:
            connection.close()

    def remember(
        self,
        channel: str,
        sender: str,
        options: Sequence[Option],
        now: datetime | None = None,
    ) -> None:
        """Replace what `sender` was offered on `channel` (nothing offered forgets it)."""
        if not options and not self.path.exists():
            return
        with self._db() as db:
            table = db.table(TABLE)
            if not options:
                if table.exists():
                    table.delete_where("channel = ? AND sender = ?", [channel, sender])
                return
            table.upsert(
                {
                    "channel": channel,
                    "sender": sender,
                    "options": json.dumps([[o.title, o.payload] for o in options]),
                    "offered_at": _stamp(now or datetime.now(timezone.utc)),
                },
                pk=("channel", "sender"),
            )

    def recall(self, channel: str, sender: str, now: datetime | None = None) -> list[Option]:
        """The options `sender` was last offered on `channel` within a day, in order."""
        oldest = _stamp((now or datetime.now(timezone.utc)) - LIFETIME)
        if not self.path.exists():
            return []
        with self._db() as db:
            if not db[TABLE].exists():
                return []
            rows = list(
                db.query(
                    f"SELECT options FROM {TABLE} "  # noqa: S608
                    "WHERE channel = ? AND sender = ? AND offered_at >= ?",
                    [channel, sender, oldest],
                )
            )
        if not rows:
            return []
        offered = json.loads(rows[0]["options"])
        return [Option(str(title), str(payload)) for title, payload in offered]


def _stamp(moment: datetime) -> str:
    """UTC ISO time with microseconds, so stored stamps compare in time order as text."""
    return moment.astimezone(timezone.utc).isoformat(timespec="microseconds")
