"""The booking evaluation's figures stay within their floors.

Reads the report `make booking-eval` writes; it fails, never skips, when the report is
missing or was made from another conversation set or another model than the current ones.
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from bot import settings as settings_module
from bot.booking_eval import REPORT_NAME, SET_PATH
from bot.eval_sets import set_hash
from bot.model import current_model

AT_LEAST = {"completed": 0.95, "respected_no": 1.0, "conversations": 200}
AT_MOST = {"wrong_booking": 0, "leakage": 0}


def current_report() -> dict[str, Any]:
    settings = settings_module.load()
    path = settings.reports_dir / REPORT_NAME
    if not path.is_file():
        pytest.fail(f"no booking report at {path}: run `make booking-eval`")
    report: dict[str, Any] = json.loads(path.read_text())
    folder = settings.project_root / SET_PATH
    if report.get("set", {}).get("sha256") != set_hash(folder):
        pytest.fail(f"{path} was made from another {folder}: run `make booking-eval`")
    model = current_model(settings.model_dir)
    if model is not None and model[1].name != report.get("model"):
        pytest.fail(f"{path} scores {report.get('model')}, not {model[1].name}: run it again")
    return report


@pytest.mark.parametrize("name", list(AT_LEAST))
def test_the_figure_is_at_least_its_floor(name: str) -> None:
    value = current_report()[name]
    assert value is not None and value >= AT_LEAST[name], f"{name} is {value}"


@pytest.mark.parametrize("name", list(AT_MOST))
def test_the_figure_is_at_most_its_ceiling(name: str) -> None:
    value = current_report()[name]
    assert value is not None and value <= AT_MOST[name], f"{name} is {value}"


def test_at_least_half_the_conversations_never_press_a_button() -> None:
    report = current_report()
    assert report["typed_only"] * 2 >= report["conversations"]
