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
"""

from __future__ import annotations

import logging
from typing import Any

import tensorflow as tf
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.nlu.classifiers.diet_classifier import DIET, DIETClassifier
from rasa.utils.tensorflow.constants import LEARNING_RATE, RUN_EAGERLY
from rasa.utils.tensorflow.data_generator import RasaBatchDataGenerator
from rasa.utils.tensorflow.model_data import RasaModelData
from rasa.utils.tensorflow.models import RasaModel

logger = logging.getLogger(__name__)


class QuickLoadDIET(DIET):
    """DIET's TensorFlow model, with variables built by one eager step on load."""

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


@DefaultV1Recipe.register(
    [
        DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER,
        DefaultV1Recipe.ComponentType.ENTITY_EXTRACTOR,
    ],
    is_trainable=True,
)
class QuickLoadDIETClassifier(DIETClassifier):
    """Rasa's DIETClassifier whose model loads without tracing its training step."""

    @staticmethod
    def model_class() -> type[RasaModel]:
        return QuickLoadDIET
