"""The conversations in Rasa's SQL tracker store (table `events`), read and deleted directly.

Rasa keeps one row per event, keyed by `sender_id` (the namespaced conversation id) with a
UNIX `timestamp`. Deleting a conversation's rows deletes the conversation: the next message
from that person starts a new, empty one.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import bindparam, create_engine, inspect, text
from sqlalchemy.engine import Engine

TABLE = "events"


@contextmanager
def engine_for(url: str) -> Iterator[Engine]:
    """An engine on the tracker database at `url` (a SQLite file is never created here)."""
    if url.startswith("sqlite:///") and not Path(url.removeprefix("sqlite:///")).exists():
        yield create_engine("sqlite://")  # an empty in-memory database: nothing stored
        return
    engine = create_engine(url)
    try:
        yield engine
    finally:
        engine.dispose()


def has_events(engine: Engine) -> bool:
    return bool(inspect(engine).has_table(TABLE))


def last_activity(engine: Engine) -> dict[str, float]:
    """Every stored conversation and the time (UNIX seconds) of its latest event."""
    if not has_events(engine):
        return {}
    with engine.connect() as connection:
        rows = connection.execute(
            text(f"SELECT sender_id, MAX(timestamp) FROM {TABLE} GROUP BY sender_id")  # noqa: S608
        )
        return {str(sender): float(latest or 0.0) for sender, latest in rows}


def events_of(engine: Engine, conversation: str) -> list[dict[str, Any]]:
    """A conversation's events, oldest first, as Rasa stored them."""
    if not has_events(engine):
        return []
    with engine.connect() as connection:
        rows = connection.execute(
            text(f"SELECT data FROM {TABLE} WHERE sender_id = :sender ORDER BY id"),  # noqa: S608
            {"sender": conversation},
        )
        return [_event(data) for (data,) in rows]


def delete(engine: Engine, conversations: Iterable[str]) -> int:
    """Delete these conversations' events; the number of conversations that had any."""
    wanted = sorted(set(conversations))
    if not wanted or not has_events(engine):
        return 0
    query = text(
        f"SELECT DISTINCT sender_id FROM {TABLE} WHERE sender_id IN :senders"  # noqa: S608
    ).bindparams(bindparam("senders", expanding=True))
    removal = text(f"DELETE FROM {TABLE} WHERE sender_id IN :senders").bindparams(  # noqa: S608
        bindparam("senders", expanding=True)
    )
    with engine.begin() as connection:
        found = connection.execute(query, {"senders": wanted}).fetchall()
        connection.execute(removal, {"senders": wanted})
    return len(found)


def _event(data: Any) -> dict[str, Any]:
    try:
        loaded = json.loads(data)
    except (TypeError, ValueError):
        return {"unreadable": str(data)[:200]}
    return loaded if isinstance(loaded, dict) else {"value": loaded}
