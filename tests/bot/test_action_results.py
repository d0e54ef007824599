"""bot.action_results: the action server's answers are judged exactly as Rasa judges them."""

from __future__ import annotations

from typing import Any

import jsonschema
import pytest
from rasa.core.actions.action import RemoteAction

from bot import action_results

ANSWERS: list[dict[str, Any]] = [
    {"events": [], "responses": []},
    {"events": [{"event": "slot", "name": "body_zone", "value": "neck"}], "responses": []},
    {"events": [{"event": "followup", "name": "action_listen"}]},
    {"responses": [{"text": "hello", "buttons": []}]},
    {},
]
BROKEN: list[dict[str, Any]] = [
    {"events": "not a list"},
    {"events": [{"event": "slot", "value": 1}]},  # a slot event without its name
    {"responses": ["just text"]},
    {"events": [{"event": "no_such_event"}]},
]


def rasa_verdict(answer: dict[str, Any]) -> str | None:
    """Rasa's own check (jsonschema.validate): None when valid, else the error's path."""
    try:
        jsonschema.validate(answer, RemoteAction.action_response_format_spec())
    except jsonschema.ValidationError as error:
        return f"{list(error.absolute_path)} {error.validator}"
    return None


def our_verdict(answer: dict[str, Any]) -> str | None:
    try:
        assert action_results.validate_action_result(RemoteAction("x", None), answer)
    except jsonschema.ValidationError as error:
        assert "Failed to validate Action server response" in error.message
        return f"{list(error.absolute_path)} {error.validator}"
    return None


@pytest.mark.parametrize("answer", ANSWERS + BROKEN)
def test_the_same_verdict_and_error_as_rasas_check(answer: dict[str, Any]) -> None:
    assert our_verdict(answer) == rasa_verdict(answer)
    assert (our_verdict(answer) is None) == (answer in ANSWERS)


def test_install_puts_it_in_rasas_place() -> None:
    original = RemoteAction._validate_action_result
    try:
        action_results.install()
        with pytest.raises(jsonschema.ValidationError):
            RemoteAction("x", None)._validate_action_result({"events": "not a list"})
        assert RemoteAction("x", None)._validate_action_result({"events": []})
    finally:
        RemoteAction._validate_action_result = original  # type: ignore[method-assign]
