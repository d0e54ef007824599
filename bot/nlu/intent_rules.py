"""The shared shape of the pipeline's intent rules: components that, after the
classifiers, put an intent on top of a message when what it says settles it (a red flag,
a place named in small talk, an emoji-only yes).

A rule says, per message, which intent and confidence it stands for (`intent_for`), or
None to leave the classifiers' answer; `promote` puts it on top, the classifiers'
ranking kept below it.
"""

from __future__ import annotations

from typing import Any

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import INTENT, INTENT_RANKING_KEY
from rasa.shared.nlu.training_data.message import Message


def promote(message: Message, intent: str, confidence: float) -> None:
    """Make `intent` the message's intent, keeping the rest of the ranking below it."""
    top = {"name": intent, "confidence": confidence}
    ranking = [
        entry for entry in message.get(INTENT_RANKING_KEY, []) if entry.get("name") != intent
    ]
    message.set(INTENT, top, add_to_output=True)
    message.set(INTENT_RANKING_KEY, [top, *ranking], add_to_output=True)


def intent_of(message: Message) -> tuple[str | None, float]:
    """The intent the classifiers (or an earlier rule) gave the message, and its confidence."""
    intent = message.get(INTENT) or {}
    name = intent.get("name")
    return (name if isinstance(name, str) else None), float(intent.get("confidence") or 0.0)


class IntentRule(GraphComponent):
    """A non-trainable component that promotes the intent `intent_for` a message says.

    Subclasses register themselves with `DefaultV1Recipe.register(INTENT_CLASSIFIER,
    is_trainable=False)` and implement `intent_for`.
    """

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> IntentRule:
        return cls()

    def intent_for(self, message: Message) -> tuple[str, float] | None:
        """The intent and confidence the message stands for, or None to leave it."""
        raise NotImplementedError

    def process(self, messages: list[Message]) -> list[Message]:
        for message in messages:
            meant = self.intent_for(message)
            if meant is not None:
                promote(message, *meant)
        return messages
