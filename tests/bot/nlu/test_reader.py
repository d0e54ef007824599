"""bot.nlu.reader: negation scope, laterality and narrower zones, on the small knowledge base."""

from __future__ import annotations

import pytest

from bot.nlu.reader import Mention, TriageReader


def zones(reader: TriageReader, said: str) -> dict[str, bool]:
    """Each zone value mentioned, and whether it is negated."""
    return {
        mention.value: mention.negated
        for mention in reader.read(said).mentions
        if mention.entity == "body_zone"
    }


def sides(reader: TriageReader, said: str) -> list[tuple[str, str, str | None, bool]]:
    """Each side mentioned: value, the words, the zone it is attached to, negated."""
    return [
        (mention.value, said[mention.start : mention.end], mention.zone, mention.negated)
        for mention in reader.read(said).mentions
        if mention.entity == "side"
    ]


@pytest.mark.parametrize(
    ("said", "expected"),
    [
        ("its not my knee its lower, the shin", {"knee": True, "shin": False}),
        ("it isn't the back, it's the knee", {"low_back": True, "knee": False}),
        ("not so much the calf, more the heel", {"calf": True, "heel": False}),
        ("no pain in my head but my jaw aches", {"head": True, "jaw": False}),
        ("my knee is fine, it's my shin", {"knee": True, "shin": False}),
        ("my knee and shin are fine", {"knee": True, "shin": True}),
        ("no pain in my knee or shin", {"knee": True, "shin": True}),
        ("no pain in my knee and shin", {"knee": True, "shin": True}),
        ("no pain in my head and my neck is stiff", {"head": True, "neck": False}),
        ("it's my heel rather than my calf", {"heel": False, "calf": True}),
        ("nothing wrong with my knee", {"knee": True}),
        ("the physio says nothing is wrong with the knee itself", {"knee": False}),
        ("gp told me there's no damage to my knee", {"knee": False}),
        ("scan showed nothing wrong with my knee", {"knee": False}),
        ("the x-ray of my heel was normal but it still hurts", {"heel": False}),
        ("gp said my neck is fine, just muscular", {"neck": False}),
        ("I don't have knee pain", {"knee": True}),
        ("not sure if it's my knee", {"knee": False}),
        ("no, my knee", {"knee": False}),
        ("no my knee hurts", {"knee": False}),
        ("it's not too bad in my knee", {"knee": False}),
        ("my knee hurts", {"knee": False}),
    ],
)
def test_negation_reaches_to_the_end_of_its_clause(
    small_reader: TriageReader, said: str, expected: dict[str, bool]
) -> None:
    assert zones(small_reader, said) == expected


def test_a_negated_zone_carries_the_negated_role(small_reader: TriageReader) -> None:
    [knee, shin] = small_reader.read("not my knee, my shin").mentions

    assert knee.as_entity("X")["role"] == "negated"
    assert "role" not in shin.as_entity("X")


def test_negation_also_marks_triggers_and_a_denied_red_flag_is_none(
    small_reader: TriageReader,
) -> None:
    mentions = small_reader.read("no crushing chest, I don't do running").mentions

    assert [(m.entity, m.value, m.negated) for m in mentions] == [("trigger", "running", True)]


@pytest.mark.parametrize(
    ("said", "expected"),
    [
        ("left temple", [("left", "left", "temple", False)]),
        ("both calves", [("both", "both", "calf", False)]),
        ("my right knee", [("right", "right", "knee", False)]),
        ("the back of my left leg", [("left", "left", "back_of_thigh", False)]),
        ("my knee, on the right side", [("right", "right side", "knee", False)]),
        ("pain in my neck on the left", [("left", "left", "neck", False)]),
        ("either side of my neck", [("both", "either side", "side_of_neck", False)]),
        ("left side of my head", [("left", "left side", "temple", False)]),
        (
            "my left knee and right shin",
            [("left", "left", "knee", False), ("right", "right", "shin", False)],
        ),
        ("not my left knee", [("left", "left", "knee", True)]),
        ("the left one", [("left", "left", None, False)]),
        ("both", [("both", "both", None, False)]),
        ("right behind my knee", []),
        ("right now my knee hurts", []),
        ("I left work because of my knee", []),
        ("both my knee and my shin", []),
        ("all right, my knee", []),
    ],
)
def test_a_side_word_attaches_to_the_nearest_zone_in_its_clause(
    small_reader: TriageReader, said: str, expected: list[tuple[str, str, str | None, bool]]
) -> None:
    assert sides(small_reader, said) == expected


def test_a_side_word_that_is_no_side_is_still_claimed(small_reader: TriageReader) -> None:
    reading = small_reader.read("neck and knee both ache")

    assert [m.entity for m in reading.mentions] == ["body_zone", "body_zone"]
    assert (14, 18) in reading.claimed


def test_the_zone_carries_its_side_too(small_reader: TriageReader) -> None:
    [side, knee] = small_reader.read("left knee").mentions

    assert knee.as_entity("X")["side"] == "left"
    assert side.as_entity("X")["zone"] == "knee"


def test_several_zones_in_one_message(small_reader: TriageReader) -> None:
    assert zones(small_reader, "my neck and the back of my head") == {
        "neck": False,
        "back_of_head": False,
    }


def test_a_broader_zone_beside_a_narrower_one_stays(small_reader: TriageReader) -> None:
    assert zones(small_reader, "pain in my leg, mostly the calf") == {"leg": False, "calf": False}


def test_a_red_flag_carries_its_level(small_reader: TriageReader) -> None:
    [flag] = small_reader.read("I have a swollen calf").mentions

    assert flag == Mention(
        "red_flag", "possible_clot", 9, 21, 1.0, method="concepts", level="urgent"
    )
    assert {"entity": "red_flag", "level": "urgent"}.items() <= flag.as_entity("X").items()


def test_a_message_with_nothing_known_reads_as_nothing(small_reader: TriageReader) -> None:
    assert small_reader.read("hello there!").mentions == ()
    assert small_reader.read("").mentions == ()
    assert small_reader.read("?!").mentions == ()


@pytest.mark.parametrize(
    ("said", "expected"),
    [
        ("my knee doesn't bother me, it's my shin", {"knee": True, "shin": False}),
        ("my shoulders aren't too bad, the neck is worse", {"shoulder": True, "neck": False}),
        ("I thought it was my shoulder but it's my neck", {"shoulder": True, "neck": False}),
        ("knee was the problem last month, now it's my shin", {"knee": True, "shin": False}),
    ],
)
def test_more_ways_of_saying_it_is_not_there(
    small_reader: TriageReader, said: str, expected: dict[str, bool]
) -> None:
    assert zones(small_reader, said) == expected


def test_a_zone_negated_on_one_side_and_asserted_on_the_other_is_asserted(
    small_reader: TriageReader,
) -> None:
    said = "it's never my right calf, always the left"

    assert zones(small_reader, said) == {"calf": False}
    assert sides(small_reader, said) == [
        ("right", "right", "calf", True),
        ("left", "left", "calf", False),
    ]
    assert zones(small_reader, "it isn't the knee, it's the left side") == {"knee": True}


@pytest.mark.parametrize(
    ("said", "expected"),
    [
        ("the knot keeps coming back", set()),
        ("my back hurts when I come back from work", {("body_zone", "low_back")}),
        ("the pain runs down my leg", {("body_zone", "leg")}),
        ("I go running at the weekend", {("trigger", "running")}),
        ("can you give me a hand", set()),
    ],
)
def test_a_word_in_an_idiom_names_nothing(
    small_reader: TriageReader, said: str, expected: set[tuple[str, str]]
) -> None:
    assert {(m.entity, m.value) for m in small_reader.read(said).mentions} == expected


def test_a_zone_inside_a_trigger_belongs_to_the_trigger(small_reader: TriageReader) -> None:
    reading = small_reader.read("I clench my jaw")

    assert [(m.entity, m.value) for m in reading.mentions] == [("trigger", "stress")]
    assert (12, 15) in reading.claimed


def test_a_phrasing_that_joins_two_places_does_not_split_another(
    small_reader: TriageReader,
) -> None:
    assert zones(small_reader, "neck and shoulder blade") == {
        "neck": False,
        "shoulder_blade": False,
    }
    assert zones(small_reader, "my neck and shoulders") == {"base_of_neck": False}


def test_a_red_flag_message_mentions_its_red_flags_only(small_reader: TriageReader) -> None:
    reading = small_reader.read("I have a swollen calf and my left knee hurts after running")

    assert reading.red_flag_message
    assert [(m.entity, m.value) for m in reading.mentions] == [("red_flag", "possible_clot")]


def test_a_negated_red_flag_leaves_the_rest(small_reader: TriageReader) -> None:
    reading = small_reader.read("no tight chest, just my knee")

    assert not reading.red_flag_message
    assert {(m.entity, m.value, m.negated) for m in reading.mentions} == {
        ("body_zone", "knee", False),
    }
