"""Find the knowledge base's phrasings in a message with spaCy's PhraseMatcher.

Two matchers run over the message's content words (without "my", "the", "left"...): one
on the words as written (score 1.0), one on their lemmas (0.9), so "calves" finds
"calf" and "back of the legs" finds "back of my leg". Unknown words are then corrected
(`bot.nlu.typos`: "shouldr" is "shoulder"; in a body slot more boldly, `bot.nlu.body_slot`:
"my arn hurts") and matched again, at a lower score. Within
each kind (zones, triggers, red flags) the longest match wins and hides the matches
inside it, except that a phrasing joining two places ("neck and shoulder") does not cut
another one in two ("neck and shoulder blade" is the neck and the shoulder blade).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from bot.kb.matcher import FUZZY, LEMMA, LEMMA_SCORE, PHRASE, Phrasing
from bot.nlu import language
from bot.nlu.body_slot import BodySlot
from bot.nlu.cues import CONJUNCTIONS
from bot.nlu.language import Token
from bot.nlu.typos import Corrector
from bot.nlu.vocabulary import Vocabulary, place_words

if TYPE_CHECKING:
    from spacy.matcher import PhraseMatcher
    from spacy.tokens import Doc

_METHOD_RANK = {PHRASE: 0, LEMMA: 1, FUZZY: 2}


@dataclass(frozen=True)
class Found:
    """A phrasing found in a message: its kind, owners (best first), tokens and how well.

    `first` and `last` index the message's tokens (inclusive); `start`/`end` are characters.
    """

    entity: str
    owners: tuple[str, ...]
    first: int
    last: int
    start: int
    end: int
    matched: str
    method: str
    score: float


@dataclass(frozen=True)
class _Candidate:
    entity: str
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


def _splits_another(candidate: _Candidate, others: Sequence[_Candidate]) -> bool:
    """Whether a phrasing that joins two places ends inside another phrasing.

    "neck and shoulder" must not take the "shoulder" of "neck and shoulder blade".
    """
    joins = any(set(p.words) & CONJUNCTIONS for p in candidate.phrasings)
    return joins and any(
        candidate.first < other.first <= candidate.last < other.last for other in others
    )


class PhrasingFinder:
    """Longest-first matching of the vocabulary's zone, trigger and red-flag phrasings."""

    def __init__(self, vocabulary: Vocabulary):
        from spacy.matcher import PhraseMatcher
        from spacy.tokens import Doc

        vocab = language.pipeline().vocab
        self._prefer_over = {zone: frozenset(over) for zone, over in vocabulary.prefer_over.items()}
        self._forms = vocabulary.forms
        self._by_key: dict[str, tuple[str, str, tuple[Phrasing, ...]]] = {}
        self._words_matcher: PhraseMatcher = PhraseMatcher(vocab, attr="ORTH")
        self._lemma_matcher: PhraseMatcher = PhraseMatcher(vocab, attr="LEMMA")
        grouped: dict[tuple[str, str, tuple[str, ...]], list[Phrasing]] = {}
        for entity, phrasings in vocabulary.phrasings.items():
            for phrasing in phrasings:
                if phrasing.words:
                    grouped.setdefault((entity, PHRASE, phrasing.words), []).append(phrasing)
                    grouped.setdefault((entity, LEMMA, phrasing.lemmas), []).append(phrasing)
        for number, ((entity, method, key), members) in enumerate(grouped.items()):
            name = f"{entity}:{method}:{number}"
            self._by_key[name] = (entity, method, tuple(members))
            if method == PHRASE:
                self._words_matcher.add(name, [Doc(vocab, words=list(key))])
            else:
                self._lemma_matcher.add(name, [Doc(vocab, words=list(key), lemmas=list(key))])
        self._corrector = Corrector(
            vocabulary.words(),
            vocabulary.forms,
            vocabulary.lookalikes | vocabulary.protected_words,
        )
        self._body_slot = BodySlot(
            place_words(vocabulary), vocabulary.words(), vocabulary.common_near_places
        )

    def find(self, tokens: Sequence[Token]) -> list[Found]:
        """The phrasings in the message `tokens`, in text order, one kind's matches apart."""
        content = [index for index, token in enumerate(tokens) if not token.is_filler]
        if not content:
            return []
        words = [tokens[index].text for index in content]
        lemmas = [tokens[index].lemma for index in content]
        candidates = list(self._candidates(self._doc(words, lemmas), frozenset()))
        corrected = [self.correction(word) for word in words]
        position_of = {index: position for position, index in enumerate(content)}
        for index, meant in self._body_slot.corrections(tokens).items():
            position = position_of.get(index)
            if position is not None and corrected[position] == words[position]:
                corrected[position] = meant
        typos = frozenset(
            i for i, (said, meant) in enumerate(zip(words, corrected, strict=True)) if said != meant
        )
        if typos:
            fixed_lemmas = [
                self._forms.get(meant, meant) if i in typos else lemma
                for i, (meant, lemma) in enumerate(zip(corrected, lemmas, strict=True))
            ]
            candidates += self._candidates(self._doc(corrected, fixed_lemmas), typos, corrected)
        found = []
        for entity in dict.fromkeys(candidate.entity for candidate in candidates):
            found += self._resolve(
                [candidate for candidate in candidates if candidate.entity == entity],
                tokens,
                content,
            )
        return sorted(found, key=lambda item: (item.first, item.entity))

    def correction(self, word: str) -> str:
        """The phrasing word `word` is a slip away from, or `word` itself if none or unsure."""
        return self._corrector.correct(word)

    def _doc(self, words: list[str], lemmas: list[str]) -> Doc:
        from spacy.tokens import Doc

        return Doc(language.pipeline().vocab, words=words, lemmas=lemmas)

    def _candidates(
        self, doc: Doc, typos: frozenset[int], corrected: Sequence[str] = ()
    ) -> Iterable[_Candidate]:
        for matcher in (self._words_matcher, self._lemma_matcher):
            for match_id, begin, end in matcher(doc):
                entity, method, phrasings = self._by_key[doc.vocab.strings[match_id]]
                if not typos:
                    score = 1.0 if method == PHRASE else LEMMA_SCORE
                    yield _Candidate(entity, begin, end - begin, method, score, phrasings)
                    continue
                slips = sum(1 for index in range(begin, end) if index in typos)
                if slips:
                    letters = sum(len(corrected[index]) for index in range(begin, end))
                    score = round(LEMMA_SCORE * (1 - slips / letters), 3)
                    yield _Candidate(entity, begin, end - begin, FUZZY, score, phrasings)

    def _resolve(
        self, candidates: list[_Candidate], tokens: Sequence[Token], content: list[int]
    ) -> list[Found]:
        taken: list[Found] = []
        used: set[int] = set()
        kept = [c for c in candidates if not _splits_another(c, candidates)]
        for candidate in sorted(kept, key=_Candidate.order):
            positions = set(range(candidate.first, candidate.last + 1))
            if positions & used:
                continue
            used |= positions
            first, last = content[candidate.first], content[candidate.last]
            owners = self._owners(candidate.phrasings)
            taken.append(
                Found(
                    entity=candidate.entity,
                    owners=owners,
                    first=first,
                    last=last,
                    start=tokens[first].start,
                    end=tokens[last].end,
                    matched=next(p.text for p in candidate.phrasings if p.owner in owners),
                    method=candidate.method,
                    score=candidate.score,
                )
            )
        return taken

    def _owners(self, phrasings: tuple[Phrasing, ...]) -> tuple[str, ...]:
        """The owners of the matched phrasings, less those another owner prefers over."""
        owners = list(dict.fromkeys(phrasing.owner for phrasing in phrasings))
        beaten = {other for owner in owners for other in self._prefer_over.get(owner, ())}
        return tuple(sorted(owner for owner in owners if owner not in beaten) or sorted(owners))
