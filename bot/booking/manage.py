"""Managing a booking already made: find it, check it is theirs, then cancel, move or tell.

A person asks "cancel my booking", "move it to Wednesday" or "what time is my
appointment?". The booking is this conversation's own (when it has exactly one standing,
it is taken without asking), or one found by its reference ("MB-7K3Q9") together with the
mobile number or e-mail address on it: a reference alone is not enough to see or change
someone's visit. Cancelling or moving says what the business's cancellation policy means
for it (`CancellationPolicy.for_start`) and asks for a yes before anything is changed.
The actions (`actions/manage.py`) speak; this module decides.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from bot.booking.contact import ContactError, parse_contact
from bot.booking.request import REFERENCE_ALPHABET, REFERENCE_LENGTH, BookingRequest
from bot.booking.store import BookingStore
from bot.booking.when import format_when
from bot.business_faq import CancellationPolicy

CANCEL = "cancel"
MOVE = "move"
STATUS = "status"
ACTIONS = (CANCEL, MOVE, STATUS)
OWN = "this conversation"  # the contact slot's value when the booking is the conversation's
NOT_NEEDED = "-"  # a slot the action does not need (no new time to ask when cancelling)
CONTACT_TRIES = 3

_REFERENCE = re.compile(
    rf"\b(?:MB[\s-]?)?([{REFERENCE_ALPHABET}]{{{REFERENCE_LENGTH}}})\b", re.IGNORECASE
)
_PREFIXED = re.compile(rf"\bMB[\s-]?([{REFERENCE_ALPHABET}]{{{REFERENCE_LENGTH}}})\b", re.I)
_MOVE_WORDS = re.compile(
    r"\b(?:move|moving|reschedul\w*|rebook\w*|change (?:the|my) (?:time|day|date|booking|"
    r"appointment)|put (?:it|me) back|bring (?:it|me) forward|push (?:it|me) back|postpone|"
    r"different (?:day|time))\b",
    re.IGNORECASE,
)
_CANCEL_WORDS = re.compile(r"\bcancel\w*|\bcall (?:it|the booking) off\b|\bcan'?t make it\b", re.I)
_STATUS_WORDS = re.compile(
    r"\b(?:what time|when is|when's|which day|what day|is it still|still on|confirm(?:ed)? "
    r"my|remind me|details of my|my booking details)\b",
    re.IGNORECASE,
)
_POLICY_QUESTION = re.compile(
    r"\b(?:if i (?:need|have) to|what (?:if|happens)|how (?:late|much notice|far in advance)|"
    r"is there a (?:fee|charge)|do you charge|policy|can i (?:cancel|move|change|reschedule)\b"
    r"(?! (?:my|the|it|this|that)\b))",
    re.IGNORECASE,
)


def action_asked(text: str, intent: str | None) -> str | None:
    """What the person wants done with a booking: cancel, move or status (None: unclear)."""
    if _MOVE_WORDS.search(text):
        return MOVE
    if intent == "ask_my_booking" or (
        _STATUS_WORDS.search(text) and not _CANCEL_WORDS.search(text)
    ):
        return STATUS
    if intent == "cancel" or _CANCEL_WORDS.search(text):
        return CANCEL
    if intent == "edit_booking":
        return MOVE
    return None


_A_BOOKING = re.compile(
    r"\b(?:booking|booked|appointment|session|visit|massage|reservation|reference)\b|\bMB\W?[A-Z0-9]",
    re.IGNORECASE,
)


def mentions_a_booking(text: str) -> bool:
    """ "cancel my booking" is about a booking made (maybe elsewhere); a bare "cancel" is not."""
    return bool(_A_BOOKING.search(text))


def is_policy_question(text: str) -> bool:
    """ "Can I cancel if I need to?", "what happens if I cancel late?": asked, not acted on."""
    return bool(_POLICY_QUESTION.search(text))


def reference_in(text: str) -> str | None:
    """A booking reference as typed ("mb 7k3q9", "MB-7K3Q9", or the five characters alone)."""
    match = _PREFIXED.search(text)
    if match is None:
        match = next(
            (
                found
                for found in _REFERENCE.finditer(text)
                if any(c.isdigit() for c in found.group(1))
                and any(c.isalpha() for c in found.group(1))
            ),
            None,
        )
    return f"MB-{match.group(1).upper()}" if match else None


def contact_matches(text: str, booking: BookingRequest) -> bool:
    """Whether `text` gives the mobile number or e-mail address on the booking."""
    try:
        given = parse_contact(text).value
    except ContactError:
        return False
    return given.casefold() == booking.contact.casefold()


@dataclass(frozen=True)
class Found:
    """The booking this conversation means, if it can be told without asking."""

    booking: BookingRequest | None
    choices: tuple[BookingRequest, ...] = ()


def own_booking(store: BookingStore, conversation_id: str, now: datetime) -> Found:
    """This conversation's standing future bookings: one is taken, several are listed."""
    ahead = tuple(b for b in store.standing_for(conversation_id) if b.starts_at > now)
    return Found(ahead[0] if len(ahead) == 1 else None, ahead)


def describe(booking: BookingRequest, now: datetime) -> str:
    """ "MB-7K3Q9: Friday 4 December at 19:30, 90 minutes at E8 3RL" """
    when = format_when(booking.starts_at.astimezone(now.tzinfo), today=now.date())
    return f"{booking.reference}: {when}, {booking.session_minutes} minutes at {booking.postcode}"


def status_text(booking: BookingRequest, now: datetime) -> str:
    if booking.status == "cancelled":
        return f"Booking {describe(booking, now)} was cancelled."
    return (
        f"Your booking {describe(booking, now)}, for {booking.name}. It's a request the team "
        "confirms by text or e-mail."
    )


def confirm_question(
    action: str,
    booking: BookingRequest,
    policy: CancellationPolicy,
    now: datetime,
    new_start: datetime | None = None,
) -> str:
    """The question before anything is changed, with what the policy means for it."""
    terms = policy.for_start(booking.starts_at, now)
    if action == MOVE and new_start is not None:
        to = format_when(new_start.astimezone(now.tzinfo), today=now.date())
        return f"Move booking {describe(booking, now)} to {to}? {terms} Shall I go ahead?"
    return f"Cancel booking {describe(booking, now)}? {terms} Shall I cancel it?"
