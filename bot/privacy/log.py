"""The privacy log (`var/privacy.db`): each purge and erasure, when, why and how many rows
each store lost. It holds no identifier, text or contact: proof that it was done, not of
what there was."""

from __future__ import annotations

import json
import sqlite3
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

TABLE = "privacy_log"


def record(path: Path, kind: str, reason: str, at: datetime, counts: dict[str, int]) -> None:
    """Add one line: `kind` is purge or erase; `reason` who asked (cli, chat, schedule)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with sqlite3.connect(path, timeout=10.0) as connection:
        connection.execute(
            f"CREATE TABLE IF NOT EXISTS {TABLE} (id INTEGER PRIMARY KEY, at TEXT NOT NULL, "
            "kind TEXT NOT NULL, reason TEXT NOT NULL, counts TEXT NOT NULL)"
        )
        connection.execute(
            f"INSERT INTO {TABLE} (at, kind, reason, counts) VALUES (?, ?, ?, ?)",  # noqa: S608
            [
                at.astimezone(timezone.utc).isoformat(),
                kind,
                reason,
                json.dumps(counts, sort_keys=True),
            ],
        )
    connection.close()


def entries(path: Path, limit: int = 50) -> list[dict[str, Any]]:
    """The newest entries first."""
    if not path.is_file():
        return []
    with sqlite3.connect(path, timeout=10.0) as connection:
        found = connection.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name = ?", [TABLE]
        ).fetchone()
        rows = (
            connection.execute(
                f"SELECT at, kind, reason, counts FROM {TABLE} ORDER BY id DESC LIMIT ?",  # noqa: S608
                [limit],
            ).fetchall()
            if found
            else []
        )
    connection.close()
    return [
        {"at": at, "kind": kind, "reason": reason, "counts": json.loads(counts)}
        for at, kind, reason, counts in rows
    ]
