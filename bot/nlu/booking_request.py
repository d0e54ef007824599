"""A message that asks for a visit, or gives the details of one, is a request to book.

Runs after the classifiers and before the red-flag rule. "a two-hour session Monday the
21st at 16:30 in HA9 0WS" or "Could I get 90 minutes at TW1 3QS?" may be heard as a
question about the area covered, "hello, I want to book" as small talk; a message that
gives two booking details (a day or time, a length, a postcode, a name given as one), or
that asks for a booking and gives one, or says it wants to book, is `book_session`; so is
picking up a booking left for a moment ("I'm back, can we carry on?"). Left alone:
questions about the business that only mention a detail ("do you come to SW11 1AA on
Saturdays?", "how much is 90 minutes?"), a pain told with times and lengths in it ("sat
at my desk for 2 hours and my back hurts") unless it also asks to book, and anything
about an existing booking (cancel, move, change). A red flag still wins
(`RedFlagPriority` runs last).
"""

from __future__ import annotations

import re

from rapidfuzz.distance import OSA
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.message import Message

from bot import business_faq
from bot.booking.signals import read_signals
from bot.booking.when import names_a_day, only_a_day
from bot.nlu.asking import is_question
from bot.nlu.intent_rules import IntentRule, intent_of

BOOK_INTENT = "book_session"
# Intents a request for a visit may have been heard as: small talk, not understood, a bare
# detail. A question the classifier placed (ask_*, care_*) is left to it unless it asks
# nothing and gives a day or time with a postcode or a length.
WEAK = frozenset({"nlu_fallback", "out_of_scope", "greet", "goodbye", "thank"})
# Heard for "can we carry on with the booking after all?" or "I'm back, where were we?".
RESUMABLE = frozenset({"nlu_fallback", "out_of_scope", "greet", "goodbye", "thank", "inform",
                       "ask_service_area", "describe_cause", "describe_pain", "cancel",
                       "ask_capabilities"})  # fmt: skip
NEVER = frozenset(
    {
        BOOK_INTENT,
        "red_flag_symptom",
        "cancel",
        "edit_booking",
        "confirm_booking",
        "affirm",
        "deny",
        "request_callback",
        "ask_human",
        "ask_my_booking",
    }
)
# Questions whose topic is a kind of booking ("can I book a pregnancy one?", "can I book a
# female therapist?"): the answer to the question comes first, the booking after.
ON_TOPIC = frozenset(
    {
        "ask_pregnancy_massage",
        "ask_therapist_preference",
        "ask_vouchers",
        "ask_price",
        "ask_session_length",
        "ask_payment",
        "ask_cancellation_policy",
        "care_how_often_to_book",
    }
)
_REQUEST_TO_BOOK = re.compile(
    r"\b(?:can|cn|could|may|would|will)\s+(?:i|u|you|we|someone|somebody|ya)\s+(?:please\s+|"
    r"just\s+|possibly\s+|maybe\s+)?(?:book|get|have|arrange|grab)\b(?!\s+(?:a )?(?:rid|refund|"
    r"receipt|invoice|voucher|discount))|\b(?:is it|would it be)\s+(?:ok|okay|alright|possible)\s+"
    r"to book\b|\bbook me\b|\b(?:i'?d|i would|i want|i wanna|we'?d|we would)\s+(?:like|love)?"
    r"\s*(?:to\s+)?(?:book|have|get)\s+(?:a|an|one|some)\b|\b(?:want|like|love|need|fancy)\s+"
    r"(?:a|an)\s+(?:massage|session|appointment)\b(?!\s+(?:table|bed|couch|chair|oils?|gun|ball))|"
    r"\b(?:arrange|organise|organize|set up|sort out|schedule|fix up)\b[\w\s,']{0,20}\b(?:massage|"
    r"visit|appointment|session|therapist)\b|\binterested in (?:having|getting|booking)\b|"
    r"\bget (?:a|the|your) therapist (?:out|round|over|to come)\b|"
    r"\b(?:i'?m|i am|we'?re|we are) (?:booking|looking to book|trying to book)\b|"
    r"\btreat (?:myself|me|ourselves|us|my\s+\w+|her|him|them) to (?:a|an|some) "
    r"(?:massage|session)\b|\b(?:i'?m|i am|we'?re|we are) (?:after|looking for|wanting|"
    r"hoping for|in need of) (?:a|an|some) (?:\w+\s+){0,2}(?:massage|session|appointment|"
    r"visit)\b",
    re.IGNORECASE,
)
# A visit asked for without the word "book": "can one of your lot pop round?", "send someone
# to mine tomorrow", "I'd like one at home", "how do I get an appointment?", "any space next
# week?", "would Tuesday work for a massage at mine?"
_SOMEONE = (
    r"(?:you|u|ya|someone|somebody|smone|sum1|some1|anyone|any1|a therapist|one|"
    r"(?:one|any|some) of (?:you|yous|youse|ya|u|your|ur|them|the)(?:\s+(?:lot|guys|therapists?|"
    r"team|people|folks|masseurs?|masseuses?))?|your (?:therapists?|masseurs?|masseuses?|people)|"
    r"an?\s+(?:massage\s+)?(?:therapist|masseuse|masseur))"
)
_TO_WHERE = (
    r"(?:round|over|out to (?:me|mine|my|us)|2 (?:me|mine)|"
    # "can somebody go to hers on thurs": a visit to the person booked for
    r"to (?:hers|his|theirs|(?:her|his|their) (?:place|house|flat|home)|my \w+'?s)\b|"
    r"to (?:me|mine|us|ours|2|"
    r"my(?! area| postcode| part| neck of| side| bit| borough| town))\b|tomorrow|tmrw|today|"
    r"tonight|tonite|2nite|2moro|2morrow|tmr|tomoz|tomoro|tomorow|this|next|"
    r"on (?:mon|tue|wed|thu|fri|sat|sun)|at \d|sort|do|give)"
)
_VISIT_ASKED = (
    # "can one of your lot pop round?", "could someone come tomorrow?", "can you come?"
    rf"\b(?:can|could|would|will|cn|cud)\s+{_SOMEONE}\s+(?:please\s+|possibly\s+|maybe\s+|"
    r"just\s+|be able to\s+|be abel to\s+)?(?:come|pop|nip|swing|go(?=\s+to\s)|visit|"
    r"send (?:someone|somebody|a therapist|one)|"
    r"get (?:someone|somebody|a therapist))\b(?:\s+(?:and|&)\s+\w+)?"
    rf"(?=\s+{_TO_WHERE}|\s*[?!.]*$)",
    # "could somebody come and work on my shoulders?", "is anyone free to come tonight?"
    rf"\b(?:can|could|would|will)\s+{_SOMEONE}\s+come\s+(?:and|&|n|to)\s+(?:work on|sort|fix|"
    r"help|massage|do|look at|have a go|loosen|treat|see)\b",
    rf"\b(?:is|are)\s+{_SOMEONE}\s+(?:free|available|around|able|abel)\b[\w\s,.:]{{0,30}}?"
    r"\b(?:to come|to pop|to visit|come (?:round|over|to))\b",
    rf"\b(?:is|are)\s+{_SOMEONE}\s+(?:free|available)\s+(?:on|at|this|next|tomorrow|tmrw|"
    r"tonight|tonite|today|later)\b",
    r"\bfancy (?:coming|popping|nipping)\s+(?:round|over|to)\b",
    # "is there any way someone could come and work on it", "one of you can pop round?"
    rf"\b{_SOMEONE}\s+(?:could|can|would|might be able to|is able to)\s+(?:come|pop|nip|swing)\s+"
    r"(?:(?:and|&|n|to)\s+(?:work on|sort|fix|help|massage|do|look at|have a go|loosen|treat|see|"
    r"give)\b|round|over|by|out)",
    # "does anyone do home massage tmrw evening??"
    r"\b(?:does|do|can|could|would)\s+(?:anyone|anybody|someone|somebody|any of you|one of you)\s+"
    r"do\s+(?:a\s+|an\s+)?(?:home\s+|at[\s-]home\s+|mobile\s+)?(?:massages?|visits?|sessions?)\b",
    # "a rub down at mine", "a massage at my place"
    r"\b(?:massage|rub[\s-]?down|rub|session|treatment)\s+(?:at|to|round)\s+(?:mine|my (?:place|"
    r"flat|house|home|hotel)|home|ours|our (?:place|flat|house))\b",
    # "I'm free Saturday if anyone can come", "...when one of you could make it"
    rf"\b(?:if|when|whenever)\s+{_SOMEONE}\s+(?:can|could|is able to|is free to|are free to|"
    r"'s free to)\s+(?:come|make it|pop|visit|get (?:here|to me|over|round))\b",
    # "I've finally got a free afternoon, it's Tuesday the 15th"
    r"\b(?:i'?ve|i have|we'?ve|we have)\s+(?:finally\s+|actually\s+)?got\s+(?:a|an|some)\s+"
    r"(?:free|spare|quiet)\s+(?:afternoon|evening|morning|day|hour|slot|weekend|night)\b",
    # "I just want someone who knows what they're doing to come and sort me out"
    rf"\b(?:need|want|like|love|after|looking for)\s+{_SOMEONE}\s+who\b[\w\s']{{0,40}}?\bto\s+"
    r"(?:come|pop|have a go|sort|look at|work on)\b",
    # "send someone round", "get one of your therapists over"
    rf"\b(?:send|get)\s+(?:me\s+|us\s+)?{_SOMEONE}\s+(?:round|over|to|2|out)\b",
    # "I need someone to come and sort my shoulders out"
    rf"\b(?:need|want|like|love|after|looking for|hoping for|hoping|hope|wish)\s+{_SOMEONE}\s+"
    r"(?:to\s+|can\s+|could\s+|will\s+|would\s+)?(?:come|pop|nip|visit|give me|sort)\b",
    rf"\b(?:hoping|wondering about|thinking of|thinking about)\s+(?:getting\s+|having\s+)?"
    rf"{_SOMEONE}\s+(?:to\s+)?(?:come|pop|visit)\b",
    # "I'd love a treatment at home", "I'd like one to come to mine"
    r"\b(?:i'?d|i would|we'?d|i want|i wanna|i need|i'?m after|we want|like|love)\s+"
    r"(?:like\s+|love\s+)?(?:to (?:try|have|get|book)\s+)?(?:(?:a|an|some)\s+(?:\w+\s+){0,3}?"
    r"(?:massage|session|treatment|visit)|one)(?!\s+(?:table|bed|chair|oils?|gun|ball))\s*"
    r"(?:at (?:home|mine|my (?:place|flat|house|"
    r"home|hotel|office|work))|(?:to|at) (?:come|be) (?:to|at|round) (?:mine|my|me))\b",
    r"\b(?:a|an)\s+(?:\w+\s+)?(?:home|at-home|in-home|mobile) (?:massage|session|treatment|"
    r"visit)\b",
    # "how do I get an appointment?", "how can I arrange one?"
    r"\bhow (?:do|can|would|could) (?:i|we|you)\s+(?:go about\s+)?(?:get|getting|arrange|"
    r"arranging|book|booking|make|making|organise|set up|have|grab)\s+(?:an?|one|a visit|some|"
    r"the|my|a session|someone)\b",
    # "any space next week?", "any chance of a massage tonight?"
    r"\b(?:any|got any|have you got any|do you have any|is there any)\s+(?:space|spaces|slots?|"
    r"room|availability|openings?|appointments?|chance (?:of|i could get) (?:getting |having |"
    r"booking )?(?:a |an |some )?(?:\w+\s+)?(?:massage|session|visit|appointment|slot|booking|"
    r"someone|one|therapist|rub[\s-]?down))\b",
    r"\b(?:(?:do|have) you (?:have|got)|is there|got) anything\s+(?:free|on\b|left|available|"
    r"open|tomorrow|tmrw|today|tonight|this|next|later|for (?:tomorrow|today|tonight|this|"
    r"next|mon|tue|wed|thu|fri|sat|sun)|\w+day\b)",
    r"\binterested in (?:a|an|having|getting|booking)\b[\w\s-]{0,20}\b(?:massage|session|"
    r"treatment|visit)\b",
    # "would Tuesday 22nd work for a massage at mine?"
    r"\b(?:would|will|does|could|is)\s+(?:\w+\s+){1,3}(?:work|suit|be (?:free|ok|okay|"
    r"possible))\s+for (?:a|an|the) (?:\w+\s+)?(?:massage|session|visit|treatment)\b",
    r"\bwants? to treat (?:me|us|him|her|them|myself)\b",
    r"\b(?:fancy|want|wanna|like|love|thinking of|going to|gonna)\s+(?:to\s+)?treat(?:ing)?\s+"
    r"(?:my|me|myself|him|her|them|us)\b",
    r"\b(?:thinking of|thinking about|considering|planning on|keen on|keen to)\s+(?:getting|"
    r"having|booking|get|have|book)\b[\w\s]{0,20}\b(?:massage|session|treatment|visit)\b",
    r"\b(?:promised myself|deserve)\b[\w\s]{0,25}\bmassage\b",
    # "is it possible to get a 90 minute one booked?", "could you get me booked in friday"
    r"\b(?:to|can i|could i|can we|could we|can you|could you|can u)\s+(?:get|have)\s+(?:a|an|"
    r"one|something|me|us|myself)\b[\w\s-]{0,25}?\bbooked(?:\s+in)?\b",
    r"\b(?:is it|would it be|it'?s) possible to (?:have|get|book|arrange)\s+(?:a|an|someone|"
    r"somebody|one)\s+(?:\w+\s+)?(?:massage|session|visit|appointment|home visit|therapist\s+"
    r"(?:visit|come|round|over|to come))\b",
    r"\b(?:get|pop|put|pencil|book) (?:one|me|something|a session|a massage|it|myself) in (?:the|"
    r"your) (?:diary|calendar|books)\b",
    r"\b(?:appreciate|love|like|want|need)\s+a (?:home )?visit\b",
    r"\b(?:use|redeem|spend)\b[\w\s]{0,20}\b(?:for|on) (?:a|an) (?:\w+\s+)?(?:visit|massage|"
    r"session|treatment)\b",
    r"\b(?:looking for|(?:i'?m|i am|we'?re|we are|really|just) after|need|fancy)\s+(?:a|an|some)\s+"
    r"(?:\w+\s+){0,2}massage\b(?!\s+(?:"
    r"technique|tips?|advice|ball|gun|chair|oils?|video|routine|exercise|table|bed|couch))",
)
# "massage?", "a massage please": nothing but the wish
_BARE_MASSAGE = re.compile(
    r"^\W*(?:a\s+)?(?:massage|session|appointment)s?(?:\s+(?:please|pls|plz|now|today|tonight|"
    r"tomorrow|asap))?\W*$",
    re.IGNORECASE,
)
# "my mate had one of your massages ... now I want one too"
_WANTS_ONE = re.compile(
    r"(?:\b(?:i|we)\s*|(?:^|[.!?,;]|\b(?:n|and|but|so))\s*)"
    r"(?:want|need|fancy|would like|'d like|'d love|would love)\s+one"
    r"(?:\s+too|\s+as well|\s+myself|\s+now)?\b",
    re.IGNORECASE,
)
_VISIT_REQUEST = re.compile("|".join(_VISIT_ASKED), re.IGNORECASE)
AREA_INTENT = "ask_service_area"
# Said with a place ("somewhere in Hackney", "out to Bromley"): the words of a visit
_VISIT_WORDS = re.compile(
    r"\b(?:massages?|therapists?|masseu[rs]e?|visits?|sessions?|appointments?|treatments?|"
    r"come|pop|send|get (?:out|over|round|down|up)|out to)\b",
    re.IGNORECASE,
)
# ... and a question that asks for one: "could a therapist come out to ...", "can I get a
# massage? I'm in Chiswick", "do you do home visits in Croydon? I'd love one"
_ASKS_FOR_A_PLACE_VISIT = re.compile(
    rf"\b(?:can|could|would|will|cn|cud)\s+(?:{_SOMEONE}|i|we)\s+(?:please\s+|possibly\s+)?"
    r"(?:come|pop|nip|get|have|book|send)\b|\b(?:i'?d|i would|we'?d)\s+(?:like|love)\s+(?:one|a|"
    r"an|to)\b|\b(?:need|want|after|looking for|fancy)\s+(?:a|an|some)\b",
    re.IGNORECASE,
)
_BOOK_ME_IN = re.compile(
    r"\bbook (?:me|us) in\b|\bbook (?:me |us )?(?:a|an) (?:massage|session|appointment|visit)\b",
    re.IGNORECASE,
)
# Someone asking the assistant to be something else: never a booking.
_NOT_ITSELF = re.compile(
    r"\b(?:forget|ignore) (?:you are|your|all|the|previous|what)|\bpretend (?:to be|you)\b|"
    r"\bfrom now on you\b",
    re.IGNORECASE,
)
_GENERIC_ASK = re.compile(
    r"\b(?:can|could) (?:you|u) (?:do|make|fit) (?:it|that|me|us)|\bis (?:that|this|it) "
    r"(?:possible|ok|okay|doable|free)|\bpossible\?|\b(?:can|could) (?:you|someone) come\b|"
    r"\bany good\b|\bdo(?:es)? that work\b",
    re.IGNORECASE,
)
_SLIPS = {"bok": "book", "buk": "book", "boook": "book", "bkg": "booking", "appt": "appointment"}
_BOOKING_WORDS = ("massage", "booking", "appointment", "session", "therapist")
DETAILS = frozenset({"inform", "ask_service_area", "describe_cause"})
QUESTION_PREFIXES = ("ask_", "care_")
# "can you book me a taxi": a booking of something else
_OTHER_THINGS = (
    r"(?:taxi|cab|uber|table|restaurant|flight|train|hotel|ticket|haircut|doctor|gp|dentist|"
    r"physio|car|holiday)"
)
_OTHER_BOOKINGS = re.compile(
    rf"\b(?:book|get|order|call|arrange|reserve)\w*\s+(?:me\s+|us\s+)?(?:in\s+(?:with|at)\s+)?"
    rf"(?:a\s+|an\s+|the\s+|my\s+)?{_OTHER_THINGS}\b|\b{_OTHER_THINGS}\s+(?:booking|appointment)\b|"
    rf"\bappointment (?:with|at) (?:the |my |a )?{_OTHER_THINGS}\b",
    re.IGNORECASE,
)
CONFIDENCE = 0.6
_ASKS_FOR_A_VISIT = re.compile(
    r"\b(?:book|booking|appointment|slot|come (?:round|over|to|and)|visit|pop round|"
    r"get (?:a|me|someone|somebody) (?:massage|session|therapist|booked)|"
    r"(?:a|one|two|the) (?:massage|session))\b",
    re.IGNORECASE,
)
# "can u just book me in", "is it ok to book?", "I want a massage", "massage pls"
_BOOK_VERB = re.compile(
    r"\bbook(?:ing)? (?:me|us|her|him|them|a|an|in|something|someone|somebody|one|it)\b|"
    r"\bto book\b|\bbook\?|"
    r"\b(?:i'?m|i am|we'?re|we are) (?:booking|looking to book|trying to book)\b",
    re.IGNORECASE,
)
_WANTS_A_MASSAGE = re.compile(
    r"\b(?:want|like|love|need|fancy|wanna|get|sort)\b[\w\s,']{0,15}\bmassage\b|"
    r"\bmassage (?:pls|please|plz|asap|sorted|booked)\b|"
    r"\b(?:i'?m|i am|we'?re|we are) after (?:a|an|some)\b[\w\s]{0,15}\bmassage\b",
    re.IGNORECASE,
)
_WANTS_TO_BOOK = re.compile(
    r"\b(?:want|like|love|need|wanna|looking|hoping|keen|trying|can i|could i|may i|"
    r"please)\b[\w\s,']{0,20}\b(?:book|booking|make a booking|get (?:a )?(?:massage|session) "
    r"booked|get booked)\b",
    re.IGNORECASE,
)
# "can we carry on?", "I'm back, let's finish": a booking left for a moment is picked up.
_RESUMES = re.compile(
    r"\b(?:carry on|continue|resume|pick (?:it |this )?up|pick up where|finish (?:it|this|off|"
    r"the booking|booking)|let'?s finish|crack on|where were we|back to (?:it|the booking))\b",
    re.IGNORECASE,
)
# "back sorry!", "ok I'm back", "back now": the person is back (never "back" alone: a place)
_BACK_AGAIN = re.compile(
    r"^\W*(?:(?:ok|okay|right|sorry|soz|hi|hey)\W+)*(?:i'?m\s+|im\s+|we'?re\s+)?back"
    r"(?:\s+(?:now|again|here|with you))?(?:\W+(?:sorry|soz|sry|now|again|x+))*"
    r"(?:\W+(?:sorry (?:about|for) (?:that|the wait|the delay)|thanks for waiting))?\W*$",
    re.IGNORECASE,
)
_ASKS_WHAT_IS_FREE = re.compile(
    r"\b(?:availability|available|any (?:slots?|space|spaces|times?|appointments?|openings?)|"
    r"anything free|any ?one free|free (?:on|this|next|tomorrow|today|at)|(?:are|is) (?:you|"
    r"there anyone|anyone|someone) free|got anything|have you got anything)\b",
    re.IGNORECASE,
)
_PAIN_WORDS = re.compile(r"\b(?:hurt\w*|pain\w*|ache\w*|aching|sore|stiff|injur\w*)\b", re.I)
_ABOUT_A_BOOKING = re.compile(
    r"\b(?:cancel\w*|reschedul\w*|rebook\w*|postpone\w*|my (?:booking|appointment|visit)|"
    r"the booking i|already booked|i booked|(?:move|moving|change|changing|shift)\s+(?:it|that|"
    r"this|my|the|our|a|an)\b|MB-\w+)\b",
    re.IGNORECASE,
)
# Intents about an existing booking: a plain request for a new visit said with nothing about
# one ("I want a session at home but my work schedule changes a lot") is still a booking.
ABOUT_AN_EXISTING_BOOKING = frozenset({"cancel", "edit_booking", "ask_my_booking"})
_BUSINESS_QUESTION = re.compile(
    r"\b(?:how much|price|prices|cost|costs|charge|fee|pay|payment|voucher|cover|areas?|"
    r"do you (?:come|go|visit|travel|do|open|work)|are you open|open on|opening)\b",
    re.IGNORECASE,
)


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=False)
class BookingRequestPriority(IntentRule):
    """Makes a request for a visit `book_session`, whatever the classifiers heard."""

    def intent_for(self, message: Message) -> tuple[str, float] | None:
        intent, confidence = intent_of(message)
        text = str(message.get(TEXT) or "")
        meant = (BOOK_INTENT, max(confidence, CONFIDENCE))
        if not text or text.startswith("/"):
            return None
        if _BACK_AGAIN.match(text) and text.strip(" !.").casefold() != "back":
            return meant  # "back sorry!" after "brb": the draft is picked up
        if intent in RESUMABLE and resumes_a_booking(text):
            return (
                meant  # "I'm back, can we carry on?", "can we carry on with the booking after all?"
            )
        if _ABOUT_A_BOOKING.search(text):
            return None
        if (
            intent in ABOUT_AN_EXISTING_BOOKING
            and not _NOT.search(text)  # "I don't want a massage after all"
            and (_VISIT_REQUEST.search(text) or _REQUEST_TO_BOOK.search(text))
        ):
            return meant  # nothing in it names a booking made before
        if intent in NEVER - {BOOK_INTENT}:
            return None
        place = business_faq.default().place_in(text)
        if place is not None and not place.partly and _VISIT_WORDS.search(text):
            # "could someone come out to Watford?": not an area we cover, so say so first
            return (AREA_INTENT, max(confidence, CONFIDENCE))
        if intent == BOOK_INTENT:
            return None
        if _OTHER_BOOKINGS.search(text) or _NOT_ITSELF.search(text):
            return None  # "book me a taxi", "forget you are a massage bot"
        if only_a_day(text) or any(only_a_day(part) for part in _sentences(text)[1:]):
            # "Sat?", "next tues": the day of a visit, its time asked next; "do you do early
            # mornings? Thinking Saturday 12th": the question is answered, then the booking
            return meant
        last = _last_sentence(_spelled(text))
        request = _REQUEST_TO_BOOK if intent != "ask_capabilities" else _BOOK_ME_IN
        if intent not in ON_TOPIC and intent != "out_of_scope" and request.search(last):
            return meant  # the part at the end asks for a visit: "...Is it ok to book?"
        if intent in ON_TOPIC and _states_a_wish_to_book(text):
            return meant  # "I've been gifted a voucher and want to book it in": no question
        sure_question = (
            bool(intent)
            and str(intent).startswith(QUESTION_PREFIXES)
            and confidence >= SURE_QUESTION
        )
        if sure_question and _SERVICE_QUESTION.search(text):
            return None  # "how early can you come?", "are your therapists free on Sundays?"
        parts = re.split(r"\s*[,.!?;]+\s*", text)
        if (
            _BARE_MASSAGE.match(text)
            or (not is_question(text) and any(_BARE_MASSAGE.match(part) for part in parts if part))
            or (
                _WANTS_ONE.search(text)
                and bool(re.search(r"\bmassages?\b", text, re.I) or read_signals(text).when_text)
            )
        ):
            return meant  # "massage?", "...now I want one too"
        if (
            place is not None
            and _VISIT_WORDS.search(text)
            and (_ASKS_FOR_A_PLACE_VISIT.search(text) or not is_question(text))
        ):
            return meant  # "come out to Bromley on Tuesday?", "home massage, in Hackney"
        if _VISIT_REQUEST.search(text) and (
            intent != "out_of_scope" or re.search(r"\b(?:massage|therapist|booked)", text, re.I)
        ):
            return meant  # "can one of your lot pop round?", "send someone to mine tomorrow"
        signals = read_signals(text)
        if intent in _HEARD_AS_DETAILS and _asks_about_a_day(text):
            return meant  # "do you have anyone next Wednesday?", "massage Sunday 2pm please"
        if _PAIN_WORDS.search(text):
            # "me and my aching shoulders need 90 mins on Tuesday at 7pm": a pain, and a visit
            offered = bool(
                re.search(
                    r"\b(?:60|90|120|hour|hr|two hours|2 hours)", signals.minutes_text or "", re.I
                )
            )
            return meant if offered and names_a_day(text) and not is_question(text) else None
        strong = bool(signals.when_text and (signals.postcode or signals.minutes_text)) or bool(
            signals.minutes_text and (signals.postcode or signals.name)  # "Anna here. 60 min, UB3"
        )
        if intent is None or intent in WEAK:
            return meant if requests_a_visit(text) else None
        if intent in DETAILS:
            asks = any(
                pattern.search(text) for pattern in (_BOOK_VERB, _WANTS_TO_BOOK, _WANTS_A_MASSAGE)
            )
            return meant if (asks or strong) and requests_a_visit(text) else None
        if intent.startswith(QUESTION_PREFIXES) and strong:
            asked = _last_question(text)
            details = sum(map(bool, (signals.when_text, signals.minutes_text, signals.postcode)))
            if not asked or details >= 3 or _GENERIC_ASK.search(asked):
                return meant
        return None


# Heard for a short message about a day: a detail, small talk, or a question about the hours
_HEARD_AS_DETAILS = frozenset(
    {*DETAILS, *WEAK, "ask_opening_hours", "ask_session_length", "ask_capabilities"}
)
# ... that asks for a visit: "anyone free ...?", "... any good?", "massage Sunday 2pm"
_ABOUT_A_DAY = re.compile(
    r"\b(?:anyone|anybody|someone|somebody|any(?:one)? of (?:you|your)|a therapist|therapists?|"
    r"massages?|sessions?|appointments?|slots?|space|free|available|any good|work for you|"
    r"suit you|possible|doable|ok for you|okay for you)\b",
    re.IGNORECASE,
)


def _sentences(text: str) -> list[str]:
    """The sentences of `text` (split after . ! or ?)."""
    return [part for part in re.split(r"(?<=[.!?])\s+", text.strip()) if part.strip()]


def _asks_about_a_day(text: str) -> bool:
    """A short message that names a day and asks for a visit on it, with no pain in it."""
    return (
        len(text.split()) <= 14
        and names_a_day(text)
        and bool(_ABOUT_A_DAY.search(text))
        and not _PAIN_WORDS.search(text)
        and not _BUSINESS_QUESTION.search(text.replace("do you do", ""))
    )


def _states_a_wish_to_book(text: str) -> bool:
    """ "...and want to book it in": a wish said as a statement, not "can I still book?"."""
    return bool(_WISH_TO_BOOK.search(text)) and not _ASKS_IF.search(text)


_WISH_TO_BOOK = re.compile(
    r"\b(?:want|wanna|would like|'d like|'d love|looking|hoping)\s+to\s+(?:book|use it|redeem it|"
    r"get (?:it|one|a massage|a session) booked)\b",
    re.IGNORECASE,
)
_ASKS_IF = re.compile(
    r"\b(?:can|could|may|should|would)\s+(?:i|she|he|we|they|you)\b|\bis it\b|\bdo you\b|\?",
    re.IGNORECASE,
)
SURE_QUESTION = 0.8  # a question the classifier is this sure of stays a question
# A question about the service ("how early", "which days"), not a request for a visit.
_SERVICE_QUESTION = re.compile(
    r"\bhow (?:early|late|soon|far|often|long|much)\b|\bwhat (?:time|days|hours)\b|"
    r"\bwhich (?:days|areas|hours|times)\b|\b(?:is|are) (?:your|the) (?:therapists?|team|"
    r"people|staff)\s+(?:available|free|open|working)\b|\bat all\b|\bever\b",
    re.IGNORECASE,
)


def _last_sentence(text: str) -> str:
    sentences = _sentences(text)
    return sentences[-1] if sentences else text


def _spelled(text: str) -> str:
    """Slips in the booking words: "can i bok a masage", "an apointment"."""
    words = text.split()
    for index, word in enumerate(words):
        bare = word.lower().strip(",.!?")
        if bare in _SLIPS:
            words[index] = _SLIPS[bare]
        elif len(bare) >= 6 and bare.isalpha() and bare not in _BOOKING_WORDS:
            best = min(_BOOKING_WORDS, key=lambda known: OSA.distance(bare, known))
            if OSA.distance(bare, best) == 1:
                words[index] = best
    return " ".join(words)


def _last_question(text: str) -> str | None:
    """The last sentence of `text` that asks something, if any."""
    asking = [part for part in _sentences(text) if is_question(part)]
    return asking[-1] if asking else None


def resumes_a_booking(text: str) -> bool:
    """ "can we carry on with the booking after all?", "I'm back, let's finish": short, with
    no pain and no "don't"."""
    return (
        len(text.split()) <= 14
        and bool(_RESUMES.search(text))
        and not _PAIN_WORDS.search(text)
        and not _NOT.search(text)
    )


_NOT = re.compile(r"\b(?:don'?t|do not|not|no longer|won'?t|never)\b", re.IGNORECASE)


def requests_a_visit(text: str) -> bool:
    """Whether `text` asks for a visit or gives its details (see the module's docstring)."""
    text = _spelled(text)
    if resumes_a_booking(text):
        return True
    signals = read_signals(text)
    if _ASKS_WHAT_IS_FREE.search(text) and signals.when_text:
        return True
    details = sum(
        bool(part)
        for part in (signals.when_text, signals.minutes_text, signals.postcode, signals.name)
    )
    asked = _last_question(text)
    if asked and _BUSINESS_QUESTION.search(asked):
        return bool(details >= 2 and signals.minutes_text and signals.when_text)
    if _BOOK_VERB.search(text) or _WANTS_TO_BOOK.search(text):
        return True
    if _PAIN_WORDS.search(text):  # "sat at my desk for 2 hours and my back hurts": a pain
        return False
    if (signals.minutes_text and not asked) or _WANTS_A_MASSAGE.search(text):
        return True
    if signals.when_text and len(text.split()) <= 8 and re.search(r"\bmassage\b", text, re.I):
        return True  # "massage a week today?", "massage sat morning pls"
    return details >= 2 or (details >= 1 and bool(_ASKS_FOR_A_VISIT.search(text)))
