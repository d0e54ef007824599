"""bot.booking.form: each answer checked, the summary, and the request it builds."""

from __future__ import annotations

import pytest
from booking_support import NOW, at

from bot.booking import form
from bot.settings import Business
from bot.triage import TriageState

ANSWERS = form.Answers(
    when="2025-12-06 10:00",
    postcode="SW1A 1AA",
    minutes="60",
    name="Jo Bloggs",
    contact="+447400123456",
    notes="",
)
STATE = TriageState(zones=("temple", "upper_back"), side="left", triggers=("desk_work",))


def test_a_time_in_hours_is_kept_in_slot_form(business: Business) -> None:
    checked = form.check_when("saturday at 10am", business, now=NOW)
    assert checked.ok
    assert checked.slots == {form.WHEN: "2025-12-06 10:00"}
    assert form.read_start(checked.slots[form.WHEN], business) == at(6, 10)


def test_a_closed_time_is_refused_with_the_nearest_as_buttons(business: Business) -> None:
    checked = form.check_when("tomorrow at 5am", business, now=NOW)
    assert checked.slots == {form.WHEN: None}
    assert checked.reply is not None
    assert "06:00 to midnight" in checked.reply.text and "05:00" in checked.reply.text
    assert [button.payload for button in checked.reply.buttons] == [
        "2025-12-06 06:00",
        "2025-12-06 06:30",
    ]
    assert checked.reply.buttons[0].title == "Saturday 6 December at 06:00"
    # the button's payload is itself a valid answer
    again = form.check_when(checked.reply.buttons[0].payload, business, now=NOW)
    assert again.slots == {form.WHEN: "2025-12-06 06:00"}


def test_a_past_time_is_refused(business: Business) -> None:
    checked = form.check_when("today at 8am", business, now=NOW)
    assert checked.slots == {form.WHEN: None}
    assert checked.reply is not None and "already passed" in checked.reply.text


def test_a_long_session_that_no_longer_fits_asks_the_time_again(business: Business) -> None:
    checked = form.check_minutes("120 minutes", business, when="2025-12-06 23:00", now=NOW)
    assert checked.slots == {form.MINUTES: "120", form.WHEN: None}
    assert checked.reply is not None and "run past midnight" in checked.reply.text
    assert checked.reply.buttons  # the nearest times that do fit
    assert form.check_minutes("90", business, when="2025-12-06 10:00", now=NOW).slots == {
        form.MINUTES: "90"
    }


def test_a_length_not_offered_is_refused_with_the_offered_ones(business: Business) -> None:
    checked = form.check_minutes("45 minutes", business)
    assert checked.slots == {form.MINUTES: None}
    assert checked.reply is not None and "60, 90 or 120" in checked.reply.text
    assert [button.title for button in checked.reply.buttons] == [
        "60 minutes",
        "90 minutes",
        "120 minutes",
    ]


@pytest.mark.parametrize(
    ("check", "said", "slots"),
    [
        (form.check_postcode, "it's sw1a1aa", {form.PLACE: "SW1A 1AA"}),
        (form.check_postcode, "down the road", {form.PLACE: None}),
        (form.check_name, "my name is Jo Bloggs", {form.NAME: "Jo Bloggs"}),
        (form.check_name, "12345", {form.NAME: None}),
        (form.check_contact, "07400 123456", {form.CONTACT: "+447400123456"}),
        (form.check_contact, "jo@example.co.uk", {form.CONTACT: "jo@example.co.uk"}),
        (form.check_contact, "0161 496 0000", {form.CONTACT: None}),
        (form.check_notes, "No notes", {form.NOTES: ""}),
        (form.check_notes, "the dog is friendly", {form.NOTES: "the dog is friendly"}),
        (form.check_notes, "x" * 600, {form.NOTES: None}),
    ],
)
def test_each_answer_is_normalised_or_refused_with_a_reason(
    check: object, said: str, slots: dict[str, str | None]
) -> None:
    checked = check(said)  # type: ignore[operator]
    assert checked.slots == slots
    assert (checked.reply is None) == checked.ok  # a refusal always says why


@pytest.mark.parametrize(
    ("said", "field"),
    [
        ("change the time", form.WHEN),
        ("actually make it 90 minutes", form.MINUTES),
        ("wrong postcode", form.PLACE),
        ("use my email instead", form.CONTACT),
        ("my name is spelt wrong", form.NAME),
        ("edit the notes", form.NOTES),
        ("can i change something", None),
    ],
)
def test_which_answer_to_change(said: str, field: str | None) -> None:
    assert form.field_to_change(said, []) == field


def test_the_edit_button_entity_wins() -> None:
    entity = {"entity": form.FIELD_ENTITY, "value": form.NAME}
    assert form.field_to_change("change the time", [entity]) == form.NAME


def test_the_summary_lists_every_answer_with_confirm_and_edit(business: Business) -> None:
    reply = form.summary(ANSWERS, STATE, business, now=NOW)
    assert reply.text.splitlines() == [
        "Here's what I have:",
        "• When: Saturday 6 December at 10:00",
        "• Where: SW1A 1AA",
        "• Length: 60 minutes",
        "• Name: Jo Bloggs",
        "• Contact: 07400 123456",
        "• Notes: none",
        "• Focus: temple, upper back (left side)",
        "Shall I send this booking request?",
    ]
    assert [button.title for button in reply.buttons] == [
        "Confirm",
        "Change time",
        "Change postcode",
        "Change length",
        "Change name",
        "Change contact",
        "Change notes",
    ]
    assert reply.buttons[0].payload == "/confirm_booking"
    assert reply.buttons[1].payload == '/edit_booking{"booking_field": "booking_when"}'


def test_the_request_carries_the_answers_and_the_triage_summary(business: Business) -> None:
    request = form.build_request("ann", ANSWERS, STATE, ("upper_trapezius",), business)
    assert request is not None
    assert request.conversation_id == "ann"
    assert request.starts_at == at(6, 10)
    assert (request.postcode, request.session_minutes, request.name) == (
        "SW1A 1AA",
        60,
        "Jo Bloggs",
    )
    assert (request.contact, request.contact_kind, request.notes) == ("+447400123456", "phone", "")
    assert request.triage.as_dict() == {
        "zones": ["temple", "upper_back"],
        "side": "left",
        "triggers": ["desk_work"],
        "sources": ["upper_trapezius"],
        "precautions": [],
    }


def test_no_request_without_every_answer(business: Business) -> None:
    missing = form.Answers(when="2025-12-06 10:00", postcode="SW1A 1AA")
    assert form.build_request("ann", missing, STATE, (), business) is None
