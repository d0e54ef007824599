"""bot.business_faq: the business's own answers, contact details and postcode areas."""

from __future__ import annotations

import pytest

from bot import settings as settings_module
from bot.business_faq import BusinessDataError, BusinessFacts, default
from bot.triage.state import TriageState

TOPICS = {
    "ask_cancellation_policy", "ask_payment", "ask_callout_fee", "ask_vouchers",
    "ask_therapist_preference", "ask_what_to_expect", "ask_qualifications",
    "ask_pregnancy_massage",
}  # fmt: skip


def test_every_business_topic_has_a_reviewed_answer() -> None:
    assert set(default().intents) == TOPICS


def test_answers_fill_in_the_settings() -> None:
    business = settings_module.load({"BOT_PRICES": "60=£65,90=£90"}).business
    reply = default().answer("ask_callout_fee", business, TriageState())
    assert "£65 for 60 minutes" in reply.text and "{" not in reply.text


def test_postcode_districts_are_checked_against_the_areas_covered() -> None:
    facts = default()
    assert facts.outward_codes("do you come to sw11 or E1 6AN?") == ["SW11", "E1"]
    assert facts.area_answer("do you come to sw11") == "Yes, our therapists come to SW11."
    assert "BS8 is outside" in (facts.area_answer("what about BS8") or "")
    assert facts.area_answer("do you cover my area") is None


@pytest.mark.parametrize(
    ("text", "answer"),
    [
        ("do you come out as far as Orpington?", "Yes, our therapists come to Orpington."),
        ("I live in shepherds bush", "Yes, our therapists come to Shepherd's Bush."),
        ("could someone travel to st albans", "St Albans is outside"),
        ("do you cover Surrey", "We cover part of Surrey"),
    ],
)
def test_places_are_checked_against_the_areas_covered(text: str, answer: str) -> None:
    assert answer in (default().area_answer(text) or "")


@pytest.mark.parametrize("text", ["I soaked in the bath", "Jo Hayes", "reading a book"])
def test_words_that_are_also_places_name_no_place(text: str) -> None:
    assert default().place_in(text) is None


def test_the_contact_reply_offers_a_call_back() -> None:
    reply = default().contact_reply()
    assert default().contact.phone in reply.text and default().contact.email in reply.text
    assert [button.payload for button in reply.buttons] == ["/request_callback"]
    assert "don't know" in default().unknown().text


def test_bad_data_is_rejected() -> None:
    with pytest.raises(BusinessDataError):
        BusinessFacts.from_data({"contact": {}, "topics": []})
    with pytest.raises(BusinessDataError, match="unknown placeholders"):
        BusinessFacts.from_data({
            "contact": {"phone": "1", "email": "a@b", "hours": "9-5"},
            "topics": [{"intent": "ask_payment", "answer": "Pay {bitcoin}"}],
        })  # fmt: skip
