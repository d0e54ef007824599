"""A misspelt place where a place is plainly meant: "my arn hurts", "pain in my ancle".

The typo corrector (`bot.nlu.typos`) is careful on its own: a three- or four-letter word
is corrected only when a letter is missing ("kne"), and a word is never corrected into
one of two phrasing words ("ancle": "ankle" or "angle"). In a body slot there is no such
doubt: a possessive just before the word ("my", "me", "the", "his", optionally with a
side: "my left") and pain just after it ("... hurts", "... is really sore") or just
before ("pain in my ...", "a knot in the ..."). There a word one slip of any kind from
exactly one one-word place is that place, unless it is a frequent English word
(`Vocabulary.common_near_places`: "mum", "lip", "skin" stay themselves), a pain word
itself ("my sore ..."), or followed by a place ("my sor knee": an adjective). Of the
English words, only the sound-alikes below are read as places, and only in the slot:
"my heal is sore" is the heel, "it won't heal" names nothing.
"""

from __future__ import annotations

from collections.abc import Sequence

from rapidfuzz import process
from rapidfuzz.distance import OSA

from bot.nlu.language import Token

POSSESSIVES = frozenset({"my", "me", "ma", "mah", "the", "your", "his", "her", "our", "their"})
SIDES = frozenset({"left", "right", "lft", "rite"})
# Words that say it hurts, after the place ("hurts") or before "in my" ("pain in my").
PAIN_WORDS = frozenset(
    {
        "hurt", "hurts", "hurting", "hurtin", "ache", "aches", "aching", "achin", "achy",
        "achey", "sore", "soreness", "pain", "pains", "painful", "killing", "killin",
        "kills", "throb", "throbs", "throbbing", "pounding", "stiff", "stiffness", "tight",
        "tightness", "tender", "agony", "burning", "burns", "twinge", "twinges", "niggle",
        "niggles", "niggling", "cramp", "cramps", "cramping", "knot", "knots", "knotted",
        "sair", "discomfort", "pulled", "strained", "tweaked", "spasm", "spasms",
    }
)  # fmt: skip
# Between the place and the pain word: "my arn is really sore", "my heal has been killing".
_BETWEEN = frozenset(
    {
        "is", "s", "are", "has", "have", "been", "keeps", "feels", "feel", "gets", "got",
        "really", "so", "very", "proper", "well", "bit", "a", "still", "always", "starting",
        "started", "constantly", "badly", "all", "day", "just", "kinda", "quite",
    }
)  # fmt: skip
_BEFORE_POSSESSIVE = frozenset(
    {"in", "on", "at", "around", "behind", "across", "near", "under", "above", "below",
     "down", "through", "into", "of"}
)  # fmt: skip
# English words people write for a place that sounds the same.
SOUND_ALIKES = {"heal": "heel", "heals": "heels", "calve": "calf", "nees": "knees"}
_REACH = 4  # words looked at after the place for the pain word


class BodySlot:
    """Reads a word in a body slot as the one-word place it is a slip from, if only one."""

    def __init__(self, places: frozenset[str], known: frozenset[str], english: frozenset[str]):
        self._places = sorted(word for word in places if len(word) >= 3)
        self._place_set = frozenset(places)
        self._known = known
        self._english = english

    def corrections(self, tokens: Sequence[Token]) -> dict[int, str]:
        """Token index → the place word meant, for each misspelt place in a body slot."""
        found: dict[int, str] = {}
        for index, token in enumerate(tokens):
            word = token.text
            if (
                len(word) < 3
                or not word.isalpha()
                or word in self._known
                or word in PAIN_WORDS
                or not self._in_slot(tokens, index)
            ):
                continue
            meant = self._place_for(word)
            if meant is not None:
                found[index] = meant
        return found

    def _place_for(self, word: str) -> str | None:
        if word in SOUND_ALIKES:
            return SOUND_ALIKES[word]
        if word in self._english:
            return None
        close = process.extract(word, self._places, scorer=OSA.distance, score_cutoff=1)
        meant = {place for place, distance, _ in close if distance == 1}
        return meant.pop() if len(meant) == 1 else None

    def _in_slot(self, tokens: Sequence[Token], index: int) -> bool:
        before = index - 1
        if before >= 0 and tokens[before].text in SIDES:
            before -= 1
        if before < 0 or tokens[before].text not in POSSESSIVES:
            return False
        following = tokens[index + 1] if index + 1 < len(tokens) else None
        if following is not None and following.text in self._place_set:
            return False  # "my sor knee": a word about the place, not the place
        return _pain_after(tokens, index) or _pain_before(tokens, before)


def _pain_after(tokens: Sequence[Token], index: int) -> bool:
    for token in tokens[index + 1 : index + 1 + _REACH]:
        if token.text in PAIN_WORDS:
            return True
        if token.is_punct or token.text not in _BETWEEN:
            return False
    return False


def _pain_before(tokens: Sequence[Token], possessive: int) -> bool:
    """ "pain in my ...", "a knot just under the ...": a pain word, then a preposition."""
    if possessive < 2 or tokens[possessive - 1].text not in _BEFORE_POSSESSIVE:
        return False
    return any(
        token.text in PAIN_WORDS for token in tokens[max(0, possessive - 4) : possessive - 1]
    )
