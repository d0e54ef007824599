"""A booking request: what the form collected, what triage found, and its reference.

`BookingRequest.new(...)` stamps a fresh reference ("MB-7K3Q9") and the creation time.
The reference alphabet leaves out 0/O and 1/I so it can be read out over the phone.
`confirmation_key` is a digest of what the person confirmed (time, place, length, name,
contact, notes): the store keeps one request per conversation and key, so confirming the
same booking twice gives back the first reference.
"""

from __future__ import annotations

import hashlib
import json
import secrets
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from typing import Any, Literal

ContactKind = Literal["phone", "email"]

REFERENCE_PREFIX = "MB-"
REFERENCE_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"  # no 0/O, no 1/I
REFERENCE_LENGTH = 5
REQUESTED = "requested"
CANCELLED = "cancelled"


def new_reference(choose: Callable[[str], str] = secrets.choice) -> str:
    """A short reference such as "MB-7K3Q9" (32**5, about 33 million, possibilities)."""
    return REFERENCE_PREFIX + "".join(choose(REFERENCE_ALPHABET) for _ in range(REFERENCE_LENGTH))


def normalise_reference(text: str) -> str:
    """A reference as typed ("mb 7k3q9", "7K3Q9", "MB-7K3Q9") in its stored form."""
    compact = "".join(character for character in text.upper() if character.isalnum())
    prefix = REFERENCE_PREFIX.rstrip("-")
    if compact.startswith(prefix) and len(compact) == len(prefix) + REFERENCE_LENGTH:
        compact = compact[len(prefix) :]
    return REFERENCE_PREFIX + compact


@dataclass(frozen=True)
class TriageSummary:
    """What triage established, passed on to the therapist: zones, side, triggers, sources,
    and the health conditions that change the work (`data/kb/precautions.yml` ids)."""

    zones: tuple[str, ...] = ()
    side: str | None = None
    triggers: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()  # the muscles most likely to refer the pain, best first
    precautions: tuple[str, ...] = ()

    def as_dict(self) -> dict[str, Any]:
        return {
            "zones": list(self.zones),
            "side": self.side,
            "triggers": list(self.triggers),
            "sources": list(self.sources),
            "precautions": list(self.precautions),
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any] | None) -> TriageSummary:
        data = data or {}
        side = data.get("side")
        return cls(
            zones=_strings(data.get("zones")),
            side=side if isinstance(side, str) and side else None,
            triggers=_strings(data.get("triggers")),
            sources=_strings(data.get("sources")),
            precautions=_strings(data.get("precautions")),
        )


@dataclass(frozen=True)
class BookingRequest:
    """One confirmed booking request. `starts_at` and `created_at` are timezone-aware."""

    reference: str
    conversation_id: str
    starts_at: datetime
    postcode: str
    session_minutes: int
    name: str
    contact: str
    contact_kind: ContactKind
    notes: str = ""
    triage: TriageSummary = field(default_factory=TriageSummary)
    created_at: datetime = field(default_factory=lambda: datetime.now(timezone.utc))
    status: str = REQUESTED

    def __post_init__(self) -> None:
        for name in ("starts_at", "created_at"):
            if getattr(self, name).tzinfo is None:
                raise ValueError(f"BookingRequest.{name} must be timezone-aware")
        if self.session_minutes <= 0:
            raise ValueError("BookingRequest.session_minutes must be positive")

    @classmethod
    def new(
        cls,
        *,
        conversation_id: str,
        starts_at: datetime,
        postcode: str,
        session_minutes: int,
        name: str,
        contact: str,
        contact_kind: ContactKind,
        notes: str = "",
        triage: TriageSummary | None = None,
        now: datetime | None = None,
    ) -> BookingRequest:
        """A request with a fresh reference, created `now` (default: the clock)."""
        return cls(
            reference=new_reference(),
            conversation_id=conversation_id,
            starts_at=starts_at,
            postcode=postcode,
            session_minutes=session_minutes,
            name=name,
            contact=contact,
            contact_kind=contact_kind,
            notes=notes,
            triage=triage or TriageSummary(),
            created_at=now or datetime.now(timezone.utc),
        )

    @property
    def ends_at(self) -> datetime:
        return self.starts_at + timedelta(minutes=self.session_minutes)

    @property
    def confirmation_key(self) -> str:
        """A digest of what was confirmed; the same answers give the same key."""
        confirmed = {
            "starts_at": self.starts_at.astimezone(timezone.utc).isoformat(),
            "postcode": self.postcode,
            "session_minutes": self.session_minutes,
            "name": " ".join(self.name.split()).casefold(),
            "contact": self.contact,
            "notes": " ".join(self.notes.split()),
        }
        encoded = json.dumps(confirmed, sort_keys=True, ensure_ascii=False).encode()
        return hashlib.sha256(encoded).hexdigest()

    def as_dict(self) -> dict[str, Any]:
        """A JSON-ready dict: times in ISO 8601 with their offset."""
        return {
            "reference": self.reference,
            "conversation_id": self.conversation_id,
            "starts_at": self.starts_at.isoformat(),
            "ends_at": self.ends_at.isoformat(),
            "postcode": self.postcode,
            "session_minutes": self.session_minutes,
            "name": self.name,
            "contact": self.contact,
            "contact_kind": self.contact_kind,
            "notes": self.notes,
            "triage": self.triage.as_dict(),
            "created_at": self.created_at.isoformat(),
            "status": self.status,
        }


def _strings(value: object) -> tuple[str, ...]:
    if isinstance(value, str):
        return (value,) if value else ()
    if isinstance(value, Iterable):
        return tuple(str(item) for item in value if item)
    return ()
