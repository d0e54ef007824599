"""Emoji-only messages: a thumbs up is a yes, a thumbs down a no (no Rasa imports, so
the action server reads them the same way)."""

from __future__ import annotations

import re

AFFIRM = "affirm"
DENY = "deny"

_WORD = re.compile(r"[^\W_]", re.UNICODE)
# thumbs up, OK hand, check marks, folded hands; thumbs down, crosses
_YES = re.compile("[\U0001f44d\U0001f44c\u2705\u2714\U0001f64f]")
_NO = re.compile("[\U0001f44e\u274c\u2716\u274e]")


def without_words(text: str) -> bool:
    """Whether the text has no letter or digit (emoji or punctuation only)."""
    return not _WORD.search(text)


def reply_of(text: str) -> str | None:
    """`affirm` or `deny` for a message of emoji alone that says yes or no, else None
    (words in it, both, or neither)."""
    if not text.strip() or not without_words(text):
        return None
    yes, no = bool(_YES.search(text)), bool(_NO.search(text))
    if yes == no:
        return None
    return AFFIRM if yes else DENY
