"""bot.nlu.quick_load_diet.direct_call: the traced graph called directly, same outputs."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest
import tensorflow as tf

from bot.nlu.quick_load_diet import direct_call


def traced() -> Any:
    """A tf.function shaped like Rasa's predict step: one list input, open dimensions."""
    signature = [
        [
            tf.TensorSpec([None, None, 1], tf.float32),
            tf.TensorSpec([None, 3], tf.int64),
            tf.TensorSpec([None], tf.float32),
            tf.TensorSpec([3], tf.int64),
        ]
    ]

    def predict(batch_in: list[tf.Tensor]) -> dict[str, Any]:
        mask, indices, values, shape = batch_in
        sparse = tf.sparse.SparseTensor(indices, values, shape)
        dense = tf.sparse.to_dense(tf.sparse.reorder(sparse))
        return {
            "scores": tf.nn.softmax(tf.reduce_sum(dense, axis=1) * tf.reduce_sum(mask)),
            "nested": {"count": tf.shape(indices)[0]},
        }

    return tf.function(predict, input_signature=signature)


def batch(rows: int, columns: int, seed: int) -> tuple[np.ndarray, ...]:
    generator = np.random.default_rng(seed)
    cells = generator.choice(rows * columns, size=min(5, rows * columns), replace=False)
    indices = np.array([[0, cell // columns, cell % columns] for cell in cells], dtype=np.int64)
    return (
        np.ones((1, 1, 1), dtype=np.float32),
        indices,
        generator.random(len(cells)).astype(np.float32),
        np.array([1, rows, columns], dtype=np.int64),
    )


@pytest.mark.parametrize(("rows", "columns"), [(1, 4), (3, 7), (12, 20)])
def test_direct_call_gives_what_the_function_gives(rows: int, columns: int) -> None:
    function = traced()
    example = batch(rows, columns, seed=rows)
    function(list(example))  # traced once, as Rasa's first prediction does

    direct = direct_call(function)(example)
    expected = function(list(example))

    np.testing.assert_array_equal(direct["scores"].numpy(), expected["scores"].numpy())
    assert int(direct["nested"]["count"]) == int(expected["nested"]["count"])


def test_direct_call_casts_arrays_to_the_signature() -> None:
    function = traced()
    example = batch(2, 5, seed=1)
    as_float64 = (
        example[0].astype(np.float64),
        example[1],
        example[2].astype(np.float64),
        example[3],
    )

    direct = direct_call(function)(as_float64)

    np.testing.assert_array_equal(
        direct["scores"].numpy(), function(list(example))["scores"].numpy()
    )


def test_direct_call_refuses_a_batch_of_the_wrong_size() -> None:
    with pytest.raises(ValueError, match="batch of 3 arrays for 4 inputs"):
        direct_call(traced())(batch(2, 5, seed=1)[:3])
