"""The booking form's actions: start (not after a red flag), validate, summarise, submit."""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable, Mapping
from pathlib import Path
from typing import Any

import pytest
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions import booking
from actions.booking import (
    ActionBookSession,
    ActionSubmitBooking,
    AskBookingConfirmed,
    AskBookingName,
    AskBookingPostcode,
    ValidateBookingForm,
)
from actions.manage import ActionManageBooking
from bot.booking import form
from bot.booking.store import BookingStore
from bot.booking.webhook import DeliveryReport
from bot.settings import Settings
from tests.actions.conftest import FROZEN_NOW

Run = Callable[..., Awaitable[Any]]

ANSWERS = {
    form.WHEN: "2031-06-07 10:00",  # a Saturday, well ahead
    form.PLACE: "SW1A 1AA",
    form.MINUTES: "90",
    form.NAME: "Jo Bloggs",
    form.CONTACT: "+447400123456",
    form.NOTES: "",
}
TRIAGE = {"body_zones": ["temple"], "side": "left", "triggers": ["desk_work"]}


@pytest.fixture
def bookings(
    configure: Callable[[Mapping[str, str]], Settings], real_kb_path: Path, tmp_path: Path
) -> Settings:
    """Settings with a bookings database of the test's own."""
    return configure(
        {
            "BOT_KB_PATH": str(real_kb_path),
            "BOT_BOOKINGS_DB": str(tmp_path / "bookings.db"),
            "BOT_BOOKING_URL": "https://book.example.org/visit",
            "BOT_FROZEN_NOW": FROZEN_NOW,
        }
    )


async def answer(
    slot: str,
    said: str,
    tracker: Callable[..., Any],
    domain: dict[str, Any],
    *,
    intent: str = "inform",
    entities: list[dict[str, Any]] | None = None,
    others: Mapping[str, Any] | None = None,
) -> tuple[dict[str, Any], dict[str, Any] | None, list[dict[str, Any]]]:
    """One answer to the question for `slot`, as the form hands it to the validator: the
    slots set, what the next question should say first, and what was said now."""
    slots = {**dict(others or {}), slot: said, "requested_slot": slot}
    events = [{"event": "user", "text": said}, {"event": "slot", "name": slot, "value": said}]
    dispatcher = CollectingDispatcher()
    result = await ValidateBookingForm().run(
        dispatcher, tracker(said, intent, entities or [], slots, events), domain
    )
    changed = {event["name"]: event["value"] for event in result if event["event"] == "slot"}
    pending = changed.pop(form.PENDING, None)
    return changed, json.loads(pending) if pending else None, dispatcher.messages


# --- starting -------------------------------------------------------------------------


async def test_book_starts_the_form_naming_the_focus_areas(
    run: Run, tracker: Callable[..., Any]
) -> None:
    slots = {**TRIAGE, **ANSWERS, form.REFERENCE: "MB-23456"}
    outcome = await run(ActionBookSession(), tracker("book me in", "book_session", [], slots))
    assert all(outcome.slots[name] is None for name in form.cleared())  # a fresh booking
    assert outcome.slots[form.BLOCKED] is False
    assert "temple (left side)" in outcome.text
    assert outcome.buttons == []


async def test_a_time_in_the_first_message_is_kept(run: Run, tracker: Callable[..., Any]) -> None:
    outcome = await run(ActionBookSession(), tracker("book me saturday at 10am", "book_session"))
    assert outcome.slots[form.BLOCKED] is False
    assert outcome.slots[form.WHEN].endswith(" 10:00")


async def test_a_price_question_asked_with_the_request_is_answered_first(
    run: Run, tracker: Callable[..., Any]
) -> None:
    said = "hi what do you charge? fancy one saturday at 10am"
    asked = tracker(said, "book_session")
    asked.latest_message["intent_ranking"] = [
        {"name": "book_session", "confidence": 0.6},
        {"name": "ask_price", "confidence": 0.4},
    ]
    outcome = await run(ActionBookSession(), asked)
    assert "booking page" in outcome.texts[0] and outcome.slots[form.WHEN].endswith(" 10:00")
    plain = await run(ActionBookSession(), tracker("fancy one saturday at 10am", "book_session"))
    assert "booking page" not in plain.text  # no question, no answer to one


async def test_a_red_flag_blocks_the_form_and_repeats_the_advice(
    run: Run, tracker: Callable[..., Any], domain: dict[str, Any]
) -> None:
    slots = {**TRIAGE, "red_flag": "dvt_calf"}
    outcome = await run(ActionBookSession(), tracker("can i book", "book_session", [], slots))
    assert outcome.slots == {form.BLOCKED: True}
    assert "NHS 111" in outcome.text
    assert outcome.buttons == [] and "http" not in outcome.text


# --- validating -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("slot", "said", "kept"),
    [
        ("booking_when", "2031-06-07 10:00", "2031-06-07 10:00"),
        ("booking_postcode", "my postcode is sw1a1aa", "SW1A 1AA"),
        ("booking_minutes", "an hour and a half", "90"),
        ("booking_name", "it's Jo Bloggs", "Jo Bloggs"),
        ("booking_contact", "call me on 07400 123456", "+447400123456"),
        ("booking_contact", "Jo@Example.CO.UK", "Jo@example.co.uk"),
        ("booking_notes", "No notes", ""),
        ("booking_notes", "parking round the back", "parking round the back"),
    ],
)
async def test_good_answers_are_kept_normalised(
    tracker: Callable[..., Any], domain: dict[str, Any], slot: str, said: str, kept: str
) -> None:
    slots, pending, said_now = await answer(slot, said, tracker, domain)
    assert slots[slot] == kept
    assert pending is None and said_now == []


@pytest.mark.parametrize(
    ("slot", "said", "why"),
    [
        ("booking_when", "5am", "06:00 to midnight"),
        ("booking_when", "yesterday at 10am", "already passed"),
        ("booking_when", "whenever", "couldn't find a day or a time"),
        ("booking_postcode", "the big house on the hill", "UK postcode"),
        ("booking_postcode", "M1 1AE", "outside the areas"),
        ("booking_minutes", "45 minutes", "60, 90 or 120"),
        ("booking_name", "42", "name"),
        ("booking_contact", "0161 496 0000", "landline"),
        ("booking_contact", "jo@", "e-mail address"),
    ],
)
async def test_bad_answers_are_refused_saying_why_and_nothing_else_is_lost(
    tracker: Callable[..., Any], domain: dict[str, Any], slot: str, said: str, why: str
) -> None:
    others = {name: value for name, value in ANSWERS.items() if name != slot}
    slots, pending, _ = await answer(slot, said, tracker, domain, others=others)
    assert slots[slot] is None  # only this answer is asked again
    assert all(slots.get(name, value) == value for name, value in others.items())
    assert pending is not None and why in pending["text"]


async def test_a_refused_time_offers_the_nearest_as_buttons(
    tracker: Callable[..., Any], domain: dict[str, Any]
) -> None:
    _, pending, _ = await answer("booking_when", "tomorrow 5am", tracker, domain)
    assert pending is not None and pending["asks"] == form.WHEN
    payloads = [button["payload"] for button in pending["buttons"]]
    assert len(payloads) == 2 and all(payload.endswith(("06:00", "06:30")) for payload in payloads)


async def test_a_day_without_its_hour_is_kept_for_the_next_answer(
    tracker: Callable[..., Any], domain: dict[str, Any]
) -> None:
    slots, pending, _ = await answer("booking_when", "next tuesday after work", tracker, domain)
    assert slots[form.WHEN] is None and slots[form.DAY].endswith("|after work")
    assert pending is not None and "after work" in pending["text"]
    slots, _, _ = await answer(
        "booking_when", "about 6.30", tracker, domain, others={form.DAY: slots[form.DAY]}
    )
    assert slots[form.WHEN].endswith(" 18:30") and slots[form.DAY] is None


async def test_a_correction_of_an_earlier_answer_is_applied_and_said(
    tracker: Callable[..., Any], domain: dict[str, Any]
) -> None:
    others = {form.WHEN: "2031-06-07 10:00", form.PLACE: "SW1A 1AA", form.MINUTES: "60"}
    slots, pending, _ = await answer(
        "booking_name", "actually make it 90 mins", tracker, domain, others=others
    )
    assert slots[form.MINUTES] == "90" and slots[form.NAME] is None
    assert pending is not None and "90 minutes" in pending["text"]


async def test_a_typed_yes_at_the_summary_confirms(
    tracker: Callable[..., Any], domain: dict[str, Any]
) -> None:
    for said in ("yep", "looks good", "go ahead", "so is it booked?"):
        slots, _, _ = await answer(
            form.CONFIRMED, said, tracker, domain, intent="affirm", others=ANSWERS
        )
        assert slots[form.CONFIRMED] == "yes", said


async def test_a_pause_stops_the_form_keeping_the_draft(
    tracker: Callable[..., Any], domain: dict[str, Any]
) -> None:
    others = {form.WHEN: "2031-06-07 10:00", form.PLACE: "SW1A 1AA"}
    slots, pending, said_now = await answer(
        "booking_minutes", "let me think about it", tracker, domain, intent="cancel", others=others
    )
    assert slots["requested_slot"] is None and slots[form.STATUS] == "paused"
    assert form.WHEN not in slots and form.PLACE not in slots  # the draft is kept
    assert "carry on with my booking" in said_now[0]["text"]


async def test_the_form_validates_through_the_action_server_entry_point(
    domain: dict[str, Any],
) -> None:
    tracker = Tracker(
        sender_id="ann",
        slots={name: None for name in domain["slots"]} | {"requested_slot": form.PLACE},
        latest_message={"text": "sw1a 1aa", "intent": {"name": "inform"}, "entities": []},
        events=[
            {"event": "user", "text": "sw1a 1aa"},
            {"event": "slot", "name": form.PLACE, "value": "sw1a 1aa"},
        ],
        paused=False,
        followup_action=None,
        active_loop={"name": form.FORM},
        latest_action_name="action_listen",
    )
    dispatcher = CollectingDispatcher()
    events = await ValidateBookingForm().run(dispatcher, tracker, domain)
    assert {"event": "slot", "timestamp": None, "name": form.PLACE, "value": "SW1A 1AA"} in events


async def test_a_red_flag_stops_the_form(
    tracker: Callable[..., Any], domain: dict[str, Any]
) -> None:
    slots, _, _ = await answer(
        "booking_postcode", "SW1A 1AA", tracker, domain, others={"red_flag": "dvt_calf"}
    )
    assert slots["requested_slot"] is None and slots[form.STATUS] == "blocked"


# --- the questions, the summary, changes -----------------------------------------------


async def test_a_question_asked_again_is_worded_differently(
    run: Run, tracker: Callable[..., Any]
) -> None:
    first = await run(AskBookingPostcode(), tracker("", None, [], {}))
    again = await run(AskBookingPostcode(), tracker("", None, [], {}, first.bot_events()))
    assert first.text != again.text and "postcode" in again.text.lower()
    assert first.custom == [{"form": {"asking": "postcode"}}]


async def test_what_the_last_answer_needs_said_comes_first(
    run: Run, tracker: Callable[..., Any]
) -> None:
    pending = json.dumps({"text": "I've changed the length to 90 minutes.", "buttons": []})
    outcome = await run(AskBookingName(), tracker("", None, [], {form.PENDING: pending}))
    assert outcome.text.startswith("I've changed the length to 90 minutes.\n")
    assert "name" in outcome.text and outcome.slots == {form.PENDING: None}


async def test_the_summary_has_confirm_and_an_edit_button_per_answer(
    run: Run, tracker: Callable[..., Any]
) -> None:
    slots = {**ANSWERS, **TRIAGE}
    outcome = await run(AskBookingConfirmed(), tracker("", None, [], slots))
    assert "Saturday 7 June at 10:00" in outcome.text
    assert "• Focus: temple (left side)" in outcome.text
    assert outcome.payloads[0] == "/confirm_booking"
    assert len(outcome.payloads) == 1 + len(form.FIELDS)
    assert outcome.custom == [{"form": {"asking": "confirm"}}]


async def test_health_in_the_notes_reaches_the_summary(
    run: Run, tracker: Callable[..., Any]
) -> None:
    slots = {**ANSWERS, **TRIAGE, "booking_notes": "I'm 20 weeks pregnant, parking on the drive"}
    outcome = await run(AskBookingConfirmed(), tracker("", None, [], slots))
    assert "• Health, for your therapist: pregnancy" in outcome.text


async def test_a_change_button_after_a_pause_goes_back_to_the_form(
    run: Run, tracker: Callable[..., Any]
) -> None:
    entity = {"entity": "booking_field", "value": form.WHEN}
    said = tracker(
        '/edit_booking{"booking_field": "booking_when"}', "edit_booking", [entity], ANSWERS
    )
    outcome = await run(ActionManageBooking(), said)
    assert outcome.slots["manage_next"] == "booking"
    assert outcome.slots[form.WHEN] is None and form.PLACE not in outcome.slots
    assert "change the time" in outcome.text


async def test_cancel_with_nothing_booked_says_so(run: Run, tracker: Callable[..., Any]) -> None:
    outcome = await run(ActionManageBooking(), tracker("cancel", "cancel"))
    assert outcome.slots == {"manage_next": "none"}
    assert outcome.messages[0]["response"] == "utter_booking_nothing_to_cancel"


async def test_a_policy_question_is_answered_not_acted_on(
    run: Run, tracker: Callable[..., Any]
) -> None:
    outcome = await run(ActionManageBooking(), tracker("can I cancel if I need to?", "cancel"))
    assert outcome.slots == {"manage_next": "none"} and "24 hours" in outcome.text


async def test_a_new_booking_picks_up_a_paused_draft(run: Run, tracker: Callable[..., Any]) -> None:
    draft = {form.WHEN: "2031-06-07 10:00", form.PLACE: "SW1A 1AA", form.STATUS: "paused"}
    outcome = await run(
        ActionBookSession(), tracker("carry on with my booking", "book_session", [], draft)
    )
    assert form.WHEN not in outcome.slots and form.PLACE not in outcome.slots  # kept
    assert outcome.messages[0]["response"] == "utter_booking_resumed"


# --- submitting -----------------------------------------------------------------------


async def test_confirming_stores_one_request_even_if_confirmed_twice(
    run: Run, tracker: Callable[..., Any], bookings: Settings
) -> None:
    slots = {**ANSWERS, **TRIAGE}
    first = await run(
        ActionSubmitBooking(), tracker("/confirm_booking", "confirm_booking", [], slots)
    )
    second = await run(
        ActionSubmitBooking(), tracker("/confirm_booking", "confirm_booking", [], slots)
    )

    store = BookingStore(bookings.bookings_db)
    assert len(store) == 1
    [stored] = store.newest_first()
    reference = first.slots[form.REFERENCE]
    assert stored.reference == reference == second.slots[form.REFERENCE]
    assert stored.conversation_id == "test"
    assert (stored.postcode, stored.session_minutes, stored.contact) == (
        "SW1A 1AA",
        90,
        "+447400123456",
    )
    assert stored.triage.zones == ("temple",) and stored.triage.side == "left"
    assert stored.triage.sources and "upper_trapezius" in stored.triage.sources

    assert reference in first.text
    [payload] = first.custom
    url = payload["booking"]["url"]
    assert url.startswith("https://book.example.org/visit?ref=" + reference)
    assert payload["booking"]["reference"] == reference
    assert payload["booking"]["triage"]["zones"] == ["temple"]
    assert second.custom == first.custom and second.buttons == first.buttons
    assert first.buttons == [
        {"title": "Open your booking", "payload": url, "url": url, "type": "web_url"}
    ]


async def test_no_request_is_stored_after_a_red_flag(
    run: Run, tracker: Callable[..., Any], bookings: Settings
) -> None:
    slots = {**ANSWERS, **TRIAGE, "red_flag": "dvt_calf"}
    outcome = await run(
        ActionSubmitBooking(), tracker("/confirm_booking", "confirm_booking", [], slots)
    )
    assert "NHS 111" in outcome.text
    assert len(BookingStore(bookings.bookings_db)) == 0
    assert outcome.slots == {}


async def test_confirming_with_answers_missing_stores_nothing(
    run: Run, tracker: Callable[..., Any], bookings: Settings
) -> None:
    outcome = await run(ActionSubmitBooking(), tracker("/confirm_booking", "confirm_booking"))
    assert outcome.messages[0]["response"] == "utter_booking_incomplete"
    assert len(BookingStore(bookings.bookings_db)) == 0


async def test_a_configured_webhook_is_called_without_blocking_the_reply(
    run: Run,
    tracker: Callable[..., Any],
    configure: Callable[[Mapping[str, str]], Settings],
    real_kb_path: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    settings = configure(
        {
            "BOT_KB_PATH": str(real_kb_path),
            "BOT_BOOKINGS_DB": str(tmp_path / "bookings.db"),
            "BOT_BOOKING_WEBHOOK_URL": "http://127.0.0.1:9/hook",
        }
    )
    started: list[str] = []
    monkeypatch.setattr(booking, "_deliver_soon", lambda: started.append("now"))
    slots = {**ANSWERS, **TRIAGE}
    await run(ActionSubmitBooking(), tracker("/confirm_booking", "confirm_booking", [], slots))
    await run(ActionSubmitBooking(), tracker("/confirm_booking", "confirm_booking", [], slots))
    assert started == ["now"]  # once, for the new request
    assert BookingStore(settings.bookings_db).deliveries()  # queued in the outbox


def test_the_outbox_is_delivered_only_with_a_webhook(
    configure: Callable[[Mapping[str, str]], Settings],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    delivered: list[str | None] = []
    monkeypatch.setattr(
        booking,
        "deliver_pending",
        lambda settings: (
            delivered.append(settings.business.booking_webhook_url) or DeliveryReport()
        ),
    )
    configure({"BOT_BOOKINGS_DB": str(tmp_path / "bookings.db")})
    booking._deliver_once()
    configure({"BOT_BOOKINGS_DB": str(tmp_path / "b.db"), "BOT_BOOKING_WEBHOOK_URL": "https://x/h"})
    booking._deliver_once()
    assert delivered == ["https://x/h"]


def test_the_outbox_worker_is_a_single_daemon_thread() -> None:
    worker = booking.start_delivery_worker()
    assert worker is booking.start_delivery_worker()
    assert worker.daemon and worker.is_alive()


async def test_a_one_sentence_request_fills_what_it_gives(
    run: Run, tracker: Callable[..., Any]
) -> None:
    said = "Can I book a 90 minute massage for tomorrow at 5pm in sw4 7aa?"
    outcome = await run(ActionBookSession(), tracker(said, "book_session"))
    assert outcome.slots[form.MINUTES] == "90"
    assert outcome.slots[form.WHEN].endswith(" 17:00")
    assert outcome.slots[form.PLACE] == "SW4 7AA"


async def test_an_out_of_hours_request_is_refused_at_once_with_the_nearest_times(
    run: Run, tracker: Callable[..., Any]
) -> None:
    outcome = await run(ActionBookSession(), tracker("book me in for 5am tomorrow", "book_session"))
    assert outcome.slots[form.WHEN] is None
    pending = json.loads(outcome.slots[form.PENDING])
    assert "06:00" in pending["text"] and pending["asks"] == form.WHEN


# --- a red flag heard mid-booking, a pause picked up (session 9) ------------------------


async def test_a_health_note_the_intent_model_alone_takes_for_a_red_flag_keeps_the_form(
    run: Run, tracker: Callable[..., Any], bookings: Settings
) -> None:
    from actions.booking import ActionBookingRedFlag

    said = "my knee was replaced in 2019 and I'm on blood thinners"
    slots = {**ANSWERS, form.NOTES: None, "requested_slot": form.NOTES}
    outcome = await run(
        ActionBookingRedFlag(), tracker(said, "red_flag_symptom", [], slots, [{"event": "user"}])
    )
    assert outcome.slots[form.NOTES] == said
    assert {"event": "followup", "name": form.FORM} in [
        {"event": e["event"], "name": e.get("name")} for e in outcome.events
    ]
    assert "999" not in outcome.text


async def test_a_red_flag_the_rules_find_mid_booking_stops_the_form(
    run: Run, tracker: Callable[..., Any], bookings: Settings
) -> None:
    from actions.booking import ActionBookingRedFlag

    said = "hang on, my left calf has gone hot, red and swollen"
    slots = {**ANSWERS, form.NOTES: None, "requested_slot": form.NOTES}
    outcome = await run(
        ActionBookingRedFlag(), tracker(said, "red_flag_symptom", [], slots, [{"event": "user"}])
    )
    assert {"event": "active_loop", "name": None} in [
        {"event": e["event"], "name": e.get("name")} for e in outcome.events
    ]
    assert "NHS 111" in outcome.text or "999" in outcome.text
    assert outcome.slots.get(form.NOTES) is None


@pytest.mark.parametrize(
    ("said", "goes_on"),
    [("right, found it", True), ("07400 123456", True), ("no leave it", False)],
)
async def test_a_message_right_after_a_pause_picks_the_booking_up(
    run: Run, tracker: Callable[..., Any], said: str, goes_on: bool
) -> None:
    from actions.safety import ActionFallbackAnswer

    events = [
        {"event": "user", "text": "hang on a sec"},
        {"event": "slot", "name": form.STATUS, "value": "paused"},
        {"event": "user", "text": said},
    ]
    outcome = await run(
        ActionFallbackAnswer(), tracker(said, "nlu_fallback", [], {form.STATUS: "paused"}, events)
    )
    followed = [e.get("name") for e in outcome.events if e["event"] == "followup"]
    assert (followed == ["action_book_session"]) is goes_on


@pytest.mark.parametrize(
    ("said", "action", "goes_on"),
    [
        ("ok sorted, back now", "action_explain_sources", True),
        ("right, I've checked", "action_business_answer", True),
        ("ok my knee hurts now too", "action_explain_sources", False),  # a pain: explained
    ],
)
async def test_a_pause_is_picked_up_whatever_the_message_was_heard_as(
    run: Run, tracker: Callable[..., Any], said: str, action: str, goes_on: bool
) -> None:
    from actions.business import ActionBusinessAnswer
    from actions.triage import ActionExplainSources

    events = [
        {"event": "user", "text": "one sec, let me check"},
        {"event": "slot", "name": form.STATUS, "value": "paused"},
        {"event": "user", "text": said},
    ]
    chosen = {
        "action_explain_sources": ActionExplainSources(),
        "action_business_answer": ActionBusinessAnswer(),
    }[action]
    intent = "describe_pain" if action == "action_explain_sources" else "ask_price"
    outcome = await run(chosen, tracker(said, intent, [], {form.STATUS: "paused"}, events))
    followed = [e.get("name") for e in outcome.events if e["event"] == "followup"]
    assert (followed == ["action_book_session"]) is goes_on


def test_the_pain_told_with_a_request_is_kept_for_the_therapist() -> None:
    from actions.booking import told_with_the_request
    from bot.triage import TriageState
    from bot.triage.state import Mentions

    before = TriageState(zones=("neck",), triggers=("desk_work",))
    told = told_with_the_request(before, Mentions(zones=("low_back",), triggers=("lifting",)))
    assert told.zones == ("low_back", "neck") and told.triggers == ("desk_work", "lifting")
    assert told_with_the_request(before, Mentions()) is before
