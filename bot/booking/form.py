"""The booking form's conversation: checking each answer, the summary, and the request.

The slot names live here (they match domain.yml). Each `check_*` takes what the person
wrote and returns a `Checked`: the slot values to set (the normalised value, or None to
ask again) and what to say (a refusal always says why and what to do). Nothing here
knows about Rasa; `actions/booking.py` calls these and speaks.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from bot.booking.availability import Availability, free_only
from bot.booking.contact import EMAIL, ContactError, parse_contact, parse_name
from bot.booking.contact import parse_notes as _parse_notes
from bot.booking.contact import parse_postcode as _parse_postcode
from bot.booking.fields import (  # noqa: F401  (the names the actions use, kept here too)
    ASKING,
    BLOCKED,
    CONFIRMED,
    CONTACT,
    DAY,
    FIELD_ENTITY,
    FIELDS,
    FORM,
    LABELS,
    MINUTES,
    NAME,
    NOTED,
    NOTES,
    PENDING,
    PLACE,
    REFERENCE,
    STATUS,
    WHEN,
)
from bot.booking.length import LengthError, offered, parse_length
from bot.booking.request import BookingRequest, TriageSummary
from bot.booking.when import (
    DAYPART_WINDOWS,
    WhenProblem,
    WhenResult,
    check_start,
    format_day,
    format_when,
    local_now,
    nearest_starts,
    parse_when,
)
from bot.business import hours
from bot.settings import Business
from bot.triage.reply import Button, Reply, intent_payload
from bot.triage.state import TriageState

CONFIRM_INTENT = "confirm_booking"
EDIT_INTENT = "edit_booking"
NO_NOTES = "No notes"
SLOT_FORMAT = "%Y-%m-%d %H:%M"  # how a start time is kept in its slot and sent by buttons

# Words that say which answer someone wants to change ("change the time").
_FIELD_WORDS = (
    (CONTACT, r"contact|number|phone|mobile|e-?mail|email"),
    (PLACE, r"postcode|post code|address|where|place|location"),
    (MINUTES, r"minutes?|mins?|hours?|length|long|longer|shorter|duration"),
    (NOTES, r"notes?"),
    (NAME, r"name"),
    (WHEN, r"time|day|date|when|earlier|later|morning|afternoon|evening|tomorrow|"
     r"monday|tuesday|wednesday|thursday|friday|saturday|sunday"),
)  # fmt: skip


@dataclass(frozen=True)
class Checked:
    """Slot values to set after checking an answer, and what to say (None: nothing).

    For a time, `day` and `daypart` are what was understood when only the hour is missing.
    """

    slots: dict[str, Any]
    reply: Reply | None = None
    day: date | None = None
    daypart: str | None = None
    refused_day: date | None = None  # the day of a refused time: "6 then" is read on it
    refused_daypart: str | None = None  # "evening" after a refused 00:30: "half 10" is 22:30
    problem: WhenProblem | None = None  # why a time was not taken (UNCLEAR: no time in it)

    @property
    def ok(self) -> bool:
        return all(value is not None for value in self.slots.values())


@dataclass(frozen=True)
class Answers:
    """The booking form's slots as read from the tracker (None where not given yet)."""

    when: str | None = None
    postcode: str | None = None
    minutes: str | None = None
    name: str | None = None
    contact: str | None = None
    notes: str | None = None

    @classmethod
    def from_slots(cls, slots: Mapping[str, Any]) -> Answers:
        def text(name: str) -> str | None:
            value = slots.get(name)
            return None if value is None else str(value)

        return cls(text(WHEN), text(PLACE), text(MINUTES), text(NAME), text(CONTACT), text(NOTES))

    @property
    def complete(self) -> bool:
        return None not in (self.when, self.postcode, self.minutes, self.name, self.contact) and (
            self.notes is not None
        )


# --- checking each answer ---------------------------------------------------------------


def check_when(
    text: str,
    business: Business,
    *,
    now: datetime | None = None,
    minutes: str | None = None,
    day: date | None = None,
    daypart: str | None = None,
    availability: Availability | None = None,
    near: date | datetime | None = None,
) -> Checked:
    """A start time in opening hours, ahead of now and free; a refusal offers the nearest
    free ones. `day` and `daypart` carry what an earlier answer said ("next Tuesday")."""
    length = _as_minutes(minutes)
    now = _now(now, business)
    start = read_start(text, business)
    if start is not None:
        result = check_start(start, business, now=now, minutes=length)
    else:
        result = parse_when(
            text, business, now=now, minutes=length, day=day, daypart=daypart, near=near
        )
    if availability is not None:
        result = _if_free(result, business, availability, now, length)
    checked = _when_checked(result, now)
    if checked.day is not None and checked.reply is not None:  # "Saturday": say what is free
        offers = free_on(checked.day, checked.daypart, business, availability, now, length)
        buttons = tuple(Button(f"{offer:%H:%M}", offer.strftime(SLOT_FORMAT)) for offer in offers)
        text = checked.reply.text
        if offers:
            times = [f"{offer:%H:%M}" for offer in offers]
            listed = times[0] if len(times) == 1 else f"{', '.join(times[:-1])} or {times[-1]}"
            text += f" Free then, for example: {listed}."
        else:
            text += " Everyone is booked that day, I'm afraid: which other day would suit you?"
        checked = replace(checked, reply=Reply(text, buttons))
    return checked


FREE_SHOWN = 4  # free starts offered as buttons when only the day is known


def free_on(
    day: date,
    daypart: str | None,
    business: Business,
    availability: Availability | None,
    now: datetime,
    minutes: int | None,
) -> tuple[datetime, ...]:
    """Up to four free starts on `day` (within the part of the day named), spread out."""
    zone = ZoneInfo(business.timezone)
    noon = datetime.combine(day, time(12, 0), tzinfo=zone)
    opens, closes = DAYPART_WINDOWS.get(daypart or "", (time(9, 0), time(20, 0)))
    starts = [
        start
        for start in nearest_starts(noon, business, now=now, minutes=minutes, count=96)
        if start.date() == day and opens <= start.time() <= closes
    ]
    length = minutes or min(business.session_minutes)
    free = [s for s in starts if availability is None or availability.is_free(s, length)]
    if len(free) <= FREE_SHOWN:
        return tuple(free)
    step = (len(free) - 1) / (FREE_SHOWN - 1)
    return tuple(free[round(index * step)] for index in range(FREE_SHOWN))


def _if_free(
    result: WhenResult,
    business: Business,
    availability: Availability,
    now: datetime,
    minutes: int | None,
) -> WhenResult:
    """The result, unless every therapist is booked then: refused with free alternatives."""
    length = minutes or min(business.session_minutes)
    if result.ok:
        assert result.starts_at is not None
        if availability.is_free(result.starts_at, length):
            return result
        wanted = result.starts_at
        offers = free_only(
            nearest_starts(wanted, business, now=now, minutes=minutes, count=48),
            availability,
            length,
            2,
            around=wanted,
        )
        words = " or ".join(format_when(offer, today=now.date()) for offer in offers)
        text = f"I'm sorry, {format_when(wanted, today=now.date())} is fully booked."
        if offers:
            text += f" The nearest free times are {words}. Would one of those suit you?"
        else:
            text += " Which other day would suit you?"
        return WhenResult(None, text, WhenProblem.FULL, offers)
    if result.alternatives:
        offers = free_only(
            nearest_starts(result.alternatives[0], business, now=now, minutes=minutes, count=48),
            availability,
            length,
            len(result.alternatives),
            around=result.understood or result.alternatives[0],
        )
        if offers != result.alternatives:
            old = " or ".join(format_when(o, today=now.date()) for o in result.alternatives)
            new = " or ".join(format_when(o, today=now.date()) for o in offers)
            return replace(result, message=result.message.replace(old, new), alternatives=offers)
    return result


def check_postcode(text: str) -> Checked:
    """A UK postcode in its standard form."""
    try:
        return Checked({PLACE: _parse_postcode(text)})
    except ContactError as error:
        return Checked({PLACE: None}, Reply(str(error)))


def check_minutes(
    text: str, business: Business, *, when: str | None = None, now: datetime | None = None
) -> Checked:
    """One of the offered lengths; if the chosen start time no longer fits, ask it again."""
    try:
        minutes = parse_length(text, business)
    except LengthError as error:
        return Checked({MINUTES: None}, Reply(str(error), length_buttons(business)))
    start = read_start(when, business) if when else None
    if start is None:
        return Checked({MINUTES: str(minutes)})
    result = check_start(start, business, now=_now(now, business), minutes=minutes)
    if result.ok:
        return Checked({MINUTES: str(minutes)})
    refused = _when_checked(result, now)
    assert refused.reply is not None
    return Checked(
        {MINUTES: str(minutes), WHEN: None},
        Reply(
            f"{minutes} minutes it is, but that changes the time: {refused.reply.text}",
            refused.reply.buttons,
        ),
    )


def check_name(text: str) -> Checked:
    """A name, tidied."""
    try:
        return Checked({NAME: parse_name(text)})
    except ContactError as error:
        return Checked({NAME: None}, Reply(str(error)))


def check_contact(text: str) -> Checked:
    """A UK mobile (kept in E.164 form) or an e-mail address."""
    try:
        return Checked({CONTACT: parse_contact(text).value})
    except ContactError as error:
        return Checked({CONTACT: None}, Reply(str(error)))


def check_notes(text: str | None) -> Checked:
    """Optional notes; "No notes" (the button), "no" or "none" keep them empty ("")."""
    said = (text or "").strip()
    if said.casefold().strip(".! ") in {NO_NOTES.casefold(), "no notes thanks", "no thank you"}:
        return Checked({NOTES: ""})
    try:
        return Checked({NOTES: _parse_notes(said)})
    except ContactError as error:
        return Checked({NOTES: None}, Reply(str(error), (Button(NO_NOTES, NO_NOTES),)))


def read_start(value: str | None, business: Business) -> datetime | None:
    """A start time as its slot keeps it ("2025-12-06 10:00", local time), else None."""
    if not value:
        return None
    try:
        moment = datetime.strptime(value.strip(), SLOT_FORMAT)
    except ValueError:
        return None
    return moment.replace(tzinfo=ZoneInfo(business.timezone))


def length_buttons(business: Business) -> tuple[Button, ...]:
    """One button per offered session length ("60 minutes")."""
    return tuple(
        Button(f"{minutes} minutes", f"{minutes} minutes") for minutes in business.session_minutes
    )


def ask_length(business: Business) -> Reply:
    """The question for the session length, with the offered lengths as buttons."""
    return Reply(
        f"How long would you like the session to be? We offer {offered(business)} minutes.",
        length_buttons(business),
    )


# --- changing an answer -----------------------------------------------------------------


def field_to_change(text: str, entities: Sequence[Mapping[str, Any]]) -> str | None:
    """Which answer someone wants to change: the `booking_field` entity, else their words."""
    for entity in entities:
        value = entity.get("value")
        if entity.get("entity") == FIELD_ENTITY and value in FIELDS:
            return str(value)
    said = text.lower()
    for name, words in _FIELD_WORDS:
        if re.search(rf"\b(?:{words})\b", said):
            return name
    return None


def edit_payload(name: str) -> str:
    """The Edit button's payload for one answer."""
    return intent_payload(EDIT_INTENT, {FIELD_ENTITY: name})


# --- the summary and the request --------------------------------------------------------


def summary(
    answers: Answers,
    state: TriageState,
    business: Business,
    *,
    now: datetime | None = None,
    health: Sequence[str] = (),
) -> Reply:
    """Everything collected, to check, with Confirm and one Edit button per answer; `health`
    names the conditions the therapist will be told about."""
    start = read_start(answers.when, business)
    when = format_when(start, today=_now(now, business).date()) if start else "not given"
    lines = [
        "Here's what I have:",
        f"• When: {when}",
        f"• Where: {answers.postcode}",
        f"• Length: {answers.minutes} minutes",
        f"• Name: {answers.name}",
        f"• Contact: {_contact_display(answers.contact)}",
        f"• Notes: {answers.notes or 'none'}",
    ]
    focus = focus_line(state)
    if focus:
        lines.append(f"• Focus: {focus}")
    if health:
        lines.append(f"• Health, for your therapist: {', '.join(health).lower()}")
    lines.append("Shall I send this booking request?")
    buttons = (Button("Confirm", intent_payload(CONFIRM_INTENT)),) + tuple(
        Button(f"Change {LABELS[name]}", edit_payload(name)) for name in FIELDS
    )
    return Reply("\n".join(lines), buttons)


def focus_line(state: TriageState) -> str:
    """ "temple, neck (left side)": what the therapist should focus on, from triage."""
    if not state.zones:
        return ""
    zones = ", ".join(zone.replace("_", " ") for zone in state.zones)
    side = {"left": " (left side)", "right": " (right side)", "both": " (both sides)"}
    return zones + side.get(state.side or "", "")


def build_request(
    conversation_id: str,
    answers: Answers,
    state: TriageState,
    sources: tuple[str, ...],
    business: Business,
) -> BookingRequest | None:
    """The request the person confirmed, or None if an answer is missing or no longer valid."""
    start = read_start(answers.when, business)
    if start is None or not answers.complete:
        return None
    assert answers.postcode and answers.minutes and answers.name and answers.contact
    try:
        contact = parse_contact(answers.contact)
    except ContactError:
        return None
    return BookingRequest.new(
        conversation_id=conversation_id,
        starts_at=start,
        postcode=answers.postcode,
        session_minutes=int(answers.minutes),
        name=answers.name,
        contact=contact.value,
        contact_kind=contact.kind,
        notes=answers.notes or "",
        triage=triage_summary(state, sources),
    )


def triage_summary(state: TriageState, sources: tuple[str, ...]) -> TriageSummary:
    """What triage found, for the therapist, with the health conditions that change the work."""
    return TriageSummary(state.zones, state.side, state.triggers, sources, state.precautions)


def confirmation(request: BookingRequest, url: str) -> Reply:
    """The reply once the request is stored: its reference and the booking page."""
    reference = request.reference
    how = "e-mail" if request.contact_kind == EMAIL else "text"
    text = (
        f"Thank you, {request.name}. Your booking request is in: reference {reference}, "
        f"{format_when(request.starts_at, today=request.created_at.date())}, "
        f"{request.session_minutes} minutes at "
        f"{request.postcode}. We'll {how} you to confirm. You can also see it on our "
        "booking page."
    )
    custom = {"booking": {"reference": reference, "url": url, "triage": request.triage.as_dict()}}
    return Reply(text, (Button.link("Open your booking", url),), custom)


def cleared() -> dict[str, None]:
    """Every booking slot emptied (a new booking, or a cancelled one)."""
    return {name: None for name in (*FIELDS, REFERENCE, NOTED)}


def _when_checked(result: WhenResult, now: datetime | None) -> Checked:
    if result.ok:
        assert result.starts_at is not None
        value = result.starts_at.strftime(SLOT_FORMAT)
        return Checked({WHEN: value}, Reply(result.assumption) if result.assumption else None)
    if result.problem is WhenProblem.NEEDS_TIME and result.day is not None:
        return Checked(
            {WHEN: None},
            Reply(result.message),
            day=result.day,
            daypart=result.daypart,
            problem=result.problem,
        )
    today = result.alternatives[0].date() if result.alternatives else None
    if now is not None:
        today = now.date()
    buttons = tuple(
        Button(format_when(option, today=today), option.strftime(SLOT_FORMAT))
        for option in result.alternatives
    )
    refused = result.understood
    day = refused.date() if refused is not None and result.problem is not WhenProblem.PAST else None
    part = None
    if day is not None and refused is not None:
        if refused.time() == time(0, 0):
            day -= timedelta(days=1)  # "midnight on Saturday" ends Saturday: "11pm then" too
        part = "evening" if refused.hour >= 18 or refused.hour == 0 else None
    return Checked(
        {WHEN: None},
        Reply(result.message, buttons),
        refused_day=day,
        refused_daypart=part,
        problem=result.problem,
    )


def _as_minutes(value: str | None) -> int | None:
    try:
        return int(value) if value else None
    except ValueError:
        return None


def contact_display(value: str | None) -> str:
    """A stored contact as a person reads it ("07700 900123")."""
    return _contact_display(value)


def when_words(value: str, context: Any) -> str:
    """A start time as its slot keeps it, in words ("Saturday 5 December at 10:00")."""
    start = read_start(value, context.business)
    if start is None:
        return value
    return format_when(start, today=_now(context.now, context.business).date())


def change_buttons() -> tuple[Button, ...]:
    """One Change button per answer."""
    return tuple(Button(f"Change {LABELS[name]}", edit_payload(name)) for name in FIELDS)


def confirm_buttons() -> tuple[Button, ...]:
    """Confirm, then one Change button per answer."""
    return (Button("Confirm", intent_payload(CONFIRM_INTENT)), *change_buttons())


def _contact_display(value: str | None) -> str:
    if not value:
        return "not given"
    try:
        return parse_contact(value).display
    except ContactError:
        return value


def _now(now: datetime | None, business: Business) -> datetime:
    return local_now(now if now is not None else business.now(), ZoneInfo(business.timezone))


def start_reply(state: TriageState) -> Reply:
    """What to say as the booking form starts: the focus areas are passed on, not asked."""
    focus = focus_line(state)
    if focus:
        return Reply(
            f"Lovely, let's get a visit booked. I'll pass on what you've told me ({focus}) "
            "so your therapist knows where to focus."
        )
    return Reply("Lovely, let's get a visit booked. I just need a few details.")


# --- asking the questions ---------------------------------------------------------------


@dataclass(frozen=True)
class Pending:
    """What the last answer needs said before the next question; `asks` names the slot whose
    question the text already asks (then the question is not asked a second time)."""

    reply: Reply
    asks: str | None


def read_pending(value: str | None) -> Pending | None:
    """The `booking_pending` slot's JSON, or None (also for anything unreadable)."""
    if not value:
        return None
    try:
        data = json.loads(value)
        buttons = tuple(
            Button(str(button["title"]), str(button["payload"]))
            for button in data.get("buttons") or ()
        )
        return Pending(Reply(str(data["text"]), buttons), data.get("asks"))
    except (ValueError, KeyError, TypeError, AttributeError):
        return None


def joined(first: Reply | None, then: Reply) -> Reply:
    """Two replies said as one message: both texts, the buttons of the second."""
    if first is None or not first.text:
        return then
    return Reply(f"{first.text}\n{then.text}", then.buttons or first.buttons, then.custom)


def asking(slot: str) -> dict[str, str]:
    """The marker on a booking question (`custom.form`), for the widget and evaluations."""
    return {"asking": ASKING.get(slot, slot)}


def ask_hour(day: date, daypart: str | None, business: Business) -> Reply:
    """The question for the hour on a day already chosen."""
    words = format_day(day, today=_now(None, business).date())
    part = f" ({daypart})" if daypart else ""
    return Reply(f"What time on {words}{part} would suit you? We visit {hours(business)}.")


def kept_words(draft: Any, business: Business) -> str:
    """ "Saturday 5 December at 10:00, SW4 7AA, 60 minutes": a draft's answers, briefly."""
    parts: list[str] = []
    start = read_start(draft.when, business)
    if start is not None:
        parts.append(format_when(start, today=_now(None, business).date()))
    parts += [value for value in (draft.postcode, draft.name) if value]
    if draft.minutes:
        parts.append(f"{draft.minutes} minutes")
    return ", ".join(parts) or "nothing yet"
