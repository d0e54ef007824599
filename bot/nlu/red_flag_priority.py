"""Red flags win: a message with a red-flag cue is classified as `red_flag_symptom`.

Runs last in the NLU pipeline. Whatever intent the classifier chose ("hi, can I book?
I've got crushing chest pain"), a red-flag entity from the knowledge-base extractor
turns the message into `red_flag_symptom`, so the dialogue's first rule sends the
person to medical care. The classifier's own ranking is kept below it.
"""

from __future__ import annotations

from typing import Any

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import ENTITIES, INTENT, INTENT_RANKING_KEY
from rasa.shared.nlu.training_data.message import Message

RED_FLAG_INTENT = "red_flag_symptom"
RED_FLAG_ENTITY = "red_flag"


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=False)
class RedFlagPriority(GraphComponent):
    """Sets the intent to `red_flag_symptom` when a red-flag entity was found."""

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> RedFlagPriority:
        return cls()

    def process(self, messages: list[Message]) -> list[Message]:
        """Promote `red_flag_symptom` to the top of each message that carries a red flag."""
        for message in messages:
            if any(is_asserted_red_flag(entity) for entity in message.get(ENTITIES, [])):
                promote(message)
        return messages


def is_asserted_red_flag(entity: dict[str, Any]) -> bool:
    """A red-flag entity the person reports ("no chest pain" is negated: it does not count)."""
    return entity.get("entity") == RED_FLAG_ENTITY and entity.get("role") != "negated"


def promote(message: Message, intent: str = RED_FLAG_INTENT, confidence: float = 1.0) -> None:
    """Make `intent` the message's intent (`red_flag_symptom` by default), keeping the rest of
    the ranking below it."""
    top = {"name": intent, "confidence": confidence}
    ranking = [
        entry for entry in message.get(INTENT_RANKING_KEY, []) if entry.get("name") != intent
    ]
    message.set(INTENT, top, add_to_output=True)
    message.set(INTENT_RANKING_KEY, [top, *ranking], add_to_output=True)
