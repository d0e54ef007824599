"""Conversation ids namespaced by channel, so no channel can reach another's conversations.

Every channel keys its conversations by the id the provider gives the sender: a phone
number on SMS, a chat id on Telegram, whatever the caller posts on REST. Taken raw, a REST
post with an SMS user's number would continue that person's conversation and show what it
holds. Here each conversation id carries its channel (`rest:…`, `web:…`, `telegram:…`,
`sms:+44…`, `whatsapp:+44…`): the channel adds its namespace to the sender before Rasa
sees it and takes it off again before a reply goes back to the provider, so the
provider's own ids are unchanged on the wire.

`migrate` renames conversations stored before this existed (tracker events, and the
`conversation_id` columns of the bookings database), reading each one's channel from its
first user message; it runs each time the Rasa server starts and changes nothing twice.
"""

from __future__ import annotations

import json
import logging
import sqlite3
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from rasa.core.channels.channel import OutputChannel

logger = logging.getLogger(__name__)

# Rasa's channel name -> the namespace its conversations live in.
NAMESPACES: Mapping[str, str] = {
    "rest": "rest",
    "socketio": "web",
    "telegram": "telegram",
    "twilio": "sms",
    "twilio_whatsapp": "whatsapp",
    "facebook": "messenger",
    "slack": "slack",
}
# Conversations stored before namespacing that have no user message say nothing of their
# channel; REST was the only channel open to anyone, so they are put there.
UNKNOWN_CHANNEL = "rest"


def namespace_of(channel: str) -> str:
    return NAMESPACES.get(channel, channel)


def is_namespaced(conversation_id: str) -> bool:
    prefix, colon, rest = conversation_id.partition(":")
    return bool(colon and rest) and prefix in set(NAMESPACES.values())


def conversation_id(channel: str, sender: str) -> str:
    """The conversation id of `sender` on `channel`.

    Twilio's WhatsApp ids already read `whatsapp:+44…`: they are the namespaced form.
    """
    namespace = namespace_of(channel)
    if channel == "twilio_whatsapp" and sender.startswith(f"{namespace}:"):
        return sender
    return f"{namespace}:{sender}"


def sender_of(channel: str, conversation: str) -> str:
    """The provider's id for a conversation id of `channel` (inverse of `conversation_id`)."""
    if channel == "twilio_whatsapp":
        return conversation
    return conversation.removeprefix(f"{namespace_of(channel)}:")


class ProviderIdOutput(OutputChannel):
    """Sends through `inner` with the provider's own recipient id, counting the messages."""

    def __init__(self, inner: OutputChannel, channel: str) -> None:
        self.inner = inner
        self.channel = channel
        self.sent = 0

    @classmethod
    def name(cls) -> str:
        return "provider_id"

    async def send_response(self, recipient_id: str, message: dict[str, Any]) -> None:
        self.sent += 1
        await self.inner.send_response(sender_of(self.channel, recipient_id), message)


def migrate(tracker_engine: Any, bookings_db: Path) -> dict[str, str]:
    """Rename un-namespaced conversations in the tracker store and the bookings database.

    Returns the renames made (old id -> new id); nothing when everything is namespaced.
    """
    from sqlalchemy import inspect, text

    renames: dict[str, str] = {}
    if not inspect(tracker_engine).has_table("events"):
        return renames
    with tracker_engine.begin() as connection:
        senders = [
            str(row[0])
            for row in connection.execute(text("SELECT DISTINCT sender_id FROM events"))
            if not is_namespaced(str(row[0]))
        ]
        for old in senders:
            channel = _first_channel(connection, text, old)
            new = conversation_id(channel, old)
            if new == old or is_namespaced(old):
                continue
            connection.execute(
                text("UPDATE events SET sender_id = :new WHERE sender_id = :old"),
                {"new": new, "old": old},
            )
            renames[old] = new
    if renames:
        _rename_in_bookings(bookings_db, renames)
        logger.info("namespaced %d stored conversations by channel", len(renames))
    return renames


def _first_channel(connection: Any, text: Any, sender: str) -> str:
    rows = connection.execute(
        text(
            "SELECT data FROM events WHERE sender_id = :sender AND type_name = 'user' "
            "ORDER BY id LIMIT 1"
        ),
        {"sender": sender},
    )
    for (data,) in rows:
        try:
            channel = json.loads(data).get("input_channel")
        except (TypeError, ValueError):
            channel = None
        if isinstance(channel, str) and channel in NAMESPACES:
            return channel
    return UNKNOWN_CHANNEL


def _rename_in_bookings(path: Path, renames: Mapping[str, str]) -> None:
    if not path.exists():
        return
    with sqlite3.connect(path) as db:
        tables = [row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type='table'")]
        for table in tables:
            columns = {row[1] for row in db.execute(f'PRAGMA table_info("{table}")')}
            if "conversation_id" not in columns:
                continue
            db.executemany(
                f'UPDATE "{table}" SET conversation_id = ? WHERE conversation_id = ?',  # noqa: S608
                [(new, old) for old, new in renames.items()],
            )
