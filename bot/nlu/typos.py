"""Correct a misspelt word to the phrasing word it was meant to be, or leave it alone.

A word is corrected when it is one slip (deletion, insertion, substitution or swap) from
exactly one known word, or else within a difflib ratio of 0.85 of exactly one (two slips
in a long word: "sholdr" is "shoulder"). Words shorter than four letters, known words,
their inflections, and the `never` words (real words: "heals", "should", "tues") stay
as they are. `common_english_near` finds those real words at training time, from the
word frequencies in `spacy-lookups-data`, so parsing needs no large table.
"""

from __future__ import annotations

import difflib
from collections.abc import Collection, Iterable, Mapping
from functools import lru_cache
from typing import cast

from bot.kb import text

RATIO_CUTOFF = 0.85
# Shorter words cannot reach the ratio with two slips: one slip is all they get.
TWO_SLIPS_MIN_LENGTH = 6
# Words at least this frequent (log probability) in spaCy's English counts are real words.
COMMON_WORD_LOG_PROB = -17.0


def _two_deletions(word: str) -> set[str]:
    """`word` and every string one or two deleted letters shorter."""
    found = text.deletions(word)
    for shorter in list(found):
        found |= text.deletions(shorter)
    return found


class Corrector:
    """Typo correction onto a fixed set of known words (see the module docstring)."""

    def __init__(
        self,
        known: Iterable[str],
        forms: Mapping[str, str] | None = None,
        never: Collection[str] = (),
    ):
        self._known = frozenset(known)
        self._forms = forms or {}
        self._never = frozenset(never)
        self._one_slip: dict[str, set[str]] = {}
        self._two_slips: dict[str, set[str]] = {}
        for word in self._known:
            if len(word) >= text.TYPO_MIN_LENGTH:
                for key in text.deletions(word):
                    self._one_slip.setdefault(key, set()).add(word)
                for key in _two_deletions(word):
                    self._two_slips.setdefault(key, set()).add(word)
        self._cache: dict[str, str] = {}

    def correct(self, word: str) -> str:
        """The known word `word` is a slip away from (as its lemma), or `word` itself."""
        if word not in self._cache:
            self._cache[word] = self._correct(word)
        return self._cache[word]

    def _correct(self, word: str) -> str:
        if (
            len(word) < text.TYPO_MIN_LENGTH
            or not word.isalpha()
            or word in self._known
            or word in self._forms
            or word in self._never
        ):
            return word
        meant = {
            self._forms.get(known, known)
            for key in text.deletions(word)
            for known in self._one_slip.get(key, ())
            if text.one_edit_apart(word, known)
        }
        if not meant and len(word) >= TWO_SLIPS_MIN_LENGTH:
            ratios: dict[str, float] = {}
            for key in _two_deletions(word):
                for known in self._two_slips.get(key, ()):
                    if known not in ratios:
                        ratios[known] = difflib.SequenceMatcher(None, word, known).ratio()
            close = sorted(
                ((ratio, known) for known, ratio in ratios.items() if ratio >= RATIO_CUTOFF),
                reverse=True,
            )
            best = [known for ratio, known in close if ratio == close[0][0]] if close else []
            meant = {self._forms.get(known, known) for known in best}
        # Equally close to two different words: not sure enough to guess.
        return meant.pop() if len(meant) == 1 else word


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
