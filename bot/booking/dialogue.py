"""One turn of the booking form: what a typed answer means, whichever question it answers.

`take_answer(...)` reads a message against the question just asked (`asking`, a slot name)
and the draft so far, and returns an `Outcome`: the slots to change, what to say before the
next question, and whether the form stops. It understands

- the answer to the question asked, with any other detail given alongside ("tomorrow 5pm,
  90 mins in SW4 7AA");
- a correction of an earlier answer at any step ("actually make it Sunday", "evening,
  sorry", "wrong postcode, it's ...", "change the time to 7.30pm"), which is applied and
  said back before the question is asked again;
- a day without an hour kept for the next answer ("next Tuesday after work", then "about
  6.30"), in the `booking_day` slot;
- at the summary: a typed yes in its common forms ("yep", "looks good", "so is it booked?"),
  a no ("what would you like to change?"), or a change;
- a pause or a change of mind ("let me think about it", "never mind"): the form stops and
  the draft is kept.

An answer that gives nothing the form needs gets a reply saying what was wrong, and the
question is asked again in other words. Nothing here knows about Rasa.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta
from typing import Any

from rapidfuzz.distance import OSA

from bot.booking import fields as f
from bot.booking import form
from bot.booking import when as when_module
from bot.booking.availability import AlwaysFree, Availability
from bot.booking.signals import ADD_NOTE, PAUSE_FIRST, Signals, clean_name, read_signals
from bot.booking.when import DAYPART_WINDOWS, WhenProblem
from bot.nlu.asking import is_question
from bot.settings import Business
from bot.triage.reply import Button, Reply

PAUSED = "paused"
STOPPED = "stopped"
SPAN_MARK = "~"  # the `booking_day` slot holds "~next week": days named without a day
YES_INTENTS = frozenset({"affirm", form.CONFIRM_INTENT})
NO_INTENTS = frozenset({"deny"})
STOP_INTENTS = frozenset({"cancel"})
# Words that are never a name, whatever else they look like.
_NOT_NAMES = frozenset(
    [
        "yes",
        "yeah",
        "yep",
        "no",
        "nope",
        "nah",
        "ok",
        "okay",
        "sure",
        "thanks",
        "thank",
        "you",
        "hi",
        "hello",
        "hey",
        "hiya",
        "please",
        "sorry",
        "what",
        "why",
        "how",
        "when",
        "where",
        "who",
        "pardon",
        "huh",
        "eh",
        "idk",
        "dunno",
        "skip",
        "none",
        "nothing",
        "anything",
    ]
)
_NAME_MAX_WORDS = 5
# "Morning! Can I book..." opens with a greeting, not a time.
_GREETING = re.compile(
    r"^\W*(?:good\s+)?(?:morning|afternoon|evening)\b(?:\s+(?:all|there|folks))?[\s!,.]+(?=\S)",
    re.IGNORECASE,
)
_LONE_HOUR = re.compile(
    r"^\W*(?:(?:ok(?:ay)?|fine|alright|yes|yeah|go on|then|at|about|around|say|maybe|erm|um)"
    r"\W+)*(?:[01]?\d|2[0-3])(?:[:.][0-5]\d)?\s*(?:am|pm|o'?clock)?"
    r"(?:\W+(?:then|please|pls|is fine|works|would be good|thanks|ta|is good|ish))*\W*$",
    re.IGNORECASE,
)
# Questions the rest of the assistant answers mid-form (data/rules/booking.yml): the form
# steps aside for them, unless the message is really an answer or a correction.
QUESTION_INTENTS = frozenset(
    {
        "bot_challenge",
        "ask_opening_hours",
        "ask_service_area",
        "ask_price",
        "ask_session_length",
        "ask_cancellation_policy",
        "ask_payment",
        "ask_callout_fee",
        "ask_vouchers",
        "ask_therapist_preference",
        "ask_what_to_expect",
        "ask_qualifications",
        "ask_pregnancy_massage",
        "ask_human",
        "care_what_is_a_trigger_point",
        "care_why_pain_is_elsewhere",
        "care_heat_or_cold",
        "care_how_long_to_press",
        "care_stretch_before_or_after",
        "care_why_they_return",
        "care_soreness_after",
        "care_how_often_to_book",
        "care_is_stretching_enough",
        "care_when_to_see_a_professional",
    }
)


@dataclass(frozen=True)
class Draft:
    """The booking form's answers so far, as its slots hold them (None where not given)."""

    when: str | None = None
    postcode: str | None = None
    minutes: str | None = None
    name: str | None = None
    contact: str | None = None
    notes: str | None = None
    day: str | None = None  # "2026-12-08" or "2026-12-08|after work": a day waiting for an hour
    confirmed: str | None = None
    noted: str | None = None  # notes said in passing, before the notes question

    @classmethod
    def from_slots(cls, slots: Mapping[str, Any]) -> Draft:
        def text(name: str) -> str | None:
            value = slots.get(name)
            return None if value is None else str(value)

        return cls(
            text(f.WHEN),
            text(f.PLACE),
            text(f.MINUTES),
            text(f.NAME),
            text(f.CONTACT),
            text(f.NOTES),
            text(f.DAY),
            text(f.CONFIRMED),
            text(f.NOTED),
        )

    def value(self, slot: str) -> str | None:
        return {
            f.WHEN: self.when,
            f.PLACE: self.postcode,
            f.MINUTES: self.minutes,
            f.NAME: self.name,
            f.CONTACT: self.contact,
            f.NOTES: self.notes,
            f.CONFIRMED: self.confirmed,
        }.get(slot)

    def with_slots(self, slots: Mapping[str, Any]) -> Draft:
        merged = {name: self.value(name) for name in f.REQUIRED}
        merged[f.DAY] = self.day
        merged[f.NOTED] = self.noted
        merged.update(slots)
        return Draft.from_slots(merged)

    @property
    def given(self) -> tuple[str, ...]:
        """The fields answered so far."""
        return tuple(name for name in f.FIELDS if self.value(name) is not None)

    def next_question(self) -> str | None:
        """The slot the form asks next (the order of domain.yml), None when complete."""
        return next((name for name in f.REQUIRED if self.value(name) is None), None)

    def carried_span(self) -> str | None:
        """ "next week", when that was said without a day."""
        if self.day and self.day.startswith(SPAN_MARK):
            return self.day[len(SPAN_MARK) :]
        return None

    def carried_day(self) -> tuple[date | None, str | None]:
        if not self.day or self.day.startswith(SPAN_MARK):
            return None, None
        day, _, part = self.day.partition("|")
        try:
            return date.fromisoformat(day), part or None
        except ValueError:
            return None, None


@dataclass(frozen=True)
class Outcome:
    """What one answer changes: slots, what to say first, and whether the form stops."""

    slots: dict[str, Any] = field(default_factory=dict)
    said: Reply | None = None
    asks: str | None = None  # the slot whose question `said` already asks (no second prompt)
    stop: str | None = None  # PAUSED or STOPPED: the form ends, the draft is kept

    def pending(self) -> str | None:
        """What the next question should say first, as the `booking_pending` slot keeps it."""
        if self.said is None:
            return None
        return json.dumps(
            {
                "text": self.said.text,
                "buttons": [button.as_dict() for button in self.said.buttons],
                "asks": self.asks,
            }
        )


@dataclass(frozen=True)
class Context:
    """What checking an answer needs besides the words: the business, the clock, diary."""

    business: Business
    now: datetime | None = None
    availability: Availability = field(default_factory=AlwaysFree)
    covers: Any = None  # a function postcode -> bool (the areas the therapists travel to)
    place_in: Any = None  # a function text -> Place | None ("Hackney" instead of a postcode)


def take_answer(
    text: str,
    *,
    asking: str | None,
    draft: Draft,
    context: Context,
    intent: str | None = None,
    entities: Sequence[Mapping[str, Any]] = (),
) -> Outcome:
    """What `text`, said when the form asked `asking`, does to the booking `draft`."""
    signals = read_signals(text)
    edit = _edited_field(intent, entities)
    if edit is not None and not signals.gives_a_value:  # "change the time", a Change button
        return _change(edit, draft, context)
    if asking == f.CONFIRMED:
        return _at_summary(signals, intent, draft, context)
    if _stops(signals, intent, asking):
        return _stop(signals)
    if asking is None:
        return Outcome()
    answer = _read_field(asking, signals, draft, context)
    if answer.ok:
        others = _other_fields(signals, asking, draft, context, correcting=signals.correction)
        return _combine(answer, others, draft)
    others = _other_fields(signals, asking, draft, context, correcting=True)
    if others.slots or others.reply:
        return _combine(Checked({}), others, draft, still_asking=asking)
    return _refused(asking, answer, signals, draft, context)


def steps_aside(text: str, intent: str | None, asking: str | None = None) -> bool:
    """Whether the form should let the rest of the assistant answer this message: a question
    the intent model recognises ("how much is a 90 minute one?"), not an answer in disguise
    ("2 hours", "can we do 90 mins instead?")."""
    if intent not in QUESTION_INTENTS:
        return False
    signals = read_signals(text)
    if signals.correction and signals.gives_a_value:
        return False
    if signals.note and ADD_NOTE.search(text) and not is_question(text):
        return False  # "please add that I'm pregnant, 24 weeks" is for the notes
    if asking in (f.NOTES, f.NAME):  # free text: a statement is the answer ("20 weeks pregnant")
        return is_question(text) or "?" in text  # "what oils do you use? I've eczema": asked
    if _offers_the_answer(signals, asking):
        return False  # "would 10 in the morning be possible?" asked of the time
    return is_question(text) or not signals.gives_a_value


# A question that puts forward a value: "would 10 in the morning be possible?", "is 90 ok?"
_PUTS_FORWARD = re.compile(
    r"\b(?:possible|ok|okay|alright|all right|work|works|suit|suits|fine|available|free|"
    r"doable|do-able|be good|any good|an option)\b|^\W*(?:how about|what about|any chance of)\b",
    re.IGNORECASE,
)


def _offers_the_answer(signals: Signals, asking: str | None) -> bool:
    """Whether a question offers a value for the field asked, as an answer does."""
    if not _PUTS_FORWARD.search(signals.text):
        return False
    if asking == f.WHEN:
        return when_module.names_a_day_or_time(signals.when_text or "")
    if asking == f.MINUTES:
        return bool(signals.minutes_text)
    return False


_READY = re.compile(
    r"\b(?:yes|yeah|yep|ok|okay|right|sure|ready|got it|found it|here it is|i'?m back|back now|"
    r"sorted|done|let'?s (?:do|go|carry|continue|crack)|go on|go ahead|carry on|all good|"
    r"i'?m free|that works|fine|all clear|good to go|we'?re good|it'?s free|checked|"
    r"(?:she|he|they|we)(?:'s| is|'re| are) (?:fine|ok|okay|happy|good))\b",
    re.IGNORECASE,
)


def goes_on_after_a_pause(text: str) -> bool:
    """Whether a message said right after a pause reads as "ready, go on" ("got it, sorry
    about that", "yes I'm free, let's do it") or gives a detail; never a stop, a no or a long
    message (more than 12 words)."""
    signals = read_signals(text)
    if signals.stops or signals.no or len(text.split()) > 12:
        return False
    return bool(_READY.search(text)) or signals.gives_a_value


def answer_in(text: str, asking: str, draft: Draft, context: Context) -> str | None:
    """The value a question-bearing message gives for the field asked, if it gives one
    plainly ("SW4 7AA, is parking ok there?" -> "SW4 7AA"); None otherwise. Never for the
    notes: what is said around a question there is context for it, and the notes question
    comes again once it is answered, for the note as the person means it."""
    if asking == f.NOTES:
        return None
    statement = " ".join(part for part in re.split(r"(?<=[.!?,])\s+", text) if "?" not in part)
    if not statement.strip():
        return None
    if asking == f.NAME:  # only a name said as one ("I'm Jo"), never the words around a question
        name = read_signals(statement, opening=True).name
        return form.check_name(name).slots.get(f.NAME) if name else None
    try:
        answer = _read_field(asking, read_signals(statement), draft, context)
    except Exception:  # a question's side answer is a bonus, never a failure
        return None
    value = answer.slots.get(asking) if answer.ok else None
    return str(value) if value else None


def read_start_of_booking(text: str, draft: Draft, context: Context) -> Outcome:
    """The details a request to book already gives ("90 mins tomorrow at 5pm in SW4")."""
    signals = read_signals(_GREETING.sub("", text), opening=True)
    return _combine(
        Checked({}), _other_fields(signals, None, draft, context, correcting=True), draft
    )


# --- the answer to the question asked -------------------------------------------------


@dataclass(frozen=True)
class Checked:
    """Slots one field's answer sets, what to say about it, and whether it was understood."""

    slots: dict[str, Any]
    reply: Reply | None = None
    ok: bool = True
    asks: str | None = None
    unclear: bool = False  # a time was looked for and none was found


def _read_field(asking: str, signals: Signals, draft: Draft, context: Context) -> Checked:
    text = signals.text
    if asking == f.WHEN:
        if signals.when_text is None and not (draft.day and _LONE_HOUR.match(text)):
            if signals.minutes_text or signals.postcode or signals.contact:
                return Checked({}, ok=False)
            checked = _read_when(text, draft, context)  # a button's "2026-12-05 10:00"
            return checked if checked.slots.get(f.WHEN) else Checked({}, ok=False)
        return _read_when(signals.when_text or text, draft, context)
    if asking == f.PLACE:
        return _read_postcode(signals.postcode or text, context)
    if asking == f.MINUTES:
        said = signals.minutes_text or text
        return _from_form(
            form.check_minutes(said, context.business, when=draft.when, now=context.now)
        )
    if asking == f.NAME:
        return _read_name_and_note(signals, draft)
    if asking == f.CONTACT:
        return _from_form(form.check_contact(signals.contact or text))
    if asking == f.NOTES:
        if _changes_something(signals):
            return Checked({}, ok=False)
        checked = _from_form(form.check_notes(text))
        if draft.noted and checked.ok:  # "no, that's all" keeps what was noted in passing
            added = checked.slots.get(f.NOTES)
            notes = form.check_notes("; ".join(p for p in (draft.noted, added) if p))
            return _from_form(notes) if notes.ok else checked
        return checked
    return Checked({}, ok=False)


def _read_when(
    text: str, draft: Draft, context: Context, near: date | datetime | None = None
) -> Checked:
    if " | " in text:  # "21st December at 2pm... no sorry, 3pm": the day before, the time after
        before, text = text.rsplit(" | ", 1)
        first = _read_when(before, draft, context)
        start = form.read_start(first.slots.get(f.WHEN), context.business)
        kept = start.date().isoformat() if start else first.slots.get(f.DAY)
        if kept:
            draft = replace(draft, day=str(kept))
    span = draft.carried_span()
    if span:
        text = when_module.within_span(text, span)
    day, part = draft.carried_day()
    checked = form.check_when(
        text,
        context.business,
        now=context.now,
        minutes=draft.minutes,
        day=day,
        daypart=part,
        availability=context.availability,
        near=near,
    )
    if checked.ok:
        return Checked({**checked.slots, f.DAY: None}, checked.reply)
    if checked.day is not None:  # a day without its hour: keep the day, ask the hour
        kept = checked.day.isoformat() + (f"|{checked.daypart}" if checked.daypart else "")
        return Checked({f.WHEN: None, f.DAY: kept}, checked.reply, ok=True, asks=f.WHEN)
    if checked.problem is WhenProblem.NEEDS_DAY and when_module.span_of(text):
        # "next week": kept, so that "Thursday" then is Thursday next week
        return Checked(
            {f.WHEN: None, f.DAY: SPAN_MARK + str(when_module.span_of(text))},
            checked.reply,
            ok=True,
            asks=f.WHEN,
        )
    refused = checked.refused_day.isoformat() if checked.refused_day else None
    if refused and checked.refused_daypart:
        refused += f"|{checked.refused_daypart}"
    unclear = checked.problem is WhenProblem.UNCLEAR
    return Checked(
        {f.WHEN: None, f.DAY: refused}, checked.reply, ok=True, asks=f.WHEN, unclear=unclear
    )


def _read_postcode(text: str, context: Context) -> Checked:
    checked = _from_form(form.check_postcode(text))
    postcode = checked.slots.get(f.PLACE)
    if postcode and context.covers is not None and not context.covers(postcode):
        return Checked(
            {f.PLACE: None},
            Reply(
                f"I'm sorry, {postcode} is outside the areas our therapists travel to. "
                "Is there another postcode we could visit, in London?"
            ),
            ok=True,
            asks=f.PLACE,
        )
    place = context.place_in(text) if not postcode and context.place_in is not None else None
    if place is not None:  # "Hackney", "I'm in Chiswick": a place, not yet a postcode
        said = (
            f"We do come to {place.name}. What's the full postcode there, so the therapist "
            "can find you?"
            if place.covered
            else f"Part of {place.name} is in our area. What's the full postcode? I'll check it."
            if place.partly
            else f"I'm sorry, {place.name} is outside the areas our therapists travel to. Is "
            "there a postcode in London we could visit?"
        )
        return Checked({f.PLACE: None}, Reply(said), ok=True, asks=f.PLACE)
    return checked


# Where a name ends and something else begins: "Callum Reid – I run a lot", "Ravi Menon. I'm
# on blood thinners btw", "Grace Okafor, and I've got asthma", "Ryan Cho (left-handed)".
_AFTER_THE_NAME = re.compile(r"\s*(?:[,;(]|\.\s|\s[–—-]\s|[–—])\s*")
_COURTESY = re.compile(
    r"^\W*(?:and\s+)?(?:thanks?|thank you|thankyou|ta|cheers|please|pls|x+|lol|haha|mate|hun|"
    r"love|btw|fyi|that'?s me|that'?s all|thanks so much|thank you so much|many thanks)\W*$",
    re.IGNORECASE,
)


def _read_name_and_note(signals: Signals, draft: Draft) -> Checked:
    """The name, and what is said after it for the therapist ("Dani Silva, I'm type 1
    diabetic fyi") as a note, when the notes are still to come."""
    checked = _read_name(signals)
    if (
        signals.gives_a_value
        or signals.question
        or _CHANGE_FIRST.match(signals.text)
        or not _AFTER_THE_NAME.search(signals.text)
    ):
        return checked
    first, *rest = _AFTER_THE_NAME.split(signals.text.strip(), maxsplit=1)
    after = " ".join(rest).strip(" )")
    after = re.sub(r"^(?:and|also|plus|oh and|but)\b[\s,]*", "", after, flags=re.IGNORECASE)
    if not first or not after:
        return checked
    named = _read_name(read_signals(first))
    if not named.ok or not named.slots.get(f.NAME) or len(after.split()) < 2:
        return checked  # "J. Smith" is one name
    if _COURTESY.match(after) or "?" in after or draft.notes is not None:
        return named
    notes = form.check_notes(after)
    if not notes.ok or not notes.slots.get(f.NOTES):
        return named
    return Checked(
        {**named.slots, f.NOTED: notes.slots[f.NOTES]},
        Reply(f"I've added to the notes for the therapist: {after}."),
    )


def _read_name(signals: Signals) -> Checked:
    if signals.name:
        return _from_form(form.check_name(signals.name))
    text = signals.text
    if signals.question or "?" in text:  # "Walter Dunn. Will the therapist be DBS checked?"
        first = re.split(r"(?<=[.!?])\s+", text)[0]
        if "?" not in first:
            signals = read_signals(first)
            text = signals.text
    text = re.split(r",?\s+\b(?:and|but)\s+(?:my|the|it'?s|i'?m|her|his)\b", text)[0]
    details = [part for part in (signals.contact, signals.postcode, signals.minutes_text) if part]
    if details and re.search(r"[,;]", text):  # "Kwame Mensah, and you can email me on k@..."
        text = next(
            (
                part
                for part in re.split(r"\s*[,;]\s*", text)
                if part.strip() and not any(detail in part for detail in details)
            ),
            "",
        )
    for part in details:
        text = text.replace(part, " ")
    text = clean_name(" ".join(text.split()))
    words = text.lower().strip(".!?").replace(",", " ").split()
    if (
        not words
        or signals.question
        or signals.yes
        or signals.no
        or (signals.when_text and _reads_as_time(signals.when_text))
        or len(words) > _NAME_MAX_WORDS
        or all(word in _NOT_NAMES for word in words)
        or any(word in _NEVER_IN_A_NAME for word in words if not _FIRST_NAME_TOO.match(text))
        or (signals.correction and (signals.contact or signals.minutes_text or signals.postcode))
    ):
        return Checked({}, ok=False)
    return _from_form(form.check_name(text))


# "Will Turner": a sentence word that is a first name too, written as a name with a surname
_FIRST_NAME_TOO = re.compile(
    r"^(?:Will|Bill|Art|Mark|Grace|Hope|Joy)\s+(?:Mc|Mac|O')?[A-Z][a-z'\-]+\W*$"
)

# Words of a sentence, never of a name: "I'm allergic to nuts" is no name.
_NEVER_IN_A_NAME = frozenset(
    [
        "to",
        "of",
        "with",
        "is",
        "are",
        "am",
        "was",
        "were",
        "be",
        "been",
        "have",
        "has",
        "had",
        "got",
        "get",
        "not",
        "don't",
        "dont",
        "do",
        "does",
        "did",
        "my",
        "your",
        "our",
        "their",
        "the",
        "an",
        "in",
        "on",
        "at",
        "for",
        "but",
        "so",
        "it",
        "it's",
        "its",
        "this",
        "that",
        "these",
        "those",
        "me",
        "you",
        "we",
        "they",
        "i",
        "i'm",
        "im",
        "i've",
        "ive",
        "will",
        "would",
        "can",
        "could",
        "should",
        "there",
        "here",
        "very",
        "really",
        "just",
        "about",
        "allergic",
        "pregnant",
        "sore",
        "pain",
        "hurts",
        "hurt",
        "bad",
        "back",
        "neck",
        "knee",
        "shoulder",
        "lower",
        "upper",
        "please",
    ]
)


_CHANGE_FIRST = re.compile(
    r"^\W*(?:actually|sorry|oops|wait|no|oh|hang on|hold on|can we|could we|change|make it|"
    r"instead|i meant|scratch that|also can|also could)\b|\b(?:instead|change (?:it|the|my)|"
    r"make it|move it)\b",
    re.IGNORECASE,
)


def _changes_something(signals: Signals) -> bool:
    """A message at the notes question that corrects an earlier answer ("actually can we do
    90 mins?"), not a note that mentions a number ("3rd floor, no lift, sorry!")."""
    if not signals.gives_a_value or signals.name:
        return False
    only_a_past = (
        signals.when_text
        and not any((signals.postcode, signals.contact, signals.minutes_text))
        and not when_module.names_a_day_or_time(signals.when_text)
    )
    if only_a_past:  # "actually please avoid my ankle, I sprained it last week": a note
        return False
    return bool(_CHANGE_FIRST.search(signals.text))


def _reads_as_time(text: str) -> bool:
    """Whether words that look like a time are one ("at 7", "Friday") and not a name that
    holds such a word ("Min-jun", "June Carter")."""
    if all(word[:1].isupper() for word in text.split() if word[:1].isalpha()):
        return bool(re.search(r"\d", text))  # "June Carter" is a name; "Jun 5" is a date
    return True


def _from_form(checked: form.Checked) -> Checked:
    return Checked(checked.slots, checked.reply, ok=checked.ok)


# --- other details given with an answer, and corrections -------------------------------


def _other_fields(
    signals: Signals, asking: str | None, draft: Draft, context: Context, *, correcting: bool
) -> Checked:
    """Details for fields other than `asking` in the same message. A detail for a field
    already answered changes it only when the message reads as a correction."""
    slots: dict[str, Any] = {}
    said: list[str] = []
    asks: str | None = None
    buttons: tuple[Button, ...] = ()

    def may_set(slot: str) -> bool:
        return slot != asking and (draft.value(slot) is None or correcting)

    def note_change(slot: str, words: str) -> None:
        if draft.value(slot) not in (None, slots.get(slot)):
            said.append(f"I've changed the {f.LABELS[slot]} to {words}.")

    if signals.minutes_text and may_set(f.MINUTES):
        checked = form.check_minutes(signals.minutes_text, context.business, now=context.now)
        if checked.ok:
            slots[f.MINUTES] = checked.slots[f.MINUTES]
            note_change(f.MINUTES, f"{slots[f.MINUTES]} minutes")
    if signals.postcode and may_set(f.PLACE):
        checked_place = _read_postcode(signals.postcode, context)
        if checked_place.slots.get(f.PLACE):
            slots[f.PLACE] = checked_place.slots[f.PLACE]
            note_change(f.PLACE, slots[f.PLACE])
        elif checked_place.reply is not None and asking is None:
            said.append(checked_place.reply.text)
    if signals.contact and may_set(f.CONTACT):
        checked = form.check_contact(signals.contact)
        if checked.ok:
            slots[f.CONTACT] = checked.slots[f.CONTACT]
            note_change(f.CONTACT, form.contact_display(slots[f.CONTACT]))
    if signals.name and may_set(f.NAME):
        checked = form.check_name(_put_right(signals.name, draft.name, signals.text))
        if checked.ok:
            slots[f.NAME] = checked.slots[f.NAME]
            note_change(f.NAME, slots[f.NAME])
    if signals.note and asking not in (f.NOTES, f.CONFIRMED):
        slot, so_far = (f.NOTES, draft.notes) if draft.notes is not None else (f.NOTED, draft.noted)
        if not so_far or signals.note.casefold() not in so_far.casefold():
            checked = form.check_notes("; ".join(p for p in (so_far, signals.note) if p))
            if checked.ok:
                slots[slot] = checked.slots[f.NOTES]
                said.append(f"I've added to the notes for the therapist: {signals.note}.")
    if signals.no_notes and not signals.note and draft.notes is None and asking != f.NOTES:
        slots[f.NOTES] = ""
    if signals.when_text and may_set(f.WHEN):
        minutes = slots.get(f.MINUTES, draft.minutes)
        drafted = form.read_start(draft.when, context.business)
        when = _read_when(
            signals.when_text,
            _carrying_its_day(draft.with_slots({f.MINUTES: minutes})),
            context,
            near=drafted if drafted and correcting else None,
        )
        refused_clock = when.reply is not None and when_module.names_a_clock_time(signals.when_text)
        # "say something comes up that morning, what then?": a question, not a new time
        asked_only = (
            is_question(signals.text)
            and not signals.correction
            and not _ASKS_FOR_ANOTHER.search(signals.text)
        )
        if not when.slots.get(f.WHEN) and draft.when and not refused_clock and not asked_only:
            kept = _other_half_of_day(draft.when, when, context) or _same_time_on(
                draft.when, when, context, minutes
            )
            if kept is not None:
                when = kept
        if when.ok and when.slots.get(f.WHEN):
            slots.update(when.slots)
            if when.slots[f.WHEN] != draft.when:
                note_change(f.WHEN, form.when_words(when.slots[f.WHEN], context))
            if when.reply is not None:
                said.append(when.reply.text)
        elif (when.ok or when.asks) and not when.unclear and not (asked_only and draft.when):
            # a day waiting for its hour, or a time refused: ask about the time next
            slots.update(when.slots)
            if when.reply is not None:
                said.append(when.reply.text)
                buttons = when.reply.buttons
                asks = f.WHEN
    elif draft.when is not None and f.MINUTES in slots and asking != f.WHEN:
        refit = form.check_minutes(
            f"{slots[f.MINUTES]} minutes", context.business, when=draft.when, now=context.now
        )
        if not refit.ok or refit.slots.get(f.WHEN, draft.when) is None:
            slots.update(refit.slots)
            if refit.reply is not None:
                said.append(refit.reply.text)
                buttons = refit.reply.buttons
                asks = f.WHEN
    reply = Reply(" ".join(said), buttons) if said else None
    return Checked(slots, reply, ok=bool(slots), asks=asks)


_SURNAME = re.compile(r"\b(?:surname|last name|second name|family name)\b", re.IGNORECASE)
_FIRST_NAME = re.compile(r"\b(?:first name|forename|given name)\b", re.IGNORECASE)


def _put_right(said: str, kept: str | None, text: str) -> str:
    """One word said to put a name right ("typo in my surname - it's Kowalczyk") replaces
    the word it corrects, not the whole name."""
    words = (kept or "").split()
    if len(words) < 2 or len(said.split()) != 1:
        return said
    if _SURNAME.search(text):
        return " ".join([*words[:-1], said])
    if _FIRST_NAME.search(text):
        return " ".join([said, *words[1:]])
    closest = min(range(len(words)), key=lambda i: OSA.distance(words[i].lower(), said.lower()))
    if OSA.distance(words[closest].lower(), said.lower()) <= 2:
        return " ".join(said if i == closest else word for i, word in enumerate(words))
    return said


# A question that asks for another time ("what about Sunday?", "could it be the evening?")
_ASKS_FOR_ANOTHER = re.compile(
    r"\b(?:what about|how about|could we|can we|could it|can it|would it|is it possible|"
    r"instead|rather|move|change|make it|switch|earlier|later|better|work|suit|ok|okay|"
    r"possible|free|available|do)\b",
    re.IGNORECASE,
)


def _carrying_its_day(draft: Draft) -> Draft:
    """For a correction ("make it 7.30pm"): the day of the time already given is carried."""
    if draft.day or not draft.when:
        return draft
    return replace(draft, day=draft.when.split()[0])


def _other_half_of_day(value: str, when: Checked, context: Context) -> Checked | None:
    """ "Evening, sorry" after 06:30: the same clock time in the other half of the day, when
    it falls in the part of the day named and is valid; None otherwise."""
    day, part = when.slots.get(f.DAY), None
    if not isinstance(day, str) or "|" not in day:
        return None
    day, part = day.split("|", 1)
    start = form.read_start(value, context.business)
    window = DAYPART_WINDOWS.get(part)
    if start is None or window is None or day != start.date().isoformat():
        return None
    if window[0] <= start.time() <= window[1]:  # already in that part of the day: kept
        words = form.when_words(value, context)
        return Checked({f.WHEN: value, f.DAY: None}, Reply(f"Yes, that's {words}."))
    twin = start + timedelta(hours=12 if start.hour < 12 else -12)
    if not window[0] <= twin.time() <= window[1] or twin.date() != start.date():
        return None
    checked = _read_when(twin.strftime(form.SLOT_FORMAT), Draft(), context)
    return checked if checked.slots.get(f.WHEN) else None


def _same_time_on(
    value: str, when: Checked, context: Context, minutes: str | None
) -> Checked | None:
    """ "Actually Sunday would be better" after Saturday 18:30: Sunday at 18:30, if valid."""
    day = when.slots.get(f.DAY)
    start = form.read_start(value, context.business)
    if not isinstance(day, str) or "|" in day or day.startswith(SPAN_MARK) or start is None:
        return None
    moved = f"{day} {start:%H:%M}"
    checked = _read_when(moved, Draft(minutes=minutes), context)
    return checked if checked.slots.get(f.WHEN) else None


def _combine(
    answer: Checked, others: Checked, draft: Draft, *, still_asking: str | None = None
) -> Outcome:
    slots = {**answer.slots, **others.slots}
    if still_asking is not None and still_asking not in slots:
        slots[still_asking] = None
    texts = [reply.text for reply in (others.reply, answer.reply) if reply is not None]
    buttons = next(
        (reply.buttons for reply in (answer.reply, others.reply) if reply and reply.buttons), ()
    )
    after = draft.with_slots(slots)
    if after.confirmed is not None and any(name in slots for name in f.FIELDS):
        slots[f.CONFIRMED] = None  # a change after the summary: the summary is shown again
        after = draft.with_slots(slots)
    asks = answer.asks or others.asks
    if asks is not None and asks != after.next_question():
        asks = None
    said = Reply(" ".join(texts), buttons if asks else ()) if texts else None
    return Outcome(slots, said, asks)


# --- refusals, summary, changes, stopping ---------------------------------------------


def _refused(
    asking: str, answer: Checked, signals: Signals, draft: Draft, context: Context
) -> Outcome:
    """Nothing the form needs: say what was wrong (the checker's words) and ask again."""
    slots: dict[str, Any] = {asking: None}
    if answer.reply is not None:
        return Outcome(slots, answer.reply, asks=answer.asks or asking)
    if asking == f.NAME:
        return Outcome(slots, Reply("Sorry, I didn't catch a name there."))
    if asking == f.WHEN:
        return Outcome(slots, Reply("Sorry, I couldn't find a day or a time in that."))
    if asking == f.NOTES:
        return Outcome(slots, Reply("Sorry, I didn't follow that."))
    return Outcome(slots, Reply("Sorry, I didn't follow that."))


def _at_summary(signals: Signals, intent: str | None, draft: Draft, context: Context) -> Outcome:
    if signals.note and not signals.name:
        notes = "; ".join(part for part in (draft.notes, signals.note) if part)
        checked = form.check_notes(notes)
        if checked.ok:
            return Outcome(
                {**checked.slots, f.CONFIRMED: None},
                Reply(f"I've added that to the notes: {signals.note}."),
            )
    others = _other_fields(signals, f.CONFIRMED, draft, context, correcting=True)
    named = signals.field_named
    changing = bool(named) and (signals.correction or signals.no or _asks_change(signals))
    if changing and named and named not in others.slots:
        # "wait, the postcode's wrong - I'm at my mum's that weekend": ask it again, and
        # read nothing else into the reason given
        return _change(named, draft, context)
    if others.slots or others.reply:
        return _combine(Checked({}), others, draft)
    if intent in YES_INTENTS or (signals.yes and not signals.no):
        return Outcome({f.CONFIRMED: "yes"})
    if _stops(signals, intent, f.CONFIRMED):
        return _stop(signals)
    if intent in NO_INTENTS or signals.no:
        return Outcome(
            {f.CONFIRMED: None},
            Reply("No problem. What would you like to change?", form.change_buttons()),
            asks=f.CONFIRMED,
        )
    return Outcome(
        {f.CONFIRMED: None},
        Reply(
            "Shall I send the booking request as it is? Say yes, or tell me what to change "
            '(for example "change the time to 7pm").',
            form.confirm_buttons(),
        ),
        asks=f.CONFIRMED,
    )


def _asks_change(signals: Signals) -> bool:
    return any(
        word in signals.text.lower() for word in ("change", "wrong", "different", "update", "fix")
    )


def _change(slot: str, draft: Draft, context: Context) -> Outcome:
    """Ask one answer again ("change the time"): it is forgotten, the rest kept. A new time
    alone ("7:30pm") keeps the day already chosen; a day in the answer replaces it."""
    slots: dict[str, Any] = {slot: None, f.CONFIRMED: None}
    said = f"Of course, let's change the {f.LABELS[slot]}."
    if slot == f.WHEN:
        start = form.read_start(draft.when, context.business)
        slots[f.DAY] = start.date().isoformat() if start else None
        if start is not None:
            now = form.when_words(draft.when or "", context)
            said = (
                f"Of course, let's change the time (now {now}). "
                "A time on its own keeps the same day."
            )
    return Outcome(slots, Reply(said))


def _stops(signals: Signals, intent: str | None, asking: str | None) -> bool:
    if signals.gives_a_value and not signals.stop:
        return False
    if asking == f.NOTES:  # notes are free text: only a short stop, or a pause said first
        short = len(signals.text.split()) <= 8 or bool(PAUSE_FIRST.search(signals.text))
        return (signals.stops or intent in STOP_INTENTS) and short
    return signals.stops or (intent in STOP_INTENTS and not signals.gives_a_value)


def _stop(signals: Signals) -> Outcome:
    if signals.pause and not signals.stop:
        return Outcome(
            {"requested_slot": None, f.STATUS: PAUSED},
            Reply(
                "No rush. Nothing is booked yet, and I've kept what you've told me: say "
                '"carry on with my booking" whenever you\'re ready.',
                (Button("Carry on with my booking", "/book_session"),),
            ),
            stop=PAUSED,
        )
    return Outcome(
        {"requested_slot": None, f.STATUS: STOPPED},
        Reply(
            "No problem, nothing has been booked. If you change your mind, just say "
            '"book" and I\'ll pick up where we left off.'
        ),
        stop=STOPPED,
    )


def _edited_field(intent: str | None, entities: Sequence[Mapping[str, Any]]) -> str | None:
    if intent != form.EDIT_INTENT:
        return None
    for entity in entities:
        value = entity.get("entity") == f.FIELD_ENTITY and entity.get("value")
        if value in f.FIELDS:
            return str(value)
    return None
