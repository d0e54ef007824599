"""A message that asks for a visit, or gives the details of one, is a request to book.

Runs after the classifiers and before the red-flag rule. "a two-hour session Monday the
21st at 16:30 in HA9 0WS" or "Could I get 90 minutes at TW1 3QS?" may be heard as a
question about the area covered, "hello, I want to book" as small talk; a message that
gives two booking details (a day or time, a length, a postcode, a name given as one), or
that asks for a booking and gives one, or says it wants to book, is `book_session`; so is
picking up a booking left for a moment ("I'm back, can we carry on?"). Left alone:
questions about the business that only mention a detail ("do you come to SW11 1AA on
Saturdays?", "how much is 90 minutes?"), a pain told with times and lengths in it ("sat
at my desk for 2 hours and my back hurts") unless it also asks to book, and anything
about an existing booking (cancel, move, change). A red flag still wins
(`RedFlagPriority` runs last).
"""

from __future__ import annotations

import re

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.message import Message

from bot.booking.signals import read_signals
from bot.nlu.asking import is_question
from bot.nlu.intent_rules import IntentRule, intent_of

BOOK_INTENT = "book_session"
LEFT_ALONE = frozenset({BOOK_INTENT, "red_flag_symptom", "cancel", "edit_booking"})
CONFIDENCE = 0.6
_ASKS_FOR_A_VISIT = re.compile(
    r"\b(?:book|booking|appointment|slot|come (?:round|over|to|and)|visit|pop round|"
    r"get (?:a|me|someone|somebody) (?:massage|session|therapist|booked)|"
    r"(?:a|one|two|the) (?:massage|session))\b",
    re.IGNORECASE,
)
# "can u just book me in", "is it ok to book?", "I want a massage", "massage pls"
_BOOK_VERB = re.compile(
    r"\bbook(?:ing)? (?:me|us|her|him|them|a|an|in|something|someone|somebody|one|it)\b|"
    r"\bto book\b|\bbook\?",
    re.IGNORECASE,
)
_WANTS_A_MASSAGE = re.compile(
    r"\b(?:want|like|love|need|fancy|wanna|get|sort)\b[\w\s,']{0,15}\bmassage\b|"
    r"\bmassage (?:pls|please|plz|asap|sorted|booked)\b",
    re.IGNORECASE,
)
_WANTS_TO_BOOK = re.compile(
    r"\b(?:want|like|love|need|wanna|looking|hoping|keen|trying|can i|could i|may i|"
    r"please)\b[\w\s,']{0,20}\b(?:book|booking|make a booking|get (?:a )?(?:massage|session) "
    r"booked|get booked)\b",
    re.IGNORECASE,
)
# "can we carry on?", "I'm back, let's finish": a booking left for a moment is picked up.
_RESUMES = re.compile(
    r"\b(?:carry on|continue|resume|pick (?:it |this )?up|pick up where|finish (?:it|this|off|"
    r"the booking|booking)|let'?s finish|crack on|where were we|back to (?:it|the booking))\b",
    re.IGNORECASE,
)
_ASKS_WHAT_IS_FREE = re.compile(
    r"\b(?:availability|available|any (?:slots?|space|spaces|times?|appointments?|openings?)|"
    r"anything free|any ?one free|free (?:on|this|next|tomorrow|today|at)|(?:are|is) (?:you|"
    r"there anyone|anyone|someone) free|got anything|have you got anything)\b",
    re.IGNORECASE,
)
_PAIN_WORDS = re.compile(r"\b(?:hurt\w*|pain\w*|ache\w*|aching|sore|stiff|injur\w*)\b", re.I)
_ABOUT_A_BOOKING = re.compile(
    r"\b(?:cancel\w*|move|moving|reschedul\w*|rebook\w*|postpone|change|my (?:booking|"
    r"appointment|visit)|the booking i|already booked|i booked)\b",
    re.IGNORECASE,
)
_BUSINESS_QUESTION = re.compile(
    r"\b(?:how much|price|prices|cost|costs|charge|fee|pay|payment|voucher|cover|areas?|"
    r"do you (?:come|go|visit|travel|do|open|work)|are you open|open on|opening)\b",
    re.IGNORECASE,
)


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=False)
class BookingRequestPriority(IntentRule):
    """Makes a request for a visit `book_session`, whatever the classifiers heard."""

    def intent_for(self, message: Message) -> tuple[str, float] | None:
        intent, confidence = intent_of(message)
        text = str(message.get(TEXT) or "")
        if intent not in (BOOK_INTENT, "red_flag_symptom") and resumes_a_booking(text):
            return BOOK_INTENT, max(confidence, CONFIDENCE)
        if intent in LEFT_ALONE:
            return None
        if not text or text.startswith("/") or _ABOUT_A_BOOKING.search(text):
            return None
        return (BOOK_INTENT, max(confidence, CONFIDENCE)) if requests_a_visit(text) else None


def _last_question(text: str) -> str | None:
    """The last sentence of `text` that asks something, if any."""
    sentences = [part for part in re.split(r"(?<=[.!?])\s+", text) if part.strip()]
    asking = [part for part in sentences if is_question(part)]
    return asking[-1] if asking else None


def resumes_a_booking(text: str) -> bool:
    """ "can we carry on with the booking after all?", "I'm back, let's finish": short, no pain."""
    return len(text.split()) <= 14 and bool(_RESUMES.search(text)) and not _PAIN_WORDS.search(text)


def requests_a_visit(text: str) -> bool:
    """Whether `text` asks for a visit or gives its details (see the module's docstring)."""
    if resumes_a_booking(text):
        return True
    signals = read_signals(text)
    if _ASKS_WHAT_IS_FREE.search(text) and signals.when_text:
        return True
    details = sum(
        bool(part)
        for part in (signals.when_text, signals.minutes_text, signals.postcode, signals.name)
    )
    asked = _last_question(text)
    if asked and _BUSINESS_QUESTION.search(asked):
        return bool(details >= 2 and signals.minutes_text and signals.when_text)
    if _BOOK_VERB.search(text) or _WANTS_TO_BOOK.search(text):
        return True
    if _PAIN_WORDS.search(text):  # "sat at my desk for 2 hours and my back hurts": a pain
        return False
    if (signals.minutes_text and not asked) or _WANTS_A_MASSAGE.search(text):
        return True
    return details >= 2 or (details >= 1 and bool(_ASKS_FOR_A_VISIT.search(text)))
