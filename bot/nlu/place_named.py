"""A message the intent model cannot place, or takes for small talk, that names where it
hurts is a pain described.

Runs after the FallbackClassifier. "my nek is killing me after a 10 hour shift" may get
too low a confidence for any intent, "wearing flip flops all summer and now my feet ache"
may be heard as out of scope; when the knowledge-base extractor found a place (not a
denied one) in it, the message is `describe_pain`, and an unplaced message that names
only what brought it on is `describe_cause`: what the dialogue does with them anyway
(`actions.safety.ActionFallbackAnswer`), now said by the NLU too. `describe_cause` is
only what brought it on: one that also names an asserted place ("helping my brother
move flat and now my lower back...") is a pain described, at the classifier's
confidence. A business question heard in a message that asks nothing and says where it
hurts ("I'm 26 weeks pregnant and my lower back aches by the evening") is a pain
described too. Red flags come later (`RedFlagPriority` runs last) and still win.
"""

from __future__ import annotations

import re
from typing import Any

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.shared.nlu.constants import ENTITIES, TEXT
from rasa.shared.nlu.training_data.message import Message

from bot.nlu.asking import mentions_pain, only_states
from bot.nlu.intent_rules import IntentRule, intent_of

FALLBACK_INTENT = "nlu_fallback"
# Intents a message naming where it hurts is not, whatever the classifier says: "hi, my
# neck hurts", "painting the ceiling and now my back aches" (heard as out of scope).
OVERRIDABLE = frozenset({FALLBACK_INTENT, "out_of_scope", "greet", "goodbye", "thank"})
PAIN_INTENT = "describe_pain"
CAUSE_INTENT = "describe_cause"
# The business questions (ask_price, ask_pregnancy_massage...): overridden only when the
# message asks nothing and says where it hurts.
QUESTION_PREFIX = "ask_"
BOOK_INTENT = "book_session"
# Any of these (a booking word, a day or time, a request) and a message may well ask for a
# visit: the classifier's booking stands.
_BOOKING_WORDS = re.compile(
    r"\b(?:book\w*|appointments?|appt|sessions?|massages?|visits?|therapists?|masseu\w+|slots?"
    r"|availab\w*|free|space|come (?:round|over|out|to)|pop (?:round|over)|tomorrow|tmrw"
    r"|today|tonight|mon(?:day)?|tues?(?:day)?|wed(?:nesday)?|thu(?:rs)?(?:day)?|fri(?:day)?"
    r"|sat(?:urday)?|sun(?:day)?|\d{1,2}(?::\d\d)?\s*(?:am|pm)|can|could|would|will"
    r"|please|pls|want|wanna|like|love|need|fancy|sort)\b",
    re.IGNORECASE,
)
# The confidence given to the intent the entities stand for.
CONFIDENCE = 0.5


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=False)
class PlaceNamedPriority(IntentRule):
    """Turns `nlu_fallback` or small talk into `describe_pain` (or an unplaced message into
    `describe_cause`) when the entities say so."""

    def intent_for(self, message: Message) -> tuple[str, float] | None:
        intent, confidence = intent_of(message)
        meant = meant_intent(message.get(ENTITIES, []))
        # The label changes, the classifier's confidence stays.
        kept = confidence or CONFIDENCE
        if intent is not None and intent.startswith(QUESTION_PREFIX):
            text = str(message.get(TEXT) or "")
            stated = only_states(text) and mentions_pain(text)
            return (PAIN_INTENT, kept) if stated and meant == PAIN_INTENT else None
        if intent == CAUSE_INTENT:
            # What brought it on and where it hurts, together, is a pain described.
            return (PAIN_INTENT, kept) if meant == PAIN_INTENT else None
        if intent == BOOK_INTENT:
            # A long story of a weekend's sport heard as a booking: with a place that hurts
            # and not one word of booking in it, it is a pain described.
            text = str(message.get(TEXT) or "")
            told = meant == PAIN_INTENT and "?" not in text and not _BOOKING_WORDS.search(text)
            return (PAIN_INTENT, kept) if told else None
        if intent not in OVERRIDABLE or meant is None:
            return None
        if meant == CAUSE_INTENT and intent != FALLBACK_INTENT:
            return None  # a trigger word alone in small talk ("bye, off for a run") says little
        return meant, CONFIDENCE


def meant_intent(entities: list[dict[str, Any]]) -> str | None:
    """`describe_pain` for an asserted place, `describe_cause` for a trigger alone, else None."""
    asserted = [e for e in entities if e.get("role") != "negated"]
    if any(e.get("entity") == "body_zone" for e in asserted):
        return PAIN_INTENT
    if any(e.get("entity") == "trigger" for e in asserted):
        return CAUSE_INTENT
    return None
