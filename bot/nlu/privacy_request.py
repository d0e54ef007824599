"""Requests to erase what is kept ("delete my data") and questions about it ("is this
private?"), read from how they are built rather than from examples (no Rasa imports
outside the component: the action server reads messages the same way).

An erasure request is an erasing verb (delete, erase, wipe, scrub, get rid of, take off,
"don't want you keeping"...) with personal data as its object (my data, details, number,
chat, everything you have on me...), either way round ("can my data be removed"). It is
not one when the object is a booking (that is a cancellation), when the message corrects
a detail ("delete the note and put flat 2 instead"), when it is about another service's
data ("delete my facebook account"), or when it says not to delete. A privacy question
asks who sees, keeps, shares or sells personal data, or names privacy itself
(confidential, GDPR, data protection, subject access).
"""

from __future__ import annotations

import re

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.shared.nlu.constants import ENTITIES, TEXT
from rasa.shared.nlu.training_data.message import Message

from bot.nlu.asking import is_question
from bot.nlu.intent_rules import IntentRule, intent_of

ERASE_INTENT = "delete_my_data"
PRIVACY_INTENT = "ask_privacy"
CONFIDENCE = 0.9
# The safety rule runs later and wins anyway.
KEPT = frozenset({"red_flag_symptom"})
CANCEL_INTENT = "cancel"
EDIT_INTENT = "edit_booking"
OTHER_INTENT = "out_of_scope"

# What is kept about a person, as people name it.
_DATA = (
    r"(?:personal |health |medical |contact )?(?:data|details|detials|info|information"
    r"|records?|history|chats?|convo|conversations?|messages|msgs|account|profile|(?<=my )stuff"
    r"|notes? (?:you|u)(?:'ve| have)? (?:took|have|got|made|wrote|keep|kept)"
    r"|(?:phone |mobile )?number|mobile|e-?mail(?: address)?|address|postcode"
    r"|(?:everything|evrything|anything|all) (?:(?:you|u)(?:'ve| have)?"
    r" (?:have|hold|keep|store|got|know)"
    r"|on me|about me|(?:i|that i) (?:said|told|typed|wrote|sent))"
    r"|wh?at i (?:said|told|typed|wrote|sent)|all (?:trace|record)s? of me)"
)
_MINE = r"(?:my|me|all my|all of my|our|this|the|that|these|any|all|everything|this whole)"
_VERB = (
    r"(?:delet(?:e|ing)?|deleet|eras(?:e|ing)|remov(?:e|ing)|rmv|wip(?:e|ing)|scrub(?:bing)?"
    r"|purg(?:e|ing)|clear(?:ing)?(?: out)?|destroy(?:ing)?|shred(?:ding)?|nuke|bin"
    r"|get(?:ting)? rid of)"
)
_DONE = r"(?:deleted|erased|removed|wiped|scrubbed|purged|cleared|destroyed|forgotten|gone)"
_KEEPING = r"(?:keep(?:ing)?|stor(?:e|ing)|hold(?:ing)?|sav(?:e|ing)|hav(?:e|ing))"

_ERASURE = re.compile(
    rf"\b{_VERB}\b(?:\W+\w+){{0,3}}?\W+(?:{_MINE}\W+(?:\w+\W+){{0,2}}?)?{_DATA}\b"
    rf"|\b(?:my|all my|your|this|the whole|this whole)\W+(?:\w+\W+){{0,2}}?{_DATA}\W+"
    rf"(?:\w+\W+){{0,5}}?{_DONE}\b"
    rf"|\b{_DATA}\W+(?:\w+\W+){{0,2}}?{_DONE}\b"
    rf"|\b(?:take|get)\W+(?:me|my\W+(?:\w+\W+){{0,2}}?{_DATA})\W+off\b"
    rf"|\b(?:remove|delete|erase|wipe)\W+me\b(?!\W+(?:a|an|the)\b)"
    rf"|\bforget\W+(?:me|everything about me|all about me|my\W+{_DATA})\b"
    rf"|\b(?:don'?t|do not|no longer|dont)\W+want\W+(?:you|u|ur company|your company)\W+"
    rf"(?:to\W+)?{_KEEPING}\W+(?:\w+\W+){{0,2}}?{_DATA}"
    rf"|\b(?:don'?t|do not|dont|stop)\W+{_KEEPING}\W+(?:\w+\W+){{0,2}}?{_DATA}"
    rf"|\b(?:rather|prefer)\W+(?:you|u)\W+(?:didn'?t|did not|don'?t|do not)\W+{_KEEPING}\b"
    rf"|\bright to (?:be forgotten|erasure)\b|\berasure\b",
    re.IGNORECASE,
)
# "Wipe it all", "please delete it": an erasure when the message is about what is kept.
_ERASE_IT = re.compile(
    rf"\b{_VERB}\W+(?:all|everything|it all|it|that|them|all of (?:it|that))\b"
    r"(?!\W+(?:booking|appointment|session|visit))"
    rf"|\b(?:all of (?:that|it|this)|it all|that|it|everything)\W+(?:\w+\W+){{0,2}}?be\W+{_DONE}\b",
    re.IGNORECASE,
)
# "Forget everything I said": an erasure, unless the message goes on to say where it hurts
# (then it is a correction: "forget what I said, it's my shin").
_FORGET_WHAT_WAS_SAID = re.compile(
    r"\bforget\W+(?:everything|all|wh?at)\W+(?:(?:that|of what)\W+)?(?:i|i've|ive)\W+"
    r"(?:said|told|typed|wrote|written|sent)\b",
    re.IGNORECASE,
)
_ABOUT_WHAT_IS_KEPT = re.compile(
    rf"\b(?:{_DATA}|keep|kept|stor(?:e|ed|ing)|shar(?:e|ed|ing)|sitting on"
    r"|told (?:you|u|the bot)|tell(?:ing)? (?:you|u|the bot))\b",
    re.IGNORECASE,
)
# What an erasing verb is about when it is not what is kept: a booking called off, a detail
# corrected, another service's data.
_A_BOOKING = re.compile(
    r"\b(?:booking|appointment|reservation|slot|visit|massage)\b"
    r"(?!\W+(?:and|details|history|records))",
    re.IGNORECASE,
)
_A_CORRECTION = re.compile(
    r"\binstead\b|\band put\b|\bshould be\b|\bit'?s wrong\b|\bits wrong\b|\bthey'?re wrong\b"
    r"|\buse (?:my|the) other\b|\bthe right one\b|\bmake it\b",
    re.IGNORECASE,
)
_ANOTHER_SERVICE = re.compile(
    r"\b(?:facebook|instagram|tiktok|snapchat|twitter|iphone|android|browser|google|gmail"
    r"|cookies|cache|membership|phone's|laptop|computer|app)\b",
    re.IGNORECASE,
)
# A booking as the thing erased: "delete my booking", "wipe out my appointment next week".
_BOOKING_ERASED = re.compile(
    rf"\b{_VERB}\b(?:\W+\w+){{0,3}}?\W+(?:booking|appointment|reservation|slot|visit|session)s?\b"
    r"(?!\W+(?:and|details|history|records))",
    re.IGNORECASE,
)
# Not an erasure: "don't delete my details".
_A_NO = re.compile(r"\b(?:don'?t|do not|never|not)\W+(?:delete|erase|remove|wipe)\b", re.IGNORECASE)
_PRIVACY_WORDS = re.compile(
    r"\b(?:privacy|confidential(?:ity)?|gdpr|data protection|subject access"
    r"|third[- ]part(?:y|ies))\b"
    # "private" about the chat, not "private physio"
    r"|\b(?:is|are|be|stay|stays|kept|keep)\W+(?:\w+\W+){0,3}?private\b"
    r"(?!\W+(?:physio\w*|practice|practitioners?|clinics?|health\w*|treatment|hospitals?"
    r"|doctors?|gps?|massages?|sessions?|rooms?|parking|insurance|medical|sector|care))"
    r"|\bprivate\W+(?:chat|conversation|messages|info|information|data)\b",
    re.IGNORECASE,
)
_PRIVACY_QUESTION = re.compile(
    r"\bwho\W+(?:(?:can|could|will|would|else|gets to|has|is able to)\W+(?:\w+\W+)?)?"
    r"(?:see|sees|read|reads|access|look at|looks at)\b"
    r"|\b(?:any ?one|any ?body|someone|somebody)(?: else)?\W+(?:\w+\W+){0,1}?"
    r"(?:see|sees|read|reads|access|looks? at)\b"
    rf"|\b(?:keep|kept|store|stored|save|saved|hold|held|share|shared|sell|sold|pass(?:ed)?"
    rf"(?: on| to)?|record|recorded|log|logged)\b(?:\W+\w+){{0,4}}?\W+"
    rf"(?:my|your customers'?|customer|people'?s|the|a)\W+(?:\w+\W+){{0,1}}?(?:{_DATA}|notes?)\b"
    rf"|\b(?:{_DATA}|notes?)\W+(?:\w+\W+){{0,3}}?(?:kept|stored|saved|shared|sold|recorded"
    rf"|passed (?:on|to)|used for|safe|secure)\b"
    rf"|\bcopy of (?:(?:my|the|all my)\W+(?:\w+\W+){{0,1}}?)?{_DATA}"
    rf"|\b(?:see|sees|read|reads|access|get to see)\W+(?:my|the)\W+(?:\w+\W+)?(?:{_DATA}|notes?)\b"
    r"|\bwhat (?:do|will|did|would) (?:you|u) (?:keep|store|save|hold|record|log|do with)\b"
    rf"|\bwh?at happens (?:to|with) (?:my|the|all my)\W+(?:\w+\W+)?{_DATA}"
    r"|\bwhat (?:you|u) (?:hold|keep|store|have|know) (?:on|about) me\b"
    r"|\bhow (?:do|will|would|does) (?:you|u|it) use\b"
    r"|\bwh?at (?:personal |health |contact )?(?:data|info|information|details)\b|\bon file\b"
    r"|\b(?:collect|collecting|keeping|storing|holding)\W+(?:\w+\W+){0,1}?(?:on|about) me\b"
    r"|\b(?:is|are) (?:any of )?(?:this|these|it)\W+"
    r"(?:chats?\W+)?(?:recorded|saved|stored)\b|\bfor marketing\b",
    re.IGNORECASE,
)
# Asking, as people do in a chat: a question, or "r my messages saved", "want to know...".
_ASKS = re.compile(
    r"^\W*(?:r|u|does|do|wat|wot)\b|\bwant to (?:see|know)\b|\bwondering\b|\btell me\b",
    re.IGNORECASE,
)


def asks_to_erase(text: str, names_a_place: bool = False) -> bool:
    """Whether the message asks for what is kept about the person to be erased
    (`names_a_place`: the message says where it hurts)."""
    if any(
        pattern.search(text)
        for pattern in (_BOOKING_ERASED, _A_CORRECTION, _ANOTHER_SERVICE, _A_NO)
    ):
        return False
    if _ERASURE.search(text):
        return True
    if _FORGET_WHAT_WAS_SAID.search(text) and not names_a_place:
        return True
    return bool(_ERASE_IT.search(text) and _ABOUT_WHAT_IS_KEPT.search(text))


def asks_about_privacy(text: str) -> bool:
    """Whether the message asks what is kept, who sees it, or about privacy itself."""
    if _PRIVACY_WORDS.search(text):
        return True
    asking = is_question(text) or "?" in text or bool(_ASKS.search(text))
    return asking and bool(_PRIVACY_QUESTION.search(text))


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=False)
class PrivacyRequestPriority(IntentRule):
    """`delete_my_data` or `ask_privacy` when the message is built like one (see above)."""

    def intent_for(self, message: Message) -> tuple[str, float] | None:
        intent, confidence = intent_of(message)
        if intent in KEPT:
            return None
        text = str(message.get(TEXT) or "")
        place = any(
            entity.get("entity") == "body_zone" and entity.get("role") != "negated"
            for entity in message.get(ENTITIES) or []
        )
        if asks_to_erase(text, names_a_place=place):
            return None if intent == ERASE_INTENT else (ERASE_INTENT, CONFIDENCE)
        if asks_about_privacy(text):
            return None if intent == PRIVACY_INTENT else (PRIVACY_INTENT, CONFIDENCE)
        if intent == ERASE_INTENT:  # the classifier heard "delete" in something else
            meant = erased_instead(text)
            return (meant, confidence) if meant else None
        return None


def erased_instead(text: str) -> str | None:
    """What a message with an erasing verb that is no erasure asks for: a booking called
    off, a detail corrected, or another service (None when it says none of these)."""
    if _A_CORRECTION.search(text):
        return EDIT_INTENT
    if _A_BOOKING.search(text):
        return CANCEL_INTENT
    if _ANOTHER_SERVICE.search(text):
        return OTHER_INTENT
    return None
