"""Triage dialogue: from what someone says about their pain to a careful, structured reply.

`state` remembers zones, side and triggers across turns; `compose` turns them into
replies (`Turn`: a `Reply` and the state to keep). The actions in `actions/` call these.
"""

from bot.triage.compose import (
    CAUSE_QUESTION,
    DISCLAIMER,
    TECHNIQUE,
    Turn,
    already_asked,
    asked_before,
    asked_zone,
    care_tips,
    explain_cause,
    explain_sources,
    find_and_release,
    last_asked,
    last_payload,
    last_turn_custom,
    red_flag_turn,
    stretches,
    triage_payload,
    unavailable,
    with_safety_net,
)
from bot.triage.reply import Button, Reply, intent_payload
from bot.triage.state import Mentions, TriageState, remember

__all__ = [
    "CAUSE_QUESTION",
    "DISCLAIMER",
    "TECHNIQUE",
    "asked_before",
    "asked_zone",
    "find_and_release",
    "last_payload",
    "last_turn_custom",
    "stretches",
    "Button",
    "Mentions",
    "Reply",
    "TriageState",
    "Turn",
    "already_asked",
    "care_tips",
    "explain_cause",
    "explain_sources",
    "intent_payload",
    "last_asked",
    "red_flag_turn",
    "remember",
    "triage_payload",
    "unavailable",
    "with_safety_net",
]
