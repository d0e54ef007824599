"""The trained model's held-out NLU scores stay above their floors.

Reads the report `make nlu-eval` writes; it fails, never skips, when the report is
missing or was made from another held-out file or another model than the current ones.
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from bot import settings as settings_module
from bot.model import current_model
from bot.nlu_eval import HELDOUT, REPORT_NAME, file_hash

# Measured on the held-out sets together (1,452 messages written apart from the training
# data, long, messy and indirect; see tests/nlu/heldout.yml), session 15: intent macro-F1
# 0.910, body_zone 0.873, trigger 0.778, side 0.946, negation 0.988. Trigger and side
# count asserted values only ("no fall" names no injury). These floors keep a change from
# losing what that reaches; the target of issue 14 is 0.95 / 0.95 / 0.90 / 0.95 / 0.95
# and is not met yet.
FLOORS = {
    "intent macro-F1": (("intent", "macro_f1"), 0.88),
    "body_zone F1": (("entities", "body_zone", "f1"), 0.85),
    "trigger F1": (("entities", "trigger", "f1"), 0.75),
    "side F1": (("entities", "side", "f1"), 0.92),
    "negation accuracy": (("negation", "accuracy"), 0.97),
}


def current_report() -> dict[str, Any]:
    """The report, if it is for the held-out file and model there are now; else fail."""
    settings = settings_module.load()
    path = settings.reports_dir / REPORT_NAME
    heldout = settings.project_root / HELDOUT
    if not heldout.is_file():
        pytest.fail(f"no held-out file at {heldout}")
    if not path.is_file():
        pytest.fail(f"no NLU report at {path}: run `make nlu-eval`")
    report: dict[str, Any] = json.loads(path.read_text())
    if report.get("heldout", {}).get("sha256") != file_hash(heldout):
        pytest.fail(f"{path} was made from another {HELDOUT}: run `make nlu-eval`")
    model = current_model(settings.model_dir)
    if model is not None and model[1].name != report.get("model"):
        pytest.fail(
            f"{path} scores {report.get('model')}, the current model is {model[1].name}: "
            "run `make nlu-eval`"
        )
    return report


@pytest.mark.parametrize("name", list(FLOORS))
def test_the_score_is_above_its_floor(name: str) -> None:
    keys, floor = FLOORS[name]
    value: Any = current_report()
    for key in keys:
        value = value[key]

    assert value is not None, f"{name}: no gold or predicted examples to score"
    assert value >= floor, f"{name} is {value}, below the floor of {floor}"


def test_no_held_out_message_is_a_near_copy_of_a_training_example() -> None:
    report = current_report()
    assert report["leakage"] == 0, report.get("leaked")
