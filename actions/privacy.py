"""Privacy in the chat: what is kept ("is this private?"), and erasing this conversation's
data ("delete my data"), after a yes to the offer that says what it covers."""

from __future__ import annotations

import logging
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions import kb
from actions.conversation import apologise, read_state, say
from bot import business_faq, triage
from bot.booking.store import BookingStore
from bot.nlu.asking import mentions_pain
from bot.privacy import ERASED_SLOT, replies
from bot.privacy.erasure import Erased, erase_records
from bot.privacy.log import record
from bot.privacy.person import stores_of

logger = logging.getLogger(__name__)


def turned_down(text: str) -> bool:
    """Whether an answer to the offer to erase says no ("no", "don't delete it")."""
    from actions.safety import _KEEP, _NO

    return bool(_NO.match(text) or _KEEP.search(text))


def erase_pending(tracker: Tracker) -> bool:
    """Whether the bot's latest turn offered to erase the conversation's data."""
    asked = triage.last_turn_custom(tracker.events, replies.PRIVACY)
    return asked.get("asked") == replies.ERASE


class ActionPrivacyNotice(Action):
    """What is kept, for how long, how to get a copy or erase it, and the notice's link."""

    def name(self) -> str:
        return "action_privacy_notice"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        try:
            reply = replies.privacy_answer(kb.settings(), business_faq.default().contact.email)
        except Exception:  # never end the conversation on an error: apologise instead
            return apologise(dispatcher, self.name(), read_state(tracker))
        say(dispatcher, reply)
        return []


class ActionEraseMyData(Action):
    """ "Delete my data": the offer first (what it covers, confirm); asked again once
    offered, it is the yes."""

    def name(self) -> str:
        return "action_erase_my_data"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        if erase_pending(tracker):  # asked again once offered: yes, unless it says keep it
            text = tracker.latest_message.get("text") or ""
            return erase_answer(dispatcher, tracker, yes=not turned_down(text))
        try:
            settings = kb.settings()
            booked = _bookings_of(settings.bookings_db, tracker.sender_id)
            reply = replies.erase_offer(settings, business_faq.default().contact.email, booked)
        except Exception:  # never end the conversation on an error: apologise instead
            return apologise(dispatcher, self.name(), read_state(tracker))
        say(dispatcher, reply)
        return []


def _bookings_of(path: Path, conversation: str) -> int:
    """How many standing bookings the conversation made (0 when that cannot be read: the
    offer then speaks of "any booking")."""
    try:
        return len(BookingStore(path).standing_for(conversation))
    except Exception:
        logger.exception("cannot count the conversation's bookings")
        return 0


def erase_conversation(dispatcher: CollectingDispatcher, tracker: Tracker) -> list[EventType]:
    """Erase this conversation's records now; its events go when Rasa saves the turn (the
    slot tells the tracker store to delete them instead)."""
    now = datetime.now(timezone.utc)
    try:
        settings = kb.settings()
        stores = stores_of(settings)
        erased = erase_records(stores, [tracker.sender_id])
        erased = Erased(
            1, erased.bookings, erased.deliveries, erased.callbacks, erased.offered_options
        )
        record(stores.log_db, "erase", "chat", now, erased.as_dict())
    except Exception:  # nothing deleted is better than a half-told deletion
        logger.exception("erasing a conversation's records failed")
        dispatcher.utter_message(
            text="Sorry, I couldn't delete your data just now. Please try again in a minute, "
            "or ask the team to do it for you."
        )
        return []
    say(dispatcher, replies.erased_reply(erased, settings))
    return [SlotSet(ERASED_SLOT, now.timestamp())]


def erase_answer(dispatcher: CollectingDispatcher, tracker: Tracker, yes: bool) -> list[EventType]:
    """The yes or no to the offer to erase."""
    if yes:
        return erase_conversation(dispatcher, tracker)
    say(dispatcher, replies.kept_reply())
    return []


class ActionGreet(Action):
    """The greeting, with the link to the privacy notice (the first message people see)."""

    def name(self) -> str:
        return "action_greet"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        try:
            url = replies.notice_url(kb.settings())
        except Exception:  # the greeting must not fail: the notice's path on the same site
            logger.exception("cannot read the settings for the privacy notice")
            url = replies.NOTICE_PATH
        if mentions_pain(tracker.latest_message.get("text") or ""):
            # "hi, I'm in agony": a greeting that hears it, then triage goes on (it asks
            # where it hurts, or explains a place the greeting named).
            dispatcher.utter_message(response="utter_greet_in_pain", privacy_url=url)
            return [FollowupAction("action_explain_sources")]
        dispatcher.utter_message(response="utter_greet", privacy_url=url)
        return []
