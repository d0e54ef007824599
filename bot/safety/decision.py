"""What a message means for safety, as the actions and the evaluation act on it.

`decide` gives one `Decision` per message: a crisis, a red flag (with its level), a
screening question to ask first, or nothing (triage goes on). Red flags the engine finds
always win; a screening answer is read with its site given; the intent model's
`red_flag_symptom` without a rule-named flag asks the screening question of the site, or
gives the most severe level the concepts said fit (`SafetyEngine.partial`), or, when the
message names no place to triage either, the generic advice (999 if it feels like an
emergency, else NHS 111); with a place, triage goes on.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass

from bot.safety.engine import Assessment, SafetyEngine
from bot.safety.rules import Screening

CRISIS = "crisis"
FLAG = "flag"
SCREEN = "screen"
CLEAR = "clear"
NONE = "none"
RED_FLAG_INTENT = "red_flag_symptom"
UNSPECIFIED = "unspecified"  # bot.safety.care.GENERIC_RED_FLAG
UNSPECIFIED_LEVEL = "urgent"
AFFIRM_INTENT = "affirm"
DENY_INTENT = "deny"


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
) -> Decision:
    """The decision for one message.

    `zones`: the body zones the message names; `answering`: the screening id the previous
    reply asked; `screened`: screening ids already answered in this conversation.
    """
    asked = engine.screening(answering) if answering else None
    given = asked.concepts if asked else ()
    assessment = engine.assess(text, given=given)
    top = assessment.top
    if top is not None:
        return Decision(CRISIS if assessment.crisis else FLAG, top.id, top.level, None, assessment)
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
        if not list(zones):  # nothing to triage either: the generic advice (999 or NHS 111)
            return Decision(FLAG, UNSPECIFIED, UNSPECIFIED_LEVEL, None, assessment)
    return Decision(NONE, assessment=assessment)


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
