"""Rasa's DIETClassifier and ResponseSelector, loaded for serving without a training step.

Rasa builds a saved DIET model by training it on one example (``RasaModel.load``: Keras
traces the whole training function) and then overwrites those weights from the checkpoint.
Serving needs none of it: here the checkpoint is read first and every weight takes its saved
value as the model creates it on its first prediction. The parses are the same to the last
digit (tests/e2e/test_rasa_checks.py), and loading takes 7 s instead of 16 s, with a peak
of 680 MB instead of 1 160 MB (benchmarks/model_load.py). The assistant loads its model at
every start, every swap to a retrained model, on every replica and in every held-out
measurement.

Training and fine-tuning (which needs the optimizer's state) are Rasa's own, unchanged.
"""

from __future__ import annotations

import logging
from typing import Any

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.nlu.classifiers.diet_classifier import DIET, DIETClassifier
from rasa.nlu.selectors.response_selector import DIET2BOW, DIET2DIET, ResponseSelector
from rasa.utils.tensorflow.model_data import RasaModelData
from rasa.utils.tensorflow.models import RasaModel

log = logging.getLogger(__name__)


class _LoadedForServing:
    """Mixed into a RasaModel class ahead of it: its ``load`` without the training step."""

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
        rasa_load = super().load
        if finetune_mode or predict_data_example is None:
            return rasa_load(
                model_file_name, model_data_example, predict_data_example, finetune_mode,
                *args, **kwargs,
            )  # fmt: skip
        model = cls(*args, **kwargs)
        # Read before any weight exists: TensorFlow restores each weight as it is created.
        restored = model.load_weights(model_file_name)
        # The first prediction creates the weights (and traces the prediction function,
        # which Rasa's load does too, so that the first student does not wait for it).
        model.run_inference(predict_data_example)
        try:
            restored.assert_existing_objects_matched()
        except AssertionError:
            # A weight without a saved value would predict from its random start: load it
            # the way Rasa does instead.
            log.warning("%s: not every weight restored; loading with Rasa's training step", cls)
            return rasa_load(
                model_file_name, model_data_example, predict_data_example, finetune_mode,
                *args, **kwargs,
            )  # fmt: skip
        # The optimizer's saved state is left unread on purpose (serving does not train):
        # without this, TensorFlow logs a warning for each of its values when the model is
        # replaced.
        restored.expect_partial()
        return model


class _ServedDIET(_LoadedForServing, DIET):
    pass


class _ServedDIET2BOW(_LoadedForServing, DIET2BOW):
    pass


class _ServedDIET2DIET(_LoadedForServing, DIET2DIET):
    pass


@DefaultV1Recipe.register(
    [
        DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER,
        DefaultV1Recipe.ComponentType.ENTITY_EXTRACTOR,
    ],
    is_trainable=True,
)
class QuickLoadingDIETClassifier(DIETClassifier):
    """Rasa's DIETClassifier; its model loads for serving without a training step."""

    @staticmethod
    def model_class() -> type[RasaModel]:
        return _ServedDIET


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=True)
class QuickLoadingResponseSelector(ResponseSelector):
    """Rasa's ResponseSelector; its model loads for serving without a training step."""

    @staticmethod
    def model_class(use_text_as_label: bool) -> type[RasaModel]:
        return _ServedDIET2DIET if use_text_as_label else _ServedDIET2BOW
