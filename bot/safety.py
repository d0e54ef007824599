"""Red flags: whether a message describes something that needs medical care, and which care.

A red flag stops triage for that concern: the assistant says where to go (999, NHS 111,
the GP), why, names no muscles and offers no booking. `assess` finds the flag;
`CARE_LEVELS` words each level; `GENERIC_ADVICE` covers a concern no flag pins down.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from bot.kb.query import RedFlag, ReferralKB

RED_FLAG_ENTITY = "red_flag"
NEGATED_ROLE = "negated"  # the entity role the NLU gives a denied zone or red-flag cue
# The slot value when the message was a red flag but no known flag matched it.
GENERIC_RED_FLAG = "unspecified"
GENERIC_LEVEL = "urgent"
SEVERITY = ("emergency", "urgent", "gp")


@dataclass(frozen=True)
class CareLevel:
    """Where a red flag sends the person: the service and a one-line instruction."""

    level: str
    service: str
    instruction: str


CARE_LEVELS = {
    "emergency": CareLevel(
        "emergency",
        "999",
        "This needs emergency care, not massage: please call 999 or go to A&E now.",
    ),
    "urgent": CareLevel(
        "urgent",
        "NHS 111",
        "This needs medical advice today, not massage: please call NHS 111 "
        "(or use 111.nhs.uk), or ask your GP surgery for an urgent appointment.",
    ),
    "gp": CareLevel(
        "gp",
        "your GP",
        "This is one for your GP before any massage: please book an appointment soon.",
    ),
}

GENERIC_ADVICE = (
    "I can't tell from here what's behind that, and it may need a doctor rather than a "
    "massage. If it feels like an emergency, call 999 now. Otherwise, please call NHS 111 "
    "(or use 111.nhs.uk) for advice today."
)


def assess(kb: ReferralKB, entities: Iterable[Mapping[str, Any]], text: str) -> RedFlag | None:
    """The most severe red flag the message shows: from its `red_flag` entities, else its text.

    None when neither names a flag the knowledge base knows; the caller then gives
    `GENERIC_ADVICE` if the message was still classed as a red flag.
    """
    cues = [
        entity
        for entity in entities
        if entity.get("entity") == RED_FLAG_ENTITY and isinstance(entity.get("value"), str)
    ]
    # "no chest pain, just my back": a denied cue is no flag, and the text is not re-read for it.
    denied = any(cue.get("role") == NEGATED_ROLE for cue in cues)
    named = [kb.red_flag(cue["value"]) for cue in cues if cue.get("role") != NEGATED_ROLE]
    flags = [flag for flag in named if flag is not None]
    if not flags and not denied and text:
        flags = [
            flag
            for match in kb.resolve_red_flags(text)
            if (flag := kb.red_flag(match.red_flag_id)) is not None
        ]
    return most_severe(flags)


def most_severe(flags: Iterable[RedFlag]) -> RedFlag | None:
    """The flag needing the most urgent care (the first of equals), or None."""
    ranked = sorted(enumerate(flags), key=lambda item: (_severity(item[1].level), item[0]))
    return ranked[0][1] if ranked else None


def care_level(level: str) -> CareLevel:
    """How to word a level; an unknown level is treated as urgent rather than ignored."""
    return CARE_LEVELS.get(level, CARE_LEVELS[GENERIC_LEVEL])


def medical_advice(flag: RedFlag | None) -> str:
    """What to tell the person about a red flag: where to go and why (generic if unknown)."""
    if flag is None:
        return GENERIC_ADVICE
    return f"{care_level(flag.level).instruction}\n\n{flag.advice}"


def _severity(level: str) -> int:
    return SEVERITY.index(level) if level in SEVERITY else SEVERITY.index(GENERIC_LEVEL)
