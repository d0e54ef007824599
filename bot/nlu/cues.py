"""The English cue words for negation, clause ends, sides and idioms, as spaCy Matcher patterns.

These are rules of the language, not facts about pain, so they live in code; everything
about zones, triggers and red flags comes from the knowledge base. Tokens are matched on
the text `bot.nlu.language.tokenize` gives (lower case, apostrophes dropped: "isnt") and
on their lemmas.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from bot.nlu import language
from bot.nlu.language import Token

if TYPE_CHECKING:
    from spacy.matcher import Matcher

# A cue before a zone negates it, up to the end of the clause: "no headaches".
NEGATION = "negation"
# Looks like a negation cue but negates no place: "not sure if it's my knee".
PSEUDO_NEGATION = "pseudo_negation"
# A cue after a zone that negates it: "my knee is fine".
POST_NEGATION = "post_negation"
# Ends a clause, and so the reach of a negation cue: "but", "it's".
CLAUSE_END = "clause_end"
LEFT = "left"
RIGHT = "right"
BOTH = "both"
SIDE_LABELS = (LEFT, RIGHT, BOTH)
# A place word in an idiom ("come back", "give me a hand"): no place is named.
NOT_A_PLACE = "not_a_place"
# A trigger word in an idiom ("pain runs down my leg", "gotta run"): no trigger is named.
NOT_A_TRIGGER = "not_a_trigger"
IDIOM_LABELS = (NOT_A_PLACE, NOT_A_TRIGGER)
MOVED_PART = "moved_part"
CONJUNCTIONS = frozenset({"and", "or", "nor", "plus"})
# Who or what gives an all-clear: "the scan of my knee was fine" denies nothing.
ALL_CLEAR_WORD = re.compile(
    r"^(?:x-?rays?|xray|rays?|scans?|mri|ct|ultrasound|tests?|bloods|results?|gp|doctors?|doc|physio"
    r"|physios|osteo|osteopath|chiro|chiropractor|consultant|specialist|dentist|podiatrist"
    r"|surgeon|nurse|said|says|told|reckons|thinks)$"
)

Pattern = list[dict[str, Any]]


def _words(*phrases: str) -> list[Pattern]:
    return [[{"ORTH": word} for word in phrase.split()] for phrase in phrases]


def _any(*words: str) -> dict[str, Any]:
    return {"ORTH": {"IN": list(words)}}


def _lemma(*lemmas: str) -> dict[str, Any]:
    return {"LEMMA": {"IN": list(lemmas)}}


NEGATION_PATTERNS: list[Pattern] = [
    *_words(
        "not", "no", "never", "nothing", "none", "neither", "nor", "except", "aint",
        "isnt", "arent", "wasnt", "werent", "dont", "doesnt", "didnt", "hasnt", "havent",
        "is not", "are not", "was not", "were not", "do not", "does not", "did not",
        "rather than", "instead of", "as opposed to", "not so much", "no more", "no longer",
        "nothing wrong with", "except for", "free of",
    ),
    # "I thought it was my shoulder but ...": what was thought is not where it hurts.
    [{"ORTH": "thought"}, {"ORTH": "it"}, _any("was", "were", "would", "might")],
]  # fmt: skip
PSEUDO_NEGATION_PATTERNS: list[Pattern] = [
    *_words(
        "not sure", "not only", "not just", "no idea", "no matter", "no doubt", "no clue",
        "not certain", "dont know", "didnt know", "do not know", "not too", "not that bad",
        "not so bad", "not as bad", "not bad", "never mind", "no worse",
        # Openers that deny nothing: "not gonna lie, it's from scrolling in bed".
        "not gonna lie", "not going to lie", "not to lie", "not gunna lie", "not being funny",
        "not to be dramatic", "not to moan", "not to complain", "no offence", "no joke",
        "no lie", "not kidding", "no kidding", "not even joking", "no word of a lie",
    ),
    # "no my knee hurts", "no I..." : "no" answering a question, not negating what follows.
    [{"ORTH": "no"}, _any("my", "its", "it", "i", "im", "ive", "the", "thats")],
    # A professional's or a scan's all-clear is no denial of the place that hurts: "the
    # physio says nothing is wrong with the knee itself", "the scan showed no damage to".
    [_lemma("say", "tell", "reckon", "think", "find", "confirm", "show", "check", "insist"),
     {**_any("me", "us", "that", "there", "theres", "its", "it", "is", "s", "was", "has",
             "found", "shown", "showed"), "OP": "*"},
     _any("nothing", "no"), {**_any("wrong", "damage", "problem", "issue", "injury"), "OP": "?"},
     {**_any("with", "to", "in"), "OP": "?"}],
]  # fmt: skip
_FINE = ("fine", "ok", "okay", "alright", "good", "normal", "great")
_COPULA = ("is", "are", "was", "were", "feels", "feel", "seems", "seem", "s", "now")
_NOT_COPULA = ("isnt", "arent", "wasnt", "werent", "doesnt", "dont", "didnt")
_HURTING = (
    "hurt", "hurting", "hurts", "ache", "aching", "sore", "painful", "bad", "affected",
    "bother", "bothering", "bothers", "troubling",
)  # fmt: skip
_DEGREE = ("too", "that", "so", "very", "really", "as")
_ADVERBS = ("totally", "completely", "perfectly", "absolutely", "actually", "really", "all")
POST_NEGATION_PATTERNS: list[Pattern] = [
    [{**_any(*_COPULA), "OP": "?"}, {**_any(*_ADVERBS), "OP": "*"}, _any(*_FINE)],
    [{**_any(*_COPULA), "OP": "?"}, {"ORTH": "all"}, {"ORTH": "right"}],
    [_any(*_NOT_COPULA), {**_any(*_DEGREE), "OP": "?"}, _any(*_HURTING)],
    [_any("is", "are", "does", "do", "s"), {"ORTH": "not"}, {**_any(*_DEGREE), "OP": "?"},
     _any(*_HURTING)],
    [{"ORTH": "not"}, _any("too", "that", "so"), {"ORTH": "bad"}],
    [_any("isnt", "arent", "wasnt", "was", "were"), {"ORTH": "the"}, _any("problem", "issue")],
    [_any("is", "are"), {"ORTH": "not"}, {"ORTH": "the"}, _any("problem", "issue")],
    *_words("used to be the problem", "isnt involved", "isnt a problem", "is not a problem"),
]  # fmt: skip
CLAUSE_END_PATTERNS: list[Pattern] = [
    *_words(
        "but", "its", "though", "although", "however", "whereas", "instead", "rather", "more",
        "actually", "because", "cause", "cos", "so", "yet", "plus", "also", "thats", "theres",
        "which", "where", "when", "while", "if", "always",
    ),
    [{"ORTH": "it"}, _any("is", "was", "feels", "seems", "s")],
]  # fmt: skip
# Side words typed fast ("rite sholder", "lft knee"): read as the bare word they stand for.
SIDE_TYPOS = {
    "rite": "right", "rigth": "right", "rihgt": "right", "rght": "right", "riht": "right",
    "rigt": "right", "righ": "right", "lft": "left", "lef": "left", "letf": "left",
    "lfet": "left", "leftt": "left", "bith": "both", "boht": "both",
}  # fmt: skip
BARE_SIDE_WORDS = frozenset({"left", "right", "both", *SIDE_TYPOS})
SIDE_PATTERNS = {
    LEFT: _words("left", "left side", "left hand side", "left sided", "lhs",
                 *(typo for typo, side in SIDE_TYPOS.items() if side == "left")),
    RIGHT: _words("right", "right side", "right hand side", "right sided", "rhs",
                  *(typo for typo, side in SIDE_TYPOS.items() if side == "right")),
    BOTH: _words("both", "both sides", "either side", "each side", "both sided", "bilateral",
                 *(typo for typo, side in SIDE_TYPOS.items() if side == "both")),
}  # fmt: skip
NOT_A_PLACE_PATTERNS: list[Pattern] = [
    [
        _lemma("come", "go", "get", "call", "ring", "be", "bring", "give", "pay", "put", "text",
               "write", "reply", "head", "hold", "look", "think", "keep", "fight", "step", "send",
               "take", "want", "hear", "set", "move", "fall", "sit", "lie", "lay"),
        {"ORTH": "back"},
    ],
    [_any("while", "years", "weeks", "months", "days", "ages", "way", "time"), {"ORTH": "back"}],
    # "can you phone me back", "get you back", "ring them back".
    [_lemma("call", "ring", "phone", "text", "get", "message", "email", "pay", "bring", "give",
            "send", "take", "want", "push", "claim", "move", "put", "set", "knock", "pull",
            "win", "hold", "change", "switch"),
     _any("me", "you", "us", "them", "him", "her", "it", "this", "that", "things"),
     {"ORTH": "back"}],
    # Returned: "the knots are all back", "it's back again", "right back where they were"
    # (not "my back again": the possessive makes it the place).
    [{"ORTH": {"NOT_IN": ["my", "the", "me", "your", "his", "her", "their", "our", "lower",
                          "upper", "mid", "middle", "bad", "sore", "and", "or", "n", "&",
                          "whole", "stiff", "achy", "aching", "painful", "entire"]}},
     {"ORTH": "back"}, _any("again", "already", "where", "within")],
    [_any("right", "straight"), {"ORTH": "back"}, _any("again", "already", "where", "within")],
    [_any("all", "are", "were", "theyre", "its", "thats"),
     {"ORTH": "back"},
     {**_any("again", "already", "where", "within", "after", "by", "in", "now", "worse", "with",
             "the", "a", "and", ",", ".", "!", "?"), "OP": "?"}],
    [_any("round", "around", "out"), {"ORTH": "the", "OP": "?"}, {"ORTH": "back"}],
    *_words(
        "back to", "back then", "back home", "back and forth", "back in the day",
        "back of my mind", "back of the queue", "on the other hand", "on one hand",
        "on the one hand", "second hand", "first hand", "by hand", "at hand", "hands down",
        "hand in", "hand over", "head office", "heads up", "head of", "head to", "head out",
        "head home", "face to face", "in the face of", "lets face it", "foot the bill",
        "on foot", "off my chest", "arm and a leg", "pulling my leg", "pull my leg",
        "neck and neck", "head over heels", "right handed", "left handed", "on my back about",
        "on my back over", "the back of me", "back of the car", "back of the bus",
        # All over, not a place: "aching from head to toe".
        "head to toe", "head to foot", "head to feet", "top to toe", "head to heel",
    ),
    # "it's doing my head in": it annoys me.
    [_lemma("do"), _any("my", "me", "your", "his", "her", "their", "our"), {"ORTH": "head"},
     {"ORTH": "in"}],
    [_lemma("give", "lend"), {**_any("me", "us", "you", "them"), "OP": "?"}, {"ORTH": "a"},
     {"ORTH": "hand"}],
    # "on my feet all day": standing, a trigger; not the feet as the place that hurts.
    [_any("hours", "hour", "days", "day", "shift", "shifts", "time", "long"), {"ORTH": "on"},
     _any("my", "your", "our", "their"), {"ORTH": "feet"}],
    [{"ORTH": "on"}, _any("my", "your", "our", "their"), {"ORTH": "feet"},
     _any("all", "for", "most", "every", "constantly", "non", "till", "until", "from")],
    *_words("back on my feet", "off my feet", "on my feet a lot"),
    [{"ORTH": "off"}, {"ORTH": "the"}, {"ORTH": "top"}, {"ORTH": "of"},
     {**_any("my", "your", "the"), "OP": "?"}, {"ORTH": "head"}],
    # Returning to the chat: "sorry, I'm back", "ok back now, where were we?".
    [{"LOWER": {"IN": ["i", "we", "im", "i'm"]}},
     {"LOWER": {"IN": ["'m", "am", "'re", "are", "m"]}, "OP": "?"}, {"ORTH": "back"}],
    [_any("ok", "okay", "right", "sorry", "so"), {"ORTH": ",", "OP": "?"},
     {"ORTH": "back"}, _any("now", "again")],
    # A round trip: "drove to leeds and back", "there and back".
    [_any("to", "from"), {"IS_ALPHA": True}, {"ORTH": "and"}, {"ORTH": "back"}],
    [_any("there", "home", "work"), {"ORTH": "and"}, {"ORTH": "back"}],
    # Shoes: "dancing in heels all night".
    [_any("wearing", "high", "new", "wore", "platform", "kitten", "block"), _lemma("heel")],
    [{"ORTH": "in"}, {"ORTH": "heels"}],
    # Gym slang for a workout: "shoulder day", "after leg day".
    [_any("shoulder", "leg", "legs", "back", "chest", "arm", "arms", "glute", "glutes"),
     _any("day", "days", "workout", "workouts", "session", "sessions")],
]  # fmt: skip
# A body part moved or rested on, said to place the pain elsewhere: "my shoulder hurts when
# I lift my arm", "groin twinges when I lift my leg", "I carry her on my hip". The cue ends
# right before the part (`bot.nlu.reader` drops such a part when another is named). Not the
# verbs of an injury ("pulled my hamstring", "rolled my ankle": that part is hurt) nor a
# strain of the part itself ("lean on my elbow", "kneel on my knees", "clench my jaw").
_MOVING = (
    "lift", "raise", "turn", "bend", "straighten", "move", "bring", "cross", "put", "stretch",
    "reach", "swing", "rotate", "hold", "wiggle", "point", "flex", "extend", "tilt", "nod",
    "shake", "tuck", "lower", "kick", "use", "pick",
)  # fmt: skip
_RESTING = ("carry", "sleep", "slept", "lie", "lay", "balance", "stand", "hop", "perch")
_PART_DETERMINERS = ("my", "the", "your", "his", "her", "their", "our", "one", "both", "each")
MOVED_PART_PATTERNS: list[Pattern] = [
    [_lemma(*_MOVING), {**_any(*_PART_DETERMINERS), "OP": "?"},
     {**_any("left", "right", "other", "good", "bad"), "OP": "?"}],
    [_lemma(*_RESTING), {"IS_ALPHA": True, "OP": "?"}, {"ORTH": "on"},
     {**_any(*_PART_DETERMINERS), "OP": "?"}, {**_any("left", "right", "other"), "OP": "?"}],
]  # fmt: skip
NOT_A_TRIGGER_PATTERNS: list[Pattern] = [
    [_lemma("run"),
     _any("down", "up", "along", "through", "into", "across", "round", "around", "from", "out",
          "late", "away", "errands", "by", "past", "the")],
    [_any("gotta", "got", "have", "must", "need", "better", "should"), {"ORTH": "to", "OP": "?"},
     {"ORTH": "run"}],
    *_words(
        "in the long run", "phone number", "by phone", "over the phone", "phone call",
        "phone calls", "on the phone to", "stress fracture", "stress fractures",
    ),
    [_lemma("phone"), _any("me", "you", "us", "them", "up", "back", "ahead")],
    # Twisting or pulling as a movement, not an injury: "catches when I twist", "twisting
    # all day on the tills", "a pulling feeling" (the injury is "twisted my ankle").
    [_lemma("twist", "pull"),
     {"ORTH": {"NOT_IN": ["my", "his", "her", "their", "your", "it", "something", "a", "me",
                          "muscle", "muscles", "ups", "up"]}}],
    [_any("to", "when", "im", "while", "if", "can", "cant", "or"),
     {**_any("i", "you"), "OP": "?"}, _lemma("twist", "pull")],
    # The service, not a cause: "do you do sports massage?", "a qualified sports therapist".
    [_any("sport", "sports"),
     _any("massage", "massages", "therapist", "therapists", "therapy", "masseur", "masseuse")],
    # A lift to ride, not a load: "the lift is broken", "no lift in my block", "give me a lift".
    [_any("the", "a", "no", "our", "lifts"), {"ORTH": {"IN": ["lift", "lifts"]}},
     {"ORTH": {"NOT_IN": ["weights", "heavy", "boxes", "things", "it", "them"]}, "OP": "?"}],
    # Rolling a ball or a foam roller on the sore spot, not a rolled ankle.
    [_any("roll", "rolls"),
     _any("it", "out", "up", "around", "round", "along", "the", "a", "with", "them", "this",
          "that", "against", "back", "forward", "slowly", "gently", "into")],
    [{"ORTH": "rolling"},
     _any("out", "up", "around", "round", "along", "with", "against", "back", "forward",
          "slowly", "gently")],
    [_any("foam", "massage", "tennis", "lacrosse", "spiky"),
     {"LEMMA": {"IN": ["roll", "roller", "rolling", "ball"]}}],
    # Things that run: "are the trains running?", "running a business", "running the kids".
    [_any("trains", "train", "buses", "bus", "trams", "tube", "nose", "tap", "clock", "engine",
          "car", "heating", "program", "app"),
     {**_any("are", "is", "arent", "isnt", "still", "not", "be", "been"), "OP": "?"},
     _lemma("run")],
    [{**_any("i", "we", "you", "he", "she", "they", "to"), "OP": "?"},
     _lemma("run"), _any("low", "short", "over", "behind", "late", "early", "smoothly", "this")],
    [{**_any("i", "we", "you", "he", "she", "they", "to"), "OP": "?"},
     _lemma("run"), _any("a", "my", "our", "the", "his", "her", "their"),
     {**_any("own", "small", "little", "busy", "family"), "OP": "*"},
     _any("business", "shop", "cafe", "company", "pub", "restaurant", "nursery", "team",
          "salon", "bar", "household", "house", "kitchen", "farm", "office", "department",
          "school", "club", "charity", "store", "firm")],
    # Calling someone: "can I phone the office?", "phone your team".
    [_lemma("phone"), _any("the", "your", "someone", "somebody", "anyone", "a", "him", "her")],
]  # fmt: skip


@dataclass(frozen=True)
class Cue:
    """A cue found in a message: its label and token positions (`last` inclusive)."""

    label: str
    first: int
    last: int


class CueMatcher:
    """Finds negation, clause-end, side and idiom cues among a message's tokens."""

    def __init__(self) -> None:
        from spacy.matcher import Matcher

        vocab = language.pipeline().vocab
        self._matcher: Matcher = Matcher(vocab)
        self._idioms: Matcher = Matcher(vocab)
        labelled: dict[str, list[Pattern]] = {
            NEGATION: NEGATION_PATTERNS,
            PSEUDO_NEGATION: PSEUDO_NEGATION_PATTERNS,
            POST_NEGATION: POST_NEGATION_PATTERNS,
            CLAUSE_END: CLAUSE_END_PATTERNS,
            **SIDE_PATTERNS,
        }
        for label, patterns in labelled.items():
            self._matcher.add(label, patterns)
        self._idioms.add(NOT_A_PLACE, NOT_A_PLACE_PATTERNS)
        self._idioms.add(NOT_A_TRIGGER, NOT_A_TRIGGER_PATTERNS)
        self._moved: Matcher = Matcher(vocab)
        self._moved.add(MOVED_PART, MOVED_PART_PATTERNS)

    def moved(self, tokens: Sequence[Token]) -> list[Cue]:
        """Words that move or rest on the body part right after them ("when I lift my")."""
        return [] if not tokens else self._run(self._moved, tokens)

    def idioms(self, tokens: Sequence[Token]) -> list[Cue]:
        """The idioms in `tokens` that use a place or trigger word for something else."""
        return [] if not tokens else self._run(self._idioms, tokens)

    def find(
        self, tokens: Sequence[Token], blocked: Collection[int] = (), shared: Collection[int] = ()
    ) -> list[Cue]:
        """The other cues in `tokens` in text order; of two overlapping in one family, the longer.

        Cues that touch a `blocked` position (a word of a matched phrasing) are left out
        first; side cues may also use the `shared` ones ("left side" of "side of my head").
        A pseudo-negation beats a negation cue as long ("not sure" is no "not").
        """
        if not tokens:
            return []
        found = [
            cue
            for cue in self._run(self._matcher, tokens)
            if not any(
                position in blocked and (cue.label not in SIDE_LABELS or position not in shared)
                for position in range(cue.first, cue.last + 1)
            )
        ]
        kept: list[Cue] = []
        for cue in sorted(found, key=lambda c: (c.first - c.last, c.label != PSEUDO_NEGATION)):
            if not any(
                _family(other.label) == _family(cue.label)
                and other.first <= cue.last
                and cue.first <= other.last
                for other in kept
            ):
                kept.append(cue)
        return sorted(kept, key=lambda cue: (cue.first, cue.label))

    def _run(self, matcher: Matcher, tokens: Sequence[Token]) -> list[Cue]:
        from spacy.tokens import Doc

        vocab = language.pipeline().vocab
        doc = Doc(
            vocab, words=[token.text for token in tokens], lemmas=[token.lemma for token in tokens]
        )
        return [
            Cue(vocab.strings[match_id], begin, end - 1) for match_id, begin, end in matcher(doc)
        ]


def _family(label: str) -> str:
    """Cues of one family compete for tokens; cues of different families may overlap."""
    if label in SIDE_LABELS:
        return "side"
    if label == PSEUDO_NEGATION:
        return NEGATION
    return label
