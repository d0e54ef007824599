"""Answers about the service (hours, area, sessions, prices) and the way to book."""

from __future__ import annotations

import logging
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher

from actions import kb
from actions.conversation import apologise, read_state, say
from bot import business
from bot.booking.form import FORM as BOOKING_FORM
from bot.kb.query import RedFlag

logger = logging.getLogger(__name__)


class ActionBusinessAnswer(Action):
    """Answer from the configured business settings; no booking link after a red flag."""

    def name(self) -> str:
        return "action_business_answer"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        state = read_state(tracker)
        intent = (tracker.latest_message.get("intent") or {}).get("name")
        try:
            details = kb.settings().business
            booking = (tracker.active_loop or {}).get("name") == BOOKING_FORM
            reply = business.answer(
                intent, details, state, red_flag_record(state.red_flag), mid_booking=booking
            )
        except Exception:  # never end the conversation on an error: apologise instead
            return apologise(dispatcher, self.name(), state)
        say(dispatcher, reply)
        return []


def red_flag_record(red_flag_id: str | None) -> RedFlag | None:
    """The remembered red flag's record; None (generic advice) if it cannot be read."""
    if red_flag_id is None:
        return None
    try:
        return kb.referral_kb().red_flag(red_flag_id)
    except Exception:  # the generic advice still sends them to 999 / NHS 111
        logger.exception("cannot read red flag %s; repeating the generic advice", red_flag_id)
        return None
