"""Safety: red flags over concepts in context, screening questions, crisis routes, and
where each level sends people.

- `rules`: the rules as records (from `data/kb/`), `terms` and `context`: how concepts
  are found and whether they count, `engine`: the one matcher (`SafetyEngine.assess`);
- `decision`: what a message means for the conversation (`decide`);
- `care`: how each level is worded (999, NHS 111, the GP, crisis lines).
"""

from bot.safety.care import (
    CARE_LEVELS,
    GENERIC_ADVICE,
    GENERIC_LEVEL,
    GENERIC_RED_FLAG,
    NEGATED_ROLE,
    RED_FLAG_ENTITY,
    SEVERITY,
    CareLevel,
    care_level,
    medical_advice,
    most_severe,
)

__all__ = [
    "CARE_LEVELS",
    "GENERIC_ADVICE",
    "GENERIC_LEVEL",
    "GENERIC_RED_FLAG",
    "NEGATED_ROLE",
    "RED_FLAG_ENTITY",
    "SEVERITY",
    "CareLevel",
    "care_level",
    "medical_advice",
    "most_severe",
]
