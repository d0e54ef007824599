"""Health conditions that change the self-care advice: the question asked once before the
first pressing technique, and what each known condition changes.

The conditions are `data/kb/precautions.yml` (the safety engine reads them from any
message too: "I'm on warfarin"). The first explanation names the likely sources and how
to find them; the pressing techniques come with the care tips, after the question
(buttons for the first two conditions and "None of these"; the others are typed), adapted:
no pressing on a condition's zones, no heat where heat could harm, gentle pressure, and the
condition's own advice.
"""

from __future__ import annotations

from bot.kb.query import ReferralKB
from bot.safety.rules import Precaution
from bot.triage.reply import Button, intent_payload
from bot.triage.state import PRECAUTION_ENTITY, TriageState

HEALTH_QUESTION = "health"
QUESTION = (
    "Before I suggest pressing anything, do any of these apply to you: pregnancy, blood "
    "thinners or a bleeding disorder, recent surgery, an injury in the last three days, "
    "osteoporosis, cancer treatment, a blood clot in the past, varicose veins, or diabetes or "
    'numb skin? Tell me which, or tap "None of these".'
)
NONE_OF_THESE = Button("None of these", intent_payload("deny"))
BUTTONS = 2


def known(kb: ReferralKB, state: TriageState) -> list[Precaution]:
    """The conditions the conversation has mentioned, in the data file's order."""
    engine = kb.safety_engine()
    return [
        found for precaution_id in state.precautions if (found := engine.precaution(precaution_id))
    ]


def needs_asking(state: TriageState) -> bool:
    """Whether the health question is still to be asked before any pressing technique."""
    return not state.health_asked


def buttons(kb: ReferralKB, intent: str = "care_tips") -> tuple[Button, ...]:
    """Buttons for the two commonest conditions, then "None of these" (three: what every
    messaging app shows as buttons); the others are typed. Each condition's button sends
    `intent`: what the question came before (the care tips, or the techniques)."""
    common = kb.safety_engine().rules.precautions[:BUTTONS]
    return (
        *(
            Button(found.label, intent_payload(intent, {PRECAUTION_ENTITY: found.id}))
            for found in common
        ),
        NONE_OF_THESE,
    )


def no_pressure_area(kb: ReferralKB, state: TriageState) -> set[str]:
    """The zones a known condition keeps pressing away from ("past clot": the legs)."""
    return {zone for precaution in known(kb, state) for zone in precaution.no_pressure}


def no_heat(kb: ReferralKB, state: TriageState) -> bool:
    """Whether a known condition rules heat out (a fresh injury, numb skin)."""
    return any(precaution.no_heat for precaution in known(kb, state))


def gentle(kb: ReferralKB, state: TriageState) -> bool:
    """Whether a known condition keeps pressure gentle."""
    return any(precaution.gentle for precaution in known(kb, state))


def advice(kb: ReferralKB, state: TriageState) -> list[str]:
    """Each known condition's own advice, once."""
    return list(dict.fromkeys(precaution.advice for precaution in known(kb, state)))
