"""The safety rules as plain records: concepts and their lay terms, context triggers, red-flag
patterns and screening questions, read from `data/kb/` and carried as JSON.

`SafetyRules.from_json(rules.to_json())` gives the same rules back; the knowledge-base
builder stores that JSON, the Rasa component copies it into the trained model, and
`bot.safety.engine.SafetyEngine` reads with it. Nothing here matches text.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from typing import Any

FORMAT_VERSION = 1
DEFAULT_WITHIN = 12
LEVELS = ("crisis", "emergency", "urgent", "gp")  # most urgent first
CONCEPT_KINDS = ("site", "quality", "spread", "onset", "sign", "context", "crisis")
# ConText's categories, and the project's own: idioms, clause ends, "still happening".
CATEGORIES = (
    "negated", "resolved", "historical", "family", "hypothetical", "idiom", "terminate", "recent",
    "pseudo", "words",
)  # fmt: skip
DIRECTIONS = (
    "forward",
    "backward",
    "both",
    "sentence",
    "message",
    "block",
    "terminate",
    "override",
    "none",
)
RELATIVE_SLOT = "{relative}"


def urgency(level: str) -> int:
    """A level's rank, 0 the most urgent; an unknown level comes after every known one."""
    return LEVELS.index(level) if level in LEVELS else len(LEVELS)


@dataclass(frozen=True)
class Concept:
    """A thing people say about their health, and the words they say it with."""

    id: str
    kind: str
    terms: tuple[str, ...]
    screen: str | None = None
    age_at_least: int | None = None
    past_counts: bool = False


@dataclass(frozen=True)
class ContextTrigger:
    """Words that change whether nearby concepts count (see `safety_context.yml`)."""

    id: str
    category: str
    direction: str
    terms: tuple[str, ...]


@dataclass(frozen=True)
class Pattern:
    """Concepts that together raise a flag when all count within `within` words."""

    concepts: tuple[str, ...]
    within: int = DEFAULT_WITHIN


@dataclass(frozen=True)
class FlagRule:
    """A red flag: its level and the patterns of concepts that raise it."""

    id: str
    level: str
    patterns: tuple[Pattern, ...]
    area: tuple[str, ...] = ()


@dataclass(frozen=True)
class Precaution:
    """A health condition that changes the self-care advice (a contraindication)."""

    id: str
    name: str
    label: str
    patterns: tuple[Pattern, ...]
    no_pressure: tuple[str, ...] = ()
    no_heat: bool = False
    gentle: bool = False
    advice: str = ""
    therapist: str = ""


@dataclass(frozen=True)
class Screening:
    """One short question asked before triage at a site that can hide something else."""

    id: str
    concepts: tuple[str, ...]
    zones: tuple[str, ...]
    question: str
    yes: str
    no: str
    flag: str


@dataclass(frozen=True)
class SafetyRules:
    """Everything the safety engine reads with; `never_correct` are real words near terms."""

    concepts: tuple[Concept, ...]
    context: tuple[ContextTrigger, ...]
    flags: tuple[FlagRule, ...]
    screenings: tuple[Screening, ...] = ()
    never_correct: frozenset[str] = field(default_factory=frozenset)
    precautions: tuple[Precaution, ...] = ()

    def relatives(self) -> tuple[str, ...]:
        """The words `{relative}` stands for in context terms."""
        return tuple(
            term
            for trigger in self.context
            if trigger.category == "words"
            for term in trigger.terms
        )

    def expanded_terms(self, trigger: ContextTrigger) -> tuple[str, ...]:
        """A trigger's terms with `{relative}` spelt out for every relative word."""
        terms: list[str] = []
        for term in trigger.terms:
            if RELATIVE_SLOT in term:
                terms += [term.replace(RELATIVE_SLOT, word) for word in self.relatives()]
            else:
                terms.append(term)
        return tuple(dict.fromkeys(terms))

    def to_json(self) -> dict[str, Any]:
        """A JSON-ready form that `from_json` reads back unchanged."""
        return {
            "format": FORMAT_VERSION,
            "concepts": [
                {
                    "id": c.id,
                    "kind": c.kind,
                    "terms": list(c.terms),
                    "screen": c.screen,
                    "age_at_least": c.age_at_least,
                    "past_counts": c.past_counts,
                }
                for c in self.concepts
            ],
            "context": [
                {
                    "id": t.id,
                    "category": t.category,
                    "direction": t.direction,
                    "terms": list(t.terms),
                }
                for t in self.context
            ],
            "flags": [
                {
                    "id": f.id,
                    "level": f.level,
                    "area": list(f.area),
                    "patterns": _patterns_json(f.patterns),
                }
                for f in self.flags
            ],
            "screenings": [
                {
                    "id": s.id,
                    "concepts": list(s.concepts),
                    "zones": list(s.zones),
                    "question": s.question,
                    "yes": s.yes,
                    "no": s.no,
                    "flag": s.flag,
                }
                for s in self.screenings
            ],
            "never_correct": sorted(self.never_correct),
            "precautions": [
                {
                    "id": p.id,
                    "name": p.name,
                    "label": p.label,
                    "patterns": _patterns_json(p.patterns),
                    "no_pressure": list(p.no_pressure),
                    "no_heat": p.no_heat,
                    "gentle": p.gentle,
                    "advice": p.advice,
                    "therapist": p.therapist,
                }
                for p in self.precautions
            ],
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> SafetyRules:
        """The rules `to_json` wrote; ValueError if the format is another one."""
        if data.get("format") != FORMAT_VERSION:
            raise ValueError(f"safety rules format {data.get('format')!r} is not {FORMAT_VERSION}")
        return cls(
            concepts=tuple(
                Concept(
                    c["id"],
                    c["kind"],
                    tuple(c["terms"]),
                    c.get("screen"),
                    c.get("age_at_least"),
                    bool(c.get("past_counts")),
                )
                for c in data["concepts"]
            ),
            context=tuple(
                ContextTrigger(t["id"], t["category"], t["direction"], tuple(t["terms"]))
                for t in data["context"]
            ),
            flags=tuple(
                FlagRule(
                    f["id"],
                    f["level"],
                    _patterns_from(f["patterns"]),
                    tuple(f.get("area", ())),
                )
                for f in data["flags"]
            ),
            screenings=tuple(
                Screening(
                    s["id"],
                    tuple(s["concepts"]),
                    tuple(s["zones"]),
                    s["question"],
                    s["yes"],
                    s["no"],
                    s["flag"],
                )
                for s in data.get("screenings", ())
            ),
            never_correct=frozenset(data.get("never_correct", ())),
            precautions=tuple(
                Precaution(
                    p["id"],
                    p["name"],
                    p["label"],
                    _patterns_from(p["patterns"]),
                    tuple(p["no_pressure"]),
                    bool(p["no_heat"]),
                    bool(p["gentle"]),
                    p["advice"],
                    p["therapist"],
                )
                for p in data.get("precautions", ())
            ),
        )


def _patterns_json(patterns: tuple[Pattern, ...]) -> list[list[Any]]:
    return [[list(pattern.concepts), pattern.within] for pattern in patterns]


def _patterns_from(raw: Any) -> tuple[Pattern, ...]:
    return tuple(Pattern(tuple(concepts), int(within)) for concepts, within in raw)


def _unknown(
    owner: str,
    patterns: tuple[Pattern, ...],
    concept_ids: Collection[str],
    named_zones: tuple[str, ...],
    zones: Collection[str],
    zone_note: str = "",
) -> list[str]:
    """The unknown concepts of a rule's patterns and the unknown zones it names."""
    found = []
    for pattern in patterns:
        unknown = [concept for concept in pattern.concepts if concept not in concept_ids]
        if unknown:
            found.append(f"{owner}: unknown concept(s) {', '.join(unknown)}")
    found += [
        f"{owner}: unknown zone '{zone}'{zone_note}"
        for zone in named_zones
        if zones and zone not in zones
    ]
    return found


def parse_pattern(raw: Any) -> Pattern | None:
    """A pattern as written in red_flags.yml: `[a, b]` or `{all: [a, b], within: 20}`."""
    if isinstance(raw, list) and raw and all(isinstance(item, str) for item in raw):
        return Pattern(tuple(raw))
    if isinstance(raw, Mapping):
        concepts, within = raw.get("all"), raw.get("within", DEFAULT_WITHIN)
        if (
            isinstance(concepts, list)
            and concepts
            and all(isinstance(item, str) for item in concepts)
            and isinstance(within, int)
            and within > 0
        ):
            return Pattern(tuple(concepts), within)
    return None


def problems(rules: SafetyRules, zones: Collection[str] = ()) -> list[str]:
    """What is wrong with the rules: unknown concepts, zones, kinds, categories, empty terms."""
    found: list[str] = []
    concept_ids = {concept.id for concept in rules.concepts}
    if len(concept_ids) != len(rules.concepts):
        found.append("safety_concepts.yml: a concept id is used twice")
    for concept in rules.concepts:
        if concept.kind not in CONCEPT_KINDS:
            found.append(
                f"concept '{concept.id}': kind '{concept.kind}' is not one of {CONCEPT_KINDS}"
            )
        if not concept.terms and concept.age_at_least is None:
            found.append(f"concept '{concept.id}' has no terms")
    for trigger in rules.context:
        if trigger.category not in CATEGORIES:
            found.append(f"context '{trigger.id}': category '{trigger.category}' is unknown")
        if trigger.direction not in DIRECTIONS:
            found.append(f"context '{trigger.id}': direction '{trigger.direction}' is unknown")
    flag_ids = {flag.id for flag in rules.flags}
    # Levels and empty patterns are the knowledge-base validator's (it knows the file rows).
    for flag in rules.flags:
        owner = f"red flag '{flag.id}'"
        found += _unknown(owner, flag.patterns, concept_ids, flag.area, zones, " in area")
    for precaution in rules.precautions:
        owner = f"precaution '{precaution.id}'"
        found += _unknown(owner, precaution.patterns, concept_ids, precaution.no_pressure, zones)
    for screening in rules.screenings:
        if screening.flag not in flag_ids:
            found.append(f"screening '{screening.id}': unknown red flag '{screening.flag}'")
        for named in screening.concepts:
            if named not in concept_ids:
                found.append(f"screening '{screening.id}': unknown concept '{named}'")
        for zone in screening.zones:
            if zones and zone not in zones:
                found.append(f"screening '{screening.id}': unknown zone '{zone}'")
    return found
