"""Managing a booking already made: cancel it, move it, or say when it is.

Thin: `bot.booking.manage` decides. `action_manage_booking` starts `manage_form` (what the
person wants, and their own booking when this conversation has one); the form asks for the
reference and the contact on the booking when it is not this conversation's, the new time
for a move, and a yes; `action_manage_done` applies it: the stored request and the
webhook outbox change (a cancellation or a move is delivered like a new request,
idempotently). A question about the policy ("can I cancel if I need to?") is answered, not
acted on.
"""

from __future__ import annotations

import logging
from abc import ABC, abstractmethod
from collections.abc import Mapping, Sequence
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions import kb
from actions.booking import _deliver_soon
from actions.conversation import say
from bot import business_faq
from bot.booking import dialogue, form, manage
from bot.booking.availability import CountedAvailability, availability_for
from bot.booking.request import BookingRequest
from bot.booking.signals import read_signals
from bot.booking.store import BookingStore
from bot.triage.reply import Button, Reply, intent_payload

logger = logging.getLogger(__name__)

FORM = "manage_form"
ACTION = "manage_action"
REFERENCE = "manage_reference"
CONTACT = "manage_contact"
WHEN = "manage_when"
CONFIRMED = "manage_confirmed"
TRIES = "manage_tries"
NEXT = "manage_next"  # set by action_manage_booking: "manage", "booking" or "none"
SLOTS = (REFERENCE, CONTACT, WHEN, CONFIRMED)
# How the widget and the tests know which question is asked (custom.form.asking).
MARKERS = {REFERENCE: "reference", CONTACT: "contact", WHEN: "when", CONFIRMED: "confirm"}
REQUESTED_SLOT = "requested_slot"


class ActionManageBooking(Action):
    """Start managing a booking: what is wanted, and this conversation's own booking."""

    def name(self) -> str:
        return "action_manage_booking"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        message = tracker.latest_message
        text = message.get("text") or ""
        intent = (message.get("intent") or {}).get("name")
        if manage.is_policy_question(text):  # asked, never acted on
            say(dispatcher, _policy_answer())
            return [SlotSet(NEXT, "none")]
        settings = kb.settings()
        store = BookingStore(settings.bookings_db)
        now = settings.business.now()
        given = manage.reference_in(text)
        own = manage.own_booking(store, tracker.sender_id, now)
        draft = dialogue.Draft.from_slots(tracker.slots)
        unsent = bool(draft.given) and not tracker.get_slot(form.REFERENCE)
        if intent == form.EDIT_INTENT and unsent and given is None:
            return _change_unsent(dispatcher, text, message.get("entities") or [])
        wanted = manage.action_asked(text, intent) or manage.STATUS
        if wanted == manage.CANCEL and unsent and not own.choices and given is None:
            say(
                dispatcher,
                Reply(
                    "Nothing has been booked yet, so there's nothing to cancel. "
                    "I've cleared the details you gave me."
                ),
            )
            return [SlotSet(NEXT, "none"), *[SlotSet(n, None) for n in form.cleared()]]
        if (
            wanted != manage.STATUS
            and not own.choices
            and given is None
            and not (manage.mentions_a_booking(text))
        ):
            response = "utter_booking_nothing_to_cancel"
            if wanted == manage.MOVE:
                response = "utter_booking_nothing_to_change"
            dispatcher.utter_message(response=response)
            return [SlotSet(NEXT, "none")]
        events: list[EventType] = [SlotSet(NEXT, "manage"), SlotSet(ACTION, wanted)]
        events += [SlotSet(name, None) for name in (*SLOTS, TRIES)]
        if wanted != manage.MOVE:
            events.append(SlotSet(WHEN, manage.NOT_NEEDED))
        if wanted == manage.STATUS:
            events.append(SlotSet(CONFIRMED, manage.NOT_NEEDED))
        if len(own.choices) > 1 and given is None:
            listed = "; ".join(manage.describe(b, now) for b in own.choices)
            say(dispatcher, Reply(f"You have more than one booking: {listed}."))
        if given is not None and any(b.reference == given for b in own.choices):
            events += [SlotSet(REFERENCE, given), SlotSet(CONTACT, manage.OWN)]
        elif given is None and own.booking is not None:
            events += [SlotSet(REFERENCE, own.booking.reference), SlotSet(CONTACT, manage.OWN)]
        elif given is not None and store.get(given) is not None:
            events.append(SlotSet(REFERENCE, given))
        if wanted == manage.MOVE:
            new = form.check_when(text, settings.business, availability=_free_for(None))
            if new.ok:
                events.append(SlotSet(WHEN, new.slots[form.WHEN]))
        return events


def _change_unsent(
    dispatcher: CollectingDispatcher, text: str, entities: Sequence[Mapping[str, Any]]
) -> list[EventType]:
    """A Change button (or "change the time") for a booking not yet sent: that answer is
    asked again in the booking form, the rest kept, and the summary shown once more."""
    name = form.field_to_change(text, entities) or form.WHEN
    say(dispatcher, Reply(f"Of course, let's change the {form.LABELS[name]}."))
    return [
        SlotSet(NEXT, "booking"),
        SlotSet(name, None),
        SlotSet(form.CONFIRMED, None),
        SlotSet(form.STATUS, None),
    ]


class ValidateManageForm(Action):
    """Check the reference, the contact on the booking, the new time and the yes."""

    def name(self) -> str:
        return "validate_manage_form"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        asking = tracker.get_slot(REQUESTED_SLOT)
        if not asking or asking not in tracker.slots_to_validate():
            return []
        text = tracker.latest_message.get("text") or ""
        signals = read_signals(text)
        if signals.stops and not signals.gives_a_value:
            say(dispatcher, Reply("Of course. I've left your booking as it is."))
            return [SlotSet(asking, None), SlotSet(REQUESTED_SLOT, None), SlotSet(ACTION, None)]
        store = BookingStore(kb.settings().bookings_db)
        if asking == REFERENCE:
            return self._reference(dispatcher, text, store)
        booking = store.get(tracker.get_slot(REFERENCE) or "")
        if booking is None:
            return [SlotSet(asking, None), SlotSet(REFERENCE, None)]
        if asking == CONTACT:
            return self._contact(dispatcher, tracker, text, booking)
        if asking == WHEN:
            return self._when(dispatcher, text, booking)
        if asking == CONFIRMED:
            if signals.yes or text.startswith("/affirm"):
                return [SlotSet(CONFIRMED, "yes")]
            if signals.no or text.startswith("/deny"):
                return [SlotSet(CONFIRMED, "no")]
            say(dispatcher, Reply("Sorry, is that a yes or a no?"))
        return [SlotSet(asking, None)]

    def _reference(
        self, dispatcher: CollectingDispatcher, text: str, store: BookingStore
    ) -> list[EventType]:
        reference = manage.reference_in(text)
        if reference is not None and store.get(reference) is not None:
            return [SlotSet(REFERENCE, reference)]
        if reference is not None:
            say(dispatcher, Reply(f"I can't find a booking with the reference {reference}."))
        else:
            say(dispatcher, Reply("That doesn't look like a booking reference."))
        return [SlotSet(REFERENCE, None)]

    def _contact(
        self,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        text: str,
        booking: BookingRequest,
    ) -> list[EventType]:
        if manage.contact_matches(text, booking):
            return [SlotSet(CONTACT, "checked")]
        tries = int(tracker.get_slot(TRIES) or 0) + 1
        if tries >= manage.CONTACT_TRIES:
            facts = business_faq.default()
            say(
                dispatcher,
                Reply(f"For your security I can't change that booking here. {facts.reach_us()}"),
            )
            return [SlotSet(CONTACT, None), SlotSet(REQUESTED_SLOT, None), SlotSet(ACTION, None)]
        say(
            dispatcher,
            Reply("That doesn't match the mobile number or e-mail address on that booking."),
        )
        return [SlotSet(CONTACT, None), SlotSet(TRIES, str(tries))]

    def _when(
        self, dispatcher: CollectingDispatcher, text: str, booking: BookingRequest
    ) -> list[EventType]:
        checked = form.check_when(
            text,
            kb.settings().business,
            minutes=str(booking.session_minutes),
            availability=_free_for(booking.reference),
        )
        if checked.reply is not None and not checked.ok:
            say(dispatcher, checked.reply)
        return [SlotSet(WHEN, checked.slots.get(form.WHEN))]


class _ManageQuestion(Action, ABC):
    """One question of the manage form; abstract, so only its subclasses are registered."""

    @abstractmethod
    def question(self, tracker: Tracker) -> Reply:
        """What to ask."""

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        asked = self.question(tracker)
        marker = MARKERS.get(self.name().removeprefix("action_ask_"), "")
        say(dispatcher, Reply(asked.text, asked.buttons, {"form": {"asking": marker}}))
        return []


class AskManageReference(_ManageQuestion):
    def name(self) -> str:
        return "action_ask_manage_reference"

    def question(self, tracker: Tracker) -> Reply:
        return Reply(
            "Which booking is it? Its reference is in your confirmation and looks like MB-7K3Q9."
        )


class AskManageContact(_ManageQuestion):
    def name(self) -> str:
        return "action_ask_manage_contact"

    def question(self, tracker: Tracker) -> Reply:
        return Reply(
            "To keep bookings private: what's the mobile number or e-mail address on that booking?"
        )


class AskManageWhen(_ManageQuestion):
    def name(self) -> str:
        return "action_ask_manage_when"

    def question(self, tracker: Tracker) -> Reply:
        return Reply("What day and time would you like instead?")


class AskManageConfirmed(_ManageQuestion):
    def name(self) -> str:
        return "action_ask_manage_confirmed"

    def question(self, tracker: Tracker) -> Reply:
        settings = kb.settings()
        now = settings.business.now()
        booking = BookingStore(settings.bookings_db).get(tracker.get_slot(REFERENCE) or "")
        if booking is None:
            return Reply("Sorry, I've lost track of that booking. What's its reference?")
        new = form.read_start(tracker.get_slot(WHEN), settings.business)
        text = manage.confirm_question(
            tracker.get_slot(ACTION) or manage.CANCEL,
            booking,
            business_faq.default().cancellation,
            now,
            new,
        )
        return Reply(
            text,
            (
                Button("Yes", intent_payload("affirm")),
                Button("No, leave it", intent_payload("deny")),
            ),
        )


class ActionManageDone(Action):
    """Apply what was asked: cancel or move the stored request (and queue the webhook), or
    say when it is."""

    def name(self) -> str:
        return "action_manage_done"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        cleared: list[EventType] = [SlotSet(name, None) for name in (*SLOTS, TRIES, ACTION)]
        wanted = tracker.get_slot(ACTION)
        if wanted is None:  # stopped on the way
            return cleared
        settings = kb.settings()
        now = settings.business.now()
        store = BookingStore(settings.bookings_db)
        booking = store.get(tracker.get_slot(REFERENCE) or "")
        if booking is None:
            return cleared
        if wanted == manage.STATUS:
            say(dispatcher, Reply(manage.status_text(booking, now)))
            return cleared
        if tracker.get_slot(CONFIRMED) != "yes":
            say(dispatcher, Reply("No problem, I've left your booking as it is."))
            return cleared
        try:
            if wanted == manage.MOVE:
                new = form.read_start(tracker.get_slot(WHEN), settings.business)
                changed = store.move(booking.reference, new, now) if new else None
                said = f"Done: booking {manage.describe(changed, now)}." if changed else None
            else:
                changed = store.cancel(booking.reference, now)
                said = f"Done: booking {booking.reference} is cancelled." if changed else None
        except Exception:  # never end the conversation on an error
            logger.exception("cannot change booking %s", booking.reference)
            said = None
        if said is None:
            say(dispatcher, Reply(f"Sorry, I couldn't change that booking. {_reach_us()}"))
            return cleared
        if settings.business.booking_webhook_url:
            _deliver_soon()
        say(dispatcher, Reply(f"{said} We'll confirm by text or e-mail."))
        return cleared


def _free_for(reference: str | None) -> Any:
    settings = kb.settings()
    if settings.business.availability_url or reference is None:
        return availability_for(settings)
    return CountedAvailability(
        BookingStore(settings.bookings_db), settings.business, ignore=reference
    )


def _policy_answer() -> Reply:
    facts = business_faq.default()
    return Reply(facts.answers.get("ask_cancellation_policy", ""))


def _reach_us() -> str:
    return business_faq.default().reach_us()
