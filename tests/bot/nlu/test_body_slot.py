"""bot.nlu.body_slot: a misspelt place is read where a place is plainly meant, and only there."""

from __future__ import annotations

import pytest

from bot.nlu.reader import TriageReader


def zones(reader: TriageReader, said: str) -> set[str]:
    return {m.value for m in reader.read(said).mentions if m.entity == "body_zone"}


@pytest.mark.parametrize(
    ("said", "zone"),
    [
        ("my left arn is aching since the weekend", "arm"),  # a changed letter in a short word
        ("the pain in my ancle is worse at night", "ankle"),  # "ankle" or "angle"? a place
        ("my heal has been sore since the hike", "heel"),  # a sound-alike
        ("me elbw keeps throbbing", "elbow"),
        ("there's a knot in the back of me nek", "back_of_neck"),
    ],
)
def test_a_slip_in_a_body_slot_is_the_place(
    real_reader: TriageReader, said: str, zone: str
) -> None:
    assert zone in zones(real_reader, said)


@pytest.mark.parametrize(
    "said",
    [
        "it won't heal on its own, will it",  # a sound-alike outside the slot
        "my lip is sore from the cold",  # English words near a place stay themselves
        "my skin hurts when I touch it",
        "my mum is sore at me for cancelling",
        "I need my arn checked",  # no pain around it: not a slot
        "my tow rope snapped",
    ],
)
def test_outside_the_slot_or_a_real_word_names_no_place(
    real_reader: TriageReader, said: str
) -> None:
    assert zones(real_reader, said) == set()


def test_a_word_before_a_place_describes_it(real_reader: TriageReader) -> None:
    assert zones(real_reader, "my sor knee hurts after the stairs") == {"knee"}
