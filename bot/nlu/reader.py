"""Read a message into canonical mentions: zones, sides, triggers and red flags.

Pure and Rasa-free: `TriageReader(vocabulary).read(text)` is what the Rasa component
calls for each message. On top of the phrasings found (`bot.nlu.phrasings`) it decides:

- what is meant: a place or trigger word inside an idiom names nothing ("come back",
  "pain runs down my leg"), and a zone inside a trigger's words is the trigger's ("grind
  my teeth" is stress, not the teeth), as the training data annotates them.
- negation: a cue ("not", "no", "isn't", "rather than", "I thought it was"...) negates
  the zones, triggers, red flags and sides after it up to the end of its clause
  (punctuation, "but", "it's", "more", "rather"...); "and" carries it on only through a
  plain list ("no pain in my knee and hip"). A cue after a zone negates it too ("my knee
  is fine", "my shoulders aren't too bad"). "it isn't the back, it's the side": back
  negated; "no headaches but my jaw aches": head negated, jaw asserted. A negated zone
  given a negated side and an asserted one is asserted: "never my right calf, always the
  left" negates the right side, not the calf.
- laterality: a side word ("left", "both", "either side", "on the right") becomes a
  side mention attached to the nearest zone in its sentence, a zone after it winning a
  tie (a comma does not part them: "my knee, on the right side"); bare "right", "left"
  and "both" count only where they clearly say a side ("right knee", "on the right",
  "both calves", or as an afterthought: "my heel is sore, left one", "knees are shot,
  both of them"), not in "right now", "right behind", "both my neck and my back", nor
  the question tag "..., right?". Side words typed fast ("rite", "lft") count as the word.
- red flags: the project's one safety engine (`bot.safety.engine`) reads the message;
  a message with a red flag (or a crisis) mentions its red flags only, each spanning its
  evidence; triage stops there, and what else it names is not triage input.

A broader zone named beside a narrower one is kept ("headaches at the sides of my head":
head and temple); the ranking (`ReferralKB.sources_for`) weighs them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from bot.nlu import cues as cue_labels
from bot.nlu import language
from bot.nlu.cues import NOT_A_PLACE, Cue, CueMatcher
from bot.nlu.language import Token
from bot.nlu.phrasings import Found, PhrasingFinder
from bot.nlu.qualifier import Qualifiers
from bot.nlu.vocabulary import RED_FLAG, SIDE, TRIGGER, ZONE, Vocabulary
from bot.safety.engine import SafetyEngine
from bot.safety.rules import SafetyRules

NEGATED = "negated"
BARE_SIDE_SCORE = 0.9
_SIDE_WORDS = frozenset({"left", "right"})
_DETERMINERS = frozenset({"my", "the", "a", "your", "his", "her", "their", "our"})
# "right behind my knee", "right now": "right" as an adverb, not a side.
_ADVERB_RIGHT_BEFORE = frozenset(
    {
        "behind", "in", "at", "on", "under", "above", "below", "between", "through",
        "across", "into", "around", "round", "up", "down", "along", "by", "next", "there",
        "here", "now", "away", "after", "before", "over", "where", "from", "to", "off",
        "near", "when", "the", "back",
    }
)  # fmt: skip
# After "the left ..." / "my right ...", words that leave it a side: "the left one".
_SIDE_TAIL = frozenset(
    {
        "one", "ones", "too", "only", "mostly", "mainly", "but", "and", "more", "though",
        "side", "sides", "as", "again", "hurts", "aches", "is", "worse", "now",
    }
)  # fmt: skip
# A message of only these (and one side word) answers "which side?": "just the left one".
_SIDE_ANSWER = frozenset(
    {
        "the", "my", "one", "ones", "just", "only", "mostly", "mainly", "of", "them", "its",
        "it", "is", "on", "hand", "side", "sides", "definitely", "probably", "i", "think",
        "both", "left", "right", "more", "id", "say", "please", "thanks",
    }
)  # fmt: skip
# Words that may follow an afterthought side before its clause ends: ", left one i think".
_AFTERTHOUGHT_TAIL = frozenset(
    {"one", "ones", "side", "of", "them", "em", "only", "mainly", "mostly", "too", "i", "think",
     "though", "again", "as", "well", "more", "just"}
)  # fmt: skip
_DISCOURSE_AFTER_RIGHT = frozenset({"so", "well", "anyway", "ok", "okay", "now", "then"})
_LIST_TAIL = frozenset({"either", "too", "neither", "also", "or", "nor"})


@dataclass(frozen=True)
class Mention:
    """One canonical entity in a message, with its character span and confidence.

    `side` (zones) and `zone` (sides) link a side to the zone it was said of; `level` is
    a red flag's level (emergency, urgent, gp).
    """

    entity: str
    value: str
    start: int
    end: int
    confidence: float
    negated: bool = False
    method: str = ""
    side: str | None = None
    zone: str | None = None
    level: str | None = None

    def as_entity(self, extractor: str) -> dict[str, Any]:
        """The mention as a Rasa entity dict (role "negated" when negated)."""
        entity: dict[str, Any] = {
            "entity": self.entity,
            "start": self.start,
            "end": self.end,
            "value": self.value,
            "confidence_entity": self.confidence,
            "extractor": extractor,
        }
        if self.negated:
            entity["role"] = NEGATED
        for key in ("side", "zone", "level"):
            if getattr(self, key) is not None:
                entity[key] = getattr(self, key)
        return entity


@dataclass(frozen=True)
class Reading:
    """What a message says: its mentions in text order, and every span the reader claimed.

    `claimed` also holds the spans of phrasings the reader set aside (a zone inside a
    trigger, an idiom) and of side words it judged not to be sides, so that another
    extractor's entity there is not taken back in.
    `red_flag_message`: an asserted red flag was found, so only red flags are mentioned.
    """

    mentions: tuple[Mention, ...]
    claimed: tuple[tuple[int, int], ...]
    red_flag_message: bool = False

    def red_flags_only(self) -> Reading:
        """The same reading as a red-flag message: its red flags, nothing else."""
        return Reading(
            tuple(mention for mention in self.mentions if mention.entity == RED_FLAG),
            self.claimed,
            red_flag_message=True,
        )


@dataclass(frozen=True)
class _Side:
    value: str
    first: int
    last: int
    score: float


class TriageReader:
    """Reads messages against one vocabulary; build once, then `read` many times."""

    def __init__(self, vocabulary: Vocabulary):
        self.vocabulary = vocabulary
        self._finder = PhrasingFinder(vocabulary)
        self._qualifiers = Qualifiers(vocabulary)
        self._cues = CueMatcher()
        self.safety = SafetyEngine(
            SafetyRules.from_json(vocabulary.safety_rules)
            if vocabulary.safety_rules
            else SafetyRules((), (), ())
        )

    def read(self, text: str) -> Reading:
        """The zones, sides, triggers and red flags `text` mentions (see the module doc)."""
        tokens = language.tokenize(text)
        if not tokens:
            return Reading((), ())
        matched = self._finder.find(tokens)
        found = _not_moved(_meant(matched, self._cues.idioms(tokens)), self._cues.moved(tokens))
        found = self._qualifiers.narrow(found, tokens)
        blocked = {
            position
            for item in found
            for position in range(item.first, item.last + 1)
            if tokens[position].text not in _SIDE_WORDS
        }
        shared = {position for position in blocked if tokens[position].text in ("side", "sides")}
        cues = self._cues.find(tokens, blocked, shared)
        in_scope = _negation_scope(tokens, cues, blocked)
        post_negated = _post_negated(tokens, cues, found)
        negated = {
            index
            for index, item in enumerate(found)
            if item.first in in_scope or index in post_negated
        }
        sides = _sides(tokens, cues, found)
        zones = [(index, item) for index, item in enumerate(found) if item.entity == ZONE]
        sentence = _sentences(tokens)
        attached = [_nearest_zone(side, zones, sentence) for side in sides]
        side_negated = [
            side.first in in_scope or (zone is not None and zone in post_negated)
            for side, zone in zip(sides, attached, strict=True)
        ]
        zone_side: dict[int, str] = {}
        polarities: dict[int, set[bool]] = {}
        for side, zone, is_negated in zip(sides, attached, side_negated, strict=True):
            if zone is not None:
                if zone not in zone_side or not is_negated:
                    zone_side[zone] = side.value
                polarities.setdefault(zone, set()).add(is_negated)
        # "never my right calf, always the left": the side was negated, not the calf.
        negated -= {zone for zone, seen in polarities.items() if seen == {True, False}}
        mentions = [
            Mention(
                entity=item.entity,
                value=owner,
                start=item.start,
                end=item.end,
                confidence=item.score,
                negated=index in negated,
                method=item.method,
                side=zone_side.get(index),
            )
            for index, item in enumerate(found)
            for owner in item.owners
        ]
        mentions += [
            Mention(
                entity=SIDE,
                value=side.value,
                start=tokens[side.first].start,
                end=tokens[side.last].end,
                confidence=side.score,
                negated=is_negated,
                method="rule",
                zone=found[zone].owners[0] if zone is not None else None,
            )
            for side, zone, is_negated in zip(sides, attached, side_negated, strict=True)
        ]
        mentions.sort(key=lambda mention: (mention.start, mention.end, mention.entity))
        claimed = [(item.start, item.end) for item in matched]
        # Side words judged not to be sides are claimed too: "neck and back both ache".
        claimed += [
            (tokens[cue.first].start, tokens[cue.last].end)
            for cue in cues
            if cue.label in cue_labels.SIDE_LABELS
        ]
        flags = [
            Mention(
                RED_FLAG, flag.id, flag.start, flag.end, 1.0, method="concepts", level=flag.level
            )
            for flag in self.safety.assess(text).flags
        ]
        reading = Reading(tuple(mentions + flags), tuple(dict.fromkeys(claimed)))
        return reading.red_flags_only() if flags else reading


def _not_moved(found: list[Found], moved: Sequence[Cue]) -> list[Found]:
    """Without the body parts only moved or rested on, when another part is named ("my
    shoulder hurts when I lift my arm": the shoulder), and without a trigger that is only
    the moving of a part ("lifting my arm" is no lifting of loads).

    A part said alone stays: "it hurts when I lift my arm" names the arm.
    """
    ends = {cue.last for cue in moved}
    moved_zones = {
        index for index, item in enumerate(found) if item.entity == ZONE and item.first - 1 in ends
    }
    zones = {index for index, item in enumerate(found) if item.entity == ZONE}
    dropped = moved_zones if zones - moved_zones else set()
    # The part after the cue may sit inside another trigger's words ("lifting my arms above
    # my head": the overhead work's).
    starts = {found[index].first for index in moved_zones} | {
        item.first for item in found if item.entity == TRIGGER
    }
    moving = [cue for cue in moved if cue.last + 1 in starts]
    dropped |= {
        index
        for index, item in enumerate(found)
        if item.entity == TRIGGER
        and any(cue.first <= item.first and item.last <= cue.last for cue in moving)
    }
    return [item for index, item in enumerate(found) if index not in dropped]


def _meant(matched: Sequence[Found], idioms: Sequence[Cue]) -> list[Found]:
    """The phrasings that name something: not inside an idiom, nor a zone inside a trigger.

    "grind my teeth" is a trigger, not the teeth; "come back" names no back.
    """
    kept = [
        item
        for item in matched
        if not any(
            cue.first <= item.first
            and item.last <= cue.last
            and (cue.label == NOT_A_PLACE) == (item.entity == ZONE)
            for cue in idioms
        )
    ]
    triggers = [item for item in kept if item.entity == TRIGGER]
    return [
        item
        for item in kept
        if item.entity != ZONE
        or not any(t.first <= item.first and item.last <= t.last for t in triggers)
    ]


def _sentences(tokens: Sequence[Token]) -> list[int]:
    """The sentence number of each token: a new one after a full stop, semicolon, ! or ?."""
    numbers, current = [], 0
    for token in tokens:
        numbers.append(current)
        if token.is_punct and token.text != ",":
            current += 1
    return numbers


def _negation_scope(tokens: Sequence[Token], cues: Sequence[Cue], blocked: set[int]) -> set[int]:
    """The token positions a preceding negation cue reaches (see the module docstring)."""
    starts = {cue.first: cue for cue in cues if cue.label == cue_labels.NEGATION}
    ends = {cue.first for cue in cues if cue.label == cue_labels.CLAUSE_END}
    scope: set[int] = set()
    active = False
    index = 0
    while index < len(tokens):
        token = tokens[index]
        if token.is_punct or index in ends:
            active = False
        if index in starts:
            active = True
            index = starts[index].last + 1
            continue
        if active and token.text == "and" and not _plain_list_follows(index, tokens, cues, blocked):
            active = False
        if active:
            scope.add(index)
        index += 1
    return scope


def _plain_list_follows(
    index: int, tokens: Sequence[Token], cues: Sequence[Cue], blocked: set[int]
) -> bool:
    """Whether the clause after this "and" holds only matched phrasings ("... and hip")."""
    stops = {cue.first for cue in cues if cue.label in (cue_labels.CLAUSE_END, cue_labels.NEGATION)}
    rest = []
    for position in range(index + 1, len(tokens)):
        if tokens[position].is_punct or position in stops:
            break
        rest.append(position)
    named = [position for position in rest if position in blocked]
    loose = [
        position
        for position in rest
        if position not in blocked
        and not tokens[position].is_filler
        and tokens[position].text not in _LIST_TAIL
    ]
    return bool(named) and not loose


def _post_negated(tokens: Sequence[Token], cues: Sequence[Cue], found: Sequence[Found]) -> set[int]:
    """The zones (indexes into `found`) that a following cue negates: "knee and hip are fine"."""
    ends_at = {item.last: index for index, item in enumerate(found) if item.entity == ZONE}
    negated: set[int] = set()
    clause_ends = sorted(
        [cue.first for cue in cues if cue.label == cue_labels.CLAUSE_END]
        + [i for i, token in enumerate(tokens) if token.is_punct]
    )
    for cue in cues:
        if cue.label != cue_labels.POST_NEGATION:
            continue
        start = max((end for end in clause_ends if end < cue.first), default=-1)
        if any(
            cue_labels.ALL_CLEAR_WORD.match(tokens[i].text) for i in range(start + 1, cue.first)
        ):
            # "the x-ray of my heel was normal", "gp said my neck is fine": an all-clear from
            # a test or a professional, not a denial of the place that hurts
            continue
        position = cue.first - 1
        while position >= 0:
            token = tokens[position]
            if position in ends_at:
                negated.add(ends_at[position])
                position = found[ends_at[position]].first - 1
            elif token.is_filler or token.text in cue_labels.CONJUNCTIONS:
                position -= 1
            else:
                break
    return negated


def _sides(tokens: Sequence[Token], cues: Sequence[Cue], found: Sequence[Found]) -> list[_Side]:
    """The side cues that say a side (see the module docstring), in text order."""
    zone_starts = {item.first: item for item in found if item.entity == ZONE}
    sides = []
    for cue in cues:
        if cue.label not in cue_labels.SIDE_LABELS:
            continue
        if cue.first != cue.last or tokens[cue.first].text not in cue_labels.BARE_SIDE_WORDS:
            sides.append(_Side(cue.label, cue.first, cue.last, 1.0))
        elif _bare_side_counts(cue.first, tokens, zone_starts, found):
            sides.append(_Side(cue.label, cue.first, cue.last, BARE_SIDE_SCORE))
    return sides


def _bare_side_counts(
    position: int, tokens: Sequence[Token], zone_starts: dict[int, Found], found: Sequence[Found]
) -> bool:
    """Whether a lone "left", "right" or "both" says a side here (see the module docstring)."""
    word = cue_labels.SIDE_TYPOS.get(tokens[position].text, tokens[position].text)
    inside_zone = any(item.entity == ZONE and item.first < position < item.last for item in found)
    if inside_zone:
        return True
    after = position + 1
    while after < len(tokens) and tokens[after].text in _DETERMINERS:
        after += 1
    if after in zone_starts:
        if word == "right" and tokens[position + 1].text in _ADVERB_RIGHT_BEFORE:
            return False
        return not (word == "both" and _joins_two_places(zone_starts[after], tokens, found))
    before = [token.text for token in tokens[max(0, position - 2) : position]]
    if before and before[-1] in ("on", "in", "to"):
        return True
    if len(before) == 2 and before[0] in ("on", "in", "to") and before[1] in ("the", "my"):
        return True
    following = tokens[position + 1] if position + 1 < len(tokens) else None
    if (
        before
        and before[-1] in ("the", "my")
        and (following is None or following.is_punct or following.text in _SIDE_TAIL)
    ):
        return True
    if _afterthought(position, word, tokens, found):
        return True
    words = [token.text for token in tokens if not token.is_punct]
    return all(text in _SIDE_ANSWER for text in words)


def _afterthought(
    position: int, word: str, tokens: Sequence[Token], found: Sequence[Found]
) -> bool:
    """A side added after the place, as a clause of its own: "my heel is sore, left one",
    "my knees are shot, both of them", "outer elbow aches, left, when I lift"; not the
    question tag "..., right?"."""
    if position == 0 or not tokens[position - 1].is_punct:
        return False
    if not any(item.entity == ZONE and item.last < position for item in found):
        return False
    after = position + 1
    while after < len(tokens) and not tokens[after].is_punct:
        if tokens[after].text not in _AFTERTHOUGHT_TAIL:
            return False
        after += 1
    if word != "right" or after >= len(tokens):
        return True
    # "..., right?" asks; "my neck hurts, right, so what do I do" is "right" as a filler.
    following = tokens[after + 1].text if after + 1 < len(tokens) else ""
    return tokens[after].text != "?" and following not in _DISCOURSE_AFTER_RIGHT


def _joins_two_places(zone: Found, tokens: Sequence[Token], found: Sequence[Found]) -> bool:
    """Whether the zone joins two places ("neck and shoulders"), or "and" another zone follows."""
    if any(token.text in cue_labels.CONJUNCTIONS for token in tokens[zone.first : zone.last + 1]):
        return True
    position = zone.last + 1
    if position >= len(tokens) or tokens[position].text not in cue_labels.CONJUNCTIONS:
        return False
    position += 1
    while position < len(tokens) and tokens[position].is_filler:
        position += 1
    return any(item.entity == ZONE and item.first == position for item in found)


def _nearest_zone(
    side: _Side, zones: Sequence[tuple[int, Found]], sentence: Sequence[int]
) -> int | None:
    """The index (into the found phrasings) of the zone nearest the side in its sentence."""
    first, last = side.first, side.last
    best: tuple[int, int, int] | None = None
    for index, zone in zones:
        if zone.first <= last and first <= zone.last:
            distance, after = 0, 0
        elif zone.first > last:
            if sentence[zone.first] != sentence[last]:
                continue
            distance, after = zone.first - last, 0
        else:
            if sentence[zone.last] != sentence[first]:
                continue
            distance, after = first - zone.last, 1
        if best is None or (distance, after) < best[:2]:
            best = (distance, after, index)
    return best[2] if best else None
