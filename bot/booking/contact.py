"""Where and how to reach someone: UK postcode, UK mobile or e-mail address, and a name.

Each `parse_*` returns the normalised value or raises `ContactError`, whose text is the
message to show. Only UK mobiles are accepted as phone numbers: the booking confirmation
and the therapist's "on my way" message are sent by text, and a landline cannot receive
them. Someone without a mobile can give an e-mail address instead. E-mail addresses are
checked for their form only (no DNS look-up), so checking never needs the network.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

import phonenumbers
from email_validator import EmailNotValidError, validate_email

from bot.booking.request import ContactKind

PHONE: ContactKind = "phone"
EMAIL: ContactKind = "email"
NAME_LIMIT = 80
NOTES_LIMIT = 500

# The six shapes of a UK postcode (A9 9AA, A99 9AA, A9A 9AA, AA9 9AA, AA99 9AA, AA9A 9AA)
# with the letters each position may hold, plus the Girobank's GIR 0AA.
_OUTWARD = (
    r"(?:[A-PR-UWYZ][0-9][0-9]?"
    r"|[A-PR-UWYZ][A-HK-Y][0-9][0-9]?"
    r"|[A-PR-UWYZ][0-9][A-HJKPSTUW]"
    r"|[A-PR-UWYZ][A-HK-Y][0-9][ABEHMNPRVWXY])"
)
_INWARD = r"[0-9][ABD-HJLNP-UW-Z]{2}"
_POSTCODE = re.compile(rf"^(?:{_OUTWARD}{_INWARD}|GIR0AA)$")
_POSTCODE_IN_TEXT = re.compile(rf"\b({_OUTWARD}\s?{_INWARD}|GIR\s?0AA)\b", re.IGNORECASE)
# An address alone, or after a lead-in such as "my email is" or "email me at".
_EMAIL_IN_TEXT = re.compile(
    r"^(?:.*\b(?:is|email|e-mail|mail|address|at|on|use|to|me)\s*:?\s+)?<?"
    r"([^\s<>(),;:\"']+@[^\s<>(),;:\"']+?)>?[\s.!,;]*$",
    re.IGNORECASE,
)
_UK_CODE = 44


class ContactError(ValueError):
    """A value the booking cannot use; `str(error)` is the message to show."""


@dataclass(frozen=True)
class Contact:
    """A normalised contact: an E.164 UK mobile number or an e-mail address."""

    kind: ContactKind
    value: str

    @property
    def display(self) -> str:
        """The value as a person reads it: "07400 123456" or the e-mail address."""
        if self.kind == EMAIL:
            return self.value
        number = phonenumbers.parse(self.value, "GB")
        return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)


def parse_postcode(text: str) -> str:
    """A UK postcode in its standard form ("sw1a1aa" -> "SW1A 1AA"), found in `text`."""
    compact = re.sub(r"[\s\-]", "", text).upper().strip(".,;!")
    if _POSTCODE.match(compact):
        return _spaced(compact)
    found = _POSTCODE_IN_TEXT.findall(text)
    if len(found) == 1:
        return _spaced(re.sub(r"\s", "", found[0]).upper())
    if len(found) > 1:
        raise ContactError("I can see more than one postcode there. Which one should we visit?")
    raise ContactError(
        "That doesn't look like a UK postcode. Could you give the full postcode of where "
        "we'd visit, like SW1A 1AA?"
    )


def parse_mobile(text: str) -> str:
    """A UK mobile number (07... or +44 7...) in E.164 form ("+447400123456")."""
    candidate = _phone_in(text)
    try:
        number = phonenumbers.parse(candidate, "GB")
    except phonenumbers.NumberParseException:
        raise ContactError(_PHONE_HELP) from None
    if number.country_code != _UK_CODE:
        raise ContactError(
            "We can only text UK mobile numbers (07... or +44 7...). If you don't have one, "
            "an e-mail address works too."
        )
    if not phonenumbers.is_valid_number(number):
        national = str(number.national_number)
        if len(national) == 10 and national.startswith("7"):  # the right shape, not in use
            raise ContactError(
                f"0{national[:4]} {national[4:]} isn't a mobile number in use. Could you "
                "check it, or give an e-mail address instead?"
            )
        digits = len(national) + 1
        raise ContactError(
            f"That number has {digits} digits; a UK mobile has 11 and starts with 07 "
            "(or +44 7). Could you check it?"
        )
    kind = phonenumbers.number_type(number)
    if kind != phonenumbers.PhoneNumberType.MOBILE:
        raise ContactError(
            "That looks like a landline or service number. We text your booking confirmation "
            "and the therapist's arrival time, so we need a UK mobile (07...) or an e-mail "
            "address instead."
        )
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def parse_email(text: str) -> str:
    """An e-mail address, checked for its form only, with the domain in lower case."""
    found = _EMAIL_IN_TEXT.match(text.strip())
    candidate = found.group(1) if found else text.strip()
    try:
        checked = validate_email(candidate, check_deliverability=False)
    except EmailNotValidError as error:
        raise ContactError(f"That e-mail address doesn't look right: {error}") from None
    return str(checked.normalized)


def parse_contact(text: str) -> Contact:
    """A UK mobile number or an e-mail address, whichever `text` holds (an @ means e-mail)."""
    if "@" in text:
        return Contact(EMAIL, parse_email(text))
    if sum(character.isdigit() for character in text) >= 4:
        return Contact(PHONE, parse_mobile(text))
    raise ContactError(
        "How should we confirm your booking? Please give a UK mobile number (07...) or an "
        "e-mail address."
    )


def parse_name(text: str) -> str:
    """A person's name as they wrote it, tidied: single spaces, no control characters."""
    name = _tidy(text)
    name = re.sub(
        r"^(?:(?:my name is|my name's|i'm|i am|it's|this is|name:)\s+)",
        "",
        name,
        flags=re.IGNORECASE,
    )
    if not any(character.isalpha() for character in name):
        raise ContactError("What name should the therapist ask for?")
    if name.islower() or name.isupper():  # "javier ruiz", "AOIFE BYRNE": as on a letter
        name = _capitalised(name)
    if len(name) > NAME_LIMIT:
        raise ContactError(
            f"That name is a little long: could you keep it under {NAME_LIMIT} characters?"
        )
    return name


# Small words inside a name that stay lower case ("Maria de la Cruz", "Ali bin Omar")
_PARTICLES = frozenset(
    [
        "de",
        "da",
        "del",
        "della",
        "di",
        "du",
        "la",
        "le",
        "van",
        "von",
        "der",
        "den",
        "bin",
        "binti",
        "al",
        "el",
        "y",
        "e",
        "dos",
        "das",
        "do",
        "ter",
    ]
)


def _capitalised(name: str) -> str:
    """Each part of a name typed all in one case with its first letter up: "o'brien-smith"
    is "O'Brien-Smith"; particles after the first word stay down."""
    words = []
    for index, word in enumerate(name.lower().split(" ")):
        if index and word in _PARTICLES:
            words.append(word)
            continue
        words.append(re.sub(r"(^|['\-])([a-z])", lambda m: m.group(1) + m.group(2).upper(), word))
    return " ".join(words)


def parse_notes(text: str | None) -> str:
    """Optional notes for the therapist (parking, pets, stairs); "no" or nothing gives ""."""
    notes = _tidy(text or "", keep_newlines=True)
    if len(notes.split()) <= 5 and _NOTHING.match(notes):
        return ""
    if notes.casefold().strip(".! ") in {
        "",
        "no",
        "none",
        "nope",
        "no thanks",
        "nothing",
        "n/a",
        "na",
        "skip",
    }:
        return ""
    if len(notes) > NOTES_LIMIT:
        raise ContactError(
            f"Could you keep the notes under {NOTES_LIMIT} characters? The therapist can "
            "hear the rest when they arrive."
        )
    return notes


# "nothing really", "no thanks", "nah all good", "nothing to add": no notes.
_NOTHING = re.compile(
    r"^\W*(?:no|none|nothing|nope|nah|na|not really|n/?a|all good|nil|zilch)\b"
    r"(?:[\s,.!-]*(?:really|thanks|thank you|ta|cheers|to add|special|else|at all|all good|"
    r"i think|i can think of|that i know of|nothing|not really|no|notes?|mate|x|that'?s all|"
    r"that'?s it|worries|all fine|i'?m fine|fine|for now|from me|pal|hun|love|that'?s everything|"
    r"everything|more|apart from that|besides that|other than that))*[\s.!]*$",
    re.IGNORECASE,
)
_PHONE_HELP = (
    "That doesn't look like a phone number. Please give a UK mobile number, like 07400 123456 "
    "or +44 7400 123456, or an e-mail address."
)


def _phone_in(text: str) -> str:
    """The phone number in `text` ("call me on 07400 123456"), or `text` itself."""
    matches = list(
        phonenumbers.PhoneNumberMatcher(text, "GB", leniency=phonenumbers.Leniency.POSSIBLE)
    )
    return matches[0].raw_string if len(matches) == 1 else text.strip()


def _spaced(compact: str) -> str:
    return f"{compact[:-3]} {compact[-3:]}"


def _tidy(text: str, *, keep_newlines: bool = False) -> str:
    text = unicodedata.normalize("NFC", text)
    lines = [
        "".join(c for c in line if unicodedata.category(c)[0] != "C").strip()
        for line in text.splitlines()
    ]
    lines = [re.sub(r"\s+", " ", line) for line in lines if line.strip()]
    return ("\n" if keep_newlines else " ").join(lines).strip()
