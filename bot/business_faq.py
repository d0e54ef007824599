"""The business's own answers to customers' questions, from `data/business.yml`.

What a session involves, qualifications, pregnancy massage, therapist preference,
payment, call-out fees, cancellation, vouchers, the postcode areas covered and how to
reach a person. Operational values (hours, prices, lengths, the booking page) come from
the settings and are filled into the answers' {placeholders}. A question the file does
not answer gets an honest "I don't know" with the team's contact details.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from bot.business import booking_link, hours
from bot.settings import Business
from bot.triage.phrases import placeholders
from bot.triage.reply import Button, Reply, intent_payload
from bot.triage.state import TriageState

DATA = Path(__file__).resolve().parents[1] / "data" / "business.yml"
PLACEHOLDERS = {
    "name", "hours", "lengths", "prices", "booking_url", "area", "phone", "email",
    "contact_hours", "postcode_areas",
}  # fmt: skip
ASK_HUMAN = "ask_human"
REQUEST_CALLBACK = "request_callback"
CALL_ME_BACK = Button("Ask for a call back", intent_payload(REQUEST_CALLBACK))
# The custom payload of a reply that asks for the number to ring (`callback_pending`).
CALLBACK = "callback"
NUMBER = "number"
CALLBACK_ASKED = {CALLBACK: {"asked": NUMBER}}
# A UK outward code ("SW11", "E1", "WC2N") and the area letters it starts with.
_OUTWARD = re.compile(r"\b([A-Z]{1,2})(\d[A-Z\d]?)(?:\s*\d[A-Z]{2})?\b")


class BusinessDataError(ValueError):
    """data/business.yml is malformed: the text says where."""


@dataclass(frozen=True)
class Contact:
    phone: str
    email: str
    hours: str


@dataclass(frozen=True)
class CancellationPolicy:
    """Free cancellation up to `free_hours_before` the start; later, `late` is charged."""

    free_hours_before: int = 24
    late: str = "half the session price"
    missed: str = "the full price"

    def for_start(self, starts_at: datetime, now: datetime) -> str:
        """What cancelling or moving a visit starting at `starts_at` costs, said `now`."""
        if starts_at - now >= timedelta(hours=self.free_hours_before):
            return f"It's more than {self.free_hours_before} hours away, so there's no charge."
        return (
            f"It's less than {self.free_hours_before} hours away, so under our policy "
            f"{self.late} is charged (a missed visit is {self.missed}). If you're unwell, "
            "tell the team and they'll move it without charge."
        )


@dataclass(frozen=True)
class BusinessFacts:
    """The reviewed answers: intent -> answer text, the contact details, the areas covered."""

    contact: Contact
    postcode_areas: tuple[str, ...]
    answers: Mapping[str, str]
    cancellation: CancellationPolicy = CancellationPolicy()
    places: Mapping[str, tuple[str, ...]] = field(default_factory=dict)

    @classmethod
    def from_data(cls, data: Mapping[str, Any]) -> BusinessFacts:
        try:
            contact = Contact(**{key: str(value) for key, value in data["contact"].items()})
            areas = tuple(str(area).upper() for area in data.get("postcode_areas") or ())
            answers = {
                str(topic["intent"]): str(topic["answer"]).strip() for topic in data["topics"]
            }
            places = {
                str(place): tuple(str(area).upper() for area in place_areas)
                for place, place_areas in (data.get("places") or {}).items()
            }
            policy = data.get("cancellation") or {}
            cancellation = CancellationPolicy(
                free_hours_before=int(policy.get("free_hours_before", 24)),
                late=str(policy.get("late", CancellationPolicy.late)),
                missed=str(policy.get("missed", CancellationPolicy.missed)),
            )
        except (KeyError, TypeError) as error:
            raise BusinessDataError(f"business data: missing or malformed {error}") from None
        for intent, answer in answers.items():
            unknown = set(placeholders(answer)) - PLACEHOLDERS
            if unknown:
                raise BusinessDataError(f"{intent}: unknown placeholders {sorted(unknown)}")
        return cls(contact, areas, answers, cancellation, places)

    @classmethod
    def load(cls, path: Path = DATA) -> BusinessFacts:
        return cls.from_data(yaml.safe_load(path.read_text(encoding="utf-8")) or {})

    @property
    def intents(self) -> tuple[str, ...]:
        return tuple(self.answers)

    def answer(self, intent: str, business: Business, state: TriageState) -> Reply:
        """The answer to a topic's question, filled in from the settings."""
        text = self.answers[intent].format(**self.values(business, state))
        return Reply(text)

    def values(self, business: Business, state: TriageState) -> dict[str, str]:
        prices = ", ".join(
            f"{price} for {minutes} minutes" for minutes, price in sorted(business.prices.items())
        )
        return {
            "name": business.name,
            "hours": hours(business),
            "lengths": ", ".join(str(minutes) for minutes in business.session_minutes),
            "prices": prices or "see the booking page",
            "booking_url": booking_link(business.booking_url, state),
            "area": business.area,
            "phone": self.contact.phone,
            "email": self.contact.email,
            "contact_hours": self.contact.hours,
            "postcode_areas": ", ".join(self.postcode_areas),
        }

    def reach_us(self) -> str:
        """How to reach a person: phone, e-mail and when."""
        return (
            f"You can reach the team on {self.contact.phone} ({self.contact.hours}) or by "
            f"e-mail at {self.contact.email}."
        )

    def contact_reply(self) -> Reply:
        """For "can I talk to a person?": the contact details and a call-back offer."""
        return Reply(
            f"Of course. {self.reach_us()} If you'd rather we rang you, tap below or tell me "
            "your number and a good time, and someone from the team will call you back.",
            (CALL_ME_BACK,),
            CALLBACK_ASKED,
        )

    def unknown(self) -> Reply:
        """An honest answer to a question the reviewed answers do not cover."""
        return Reply(
            f"I'm sorry, I don't know the answer to that one. {self.reach_us()} They'll be "
            "glad to help.",
            (CALL_ME_BACK,),
        )

    def outward_codes(self, text: str) -> list[str]:
        """The postcode districts a message names ("sw11", "E1 6AN" -> "SW11", "E1")."""
        return [area + district for area, district in _OUTWARD.findall(text.upper())]

    def area_answer(self, text: str) -> str | None:
        """Whether the districts a message names are covered, or None if it names none."""
        codes = list(dict.fromkeys(self.outward_codes(text)))
        if not codes:
            place = self.place_in(text)
            return None if place is None else self.place_answer(place)
        covered = [code for code in codes if self.covers(code)]
        outside = [code for code in codes if not self.covers(code)]
        parts = []
        if covered:
            parts.append(f"Yes, our therapists come to {', '.join(covered)}.")
        if outside:
            parts.append(
                f"I'm sorry, {', '.join(outside)} {'is' if len(outside) == 1 else 'are'} outside "
                f"the areas we cover ({', '.join(self.postcode_areas)} postcodes)."
            )
        return " ".join(parts)

    def place_in(self, text: str) -> Place | None:
        """The place a message names as where someone is ("somewhere in Hackney", "come out
        to Bromley", "do you cover Ealing?"), or the whole answer "Hackney"; None if none."""
        if not self.places:
            return None
        found = _place_pattern(tuple(self.places)).search(text.strip())
        if found is None:
            return None
        said = found.group("place") or found.group("alone")
        name = next(place for place in self.places if _folded(place) == _folded(said))
        areas = self.places[name]
        covered = [area for area in areas if area in self.postcode_areas]
        return Place(name, areas, len(covered) == len(areas), bool(covered))

    def place_answer(self, place: Place) -> str:
        """Whether the therapists travel to a place named ("Hackney", "Watford", "Surrey")."""
        areas = ", ".join(self.postcode_areas)
        if place.covered:
            return f"Yes, our therapists come to {place.name}."
        if place.partly:
            return (
                f"We cover part of {place.name}: the {areas} postcode areas. What's your "
                "postcode? I'll check it."
            )
        return (
            f"I'm sorry, {place.name} is outside the areas we cover ({areas} postcodes), "
            "so we can't send a therapist there."
        )

    def covers(self, outward: str) -> bool:
        """Whether a district ("SW11") is in an area the therapists travel to."""
        area = re.match(r"[A-Z]+", outward.upper())
        return bool(area) and area.group(0) in self.postcode_areas  # type: ignore[union-attr]


@dataclass(frozen=True)
class Place:
    """A place named instead of a postcode, and whether the therapists travel there."""

    name: str
    areas: tuple[str, ...]
    covered: bool  # all of it
    partly: bool  # some of it (a county such as Surrey)


# "in", "to", "near" and the like before a place: "I'm in Chiswick", "come out to Bromley"
_BEFORE_A_PLACE = (
    r"(?:in|to|near|from|around|round|at|as far as|cover|covers|covering|visit|visits|reach|go|"
    r"travel|come|get|based|live|living|over)"
)


def _folded(place: str) -> str:
    return re.sub(r"[\s']+", "", place).casefold()


@lru_cache(maxsize=4)
def _place_pattern(places: tuple[str, ...]) -> re.Pattern[str]:
    names = "|".join(
        re.escape(place).replace("\\ ", r"\s+").replace("'", "'?")
        for place in sorted(places, key=len, reverse=True)
    )
    return re.compile(
        rf"\b{_BEFORE_A_PLACE}\s+(?:(?:the\s+)?(?:north|south|east|west|central)\s+)?(?:of\s+)?"
        rf"(?P<place>{names})\b|^(?P<alone>{names})\W*(?:please|pls|thanks|area)?\W*$",
        re.IGNORECASE,
    )


@lru_cache(maxsize=1)
def default() -> BusinessFacts:
    """The project's business answers (read once)."""
    return BusinessFacts.load()
