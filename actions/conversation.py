"""What every action reads from the tracker and how it speaks: state, mentions, replies."""

from __future__ import annotations

import logging

from rasa_sdk import Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions import kb
from bot import triage
from bot.triage import Mentions, Reply, TriageState

logger = logging.getLogger(__name__)


def read_state(tracker: Tracker) -> TriageState:
    """What earlier turns established, from the slots."""
    return TriageState.from_slots(tracker.slots)


def read_mentions(tracker: Tracker) -> Mentions:
    """What the latest message names, from its entities."""
    return Mentions.from_entities(tracker.latest_message.get("entities") or [])


def earlier_messages(tracker: Tracker) -> list[str]:
    """The texts of the person's messages before the latest one, in this session, in order."""
    texts: list[str] = []
    for event in tracker.events:
        if event.get("event") == "session_started":
            texts = []
        elif event.get("event") == "user" and event.get("text"):
            texts.append(str(event["text"]))
    return texts[:-1]


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
