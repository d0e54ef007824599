"""A message of emoji alone: a thumbs up is a yes, a thumbs down a no.

Runs after the FallbackClassifier: "👍" has no words for the intent models to read, so it
comes out unsure or as a guess; `reply_of` says what it means, and the message becomes
`affirm` or `deny`. Other emoji-only messages are left as they are (the fallback answer
says it did not follow). The action server reads emoji the same way (`bot.nlu.emoji`).
"""

from __future__ import annotations

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.message import Message

from bot.nlu.emoji import reply_of
from bot.nlu.intent_rules import IntentRule

CONFIDENCE = 0.9


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=False)
class EmojiReply(IntentRule):
    """Makes an emoji-only yes or no `affirm` or `deny`."""

    def intent_for(self, message: Message) -> tuple[str, float] | None:
        meant = reply_of(str(message.get(TEXT) or ""))
        return None if meant is None else (meant, CONFIDENCE)
