"""Find the known phrasings in what someone wrote: as written, as lemmas, or with a typo.

Pure and in memory: the query class builds one matcher each for zones, triggers and red
flags from the built database, and no spaCy is needed here (see `bot.kb.text`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from bot.kb import text
from bot.kb.typos import Corrector

PHRASE = "phrase"
LEMMA = "lemma"
FUZZY = "fuzzy"
_METHOD_RANK = {PHRASE: 0, LEMMA: 1, FUZZY: 2}
LEMMA_SCORE = 0.9


@dataclass(frozen=True)
class Phrasing:
    """A phrasing that names `owner`, with its content words and their lemmas."""

    owner: str
    text: str
    words: tuple[str, ...]
    lemmas: tuple[str, ...]


@dataclass(frozen=True)
class PhraseHit:
    """Where a phrasing was found: owners (best first), character span, how and how well."""

    owners: tuple[str, ...]
    span: tuple[int, int]
    matched: str
    method: str
    score: float


@dataclass(frozen=True)
class _Candidate:
    first: int
    length: int
    method: str
    score: float
    phrasings: tuple[Phrasing, ...]

    @property
    def last(self) -> int:
        return self.first + self.length - 1

    def order(self) -> tuple[int, int, float, int]:
        return (-self.length, _METHOD_RANK[self.method], -self.score, self.first)


class PhraseMatcher:
    """Longest-first matching of a fixed set of phrasings in free text."""

    def __init__(
        self,
        phrasings: Iterable[Phrasing],
        forms: Mapping[str, str],
        lookalikes: Iterable[str] = (),
        prefer_over: Mapping[str, Iterable[str]] | None = None,
    ):
        self._by_words: dict[tuple[str, ...], list[Phrasing]] = {}
        self._by_lemmas: dict[tuple[str, ...], list[Phrasing]] = {}
        self._forms = forms
        self._lookalikes = frozenset(lookalikes)
        self._prefer_over = {
            owner: frozenset(others) for owner, others in (prefer_over or {}).items()
        }
        self._longest = 0
        for phrasing in phrasings:
            if not phrasing.words:
                continue
            self._by_words.setdefault(phrasing.words, []).append(phrasing)
            self._by_lemmas.setdefault(phrasing.lemmas, []).append(phrasing)
            self._longest = max(self._longest, len(phrasing.words))
        self._vocabulary = {word for key in self._by_words for word in key}
        self._vocabulary.update(word for key in self._by_lemmas for word in key)
        self._corrector = Corrector(self._vocabulary, forms, self._lookalikes)

    def find(self, said: str) -> list[PhraseHit]:
        """The phrasings in `said`, in text order; a longer match hides those inside it."""
        found = [word for word in text.words(said) if word.text not in text.FILLER_WORDS]
        surface = tuple(word.text for word in found)
        lemmas = tuple(self._forms.get(word, word) for word in surface)
        corrected = tuple(self._correction(word) for word in surface)
        corrected_lemmas = tuple(self._forms.get(word, word) for word in corrected)
        candidates = []
        for first in range(len(surface)):
            for length in range(min(self._longest, len(surface) - first), 0, -1):
                window = slice(first, first + length)
                candidate = self._candidate(
                    first, length, surface[window], lemmas[window]
                ) or self._fuzzy_candidate(
                    first, length, surface[window], corrected[window], corrected_lemmas[window]
                )
                if candidate:
                    candidates.append(candidate)
        taken: list[_Candidate] = []
        used: set[int] = set()
        for candidate in sorted(candidates, key=_Candidate.order):
            positions = set(range(candidate.first, candidate.last + 1))
            if not positions & used:
                taken.append(candidate)
                used |= positions
        return [
            self._hit(candidate, (found[candidate.first].start, found[candidate.last].end))
            for candidate in sorted(taken, key=lambda candidate: candidate.first)
        ]

    def _candidate(
        self, first: int, length: int, surface: tuple[str, ...], lemmas: tuple[str, ...]
    ) -> _Candidate | None:
        if surface in self._by_words:
            return _Candidate(first, length, PHRASE, 1.0, tuple(self._by_words[surface]))
        if lemmas in self._by_lemmas:
            return _Candidate(first, length, LEMMA, LEMMA_SCORE, tuple(self._by_lemmas[lemmas]))
        return None

    def _fuzzy_candidate(
        self,
        first: int,
        length: int,
        surface: tuple[str, ...],
        corrected: tuple[str, ...],
        corrected_lemmas: tuple[str, ...],
    ) -> _Candidate | None:
        if corrected == surface:
            return None
        phrasings = self._by_words.get(corrected) or self._by_lemmas.get(corrected_lemmas)
        if not phrasings:
            return None
        typos = sum(1 for said, meant in zip(surface, corrected, strict=True) if said != meant)
        letters = sum(len(word) for word in corrected)
        return _Candidate(
            first, length, FUZZY, round(LEMMA_SCORE * (1 - typos / letters), 3), tuple(phrasings)
        )

    def _correction(self, word: str) -> str:
        """The phrasing word `word` is a slip away from, or `word` if none or unsure."""
        return self._corrector.correct(word)

    def _hit(self, candidate: _Candidate, span: tuple[int, int]) -> PhraseHit:
        owners = list(dict.fromkeys(phrasing.owner for phrasing in candidate.phrasings))
        beaten = {other for owner in owners for other in self._prefer_over.get(owner, ())}
        kept = sorted(owner for owner in owners if owner not in beaten) or sorted(owners)
        matched = next(phrasing.text for phrasing in candidate.phrasings if phrasing.owner in kept)
        return PhraseHit(
            owners=tuple(kept),
            span=span,
            matched=matched,
            method=candidate.method,
            score=candidate.score,
        )
