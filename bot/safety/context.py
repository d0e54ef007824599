"""Whether a concept found in a message counts: medspaCy's ConText idea for lay English.

medspaCy itself (1.3) brings a UMLS matcher and a sentence splitter with native parts,
and its rules are written for clinical notes; its categories are kept here instead:
NEGATED, HISTORICAL, FAMILY and HYPOTHETICAL, with the trigger words people use in a chat
(`data/kb/safety_context.yml`), plus idioms, clause ends and "still happening".

A trigger ("no", "years ago", "my dad had", "what if") changes the concepts in its scope:
`forward` to the end of its clause (family and hypothetical: past commas, to the end of
its sentence or a terminator), `backward` to the start of its clause, `both` both ways as
far as a sentence end or a terminator, `sentence` its whole sentence (what has cleared
up: "tingly after kneeling, and it went away once I stood up"), `message` the whole
message ("purely academic"). An idiom's words name nothing; a `recent` word ("still",
"again", "today") in the same clause undoes `historical` and `family` ("had a clot years
ago and it's back again" still counts). Clauses end at punctuation and at terminators
("but", "just", "and my"); sentences at . ! ? ;.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from bot.nlu.language import Token
from bot.safety.terms import TermHit

NEGATED = "negated"
RESOLVED = "resolved"  # cleared up or given the all clear: like negated, but history can count
HISTORICAL = "historical"
FAMILY = "family"
HYPOTHETICAL = "hypothetical"
IDIOM = "idiom"
TERMINATE = "terminate"
RECENT = "recent"
PSEUDO = "pseudo"
MODIFIERS = (NEGATED, RESOLVED, HISTORICAL, FAMILY, HYPOTHETICAL)
FORWARD_REACH = 8
SENTENCE_REACH = 25
SENTENCE_ENDS = frozenset(".!?;")


@dataclass(frozen=True)
class Trigger:
    """A context trigger found in a message: category, direction, token positions."""

    category: str
    direction: str
    first: int
    last: int


@dataclass(frozen=True)
class Scopes:
    """For each token position, the modifiers that reach it; and the positions idioms take."""

    modifiers: tuple[frozenset[str], ...]
    idiom: frozenset[int]

    def of(self, first: int, last: int) -> frozenset[str]:
        """The modifiers on a span: any that reaches one of its words."""
        found: set[str] = set()
        for position in range(first, last + 1):
            found |= self.modifiers[position]
        return frozenset(found)

    def in_idiom(self, first: int, last: int) -> bool:
        """Whether a span lies inside an idiom ("nearly gave me a heart attack")."""
        return any(position in self.idiom for position in range(first, last + 1))


def scopes(
    tokens: Sequence[Token],
    triggers: Sequence[Trigger],
    concept_spans: Sequence[TermHit],
) -> Scopes:
    """Work out each modifier's reach (see the module docstring).

    Triggers inside a concept's own words ("doesn't fade", "no feeling") or inside a
    pseudo-trigger ("not sure") are not triggers.
    """
    size = len(tokens)
    pseudo = {p for t in triggers if t.category == PSEUDO for p in range(t.first, t.last + 1)}
    idiom = frozenset(
        p for t in triggers if t.category == IDIOM for p in range(t.first, t.last + 1)
    )
    active = [
        t
        for t in triggers
        if t.category not in (PSEUDO, IDIOM)
        and not any(p in pseudo for p in range(t.first, t.last + 1))
        and not inside_a_concept(t, concept_spans)
    ]
    # "still" inside "still recovering from" is part of the history, not a sign it is back
    active = [t for t in active if not (t.category == RECENT and _inside_a_longer(t, active))]
    terminators = {t.first for t in active if t.category == TERMINATE}
    clause_end = {p for p, token in enumerate(tokens) if token.is_punct} | terminators
    sentence_end = {p for p, token in enumerate(tokens) if token.text in SENTENCE_ENDS}
    clause = _numbering(size, clause_end)
    modifiers: list[set[str]] = [set() for _ in range(size)]
    for trigger in active:
        if trigger.category not in MODIFIERS:
            continue
        for position in _reach(trigger, clause_end, sentence_end | terminators, sentence_end, size):
            modifiers[position].add(trigger.category)
    # "since this morning", "today": what the clause says is happening now, not history; and
    # a relative's symptom that started recently is theirs now, for the whole sentence ("my
    # husband has had a headache since this morning ..., he says it's the worst ever").
    sentence = _numbering(size, sentence_end)
    recent = [t for t in active if t.category == RECENT]
    recent_clauses = {clause[t.first] for t in recent}
    recent_from: dict[int, int] = {}  # sentence -> where its first "recent" trigger starts
    for t in recent:
        recent_from[sentence[t.first]] = min(t.first, recent_from.get(sentence[t.first], size))
    for position in range(size):
        if clause[position] in recent_clauses:
            modifiers[position] -= {HISTORICAL, FAMILY}
        elif position > recent_from.get(sentence[position], size):
            modifiers[position] -= {FAMILY}
    return Scopes(tuple(frozenset(found) for found in modifiers), idiom)


def _inside_a_longer(trigger: Trigger, triggers: Sequence[Trigger]) -> bool:
    """Whether another trigger's words take in this one's and more."""
    return _inside_longer(trigger, ((other.first, other.last) for other in triggers))


def inside_a_concept(trigger: Trigger, concept_spans: Sequence[TermHit]) -> bool:
    """Whether the trigger's words belong to a longer concept term ("doesn't fade")."""
    return _inside_longer(trigger, ((hit.first, hit.last) for hit in concept_spans))


def _inside_longer(trigger: Trigger, spans: Iterable[tuple[int, int]]) -> bool:
    return any(
        first <= trigger.first
        and trigger.last <= last
        and last - first > trigger.last - trigger.first
        for first, last in spans
    )


def _reach(
    trigger: Trigger,
    clause_end: set[int],
    wide_end: set[int],
    sentence_end: set[int],
    size: int,
) -> range | list[int]:
    """The positions a trigger reaches; family and hypothetical run on past commas."""
    wide = trigger.category in (FAMILY, HYPOTHETICAL)
    if trigger.direction == "message":
        return range(size)
    if trigger.direction == "forward":
        ends, limit = (wide_end, SENTENCE_REACH) if wide else (clause_end, FORWARD_REACH)
        return range(trigger.last + 1, _edge(trigger.last, 1, ends, limit, size))
    if trigger.direction == "backward":
        return range(_edge(trigger.first, -1, clause_end, FORWARD_REACH, size) + 1, trigger.first)
    if trigger.direction in ("sentence", "both"):
        ends = sentence_end if trigger.direction == "sentence" else wide_end
        first = _edge(trigger.first, -1, ends, SENTENCE_REACH, size) + 1
        return range(first, _edge(trigger.last, 1, ends, SENTENCE_REACH, size))
    return []


def _edge(position: int, step: int, ends: set[int], limit: int, size: int) -> int:
    """The first position from `position` (exclusive) in direction `step` that is an end,
    the edge of the message, or `limit` positions away."""
    current = position + step
    while 0 <= current < size and current not in ends and abs(current - position) <= limit:
        current += step
    return current


def _numbering(size: int, ends: set[int]) -> list[int]:
    """The number of the clause (or sentence) each position is in; an end starts the next."""
    numbers, current = [], 0
    for position in range(size):
        if position in ends:
            current += 1
        numbers.append(current)
    return numbers
