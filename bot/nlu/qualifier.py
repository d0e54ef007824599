"""A place narrowed by a word said after it: "ankle pain on the inside bit" is the inner
ankle, "my knee, at the front" the front of the knee, "shoulder, on the side" its side.

The knowledge base names a zone's parts by where they lie (`inner_ankle`, `front_of_knee`,
`side_of_shoulder`). A qualifier ("inside", "front", "behind", "top"...) after a zone, in
its clause and said as a place ("on the inside", "at the front", "the outer part"), picks
the one part of that zone whose id holds the qualifier's word, or else whose phrasings
do; of none or of two, the zone stays as it was.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence

from bot.nlu.language import Token
from bot.nlu.phrasings import Found
from bot.nlu.vocabulary import ZONE, Vocabulary

# A qualifier as people say it → the word the knowledge base names the part with.
QUALIFIERS = {
    "inside": "inner", "inner": "inner", "inward": "inner", "medial": "inner",
    "outside": "outer", "outer": "outer", "lateral": "outer",
    "front": "front", "back": "back", "behind": "back", "rear": "back",
    "top": "top", "upper": "top", "side": "side",
}  # fmt: skip
# Before the qualifier: "on the inside", "round the back", "at the front".
_PLACE_WORDS = frozenset({"on", "at", "in", "round", "around", "towards", "to", "along", "near"})
# After it: "the inside bit", "the outer part", "the front edge".
_PART_WORDS = frozenset({"bit", "part", "side", "edge", "area", "bits", "parts"})
# "at the back" after a place with no back part still says where on it, not the low back;
# "in the back" may be the back ("sore knee, and pain in the back").
_AT_THE_BACK = frozenset({"at", "round", "around", "towards", "on"})
# What may follow a qualifier said of the place itself ("at the front mostly", "on the
# inside when I walk"), besides the end of the clause and the part words.
_AFTER = _PART_WORDS | frozenset(
    {"mostly", "mainly", "too", "only", "more", "when", "whenever", "if", "after", "as", "and",
     "but", "especially", "esp", "ish", "really", "though", "now", "again", "i", "it", "is",
     "sometimes", "usually", "always", "most", "all", "just", "bit", "where", "that", "which"}
)  # fmt: skip
_NEW_CLAUSE = frozenset({"and", "but", "or", "plus", "also", "then"})
REACH = 9  # tokens after the zone the qualifier may be
SCORE = 0.95  # of the zone's own score: the part is read from two places


class Qualifiers:
    """Narrows zones by a qualifier said after them (see the module docstring)."""

    def __init__(self, vocabulary: Vocabulary):
        children: dict[str, list[str]] = {}
        for zone, parent in vocabulary.zone_parents.items():
            if parent:
                children.setdefault(parent, []).append(zone)
        words: dict[str, set[str]] = {}
        for phrasing in vocabulary.phrasings.get(ZONE, ()):
            words.setdefault(phrasing.owner, set()).update(phrasing.words)
        self._parts: dict[str, dict[str, str]] = {
            zone: _parts_by_word(parts, words) for zone, parts in children.items()
        }

    def narrow(self, found: Sequence[Found], tokens: Sequence[Token]) -> list[Found]:
        """`found` with each zone a qualifier narrows replaced by its part. A bare "back"
        used as the qualifier ("my knee hurts at the back") is no longer a place itself."""
        bare_back = {
            item.first: item
            for item in found
            if item.entity == ZONE and item.first == item.last and tokens[item.first].text == "back"
        }
        taken = {
            position
            for item in found
            if item.first not in bare_back
            for position in range(item.first, item.last + 1)
        }
        narrowed: list[Found] = []
        used: set[int] = set()
        for item in found:
            single = item.entity == ZONE and len(item.owners) == 1
            at = _qualifier_after(item, tokens, taken) if single else None
            if at is None:
                narrowed.append(item)
                continue
            part = self._parts.get(item.owners[0], {}).get(QUALIFIERS[tokens[at].text])
            if part is not None:
                item = dataclasses.replace(item, owners=(part,), score=round(item.score * SCORE, 3))
                used.add(at)
            elif at in bare_back and at >= 2 and tokens[at - 2].text in _AT_THE_BACK:
                used.add(at)  # "where my bra strap sits, at the back": where, not the back
            narrowed.append(item)
        return [item for item in narrowed if not (item.first in used and item.first in bare_back)]


def _parts_by_word(parts: Sequence[str], words: Mapping[str, set[str]]) -> dict[str, str]:
    """Qualifier word → the one part named by it: by the part's id, else its phrasings."""
    found: dict[str, str] = {}
    for word in set(QUALIFIERS.values()):
        by_id = [part for part in parts if word in part.split("_")]
        by_phrasing = [
            part
            for part in parts
            if any(QUALIFIERS.get(said) == word for said in words.get(part, ()))
        ]
        chosen = by_id or by_phrasing
        if len(chosen) == 1:
            found[word] = chosen[0]
    return found


def _qualifier_after(item: Found, tokens: Sequence[Token], taken: set[int]) -> int | None:
    """The position of a qualifier said as a place after `item` in its clause, if any
    ("at the front", "the inside bit"; not "the front of the car")."""
    commas = 0
    for position in range(item.last + 1, min(len(tokens), item.last + 1 + REACH)):
        token = tokens[position]
        if token.is_punct:
            commas += 1
            if token.text != "," or commas > 1:
                return None
            continue
        if token.text in _NEW_CLAUSE:
            return None
        if position in taken or token.text not in QUALIFIERS:
            continue
        before = [tokens[i].text for i in range(max(0, position - 2), position)]
        if token.text == "back" and before[:1] and before[0] not in _AT_THE_BACK:
            continue  # "pain in the back" is the back
        following = tokens[position + 1] if position + 1 < len(tokens) else None
        after = following.text if following is not None else ""
        if following is not None and not following.is_punct and after not in _AFTER:
            continue  # "the front of the bus", "the top cupboard": where something else is
        if (before[-1:] == ["the"] and before[:1] and before[0] in _PLACE_WORDS) or (
            after in _PART_WORDS
        ):
            return position
    return None
