"""Typo correction for the NLU: the knowledge base's `Corrector` (rapidfuzz), and the real
English words it must leave alone.

`common_english_near` finds, at training time, the frequent English words (from the word
frequencies in `spacy-lookups-data`) that the corrector would otherwise take for slips of
a phrasing word ("heals", "should"), so parsing needs no large table.
"""

from __future__ import annotations

from functools import lru_cache
from typing import cast

from rapidfuzz import process
from rapidfuzz.distance import OSA

from bot.kb.typos import Corrector

__all__ = [
    "COMMON_WORD_LOG_PROB",
    "SHORT_WORD_LOG_PROB",
    "Corrector",
    "common_english_near",
    "common_english_near_any",
    "common_english_words",
]

# Words at least this frequent (log probability) in spaCy's English counts are real words;
# rarer ones are mostly slips that turn up in web text ("forhead", "betwen"), and a short
# word must be more frequent still: "nek", "fot", "bak".
COMMON_WORD_LOG_PROB = -16.0
SHORT_WORD_LOG_PROB = -14.0
SHORT_WORD_LENGTH = 4


def common_english_near(corrector: Corrector) -> set[str]:
    """The frequent English words that `corrector` would otherwise take for typos."""
    return {word for word in common_english_words() if corrector.correct(word) != word}


def common_english_near_any(targets: frozenset[str], known: frozenset[str]) -> frozenset[str]:
    """The frequent English words (three letters or more, not in `known`) one slip of any
    kind from a word of `targets`: "lip" from "hip", "heal" from "heel"."""
    choices = sorted(targets)
    return frozenset(
        word
        for word in common_english_words()
        if len(word) >= 3
        and word not in known
        and process.extractOne(word, choices, scorer=OSA.distance, score_cutoff=1) is not None
    )


@lru_cache(maxsize=1)
def common_english_words() -> frozenset[str]:
    """The frequent lower-case English words in spaCy's counts (read once per process)."""
    import spacy_lookups_data
    from spacy.util import load_language_data

    frequencies = cast("dict[str, float]", load_language_data(spacy_lookups_data.en["lexeme_prob"]))
    return frozenset(
        word
        for word, log_prob in frequencies.items()
        if word.isalpha()
        and word.islower()
        and log_prob
        > (SHORT_WORD_LOG_PROB if len(word) <= SHORT_WORD_LENGTH else COMMON_WORD_LOG_PROB)
    )
