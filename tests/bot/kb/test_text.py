from __future__ import annotations

import pytest

from bot.kb import text


def test_words_keep_spans_and_drop_punctuation_and_apostrophes() -> None:
    assert text.words("My calf—can't walk!") == [
        text.Word("my", 0, 2),
        text.Word("calf", 3, 7),
        text.Word("cant", 8, 13),
        text.Word("walk", 14, 18),
    ]
    assert text.normalise("  Shoulder-Blade,  LEFT ") == "shoulder blade left"


def test_match_key_drops_filler_words_and_lemmatizes() -> None:
    assert text.match_key("the back of my left legs") == (
        ("back", "of", "legs"),
        ("back", "of", "leg"),
    )


@pytest.mark.parametrize(
    ("said", "lemmas"),
    [
        ("My temples ache", "my temple ache"),
        ("shoulder blades", "shoulder blade"),
        ("sore calves", "sore calf"),
        ("feet", "foot"),
        ("running", "run"),
    ],
)
def test_lemmatize(said: str, lemmas: str) -> None:
    assert text.lemmatize(said) == lemmas


def test_lemma_forms_lemmatize_like_spacy_for_the_vocabulary() -> None:
    forms = text.lemma_forms({"calf", "temple", "run", "foot", "shoulder"})
    said = ("calves", "temples", "running", "ran", "feet", "shoulders", "calf", "neck")

    assert tuple(forms.get(word, word) for word in said) == text.lemmas(said)
    # A word whose lemma is outside the vocabulary may stay as written: it matches nothing.
    assert forms.get("knees", "knees") == "knees"


@pytest.mark.parametrize(
    ("first", "second", "expected"),
    [
        ("shouldr", "shoulder", True),
        ("tempel", "temple", True),
        ("neck", "neckk", True),
        ("calf", "half", True),
        ("calf", "calf", False),
        ("temple", "tmepel", False),
        ("hip", "hips", True),
        ("back", "black", True),
        ("back", "bake", False),
    ],
)
def test_one_edit_apart(first: str, second: str, expected: bool) -> None:
    assert text.one_edit_apart(first, second) is expected
    assert text.one_edit_apart(second, first) is expected


def test_one_edit_variants_are_one_edit_apart() -> None:
    variants = set(text.one_edit_variants("heel")) - {"heel"}

    assert {"heal", "hel", "heels", "ehel"} <= variants
    assert all(text.one_edit_apart("heel", variant) for variant in variants)


def test_lookalikes_are_real_words_one_slip_away() -> None:
    found = text.lookalikes({"heels", "ankle", "hip"})

    assert {"heals", "angle"} <= found
    assert "heels" not in found and "hips" not in found
