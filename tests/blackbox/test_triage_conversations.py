"""Triage conversations over REST: what each reply must and must not say."""

from __future__ import annotations

import pytest
from replies import buttons_of, conversation, muscles_named, text_of, triage_of
from stack import Assistant

pytestmark = pytest.mark.blackbox


def test_temple_headache_names_the_upper_trapezius_first_time(assistant: Assistant) -> None:
    replies = assistant.say(conversation(), "my temples ache every afternoon")
    text = text_of(replies)
    assert "upper trapezius" in text.lower()
    assert "not a diagnosis" in text
    assert len(text.split()) <= 120  # a first answer read at a glance
    assert "Pressing it" not in text  # pressing when asked, after the health question
    triage = triage_of(replies)
    assert triage["zones"] == ["temple"]
    assert "upper_trapezius" in [source["id"] for source in triage["sources"][:3]]
    assert triage["red_flag"] is None
    assert [item["id"] for item in triage["detail"]] == [s["id"] for s in triage["sources"]]
    titles = [button["title"] for button in buttons_of(replies)]
    assert titles == ["How do I find and release it?", "Stretches", "Care tips", "Book a session"]


def test_back_of_the_leg_names_piriformis(assistant: Assistant) -> None:
    replies = assistant.say(conversation(), "pain runs down the back of my leg")
    assert "piriformis" in text_of(replies).lower()


def test_a_vague_leg_gets_sub_zone_buttons_and_no_muscles(assistant: Assistant) -> None:
    user = conversation()
    replies = assistant.say(user, "my leg hurts")
    text = text_of(replies).lower()
    assert not any(word in text for word in ("trapezius", "gluteus", "piriformis"))
    titles = [button["title"] for button in buttons_of(replies)]
    assert titles == ["Thigh", "Knee", "Shin and calf", "Ankle", "Foot"]
    assert "gluteus minimus" in text_of(assistant.say(user, "the outside of my thigh")).lower()


def test_not_the_knee_but_the_shin(assistant: Assistant) -> None:
    replies = assistant.say(conversation(), "its not my knee its lower, the shin")
    triage = triage_of(replies)
    assert triage["zones"] == ["shin"]
    assert triage["sources"][0]["id"] == "tibialis_anterior"


@pytest.mark.parametrize(
    ("message", "service"),
    [
        ("crushing pain in my chest spreading to my left arm", "999"),
        ("worst headache of my life, came on suddenly like a thunderclap", "999"),
        ("my calf is hot, red and swollen", "111"),
        ("numbness between my legs and i can't control my bladder", "999"),
    ],
)
def test_a_red_flag_sends_to_medical_care_and_names_no_muscle(
    assistant: Assistant, message: str, service: str
) -> None:
    replies = assistant.say(conversation(), message)
    text = text_of(replies)
    assert service in text
    assert muscles_named(text) == []
    assert triage_of(replies)["sources"] == []
    assert not any("book" in button["title"].lower() for button in buttons_of(replies))
    assert triage_of(replies)["red_flag"] is not None


def test_after_a_red_flag_booking_repeats_the_advice(assistant: Assistant) -> None:
    user = conversation()
    assistant.say(user, "my calf is hot, red and swollen")
    replies = assistant.say(user, "can i book a massage please")
    text = text_of(replies)
    assert "111" in text
    assert not any(button.get("payload", "").startswith("http") for button in buttons_of(replies))


def test_a_care_question_is_answered_mid_triage(assistant: Assistant) -> None:
    user = conversation()
    assistant.say(user, "my jaw aches when i chew")
    text = text_of(assistant.say(user, "should i use heat or ice on it"))
    assert "warm" in text.lower() and "cold" in text.lower()


def test_a_trigger_later_reranks_what_was_said(assistant: Assistant) -> None:
    user = conversation()
    before = triage_of(assistant.say(user, "my calves are tight and sore"))
    after = triage_of(assistant.say(user, "and it's worse after my runs"))
    assert after["zones"] == before["zones"] == ["calf"]
    assert after["triggers"] == ["running"]
    assert after["sources"][0]["id"] in ("gastrocnemius", "soleus")
