"""What a message means for safety, as the actions and the evaluation act on it.

`decide` gives one `Decision` per message: a crisis, a red flag (with its level), a
screening question to ask first, or nothing (triage goes on). Red flags the engine finds
always win; a screening answer is read with its site given; the intent model's
`red_flag_symptom` without a rule-named flag asks the screening question of the site, or
gives the most severe level that what was said fits (`SafetyEngine.partial`: most of a
pattern, two symptoms or more), or lets triage go on. The intent model alone never raises
a flag: on the held-out near-misses it called ordinary aches red flags far too often
(a false alarm is a harm too).
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass

from bot.safety.engine import Assessment, SafetyEngine
from bot.safety.rules import Screening, urgency

CRISIS = "crisis"
FLAG = "flag"
SCREEN = "screen"
CLEAR = "clear"
NONE = "none"
RED_FLAG_INTENT = "red_flag_symptom"
AFFIRM_INTENT = "affirm"
DENY_INTENT = "deny"
# How many of the person's previous messages a red-flag pattern may be completed from.
CARRIED_MESSAGES = 3


@dataclass(frozen=True)
class Decision:
    """The safety outcome of one message (see the module docstring).

    `kind`: crisis, flag, screen (ask `screening`), clear (a screening answered with
    nothing dangerous) or none. `flag`/`level` name the red flag for crisis and flag.
    """

    kind: str
    flag: str | None = None
    level: str | None = None
    screening: Screening | None = None
    assessment: Assessment = Assessment()

    @property
    def escalates(self) -> bool:
        """Whether the person is sent to medical or crisis care instead of triage."""
        return self.kind in (CRISIS, FLAG)


def decide(
    engine: SafetyEngine,
    text: str,
    *,
    intent: str | None = None,
    zones: Iterable[str] = (),
    answering: str | None = None,
    screened: Collection[str] = (),
    named: Iterable[str] = (),
    earlier: Iterable[str] = (),
) -> Decision:
    """The decision for one message.

    `zones`: the body zones the message names; `answering`: the screening id the previous
    reply asked; `screened`: screening ids already answered in this conversation; `named`:
    red-flag ids the NLU's entities name (the same engine in the model, or a button);
    `earlier`: the person's previous messages in this conversation, latest last (what they
    asserted completes a pattern this message adds to: `SafetyEngine.assess(carried=...)`).
    """
    asked = engine.screening(answering) if answering else None
    given = asked.concepts if asked else ()
    assessment = engine.assess(text, given=given, carried=carried_concepts(engine, earlier))
    found = [(flag.id, flag.level) for flag in assessment.flags]
    found += [(flag_id, rule.level) for flag_id in named if (rule := engine.flag(flag_id))]
    if found:
        flag_id, level = min(found, key=lambda item: urgency(item[1]))
        return Decision(CRISIS if level == CRISIS else FLAG, flag_id, level, None, assessment)
    if asked is not None:
        if intent == AFFIRM_INTENT:
            rule = engine.flag(asked.flag)
            return Decision(FLAG, asked.flag, rule.level if rule else None, asked, assessment)
        return Decision(CLEAR, screening=asked, assessment=assessment)
    screening = _screening(engine, assessment, zones, screened)
    if screening is not None:
        return Decision(SCREEN, screening=screening, assessment=assessment)
    if intent == RED_FLAG_INTENT:
        partial = engine.partial(assessment)
        if partial is not None:
            return Decision(FLAG, partial.id, partial.level, None, assessment)
    return Decision(NONE, assessment=assessment)


def carried_concepts(engine: SafetyEngine, earlier: Iterable[str]) -> frozenset[str]:
    """The concepts the last `CARRIED_MESSAGES` of `earlier` asserted."""
    recent = list(earlier)[-CARRIED_MESSAGES:]
    return frozenset(concept for text in recent for concept in engine.assess(text).concepts)


def _screening(
    engine: SafetyEngine, assessment: Assessment, zones: Iterable[str], screened: Collection[str]
) -> Screening | None:
    for site in assessment.sites:
        screening = engine.screening(site)
        if screening is not None and screening.id not in screened:
            return screening
    found = engine.screening_for_zone(zones)
    if found is not None and found.id not in screened:
        return found
    return None
