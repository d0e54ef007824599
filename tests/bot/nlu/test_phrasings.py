"""bot.nlu.phrasings: spaCy's PhraseMatcher over the vocabulary, on words, lemmas and typos."""

from __future__ import annotations

import pytest

from bot.nlu import language
from bot.nlu.phrasings import Found, PhrasingFinder
from bot.nlu.vocabulary import Vocabulary


@pytest.fixture(scope="module")
def finder(small_vocabulary: Vocabulary) -> PhrasingFinder:
    return PhrasingFinder(small_vocabulary)


def found(finder: PhrasingFinder, said: str) -> list[tuple[str, tuple[str, ...], str, str]]:
    """(kind, owners, text matched, method) of each phrasing found in `said`."""
    return [
        (item.entity, item.owners, said[item.start : item.end], item.method)
        for item in finder.find(language.tokenize(said))
    ]


def test_a_phrasing_as_written_scores_one(finder: PhrasingFinder) -> None:
    assert finder.find(language.tokenize("my calf")) == [
        Found("body_zone", ("calf",), 1, 1, 3, 7, "calf", "phrase", 1.0)
    ]


def test_plurals_match_through_their_lemma(finder: PhrasingFinder) -> None:
    [hit] = finder.find(language.tokenize("both calves"))

    assert (hit.owners, hit.method, hit.score) == (("calf",), "lemma", 0.9)


def test_fillers_between_the_words_do_not_matter(finder: PhrasingFinder) -> None:
    assert found(finder, "the back of the head") == [
        ("body_zone", ("back_of_head",), "back of the head", "phrase")
    ]


def test_the_longest_phrasing_wins_and_hides_its_parts(finder: PhrasingFinder) -> None:
    assert found(finder, "my shoulder blades ache") == [
        ("body_zone", ("shoulder_blade",), "shoulder blades", "phrase")
    ]


def test_a_shared_phrasing_goes_to_the_zone_that_prefers_over_the_other(
    finder: PhrasingFinder,
) -> None:
    assert found(finder, "the side of the head") == [
        ("body_zone", ("temple",), "side of the head", "phrase")
    ]


def test_no_phrasing_matches_across_punctuation(finder: PhrasingFinder) -> None:
    assert found(finder, "the shoulder. blade") == [
        ("body_zone", ("shoulder",), "shoulder", "phrase")
    ]


def test_each_kind_is_matched_on_its_own(finder: PhrasingFinder) -> None:
    # Red flags are the safety engine's, not phrasings (bot.safety.engine).
    assert found(finder, "a swollen calf after running") == [
        ("body_zone", ("calf",), "calf", "phrase"),
        ("trigger", ("running",), "running", "phrase"),
    ]


def test_a_typo_is_corrected_with_a_lower_score(finder: PhrasingFinder) -> None:
    [hit] = finder.find(language.tokenize("shouldr blade"))

    assert (hit.owners, hit.method) == (("shoulder_blade",), "fuzzy")
    assert 0.6 < hit.score < 0.9


@pytest.mark.parametrize(
    ("said", "meant"),
    [("shouldr", "shoulder"), ("hamstrng", "hamstring"), ("sholdr", "shoulder")],
)
def test_corrections_reach_a_known_word(finder: PhrasingFinder, said: str, meant: str) -> None:
    assert finder.correction(said) == meant


@pytest.mark.parametrize(
    "word",
    [
        "heals",  # a real word one slip from "heels": a lookalike
        "traps",  # a muscle alias: never turned into a place
        "hip",  # too short to guess at
        "because",  # an English word that is simply not a phrasing word
        "should",  # a frequent English word two slips from "shoulder"
    ],
)
def test_words_that_are_never_corrected(finder: PhrasingFinder, word: str) -> None:
    assert finder.correction(word) == word
