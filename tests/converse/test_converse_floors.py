"""The conversation evaluation's figures stay within their floors.

Reads the report `make converse-eval` writes; it fails, never skips, when the report is
missing or was made from another conversation set or another model than the current ones.
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from bot import settings as settings_module
from bot.converse_eval import REPORT_NAME, SET_DIR, set_hash
from bot.model import current_model

AT_LEAST = {"source_hit": 0.95}
AT_MOST = {"over_ask": 0.05, "repeats": 0, "first_answer_words_p50": 120, "leakage": 0}


def current_report() -> dict[str, Any]:
    settings = settings_module.load()
    path = settings.reports_dir / REPORT_NAME
    if not path.is_file():
        pytest.fail(f"no conversation report at {path}: run `make converse-eval`")
    report: dict[str, Any] = json.loads(path.read_text())
    if report.get("set", {}).get("sha256") != set_hash(settings.project_root / SET_DIR):
        pytest.fail(f"{path} was made from another {SET_DIR}: run `make converse-eval`")
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
