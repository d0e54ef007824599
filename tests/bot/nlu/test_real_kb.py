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


def asserted_triggers(reader: TriageReader, said: str) -> set[str]:
    return {value for entity, value, negated in read(reader, said) if entity == "trigger"
            and not negated}  # fmt: skip


@pytest.mark.parametrize(
    ("said", "trigger", "named"),
    [
        # The service, a lift to ride, a ball to roll, things that run, calling someone.
        ("is your team trained in sports massage", "sport", False),
        ("i want a proper sports therapist not a spa", "sport", False),
        ("the lift in my block is out so the stairs it is", "lifting", False),
        ("im lifting heavy crates at work and my back aches", "lifting", True),
        ("should i roll it with the ball or just press", "acute_injury", False),
        ("foam roller on my calves is agony", "acute_injury", False),
        ("went over on my ankle and rolled it last week", "acute_injury", True),
        ("sore from rolling it playing five a side", "acute_injury", True),
        ("will the buses be running on the bank holiday", "running", False),
        ("i train and run most days and my hamstring is tight", "running", True),
        ("i run my own salon and my feet are wrecked", "running", False),
        ("we run a busy pub and im on my feet", "running", False),
        ("i ran my first 10k and my shins hurt", "running", True),
        ("i run on the treadmill most mornings and my knee aches", "running", True),
        ("could i phone someone about the booking", "phone_use", False),
        ("on my phone all evening and my neck is stiff", "phone_use", True),
        # Worry about the pain asks a question; worry as a cause is said with its cause.
        ("should i be worried about this ache", "stress", False),
        ("ive been worried sick about my exams and my jaw is tight", "stress", True),
        ("do you do laser hair removal", "lifting", False),
        ("i work in removals and my lower back is done in", "lifting", True),
        # "Not gonna lie" opens a sentence; it denies nothing.
        ("not gonna lie its all the scrolling in bed, my neck is stiff", "phone_use", True),
        ("no word of a lie, football on sunday wrecked my hamstring", "sport", True),
    ],
)
def test_a_trigger_word_used_for_something_else_names_no_trigger(
    real_reader: TriageReader, said: str, trigger: str, named: bool
) -> None:
    assert (trigger in asserted_triggers(real_reader, said)) is named


@pytest.mark.parametrize(
    ("said", "side"),
    [
        ("my shin hurts when i walk, right one", "right"),
        ("ankles are swollen and stiff, both of them", "both"),
        ("my outer hip aches, left, ever since the move", "left"),
        ("knee pain when i kneel, left one i think", "left"),
        ("rite calf keeps cramping", "right"),
        ("lft hip is sore", "left"),
        ("ache in my lower back on the rigth", "right"),
    ],
)
def test_a_side_said_as_an_afterthought_or_mistyped_is_the_side(
    real_reader: TriageReader, said: str, side: str
) -> None:
    assert ("side", side, False) in read(real_reader, said)


@pytest.mark.parametrize(
    "said",
    [
        "its the knee, right?",
        "my neck hurts, right, so what should i do",
        "lft the heavy bags at work",  # not a side without a place
    ],
)
def test_a_question_tag_or_filler_right_is_no_side(real_reader: TriageReader, said: str) -> None:
    assert not {value for entity, value, _ in read(real_reader, said) if entity == "side"}


def test_calling_someone_back_names_no_back(real_reader: TriageReader) -> None:
    zones = {value for entity, value, _ in read(real_reader, "could you ring me back later")}
    assert "low_back" not in zones


@pytest.mark.parametrize(
    ("said", "place"),
    [
        ("lovely for a few days and then the knots were all back", False),
        ("it helped but its back already, is that normal", False),
        ("could we push it back half an hour", False),
        ("my right back and shoulder are tight", True),
        ("ugh its my back again", True),
        ("my neck and back again, worse than ever", True),
        ("my lower back already aches by lunchtime", True),
    ],
)
def test_back_as_returned_is_no_back(real_reader: TriageReader, said: str, place: bool) -> None:
    zones = {value for entity, value, _ in read(real_reader, said) if entity == "body_zone"}
    assert ("low_back" in zones) is place
