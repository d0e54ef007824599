"""bot.nlu.typos: which misspellings are corrected, and which real words are left alone."""

from __future__ import annotations

import pytest

from bot.nlu.typos import Corrector, common_english_near

CORRECTOR = Corrector(
    ["shoulder", "shoulders", "heel", "heels", "knee", "knees", "calf", "hamstring", "neck"],
    forms={"shoulders": "shoulder", "heels": "heel", "knees": "knee"},
    never=["heals"],
)


@pytest.mark.parametrize(
    ("said", "meant"),
    [
        ("sholder", "shoulder"),  # one letter dropped
        ("shuolder", "shoulder"),  # two swapped
        ("shoulderss", "shoulder"),  # one added, and the lemma returned
        ("kness", "knee"),  # one slip from "knees"
        ("sholdr", "shoulder"),  # two slips in a long word
        ("hamstrng", "hamstring"),
        ("nek", "neck"),  # a short word missing a letter
        ("kne", "knee"),
        ("cafl", "calf"),  # two neighbours swapped in a four-letter word
    ],
)
def test_a_slip_is_corrected_to_the_known_lemma(said: str, meant: str) -> None:
    assert CORRECTOR.correct(said) == meant


@pytest.mark.parametrize(
    ("said", "known", "meant"),
    [
        ("behnd", ["behind", "bend"], "behind"),  # a missing letter before an added one
        ("hipp", ["hip", "hips"], "hip"),  # a doubled letter before a changed one
        ("nekc", ["neck"], "neck"),
    ],
)
def test_of_two_close_words_the_likeliest_slip_wins(
    said: str, known: list[str], meant: str
) -> None:
    assert Corrector(known).correct(said) == meant


@pytest.mark.parametrize("said", ["heals", "knew", "nekk", "neck", "shoulders", "ne5k", "ek"])
def test_never_words_short_words_and_known_words_stay(said: str) -> None:
    assert CORRECTOR.correct(said) == said


def test_a_real_word_is_corrected_unless_it_is_listed_as_never() -> None:
    # Telling real words from slips is the job of `never` (see common_english_near).
    assert CORRECTOR.correct("shoulde") == "shoulder"
    assert Corrector(["shoulder"], never=["shoulde"]).correct("shoulde") == "shoulde"


def test_a_slip_equally_close_to_two_words_is_left_alone() -> None:
    corrector = Corrector(["heel", "hell"])

    assert corrector.correct("hesl") == "hesl"


def test_frequent_english_words_near_a_known_word_are_found() -> None:
    near = common_english_near(Corrector(["shoulder", "knee", "neck"]))

    assert {"should", "knew"} - near == {"knew"}  # a changed letter in a short word: no slip
    assert "nek" not in near  # too rare to be a word: a slip of "neck"
    assert "sholder" not in near


def test_the_cache_stays_bounded_however_many_words_pass(monkeypatch: pytest.MonkeyPatch) -> None:
    from bot.kb import typos

    monkeypatch.setattr(typos, "CACHE_SIZE", 100)
    corrector = Corrector(["shoulder", "knee"])
    for n in range(1000):
        corrector.correct(f"word{n}x")
    assert len(corrector._cache) == 100
    assert corrector.correct("sholder") == "shoulder"  # still corrects after evictions
