"""What one message says for the booking, whichever question it answers.

`read_signals(text)` finds the parts of a message that belong to a booking field without
being asked for it: a postcode, a UK mobile or an e-mail address, a session length
("90 mins", "an hour and a half"), words about a day or a time, a name given with its cue
("my name's Jo"), a change of mind ("let me think about it", "forget it"), a yes or a no,
and which field a change names ("wrong postcode", "change the time"). The dialogue
(`bot.booking.dialogue`) decides what to do with them; nothing here knows the form's state.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, replace

import phonenumbers

from bot import business_faq
from bot.booking import fields
from bot.booking.when import spelled_days

_POSTCODE = re.compile(
    r"\b((?:[A-PR-UWYZ][0-9][0-9]?|[A-PR-UWYZ][A-HK-Y][0-9][0-9]?|[A-PR-UWYZ][0-9][A-HJKPSTUW]"
    r"|[A-PR-UWYZ][A-HK-Y][0-9][ABEHMNPRVWXY])\s?[0-9][ABD-HJLNP-UW-Z]{2})\b",
    re.IGNORECASE,
)
_EMAIL = re.compile(r"[^\s<>(),;:\"']+@[^\s<>(),;:\"']+\.[a-z]{2,}", re.IGNORECASE)
_LENGTH = re.compile(
    r"\b(?:an?\s+|one\s+|1\s*)(?:hour|hr|h)s?\s*(?:and\s+|&\s*)?(?:30|thirty)\s*"
    r"(?:minutes?|mins?|m)?\b"
    r"|\b(?:an?\s+|the\s+)?hour(?:'s| is)\s+(?:fine|good|great|ok|okay|enough|perfect|plenty)\b"
    r"|\b(?:(?:an?|one|1|two|2)\s+)?hours?\s+and\s+(?:a\s+)?half\b"
    r"|\b(?:1|one)\s+(?:and|&|n)\s+(?:a\s+)?half\s+(?:an?\s+)?(?:hours?|hrs?)\b"
    r"|\b(?:ninety|sixty|(?:one |a )?hundred and twenty)(?:\s*(?:minutes?|mins?))?\b"
    r"|\b(?:two|2)[\s-]hours?\b|\bjust the hour\b|\bthe full hour\b"
    r"|\b(?:an?\s+)?(?:hr|hour)\s+(?:n|and|&)\s+(?:a\s+)?half\b|\b1\.5\s*(?:hrs?|h)\b"
    r"|\b(?:60|90|120)m\b"
    r"|\b(?:1\.5|2|1|one|two|an?)\s*(?:hours?|hrs?|hr)\b(?:[\s-]*(?:long|session|massage))?"
    r"|\b(?:60|90|120|30|45|75|150|180)\s*(?:minutes?|mins?|min|m)\b"
    r"|\b(?:hour|60|90|120)[- ](?:long|minute|min)\b"
    r"|\bthe (?:60|90|120)\b",
    re.IGNORECASE,
)
# "in 2 hours" and "for 2 hours from now" say when, not how long.
_NOT_A_LENGTH = re.compile(r"\b(?:in|within|after)\s+(?:an?|one|two|1|2|1\.5)?\s*$")
_BARE_LENGTH = re.compile(
    r"^\W*(?:just\s+)?(?:the\s+)?(60|90|120|hour|one hour|an hour|1 hour)"
    r"(?:\W+(?:please|pls|plz|thanks|thank you|ta|is fine|cheers|then))*\W*$",
    re.IGNORECASE,
)
_WHEN_WORDS = re.compile(
    r"\b(?:today|tonight|tomorrow|tmrw|tmr|tomoz|2moro|yesterday|weekend|morning|afternoon|"
    r"evening|night|noon|midday|midnight|lunchtime|lunch|teatime|tea time|after work|"
    r"first thing|mon|monday|tue|tues|tuesday|wed|weds|wednesday|thu|thur|thurs|thursday|"
    r"fri|friday|sat|saturday|sun|sunday|week|fortnight|christmas|xmas|boxing day|"
    r"new year'?s|bank holiday|easter|jan|january|feb|february|mar|march|apr|april|"
    r"may(?!\s+(?:as|i|we|you|be|not|have|need|want|just|also|well|prefer|take|get)\b)|"
    r"jun|june|jul|july|aug|august|sep|sept|september|oct|october|nov|november|dec|december|"
    r"\d{1,2}(?:[:.]\d{2})?\s*(?:am|pm)|\d{1,2}[:.]\d{2}|half (?:past )?\d{1,2}|"
    r"quarter (?:past|to) \d{1,2}|\d{1,2}\s*ish|\d{1,2} o'?clock|"
    r"\d{1,2}(?:st|nd|rd|th)|\d{1,2}/\d{1,2}|earlier|later|asap|"
    r"(?:at|around|about|from|after|by) \d{1,2})\b",
    re.IGNORECASE,
)
# Whole words only: "it's SW1V 2SA" holds no name "SW".
_CAPITALISED_NAME = (
    r"([A-Z][^\W\d_]*(?:['\-][^\W\d_]+)*(?:\s+[A-Z][^\W\d_]*(?:['\-][^\W\d_]+)*){0,3})\b"
)
# Names given with a cue that only works before a capital letter ("I'm Pablo Ortega",
# "Bethany Jones here", "a massage for Elif Yilmaz"), so "I'm free" is no name.
_NAME_BEFORE_CAPITAL = (
    re.compile(rf"(?i:\b(?:i'?m|i am|this is|it'?s))\s+{_CAPITALISED_NAME}"),
    re.compile(
        rf"(?:^|[,.!]\s*|(?i:\b(?:hi|hello|hey|hiya)),?\s+){_CAPITALISED_NAME}\s+(?i:here)\b"
    ),
    re.compile(
        rf"(?i:\b(?:massage|session|booking|appointment|visit|book|it|it'?s|one|in|minutes?|mins?|"
        rf"hours?|hrs?|min)\s+|[,;]\s*)(?i:for)\s+"
        rf"{_CAPITALISED_NAME}"
    ),
    # "Abebe Bekele, SW19 5AE, ...": a name leading a list of details
    re.compile(rf"^{_CAPITALISED_NAME}\s*,"),
)
# "sorry, typo, it's Katherine with a K": a name put right without the word "name"
_SPELLING_FIX = re.compile(
    r"\b(?:typo|spelt|spelled|misspelt|misspelled|spelling|with an? [A-Za-z]{1,2}\b(?!\s+\w))",
    re.IGNORECASE,
)
# "KT2 6QW, Ayumi Sato, ayumi@example.com": a name among the items of a list of details
_LISTED_NAME = re.compile(
    rf"(?:^|[,;]\s*|\s[-–—]\s*|(?i:\band)\s+){_CAPITALISED_NAME}\s*(?=[,;]|\s[-–—]\s|"
    r"(?i:\s+and\b)|$)"
)
# The last word of a street or a place, not of a name ("Baker Street", "London").
_PLACE_WORD = re.compile(
    r"\b(?:street|st|road|rd|avenue|ave|lane|close|way|gardens|square|court|crescent|drive|"
    r"terrace|place|grove|hill|park|mews|row|walk|flat|house|london|uk|england)\W*$",
    re.IGNORECASE,
)
_RELATIONS = (
    r"mum|mother|mom|dad|father|wife|husband|partner|son|daughter|sister|brother|friend|gran|"
    r"granny|grandma|grandmother|grandad|grandfather|nan|nana|aunt|auntie|uncle|boyfriend|"
    r"girlfriend|fiance|fiancee|colleague|boss|neighbour|flatmate"
)
# "name Shreya", "full name - Bukola Brennan-Hale", "name should be Jo": a name by its label.
_NAME_LABEL = re.compile(
    rf"(?i:\b(?:full |correct |right |real )?name(?: should be| is actually| is| please| to|"
    rf" instead)?)\s*[:,\-]?\s+{_CAPITALISED_NAME}"
    rf"|(?i:\bfor (?:my|our) (?:{_RELATIONS}))\s*,?\s+{_CAPITALISED_NAME}"
    # "... 90 mins w10 5ub name kasia": a lower-case name right after the label, ending the
    # message or an item of it (never "my name" or "the name": those are about the name)
    r"|(?i:(?<!\bmy )(?<!\bthe )(?<!\byour )(?<!\bher )(?<!\bhis )(?<!\bfull )\bname\s*[:\-]?\s+)"
    r"([a-z][a-z'\-]+(?:\s+[a-z][a-z'\-]+)?)\s*(?=[,;.!]|$)"
)
_NOT_A_NAME_WORD = frozenset(
    {
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
        "today",
        "tomorrow",
        "tonight",
        # a day said short: "could I book for Sat?" holds no name
        "mon",
        "tue",
        "tues",
        "wed",
        "weds",
        "thu",
        "thur",
        "thurs",
        "fri",
        "sat",
        "sun",
        "tmrw",
        "tomoz",
        "weekend",
        "noon",
        "midday",
        "christmas",
        "easter",
        "the",
        "a",
        "an",
        "my",
        "me",
        "it",
        "i",
        "please",
        "thanks",
        "hi",
        "hello",
        "hey",
        "sorry",
        "yes",
        "no",
        "ok",
        "okay",
        "sure",
        "morning",
        "afternoon",
        "evening",
        "night",
        "next",
        "this",
        "right",
        "alright",
        "well",
        "so",
        "now",
        "listen",
        "look",
        "hiya",
        "howya",
        "heya",
        "hallo",
        "hola",
        "ciao",
        "salaam",
        "salam",
        "namaste",
        "greetings",
        "wotcha",
        "bonjour",
        "bonsoir",
        "salut",
        "buongiorno",
        "buonasera",
        "buenas",
        "buenos",
        "guten",
        "moin",
        "hej",
        "hei",
        "hoi",
        "ola",
        "olá",
        "shalom",
        "assalamualaikum",
        "konnichiwa",
        "g'day",
        "gday",
        "howdy",
        "aloha",
        "sup",
        "wassup",
        "hiii",
        "hii",
        "heyy",
        "heyyy",
        "dear",
        "good",
        "yo",
        "oi",
        "cheers",
        "mate",
        "just",
        "basically",
        "honestly",
        "also",
        "anyway",
        "um",
        "erm",
        "hmm",
        "oh",
        "ah",
        "thank",
        "yeah",
        "yep",
        "can",
        "could",
        "would",
        "we",
        "you",
        "he",
        "she",
        "they",
        "what",
        "how",
        "why",
        "when",
        "where",
        "any",
        "hope",
        "happy",
        "great",
        "lovely",
        "fine",
    }
)
_NAME_CUE = re.compile(
    r"\b(?:my name is|my name's|name's|name is|names|the name is|call me|it's under|"
    r"under the name(?: of)?|booking for|book it for|book it under|put it under)\s+"
    r"([A-Za-z][A-Za-z'\-]*(?:\s+[A-Z][A-Za-z'\-]*){0,3})",
    re.IGNORECASE,
)
# Words that end a name given with its cue ("my name's Jo and my number is ...").
_NAME_STOP = frozenset(
    [
        "massage",
        "session",
        "booking",
        "appointment",
        "treatment",
        "therapist",
        "visit",
        "and",
        "but",
        "my",
        "number",
        "mobile",
        "phone",
        "email",
        "e-mail",
        "at",
        "on",
        "in",
        "for",
        "please",
        "thanks",
        "thank",
        "cheers",
        "tomorrow",
        "instead",
        "rather",
        "then",
        "now",
        "today",
        "tonight",
        "the",
        "postcode",
    ]
)

_PAUSE = re.compile(
    r"\b(?:let me (?:think|check|have a think|get back|ask|see|talk)|i'?ll (?:think|have a think|"
    r"get back|come back|check|let you know|ask|see)|think about it|have a think|need to check|"
    r"got to check|gotta check|check with (?:my|the)|hold (?:on|off|fire)|hang on|"
    r"not (?:right )?now|maybe later|later on|another time|some other time|for now|"
    r"not ready|not sure yet|come back (?:to (?:it|this)|later)|brb|be right back|"
    r"back in a (?:bit|sec|min|minute|moment)|one sec|give me (?:a|one|two|five|a few|\d+) ?"
    r"(?:sec|secs|second|seconds|min|mins|minute|minutes|moment))\b",
    re.IGNORECASE,
)
_STOP = re.compile(
    r"\b(?:never ?mind|nevermind|forget (?:it|that|about it)|don'?t (?:bother|book|want)|"
    r"do not (?:book|want)|no longer|not interested|changed my mind|leave it|stop|"
    r"cancel(?: it| that| this| the booking| the whole thing)?|scrap (?:it|that)|"
    r"don'?t worry about it|no thanks,? (?:i'?m|that'?s)|not bother(?:ing)?)\b",
    re.IGNORECASE,
)
_YES = re.compile(
    r"^\W*(?:yes|yeah|yea|yep|yup|ya|yh|y|yy|ye|yee|aye|ok|okay|okey|k|sure|correct|right|"
    r"that'?s right|"
    r"that'?s (?:fine|great|perfect|correct|it|all good|lovely|good)|all (?:good|correct|fine)|"
    r"looks? (?:good|great|fine|right|perfect|correct)|perfect|great|lovely|fab|brilliant|"
    r"spot on|sounds good|go ahead|go for it|do it|book it|send it|confirm(?:ed)?|please do|"
    r"please|yes please|absolutely|definitely|of course|cool|sweet|nice|bang on|all right|"
    r"alright|sound|cheers|ta|nice one|top|grand|champion|wicked|mint|safe|bang on|"
    r"amazing|fantastic|excellent|superb|awesome|sorted|too easy|👍|✅)\b",
    re.IGNORECASE,
)
_YES_ANYWHERE = re.compile(
    r"\b(?:yes|yeah|yep|yup|book it|send it|go ahead|confirm it|please confirm|all correct|"
    r"looks good|"
    r"(?:that|it|this|everything|all)(?: i|')?s (?:all )?(?:right|correct|fine|good|perfect)|"
    r"is it booked|am i booked|has it been booked|"
    r"did it go through|so (?:is it|are we) (?:booked|done|confirmed|sorted)|we good|"
    r"all sorted|lock it in|pop it in|put me down|"
    r"(?:that'?s|that is|it'?s|is it|is that|am i|are we|we'?re)\s+(?:all\s+)?(?:booked|sorted|"
    r"confirmed|done)(?:\s+in)?)\b",
    re.IGNORECASE,
)
# "don't send it", "please do not book it", "no need to confirm it", "never go ahead"
_NEGATION_BEFORE = re.compile(
    r"(?:\b(?:don'?t|do not|not|never|no need to|won'?t|wouldn'?t|shouldn'?t|can'?t|cannot)"
    r"|n't) +(?:\w+ +){0,3}$",
    re.IGNORECASE,
)
# "ok no, stop", "sure, but not yet": a start that reads as yes and then turns
_NEGATED_YES = re.compile(r"^\W*\w+\W+(?:no\b|not\b|don'?t\b|but\b)", re.IGNORECASE)
_NO = re.compile(
    r"^\W*(?:no|nope|nah|na|not quite|not really|wrong|that'?s (?:wrong|not right)|"
    r"incorrect|not right|hmm,? no)\b",
    re.IGNORECASE,
)
_CORRECTION = re.compile(
    r"\b(?:actually|sorry|oops|wait|no,|scratch that|i meant|i mean|meant to say|"
    r"make it|change (?:it|that|the|my)|instead|rather|better|wrong|correction|"
    r"on second thoughts?|second thoughts|(?:can|could) we (?:do|make it|go for|have)|"
    r"typo|not\s+\w+,)\b",
    re.IGNORECASE,
)
_FIELD_WORDS = (
    (fields.CONTACT, r"contact|number|phone|mobile|e-?mail|email|digits"),
    (fields.PLACE, r"postcode|post code|address|location|where"),
    (fields.MINUTES, r"length|duration|minutes|mins|how long|longer|shorter"),
    (fields.NOTES, r"notes?"),
    (fields.NAME, r"name|surname|spelling|spelt|spelled"),
    (fields.WHEN, r"time|day|date|when|earlier|later"),
)


# "can you add that I have 2 cats?", "also tell the therapist there's a dog": a note added.
ADD_NOTE = re.compile(
    r"\b(?:(?:can|could) you (?:also )?(?:add|put|note|mention)(?: down| in)?(?: that| to the notes"
    r"| in the notes)?|please (?:add|note)(?: that)?|(?:also )?(?:add|note) (?:that|to the notes)|"
    r"(?:also )?tell the therapist(?: that)?|put in the notes(?: that)?|one more thing[,:]?|"
    r"(?:and )?(?:a |one )?notes?\s*[:\-]|(?:the |my |your )?therapists? (?:should|needs? to|"
    r"ought to|might want to|will want to|must) know(?: that)?|(?:i )?(?:forgot|should have|"
    r"should've) to (?:mention|say|tell you|add)(?: that)?|i should (?:mention|say|add)"
    r"(?: that)?|let (?:the therapist|them|her|him) know(?: that)?|worth (?:mentioning|noting)"
    r"(?: that)?)[\s,:;-]*",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Signals:
    """The booking parts one message holds (None or False where it holds none)."""

    text: str
    postcode: str | None = None
    contact: str | None = None  # the raw contact as written (a phone or an e-mail)
    minutes_text: str | None = None  # the words that give a length ("90 mins")
    when_text: str | None = None  # the message without its length words, if it says when
    name: str | None = None  # a name given with its cue
    pause: bool = False  # a pause ("let me think about it"): keep the draft
    stop: bool = False  # no booking now ("never mind", "forget it")
    yes: bool = False
    no: bool = False
    correction: bool = False  # "actually", "sorry", "make it", "instead"
    question: bool = False
    field_named: str | None = None  # the field a change names ("wrong postcode")
    note: str | None = None  # something to add to the notes ("can you add that I have 2 cats")
    no_notes: bool = False  # "..., phone 07400 123456, no notes."

    @property
    def stops(self) -> bool:
        return self.pause or self.stop

    @property
    def gives_a_value(self) -> bool:
        return any((self.postcode, self.contact, self.minutes_text, self.when_text, self.name))


# A correction inside one answer: what follows it wins ("an hour, no wait, 90 minutes").
_SELF_CORRECTION = re.compile(
    r"(?:\.\.\.|,|-|–|\s)\s*(?:no,?\s+(?:wait|sorry|actually|hang on|hold on)|wait,?\s+no|"
    r"sorry,?\s+(?:i mean|no|make that)|i mean|i meant|or rather|make that|scratch that|"
    r"oh no,?\s+(?:hang on|wait|sorry)|no no|actually,?\s+(?:no|make it)|no sorry|not that|"
    r"(?:no,?\s+)?i tell a lie|my mistake|my bad|make it|"
    r"not (?:mon|tues|wednes|thurs|fri|satur|sun)day,|"
    r"but,?\s+(?:let'?s say|say|ideally|preferably|make it)|sorry,?(?=\s+\w)|"
    r"(?:can|could) we (?:do|make it|go for|have)|how about)\b"
    r"[\s,]*",
    re.IGNORECASE,
)
# A pause said first ("wait, I'll ask my wife..."), whatever follows.
PAUSE_FIRST = re.compile(
    r"^\W*(?:wait|hang on|hold on|one sec|one moment|just a (?:sec|moment|minute)|brb|"
    r"(?:i )?(?:need|have|got) to (?:check with|ask)|let me (?:check|ask|see)|"
    r"i'?ll (?:check|ask) (?:with|my)|"
    r"give me (?:a|one|two|five|a few|\d+) ?(?:sec|secs|second|seconds|min|mins|minute|minutes|"
    r"moment))\b",
    re.IGNORECASE,
)


def read_signals(text: str, *, opening: bool = False) -> Signals:
    """Every booking part `text` holds, found by its form, whatever was asked. A correction
    inside the message ("2pm... no sorry, 3pm") keeps what follows it. `opening`: the
    request that starts a booking, where a name may come without a cue ("Jo Bloggs, ...")."""
    said = " ".join(text.replace("\u2019", "'").split())
    parts = _SELF_CORRECTION.split(said)
    if len(parts) > 1 and parts[-1].strip():
        before = read_signals(" ".join(parts[:-1]), opening=opening)
        after = read_signals(parts[-1], opening=opening)
        return _corrected(said, before, after)
    return _read_one(said, opening=opening)


_LEADING_LENGTH = re.compile(r"^\W*(60|90|120)\b(?!\s*(?:am|pm|[:.]\d|o'?clock))")


def _corrected(said: str, before: Signals, after: Signals) -> Signals:
    """The signals of "<before> no sorry, <after>": each field from after if it is there."""
    merged = {
        name: getattr(after, name) or getattr(before, name)
        for name in ("postcode", "contact", "minutes_text", "name")
    }
    leading = _LEADING_LENGTH.match(after.text)
    if leading and not after.minutes_text:  # "90... no sorry, 60, I've got plans after"
        merged["minutes_text"] = f"{leading.group(1)} minutes"
    when = after.when_text
    if when and before.when_text:
        when = f"{before.when_text} | {when}"  # the dialogue reads the day before, the time after
    return replace(
        after,
        text=said,
        when_text=when or before.when_text,
        pause=after.pause,
        stop=after.stop,
        correction=True,
        **merged,
    )


def _read_one(said: str, *, opening: bool) -> Signals:
    lowered = said.lower()
    minutes_text = _length_in(said) or bare_length(said)
    rest = said if minutes_text is None else said.replace(minutes_text, " ")
    postcode = _postcode_in(rest)
    contact = _contact_in(rest)
    when_source = rest
    for part in (postcode, contact):
        if part:
            when_source = when_source.replace(part, " ")
    when_text = (
        when_source
        if _WHEN_WORDS.search(when_source) or _WHEN_WORDS.search(spelled_days(when_source))
        else None
    )  # "a masage for tusday" names a day
    yes = _is_yes(said)
    no = bool(_NO.match(said)) and not yes
    about_the_name = field_named(lowered) == fields.NAME
    name = (
        _name_in(said, weak=opening or about_the_name or bool(_SPELLING_FIX.search(said)))
        or (_listed_name(said) if (postcode or contact or about_the_name) else None)
        or (_named_for(said) if (postcode and contact) else None)
        or (_introduced_name(said) if (postcode or contact or minutes_text or when_text) else None)
    )
    note = _note_in(said) or (
        side_note(said, (postcode, contact, minutes_text)) if not opening else None
    )  # not when the message gives the name it is about ("my full name, Jo Bloggs")
    return Signals(
        text=said,
        postcode=postcode,
        contact=contact,
        minutes_text=minutes_text,
        when_text=when_text,
        # a name said without its cue counts at the start, or when the message is about the
        # name ("I've spelt his name wrong, it's Dennis Coombes"; "... my full name, Jo Bloggs")
        name=name,
        pause=bool(_PAUSE.search(lowered) or PAUSE_FIRST.search(said)),
        stop=bool(_STOP.search(lowered)),
        yes=yes,
        no=no,
        correction=bool(_CORRECTION.search(lowered)),
        question=said.rstrip().endswith("?"),
        field_named=field_named(lowered),
        note=None if name and about_the_name else note,
        no_notes=bool(_NO_NOTES.search(said)),
    )


# "no notes", "nothing to add", "no health issues": the notes answered with the rest
_NO_NOTES = re.compile(
    r"\bno (?:notes|special requests|health (?:issues|problems|conditions)|medical (?:issues|"
    r"conditions)|allergies)\b|\bnothing (?:to note|to add|else to add|for the therapist)\b",
    re.IGNORECASE,
)


def _is_yes(said: str) -> bool:
    """A yes that no nearby word takes back: "don't send it" and "not yet" are no yes."""
    if _YES.match(said) and not _NEGATED_YES.match(said):
        return True
    return any(
        not _NEGATION_BEFORE.search(said[max(0, match.start() - 24) : match.start()])
        for match in _YES_ANYWHERE.finditer(said)
    )


def _introduced_name(text: str) -> str | None:
    """ "an hour works. I'm Tyler Brooks": a name introduced alongside another detail."""
    match = _NAME_BEFORE_CAPITAL[0].search(text)
    name = _name_words(match.group(1)) if match else None
    return name if name and not _PLACE_WORD.search(name) else None


# "... at E1 6QL for Zoe Clarke, mobile 07...": who the visit is for, in a request that
# lists the details; a first name and surname, each capitalised, never a day or a holiday.
_FOR_NAME = re.compile(r"\bfor\s+([A-Z][a-z'\-]+\s+(?:(?:O'|Mc|Mac)?[A-Z][a-z'\-]+))\b(?!\s+[A-Z])")
_NOT_FOR_A_NAME = re.compile(
    r"\b(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|january|february|march|"
    r"april|may|june|july|august|september|october|november|december|christmas|xmas|boxing|"
    r"easter|new|bank|good|mother'?s|father'?s|valentine'?s|next|this|the|my|our|two|one|"
    r"half|an|a|me|us|him|her|them|both)\b",
    re.IGNORECASE,
)


def _named_for(text: str) -> str | None:
    for match in _FOR_NAME.finditer(text):
        if _NOT_FOR_A_NAME.search(match.group(1)):
            continue
        name = _name_words(match.group(1))
        if name and not _PLACE_WORD.search(name) and business_faq.default().place_in(name) is None:
            return name
    return None


def _listed_name(text: str) -> str | None:
    for match in _LISTED_NAME.finditer(text):
        name = _name_words(match.group(1))
        if name and not _PLACE_WORD.search(name) and business_faq.default().place_in(name) is None:
            return name  # "..., W4 2DR - Ollie"; never "..., W4 2DR - Chiswick"
    return None


# What the therapist would want to know, said in passing with other details ("07400 123123,
# and I've got a bad knee x", "..., there are stairs up to the flat and no lift").
_SIDE_NOTE_CUE = re.compile(
    r"\b(?:pregnan\w*|stairs|steps|lift|elevator|parking|park|cats?|dogs?|pets?|puppy|kitten|"
    r"buzzer|door ?bell|bell|knock|intercom|floor|allerg\w*|surgery|operation|blood thinners?|"
    r"warfarin|diabet\w*|injur\w*|bad (?:back|knee|neck|hip|shoulder|leg|ankle|wrist)|"
    r"sore|pain\w*|hurts?|aches?|arthritis|osteopor\w*|i have|i've got|ive got|i'?m on|"
    r"note|fyi|bring|heads up|just so you know|asthma\w*|migraines?|eczema|sprain\w*|"
    r"tight|stiff|replace\w*|disc|arthritic|epilep\w*|heart|pacemaker|oils?|scents?)\b",
    re.IGNORECASE,
)
_NOTE_NUMBERS = re.compile(
    r"\b\d{1,2}(?:st|nd|rd|th)?\s+(?:floor|weeks?|wks?|flights?|steps|stairs)\b|\b\d{1,2}\s+"
    r"(?:cats?|dogs?)\b",
    re.IGNORECASE,
)
_PART_BREAK = re.compile(r"\s*(?:[,;()]|\.(?:\s|$)|!|\s[-–—]\s|[–—])\s*")
_PART_LEAD = re.compile(r"^(?:and|also|plus|oh and|btw|ps|p\.s\.?)\b[\s,:]*", re.IGNORECASE)


def side_note(said: str, consumed: Iterable[str | None]) -> str | None:
    """The parts of a message of several details that say something for the notes, when it
    also gives another detail; None when there are none."""
    taken = [part for part in consumed if part]
    if not taken:
        return None
    notes: list[str] = []
    for part in _PART_BREAK.split(said):
        part = _PART_LEAD.sub("", part.strip()).strip(" x")
        if not part or "?" in part or any(item in part for item in taken):
            continue
        if _SIDE_NOTE_CUE.search(part) and not _WHEN_WORDS.search(_NOTE_NUMBERS.sub(" ", part)):
            notes.append(re.sub(r"^(?:a )?notes?\s*[:\-]\s*", "", part, flags=re.IGNORECASE))
    return "; ".join(notes) or None


def _note_in(text: str) -> str | None:
    match = ADD_NOTE.search(text)
    if not match:
        return None
    added = text[match.end() :].strip(" ?.!,;:-")
    if _CLOCK_OR_POSTCODE.search(added):
        return None  # "I forgot to say, it's 7pm not 6": a correction, not a note
    return added or None


_CLOCK_OR_POSTCODE = re.compile(
    r"\b\d{1,2}(?:[:.]\d{2})?\s*(?:am|pm)\b|\b\d{1,2}[:.]\d{2}\b|"
    r"\b[A-Z]{1,2}\d[A-Z\d]?\s*\d[A-Z]{2}\b",
    re.IGNORECASE,
)


def field_named(text: str) -> str | None:
    """Which field a change names ("change the time", "wrong postcode"), if any."""
    for name, words in _FIELD_WORDS:
        if re.search(rf"\b(?:{words})\b", text, re.IGNORECASE):
            return name
    return None


def bare_length(text: str) -> str | None:
    """ "90" alone: a length, since no time or name is a bare 60, 90 or 120."""
    match = _BARE_LENGTH.match(text)
    if not match:
        return None
    amount = match.group(1)
    return f"{amount} minutes" if amount.isdigit() else "60 minutes"


def _length_in(text: str) -> str | None:
    for match in _LENGTH.finditer(text):
        if _TURNED_DOWN.match(text, match.end()):  # "2 hours is too long, let's do 60"
            continue
        # "in an hour" says when; "I'm after an hour-long massage" says how long
        said_as_length = re.search(r"(?:long|session|massage)$", match.group(0), re.IGNORECASE)
        if said_as_length or not _NOT_A_LENGTH.search(text[: match.start()]):
            return match.group(0)
    return None


# A length followed by this is the one the person does not want.
_TURNED_DOWN = re.compile(
    r"\s*(?:is|'s|are|would be|will be|feels|seems|sounds)?\s*(?:a bit |way |much |far )?"
    r"(?:too (?:long|short|much|little|pricey|expensive)|not (?:enough|long enough)|no good|"
    r"won'?t (?:work|do)|doesn'?t work|isn'?t (?:enough|going to work))\b",
    re.IGNORECASE,
)


def _postcode_in(text: str) -> str | None:
    found = [
        match.group(1)
        for match in _POSTCODE.finditer(text)
        if not re.search(r"\b(?:not|instead of|rather than)\s*$", text[: match.start()], re.I)
    ]
    return found[0] if len(found) == 1 else None


def _contact_in(text: str) -> str | None:
    email = _EMAIL.search(text)
    if email:
        return email.group(0).rstrip(".,;!")
    for match in phonenumbers.PhoneNumberMatcher(
        text, "GB", leniency=phonenumbers.Leniency.POSSIBLE
    ):
        digits = sum(character.isdigit() for character in match.raw_string)
        if digits >= 10:
            return match.raw_string
    return None


# "hi im ravi, could i get someone...": a name in lower case introduced at the start
_LOWER_CASE_INTRO = re.compile(
    r"^\W*(?:(?:hi|hello|hey|hiya|heya|morning|evening|afternoon)\W+)?(?:there\W+)?"
    r"(?:i'?m|im|i am|this is|it'?s)\s+([a-z][a-z'\-]{1,20})\s*(?:here\s*)?[,.!]",
    re.IGNORECASE,
)
# Words that say how someone is, not who ("hi im new, ...", "im stuck, ...")
_STATE_TEXT = """new back free sore pregnant looking trying wondering hoping after in from at so
really just not still also away off busy available interested ok okay fine good stuck here home
sorry desperate keen thinking local nearby based over under sure aware afraid alright
tired exhausted knackered shattered broken wrecked done struggling poorly unwell ill
sick well great cool late early up awake around outside inside there ready happy glad"""
_STATE_WORDS = frozenset(_STATE_TEXT.split())


def _lower_case_intro(text: str) -> str | None:
    match = _LOWER_CASE_INTRO.match(text)
    if not match:
        return None
    word = match.group(1)
    plain = word.lower() in _STATE_WORDS or word.lower() in _NOT_A_NAME_WORD
    if plain or word.lower() in _NAME_STOP or word.endswith(("ing", "ed", "ly")):
        return None
    return word


def _name_in(text: str, *, weak: bool = False) -> str | None:
    """A name given with its cue ("her name is Farah", "name's Jo"); with `weak`, also the
    cues that only hold before a capital letter ("I'm Pablo Ortega", "Jo Bloggs, SW4 ...")."""
    patterns: list[re.Pattern[str]] = [_NAME_LABEL, _NAME_CUE]
    if weak and (intro := _lower_case_intro(text)):
        return intro
    if weak:
        patterns += list(_NAME_BEFORE_CAPITAL)
    for pattern in patterns:
        for match in pattern.finditer(text):
            found = next((group for group in match.groups() if group), None)
            name = _name_words(found) if found else None
            if name:
                return name
    return None


def _name_words(found: str) -> str | None:
    words: list[str] = []
    for word in found.split():
        bare = word.lower().strip(",.:;!?")
        if bare in _NAME_STOP or bare in _NOT_A_NAME_WORD:
            break
        words.append(word.strip(",.:;!?"))
        if word.endswith((",", ".", ":", ";", "!", "?")):
            break
    name = " ".join(words)
    return None if not name or _A_DAY_NOT_A_NAME.search(name) else name


# "for Boxing Day at 3pm": a day, never a name (months stay: April, May and June are names)
_A_DAY_NOT_A_NAME = re.compile(
    r"\b(?:christmas|xmas|boxing|easter|hogmanay|halloween|valentine'?s|monday|tuesday|"
    r"wednesday|thursday|friday|saturday|sunday|tomorrow|today|tonight)\b",
    re.IGNORECASE,
)


_LEADING = re.compile(
    rf"^(?:(?:(?:it'?s |this is |it is )?(?:for )?(?:my|our) (?:{_RELATIONS})"
    r"(?:'s name is|'s name'?s| is called| is| called|,|:| -)?\s*)|"
    r"(?:ugh|ok|okay|fine|sure|yeah|yes|yep|erm|um|hmm|right|oh|well|so|and|it'?s|its|"
    r"it is|i'?m|i am|this is|my name'?s|my name is|name'?s|names|the name'?s|the name is|"
    r"call me|put it under|put me down as|under|for|her name'?s|her name is|his name'?s|"
    r"his name is|their name is|just)\b[\s,:-]*)+",
    re.IGNORECASE,
)
_TRAILING = re.compile(
    r"(?:[\s,:-]*\b(?:thanks|thank you|thankyou|thx|ty|cheers|please|pls|plz|ta|is fine|is good|"
    r"will do|would be good|here|mate|love|x+|that'?s me|that'?s all|btw|by the way|fyi|lol|haha|"
    r"instead|rather|then)"
    r"(?:\s+(?:so|very) much|\s+a lot|\s+loads|\s+a million|\s+in advance|\s+again)?\b[.!]*)+$",
    re.IGNORECASE,
)


def clean_name(text: str) -> str:
    """A name as typed without what surrounds it: "It's Jo, thanks" -> "Jo"."""
    name = _TRAILING.sub("", text.strip().strip(".!")).strip()
    name = _LEADING.sub("", name).strip(" ,.:;!\"'")
    return name or text.strip()
