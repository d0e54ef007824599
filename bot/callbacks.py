"""Requests for a call back from the team, stored with the conversation's triage summary.

One table, `callbacks`, in the bookings database (SQLite): who asked (conversation id),
the number to ring, when they would like it, what triage found (zones, side, triggers,
any red flag, health conditions) and when the request was made. Parameterised queries
only; the table is created on first write.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import phonenumbers
from sqlite_utils import Database

from bot.triage.state import TriageState

TABLE = "callbacks"


@dataclass(frozen=True)
class CallbackRequest:
    conversation_id: str
    phone: str
    when: str
    summary: dict[str, Any]
    requested_at: datetime


def summary_of(state: TriageState) -> dict[str, Any]:
    """What the team should know before ringing: the triage state, without free text."""
    return {
        "zones": list(state.zones),
        "side": state.side,
        "triggers": list(state.triggers),
        "red_flag": state.red_flag,
        "precautions": list(state.precautions),
    }


class CallbackStore:
    """The call-back requests in `path` (the bookings database)."""

    def __init__(self, path: Path | str) -> None:
        self.path = Path(path)

    def save(self, request: CallbackRequest) -> int:
        """Store the request; its row id."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        db = Database(self.path)
        try:
            table = db[TABLE]
            table.insert(  # type: ignore[union-attr]
                {
                    "conversation_id": request.conversation_id,
                    "phone": request.phone,
                    "preferred_time": request.when,
                    "summary": json.dumps(request.summary, sort_keys=True),
                    "requested_at": request.requested_at.astimezone(timezone.utc).isoformat(),
                },
                pk="id",
                alter=True,
            )
            return int(table.last_pk or 0)  # type: ignore[union-attr]
        finally:
            db.close()

    def newest_first(self) -> list[CallbackRequest]:
        """Every stored request, newest first (empty if none yet)."""
        if not self.path.is_file():
            return []
        db = Database(self.path)
        try:
            if TABLE not in db.table_names():
                return []
            rows = db.query(f"SELECT * FROM {TABLE} ORDER BY id DESC")  # noqa: S608 (constant)
            return [
                CallbackRequest(
                    row["conversation_id"],
                    row["phone"],
                    row["preferred_time"] or "",
                    json.loads(row["summary"]),
                    datetime.fromisoformat(row["requested_at"]),
                )
                for row in rows
            ]
        finally:
            db.close()


def parse_phone(text: str) -> str | None:
    """A UK phone number in the text (mobile or landline), in E.164 form, or None."""
    for match in phonenumbers.PhoneNumberMatcher(text, "GB"):
        number = match.number
        if phonenumbers.is_valid_number(number):
            return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
    return None


def without_phone(text: str) -> str:
    """The text with any phone number taken out (what is left says when to ring)."""
    for match in phonenumbers.PhoneNumberMatcher(text, "GB"):
        text = text.replace(match.raw_string, " ")
    return " ".join(text.split())[:200]


def display(phone: str) -> str:
    """An E.164 number as people write it in the UK ("+447400123456" -> "07400 123456")."""
    try:
        number = phonenumbers.parse(phone, "GB")
    except phonenumbers.NumberParseException:
        return phone
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)
