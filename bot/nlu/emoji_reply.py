"""A message of emoji alone: a thumbs up is a yes, a thumbs down a no.

Runs after the FallbackClassifier: "👍" has no words for the intent models to read, so it
comes out unsure or as a guess; `reply_of` says what it means, and the message becomes
`affirm` or `deny`. Other emoji-only messages are left as they are (the fallback answer
says it did not follow). The action server reads emoji the same way (`bot.nlu.emoji`).
"""

from __future__ import annotations

from typing import Any

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.message import Message

from bot.nlu.emoji import reply_of
from bot.nlu.red_flag_priority import promote

CONFIDENCE = 0.9


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=False)
class EmojiReply(GraphComponent):
    """Makes an emoji-only yes or no `affirm` or `deny`."""

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> EmojiReply:
        return cls()

    def process(self, messages: list[Message]) -> list[Message]:
        for message in messages:
            meant = reply_of(str(message.get(TEXT) or ""))
            if meant is not None:
                promote(message, meant, CONFIDENCE)
        return messages
