"""Say, in one hedged sentence built from the data, why a muscle may be behind a pain."""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

# The longest location clause worth repeating inside the sentence.
MAX_LOCATION = 120
# Location text sometimes starts with a verb ("Runs from the side of the neck..."): make
# it read as an aside after the muscle's name.
_LEADING_VERBS = {"runs": "running", "lies": "", "sits": ""}
# Names that keep their capital mid-sentence.
_NAMES = {"Achilles"}
_PARENTHESES = re.compile(r"\s*\([^)]*\)")
_CLAUSE_END = re.compile(r"[;:(]|\. |\s[–—-]\s")


def why(
    muscle: str,
    location: str,
    primary: Sequence[str],
    spillover: Sequence[str],
    triggers: Sequence[str] = (),
) -> str:
    """E.g. "Trigger points in the soleus, low in the calf, often send pain to the heel."

    `muscle`, zone and trigger names are as the data writes them; `location` is the
    muscle's location text, of which only the first clause is used.
    """
    sentence = f"Trigger points in the {_prose(muscle)}{_where(location)} "
    to_primary = _join([_the(zone) for zone in primary])
    to_spillover = _join([_the(zone) for zone in spillover])
    if to_primary and to_spillover:
        sentence += f"often send pain to {to_primary}, and sometimes spill over to {to_spillover}"
    elif to_primary:
        sentence += f"often send pain to {to_primary}"
    else:
        sentence += f"can spill pain over to {to_spillover}"
    if triggers:
        causes = _join([_prose(trigger.split(":")[0]) for trigger in triggers])
        sentence += f"; they are typically brought on by {causes}"
    return sentence + "."


def location_clause(location: str) -> str:
    """The first clause of a muscle's location, as "along the top of the shoulder" ("" if
    none fits in a sentence)."""
    return _where(location).strip(" ,")


@lru_cache(maxsize=1024)
def _where(location: str) -> str:
    """The first clause of a location, as ", along the top of the shoulder," (or nothing)."""
    clause = _CLAUSE_END.split(location.strip(), maxsplit=1)[0].strip().rstrip(".")
    pieces = clause.split(",")
    clause = pieces[0]
    # "A long, thin muscle ...": a comma inside the noun phrase, not after it.
    for piece in pieces[1:]:
        if len(clause.split()) >= 3:
            break
        clause += "," + piece
    first, _, rest = clause.partition(" ")
    if first.lower() in _LEADING_VERBS:
        clause = f"{_LEADING_VERBS[first.lower()]} {rest}".strip()
    if not clause or len(clause) > MAX_LOCATION:
        return ""
    return f", {_lower_first(clause)},"


@lru_cache(maxsize=4096)
def _prose(name: str) -> str:
    """A name as it reads mid-sentence: "Temple (side of the head)" -> "temple"."""
    return _lower_first(_PARENTHESES.sub("", name).strip())


def _the(name: str) -> str:
    named = _prose(name)
    return named if named.startswith("the ") else f"the {named}"


def _lower_first(words: str) -> str:
    # Keep acronyms ("SI joint") and names ("Achilles") as written.
    if words[:1].isupper() and (words[1:2].isupper() or words.split(" ")[0] in _NAMES):
        return words
    return words[:1].lower() + words[1:]


def _join(items: Sequence[str]) -> str:
    unique = list(dict.fromkeys(items))
    if len(unique) <= 1:
        return "".join(unique)
    return f"{', '.join(unique[:-1])} and {unique[-1]}"
