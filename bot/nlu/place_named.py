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
confidence. Red flags come later
(`RedFlagPriority` runs last) and still win.
"""

from __future__ import annotations

from typing import Any

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import ENTITIES, INTENT, TEXT
from rasa.shared.nlu.training_data.message import Message

from bot.nlu.asking import mentions_pain, only_states
from bot.nlu.red_flag_priority import promote

FALLBACK_INTENT = "nlu_fallback"
# Intents a message naming where it hurts is not, whatever the classifier says: "hi, my
# neck hurts", "painting the ceiling and now my back aches" (heard as out of scope).
OVERRIDABLE = frozenset({FALLBACK_INTENT, "out_of_scope", "greet", "goodbye", "thank"})
PAIN_INTENT = "describe_pain"
CAUSE_INTENT = "describe_cause"
# The business questions (ask_price, ask_pregnancy_massage...): overridden only when the
# message asks nothing and says where it hurts.
QUESTION_PREFIX = "ask_"
# The confidence given to the intent the entities stand for.
CONFIDENCE = 0.5


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=False)
class PlaceNamedPriority(GraphComponent):
    """Turns `nlu_fallback` or small talk into `describe_pain` (or an unplaced message into
    `describe_cause`) when the entities say so."""

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> PlaceNamedPriority:
        return cls()

    def process(self, messages: list[Message]) -> list[Message]:
        for message in messages:
            intent = (message.get(INTENT) or {}).get("name")
            if isinstance(intent, str) and intent.startswith(QUESTION_PREFIX):
                # "I'm 26 weeks pregnant and my lower back aches by the evening" asks
                # nothing: a business question heard in a pain stated is the pain.
                text = str(message.get(TEXT) or "")
                if (
                    only_states(text)
                    and mentions_pain(text)
                    and meant_intent(message.get(ENTITIES, [])) == PAIN_INTENT
                ):
                    promote(message, PAIN_INTENT, confidence_of(message))
                continue
            if intent not in OVERRIDABLE and intent != CAUSE_INTENT:
                continue
            meant = meant_intent(message.get(ENTITIES, []))
            if intent == CAUSE_INTENT:
                # What brought it on and where it hurts, together, is a pain described.
                if meant == PAIN_INTENT:
                    promote(message, PAIN_INTENT, confidence_of(message))
                continue
            if meant == CAUSE_INTENT and intent != FALLBACK_INTENT:
                continue  # a trigger word alone in small talk ("bye, off for a run") says little
            if meant is not None:
                promote(message, meant, CONFIDENCE)
        return messages


def confidence_of(message: Message) -> float:
    """The confidence the classifier gave its intent (kept when only the label changes)."""
    return float((message.get(INTENT) or {}).get("confidence") or CONFIDENCE)


def meant_intent(entities: list[dict[str, Any]]) -> str | None:
    """`describe_pain` for an asserted place, `describe_cause` for a trigger alone, else None."""
    asserted = [e for e in entities if e.get("role") != "negated"]
    if any(e.get("entity") == "body_zone" for e in asserted):
        return PAIN_INTENT
    if any(e.get("entity") == "trigger" for e in asserted):
        return CAUSE_INTENT
    return None
