"""The one-message batch DIET predicts from, built straight from the message's features.

To predict one message, Rasa 3.6's DIET copies the message's sparse features, stacks
them with scipy, wraps them in its model-data and data-generator classes and converts
them back to index, value and shape arrays: 3 of the 11 ms DIET took per message on
this machine. `text_batch` builds the same eight arrays directly. It covers the case
our pipeline produces (sparse COO sequence and sentence features for the text, no dense
ones, a model whose prediction input is exactly the text's mask, sentence, sequence
and sequence length) and returns None for anything else, so the caller takes Rasa's
own path. tests/bot/nlu/test_diet_batch.py checks the arrays against Rasa's.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import numpy as np
import scipy.sparse
from rasa.shared.nlu.constants import (
    FEATURE_TYPE_SENTENCE,
    FEATURE_TYPE_SEQUENCE,
    TEXT,
)
from rasa.shared.nlu.training_data.features import Features
from rasa.shared.nlu.training_data.message import Message
from rasa.utils.tensorflow.constants import SENTENCE, SEQUENCE, SEQUENCE_LENGTH

MASK = "mask"
# The prediction input this builder makes, in the order Rasa's sorted model data has.
TEXT_INPUTS = (MASK, SENTENCE, SEQUENCE, SEQUENCE_LENGTH)

Batch = tuple[np.ndarray, ...]


def supports(predict_data_signature: Mapping[str, Mapping[str, Any]]) -> bool:
    """Whether a model with this prediction signature takes the batch `text_batch` makes."""
    if set(predict_data_signature) != {TEXT}:
        return False
    text = predict_data_signature[TEXT]
    if tuple(sorted(text)) != TEXT_INPUTS:
        return False
    if any(len(text[key]) != 1 for key in TEXT_INPUTS):
        return False
    return bool(text[SENTENCE][0].is_sparse and text[SEQUENCE][0].is_sparse) and not (
        text[MASK][0].is_sparse or text[SEQUENCE_LENGTH][0].is_sparse
    )


def text_batch(message: Message, featurizers: Iterable[str] = ()) -> Batch | None:
    """Mask, sentence and sequence (indices, values, shape) and length arrays; or None.

    `featurizers` limits the features to those origins, as DIET's `featurizers` option
    does (empty: all). None means the message is not the plain sparse case.
    """
    wanted = set(featurizers)
    sequence: list[Features] = []
    sentence: list[Features] = []
    for features in message.features:
        if features.attribute != TEXT or (wanted and features.origin not in wanted):
            continue
        if not features.is_sparse():
            return None  # dense text features: Rasa's path combines them
        if features.type == FEATURE_TYPE_SEQUENCE:
            sequence.append(features)
        elif features.type == FEATURE_TYPE_SENTENCE:
            sentence.append(features)
    if not sequence or not sentence:
        return None
    sentence_arrays = stacked(sentence)
    sequence_arrays = stacked(sequence)
    if sentence_arrays is None or sequence_arrays is None:
        return None
    tokens = sequence_arrays[2][1]
    return (
        np.ones((1, 1, 1), dtype=np.float32),
        *sentence_arrays,
        *sequence_arrays,
        np.array([tokens], dtype=np.float32),
    )


def stacked(blocks: list[Features]) -> Batch | None:
    """Indices, values and shape of the blocks side by side, as one batch row.

    The order of the values is the one scipy's `hstack` gives COO blocks (each block's
    entries in turn), which is the order Rasa feeds them in.
    """
    matrices = [block.features for block in blocks]
    if not all(isinstance(matrix, scipy.sparse.coo_matrix) for matrix in matrices):
        return None
    rows = matrices[0].shape[0]
    if any(matrix.shape[0] != rows for matrix in matrices):
        return None
    offsets = np.cumsum([0] + [matrix.shape[1] for matrix in matrices])
    row = np.concatenate([matrix.row for matrix in matrices]).astype(np.int64)
    col = np.concatenate(
        [
            matrix.col.astype(np.int64) + offset
            for matrix, offset in zip(matrices, offsets[:-1], strict=True)
        ]
    )
    values = np.concatenate([matrix.data for matrix in matrices]).astype(np.float32)
    indices = np.stack([np.zeros_like(row), row, col], axis=1)
    shape = np.array([1, rows, offsets[-1]], dtype=np.int64)
    return indices, values, shape
