"""bot.nlu.vocabulary: what the extractor learns from the built knowledge base."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.kb import builder
from bot.kb.matcher import Phrasing
from bot.nlu import vocabulary
from bot.nlu.vocabulary import Vocabulary, VocabularyError


def test_reads_every_kind_of_phrasing_and_what_helps_match_them(
    small_vocabulary: Vocabulary, small_kb_path: Path
) -> None:
    zones = small_vocabulary.phrasings["body_zone"]

    assert Phrasing("calf", "calf", ("calf",), ("calf",)) in zones
    assert Phrasing("temple", "side of my head", ("side", "of", "head"), ("side", "of", "head"))
    assert small_vocabulary.zone_parents["temple"] == "head"
    assert small_vocabulary.zone_parents["head"] is None
    assert small_vocabulary.prefer_over == {"temple": ("head",)}
    assert small_vocabulary.red_flag_levels == {
        "possible_clot": "urgent",
        "chest_pain": "emergency",
    }
    assert "overhead_work" in small_vocabulary.trigger_ids
    assert small_vocabulary.forms["calves"] == "calf"
    assert "heals" in small_vocabulary.lookalikes
    assert "traps" in small_vocabulary.protected_words
    assert small_vocabulary.kb_hash == builder.built_hash(small_kb_path)


def test_ids_are_the_canonical_values_of_each_entity(small_vocabulary: Vocabulary) -> None:
    assert "knee" in small_vocabulary.ids("body_zone")
    assert small_vocabulary.ids("side") == {"left", "right", "both"}
    assert small_vocabulary.ids("trigger") >= {"desk_work", "running", "overhead_work"}
    assert small_vocabulary.ids("red_flag") == {"possible_clot", "chest_pain"}
    assert small_vocabulary.ids("cuisine") == frozenset()


def test_ancestors_walk_up_the_zone_tree(small_vocabulary: Vocabulary) -> None:
    assert small_vocabulary.ancestors("back_of_head") == ("head",)
    assert small_vocabulary.ancestors("head") == ()


def test_survives_a_json_round_trip(small_vocabulary: Vocabulary, tmp_path: Path) -> None:
    path = tmp_path / "vocabulary.json"
    small_vocabulary.save(path)

    assert Vocabulary.load(path) == small_vocabulary


def test_a_vocabulary_of_another_format_asks_for_retraining(small_vocabulary: Vocabulary) -> None:
    stored = {**small_vocabulary.to_json(), "format": vocabulary.FORMAT_VERSION + 1}

    with pytest.raises(VocabularyError, match="retrain"):
        Vocabulary.from_json(stored)


def test_a_missing_database_says_how_to_build_it(tmp_path: Path) -> None:
    with pytest.raises(VocabularyError, match="run `python -m bot kb build`"):
        vocabulary.from_kb(tmp_path / "kb.db")


def test_a_file_that_is_not_a_database_says_how_to_build_it(tmp_path: Path) -> None:
    path = tmp_path / "kb.db"
    path.write_text("not sqlite")

    with pytest.raises(VocabularyError, match="python -m bot kb build"):
        vocabulary.from_kb(path)
