"""A linear intent model on word and character n-grams, blended with DIET's ranking.

Why: on the held-out messages (long, messy, indirect, written apart from the training
data) a logistic regression over TF-IDF word 1-2-grams and character 2-5-grams (within
words, so "sholder" still shares most of its n-grams with "shoulder") classified
intents better than DIET alone, and the two together better than either (measured in
the session note of issue 14). DIET is kept: it sees word order, and its errors are not
the linear model's.

The component runs after DIET: it fits its own vectoriser and classifier on the
training messages' text, and at parse time replaces the message's intent and ranking
with `weight` x its probabilities + (1 - weight) x DIET's (an intent DIET's ranking
leaves out counts as 0 there). The FallbackClassifier after it judges the blend.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Mapping, Sequence
from typing import Any

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.safety.terms import TEXT_SPEAK as SAFETY_TEXT_SPEAK

logger = logging.getLogger(__name__)

MODEL_FILE = "linear_intent.skops"
RANKING_LENGTH = 10


def blend(
    linear: Mapping[str, float], earlier: Sequence[Mapping[str, Any]], weight: float
) -> list[dict[str, Any]]:
    """The blended ranking, best first: `weight` of the linear model's probabilities plus
    the rest of the earlier classifier's (absent intents count 0 on either side)."""
    theirs = {str(item["name"]): float(item.get("confidence") or 0.0) for item in earlier}
    names = set(linear) | set(theirs)
    scored = {
        name: weight * linear.get(name, 0.0) + (1.0 - weight) * theirs.get(name, 0.0)
        for name in names
    }
    return [
        {"name": name, "confidence": confidence}
        for name, confidence in sorted(scored.items(), key=lambda item: (-item[1], item[0]))
    ]


# Text-speak read as the words it stands for, for training and parsing alike: "ok wat do i
# do rite now", "hw long shud i press". The safety engine's list, without the bare digits
# ("at 2", "4 of us" stay numbers), and the shortenings people use for questions.
TEXT_SPEAK = {
    **{said: meant for said, meant in SAFETY_TEXT_SPEAK.items() if not said.isdigit()},
    "wot": "what", "wht": "what", "rite": "right", "plz": "please", "pls": "please",
    "plez": "please", "shud": "should", "shld": "should", "cud": "could", "wud": "would",
    "abt": "about", "bout": "about", "dunno": "dont know", "wanna": "want to",
    "gonna": "going to", "gotta": "got to", "y": "why", "hw": "how", "wer": "where",
    "whr": "where", "tmr": "tomorrow", "2moro": "tomorrow", "2morrow": "tomorrow",
    "nd": "and", "gud": "good", "sum1": "someone", "some1": "someone", "any1": "anyone",
    "ne1": "anyone", "txt": "text", "msg": "message", "appt": "appointment",
    "thnx": "thanks", "thanx": "thanks", "ty": "thank you", "dat": "that", "dis": "this",
    "yu": "you", "ya": "you", "m8": "mate", "gr8": "great", "l8r": "later", "rly": "really",
    "dnt": "dont", "hav": "have", "av": "have", "ov": "of", "cn": "can", "kn": "can",
    "anythin": "anything", "nothin": "nothing",
    "somethin": "something", "doin": "doing", "goin": "going", "gettin": "getting",
}  # fmt: skip
_WORD = re.compile(r"[a-z0-9']+")


def text_of(message: Message) -> str:
    """What the model reads: the message text, lower-cased, text-speak spelt out."""
    text = str(message.get(TEXT) or "").lower()
    return _WORD.sub(lambda word: TEXT_SPEAK.get(word.group(), word.group()), text)


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=True)
class LinearIntentClassifier(GraphComponent):
    """TF-IDF n-grams and logistic regression, blended with the earlier intent ranking."""

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        return {
            "C": 30.0,  # inverse regularisation of the logistic regression
            "weight": 0.7,  # the linear model's share of the blend (1.0: it alone)
            "max_iter": 3000,
            # What `text_of` reads; a new value retrains past Rasa's cache.
            "reads": "lower-case, text-speak spelt out",
        }

    @staticmethod
    def required_packages() -> list[str]:
        return ["sklearn", "skops"]

    def __init__(
        self,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        pipeline: Any = None,
    ) -> None:
        self.config = {**self.get_default_config(), **config}
        self._model_storage = model_storage
        self._resource = resource
        self.pipeline = pipeline

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> LinearIntentClassifier:
        return cls(config, model_storage, resource)

    def _new_pipeline(self) -> Any:
        from sklearn.feature_extraction.text import TfidfVectorizer
        from sklearn.linear_model import LogisticRegression
        from sklearn.pipeline import make_pipeline, make_union

        features = make_union(
            TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True),
            TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), sublinear_tf=True),
        )
        classifier = LogisticRegression(
            C=float(self.config["C"]),
            max_iter=int(self.config["max_iter"]),
            class_weight="balanced",
            random_state=7,
        )
        return make_pipeline(features, classifier)

    def train(self, training_data: TrainingData) -> Resource:
        examples = [m for m in training_data.intent_examples if m.get(INTENT) and m.get(TEXT)]
        if len({m.get(INTENT) for m in examples}) < 2:
            logger.debug("LinearIntentClassifier: fewer than two intents, nothing trained")
            return self._resource
        pipeline = self._new_pipeline()
        pipeline.fit([text_of(m) for m in examples], [str(m.get(INTENT)) for m in examples])
        self.pipeline = pipeline
        import skops.io as sio

        with self._model_storage.write_to(self._resource) as directory:
            sio.dump(pipeline, directory / MODEL_FILE)
        return self._resource

    @classmethod
    def load(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
        **kwargs: Any,
    ) -> LinearIntentClassifier:
        import skops.io as sio

        try:
            with model_storage.read_from(resource) as directory:
                path = directory / MODEL_FILE
                # The file is the one this project's training wrote into the model.
                pipeline = sio.load(path, trusted=sio.get_untrusted_types(file=path))
        except (ValueError, FileNotFoundError):
            logger.debug("LinearIntentClassifier: no trained model in %s", resource.name)
            pipeline = None
        return cls(config, model_storage, resource, pipeline)

    def process(self, messages: list[Message]) -> list[Message]:
        if self.pipeline is None or not messages:
            return messages
        texts = [text_of(m) for m in messages]
        probabilities = self.pipeline.predict_proba(texts)
        classes = [str(name) for name in self.pipeline.classes_]
        weight = float(self.config["weight"])
        for message, text, row in zip(messages, texts, probabilities, strict=True):
            if not text.strip():
                continue
            linear = dict(zip(classes, (float(p) for p in row), strict=True))
            earlier = message.get(INTENT_RANKING_KEY) or []
            ranking = blend(linear, earlier, weight if earlier else 1.0)
            message.set(INTENT, dict(ranking[0]), add_to_output=True)
            message.set(INTENT_RANKING_KEY, ranking[:RANKING_LENGTH], add_to_output=True)
        return messages
