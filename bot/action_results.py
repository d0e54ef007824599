"""Checking the action server's answers against Rasa's schema once, not once per call.

Rasa 3.6's `RemoteAction._validate_action_result` calls `jsonschema.validate(result,
schema)` for every custom action it runs. That function checks the schema itself against
the JSON Schema meta-schema before it looks at the result, and Rasa's event schema is
large: profiled while the booking evaluation ran (py-spy, four conversations at once), the
schema check was 59% of the Rasa process's time, more than the NLU and the policies
together.

`validate_action_result` keeps Rasa's check exactly: the same schema, the same validator
class, the same best-matching error with Rasa's message appended; only the schema check
and the validator are made once per process. `install()` puts it in Rasa's place; `bot
serve rasa` calls it.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from jsonschema import ValidationError, exceptions, validators
from jsonschema.protocols import Validator
from rasa.core.actions.action import RemoteAction
from rasa.shared.constants import DOCS_BASE_URL


@lru_cache(maxsize=1)
def response_validator() -> Validator:
    """The validator of Rasa's action response schema, its schema checked once."""
    schema = RemoteAction.action_response_format_spec()
    cls = validators.validator_for(schema)
    cls.check_schema(schema)
    validator: Validator = cls(schema)
    return validator


def validate_action_result(_action: RemoteAction, result: dict[str, Any]) -> bool:
    """Rasa's `RemoteAction._validate_action_result`, with the validator made once."""
    error = exceptions.best_match(response_validator().iter_errors(result))
    if error is None:
        return True
    assert isinstance(error, ValidationError)
    error.message += (
        ". Failed to validate Action server response from API, make sure your response "
        "from the Action endpoint is valid. For more information about the format visit "
        f"{DOCS_BASE_URL}/custom-actions"
    )
    raise error


def install() -> None:
    """Make Rasa's remote actions check their results with `validate_action_result`."""
    RemoteAction._validate_action_result = validate_action_result
