"""Rasa's SQL tracker store, pointed at the database URL from settings."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from rasa.core.brokers.broker import EventBroker
from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.trackers import DialogueStateTracker
from sqlalchemy import event
from sqlalchemy.engine import make_url

from bot import settings as settings_module
from bot.privacy import ERASED_SLOT


class SettingsSQLTrackerStore(SQLTrackerStore):
    """SQLTrackerStore whose database is `BOT_TRACKER_DB_URL` (SQLite in var/ by default)."""

    def __init__(
        self,
        domain: Domain | None = None,
        host: str | None = None,
        event_broker: EventBroker | None = None,
        **kwargs: Any,
    ) -> None:
        url = make_url(host or settings_module.load().tracker_db_url)
        if url.drivername.startswith("sqlite") and url.database:
            Path(url.database).parent.mkdir(parents=True, exist_ok=True)
        # A full URL in `host` is passed through as-is by SQLTrackerStore.get_db_url.
        super().__init__(
            domain=domain,
            dialect=url.get_backend_name(),
            host=url.render_as_string(hide_password=False),
            db=url.database or "rasa.db",
            event_broker=event_broker,
            **kwargs,
        )
        if self.engine.dialect.name == "sqlite":
            event.listen(self.engine, "connect", tune_sqlite)
            self.engine.dispose()  # connections opened before the listener reconnect tuned

    async def save(self, tracker: DialogueStateTracker) -> None:
        """Store the turn's events; after an erasure, delete the conversation instead.

        The action that erases a person's data runs in the action server, before Rasa
        saves the turn: deleting the events there would only see them saved again. So the
        action sets `ERASED_SLOT`, and here the conversation's stored events are deleted
        and the turn's own are not kept; the next message starts a new conversation.
        """
        if tracker.get_slot(ERASED_SLOT):
            with self.session_scope() as session:
                session.query(self.SQLEvent).filter(
                    self.SQLEvent.sender_id == tracker.sender_id
                ).delete(synchronize_session=False)
                session.commit()
            return
        await super().save(tracker)


def tune_sqlite(connection: Any, _record: Any) -> None:
    """Write-ahead logging, and sync at checkpoints rather than on every commit.

    Each user message saves the conversation, so with SQLite's defaults (rollback journal,
    a full sync per commit) the disk sync dominates a turn. In WAL mode with
    `synchronous=NORMAL` a commit survives the process dying; only a power cut can lose
    the last few turns. Readers no longer wait for the writer either.
    """
    cursor = connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.close()
