"""The red-flag action: stop triage for the concern and point to the right medical care."""

from __future__ import annotations

import logging
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher

from actions import kb
from actions.triage import read_mentions, read_state, remember, say
from bot import safety, triage

logger = logging.getLogger(__name__)


class ActionRedFlag(Action):
    """Say where to get care and why; remember the red flag so booking is not offered."""

    def name(self) -> str:
        return "action_red_flag"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        state = read_state(tracker)
        named = read_mentions(tracker).red_flags
        entities = tracker.latest_message.get("entities") or []
        text = tracker.latest_message.get("text") or ""
        try:
            flag = safety.assess(kb.referral_kb(), entities, text)
        except Exception:  # without the knowledge base, still send to 999 / NHS 111
            logger.exception("cannot assess the red flag; giving the generic advice")
            flag = None
        turn = triage.red_flag_turn(state, flag, named[0] if named else None)
        say(dispatcher, turn.reply)
        return remember(tracker, turn.state)
