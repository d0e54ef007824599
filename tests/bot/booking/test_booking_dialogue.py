"""The booking form's turn logic: typed answers, carry-over, corrections, the summary, pauses."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

import pytest
from booking_support import LONDON

from bot.booking import fields as f
from bot.booking.availability import AlwaysFree
from bot.booking.dialogue import PAUSED, STOPPED, Context, Draft, take_answer
from bot.booking.dialogue import read_start_of_booking as opening
from bot.settings import Business

NOW = datetime(2031, 6, 3, 11, 0, tzinfo=LONDON)  # a Tuesday


@pytest.fixture
def context(business: Business) -> Context:
    return Context(business, now=NOW, availability=AlwaysFree(), covers=lambda pc: pc[0] != "M")


def talk(context: Context, first: str, answers: Sequence[str]) -> tuple[Draft, list[str]]:
    """A conversation: the request, then each answer to whatever the form asks next."""
    outcome = opening(first, Draft(), context)
    draft = Draft().with_slots(outcome.slots)
    said = [outcome.said.text] if outcome.said else []
    for text in answers:
        asking = draft.next_question()
        outcome = take_answer(text, asking=asking, draft=draft, context=context)
        draft = draft.with_slots({k: v for k, v in outcome.slots.items() if k != "requested_slot"})
        said.append(outcome.said.text if outcome.said else "")
        if outcome.stop:
            break
    return draft, said


def test_a_typed_booking_from_start_to_finish(context: Context) -> None:
    draft, _ = talk(
        context,
        "hi could I book a massage",
        ["friday 2pm", "n1 9gu", "an hour", "Ade", "07400 123456", "nope", "yes please"],
    )
    assert draft == Draft(
        when="2031-06-06 14:00",
        postcode="N1 9GU",
        minutes="60",
        name="Ade",
        contact="+447400123456",
        notes="",
        confirmed="yes",
    )


def test_one_sentence_fills_what_it_gives_and_only_the_rest_is_asked(context: Context) -> None:
    outcome = opening("90 mins thursday at 6pm please, postcode is SE15 4QL", Draft(), context)
    draft = Draft().with_slots(outcome.slots)
    assert (draft.when, draft.minutes, draft.postcode) == ("2031-06-05 18:00", "90", "SE15 4QL")
    assert draft.next_question() == f.NAME


def test_a_day_is_kept_until_its_hour_comes(context: Context) -> None:
    draft, said = talk(context, "book", ["wednesday week in the afternoon", "half 3"])
    assert draft.when == "2031-06-11 15:30"
    assert "afternoon" in said[0] and "12:00" in said[0]


@pytest.mark.parametrize(
    ("answers", "expected"),
    [
        (["saturday 11am", "SW4 7AA", "actually sunday would be better"], "2031-06-08 11:00"),
        (["saturday at 7", "SW4 7AA", "evening sorry"], "2031-06-07 19:00"),
        (["saturday 10am", "SW4 7AA", "60", "can we change it to 7:30pm"], "2031-06-07 19:30"),
    ],
)
def test_a_correction_of_the_time_at_a_later_question(
    context: Context, answers: list[str], expected: str
) -> None:
    draft, said = talk(context, "book me in", answers)
    assert draft.when == expected
    assert draft.postcode == "SW4 7AA"  # nothing else is lost
    assert said[-1]  # the change is said back


def test_a_length_given_where_a_name_was_asked_is_a_length(context: Context) -> None:
    draft, said = talk(context, "book", ["friday 10am", "W2 1HB", "60 minutes", "90"])
    assert (draft.minutes, draft.name) == ("90", None)
    assert "90 minutes" in said[-1]


def test_a_wrong_postcode_is_replaced_at_the_summary(context: Context) -> None:
    answers = ["fri 10am", "W2 1HB", "60", "Mo", "mo@example.com", "none"]
    draft, _ = talk(context, "book", [*answers, "wrong postcode, it's W2 4RT"])
    assert draft.postcode == "W2 4RT" and draft.confirmed is None  # the summary again
    draft, _ = talk(context, "book", [*answers, "wrong postcode", "W9 1AA", "yep"])
    assert (draft.postcode, draft.confirmed) == ("W9 1AA", "yes")


@pytest.mark.parametrize("said", ["yes", "yep that's right", "looks good", "go ahead", "spot on"])
def test_typed_confirmations(context: Context, said: str) -> None:
    answers = ["fri 10am", "W2 1HB", "60", "Mo", "mo@example.com", "none", said]
    draft, _ = talk(context, "book", answers)
    assert draft.confirmed == "yes"


def test_a_no_at_the_summary_asks_what_to_change(context: Context) -> None:
    answers = ["fri 10am", "W2 1HB", "60", "Mo", "mo@example.com", "none", "no"]
    draft, said = talk(context, "book", answers)
    assert draft.confirmed is None and "change" in said[-1]


@pytest.mark.parametrize(
    ("said", "stop"),
    [("hmm let me think about it", PAUSED), ("never mind, forget it", STOPPED)],
)
def test_a_pause_or_a_change_of_mind_stops_and_keeps_the_draft(
    context: Context, said: str, stop: str
) -> None:
    draft = Draft(when="2031-06-06 10:00", postcode="W2 1HB")
    outcome = take_answer(said, asking=f.MINUTES, draft=draft, context=context)
    assert outcome.stop == stop
    assert f.WHEN not in outcome.slots and f.PLACE not in outcome.slots


def test_an_out_of_area_postcode_is_refused_saying_so(context: Context) -> None:
    outcome = take_answer("M1 1AE", asking=f.PLACE, draft=Draft(), context=context)
    assert outcome.slots[f.PLACE] is None
    assert outcome.said is not None and "outside the areas" in outcome.said.text


def test_an_answer_that_gives_nothing_says_what_was_wrong(context: Context) -> None:
    outcome = take_answer("whenever really", asking=f.WHEN, draft=Draft(), context=context)
    assert outcome.slots[f.WHEN] is None
    assert outcome.said is not None and "day or a time" in outcome.said.text


def test_html_in_a_name_is_kept_as_text(context: Context) -> None:
    outcome = take_answer("<b>Jo</b>", asking=f.NAME, draft=Draft(), context=context)
    assert outcome.slots[f.NAME] == "<b>Jo</b>"  # stored as text; escaped wherever shown


def test_a_name_corrected_at_a_later_question(context: Context) -> None:
    draft = Draft(when="2031-06-06 10:00", postcode="W2 1HB", minutes="60", name="Ann Smyth")
    said = "sorry, I typed her surname wrong, it's Ann Smith"
    outcome = take_answer(said, asking=f.CONTACT, draft=draft, context=context)
    assert outcome.slots[f.NAME] == "Ann Smith" and outcome.slots[f.CONTACT] is None
