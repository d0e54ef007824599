"""bot.nlu.qualifier: a word said after a place narrows it to the part it names."""

from __future__ import annotations

import pytest

from bot.nlu.reader import TriageReader


def zones(reader: TriageReader, said: str) -> set[str]:
    return {m.value for m in reader.read(said).mentions if m.entity == "body_zone"}


@pytest.mark.parametrize(
    ("said", "zone"),
    [
        ("my ankle has been really sore on the inside", "inner_ankle"),
        ("knee pain, mostly round the back when I kneel", "back_of_knee"),
        ("my thigh aches, the outer part mostly", "outer_thigh"),
        ("shoulder is sore at the front when i reach up", "front_of_shoulder"),
        # "round the back" says where the place is, not that the low back hurts too
        ("sore where the bra straps go, round the back", "mid_back"),
    ],
)
def test_a_qualifier_after_the_place_narrows_it(
    real_reader: TriageReader, said: str, zone: str
) -> None:
    assert zones(real_reader, said) == {zone}


@pytest.mark.parametrize(
    ("said", "expected"),
    [
        ("my knee hurts when I sit at the front of the bus", {"knee"}),  # front of something else
        ("shoulder twinges reaching to the top shelf", {"shoulder"}),  # the top of a shelf
        ("my knee and my back both ache", {"knee", "low_back"}),  # "back" is a place here
        ("my ankle hurts. on the inside I feel fine", {"ankle"}),  # another sentence
    ],
)
def test_a_qualifier_of_something_else_leaves_the_place(
    real_reader: TriageReader, said: str, expected: set[str]
) -> None:
    assert zones(real_reader, said) == expected
