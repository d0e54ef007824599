"""Triage actions: where the pain likely comes from, what brings it on, and what helps."""

from __future__ import annotations

import logging
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions import kb
from bot import triage
from bot.triage import Mentions, Reply, TriageState, Turn

logger = logging.getLogger(__name__)


def read_state(tracker: Tracker) -> TriageState:
    """What earlier turns established, from the slots."""
    return TriageState.from_slots(tracker.slots)


def read_mentions(tracker: Tracker) -> Mentions:
    """What the latest message names, from its entities."""
    return Mentions.from_entities(tracker.latest_message.get("entities") or [])


def say(dispatcher: CollectingDispatcher, reply: Reply) -> None:
    """Send the reply: its text with buttons, then its custom payload."""
    for message in reply.messages():
        dispatcher.utter_message(**message)


def remember(tracker: Tracker, state: TriageState) -> list[EventType]:
    """SlotSet events for the slots `state` changes."""
    return [SlotSet(name, value) for name, value in state.changed_slots(tracker.slots).items()]


def apologise(dispatcher: CollectingDispatcher, action: str, state: TriageState) -> list[EventType]:
    """Log the failure and say sorry with a way forward (no booking link after a red flag)."""
    logger.exception("%s failed; apologising instead", action)
    say(dispatcher, triage.unavailable(None if state.red_flag else kb.booking_url()))
    return []


class ActionExplainSources(Action):
    """Name the likeliest source muscles of the pain described, or ask where exactly."""

    def name(self) -> str:
        return "action_explain_sources"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        state = read_state(tracker)
        answering = triage.last_asked(tracker.events)
        try:
            turn = triage.explain_sources(
                kb.referral_kb(), state, read_mentions(tracker), answering
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
        asked = triage.already_asked(tracker.events, triage.CAUSE_QUESTION)
        try:
            turn = triage.explain_cause(kb.referral_kb(), state, read_mentions(tracker), asked)
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
        try:
            turn = triage.care_tips(kb.referral_kb(), state, read_mentions(tracker))
        except Exception:  # never end the conversation on an error: apologise instead
            return apologise(dispatcher, self.name(), state)
        return _spoken(dispatcher, tracker, turn)


def _spoken(dispatcher: CollectingDispatcher, tracker: Tracker, turn: Turn) -> list[EventType]:
    say(dispatcher, turn.reply)
    return remember(tracker, turn.state)
