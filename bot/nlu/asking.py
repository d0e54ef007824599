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


# The words a question starts with: "can", "how", "whats"...
_QUESTION_WORDS = (
    "can|could|do|does|did|will|would|should|how|what|whats|when|where|wheres|which|who|whos"
    "|why|hows"
)
# A question (not a statement we could not place): a question mark, or how questions start
# ("is" and "have" too: "is it ok to...", "have you got...").
_QUESTION = re.compile(
    rf"\?\s*$|^\W*(?:{_QUESTION_WORDS}|is|are|have|has)\b",
    re.IGNORECASE,
)
# Any sign of a question anywhere in the message, for `only_states`: a question mark, a
# question word, or a request ("I was wondering how much...", "can you come Saturday").
_ASKING = re.compile(
    rf"\?|\b(?:{_QUESTION_WORDS}|wondering|wonder|any chance|is there|is it|are you"
    r"|are there|please|pls|plz|want to|wanna|id like|i'd like|need to know|tell me)\b",
    re.IGNORECASE,
)


def only_states(text: str) -> bool:
    """Whether the message only tells (no question mark, no question or request word)."""
    return not _ASKING.search(text)
