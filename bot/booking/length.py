"""How long the session should be: what someone said -> one of the offered lengths."""

from __future__ import annotations

import re

from rapidfuzz.distance import OSA

from bot.settings import Business

_HALF = re.compile(
    r"\b(?:(an?|one|1|two|2)\s+)?hours?\s+and\s+a\s+half\b|\b(\d+(?:\.\d+)?)\s*(?:hours?|hrs?|h)\b"
)
_WORDS = {"a": 1.0, "an": 1.0, "one": 1.0, "1": 1.0, "two": 2.0, "2": 2.0}
_MINUTES = re.compile(r"\b(\d{2,3})\s*(?:minutes?|mins?|m)?\b")
_HOUR_WORDS = re.compile(r"\b(?:(an?|one|two)\s+hours?|half an hour)\b")


class LengthError(ValueError):
    """Not one of the offered lengths; `str(error)` is the message to show."""


def parse_length(text: str, business: Business) -> int:
    """The session length in minutes: "90", "90 mins", "1.5 hours", "an hour and a half"."""
    minutes = _minutes(text.lower())
    if minutes is None:
        raise LengthError(
            f"How long would you like the session to be: {offered(business)} minutes?"
        )
    if minutes not in business.session_minutes:
        raise LengthError(f"We offer {offered(business)}-minute sessions. Which would you like?")
    return minutes


def offered(business: Business) -> str:
    """ "60, 90 or 120": the lengths on offer, as said."""
    words = [str(length) for length in business.session_minutes]
    return words[0] if len(words) == 1 else f"{', '.join(words[:-1])} or {words[-1]}"


_NUMBER_WORDS = (
    (re.compile(r"\b(?:one|a) hundred and twenty\b|\bhundred and twenty\b"), "120"),
    (re.compile(r"\bninety\b"), "90"),
    (re.compile(r"\bsixty\b"), "60"),
    (
        re.compile(r"\b(?:1|one)\s+(?:and|&|n)\s+(?:a\s+)?half\s+(?:an?\s+)?(?=hours?|hrs?|\W*$)"),
        "1.5 hours ",
    ),
    (re.compile(r"\b(?:an?\s+)?(?:hr|hour)\s+(?:n|and|&)\s+(?:a\s+)?half\b"), "90 minutes"),
    (re.compile(r"\b(60|90|120)m\b"), r"\1 minutes"),
    (re.compile(r"(?<![\d.] )\bhour[\s-]long\b"), "1 hour"),  # "an hour-long massage"
    # "1 hour and 30 minutes", "an hour 30", "1hr 30mins", "1h30"
    (
        re.compile(
            r"\b(?:an?\s+|one\s+|1\s*)(?:hour|hr|h)s?\s*(?:and\s+|&\s*)?(?:30|thirty)\s*"
            r"(?:minutes?|mins?|m)?\b"
        ),
        "90 minutes",
    ),
    (re.compile(r"\b(?:2|two)[\s-]+hours?\b"), "2 hours"),
    # "hour please", "just the hour", "hour is fine thanks": an hour said with its courtesies
    (
        re.compile(
            r"^\W*(?:just\s+)?(?:the\s+|an\s+)?hours?(?:'s|s)?(?=(?:\W+(?:please|pls|plz|thanks|"
            r"thank you|ta|is fine|is good|fine|will do|cheers|mate|then|ok|long|session|massage))*"
            r"(?:\W*$|\s*[.,;!]\s*(?!and a half)))"
        ),
        "1 hour",
    ),
    (
        re.compile(
            r"\b(?:the|an|one|1)[\s-]+hour(?:[\s-]+(?:long|one|session|massage))?\b(?!\s+and)"
        ),
        "1 hour",
    ),
    (re.compile(r"\b(\d+)[\s-]+(?:minutes?|mins?)[\s-]+(?:long|one|session)\b"), r"\1 minutes"),
)


_UNIT_WORDS = ("hour", "hours", "minutes", "half", "ninety", "sixty")


def _spelled(said: str) -> str:
    """Slips in the unit words: "an hoor", "90 minuets", "hour and a hlaf"."""
    words = said.split()
    for index, word in enumerate(words):
        if len(word) >= 4 and word.isalpha() and word not in _UNIT_WORDS:
            best = min(_UNIT_WORDS, key=lambda unit: OSA.distance(word, unit))
            if OSA.distance(word, best) == 1:
                words[index] = best
    return " ".join(words)


def _minutes(said: str) -> int | None:
    said = _spelled(said)
    said = said.replace("-", " ") if re.search(r"\d-(?:min|hour)|(?:one|two)-hour", said) else said
    for pattern, digits in _NUMBER_WORDS:
        said = pattern.sub(digits, said)
    match = _HALF.search(said)
    if match and match.group(2) is None:
        return round((_WORDS[match.group(1) or "an"] + 0.5) * 60)
    if match:
        return round(float(match.group(2)) * 60)
    match = _HOUR_WORDS.search(said)
    if match:
        if match.group(0) == "half an hour":
            return 30
        return 60 * (2 if match.group(1) == "two" else 1)
    match = _MINUTES.search(said)
    return int(match.group(1)) if match else None
