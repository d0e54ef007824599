"""DIET that loads in seconds: the same classifier, with weights built without tracing.

Rasa 3.6 loads a TensorFlow model by compiling it and fitting one example, only to
create its variables before the trained weights are read in. For DIET that fit traces
the whole training graph (forward, CRF and gradients) and took 104 of the 134 s the
Rasa server needed to load our model on this machine. Building the variables with one
*eager* step creates the same variables without the tracing (about 1 s); the trained
weights then replace them and prediction is traced as before. Training and predictions
are unchanged: the load checks that the checkpoint placed every value it holds (and
falls back to the stock load if not), and the classifier is the stock one in
everything else.

Only DIET gets this: TED's training step takes different branches per input, and an
eager step would leave the branches not taken without variables.

Prediction calls the traced function's one concrete graph directly. Rasa traces it with
an input signature whose dimensions are all open, so every message runs the same graph;
going through `tf.function` only re-checks that signature against each batch, which cost
3 of the 7 ms a message's TensorFlow call took on this machine. The outputs are the
same (tests/bot/nlu/test_quick_load_diet.py compares both paths).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

import numpy as np
import tensorflow as tf
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.nlu.classifiers.diet_classifier import DIET, DIETClassifier
from rasa.shared.nlu.training_data.message import Message
from rasa.utils.tensorflow.constants import FEATURIZERS, LEARNING_RATE, RUN_EAGERLY
from rasa.utils.tensorflow.data_generator import RasaBatchDataGenerator
from rasa.utils.tensorflow.model_data import RasaModelData
from rasa.utils.tensorflow.models import RasaModel
from tensorflow.types.experimental import GenericFunction

from bot.nlu import diet_batch

logger = logging.getLogger(__name__)


class QuickLoadDIET(DIET):
    """DIET's TensorFlow model, with variables built by one eager step on load."""

    def _rasa_predict(self, batch_in: tuple[np.ndarray, ...]) -> dict[str, Any]:
        """Rasa's prediction; once its graph is traced, called without `tf.function`'s dispatch.

        Rasa traces `_tf_predict_step` on the first prediction; from the next one on, that
        attribute holds the direct call of the same graph, and Rasa's own `_rasa_predict`
        does the rest (numpy outputs, diagnostic data) as before.
        """
        step = self._tf_predict_step  # type: ignore[has-type]  # Rasa annotates it as a string
        if not self._run_eagerly and isinstance(step, GenericFunction):
            self._tf_predict_step = direct_call(step)
        outputs: dict[str, Any] = super()._rasa_predict(batch_in)
        return outputs

    @classmethod
    def load(
        cls,
        model_file_name: str,
        model_data_example: RasaModelData,
        predict_data_example: RasaModelData | None = None,
        finetune_mode: bool = False,
        *args: Any,
        **kwargs: Any,
    ) -> RasaModel:
        if finetune_mode:
            # Fine-tuning trains on: keep the framework's traced path for it.
            return super().load(
                model_file_name,
                model_data_example,
                predict_data_example,
                finetune_mode,
                *args,
                **kwargs,
            )
        config = kwargs.get("config", {})
        model = cls(*args, **kwargs)
        model.compile(
            optimizer=tf.keras.optimizers.Adam(config.get(LEARNING_RATE, 0.001)),
            run_eagerly=True,
        )
        model.fit(RasaBatchDataGenerator(model_data_example, batch_size=1), verbose=False)
        status = model.load_weights(model_file_name)
        try:
            # Every value in the checkpoint found its variable: nothing is left random.
            status.assert_consumed()
        except AssertionError as unmatched:
            logger.warning("quick load left DIET weights unplaced (%s): stock load", unmatched)
            return super().load(
                model_file_name,
                model_data_example,
                predict_data_example,
                finetune_mode,
                *args,
                **kwargs,
            )
        # Predict through a traced function, as the stock load does.
        model.run_eagerly = bool(config.get(RUN_EAGERLY))
        if predict_data_example:
            model.run_inference(predict_data_example)
        return model


def direct_call(
    traced: Any,
) -> Callable[[tuple[np.ndarray, ...]], dict[str, Any]]:
    """A call of `traced`'s one concrete graph, on a batch of numpy arrays.

    `traced` is a `tf.function` with an input signature (one list of tensor specs).
    Each array is converted to its spec's dtype, as `tf.function` would cast it.
    """
    concrete = traced.get_concrete_function()
    (specs,), _ = concrete.structured_input_signature
    dtypes = [spec.dtype for spec in specs]
    numpy_dtypes = [dtype.as_numpy_dtype for dtype in dtypes]
    captured = concrete.captured_inputs

    def call(batch_in: tuple[np.ndarray, ...]) -> dict[str, Any]:
        if len(batch_in) != len(dtypes):
            raise ValueError(f"batch of {len(batch_in)} arrays for {len(dtypes)} inputs")
        # An array of the spec's dtype converts without a cast (half the time).
        tensors = [
            tf.constant(array) if array.dtype == numpy_dtype else tf.constant(array, dtype)
            for array, dtype, numpy_dtype in zip(batch_in, dtypes, numpy_dtypes, strict=True)
        ]
        result: dict[str, Any] = concrete._call_flat(tensors, captured)
        return result

    return call


@DefaultV1Recipe.register(
    [
        DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER,
        DefaultV1Recipe.ComponentType.ENTITY_EXTRACTOR,
    ],
    is_trainable=True,
)
class QuickLoadDIETClassifier(DIETClassifier):
    """Rasa's DIETClassifier whose model loads without tracing its training step.

    A message's batch is built straight from its features where it can be
    (bot/nlu/diet_batch.py); any other message takes Rasa's path.
    """

    _takes_text_batch: bool | None = None

    @staticmethod
    def model_class() -> type[RasaModel]:
        return QuickLoadDIET

    def _predict(self, message: Message) -> dict[str, Any] | None:
        if self.model is None:
            return super()._predict(message)
        if self._takes_text_batch is None:
            self._takes_text_batch = diet_batch.supports(self.model.predict_data_signature)
        batch = (
            diet_batch.text_batch(message, self.component_config[FEATURIZERS])
            if self._takes_text_batch
            else None
        )
        if batch is None:
            return super()._predict(message)
        outputs: dict[str, Any] = self.model._rasa_predict(batch)
        return outputs
