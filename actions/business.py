"""Answers about the service (hours, area, sessions, prices) and the way to book."""

from __future__ import annotations

import logging
from datetime import datetime, timezone
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher

from actions import kb
from actions.conversation import apologise, read_state, say
from bot import business, business_faq, callbacks, triage
from bot.booking.form import FORM as BOOKING_FORM
from bot.kb.query import RedFlag
from bot.nlu.asking import is_question
from bot.triage import TriageState
from bot.triage.reply import Reply

logger = logging.getLogger(__name__)


class ActionBusinessAnswer(Action):
    """Answer from the configured business settings; no booking link after a red flag."""

    def name(self) -> str:
        return "action_business_answer"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        from actions.booking import RESUME, picks_up_after_a_pause

        if picks_up_after_a_pause(tracker):  # "ok back, where were we" after a pause
            return [RESUME]
        state = read_state(tracker)
        intent = (tracker.latest_message.get("intent") or {}).get("name")
        try:
            reply = business_reply(intent, tracker, state)
        except Exception:  # never end the conversation on an error: apologise instead
            return apologise(dispatcher, self.name(), state)
        say(dispatcher, reply)
        return []


def business_reply(intent: str | None, tracker: Tracker, state: TriageState) -> Reply:
    """The answer to a question about the business (hours, prices, areas, the FAQ topics)."""
    details = kb.settings().business
    booking = (tracker.active_loop or {}).get("name") == BOOKING_FORM
    facts = business_faq.default()
    text = tracker.latest_message.get("text") or ""
    area = facts.area_answer(text) if intent == business.SERVICE_AREA else None
    if isinstance(intent, str) and intent in facts.answers:
        return facts.answer(intent, details, state)
    if area is not None:
        return Reply(area)
    return business.answer(
        intent,
        details,
        state,
        red_flag_record(state.red_flag),
        mid_booking=booking,
        areas=facts.postcode_areas,
    )


# A question asked with a request for a visit ("how much is it? want one weds at 6") is
# answered first when the classifiers heard it, below the request, with this confidence.
SIDE_QUESTION_CONFIDENCE = 0.25
SIDE_QUESTIONS = frozenset({business.OPENING_HOURS, business.PRICE, business.SERVICE_AREA})


def side_question(tracker: Tracker) -> str | None:
    """The business question a request for a visit also asks, if the classifiers heard one
    next to the request; None otherwise."""
    text = tracker.latest_message.get("text") or ""
    ranking = tracker.latest_message.get("intent_ranking") or []
    asks = is_question(text) or "?" in text  # "hey how much is it?? want one weds"
    if len(ranking) < 2 or ranking[0].get("name") != business.BOOK or not asks:
        return None
    name, confidence = ranking[1].get("name"), float(ranking[1].get("confidence") or 0.0)
    known = SIDE_QUESTIONS | set(business_faq.default().answers)
    if isinstance(name, str) and name in known and confidence >= SIDE_QUESTION_CONFIDENCE:
        return name
    return None


def red_flag_record(red_flag_id: str | None) -> RedFlag | None:
    """The remembered red flag's record; None (generic advice) if it cannot be read."""
    if red_flag_id is None:
        return None
    try:
        return kb.referral_kb().red_flag(red_flag_id)
    except Exception:  # the generic advice still sends them to 999 / NHS 111
        logger.exception("cannot read red flag %s; repeating the generic advice", red_flag_id)
        return None


class ActionContactTeam(Action):
    """ "Can I talk to a person?": the team's phone, e-mail and hours, and a call-back offer."""

    def name(self) -> str:
        return "action_contact_team"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        state = read_state(tracker)
        try:
            reply = business_faq.default().contact_reply()
        except Exception:  # never end the conversation on an error: apologise instead
            return apologise(dispatcher, self.name(), state)
        say(dispatcher, reply)
        return []


def callback_pending(tracker: Tracker) -> bool:
    """Whether the bot's latest turn asked for the number to ring."""
    asked = triage.last_turn_custom(tracker.events, business_faq.CALLBACK)
    return asked.get("asked") == business_faq.NUMBER


class ActionRequestCallback(Action):
    """A call back from the team: the number (asked for if the message has none) is stored
    with the conversation's triage summary."""

    def name(self) -> str:
        return "action_request_callback"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        state = read_state(tracker)
        text = tracker.latest_message.get("text") or ""
        try:
            facts = business_faq.default()
            phone = callbacks.parse_phone(text)
            if phone is None:
                say(dispatcher, Reply(
                    "Happy to arrange that. What number should the team ring you on, and "
                    f"when suits you? They call back {facts.contact.hours}; or ring them "
                    f"yourself on {facts.contact.phone}.",
                    (), business_faq.CALLBACK_ASKED,
                ))  # fmt: skip
                return []
            when = callbacks.without_phone(text) if not text.startswith("/") else ""
            callbacks.CallbackStore(kb.settings().bookings_db).save(
                callbacks.CallbackRequest(
                    tracker.sender_id, phone, when, callbacks.summary_of(state),
                    datetime.now(timezone.utc),
                )
            )  # fmt: skip
        except Exception:  # never end the conversation on an error: apologise instead
            return apologise(dispatcher, self.name(), state)
        shown = callbacks.display(phone)
        say(dispatcher, Reply(
            f"Thanks, I've asked the team to ring you on {shown}. They call back "
            f"{facts.contact.hours}, and they'll have a summary of what you've told me, so you "
            "won't need to repeat it."
        ))  # fmt: skip
        return []
