"""The one red-flag matcher of the project: concepts in a message, in context, against rules.

`SafetyEngine(rules).assess(text)` finds the safety concepts a message asserts (not
denied, past, someone else's, hypothetical or an idiom: `bot.safety.context`), the red
flags whose patterns they complete, the screening sites they name, and a crisis. The NLU
component, the `kb` command line and the actions all call it, so every part of the
project gives the same answer. Answers to a screening question are read with the site as
a `given` concept: "yes, it spreads to my arm" after the chest question is chest pain.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from bot.nlu import language
from bot.nlu.language import Token
from bot.safety import context
from bot.safety.context import Trigger
from bot.safety.rules import FlagRule, Pattern, Precaution, SafetyRules, Screening, urgency
from bot.safety.terms import TermHit, TermIndex

CRISIS = "crisis"
MAX_COMBINATIONS = 4096
PARTIAL_MIN_PATTERN = 3
PARTIAL_MIN_SYMPTOMS = 2
CRISIS_NEGATION_REACH = 3
PREGNANCY = "pregnancy"
EARLY_PREGNANCY = "early_pregnancy"
EARLY_PREGNANCY_WEEKS = 12
# "32 weeks", "6 wks pregnant", "34 wks": a pregnancy and how far along it is.
_WEEKS = re.compile(
    r"\b(\d{1,2})\s*(?:\+\d\s*)?(?:weeks?|wks?|wk)\b(?:\s+(?:pregnant|gone|along))?", re.IGNORECASE
)
_WEEKS_CONTEXT = re.compile(
    r"pregnan|expecting|baby|bump|midwife|trimester|\bdue\b|weeks (?:gone|along)",
    re.IGNORECASE,
)
_DURATION = frozenset({"for", "past", "last", "over", "since", "about", "nearly", "almost"})
MIN_BARE_WEEKS = 14
_YEAR = re.compile(r"^(?:19|20)\d\d$")
_MONTHS = frozenset(
    {
        "january", "february", "march", "april", "may", "june", "july", "august",
        "september", "october", "november", "december", "jan", "feb", "mar", "apr", "jun",
        "jul", "aug", "sep", "sept", "oct", "nov", "dec", "summer", "winter", "spring",
        "autumn", "christmas", "xmas", "easter",
    }
)  # fmt: skip
SYMPTOM_KINDS = ("sign", "quality", "onset", "spread")
# Signs that say where as much as what, carried from earlier messages like the sites.
CARRIED_SIGNS = frozenset({"headache"})
# "I'm 72", "my dad (80)", "aged 67", "she's 81", "72 years old", "in his 70s".
_AGE = re.compile(
    r"(?:\b(?:i'?m|i am|aged?|he'?s|she'?s|he is|she is|turned|turning|now)\s+(\d{2,3})\b"
    r"(?!\s*(?:weeks?|wks?|months?|days?|hours?|hrs?|mins?|minutes?|kg|kilos?|stone|st|lbs?|"
    r"pounds?|%|percent|times?|miles?|km|k|cm|mm|degrees?|c\b)))"
    r"|\((\d{2,3})\)"
    r"|\b(\d{2,3})\s*(?:years?|yrs?)[\s-]*old\b"
    r"|\b(\d{2,3})\s*(?:yo|y/o|y\.o\.)\b"
    r"|\bin (?:my|his|her|their) (\d)0s\b"
    r"|^\s*(\d{2})\s*[,.:]",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class FlagFound:
    """A red flag a message raises: its id, level and the character span of its evidence."""

    id: str
    level: str
    start: int
    end: int


@dataclass(frozen=True)
class Assessment:
    """What a message says that matters for safety (see the module docstring).

    `flags` most severe first; `concepts` the asserted concept ids; `denied` concepts
    the message negates; `sites` the screening ids of the sites it names; `precautions`
    the health conditions it mentions (`precautions.yml`; for these the past counts: "I had
    a clot years ago").
    """

    flags: tuple[FlagFound, ...] = ()
    concepts: frozenset[str] = frozenset()
    denied: frozenset[str] = frozenset()
    sites: tuple[str, ...] = ()
    precautions: tuple[str, ...] = ()

    @property
    def top(self) -> FlagFound | None:
        """The most severe flag, or None."""
        return self.flags[0] if self.flags else None

    @property
    def crisis(self) -> bool:
        """Whether the message speaks of suicide or self-harm."""
        return any(flag.level == CRISIS for flag in self.flags)


class SafetyEngine:
    """Reads messages against one set of safety rules; build once, `assess` many times."""

    def __init__(self, rules: SafetyRules):
        self.rules = rules
        self._flags = {flag.id: flag for flag in rules.flags}
        self._precautions = {precaution.id: precaution for precaution in rules.precautions}
        self._screenings = {screening.id: screening for screening in rules.screenings}
        self._site_screen = {c.id: c.screen for c in rules.concepts if c.screen}
        self._crisis = frozenset(c.id for c in rules.concepts if c.kind == CRISIS)
        self._past_counts = frozenset(c.id for c in rules.concepts if c.past_counts)
        self._kinds = {concept.id: concept.kind for concept in rules.concepts}
        self._ages = {c.id: c.age_at_least for c in rules.concepts if c.age_at_least is not None}
        self._concepts = TermIndex(
            ((concept.id, term) for concept in rules.concepts for term in concept.terms),
            rules.never_correct,
        )
        self._context_kind = {trigger.id: trigger for trigger in rules.context}
        self._context = TermIndex(
            (
                (trigger.id, term)
                for trigger in rules.context
                if trigger.category != "words"
                for term in rules.expanded_terms(trigger)
            ),
            rules.never_correct,
            lemmas=False,
        )

    def _places(self, concepts: Iterable[str]) -> frozenset[str]:
        """The concepts of `concepts` that say where (sites), and a headache."""
        return frozenset(
            concept
            for concept in concepts
            if self._kinds.get(concept) == "site" or concept in CARRIED_SIGNS
        )

    @staticmethod
    def _crisis_modifiers(
        modifiers: frozenset[str],
        hit: TermHit,
        triggers: Sequence[Trigger],
        hits: Sequence[TermHit],
    ) -> frozenset[str]:
        """Thoughts of suicide count whoever has them and however they are put ("my son says
        he wants to end it", "what if I just ended it"); only a denial right before them
        ("I'm not suicidal") takes them back, never one earlier in the sentence ("if the
        pain doesn't stop I'll top myself")."""
        close = any(
            t.category == context.NEGATED
            and 1 <= hit.first - t.last <= CRISIS_NEGATION_REACH
            and not context.inside_a_concept(t, hits)
            for t in triggers
        )
        kept = modifiers & {context.HISTORICAL}
        return kept | {context.NEGATED} if close else kept

    def flag(self, flag_id: str) -> FlagRule | None:
        """The rule of a red flag, by id."""
        return self._flags.get(flag_id)

    def precaution(self, precaution_id: str) -> Precaution | None:
        """A precaution (contraindication), by id."""
        return self._precautions.get(precaution_id)

    def screening(self, screening_id: str) -> Screening | None:
        """A screening question, by id."""
        return self._screenings.get(screening_id)

    def screening_for_zone(self, zone_ids: Iterable[str]) -> Screening | None:
        """The screening question of the first zone that has one."""
        for zone in zone_ids:
            for screening in self.rules.screenings:
                if zone in screening.zones:
                    return screening
        return None

    def partial(self, assessment: Assessment) -> FlagFound | None:
        """The most severe flag that what was said half completes, for a message the intent
        model calls a red flag although no pattern is complete; None if none fits.

        A pattern of three concepts or more counts when all but one were said, two of them
        symptoms (not only sites or circumstances); crisis is never raised this way.
        """
        said = assessment.concepts
        best: tuple[int, float, str, str] | None = None
        for rule in self.rules.flags:
            if rule.level == CRISIS:
                continue
            for pattern in rule.patterns:
                have = [concept for concept in pattern.concepts if concept in said]
                share = len(have) / len(pattern.concepts)
                if (
                    len(pattern.concepts) < PARTIAL_MIN_PATTERN
                    or len(have) < len(pattern.concepts) - 1
                ):
                    continue
                symptoms = [c for c in have if self._kinds.get(c) in SYMPTOM_KINDS]
                if len(symptoms) < PARTIAL_MIN_SYMPTOMS:
                    continue
                candidate = (urgency(rule.level), -share, rule.id, rule.level)
                if best is None or candidate < best:
                    best = candidate
        return FlagFound(best[2], best[3], 0, 0) if best else None

    def assess(
        self, text: str, given: Iterable[str] = (), carried: Iterable[str] = ()
    ) -> Assessment:
        """The flags, concepts and sites `text` asserts; `given` concepts count as said.

        `carried` are the concepts the person's previous messages asserted; the places among
        them (and a headache) complete a flag's pattern when this message asserts the rest
        of it ("lower back's been bad", then "and today I wet myself": the back is carried).
        Only places carry: a quality or a sign said earlier ("heavy", of weights at the gym)
        is too loosely tied to a later message to complete a flag with it.
        """
        tokens = language.tokenize(text)
        given = frozenset(given)
        if not tokens and not given:
            return Assessment()
        hits = self._concepts.find(tokens)
        triggers = [
            Trigger(
                self._context_kind[hit.owner].category,
                self._context_kind[hit.owner].direction,
                hit.first,
                hit.last,
            )
            for hit in self._context.find(tokens)
        ]
        triggers += _dated_past(tokens)
        scopes = context.scopes(tokens, triggers, hits)
        asserted: dict[str, list[TermHit]] = {}
        ever: dict[str, list[TermHit]] = {}  # asserted, or said of the past
        denied: set[str] = set()
        for hit in hits:
            if scopes.in_idiom(hit.first, hit.last):
                continue
            modifiers = scopes.of(hit.first, hit.last)
            if not modifiers - {context.HISTORICAL, context.RESOLVED}:
                ever.setdefault(hit.owner, []).append(hit)
            if hit.owner in self._past_counts:  # "had cancer, all clear since": it still counts
                modifiers -= {context.HISTORICAL, context.RESOLVED}
            if hit.owner in self._crisis:
                modifiers = self._crisis_modifiers(modifiers, hit, triggers, hits)
            if not modifiers:
                asserted.setdefault(hit.owner, []).append(hit)
            elif context.NEGATED in modifiers:
                denied.add(hit.owner)
        stated = stated_age(text)
        for concept, age in self._ages.items():
            if stated is not None and stated >= age:
                asserted.setdefault(concept, []).append(TermHit(concept, "age", 0, 0))
        weeks = pregnancy_weeks(text)
        if weeks is not None:
            asserted.setdefault(PREGNANCY, []).append(TermHit(PREGNANCY, "age", 0, 0))
            ever.setdefault(PREGNANCY, []).append(TermHit(PREGNANCY, "age", 0, 0))
            if weeks <= EARLY_PREGNANCY_WEEKS:
                asserted.setdefault(EARLY_PREGNANCY, []).append(
                    TermHit(EARLY_PREGNANCY, "age", 0, 0)
                )
        flags = [
            found
            for rule in self.rules.flags
            if (found := self._raised(rule, asserted, given, tokens, self._places(carried)))
            is not None
        ]
        flags.sort(key=lambda flag: urgency(flag.level))
        present = frozenset(asserted) | given
        sites = tuple(
            dict.fromkeys(
                screen
                for concept, screen in self._site_screen.items()
                if concept in present and screen is not None
            )
        )
        precautions = tuple(
            precaution.id
            for precaution in self.rules.precautions
            if any(_completed(pattern, ever, frozenset()) for pattern in precaution.patterns)
        )
        return Assessment(tuple(flags), present, frozenset(denied) - present, sites, precautions)

    def _raised(
        self,
        rule: FlagRule,
        asserted: dict[str, list[TermHit]],
        given: frozenset[str],
        tokens: Sequence[Token],
        carried: frozenset[str] = frozenset(),
    ) -> FlagFound | None:
        for pattern in rule.patterns:
            span = _completed(pattern, asserted, given)
            if span is None and carried and any(c in asserted for c in pattern.concepts):
                span = _completed(pattern, asserted, given | carried)
            if span is not None:
                first, last = span
                if tokens:
                    start, end = tokens[first].start, tokens[last].end
                else:
                    start = end = 0
                return FlagFound(rule.id, rule.level, start, end)
        return None


def _completed(
    pattern: Pattern, asserted: dict[str, list[TermHit]], given: frozenset[str]
) -> tuple[int, int] | None:
    """The token span of the tightest hits completing `pattern`, or None."""
    needed = [concept for concept in pattern.concepts if concept not in given]
    if any(concept not in asserted for concept in needed):
        return None
    if not needed:
        return (0, 0)
    choices = [asserted[concept] for concept in needed]
    best: tuple[int, int] | None = None
    for count, combination in enumerate(itertools.product(*choices)):
        if count >= MAX_COMBINATIONS:
            break
        real = [hit for hit in combination if hit.term != "age"]
        if not real:
            return (0, 0)
        first = min(hit.first for hit in real)
        last = max(hit.last for hit in real)
        if last - first <= pattern.within and (best is None or last - first < best[1] - best[0]):
            best = (first, last)
    return best


def _dated_past(tokens: Sequence[Token]) -> list[Trigger]:
    """Historical triggers for dates: "in 2018", "back in March", "last summer". A date after
    "since" starts what is still going on ("lost weight since Christmas"): not the past."""
    found = []
    for position, token in enumerate(tokens):
        before = tokens[position - 1].text if position else ""
        if before == "since":
            continue
        if _YEAR.match(token.text) or (
            token.text in _MONTHS and before in ("in", "last", "back", "over")
        ):
            found.append(Trigger(context.HISTORICAL, "both", position, position))
    return found


def pregnancy_weeks(text: str) -> int | None:
    """How many weeks pregnant the message says ("32 weeks", "6 wks"), if it is about one."""
    about = _WEEKS_CONTEXT.search(text) is not None
    for match in _WEEKS.finditer(text):
        weeks = int(match.group(1))
        before = text[max(0, match.start() - 12) : match.start()].lower()
        after = text[match.end() : match.end() + 6].lower()
        duration = any(word in before.split() for word in _DURATION) or "ago" in after
        # "34 wks" alone is a pregnancy: pain is not counted in weeks that long.
        if 3 <= weeks <= 42 and (about or (weeks >= MIN_BARE_WEEKS and not duration)):
            return weeks
    return None


def stated_age(text: str) -> int | None:
    """The age the message states ("I'm 72", "my dad (80)", "in his 70s"), if plausible."""
    for match in _AGE.finditer(text):
        number = next(group for group in match.groups() if group)
        age = int(number) * (10 if match.group(5) else 1)
        if 16 <= age <= 110:
            return age
    return None
