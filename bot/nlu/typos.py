"""Typo correction for the NLU: the knowledge base's `Corrector` (rapidfuzz), and the real
English words it must leave alone.

`common_english_near` finds, at training time, the frequent English words (from the word
frequencies in `spacy-lookups-data`) that the corrector would otherwise take for slips of
a phrasing word ("heals", "should"), so parsing needs no large table.
"""

from __future__ import annotations

from functools import lru_cache
from typing import cast

from bot.kb.typos import Corrector

__all__ = ["COMMON_WORD_LOG_PROB", "Corrector", "common_english_near", "common_english_words"]

# Words at least this frequent (log probability) in spaCy's English counts are real words.
COMMON_WORD_LOG_PROB = -17.0


def common_english_near(corrector: Corrector) -> set[str]:
    """The frequent English words that `corrector` would otherwise take for typos."""
    return {word for word in common_english_words() if corrector.correct(word) != word}


@lru_cache(maxsize=1)
def common_english_words() -> frozenset[str]:
    """The frequent lower-case English words in spaCy's counts (read once per process)."""
    import spacy_lookups_data
    from spacy.util import load_language_data

    frequencies = cast("dict[str, float]", load_language_data(spacy_lookups_data.en["lexeme_prob"]))
    return frozenset(
        word
        for word, log_prob in frequencies.items()
        if log_prob > COMMON_WORD_LOG_PROB and word.isalpha() and word.islower()
    )
