"""Triage actions: where the pain likely comes from, what brings it on, and what helps.

Each first runs the safety gate (`actions.safety.gate`): a red flag, a crisis or a
screening question comes before any explanation. A message is read in the context of the
question it answers: "the back" after the neck question is the back of the neck.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher

from actions import kb
from actions.conversation import apologise, read_mentions, read_state, remember, say
from actions.safety import gate, is_question, mentions_pain, yes_no_answer
from bot import triage
from bot.kb.query import ReferralKB
from bot.triage import Mentions, TriageState, Turn
from bot.triage import narrowing as narrowing_data
from bot.triage.felt import felt_zones
from bot.triage.phrases import Voice


def mentions_in_context(
    kb_: ReferralKB, tracker: Tracker, entities: list[dict[str, Any]] | None = None
) -> Mentions:
    """What the latest message names (or `entities` of it), read against the zone the bot
    last asked about or offered to narrow down."""
    pending = triage.last_payload(tracker.events)
    zone = triage.asked_zone(pending.get("asked")) or pending.get("offered")
    if entities is None:
        entities = tracker.latest_message.get("entities") or []
    if isinstance(zone, str) and kb_.zone(zone) is not None:
        text = tracker.latest_message.get("text") or ""
        entities = narrowing_data.default().in_context(kb_, zone, text, entities)
    return Mentions.from_entities(entities)


async def explain(
    dispatcher: CollectingDispatcher,
    tracker: Tracker,
    domain: dict[str, Any],
    name: str,
    entities: list[dict[str, Any]] | None = None,
) -> list[EventType]:
    """The explanation of the sources for the latest message, or of `entities` of it (the
    safety gate first)."""
    from actions.booking import RESUME, picks_up_after_a_pause

    if picks_up_after_a_pause(tracker):  # "right, found it" after "let me check my diary"
        return [RESUME]
    answer = yes_no_answer(tracker)
    if answer is not None:  # "none of these" typed to the health question
        return await answer.run(dispatcher, tracker, domain)
    state = read_state(tracker)
    try:
        kb_ = kb.referral_kb()
        said = mentions_in_context(kb_, tracker, entities)
        checked = gate(kb_, tracker, state, said)
        turn = checked.turn or triage.explain_sources(
            kb_,
            checked.state,
            said,
            triage.last_asked(tracker.events),
            asked=triage.asked_before(tracker.events),
            voice=Voice.of(domain, tracker.events),
        )
    except Exception:  # never end the conversation on an error: apologise instead
        return apologise(dispatcher, name, state)
    return _spoken(dispatcher, tracker, turn)


class ActionExplainSources(Action):
    """Name the likeliest source muscles of the pain described, or ask which part of a limb."""

    def name(self) -> str:
        return "action_explain_sources"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        return await explain(dispatcher, tracker, domain, self.name())


class ActionExplainCause(Action):
    """Explain what brings the pain on and what to change, or ask once what brought it on."""

    def name(self) -> str:
        return "action_explain_cause"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        from actions.booking import RESUME, picks_up_after_a_pause

        if picks_up_after_a_pause(tracker):  # "right, found it" after "let me check my diary"
            return [RESUME]
        answer = yes_no_answer(tracker)
        if answer is not None:  # "none of these" typed to the health question
            return await answer.run(dispatcher, tracker, domain)
        state = read_state(tracker)
        said = read_mentions(tracker)
        asked = triage.already_asked(tracker.events, triage.CAUSE_QUESTION)
        try:
            checked = gate(kb.referral_kb(), tracker, state, said)
            turn = checked.turn or triage.explain_cause(
                kb.referral_kb(), checked.state, said, asked, voice=Voice.of(domain, tracker.events)
            )
        except Exception:  # never end the conversation on an error: apologise instead
            return apologise(dispatcher, self.name(), state)
        return _spoken(dispatcher, tracker, turn)


class _CareAction(Action, ABC):
    """A reply about what helps for the remembered place, after the safety gate.

    Abstract, so the action server registers only its subclasses.
    """

    @abstractmethod
    def name(self) -> str:
        """The action's name in the domain."""

    @abstractmethod
    def compose(self, kb_: ReferralKB, state: TriageState, said: Mentions, voice: Voice) -> Turn:
        """The reply for the checked state."""

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        from actions.booking import RESUME, picks_up_after_a_pause

        if picks_up_after_a_pause(tracker):  # "right, found it" after "let me check my diary"
            return [RESUME]
        answer = yes_no_answer(tracker)
        if answer is not None:  # "none of these" typed to the health question
            return await answer.run(dispatcher, tracker, domain)
        state = read_state(tracker)
        said = read_mentions(tracker)
        try:
            kb_ = kb.referral_kb()
            checked = gate(kb_, tracker, state, said)
            turn = checked.turn or self.compose(
                kb_, checked.state, said, Voice.of(domain, tracker.events)
            )
        except Exception:  # never end the conversation on an error: apologise instead
            return apologise(dispatcher, self.name(), state)
        return _spoken(dispatcher, tracker, turn)


class ActionCareTips(_CareAction):
    """Self-care for the likely source muscles: heat, pressure, stretches, what to expect."""

    def name(self) -> str:
        return "action_care_tips"

    def compose(self, kb_: ReferralKB, state: TriageState, said: Mentions, voice: Voice) -> Turn:
        return triage.care_tips(kb_, state, said)


class ActionFindAndRelease(_CareAction):
    """How to find and release the likely source muscles, with their cautions."""

    def name(self) -> str:
        return "action_find_and_release"

    def compose(self, kb_: ReferralKB, state: TriageState, said: Mentions, voice: Voice) -> Turn:
        return triage.find_and_release(kb_, state, said, voice=voice)


class ActionStretches(_CareAction):
    """The stretches for the likely source muscles."""

    def name(self) -> str:
        return "action_stretches"

    def compose(self, kb_: ReferralKB, state: TriageState, said: Mentions, voice: Voice) -> Turn:
        return triage.stretches(kb_, state, said, voice=voice)


def _spoken(dispatcher: CollectingDispatcher, tracker: Tracker, turn: Turn) -> list[EventType]:
    say(dispatcher, turn.reply)
    return remember(tracker, turn.state)


WHY_ELSEWHERE = "care_why_pain_is_elsewhere"


class ActionCareAnswer(Action):
    """A care question ("heat or ice?") answered from the domain, after the safety gate when
    the message names a place: "my chest is tight, heat or ice?" gets the chest's screening
    question first. A pain stated rather than asked about ("it hurts") is triaged."""

    def name(self) -> str:
        return "action_care_answer"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        intent = (tracker.latest_message.get("intent") or {}).get("name") or ""
        text = tracker.latest_message.get("text") or ""
        if mentions_pain(text) and not is_question(text):  # "it hurts" is no care question
            return await explain(dispatcher, tracker, domain, self.name())
        said = read_mentions(tracker)
        if said.zones or said.red_flags:
            state = read_state(tracker)
            try:
                checked = gate(kb.referral_kb(), tracker, state, said)
            except Exception:  # never end the conversation on an error: apologise instead
                return apologise(dispatcher, self.name(), state)
            if checked.turn is not None:
                return _spoken(dispatcher, tracker, checked.turn)
            if intent == WHY_ELSEWHERE:
                # "how can my knee pain come from my hip?": how referral works, then the
                # sources of the place it is felt, with where to find them.
                dispatcher.utter_message(response="utter_referred_pain_in_short")
                felt = felt_zones(text, tracker.latest_message.get("entities") or [])
                return await explain(
                    dispatcher, tracker, domain, self.name(), [dict(e) for e in felt]
                )
        dispatcher.utter_message(response=f"utter_{intent}")
        return []
