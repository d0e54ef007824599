"""The booking form: start it (never after a red flag), check answers, summarise, submit.

Thin: every check and every composed reply is in `bot.booking.form`. Confirmed requests
go to `BookingStore`; when a webhook is configured, the outbox is delivered in a worker
thread right after saving and every 30 seconds by a daemon thread started once here.
"""

from __future__ import annotations

import logging
import threading
import time
from abc import ABC, abstractmethod
from dataclasses import replace
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import (
    ActionExecutionRejected,
    ActiveLoop,
    EventType,
    FollowupAction,
    SlotSet,
)
from rasa_sdk.executor import CollectingDispatcher

from actions import kb
from actions.business import business_reply, red_flag_record, side_question
from actions.conversation import apologise, read_mentions, read_state, remember, say
from actions.safety import ActionRedFlag, gate
from bot import business, business_faq
from bot.booking import dialogue, form
from bot.booking.availability import availability_for
from bot.booking.length import offered
from bot.booking.link import booking_page_url
from bot.booking.store import BookingStore
from bot.booking.webhook import deliver_pending
from bot.nlu.asking import mentions_pain
from bot.nlu.red_flag_priority import is_asserted_red_flag
from bot.triage import TriageState
from bot.triage.state import MAX_ZONES, Mentions

logger = logging.getLogger(__name__)

REQUESTED_SLOT = "requested_slot"

DELIVERY_INTERVAL = 30.0  # seconds between deliveries of the webhook outbox


class ActionBookSession(Action):
    """Start the booking form (never after a red flag), picking up a draft left earlier and
    taking every detail the request already gives ("90 mins tomorrow at 5pm in SW4")."""

    def name(self) -> str:
        return "action_book_session"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        state = read_state(tracker)
        if state.red_flag:
            _advise(dispatcher, state)
            return [SlotSet(form.BLOCKED, True)]
        events: list[EventType] = [SlotSet(form.BLOCKED, False), SlotSet(form.STATUS, None)]
        # "my lower back has gone, could someone come round?": the pain goes to the therapist
        told = told_with_the_request(state, read_mentions(tracker))
        events += remember(tracker, told)
        state = told
        draft = dialogue.Draft.from_slots(tracker.slots)
        resumed = bool(draft.given) and not tracker.get_slot(form.REFERENCE)
        if not resumed:  # a fresh booking: answers from a booked one are not carried over
            events += [SlotSet(name, value) for name, value in form.cleared().items()]
            draft = dialogue.Draft()
        events.append(SlotSet(form.CONFIRMED, None))
        text = tracker.latest_message.get("text") or ""
        try:
            given = dialogue.read_start_of_booking(text, draft, _context())
        except Exception:  # the form asks for every detail anyway
            logger.exception("cannot read booking details from the request")
            given = dialogue.Outcome()
        events += [SlotSet(name, value) for name, value in given.slots.items()]
        events.append(SlotSet(form.PENDING, given.pending()))
        if resumed:
            kept = form.kept_words(draft.with_slots(given.slots), kb.settings().business)
            dispatcher.utter_message(response="utter_booking_resumed", kept=kept)
        else:
            asked = side_question(tracker)  # "how much is it? want one weds at 6"
            if asked is not None:
                say(dispatcher, business_reply(asked, tracker, state))
            say(dispatcher, form.start_reply(state))
        # the form next, as the rules say; also when called after a pause ("got it")
        return [*events, FollowupAction(form.FORM)]


def told_with_the_request(state: TriageState, said: Mentions) -> TriageState:
    """The triage state with the places, side and causes a request for a visit names."""
    if not (said.zones or said.triggers):
        return state
    zones = tuple(dict.fromkeys((*said.zones, *state.zones)))[:MAX_ZONES]
    triggers = tuple(dict.fromkeys((*state.triggers, *said.triggers)))
    return replace(state, zones=zones, side=said.side or state.side, triggers=triggers)


def paused_just_now(tracker: Tracker) -> bool:
    """Whether the booking form was paused in answer to the message before the latest."""
    users = [index for index, event in enumerate(tracker.events) if event.get("event") == "user"]
    if len(users) < 2:
        return False
    return any(
        event.get("event") == "slot"
        and event.get("name") == form.STATUS
        and event.get("value") == dialogue.PAUSED
        for event in tracker.events[users[-2] : users[-1]]
    )


def resumes_the_booking(tracker: Tracker) -> bool:
    """ "got it, sorry about that" right after "give me a sec": the booking goes on."""
    text = tracker.latest_message.get("text") or ""
    return paused_just_now(tracker) and dialogue.goes_on_after_a_pause(text)


def picks_up_after_a_pause(tracker: Tracker) -> bool:
    """ "right, found it" or "back now, sorry about that" right after a pause, heard as
    something else (a pain place, a question): the booking goes on, unless a pain is told."""
    text = tracker.latest_message.get("text") or ""
    return resumes_the_booking(tracker) and not mentions_pain(text)


RESUME = FollowupAction("action_book_session")


class ValidateBookingForm(Action):
    """Read each answer with `bot.booking.dialogue`: the answer to the question asked, other
    details given with it, corrections, a typed yes at the summary, or a pause."""

    def name(self) -> str:
        return "validate_booking_form"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        if read_state(tracker).red_flag:  # safety first: never collect a booking then
            return [SlotSet(REQUESTED_SLOT, None), SlotSet(form.STATUS, "blocked")]
        asking = tracker.get_slot(REQUESTED_SLOT)
        if not asking or asking not in tracker.slots_to_validate():
            return []  # the form starting or resuming: nothing was answered this turn
        return answer_events(dispatcher, tracker, asking)


def answer_events(
    dispatcher: CollectingDispatcher, tracker: Tracker, asking: str
) -> list[EventType]:
    """The events of the latest message read as the answer to `asking`."""
    message = tracker.latest_message
    intent = (message.get("intent") or {}).get("name")
    draft = dialogue.Draft.from_slots({**tracker.slots, asking: None})
    if dialogue.steps_aside(message.get("text") or "", intent, asking):
        # a question: the rules answer it, then the form asks the next question; an
        # answer given with it ("SW4 7AA, is parking ok there?") is kept
        kept = dialogue.answer_in(message.get("text") or "", asking, draft, _context())
        return [SlotSet(asking, kept), ActionExecutionRejected(form.FORM)]
    try:
        outcome = dialogue.take_answer(
            message.get("text") or "",
            asking=asking,
            draft=draft,
            context=_context(),
            intent=intent,
            entities=message.get("entities") or [],
        )
    except Exception:  # a bad answer must never end the conversation
        logger.exception("cannot read the booking answer")
        outcome = dialogue.Outcome({asking: None}, form.Reply("Sorry, I didn't follow that."))
    slots = {asking: None, **outcome.slots}
    events: list[EventType] = [SlotSet(name, value) for name, value in slots.items()]
    if outcome.stop:
        if outcome.said is not None:
            say(dispatcher, outcome.said)
        return [*events, SlotSet(form.PENDING, None)]
    return [*events, SlotSet(form.PENDING, outcome.pending())]


class ActionBookingRedFlag(Action):
    """A red flag heard mid-booking. One the safety rules confirm, or a screening question
    they ask, stops the form as it would anywhere. One only the intent model heard, with
    nothing the rules can find ("I had a blood clot three years ago" at the notes question)
    is an answer like any other: it is kept and the form goes on, with no alarm."""

    def name(self) -> str:
        return "action_booking_red_flag"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        asking = tracker.get_slot(REQUESTED_SLOT)
        if asking and not _safety_speaks(tracker):
            events = answer_events(dispatcher, tracker, asking)
            stopped = any(
                event.get("event") == "slot"
                and event.get("name") == form.STATUS
                and event.get("value")
                for event in events
            )
            if stopped:  # "never mind" said with it: the form ends, the draft is kept
                return [*events, ActiveLoop(None)]
            if not any(event.get("event") == "action_execution_rejected" for event in events):
                return [*events, FollowupAction(form.FORM)]
        events = await ActionRedFlag().run(dispatcher, tracker, domain)
        return [*events, ActiveLoop(None), SlotSet(REQUESTED_SLOT, None)]


def _safety_speaks(tracker: Tracker) -> bool:
    """Whether the safety rules have something to say about the latest message."""
    entities = tracker.latest_message.get("entities") or []
    if any(is_asserted_red_flag(entity) for entity in entities):
        return True
    try:
        checked = gate(kb.referral_kb(), tracker, read_state(tracker), read_mentions(tracker))
    except Exception:  # unsure: safety first
        logger.exception("cannot assess the message mid-booking")
        return True
    return checked.turn is not None


class BookingQuestion(Action, ABC):
    """Ask one booking question: what the last answer needs said first, then the question
    (its next wording each time it is asked again), marked `custom.form.asking`.

    Abstract; the action server registers its subclasses, one per slot."""

    slot = ""

    def name(self) -> str:
        return f"action_ask_{self.slot}"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        pending = form.read_pending(tracker.get_slot(form.PENDING))
        asked = _times_asked(tracker, self.slot)
        if pending is not None and pending.asks == self.slot:
            reply = pending.reply
        else:
            question = self.question(tracker, domain, asked)
            reply = form.joined(pending.reply if pending else None, question)
        say(dispatcher, form.Reply(reply.text, reply.buttons, {"form": form.asking(self.slot)}))
        return [SlotSet(form.PENDING, None)]

    @abstractmethod
    def question(self, tracker: Tracker, domain: dict[str, Any], asked: int) -> form.Reply:
        """The question itself, in its `asked`-th wording."""

    def worded(self, domain: dict[str, Any], asked: int) -> form.Reply:
        return _worded(domain, f"utter_ask_{self.slot}", asked, lengths=_lengths())


class AskBookingWhen(BookingQuestion):
    slot = form.WHEN

    def question(self, tracker: Tracker, domain: dict[str, Any], asked: int) -> form.Reply:
        draft = dialogue.Draft.from_slots(tracker.slots)
        day, part = draft.carried_day()
        if day is not None:
            return form.ask_hour(day, part, kb.settings().business)
        return self.worded(domain, asked)


class AskBookingPostcode(BookingQuestion):
    slot = form.PLACE

    def question(self, tracker: Tracker, domain: dict[str, Any], asked: int) -> form.Reply:
        return self.worded(domain, asked)


class AskBookingMinutes(BookingQuestion):
    slot = form.MINUTES

    def question(self, tracker: Tracker, domain: dict[str, Any], asked: int) -> form.Reply:
        worded = self.worded(domain, asked)
        return form.Reply(worded.text, form.length_buttons(kb.settings().business))


class AskBookingName(BookingQuestion):
    slot = form.NAME

    def question(self, tracker: Tracker, domain: dict[str, Any], asked: int) -> form.Reply:
        return self.worded(domain, asked)


class AskBookingContact(BookingQuestion):
    slot = form.CONTACT

    def question(self, tracker: Tracker, domain: dict[str, Any], asked: int) -> form.Reply:
        return self.worded(domain, asked)


class AskBookingNotes(BookingQuestion):
    """The notes question, always asked (it is the health check); what was noted in passing
    is said first, and "no, that's all" keeps it."""

    slot = form.NOTES

    def question(self, tracker: Tracker, domain: dict[str, Any], asked: int) -> form.Reply:
        if not tracker.get_slot(form.NOTED):
            return self.worded(domain, asked)
        # what was noted was said as it was noted, and the summary shows it again
        return _worded(domain, "utter_ask_booking_notes_more", asked)


class AskBookingConfirmed(BookingQuestion):
    """The summary: everything collected, with Confirm and one Change button per answer."""

    slot = form.CONFIRMED

    def question(self, tracker: Tracker, domain: dict[str, Any], asked: int) -> form.Reply:
        state = read_state(tracker)
        answers = form.Answers.from_slots(tracker.slots)
        state = _with_health_notes(state, answers.notes)
        health = [
            found.name
            for pid in state.precautions
            if (found := kb.referral_kb().safety_engine().precaution(pid))
        ]
        return form.summary(answers, state, kb.settings().business, health=health)


class ActionBookingDone(Action):
    """The form has ended: a confirmed booking is stored and handed off; a pause or a stop
    has already been said by the validator."""

    def name(self) -> str:
        return "action_booking_done"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        state = read_state(tracker)
        if state.red_flag or tracker.get_slot(form.STATUS) == "blocked":
            _advise(dispatcher, state)
            return []
        if tracker.get_slot(form.CONFIRMED) != "yes":
            return []
        return await ActionSubmitBooking().run(dispatcher, tracker, domain)


class ActionSubmitBooking(Action):
    """Store the confirmed request (once, however often it is confirmed) and hand it off,
    after checking once more that the time is still free."""

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
            store = BookingStore(settings.bookings_db)
            already = tracker.get_slot(form.REFERENCE)
            if not already and not availability_for(settings).is_free(
                request.starts_at, request.session_minutes
            ):
                taken = form.check_when(
                    answers.when or "",
                    details,
                    minutes=answers.minutes,
                    availability=_context().availability,
                )
                say(dispatcher, taken.reply or form.Reply("That time has just been taken."))
                return [SlotSet(form.WHEN, None), SlotSet(form.CONFIRMED, None)]
            reference, created = store.save(request)
        except Exception:  # never end the conversation on an error: apologise instead
            return apologise(dispatcher, self.name(), state)
        if created and details.booking_webhook_url:
            _deliver_soon()
        request = replace(request, reference=reference)  # confirmed before: the stored one
        say(dispatcher, form.confirmation(request, booking_page_url(details.booking_url, request)))
        return [SlotSet(form.REFERENCE, reference), SlotSet(form.STATUS, None)]


def _with_health_notes(state: TriageState, notes: str | None) -> TriageState:
    """The state with the health conditions the booking notes mention (the pre-visit health
    question is part of the notes question), for the summary and the therapist."""
    found = kb.referral_kb().safety_engine().assess(notes or "").precautions
    return replace(state, precautions=tuple(dict.fromkeys((*state.precautions, *found))))


def _context() -> dialogue.Context:
    settings = kb.settings()
    facts = business_faq.default()
    return dialogue.Context(
        settings.business,
        availability=availability_for(settings),
        covers=lambda postcode: facts.covers(postcode.split()[0]),
        place_in=facts.place_in,
    )


def _lengths() -> str:
    return offered(kb.settings().business)


def _worded(domain: dict[str, Any], response: str, asked: int, **values: str) -> form.Reply:
    """The `asked`-th wording of a domain response (the last one once they run out)."""
    variations = (domain.get("responses") or {}).get(response) or [{"text": ""}]
    chosen = variations[min(asked, len(variations) - 1)]
    text = str(chosen.get("text") or "")
    for key, value in values.items():
        text = text.replace("{" + key + "}", value)
    buttons = tuple(
        form.Button(str(button["title"]), str(button["payload"]))
        for button in chosen.get("buttons") or ()
    )
    return form.Reply(text, buttons)


def _times_asked(tracker: Tracker, slot: str) -> int:
    """How often this booking question has been asked since the form last started."""
    marker = form.asking(slot)
    count = 0
    for event in reversed(tracker.events):
        if event.get("event") == "action" and event.get("name") == "action_book_session":
            break
        if event.get("event") == "bot":
            custom = (event.get("data") or {}).get("custom") or {}
            if custom.get("form") == marker:
                count += 1
    return count


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
