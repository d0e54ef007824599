"""The booking form: start it (never after a red flag), check answers, summarise, submit.

Thin: every check and every composed reply is in `bot.booking.form`. Confirmed requests
go to `BookingStore`; when a webhook is configured, the outbox is delivered in a worker
thread right after saving and every 30 seconds by a daemon thread started once here.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import replace
from typing import Any

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions import kb
from actions.business import red_flag_record
from actions.conversation import apologise, read_state, say
from bot import business
from bot.booking import form
from bot.booking.link import booking_page_url
from bot.booking.store import BookingStore
from bot.booking.webhook import deliver_pending
from bot.triage import TriageState

logger = logging.getLogger(__name__)

DELIVERY_INTERVAL = 30.0  # seconds between deliveries of the webhook outbox


class ActionBookSession(Action):
    """Start the booking form, or after a red flag repeat the medical advice instead."""

    def name(self) -> str:
        return "action_book_session"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        state = read_state(tracker)
        if state.red_flag:
            _advise(dispatcher, state)
            return [SlotSet(form.BLOCKED, True)]
        # a fresh booking each time: answers from an earlier one are not carried over
        events: list[EventType] = [SlotSet(form.BLOCKED, False)]
        events += [SlotSet(name, value) for name, value in form.cleared().items()]
        text = tracker.latest_message.get("text") or ""
        try:
            when = form.check_when(text, kb.settings().business)
        except Exception:  # the form asks for the time anyway
            logger.exception("cannot read a time from the booking message")
        else:
            if when.ok:  # "book me in saturday at 10am": keep the time already given
                events += [SlotSet(name, value) for name, value in when.slots.items()]
        say(dispatcher, form.start_reply(state))
        return events


class ValidateBookingForm(FormValidationAction):
    """Check each answer with `bot.booking.form`; a refusal says why and asks again."""

    def name(self) -> str:
        return "validate_booking_form"

    async def required_slots(
        self,
        domain_slots: list[str],
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: DomainDict,
    ) -> list[str]:
        if read_state(tracker).red_flag:  # safety first: never collect a booking then
            return []
        return list(domain_slots)

    def validate_booking_when(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        details, minutes = kb.settings().business, tracker.get_slot(form.MINUTES)
        return _validated(
            dispatcher,
            form.WHEN,
            value,
            lambda said: form.check_when(said, details, minutes=minutes),
        )

    def validate_booking_postcode(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        return _validated(dispatcher, form.PLACE, value, form.check_postcode)

    def validate_booking_minutes(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        details, when = kb.settings().business, tracker.get_slot(form.WHEN)
        return _validated(
            dispatcher,
            form.MINUTES,
            value,
            lambda said: form.check_minutes(said, details, when=when),
        )

    def validate_booking_name(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        return _validated(dispatcher, form.NAME, value, form.check_name)

    def validate_booking_contact(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        return _validated(dispatcher, form.CONTACT, value, form.check_contact)

    def validate_booking_notes(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        return _validated(dispatcher, form.NOTES, value, form.check_notes)


class ActionAskBookingMinutes(Action):
    """Ask for the session length, with the configured lengths as buttons."""

    def name(self) -> str:
        return "action_ask_booking_minutes"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        say(dispatcher, form.ask_length(kb.settings().business))
        return []


class ActionBookingSummary(Action):
    """Everything collected, with Confirm and Edit buttons."""

    def name(self) -> str:
        return "action_booking_summary"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        state = read_state(tracker)
        if state.red_flag:
            _advise(dispatcher, state)
            return []
        answers = form.Answers.from_slots(tracker.slots)
        if not answers.complete:
            dispatcher.utter_message(response="utter_booking_incomplete")
            return []
        state = _with_health_notes(state, answers.notes)
        health = [
            found.name
            for pid in state.precautions
            if (found := kb.referral_kb().safety_engine().precaution(pid))
        ]
        say(dispatcher, form.summary(answers, state, kb.settings().business, health=health))
        return []


class ActionSubmitBooking(Action):
    """Store the confirmed request (once, however often it is confirmed) and hand it off."""

    def name(self) -> str:
        return "action_submit_booking"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        state = read_state(tracker)
        if state.red_flag:
            _advise(dispatcher, state)
            return []
        try:
            settings = kb.settings()
            details = settings.business
            answers = form.Answers.from_slots(tracker.slots)
            request = form.build_request(
                tracker.sender_id,
                answers,
                _with_health_notes(state, answers.notes),
                _sources(state),
                details,
            )
            if request is None:
                dispatcher.utter_message(response="utter_booking_incomplete")
                return []
            reference, created = BookingStore(settings.bookings_db).save(request)
        except Exception:  # never end the conversation on an error: apologise instead
            return apologise(dispatcher, self.name(), state)
        if created and details.booking_webhook_url:
            _deliver_soon()
        request = replace(request, reference=reference)  # confirmed before: the stored one
        say(dispatcher, form.confirmation(request, booking_page_url(details.booking_url, request)))
        return [SlotSet(form.REFERENCE, reference)]


def _with_health_notes(state: TriageState, notes: str | None) -> TriageState:
    """The state with the health conditions the booking notes mention (the pre-visit health
    question is part of the notes question), for the summary and the therapist."""
    found = kb.referral_kb().safety_engine().assess(notes or "").precautions
    return replace(state, precautions=tuple(dict.fromkeys((*state.precautions, *found))))


class ActionEditBooking(Action):
    """Forget the answer someone wants to change (keeping a new value they gave with it)."""

    def name(self) -> str:
        return "action_edit_booking"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        text = tracker.latest_message.get("text") or ""
        entities = tracker.latest_message.get("entities") or []
        name = form.field_to_change(text, entities)
        if name is None:
            dispatcher.utter_message(response="utter_booking_which_change")
            return []
        slots: dict[str, Any] = {name: None, form.REFERENCE: None}
        given = _check(name, text, tracker)
        if given is not None and given.ok:
            slots.update(given.slots)
        else:
            dispatcher.utter_message(response="utter_booking_change_ok")
        return [SlotSet(slot, value) for slot, value in slots.items()]


class ActionCancelBooking(Action):
    """Forget the booking in progress (the rule then says so kindly); nothing is sent."""

    def name(self) -> str:
        return "action_cancel_booking"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        return [SlotSet(name, None) for name in form.FIELDS]


def _validated(
    dispatcher: CollectingDispatcher,
    slot: str,
    value: Any,
    check: Callable[[str], form.Checked],
) -> dict[str, Any]:
    """The slots `check` sets for `value`, after saying any refusal.

    A slot emptied on purpose (a new booking, a change) is validated too, since rasa-sdk
    validates every slot set this turn: it is left empty, unchecked, so the form asks.
    """
    if value is None:
        return {slot: None}
    checked = check(str(value))
    if checked.reply is not None:
        say(dispatcher, checked.reply)
    return checked.slots


def _check(name: str, text: str, tracker: Tracker) -> form.Checked | None:
    """The new value given with a change ("make it 90 minutes"), if it is one."""
    details = kb.settings().business
    if name == form.WHEN:
        return form.check_when(text, details, minutes=tracker.get_slot(form.MINUTES))
    if name == form.MINUTES:
        return form.check_minutes(text, details, when=tracker.get_slot(form.WHEN))
    if name == form.PLACE:
        return form.check_postcode(text)
    if name == form.CONTACT:
        return form.check_contact(text)
    return None  # a name or notes are asked for afresh


def _advise(dispatcher: CollectingDispatcher, state: TriageState) -> None:
    """The medical advice again, with no way to book (bot.business.book after a red flag)."""
    say(dispatcher, business.book(kb.settings().business, state, red_flag_record(state.red_flag)))


def _sources(state: TriageState) -> tuple[str, ...]:
    """The likely source muscles for the therapist; none if the knowledge base is unreadable."""
    if not state.zones:
        return ()
    try:
        found = kb.referral_kb().sources_for(state.zones, state.triggers, state.side, limit=3)
    except Exception:  # the booking matters more than the summary
        logger.exception("cannot rank the sources for the booking summary")
        return ()
    return tuple(source.id for source in found)


def _deliver_once() -> None:
    try:
        settings = kb.settings()
        if settings.business.booking_webhook_url:
            report = deliver_pending(settings)
            if report.delivered or report.failed:
                logger.info("booking webhook: %s", report)
    except Exception:  # the outbox keeps the request; the next round retries it
        logger.exception("booking webhook delivery failed")


def _deliver_soon() -> None:
    """Deliver the outbox now, in a worker thread: the reply never waits for the webhook."""
    threading.Thread(target=_deliver_once, name="booking-webhook-now", daemon=True).start()


def _deliver_periodically(interval: float = DELIVERY_INTERVAL) -> None:
    while True:
        time.sleep(interval)
        _deliver_once()


_worker_lock = threading.Lock()
_worker: threading.Thread | None = None


def start_delivery_worker(interval: float = DELIVERY_INTERVAL) -> threading.Thread:
    """The daemon thread that retries the webhook outbox every `interval` s (started once)."""
    global _worker
    with _worker_lock:
        if _worker is None or not _worker.is_alive():
            _worker = threading.Thread(
                target=_deliver_periodically,
                args=(interval,),
                name="booking-webhook-outbox",
                daemon=True,
            )
            _worker.start()
        return _worker


start_delivery_worker()
