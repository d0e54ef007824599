"""Safety first, in every action that answers a person: red flags, crisis, screening answers.

`gate` runs before any triage reply: a red flag or a crisis (the safety engine's, or one
the NLU's entities name) stops triage; a site that can hide something else gets its
screening question first; an answer to that question is read with the site in mind.
`action_red_flag` (the intent model's red flag) and the yes/no actions use the same gate.
"""

from __future__ import annotations

import logging
import re
from abc import ABC, abstractmethod
from dataclasses import dataclass, replace
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, FollowupAction
from rasa_sdk.executor import CollectingDispatcher

from actions import kb
from actions.conversation import earlier_messages, read_mentions, read_state, remember, say
from bot import business_faq, callbacks, triage
from bot.kb.query import ReferralKB
from bot.nlu import emoji as emoji_reply
from bot.nlu.asking import is_question, mentions_pain
from bot.nlu.emoji import without_words
from bot.safety import decision as safety_decision
from bot.triage import Mentions, TriageState, Turn
from bot.triage import screening as screening_turns
from bot.triage.phrases import Voice
from bot.triage.precautions import HEALTH_QUESTION
from bot.triage.reply import Reply

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Gate:
    """What the safety check decided: a turn to say instead of triage, or the state to go on."""

    turn: Turn | None
    state: TriageState


def gate(
    kb_: ReferralKB,
    tracker: Tracker,
    state: TriageState,
    said: Mentions,
    intent: str | None = None,
) -> Gate:
    """The safety check of the latest message (see the module docstring); `intent` stands in
    for the intent model's when an action knows better (a typed "yeah" read as yes)."""
    text = tracker.latest_message.get("text") or ""
    intent = intent or (tracker.latest_message.get("intent") or {}).get("name")
    asked = triage.last_asked(tracker.events)
    answering = screening_turns.answering(asked)
    decided = safety_decision.decide(
        kb_.safety_engine(),
        text,
        intent=intent,
        zones=said.zones,
        answering=answering,
        screened=state.screened,
        named=said.red_flags,
        earlier=earlier_messages(tracker),
    )
    # Health conditions said in any message (or a button) change the advice from now on.
    conditions = (*state.precautions, *decided.assessment.precautions, *said.precautions)
    state = replace(
        state,
        precautions=tuple(dict.fromkeys(conditions)),
        health_asked=state.health_asked or asked == HEALTH_QUESTION,
    )
    if decided.escalates:
        flag = kb_.red_flag(decided.flag) if decided.flag else None
        return Gate(triage.red_flag_turn(state, flag, decided.flag), state)
    if decided.kind == safety_decision.SCREEN and decided.screening is not None:
        return Gate(screening_turns.screening_turn(kb_, state, said, decided.screening), state)
    if decided.kind == safety_decision.CLEAR and decided.screening is not None:
        return Gate(None, screening_turns.screened(state, decided.screening))
    return Gate(None, state)


class ActionRedFlag(Action):
    """The intent model heard a red flag: say where to get care, or screen, or triage."""

    def name(self) -> str:
        return "action_red_flag"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        state = read_state(tracker)
        said = read_mentions(tracker)
        try:
            kb_ = kb.referral_kb()
            checked = gate(kb_, tracker, state, said)
            turn = checked.turn or triage.explain_sources(kb_, checked.state, said)
            if checked.turn is None and not checked.state.zones and not said.zones:
                turn = triage.with_safety_net(turn)
        except Exception:  # without the knowledge base, still send to 999 / NHS 111
            logger.exception("cannot assess the red flag; giving the generic advice")
            turn = triage.red_flag_turn(state, None, said.red_flags[0] if said.red_flags else None)
        say(dispatcher, turn.reply)
        return remember(tracker, turn.state)


# Typed answers to a yes/no question that the intent model may not place.
_NO = re.compile(
    r"^\W*(no+|nope|nah|none|nothing|neither|not really|n/?a|no thanks?"
    r"|none of (?:them|those|these|that|the above)"
    r"|nothing like that|not that i know of|all fine|im fine|i'?m fine)\b",
    re.IGNORECASE,
)
_CLEAR_YES = re.compile(
    r"^\W*(yes|yeah|yep|yup|ya|aye|sure|ok(?:ay)?|please do|go ahead|do it|delete it"
    r"|erase it|delete (?:it )?all|delete everything|confirm(?:ed)?)\b"
    r"(?!.*\b(?:not|don'?t|keep)\b)",
    re.IGNORECASE,
)
_KEEP = re.compile(r"\b(keep it|don'?t delete|do not delete|changed my mind)\b", re.IGNORECASE)
_YES = re.compile(
    r"^\W*(yes|yeah|yep|yup|ya|aye|i think so|sort of|kind of|a bit)\b", re.IGNORECASE
)


class _Answer(Action, ABC):
    """Yes or no: the answer to a screening question if one was asked, else a short reply.

    Abstract, so the action server registers only its two subclasses.
    """

    response = ""
    intent = ""

    @abstractmethod
    def name(self) -> str:
        """The action's name in the domain."""

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        from actions.booking import resumes_the_booking
        from actions.privacy import erase_answer, erase_pending

        if erase_pending(tracker):  # the yes or no to "shall I delete it now?"
            return erase_answer(dispatcher, tracker, yes=self.intent == "affirm")
        if resumes_the_booking(tracker):  # "yes I'm free, let's do it" after a pause
            return [FollowupAction("action_book_session")]
        pending = triage.last_payload(tracker.events)
        asked = triage.last_asked(tracker.events)
        if triage.asked_zone(asked) is not None:  # "neither", "yes, all of it": the whole zone
            from actions.triage import explain

            return await explain(dispatcher, tracker, domain, self.name())
        if screening_turns.answering(asked) is None and asked != HEALTH_QUESTION:
            dispatcher.utter_message(response=self.response)
            return []
        state = read_state(tracker)
        try:
            kb_ = kb.referral_kb()
            checked = gate(kb_, tracker, state, read_mentions(tracker), self.intent)
            voice = Voice.of(domain, tracker.events)
            if checked.turn is not None:
                turn = checked.turn
            elif asked == HEALTH_QUESTION and pending.get("then") == triage.TECHNIQUE:
                turn = triage.find_and_release(kb_, checked.state, Mentions(), voice=voice)
            elif asked == HEALTH_QUESTION:  # the care tips the question came before
                turn = triage.care_tips(kb_, checked.state, Mentions())
            else:
                turn = triage.explain_sources(kb_, checked.state, Mentions(), voice=voice)
        except Exception:  # a screening answer we cannot read: the safe advice
            logger.exception("cannot read the screening answer; giving the generic advice")
            turn = triage.red_flag_turn(state, None)
        say(dispatcher, turn.reply)
        return remember(tracker, turn.state)


class ActionAffirm(_Answer):
    """'Yes': to a screening question, the dangerous pattern; to the health question, the
    explanation goes on (what applies can be told any time); otherwise, what next."""

    response = "utter_anything_else"
    intent = "affirm"

    def name(self) -> str:
        return "action_affirm"


class ActionDeny(_Answer):
    """'No' (or "None of these"): to a screening or the health question, triage goes on with
    the pressing techniques; otherwise, fine."""

    response = "utter_no_problem"
    intent = "deny"

    def name(self) -> str:
        return "action_deny"


def yes_no_answer(tracker: Tracker) -> Action | None:
    """The yes or no action for a typed "none of these" / "yeah a bit" when the bot's last turn
    asked a yes/no question (the health or a screening question), whatever the intent model
    made of it; None otherwise."""
    from actions.privacy import erase_pending, turned_down

    text = tracker.latest_message.get("text") or ""
    if erase_pending(tracker):  # deleting is for a clear yes only
        if turned_down(text):
            return ActionDeny()
        return ActionAffirm() if _CLEAR_YES.match(text) else None
    asked = triage.last_asked(tracker.events)
    if asked != HEALTH_QUESTION and screening_turns.answering(asked) is None:
        return None
    if _NO.match(text):
        return ActionDeny()
    if _YES.match(text):
        return ActionAffirm()
    return None


class ActionFallbackAnswer(Action):
    """A message the intent model could not place: read as the answer to the question just
    asked ("none of those", "nope", "yeah a bit") when one was; explained like a described
    pain when it names a place or a cause ("33 wks and my hips ache, can I still have a
    massage"); else the rephrase prompt."""

    def name(self) -> str:
        return "action_fallback_answer"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        from actions.booking import resumes_the_booking
        from actions.business import ActionRequestCallback, callback_pending

        if resumes_the_booking(tracker):  # "got it, sorry about that" after a pause
            return [FollowupAction("action_book_session")]
        asked = triage.last_asked(tracker.events)
        text = tracker.latest_message.get("text") or ""
        if callback_pending(tracker) and callbacks.parse_phone(text):
            return await ActionRequestCallback().run(dispatcher, tracker, domain)
        answer = yes_no_answer(tracker)
        if answer is not None:
            return await answer.run(dispatcher, tracker, domain)
        pending = asked == HEALTH_QUESTION or screening_turns.answering(asked) is not None
        if pending:  # a condition or a danger sign described in other words
            kb_ = kb.referral_kb()
            decided = kb_.safety_engine().assess(text)
            if decided.flags or decided.precautions:
                return await ActionDeny().run(dispatcher, tracker, domain)
        from actions.triage import explain, mentions_in_context

        try:
            said = mentions_in_context(kb.referral_kb(), tracker)
        except Exception:  # the knowledge base cannot be read: the entities as they are
            logger.exception("cannot read the message in context")
            said = read_mentions(tracker)
        if (
            triage.asked_zone(asked) is not None
            or said.zones
            or said.triggers
            or mentions_pain(text)
        ):
            # the answer to "which part?", a place or a cause, or a pain not yet placed ("it
            # hurts", "aching all over"): explained, or asked where; not "not understood"
            return await explain(dispatcher, tracker, domain, self.name())
        if without_words(text):  # emoji or punctuation only
            meant = emoji_reply.reply_of(text)
            if meant == emoji_reply.AFFIRM:
                return await ActionAffirm().run(dispatcher, tracker, domain)
            if meant == emoji_reply.DENY:
                return await ActionDeny().run(dispatcher, tracker, domain)
            dispatcher.utter_message(response="utter_emoji_only")
            return []
        facts = business_faq.default()
        area = facts.area_answer(text)
        if area is not None:  # "SW11?": whether we go there
            say(dispatcher, Reply(area))
            return []
        if is_question(text):  # a question we have no answer for: say so, and who can help
            say(dispatcher, facts.unknown())
            return []
        dispatcher.utter_message(response="utter_default")
        return []
