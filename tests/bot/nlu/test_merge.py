"""bot.nlu.merge: DIET's entities and the reader's, without duplicates, the reader winning."""

from __future__ import annotations

from typing import Any

from bot.nlu.merge import merge
from bot.nlu.reader import Mention, Reading

CANONICAL = {
    "body_zone": frozenset({"knee", "shin", "neck"}),
    "side": frozenset({"left", "right", "both"}),
    "trigger": frozenset({"running"}),
    "red_flag": frozenset({"chest_pain"}),
}
CANONICAL_WITH_HEAD = {**CANONICAL, "body_zone": frozenset({"head", "temple"})}
# "not my knee, my left shin"
READING = Reading(
    mentions=(
        Mention("body_zone", "knee", 7, 11, 1.0, negated=True),
        Mention("side", "left", 16, 20, 0.9, zone="shin"),
        Mention("body_zone", "shin", 21, 25, 1.0, side="left"),
    ),
    claimed=((7, 11), (16, 20), (21, 25)),
)


def diet(entity: str, value: str, start: int, end: int, **extra: Any) -> dict[str, Any]:
    return {
        "entity": entity,
        "value": value,
        "start": start,
        "end": end,
        "extractor": "DIETClassifier",
        **extra,
    }


def test_the_reader_wins_where_the_spans_overlap() -> None:
    merged = merge(
        [diet("body_zone", "knee", 7, 11), diet("body_zone", "shins", 19, 25)],
        READING,
        CANONICAL,
        "Reader",
    )

    assert [(e["value"], e["extractor"], e.get("role")) for e in merged] == [
        ("knee", "Reader", "negated"),
        ("left", "Reader", None),
        ("shin", "Reader", None),
    ]


def test_diet_keeps_what_the_reader_missed_when_the_value_is_canonical() -> None:
    extra = diet("body_zone", "neck", 30, 34, role="negated")

    merged = merge([extra], READING, CANONICAL, "Reader")

    assert extra in merged
    assert len(merged) == 4


def test_diet_loses_what_the_reader_missed_when_the_value_is_not_canonical() -> None:
    merged = merge([diet("body_zone", "neckish", 30, 37)], READING, CANONICAL, "Reader")

    assert [e["value"] for e in merged] == ["knee", "left", "shin"]


def test_other_entity_types_pass_through_untouched() -> None:
    when = diet("time", "yesterday", 7, 11)

    assert when in merge([when], READING, CANONICAL, "Reader")


def test_the_same_entity_twice_is_kept_once() -> None:
    twice = [diet("trigger", "running", 40, 47), diet("trigger", "running", 40, 47)]

    merged = merge(twice, Reading((), ()), CANONICAL, "Reader")

    assert merged == [twice[0]]


def test_a_wider_narrower_diet_zone_replaces_the_readers_broader_one() -> None:
    # "a pounding head at the sides": the reader finds "head", DIET "head at the sides".
    reading = Reading((Mention("body_zone", "head", 11, 15, 1.0),), ((11, 15),))
    temple = diet("body_zone", "temple", 11, 28)
    ancestors = {"temple": ("head",)}

    assert merge([temple], reading, CANONICAL_WITH_HEAD, "Reader", ancestors) == [temple]
    assert merge([temple], reading, CANONICAL_WITH_HEAD, "Reader") == [
        reading.mentions[0].as_entity("Reader")
    ]


def test_a_red_flag_message_keeps_red_flags_only() -> None:
    reading = Reading((Mention("red_flag", "chest_pain", 0, 10, 1.0),), ((0, 10), (0, 5)), True)
    from_diet = [diet("body_zone", "neck", 20, 24), diet("red_flag", "chest_pain", 0, 10)]

    merged = merge(from_diet, reading, CANONICAL, "Reader")

    assert [(e["entity"], e["extractor"]) for e in merged] == [("red_flag", "Reader")]
