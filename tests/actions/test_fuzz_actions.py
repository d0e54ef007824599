"""Every action of the domain, run on generated messages with generated intents, entities
and slots: no exception escapes, and everything said is non-empty text (or a response or
a custom payload), whatever was typed."""

from __future__ import annotations

import asyncio
import inspect
import logging
import os
import sys
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rasa_sdk import Action
from rasa_sdk.executor import CollectingDispatcher

import actions.booking
import actions.business
import actions.manage
import actions.privacy
import actions.safety
import actions.triage
from bot.settings import Settings

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "fuzz"))
from hostile import messages  # noqa: E402

EXAMPLES = int(os.environ.get("FUZZ_ACTION_EXAMPLES", "6000"))
MODULES = (actions.booking, actions.business, actions.manage, actions.privacy, actions.safety,
           actions.triage)  # fmt: skip


def every_action() -> list[Action]:
    """One instance of every concrete action class the action server registers."""
    found: dict[str, Action] = {}
    for module in MODULES:
        for _, cls in inspect.getmembers(module, inspect.isclass):
            if issubclass(cls, Action) and cls is not Action and not inspect.isabstract(cls):
                action = cls()
                found[action.name()] = action
    return list(found.values())


ACTIONS = every_action()
ZONES = st.sampled_from(["neck", "knee", "low_back", "temple", "calf", "chest", "nowhere"])
ENTITY = st.fixed_dictionaries(
    {
        "entity": st.sampled_from(["body_zone", "side", "trigger", "red_flag", "booking_field"]),
        "value": st.one_of(ZONES, st.text(max_size=30)),
    },
    optional={"role": st.sampled_from(["negated", "other"])},
)


def slot_values(domain: Mapping[str, Any]) -> st.SearchStrategy[dict[str, Any]]:
    """Any of the domain's slots set to any plausible or implausible value."""
    value = st.one_of(
        st.none(), st.booleans(), st.integers(-5, 500), st.text(max_size=60),
        st.lists(ZONES, max_size=4), st.floats(allow_nan=False, allow_infinity=False),
    )  # fmt: skip
    return st.dictionaries(st.sampled_from(sorted(domain["slots"])), value, max_size=6)


def test_every_action_answers_anything(
    domain: dict[str, Any],
    tracker: Callable[..., Any],
    configure: Callable[[Mapping[str, str]], Settings],
    real_kb_path: Path,
    tmp_path_factory: pytest.TempPathFactory,
    caplog: pytest.LogCaptureFixture,
) -> None:
    state = tmp_path_factory.mktemp("fuzz-actions")
    configure(
        {
            "BOT_KB_PATH": str(real_kb_path),
            "BOT_BOOKINGS_DB": str(state / "bookings.db"),
            "BOT_VAR_DIR": str(state),
            "BOT_FROZEN_NOW": "2031-06-01 09:00",
        }
    )
    intents = sorted(domain["intents"]) + ["nlu_fallback"]
    assert len(ACTIONS) >= 25

    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )
    @given(
        st.sampled_from(ACTIONS),
        messages(),
        st.sampled_from(intents),
        st.lists(ENTITY, max_size=3),
        slot_values(domain),
    )
    def run(
        action: Action, text: str, intent: str, entities: list[dict[str, Any]], slots: dict
    ) -> None:
        dispatcher = CollectingDispatcher()
        caplog.clear()
        events = asyncio.run(action.run(dispatcher, tracker(text, intent, entities, slots), domain))
        assert isinstance(events, list)
        for message in dispatcher.messages:
            said = message.get("text")
            assert said is None or (isinstance(said, str) and said.strip()), message
            assert said or message.get("response") or message.get("custom"), message
            if said and "<script" in said.lower():
                assert "<script" in text.lower()  # only ever a person's own words said back

        # An action that failed inside and apologised is a failure found, not an answer.
        failed = [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR]
        assert not failed, failed

    run()
