"""Red flags win: a message with a red-flag cue is classified as `red_flag_symptom`.

Runs last in the NLU pipeline. Whatever intent the classifier chose ("hi, can I book?
I've got crushing chest pain"), a red-flag entity from the knowledge-base extractor
turns the message into `red_flag_symptom`, so the dialogue's first rule sends the
person to medical care. The classifier's own ranking is kept below it.
"""

from __future__ import annotations

from typing import Any

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.shared.nlu.constants import ENTITIES
from rasa.shared.nlu.training_data.message import Message

from bot.nlu.intent_rules import IntentRule

RED_FLAG_INTENT = "red_flag_symptom"
RED_FLAG_ENTITY = "red_flag"


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=False)
class RedFlagPriority(IntentRule):
    """Sets the intent to `red_flag_symptom` when a red-flag entity was found."""

    def intent_for(self, message: Message) -> tuple[str, float] | None:
        """`red_flag_symptom`, sure, for a message that carries a red flag."""
        if any(is_asserted_red_flag(entity) for entity in message.get(ENTITIES, [])):
            return RED_FLAG_INTENT, 1.0
        return None


def is_asserted_red_flag(entity: dict[str, Any]) -> bool:
    """A red-flag entity the person reports ("no chest pain" is negated: it does not count)."""
    return entity.get("entity") == RED_FLAG_ENTITY and entity.get("role") != "negated"
