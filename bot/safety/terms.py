"""Find lay terms in a message: as written, as lemmas, with one typo, small words skipped.

`TermIndex` holds the terms of many owners (concepts, context triggers); `find` returns
every place a term matches. Words like "the", "really", "a bit" may stand between a
term's words. In concept terms a possessive ("my calf") matches any possessive ("her
calf") and a subject pronoun any subject pronoun ("when i pee": "when she pees"), and a
word matches its other forms; context triggers match as written ("had" is not "has",
"if they" is not "if i"). Text-speak is read as the word ("nite", "thru", "n"), a dropped
g as the -ing word ("sweatin"); a word of five letters or more that is not a term word is
read as the term word one slip away (two slips from eight letters), a three- or
four-letter one only when a letter is missing ("kne") or, from four, two are swapped;
never a real English word (`never_correct`) or a word equally close to two term words.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz import process
from rapidfuzz.distance import OSA

from bot.nlu import language
from bot.nlu.language import Token

TYPO_MIN_LENGTH = 5
# Shorter words get a typo read only for a missing letter ("kne") or, from four, a swap.
SHORT_TYPO_MIN_LENGTH = 3
TWO_SLIPS_MIN_LENGTH = 8
MAX_SKIPPED = 3
# Words that may stand between a term's words without changing what it says.
SKIPPABLE = frozenset(
    {
        "my", "the", "a", "an", "his", "her", "their", "your", "our", "its", "this", "that",
        "really", "very", "so", "bit", "little", "quite", "proper", "real", "all", "just",
        "kind", "sort", "of", "like", "totally", "completely", "literally", "abit", "v", "rly",
        "well", "right", "whole", "nearly", "almost", "about", "around", "slightly", "super",
        "extremely", "absolutely", "properly", "suddenly", "now", "also", "too", "even", "been",
        "gone", "got", "getting", "go", "went", "feel", "feels", "felt", "feeling", "is", "are",
        "was", "were", "be", "s", "ive", "im", "has", "have", "had", "bad", "badly", "massive",
        "single",
    }
)  # fmt: skip
POSSESSIVES = frozenset({"my", "his", "her", "their", "your", "our", "ur", "me", "the"})
SUBJECTS = frozenset({"i", "he", "she", "they", "we", "you", "u", "hes", "shes", "im"})
# Text-speak and common shortenings, read as the word they stand for.
TEXT_SPEAK = {
    "nite": "night", "tonite": "tonight", "thru": "through", "u": "you", "ur": "your",
    "r": "are", "n": "and", "b4": "before", "wiv": "with", "coz": "because", "cuz": "because",
    "cos": "because", "realy": "really", "wen": "when", "wat": "what",
    "hed": "head", "bak": "back", "bk": "back", "tum": "tummy", "tmrw": "tomorrow",
    "2day": "today", "rn": "now", "ppl": "people", "sumthin": "something", "nuthin": "nothing",
    "breath": "breathe", "wks": "weeks", "wk": "week", "yrs": "years", "hrs": "hours",
    "mins": "minutes", "cnt": "cant", "prob": "probably", "bcos": "because", "2": "to",
    "summat": "something", "preg": "pregnant", "bc": "because", "tho": "though", "thx": "thanks",
    "sik": "sick", "luk": "look", "nek": "neck", "kne": "knee",
}  # fmt: skip


@dataclass(frozen=True)
class TermHit:
    """A term found in a message: its owner, token positions (`last` inclusive)."""

    owner: str
    term: str
    first: int
    last: int


@dataclass(frozen=True)
class _Term:
    owner: str
    text: str
    words: tuple[str, ...]
    lemmas: tuple[str, ...]


# Words the lemma tables read as a form of another word they almost never are in a message:
# "number" is rarely "more numb", "wound" a form of "wind", "bit" of "bite" or "blinds"
# (the window kind) of "blind".
NOT_A_FORM = frozenset({"number", "numbers", "wound", "bit", "blinds"})


def _same_lemma(word: str, lemma: str, token: Token) -> bool:
    """Whether the token is a form of the term word: a base-form term word ("swell") takes
    every form; an inflected one ("waters", "swollen") only other inflected forms
    ("swelling"), so "waters" does not match "water"."""
    if lemma not in (token.lemma, token.text) or (token.text in NOT_A_FORM and word != token.text):
        return False
    return word == lemma or token.text != token.lemma


class TermIndex:
    """The terms of many owners, indexed by their first word (see the module docstring)."""

    def __init__(
        self,
        owned: Iterable[tuple[str, str]],
        never_correct: Collection[str] = (),
        lemmas: bool = True,
    ):
        self._by_first: dict[str, list[_Term]] = {}
        for owner, term in owned:
            tokens = [token for token in language.tokenize(term) if not token.is_punct]
            if not tokens:
                continue
            entry = _Term(
                owner,
                term,
                tuple(token.text for token in tokens),
                tuple(token.lemma for token in tokens),
            )
            for key in {entry.words[0], entry.lemmas[0]} if lemmas else {entry.words[0]}:
                self._by_first.setdefault(key, []).append(entry)
        for entries in self._by_first.values():
            entries.sort(key=lambda entry: -len(entry.words))
        self.vocabulary = frozenset(
            word
            for entries in self._by_first.values()
            for entry in entries
            for word in (*entry.words, *entry.lemmas)
        )
        self._choices = sorted(
            word for word in self.vocabulary if len(word) >= SHORT_TYPO_MIN_LENGTH
        )
        self._never = frozenset(never_correct)
        self._lemmas = lemmas
        self._correct = lru_cache(maxsize=8192)(self._correction)

    def corrected(self, word: str) -> str:
        """The term word `word` is read as (itself when it is no typo of one)."""
        return self._correct(word)

    def find(self, tokens: Sequence[Token]) -> list[TermHit]:
        """Every match of every term in `tokens`, in text order (overlaps allowed)."""
        words = [self._correct(token.text) for token in tokens]
        hits: list[TermHit] = []
        for first, token in enumerate(tokens):
            if token.is_punct:
                continue
            seen: set[int] = set()
            keys = [token.text, words[first]] + ([token.lemma] if self._lemmas else [])
            if self._lemmas and words[first] in POSSESSIVES:
                keys.append("my")
            if self._lemmas and words[first] in SUBJECTS:
                keys.append("i")
            for key in dict.fromkeys(keys):
                for entry in self._by_first.get(key, ()):
                    if id(entry) in seen:
                        continue
                    seen.add(id(entry))
                    last = self._match(entry, tokens, words, first)
                    if last is not None:
                        hits.append(TermHit(entry.owner, entry.text, first, last))
        return hits

    def _match(
        self, entry: _Term, tokens: Sequence[Token], words: Sequence[str], first: int
    ) -> int | None:
        position = first
        for index, (word, lemma) in enumerate(zip(entry.words, entry.lemmas, strict=True)):
            skipped = 0
            while True:
                if position >= len(tokens) or tokens[position].is_punct:
                    return None
                token = tokens[position]
                if (
                    word in (token.text, words[position])
                    or (self._lemmas and _same_lemma(word, lemma, token))
                    or (self._lemmas and word in POSSESSIVES and words[position] in POSSESSIVES)
                    or (self._lemmas and word in SUBJECTS and words[position] in SUBJECTS)
                ):
                    break
                if index == 0 or words[position] not in SKIPPABLE or skipped >= MAX_SKIPPED:
                    return None
                skipped += 1
                position += 1
            position += 1
        return position - 1

    def _correction(self, word: str) -> str:
        """The term word `word` is a slip away from, or `word` itself (module docstring)."""
        if word in TEXT_SPEAK:
            return TEXT_SPEAK[word]
        if word.endswith("in") and word + "g" in self.vocabulary:
            return word + "g"
        if (
            len(word) < SHORT_TYPO_MIN_LENGTH
            or not word.isalpha()
            or word in self.vocabulary
            or word in self._never
        ):
            return word
        limit = 2 if len(word) >= TWO_SLIPS_MIN_LENGTH else 1
        found = process.extract(
            word, self._choices, scorer=OSA.distance, score_cutoff=limit, limit=None
        )
        if len(word) < TYPO_MIN_LENGTH:  # "kne", "nek": a missing letter, or a swap from four
            found = [
                hit for hit in found
                if len(hit[0]) == len(word) + 1
                or (len(word) > SHORT_TYPO_MIN_LENGTH and sorted(hit[0]) == sorted(word))
            ]  # fmt: skip
        if not found:
            return word
        best = min(distance for _, distance, _ in found)
        closest = {choice for choice, distance, _ in found if distance == best}
        return closest.pop() if len(closest) == 1 else word
