from __future__ import annotations

from bot.kb.matcher import PhraseHit, PhraseMatcher, Phrasing


def phrasing(owner: str, words: str, lemmas: str | None = None) -> Phrasing:
    return Phrasing(owner, words, tuple(words.split()), tuple((lemmas or words).split()))


MATCHER = PhraseMatcher(
    [
        phrasing("leg", "leg"),
        phrasing("back_of_thigh", "back of leg"),
        phrasing("low_back", "back"),
        phrasing("heel", "heels", "heel"),
        phrasing("hip", "hip"),
        phrasing("head", "side of head"),
        phrasing("temple", "side of head"),
        phrasing("shin", "shin"),
        phrasing("chin", "chin"),
    ],
    forms={"heels": "heel", "legs": "leg"},
    lookalikes={"heals"},
    prefer_over={"temple": ["head"]},
)


def test_the_longest_phrasing_wins_and_hides_its_parts() -> None:
    assert MATCHER.find("pain down the back of my legs and my back") == [
        PhraseHit(("back_of_thigh",), (14, 29), "back of leg", "lemma", 0.9),
        PhraseHit(("low_back",), (37, 41), "back", "phrase", 1.0),
    ]


def test_prefer_over_picks_one_owner_of_a_shared_phrasing() -> None:
    assert MATCHER.find("the side of the head") == [
        PhraseHit(("temple",), (4, 20), "side of head", "phrase", 1.0)
    ]


def test_a_typo_is_corrected_only_when_safe() -> None:
    assert MATCHER.find("my heells") == [PhraseHit(("heel",), (3, 9), "heels", "fuzzy", 0.675)]
    # A real word one slip away, a short word, and a slip equally close to two words.
    assert MATCHER.find("it never heals") == []
    assert MATCHER.find("hop") == []
    assert MATCHER.find("xhin") == []
