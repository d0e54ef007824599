"""The Rasa graph component: zones, sides, triggers, negation and red flags for each message.

In `config.yml` it runs after DIETClassifier (and EntitySynonymMapper): it reads the
message with `TriageReader` and merges the result with DIET's entities (`bot.nlu.merge`),
the reader winning on canonical values. A message the reader finds an asserted red flag
in (the safety engine's) reports its red flags only: triage stops there, whatever else it
names. A message the intent model alone calls a red flag keeps its zones, so the action can
screen or triage it (`bot.safety.decision`). Training copies the knowledge base's vocabulary
(from `kb_path`, default the settings' `kb_path`) into the model, so the trained model
parses without `var/kb.db`; a changed knowledge base changes the training cache key.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.extractors.extractor import EntityExtractorMixin
from rasa.shared.nlu.constants import ENTITIES, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.kb import builder
from bot.nlu import merge, vocabulary
from bot.nlu.reader import TriageReader
from bot.nlu.vocabulary import RED_FLAG, SIDE, TRIGGER, ZONE, Vocabulary, VocabularyError

logger = logging.getLogger(__name__)

VOCABULARY_FILE = "vocabulary.json"
OWNED_ENTITIES = (ZONE, SIDE, TRIGGER, RED_FLAG)


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.ENTITY_EXTRACTOR, is_trainable=True)
class TriageEntityExtractor(GraphComponent, EntityExtractorMixin):
    """Canonical body_zone, side, trigger and red_flag entities from the knowledge base."""

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        """The options config.yml may set.

        `kb_path`: the built knowledge base to learn from (None: the settings' kb_path).
        """
        return {"kb_path": None}

    @staticmethod
    def required_packages() -> list[str]:
        """spaCy and its lookup tables (the lemmatizer's data)."""
        return ["spacy", "spacy_lookups_data"]

    @classmethod
    def fingerprint_addon(cls, config: dict[str, Any]) -> str | None:
        """The knowledge base's content hash: a rebuilt KB retrains instead of using the cache."""
        db_path = kb_path(config)
        return f"{vocabulary.FORMAT_VERSION}:{builder.built_hash(db_path) or f'missing {db_path}'}"

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> TriageEntityExtractor:
        """A new, untrained component."""
        return cls(config, model_storage, resource)

    @classmethod
    def load(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
        **kwargs: Any,
    ) -> TriageEntityExtractor:
        """The trained component, with the vocabulary stored in the model."""
        try:
            with model_storage.read_from(resource) as directory:
                words = Vocabulary.load(directory / VOCABULARY_FILE)
        except (ValueError, FileNotFoundError) as error:
            raise VocabularyError(
                f"{cls.__name__}: the model holds no usable vocabulary ({error}); retrain it"
            ) from error
        return cls(config, model_storage, resource, words)

    def __init__(
        self,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        words: Vocabulary | None = None,
    ) -> None:
        self._config = {**self.get_default_config(), **config}
        self._model_storage = model_storage
        self._resource = resource
        self._reader: TriageReader | None = None
        self._canonical: dict[str, frozenset[str]] = {}
        self._ancestors: dict[str, tuple[str, ...]] = {}
        if words:
            self._use(words)

    def train(self, training_data: TrainingData) -> Resource:
        """Copy the knowledge base's vocabulary into the model; fail if the KB is not built."""
        words = vocabulary.from_kb(kb_path(self._config))
        with self._model_storage.write_to(self._resource) as directory:
            words.save(directory / VOCABULARY_FILE)
        self._use(words)
        return self._resource

    def _use(self, words: Vocabulary) -> None:
        """Read with `words`; its canonical ids and zone ancestors are worked out once."""
        self._reader = TriageReader(words)
        self._canonical = {entity: words.ids(entity) for entity in OWNED_ENTITIES}
        self._ancestors = {zone: words.ancestors(zone) for zone in words.zone_parents}

    def process(self, messages: list[Message]) -> list[Message]:
        """Add the reader's entities to each message, merged with those already there."""
        if self._reader is None:
            raise VocabularyError(f"{self.name} is not trained: train the model first")
        for message in messages:
            text = message.get(TEXT)
            if not text:
                continue
            reading = self._reader.read(text)
            entities = merge.merge(
                message.get(ENTITIES, []), reading, self._canonical, self.name, self._ancestors
            )
            message.set(ENTITIES, entities, add_to_output=True)
        return messages


def kb_path(config: dict[str, Any]) -> Path:
    """The knowledge base a config points at: its `kb_path`, or the settings' default.

    A relative `kb_path` is taken from the project root.
    """
    from bot import settings

    configured = config.get("kb_path")
    loaded = settings.load()
    if not configured:
        return loaded.kb_path
    path = Path(configured)
    return path if path.is_absolute() else loaded.project_root / path
