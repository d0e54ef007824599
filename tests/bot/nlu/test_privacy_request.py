"""bot.nlu.privacy_request: erasure requests and privacy questions read from how they are
built, and the messages that share their words but are something else."""

from __future__ import annotations

import pytest

from bot.nlu.privacy_request import asks_about_privacy, asks_to_erase


@pytest.mark.parametrize(
    "text",
    [
        "erase my personal info please",
        "could you remove all of my contact details",
        "I'd like my phone number deleted from your list",
        "stop storing my email",
        "take me off your records",
        "wiping my chat would be great",
        "honestly I regret telling you about my health, can it all be erased",
        "remove me from the system",
        "forget everything I typed",
        "formal request for erasure of my data",
        "i dont want u holding my address any more",
    ],
)
def test_an_erasure_is_read_in_its_many_forms(text: str) -> None:
    assert asks_to_erase(text)


@pytest.mark.parametrize(
    "text",
    [
        "delete my booking for tuesday",  # a cancellation
        "remove the notes and put the side gate instead",  # a detail corrected
        "how do I delete my instagram",  # another service
        "please don't delete my details, I'll book again",  # a no
        "do I need to clear stuff out of the room for the table",  # furniture, not data
        "can a person take over this chat",  # a person, not an erasure
        "forget that, it's more my knee",
    ],
)
def test_what_shares_the_words_is_not_an_erasure(text: str) -> None:
    assert not asks_to_erase(text)


def test_forget_what_i_said_is_a_correction_when_a_place_follows() -> None:
    text = "forget what i said, it's my shin that hurts"
    assert asks_to_erase(text) and not asks_to_erase(text, names_a_place=True)


@pytest.mark.parametrize(
    "text",
    [
        "is what I write here kept private",
        "who gets to see my messages?",
        "do you pass my details on to anyone",
        "r my details stored",
        "what do you do with my email",
        "is the chat recorded?",
        "how long is my number kept",
        "gdpr question",
    ],
)
def test_privacy_questions(text: str) -> None:
    assert asks_about_privacy(text)


@pytest.mark.parametrize(
    "text",
    [
        "is private physio better than massage?",
        "who should I see if it doesn't get better",
        "can someone ring me, my number is 07400 123456",
        "my mum won't use the chat, can you phone her",
        "I keep getting a stiff neck",
    ],
)
def test_not_privacy_questions(text: str) -> None:
    assert not asks_about_privacy(text)


def test_a_visit_mentioned_on_the_way_does_not_hide_the_erasure() -> None:
    assert asks_to_erase("loved my massage last month but please delete my details now")
    assert not asks_to_erase("wipe out the appointment on monday")


@pytest.mark.parametrize(
    ("text", "meant"),
    [
        ("delete the visit on friday", "cancel"),
        ("erase the postcode, the right one is E8 1AB", "edit_booking"),
        ("how do I delete my snapchat", "out_of_scope"),
        ("delete", None),
    ],
)
def test_what_a_heard_delete_asks_for_when_it_is_no_erasure(text: str, meant: str | None) -> None:
    from bot.nlu.privacy_request import erased_instead

    assert not asks_to_erase(text)
    assert erased_instead(text) == meant
