"""bot.nlu.booking_request: a message that asks for a visit, or gives its details, is a
request to book; questions, pains and changes to a booking made are left alone."""

from __future__ import annotations

import pytest
from rasa.shared.nlu.training_data.message import Message

from bot.nlu.booking_request import BookingRequestPriority, requests_a_visit


def heard(text: str, intent: str) -> str:
    message = Message(data={"text": text})
    message.set("intent", {"name": intent, "confidence": 0.4})
    message.set("intent_ranking", [{"name": intent, "confidence": 0.4}])
    BookingRequestPriority().process([message])
    return str(message.get("intent")["name"])


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("hello, I want to book", "nlu_fallback"),
        ("a 90 minute session on Friday at 4pm in SE22 8DT", "ask_service_area"),
        ("Could I get 90 minutes at TW1 3QS on Saturday morning", "inform"),
        ("right, back again, can we carry on with the booking", "out_of_scope"),
        ("got anything free next Tuesday?", "greet"),
        # session 9: a visit asked for without the word "book"
        ("could one of your therapists nip round to mine on thursday", "nlu_fallback"),
        ("we'd love a couples massage at our flat this weekend", "describe_cause"),
        ("how would I go about getting someone out to me?", "ask_capabilities"),
        ("is anybody available to come over tonight", "greet"),
        ("I'm hoping someone could come and loosen my shoulders off", "describe_pain"),
        ("massage pls", "ask_pregnancy_massage"),
        # session 10: a place said instead of a postcode
        ("could one of you get out to Orpington on monday", "ask_service_area"),
        ("massage at home wanted, I'm near Brixton", "nlu_fallback"),
        ("off work thursday if one of your lot could make it", "greet"),
        ("are you open on Sundays? we'd like one on the 13th", "ask_opening_hours"),
        # a day asked about: availability is a request for a visit on it
        ("got anybody free thursday the 17th?", "ask_opening_hours"),
        ("would friday be ok for you?", "inform"),
        ("massage boxing day morning pls", "ask_session_length"),
        ("does anybody do mobile massage on sundays near me", "ask_opening_hours"),
        ("knees and hips aching, need 2 hours on saturday 19th at 10am", "inform"),
        # a pain told with the request: the request wins
        ("neck's in bits again, is there a chance someone could pop round later", "describe_pain"),
        ("evening! a massage please. hips and knees are stiff as anything", "describe_pain"),
        (
            "my calves are wrecked after the 10k, any chance of getting a sports massage",
            "describe_pain",
        ),
        ("legs are dead from the match, fancy a rub down at my place tomorrow", "describe_pain"),
        ("we've got a spare evening on the 20th for once", "nlu_fallback"),
        # session 11: a day alone, a visit to the person booked for, "want one" with no "I"
        ("sunday?", "nlu_fallback"),
        ("this coming weds", "inform"),
        ("tmrw 7pm?", "ask_opening_hours"),
        ("could one of you go to my gran's on saturday, her knees are bad", "describe_pain"),
        ("is it pricey? want one on the 9th around 5", "ask_price"),
        ("ok I'm back sorry", "care_why_they_return"),
        ("hiya, thursday would be good for me", "nlu_fallback"),
        ("do you come out late? Hoping for the 18th", "ask_opening_hours"),
        ("shoulders locked up again, could some1 pop round 2moro", "describe_pain"),
        ("sorry, back now, thanks for waiting", "describe_pain"),
    ],
)
def test_requests_for_a_visit_are_booking(text: str, intent: str) -> None:
    assert heard(text, intent) == "book_session"


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("do you cover SW11 on Saturdays?", "ask_service_area"),
        ("how much is it for 90 minutes?", "ask_price"),
        ("sat at my desk for 2 hours this morning and my back hurts", "describe_pain"),
        ("can you book me a taxi to the station", "out_of_scope"),
        ("yes go ahead and book it", "confirm_booking"),
        ("I need to cancel my appointment on Friday", "cancel"),
        ("my chest hurts, can I still book for Friday?", "red_flag_symptom"),
        ("when is the latest you can come on a weeknight?", "ask_opening_hours"),
        # session 9: the visit patterns leave these alone
        ("can you send me your price list please", "ask_price"),
        (
            "I'm thinking of getting one for my dad's birthday, how do vouchers work?",
            "ask_vouchers",
        ),
        ("will I need a massage bed at home or do you bring one?", "ask_what_to_expect"),
        ("I don't want a massage after all", "cancel"),
        ("is it normal to ache the morning after a massage?", "care_soreness_after"),
        ("could you come to my area? I live in E17", "ask_service_area"),
        ("a massage, my back - why does it keep hurting?", "describe_pain"),
        ("are you open on the 24th?", "ask_opening_hours"),
        ("how much would it be on new year's day?", "ask_price"),
        ("my knee aches for 2 hours after running on sunday, why?", "describe_pain"),
        ("a massage helped my back last time, why does it keep coming back?", "describe_pain"),
        ("back", "describe_pain"),
        ("the pain started on monday", "describe_pain"),
    ],
)
def test_questions_pains_and_changes_are_left_alone(text: str, intent: str) -> None:
    assert heard(text, intent) == intent


def test_a_pain_told_with_times_and_lengths_is_no_request() -> None:
    assert not requests_a_visit("been on my feet for 12 hours since 6am and my calves ache")
    assert requests_a_visit("my lower back aches, can I book a session for tomorrow at 6pm?")


@pytest.mark.parametrize("intent", ["out_of_scope", "ask_capabilities", "nlu_fallback"])
def test_getting_one_booked_is_a_request(intent: str) -> None:
    assert heard("would it be possible to have a two hour one booked in?", intent) == "book_session"
    assert heard("could you get me booked for saturday", intent) == "book_session"
    assert heard("I had one booked elsewhere but they cancelled on me", intent) == intent


def test_a_visit_asked_for_outside_the_areas_covered_is_an_area_question() -> None:
    assert (
        heard("can a therapist come out to Luton on friday?", "book_session") == "ask_service_area"
    )
    assert heard("can a therapist come out to Luton on friday?", "inform") == "ask_service_area"
    assert heard("do you do massages in Hackney?", "ask_service_area") == "ask_service_area"
