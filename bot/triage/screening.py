"""The screening question asked before triage at a site that can hide something else.

"My chest hurts" is not explained straight away: one short question with two buttons
(`data/kb/screening.yml`) asks about the dangerous pattern first. The reply's payload
records which question was asked (`asked`: "screen:chest"), so the next message is read
as its answer (`bot.safety.decision.decide(answering=...)`).
"""

from __future__ import annotations

from dataclasses import replace

from bot.kb.query import ReferralKB
from bot.safety.rules import Screening
from bot.triage.compose import Turn, triage_payload
from bot.triage.reply import Button, Reply, intent_payload
from bot.triage.state import Mentions, TriageState, remember

ASKED_PREFIX = "screen:"


def asked_id(screening: Screening) -> str:
    """The `asked` value of a reply that asks this screening question."""
    return f"{ASKED_PREFIX}{screening.id}"


def answering(asked: str | None) -> str | None:
    """The screening id a reply's `asked` value names, or None for other questions."""
    if asked and asked.startswith(ASKED_PREFIX):
        return asked[len(ASKED_PREFIX) :]
    return None


def screening_turn(
    kb: ReferralKB, state: TriageState, said: Mentions, screening: Screening
) -> Turn:
    """Ask the screening question, remembering what the message named for the answer."""
    state = remember(kb, state, said)
    buttons = (
        Button(screening.yes, intent_payload("affirm")),
        Button(screening.no, intent_payload("deny")),
    )
    reply = Reply(screening.question, buttons, triage_payload(kb, state, asked=asked_id(screening)))
    return Turn(reply, state)


def screened(state: TriageState, screening: Screening) -> TriageState:
    """The state once a screening question was answered with nothing dangerous."""
    if screening.id in state.screened:
        return state
    return replace(state, screened=(*state.screened, screening.id))
