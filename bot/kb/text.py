"""Words, lemmas and typo distance for matching what people write against the phrasings.

Lemmas are spaCy's lookup lemmas: the English table from `spacy-lookups-data` (nothing
downloaded), read directly, which is all spaCy's lookup lemmatizer does with a token's
text. Importing spaCy itself takes seconds (thinc imports TensorFlow), so neither the
builder nor the query side does; the builder stores, for the words the phrasings use,
every form that lemmatizes onto them, and the query side reads that table.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable, Iterator
from functools import lru_cache
from typing import NamedTuple, cast

_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")
_APOSTROPHES = str.maketrans("", "", "'’")
_LETTERS = "abcdefghijklmnopqrstuvwxyz"

# Words that never change where it hurts: "back of my leg" is "back of the leg", and
# the side is carried separately (also, the lookup table lemmatizes "left" as "leave").
FILLER_WORDS = frozenset(
    {"a", "an", "the", "my", "me", "your", "his", "her", "their", "our", "its", "left", "right"}
)

# Plurals the lookup table gets wrong for body parts ("calves" -> "calve", the verb).
LEMMA_FIXES = {"calves": "calf", "glutes": "glute", "pecs": "pec"}

# Shorter words are too easily another real word with one slip ("hip", "arm").
TYPO_MIN_LENGTH = 4


class Word(NamedTuple):
    """One word of a text, lower-cased, apostrophes removed, with its character span."""

    text: str
    start: int
    end: int


def words(text: str) -> list[Word]:
    """The words of `text` in order: lower case, "can't" as "cant", punctuation dropped."""
    return [
        Word(m.group().lower().translate(_APOSTROPHES), m.start(), m.end())
        for m in _WORD.finditer(text)
    ]


def normalise(text: str) -> str:
    """`text` as its words joined by single spaces: the form phrasings are compared in."""
    return " ".join(word.text for word in words(text))


@lru_cache(maxsize=1)
def _lookup_table() -> dict[str, str]:
    """spaCy's English lemma lookup table, as `spacy-lookups-data` ships it (gzipped JSON)."""
    import gzip
    import json
    from pathlib import Path

    import spacy_lookups_data

    path = Path(str(spacy_lookups_data.en["lemma_lookup"]))
    if not path.exists():
        path = path.with_name(path.name + ".gz")
    with gzip.open(path, "rt", encoding="utf-8") as table:
        return cast("dict[str, str]", json.load(table))


@lru_cache(maxsize=8192)
def lemmas(items: tuple[str, ...]) -> tuple[str, ...]:
    """The lemma of each word in `items` (already split by `words`), one per word."""
    table = _lookup_table()
    return tuple(LEMMA_FIXES.get(word, table.get(word, word)) for word in items)


def match_key(phrasing: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The content words of `phrasing` and their lemmas: the two forms matching compares."""
    surface = tuple(word.text for word in words(phrasing))
    kept = [index for index, word in enumerate(surface) if word not in FILLER_WORDS]
    lemma_of = lemmas(surface)
    return tuple(surface[i] for i in kept), tuple(lemma_of[i] for i in kept)


@lru_cache(maxsize=8192)
def lemmatize(text: str) -> str:
    """`text` as the lemmas of its words, lower case, joined by single spaces."""
    return " ".join(lemmas(tuple(word.text for word in words(text))))


def lemma_forms(vocabulary: Collection[str]) -> dict[str, str]:
    """Each form whose lemma differs from it and where the form or its lemma is in `vocabulary`.

    For words of `vocabulary`, `forms.get(word, word)` then lemmatizes exactly as `lemmas` does.
    """
    table = {**_lookup_table(), **LEMMA_FIXES}
    return {
        form: lemma
        for form, lemma in table.items()
        if form != lemma and (form in vocabulary or lemma in vocabulary)
    }


def one_edit_variants(word: str) -> Iterator[str]:
    """Every string one deletion, insertion, substitution or swap away from `word`."""
    splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    for left, right in splits:
        if right:
            yield left + right[1:]
            for letter in _LETTERS:
                yield left + letter + right[1:]
        if len(right) > 1:
            yield left + right[1] + right[0] + right[2:]
        for letter in _LETTERS:
            yield left + letter + right


def deletions(word: str) -> set[str]:
    """`word` itself and each string one deleted letter shorter (the typo index keys)."""
    return {word, *(word[:i] + word[i + 1 :] for i in range(len(word)))}


def one_edit_apart(first: str, second: str) -> bool:
    """Whether the two differ by exactly one deletion, insertion, substitution or swap."""
    if first == second or abs(len(first) - len(second)) > 1:
        return False
    if len(first) > len(second):
        first, second = second, first
    prefix = 0
    while prefix < len(first) and first[prefix] == second[prefix]:
        prefix += 1
    if len(first) < len(second):
        return first[prefix:] == second[prefix + 1 :]
    if first[prefix + 1 :] == second[prefix + 1 :]:
        return True
    return (
        prefix + 1 < len(first)
        and first[prefix] == second[prefix + 1]
        and first[prefix + 1] == second[prefix]
        and first[prefix + 2 :] == second[prefix + 2 :]
    )


def lookalikes(vocabulary: Iterable[str]) -> set[str]:
    """Real English words one slip away from a word of `vocabulary`: never read as typos.

    "heals" is not a typo of "heels", nor "angle" of "ankle".
    """
    table = _lookup_table()
    english = set(table) | set(table.values())
    known = set(vocabulary)
    found: set[str] = set()
    for word in known:
        if len(word) < TYPO_MIN_LENGTH:
            continue
        found.update(variant for variant in one_edit_variants(word) if variant in english)
    return found - known
