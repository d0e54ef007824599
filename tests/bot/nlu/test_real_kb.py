"""The reader on the curated knowledge base: the messages the service must understand."""

from __future__ import annotations

import time

import pytest

from bot.nlu.reader import TriageReader


def read(reader: TriageReader, said: str) -> set[tuple[str, str, bool]]:
    """(entity, value, negated) of every mention in `said`."""
    return {(m.entity, m.value, m.negated) for m in reader.read(said).mentions}


@pytest.mark.parametrize(
    ("said", "expected"),
    [
        ("my calves are killing me", {("body_zone", "calf", False)}),
        ("pain under my shouldr blade", {("body_zone", "shoulder_blade", False)}),
        (
            "left temple",
            {("side", "left", False), ("body_zone", "temple", False)},
        ),
        (
            "both calves",
            {("side", "both", False), ("body_zone", "calf", False)},
        ),
        (
            "my neck and the back of my head",
            {("body_zone", "neck", False), ("body_zone", "back_of_head", False)},
        ),
        (
            "its not my knee its lower, the shin",
            {("body_zone", "knee", True), ("body_zone", "shin", False)},
        ),
        (
            "no headaches but my jaw aches",
            {("body_zone", "head", True), ("body_zone", "jaw", False)},
        ),
        (
            "not so much the calf, more the heel",
            {("body_zone", "calf", True), ("body_zone", "heel", False)},
        ),
        ("it isn't the back, it's the side", {("body_zone", "low_back", True)}),
        ("my glutes are so tight", {("body_zone", "buttock", False)}),
        ("got a pounding head at the sides again", {("body_zone", "temple", False)}),
        ("i'm a roofer, up ladders all day", {("trigger", "overhead_work", False)}),
        ("i carry my little one everywhere", {("trigger", "lifting", False)}),
        ("I'm a plasterer", {("trigger", "overhead_work", False)}),
        ("I drive a lorry all day", {("trigger", "driving", False)}),
        ("worst headache of my life", {("red_flag", "thunderclap_headache", False)}),
    ],
)
def test_reads_what_the_service_must_understand(
    real_reader: TriageReader, said: str, expected: set[tuple[str, str, bool]]
) -> None:
    assert expected <= read(real_reader, said)
    assert {m for m in read(real_reader, said) if m[0] == "body_zone"} == {
        m for m in expected if m[0] == "body_zone"
    }


def test_a_muscle_name_is_not_a_place(real_reader: TriageReader) -> None:
    assert read(real_reader, "my supraspinatus is tight") == set()


def test_gym_slang_reads_as_the_zone_that_lists_it(real_reader: TriageReader) -> None:
    zones = {m[1] for m in read(real_reader, "my traps are like rocks") if m[0] == "body_zone"}

    assert zones == {"base_of_neck"}


def test_the_red_flag_level_comes_with_it(real_reader: TriageReader) -> None:
    [flag] = [m for m in real_reader.read("crushing chest pain").mentions if m.entity == "red_flag"]

    assert (flag.value, flag.level) == ("chest_pain", "emergency")


def test_reading_a_message_takes_about_a_millisecond(real_reader: TriageReader) -> None:
    messages = [
        "its not my knee its lower, the shin",
        "I've had a stiff neck and headaches at my temples since I started the new desk job",
        "pain down the back of my left leg when I drive a lorry all day",
        "no headaches but my jaw aches and both calves are tight after running",
    ] * 25
    real_reader.read("warm up")
    started = time.perf_counter()
    for message in messages:
        real_reader.read(message)
    per_message_ms = (time.perf_counter() - started) * 1000 / len(messages)

    # Generous: ~1 ms on a quiet machine; this catches a slide into tens of milliseconds.
    assert per_message_ms < 10


@pytest.mark.parametrize(
    ("said", "kept", "left_out"),
    [
        # a part only moved, when another part hurts, is not where it hurts
        ("my upper back twinges whenever i straighten my leg", {"upper_back"}, {"leg"}),
        ("shoulder on the left aches if i raise my arm", {"shoulder"}, {"arm"}),
        ("i sleep on my arm most nights and wake with a stiff neck", {"neck"}, {"arm"}),
        # said alone, the moved part is the place
        ("it kills when i bend my knee", {"knee"}, set()),
        # the verbs of an injury keep the part: it was hurt
        ("rolled my ankle and now my calf is tight", {"ankle", "calf"}, set()),
        # gym names of muscles are places
        ("my biceps and quads are wrecked", {"front_of_arm", "front_of_thigh"}, set()),
        # idioms
        ("left handed so my right wrist is the odd one out", {"wrist"}, {"hand"}),
        (
            "my manager is always on my back about targets, my temples throb",
            {"temple"},
            {"low_back"},
        ),
    ],
)
def test_a_part_moved_or_used_in_an_idiom_is_not_where_it_hurts(
    real_reader: TriageReader, said: str, kept: set[str], left_out: set[str]
) -> None:
    zones = {value for entity, value, _ in read(real_reader, said) if entity == "body_zone"}
    assert kept <= zones
    assert not zones & left_out


def test_moving_a_part_is_no_lifting(real_reader: TriageReader) -> None:
    moved = read(real_reader, "my neck aches when i lift my head off the pillow")
    assert ("trigger", "lifting", False) not in moved
    carried = read(real_reader, "lifting my grandson out of the bath, now my lower back aches")
    assert ("trigger", "lifting", False) in carried


@pytest.mark.parametrize(
    ("said", "injured"),
    [
        ("my lower back catches when i twist", False),
        ("on the tills so im twisting all day", False),
        ("the gp says my shin isnt a stress fracture", False),
        ("i pulled my hamstring sprinting", True),
        ("and twisted my knee getting off the bus", True),
    ],
)
def test_twisting_as_a_movement_is_no_injury(
    real_reader: TriageReader, said: str, injured: bool
) -> None:
    mentions = read(real_reader, said)
    assert (("trigger", "acute_injury", False) in mentions) is injured
    assert ("trigger", "stress", False) not in mentions
