"""Whether a message asks something, says something hurts, or only states a pain (no Rasa
imports: the NLU and the action server read messages the same way)."""

from __future__ import annotations

import re


def is_question(text: str) -> bool:
    """Whether the message asks something (a question mark, or how questions start)."""
    return bool(_QUESTION.search(text))


def mentions_pain(text: str) -> bool:
    """Whether the message says something hurts ("it hurts", "aching all over")."""
    return bool(_PAIN.search(text))


# A pain said without a place: asked where, not "not understood".
_PAIN = re.compile(
    r"\b(hurts?|hurting|pains?|painful|aches?|aching|achy|sore|stiff|tender|agony|throbbing"
    r"|killing me)\b",
    re.IGNORECASE,
)


# A question (not a statement we could not place): a question mark, or how questions start.
_QUESTION = re.compile(
    r"\?\s*$|^\W*(?:can|could|do|does|did|is|are|will|would|should|how|what|whats|when|where"
    r"|wheres|which|who|whos|why|have|has|hows)\b",
    re.IGNORECASE,
)


# Any sign of a question anywhere in the message, for `only_states`: a question mark, or a
# question or request word ("I was wondering how much...", "can you come Saturday").
_ASKING = re.compile(
    r"\?|\b(?:can|could|do|does|did|will|would|should|how|what|whats|when|where|wheres"
    r"|which|who|whos|why|hows|wondering|wonder|any chance|is there|is it|are you|are there"
    r"|please|pls|plz|want to|wanna|id like|i'd like|need to know|tell me)\b",
    re.IGNORECASE,
)


def only_states(text: str) -> bool:
    """Whether the message only tells (no question mark, no question or request word)."""
    return not _ASKING.search(text)
