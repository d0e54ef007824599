"""Triage actions: where the pain likely comes from, what brings it on, and what helps.

Each first runs the safety gate (`actions.safety.gate`): a red flag, a crisis or a
screening question comes before any explanation.
"""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher

from actions import kb
from actions.conversation import apologise, read_mentions, read_state, remember, say
from actions.safety import gate
from bot import triage
from bot.triage import Turn


class ActionExplainSources(Action):
    """Name the likeliest source muscles of the pain described, or ask where exactly."""

    def name(self) -> str:
        return "action_explain_sources"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        state = read_state(tracker)
        said = read_mentions(tracker)
        answering = triage.last_asked(tracker.events)
        try:
            checked = gate(kb.referral_kb(), tracker, state, said)
            turn = checked.turn or triage.explain_sources(
                kb.referral_kb(), checked.state, said, answering
            )
        except Exception:  # never end the conversation on an error: apologise instead
            return apologise(dispatcher, self.name(), state)
        return _spoken(dispatcher, tracker, turn)


class ActionExplainCause(Action):
    """Explain what brings the pain on and what to change, or ask once what brought it on."""

    def name(self) -> str:
        return "action_explain_cause"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        state = read_state(tracker)
        said = read_mentions(tracker)
        asked = triage.already_asked(tracker.events, triage.CAUSE_QUESTION)
        try:
            checked = gate(kb.referral_kb(), tracker, state, said)
            turn = checked.turn or triage.explain_cause(
                kb.referral_kb(), checked.state, said, asked
            )
        except Exception:  # never end the conversation on an error: apologise instead
            return apologise(dispatcher, self.name(), state)
        return _spoken(dispatcher, tracker, turn)


class ActionCareTips(Action):
    """Self-care for the likely source muscles: heat, pressure, stretches, what to expect."""

    def name(self) -> str:
        return "action_care_tips"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        state = read_state(tracker)
        said = read_mentions(tracker)
        try:
            checked = gate(kb.referral_kb(), tracker, state, said)
            turn = checked.turn or triage.care_tips(kb.referral_kb(), checked.state, said)
        except Exception:  # never end the conversation on an error: apologise instead
            return apologise(dispatcher, self.name(), state)
        return _spoken(dispatcher, tracker, turn)


def _spoken(dispatcher: CollectingDispatcher, tracker: Tracker, turn: Turn) -> list[EventType]:
    say(dispatcher, turn.reply)
    return remember(tracker, turn.state)
