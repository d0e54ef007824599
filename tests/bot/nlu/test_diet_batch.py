"""bot.nlu.diet_batch: the batch built from a message equals the one Rasa's DIET builds."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import scipy.sparse
from rasa.engine.graph import ExecutionContext, GraphSchema
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.nlu.classifiers.diet_classifier import DIETClassifier
from rasa.nlu.featurizers.sparse_featurizer.count_vectors_featurizer import (
    CountVectorsFeaturizer,
)
from rasa.nlu.featurizers.sparse_featurizer.lexical_syntactic_featurizer import (
    LexicalSyntacticFeaturizer,
)
from rasa.nlu.tokenizers.whitespace_tokenizer import WhitespaceTokenizer
from rasa.shared.nlu.training_data.features import Features
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData
from rasa.utils.tensorflow.model_data import FeatureSignature
from rasa.utils.train_utils import create_data_generators

from bot.nlu import diet_batch

CONTEXT = ExecutionContext(GraphSchema({}), node_name="test")
TRAINING = [
    ("my temples ache every afternoon", "describe_pain"),
    ("pain runs down the back of my leg", "describe_pain"),
    ("not my knee, my shin", "describe_pain"),
    ("can i book for thursday", "book"),
    ("hello there", "greet"),
]
MESSAGES = [
    "my left temple aches after work",
    "Pain, pain and MORE pain!!! in both calves",
    "shouldr blade",
    "",
    "?",
    "a word the featurizers never saw: zygomaticus",
    "ünïcödé and emoji 😀 in a message",
    " ".join(["neck"] * 200),
]


class Pipeline:
    """Rasa's tokenizer and our sparse featurizers, trained on a few messages."""

    def __init__(self, storage: Path) -> None:
        model_storage = LocalModelStorage(storage)

        def context(name: str) -> ExecutionContext:
            return ExecutionContext(GraphSchema({}), node_name=name)

        self.tokenizer = WhitespaceTokenizer(WhitespaceTokenizer.get_default_config())
        self.featurizers = [
            LexicalSyntacticFeaturizer.create(
                LexicalSyntacticFeaturizer.get_default_config(),
                model_storage,
                Resource("lexical"),
                context("lexical"),
            ),
            CountVectorsFeaturizer.create(
                CountVectorsFeaturizer.get_default_config(),
                model_storage,
                Resource("words"),
                context("words"),
            ),
            CountVectorsFeaturizer.create(
                {
                    **CountVectorsFeaturizer.get_default_config(),
                    "analyzer": "char_wb",
                    "min_ngram": 2,
                    "max_ngram": 4,
                },
                model_storage,
                Resource("chars"),
                context("chars"),
            ),
        ]
        data = TrainingData([Message.build(text, intent) for text, intent in TRAINING])
        self.tokenizer.process_training_data(data)
        for featurizer in self.featurizers:
            featurizer.train(data)
            featurizer.process_training_data(data)
        self.diet = DIETClassifier.create(
            DIETClassifier.get_default_config(), model_storage, Resource("diet"), CONTEXT
        )

    def message(self, text: str) -> Message:
        message = Message.build(text)
        self.tokenizer.process([message])
        for featurizer in self.featurizers:
            featurizer.process([message])
        return message

    def rasa_batch(self, message: Message) -> tuple[np.ndarray, ...]:
        model_data = self.diet._create_model_data([message], training=False)
        generator, _ = create_data_generators(model_data, 1, epochs=1, shuffle=False)
        # Rasa's arrays may be its FeatureArray subclass: compare them as plain arrays.
        return tuple(np.asarray(array) for array in next(iter(generator))[0])


@pytest.fixture(scope="module")
def pipeline(tmp_path_factory: pytest.TempPathFactory) -> Pipeline:
    return Pipeline(tmp_path_factory.mktemp("storage"))


@pytest.mark.parametrize("text", MESSAGES)
def test_the_batch_is_the_one_rasa_builds(pipeline: Pipeline, text: str) -> None:
    message = pipeline.message(text)
    expected = pipeline.rasa_batch(message)

    batch = diet_batch.text_batch(message)

    assert batch is not None
    assert len(batch) == len(expected) == 8
    for ours, rasas in zip(batch, expected, strict=True):
        assert ours.dtype == rasas.dtype
        assert ours.shape == rasas.shape
        np.testing.assert_array_equal(ours, rasas)


def test_the_featurizers_option_limits_the_features(pipeline: Pipeline) -> None:
    message = pipeline.message("my left temple aches")
    words_only = [
        features for features in message.features if features.origin in ("lexical", "words")
    ]
    limited = Message(data=message.data, features=words_only)
    expected = pipeline.rasa_batch(limited)

    batch = diet_batch.text_batch(message, ["lexical", "words"])

    assert batch is not None
    for ours, rasas in zip(batch, expected, strict=True):
        np.testing.assert_array_equal(ours, rasas)
    assert batch[3][2] < diet_batch.text_batch(message)[3][2]  # type: ignore[index]


def test_other_feature_kinds_take_rasas_path(pipeline: Pipeline) -> None:
    message = pipeline.message("my left temple aches")
    dense = Features(np.ones((1, 4)), "sentence", "text", "dense")
    as_csr = [
        Features(
            scipy.sparse.csr_matrix(features.features),
            features.type,
            features.attribute,
            features.origin,
        )
        for features in message.features
    ]
    no_sentence = [features for features in message.features if features.type == "sequence"]

    assert (
        diet_batch.text_batch(Message(data=message.data, features=[*message.features, dense]))
        is None
    )
    assert diet_batch.text_batch(Message(data=message.data, features=as_csr)) is None
    assert diet_batch.text_batch(Message(data=message.data, features=no_sentence)) is None
    assert diet_batch.text_batch(Message(data=message.data)) is None


def signature(**text: list[FeatureSignature]) -> dict[str, dict[str, list[FeatureSignature]]]:
    return {"text": text}


def test_supports_only_the_plain_text_signature() -> None:
    sparse = FeatureSignature(is_sparse=True, units=10, number_of_dimensions=3)
    dense = FeatureSignature(is_sparse=False, units=1, number_of_dimensions=3)
    plain = signature(mask=[dense], sentence=[sparse], sequence=[sparse], sequence_lengths=[dense])

    assert diet_batch.supports(plain)
    assert not diet_batch.supports({**plain, "intent": {"sentence": [sparse]}})
    assert not diet_batch.supports(
        signature(
            mask=[dense], sentence=[sparse, dense], sequence=[sparse], sequence_lengths=[dense]
        )
    )
    assert not diet_batch.supports(
        signature(mask=[dense], sentence=[dense], sequence=[sparse], sequence_lengths=[dense])
    )
    assert not diet_batch.supports(
        signature(mask=[dense], sequence=[sparse], sequence_lengths=[dense])
    )
