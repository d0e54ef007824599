"""Where a red flag sends the person, and how the reply says it.

A red flag stops triage for that concern: the assistant says where to go (crisis lines,
999, NHS 111, the GP), why, names no muscles and offers no booking. `CARE_LEVELS` words
each level; `GENERIC_ADVICE` covers a concern no flag pins down.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from bot.safety.rules import LEVELS

if TYPE_CHECKING:
    from bot.kb.query import RedFlag

RED_FLAG_ENTITY = "red_flag"
NEGATED_ROLE = "negated"  # the entity role the NLU gives a denied zone or red-flag cue
# The slot value when the message was a red flag but no known flag matched it.
GENERIC_RED_FLAG = "unspecified"
GENERIC_LEVEL = "urgent"
SEVERITY = LEVELS


@dataclass(frozen=True)
class CareLevel:
    """Where a red flag sends the person: the service and a one-line instruction."""

    level: str
    service: str
    instruction: str


CARE_LEVELS = {
    "crisis": CareLevel(
        "crisis",
        "Samaritans, NHS 111 or 999",
        "I'm really sorry you're feeling like this, and I'm glad you told me.",
    ),
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
