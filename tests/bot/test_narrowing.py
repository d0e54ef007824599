"""bot.triage.narrowing: which zones are asked about first, and replies read in context."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.kb import builder
from bot.kb.query import ReferralKB
from bot.triage.narrowing import MAX_CHOICES, Narrowing, NarrowingError, default
from bot.triage.state import Mentions

DATA_DIR = Path(__file__).resolve().parents[2] / "data" / "kb"


@pytest.fixture(scope="module")
def real_kb(tmp_path_factory: pytest.TempPathFactory) -> ReferralKB:
    db_path = tmp_path_factory.mktemp("narrowing") / "kb.db"
    builder.build(DATA_DIR, db_path)
    return ReferralKB(db_path)


def zones_in_context(kb: ReferralKB, zone: str, text: str, entities: list[dict]) -> Mentions:
    return Mentions.from_entities(default().in_context(kb, zone, text, entities))


def test_the_project_data_names_known_zones_and_at_most_six_choices(real_kb: ReferralKB) -> None:
    assert default().check(real_kb) == []
    assert default().asks_first("leg") and not default().asks_first("neck")
    for zone in real_kb.zones():
        assert len(default().offered(real_kb, zone.id)) <= MAX_CHOICES


def test_the_leg_offers_grouped_choices(real_kb: ReferralKB) -> None:
    offered = [zone.id for zone in default().offered(real_kb, "leg")]
    assert offered == ["thigh", "knee", "lower_leg", "ankle", "foot"]


def test_the_back_after_the_neck_question_is_the_back_of_the_neck(real_kb: ReferralKB) -> None:
    text = "the back"
    said = zones_in_context(
        real_kb, "neck", text, [{"entity": "body_zone", "value": "low_back", "start": 4, "end": 8}]
    )
    assert said.zones == ("back_of_neck",)


def test_a_place_named_in_full_is_kept_whatever_was_asked(real_kb: ReferralKB) -> None:
    text = "actually my lower back"
    entity = {"entity": "body_zone", "value": "low_back", "start": 12, "end": 22}
    assert zones_in_context(real_kb, "neck", text, [entity]).zones == ("low_back",)


def test_a_short_reply_naming_a_position_gets_that_part(real_kb: ReferralKB) -> None:
    assert zones_in_context(real_kb, "shoulder", "more at the front", []).zones == (
        "front_of_shoulder",
    )
    assert zones_in_context(real_kb, "shoulder", "all of it", []).zones == ()


def test_bad_data_is_reported(real_kb: ReferralKB) -> None:
    bad = Narrowing.from_data({"ask_first": ["elbw"], "choices": {"leg": ["knee"] * 7}})
    problems = bad.check(real_kb)
    assert any("elbw" in problem for problem in problems)
    assert any("at most 6" in problem for problem in problems)
    with pytest.raises(NarrowingError):
        Narrowing.from_data({"ask_first": "leg"})


def test_a_position_word_narrows_a_part_named_in_the_reply(real_kb: ReferralKB) -> None:
    text = "the thigh mostly, round the back of it"
    thigh = {"entity": "body_zone", "value": "thigh", "start": 4, "end": 9}
    assert zones_in_context(real_kb, "leg", text, [thigh]).zones == ("back_of_thigh",)
    plain = {"entity": "body_zone", "value": "thigh", "start": 4, "end": 9}
    assert zones_in_context(real_kb, "leg", "the thigh mostly", [plain]).zones == ("thigh",)
