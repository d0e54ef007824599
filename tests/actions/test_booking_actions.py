"""The booking form's actions: start (not after a red flag), validate, summarise, submit."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from pathlib import Path
from typing import Any

import pytest
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions import booking
from actions.booking import (
    ActionBookingSummary,
    ActionBookSession,
    ActionCancelBooking,
    ActionEditBooking,
    ActionSubmitBooking,
    ValidateBookingForm,
)
from bot.booking import form
from bot.booking.store import BookingStore
from bot.booking.webhook import DeliveryReport
from bot.settings import Settings

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
        }
    )


def validate(
    slot: str, value: str | None, tracker: Tracker, domain: dict[str, Any]
) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """Run one validate_<slot> method: the slots it sets and what it said."""
    dispatcher = CollectingDispatcher()
    method = getattr(ValidateBookingForm(), f"validate_{slot}")
    return method(value, dispatcher, tracker, domain), dispatcher.messages


# --- starting -------------------------------------------------------------------------


async def test_book_starts_the_form_naming_the_focus_areas(
    run: Run, tracker: Callable[..., Any]
) -> None:
    slots = {**TRIAGE, **ANSWERS, form.REFERENCE: "MB-23456"}
    outcome = await run(ActionBookSession(), tracker("book me in", "book_session", [], slots))
    assert outcome.slots == {form.BLOCKED: False, **form.cleared()}  # a fresh booking
    assert "temple (left side)" in outcome.text
    assert outcome.buttons == []


async def test_a_time_in_the_first_message_is_kept(run: Run, tracker: Callable[..., Any]) -> None:
    outcome = await run(ActionBookSession(), tracker("book me saturday at 10am", "book_session"))
    assert outcome.slots[form.BLOCKED] is False
    assert outcome.slots[form.WHEN].endswith(" 10:00")


async def test_a_red_flag_blocks_the_form_and_repeats_the_advice(
    run: Run, tracker: Callable[..., Any], domain: dict[str, Any]
) -> None:
    slots = {**TRIAGE, "red_flag": "dvt_calf"}
    outcome = await run(ActionBookSession(), tracker("can i book", "book_session", [], slots))
    assert outcome.slots == {form.BLOCKED: True}
    assert "NHS 111" in outcome.text
    assert outcome.buttons == [] and "http" not in outcome.text
    # and should the form be reached some other way, it asks for nothing
    required = await ValidateBookingForm().required_slots(
        list(form.FIELDS), CollectingDispatcher(), tracker("", None, [], slots), domain
    )
    assert required == []


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
def test_good_answers_are_kept_normalised(
    tracker: Callable[..., Any], domain: dict[str, Any], slot: str, said: str, kept: str
) -> None:
    slots, said_back = validate(slot, said, tracker(said, "inform"), domain)
    assert slots == {slot: kept}
    assert said_back == []


@pytest.mark.parametrize(
    ("slot", "said", "why"),
    [
        ("booking_when", "5am", "06:00 to midnight"),
        ("booking_when", "yesterday at 10am", "already passed"),
        ("booking_when", "whenever", "couldn't work out when"),
        ("booking_postcode", "the big house on the hill", "UK postcode"),
        ("booking_minutes", "45 minutes", "60, 90 or 120"),
        ("booking_name", "42", "What name"),
        ("booking_contact", "0161 496 0000", "landline"),
        ("booking_contact", "jo@", "e-mail address"),
    ],
)
def test_bad_answers_are_refused_saying_why_and_nothing_else_is_lost(
    tracker: Callable[..., Any], domain: dict[str, Any], slot: str, said: str, why: str
) -> None:
    others = {name: value for name, value in ANSWERS.items() if name != slot}
    slots, said_back = validate(slot, said, tracker(said, "inform", [], others), domain)
    assert slots == {slot: None}  # only this answer is asked again
    assert why in said_back[0]["text"]


@pytest.mark.parametrize("slot", form.FIELDS)
def test_a_slot_emptied_on_purpose_is_asked_not_checked(
    tracker: Callable[..., Any], domain: dict[str, Any], slot: str
) -> None:
    slots, said_back = validate(slot, None, tracker("book me in", "book_session"), domain)
    assert slots == {slot: None}
    assert said_back == []


def test_a_refused_time_offers_the_nearest_as_buttons(
    tracker: Callable[..., Any], domain: dict[str, Any]
) -> None:
    _, said_back = validate("booking_when", "5am", tracker("5am", "inform"), domain)
    payloads = [button["payload"] for button in said_back[0]["buttons"]]
    assert len(payloads) == 2 and all(payload.endswith(("06:00", "06:30")) for payload in payloads)


def test_a_longer_session_that_no_longer_fits_asks_the_time_again(
    tracker: Callable[..., Any], domain: dict[str, Any]
) -> None:
    slots = {form.WHEN: "2031-06-07 23:00"}
    result, said_back = validate(
        "booking_minutes", "120", tracker("120", "inform", [], slots), domain
    )
    assert result == {form.MINUTES: "120", form.WHEN: None}
    assert "midnight" in said_back[0]["text"]


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


# --- summary, changes, cancelling -----------------------------------------------------


async def test_the_summary_has_confirm_and_an_edit_button_per_answer(
    run: Run, tracker: Callable[..., Any]
) -> None:
    slots = {**ANSWERS, **TRIAGE}
    outcome = await run(ActionBookingSummary(), tracker("", None, [], slots))
    assert "Saturday 7 June 2031 at 10:00" in outcome.text
    assert "• Focus: temple (left side)" in outcome.text
    assert outcome.payloads[0] == "/confirm_booking"
    assert len(outcome.payloads) == 1 + len(form.FIELDS)


async def test_health_in_the_notes_reaches_the_summary(
    run: Run, tracker: Callable[..., Any]
) -> None:
    slots = {**ANSWERS, **TRIAGE, "booking_notes": "I'm 20 weeks pregnant, parking on the drive"}
    outcome = await run(ActionBookingSummary(), tracker("", None, [], slots))
    assert "• Health, for your therapist: pregnancy" in outcome.text


async def test_an_edit_button_forgets_that_answer_only(
    run: Run, tracker: Callable[..., Any]
) -> None:
    entity = {"entity": "booking_field", "value": form.WHEN}
    said = tracker('/edit_booking{"booking_field": "booking_when"}', "edit_booking", [entity])
    outcome = await run(ActionEditBooking(), said)
    assert outcome.slots == {form.WHEN: None, form.REFERENCE: None}
    assert outcome.text == ""  # the domain response is named, not composed
    assert outcome.messages == [
        {
            "text": None,
            "buttons": [],
            "elements": [],
            "custom": {},
            "template": "utter_booking_change_ok",
            "response": "utter_booking_change_ok",
            "image": None,
            "attachment": None,
        }
    ]


async def test_a_change_with_its_new_value_keeps_the_value(
    run: Run, tracker: Callable[..., Any]
) -> None:
    said = tracker("actually make it 60 minutes", "edit_booking", [], ANSWERS)
    outcome = await run(ActionEditBooking(), said)
    assert outcome.slots == {form.MINUTES: "60", form.REFERENCE: None}
    assert outcome.messages == []


async def test_cancelling_forgets_the_answers(run: Run, tracker: Callable[..., Any]) -> None:
    outcome = await run(ActionCancelBooking(), tracker("never mind", "cancel", [], ANSWERS))
    assert outcome.slots == {name: None for name in form.FIELDS}


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
    configure({"BOT_BOOKINGS_DB": str(tmp_path / "b.db"), "BOT_BOOKING_WEBHOOK_URL": "http://x/h"})
    booking._deliver_once()
    assert delivered == ["http://x/h"]


def test_the_outbox_worker_is_a_single_daemon_thread() -> None:
    worker = booking.start_delivery_worker()
    assert worker is booking.start_delivery_worker()
    assert worker.daemon and worker.is_alive()
