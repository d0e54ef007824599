"""Reading the assistant's REST replies: text, buttons and the structured triage payload."""

from __future__ import annotations

import csv
import re
import uuid
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]


def muscle_names() -> list[str]:
    """Every muscle name and alias in the knowledge base, lower case."""
    with (ROOT / "data" / "kb" / "muscles.csv").open(newline="") as rows:
        return [
            name.strip().lower()
            for row in csv.DictReader(rows)
            for name in (row["name"], *row["aliases"].split(";"))
            if len(name.strip()) > 3
        ]


def muscles_named(text: str) -> list[str]:
    """The knowledge base's muscle names that appear in `text` as whole words."""
    lowered = text.lower()
    return [name for name in muscle_names() if re.search(rf"\b{re.escape(name)}\b", lowered)]


def conversation(prefix: str = "triage") -> str:
    return f"{prefix}-{uuid.uuid4().hex[:8]}"


def text_of(replies: list[dict[str, Any]]) -> str:
    return "\n".join(reply.get("text", "") for reply in replies if reply.get("text"))


def triage_of(replies: list[dict[str, Any]]) -> dict[str, Any]:
    [payload] = [
        reply["custom"]["triage"] for reply in replies if "triage" in reply.get("custom", {})
    ]
    return dict(payload)


def buttons_of(replies: list[dict[str, Any]]) -> list[dict[str, str]]:
    return [button for reply in replies for button in reply.get("buttons", [])]


def source_ids(replies: list[dict[str, Any]]) -> list[str]:
    return [source["id"] for source in triage_of(replies)["sources"]]


def asking(replies: list[dict[str, Any]]) -> str | None:
    """The question the bot's turn ends on (custom.form.asking), as the widget reads it."""
    for reply in reversed(replies):
        marker = (reply.get("custom") or {}).get("form")
        if marker:
            return str(marker["asking"])
    return None


class Person:
    """One person typing to the bot over REST, as the widget does."""

    def __init__(self, assistant: Any, prefix: str) -> None:
        self.assistant = assistant
        self.id = conversation(prefix)
        self.last: list[dict[str, Any]] = []

    def says(self, text: str) -> str:
        self.last = self.assistant.say(self.id, text)
        return text_of(self.last)

    @property
    def asked(self) -> str | None:
        return asking(self.last)

    def bookings(self) -> list[Any]:
        from bot.booking.store import BookingStore

        store = BookingStore(self.assistant.bookings_db)
        return [row for row in store.newest_first() if row.conversation_id == f"rest:{self.id}"]
