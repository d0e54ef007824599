"""The project's spaCy pipeline and how a message becomes tokens the matchers read.

The pipeline is blank English with the lookup lemmatizer from `spacy-lookups-data`
(nothing downloaded), built once per process and shared. Words are split the way the
knowledge base split its phrasings (`bot.kb.text`: lower case, "isn't" as "isnt"), so a
token's text compares directly with the stored phrasing words; clause punctuation is
kept as tokens of its own, so no phrasing matches across it and negation stops at it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, cast

from bot.kb import text

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.pipeline import Lemmatizer
    from spacy.tokens import Doc

_TOKEN = re.compile(r"[^\W_]+(?:['’][^\W_]+)*|[,;:.!?()]")
_APOSTROPHES = str.maketrans("", "", "'’")
PUNCTUATION = frozenset(",;:.!?()")


@lru_cache(maxsize=1)
def pipeline() -> Language:
    """Blank English with the lookup lemmatizer, initialised from `spacy-lookups-data`."""
    import spacy

    nlp = spacy.blank("en")
    # Initialising the one component, not `nlp.initialize()`, which logs at INFO each time.
    lemmatizer = cast("Lemmatizer", nlp.add_pipe("lemmatizer", config={"mode": "lookup"}))
    lemmatizer.initialize()
    return nlp


@dataclass(frozen=True)
class Token:
    """One word or clause mark of a message: its matching text, lemma and character span."""

    text: str
    lemma: str
    start: int
    end: int

    @property
    def is_punct(self) -> bool:
        """Whether the token is a clause mark (comma, full stop...) rather than a word."""
        return self.text in PUNCTUATION

    @property
    def is_filler(self) -> bool:
        """Whether the token never changes which place or trigger is named ("my", "the")."""
        return self.text in text.FILLER_WORDS


def tokenize(message: str) -> list[Token]:
    """The words and clause marks of `message` in order, each with its lemma and span."""
    found = list(_TOKEN.finditer(message))
    if not found:
        return []
    words = [match.group().lower().translate(_APOSTROPHES) for match in found]
    doc = lemmatize(words)
    return [
        Token(word, text.LEMMA_FIXES.get(word, token.lemma_ or word), match.start(), match.end())
        for word, token, match in zip(words, doc, found, strict=True)
    ]


def lemmatize(words: list[str]) -> Doc:
    """A spaCy doc of `words` (already split) with the lookup lemmatizer's lemmas set."""
    from spacy.tokens import Doc

    nlp = pipeline()
    return nlp.get_pipe("lemmatizer")(Doc(nlp.vocab, words=words))
