"""Correct a misspelt word to the phrasing word it was meant to be, or leave it alone.

One typo corrector for the knowledge base's matcher (`bot.kb.matcher`, the command
line) and the NLU (`bot.nlu.phrasings`), on rapidfuzz's optimal string alignment
distance (a deletion, insertion, substitution or swap of neighbours is one slip):

- a word of five letters or more is corrected when it is one slip from exactly one known
  word (of several, the one the likeliest kind of slip reaches: a swap, then a missing
  letter, a doubled one, a changed one, an added one), or else (from six letters) two
  slips from exactly one with a similarity ratio of 0.85 or more ("sholdr" is "shoulder");
- a three- or four-letter word only when a letter is missing ("kne" is "knee", "nek" is
  "neck") or, from four letters, two neighbours are swapped ("cafl" is "calf") or a letter
  is doubled ("hipp"): a changed letter in a short word too often makes another real word;
- known words, their inflections and the `never` words (real English words near a
  phrasing word: "heals", "should", "tues") stay as they are.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping

from rapidfuzz import fuzz, process
from rapidfuzz.distance import OSA

SHORTEST = 3
ONE_SLIP_ANY = 5
TWO_SLIPS_MIN_LENGTH = 6
RATIO_CUTOFF = 85.0


CACHE_SIZE = 50_000  # words remembered with their correction


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
        self._choices = sorted(word for word in self._known if len(word) >= SHORTEST)
        # Bounded: every word anyone types passes here, so an unbounded cache would grow
        # with the traffic. The oldest entry goes first (dicts keep insertion order).
        self._cache: dict[str, str] = {}

    def correct(self, word: str) -> str:
        """The known word `word` is a slip away from (as its lemma), or `word` itself."""
        found = self._cache.get(word)
        if found is None:
            found = self._correct(word)
            if len(self._cache) >= CACHE_SIZE:
                del self._cache[next(iter(self._cache))]
            self._cache[word] = found
        return found

    def _correct(self, word: str) -> str:
        if (
            len(word) < SHORTEST
            or not word.isalpha()
            or word in self._known
            or word in self._forms
            or word in self._never
        ):
            return word
        close = process.extract(
            word, self._choices, scorer=OSA.distance, score_cutoff=2, limit=None
        )
        one = [known for known, distance, _ in close if distance == 1]
        if len(word) < ONE_SLIP_ANY:  # short words: a missing letter, or a swap from four
            one = [known for known in one if len(known) == len(word) + 1
                   or (len(word) > SHORTEST and _slip(word, known) in (0, 2))]  # fmt: skip
        meant = {self._forms.get(known, known) for known in _likeliest(word, one)}
        if not meant and len(word) >= TWO_SLIPS_MIN_LENGTH:
            ratios = {
                known: fuzz.ratio(word, known) for known, distance, _ in close if distance == 2
            }
            best = max(ratios.values(), default=0.0)
            if best >= RATIO_CUTOFF:
                meant = {self._forms.get(k, k) for k, ratio in ratios.items() if ratio == best}
        # Equally close to two different words: not sure enough to guess.
        return meant.pop() if len(meant) == 1 else word


def _likeliest(word: str, candidates: list[str]) -> list[str]:
    """Of the words one slip away, those reached by the likeliest kind of slip (see `_slip`)."""
    if not candidates:
        return []
    ranks = {known: _slip(word, known) for known in candidates}
    best = min(ranks.values())
    return [known for known, rank in ranks.items() if rank == best]


def _slip(word: str, known: str) -> int:
    """How likely a slip turns `known` into `word`, most likely first: two neighbours swapped
    (0), a letter missing (1: "behnd" is "behind" before "bend"), a letter doubled (2: "hipp"),
    a letter changed (3), a letter added (4)."""
    if _swapped(word, known):
        return 0
    if len(known) == len(word) + 1:
        return 1
    if len(word) == len(known) + 1:
        doubled = any(word[i] == word[i + 1] and word[:i] + word[i + 1 :] == known
                      for i in range(len(word) - 1))  # fmt: skip
        return 2 if doubled else 4
    return 3


def _swapped(word: str, known: str) -> bool:
    """Whether `known` is `word` with two neighbouring letters swapped."""
    return len(word) == len(known) and sorted(word) == sorted(known) and word != known
