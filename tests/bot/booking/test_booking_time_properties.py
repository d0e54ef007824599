"""Properties of the time reader over any input (hypothesis), and its accuracy floor on the
UK time-phrase set written apart from it (tests/booking/time_phrases.yml)."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.booking import fields, time_eval
from bot.booking.dialogue import Context, Draft, take_answer
from bot.booking.when import parse_when
from bot.settings import PROJECT_ROOT, Business, load

BUSINESS = load({}).business
ZONE = ZoneInfo(BUSINESS.timezone)
WORDS = st.sampled_from(
    [
        "tomorrow",
        "today",
        "tonight",
        "next",
        "this",
        "last",
        "a",
        "week",
        "on",
        "friday",
        "sat",
        "sunday",
        "mon",
        "at",
        "in",
        "about",
        "half",
        "quarter",
        "past",
        "to",
        "7",
        "12",
        "23",
        "99999999",
        "0",
        "30",
        "pm",
        "am",
        "ish",
        "morning",
        "afternoon",
        "evening",
        "after",
        "work",
        "christmas",
        "eve",
        "boxing",
        "day",
        "bank",
        "holiday",
        "14th",
        "14/12",
        "31/2",
        "25:00",
        "13pm",
        "hours",
        "days",
        "weeks",
        "minutes",
        "mins",
        "fortnight",
        "time",
        "same",
        "noon",
        "midnight",
        ":",
        ".",
        "/",
        "-",
        "?",
    ]
)
NOWS = st.datetimes(
    min_value=datetime(2025, 1, 1), max_value=datetime(2035, 12, 31), timezones=st.just(ZONE)
)
PHRASE = st.one_of(
    st.lists(WORDS, max_size=8).map(" ".join),
    st.text(max_size=40),
)
# the grammar's accuracy on the set: 0.672 before this work, 0.820 when first scored, 0.859 now
FLOOR = 0.85


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=PHRASE, now=NOWS, minutes=st.sampled_from(BUSINESS.session_minutes))
def test_no_input_raises_and_every_accepted_time_is_valid(
    text: str, now: datetime, minutes: int
) -> None:
    result = parse_when(text, BUSINESS, now=now, minutes=minutes)
    assert result.message
    if result.ok:
        start = result.starts_at
        assert start is not None and start.tzinfo is not None
        assert start.utcoffset() == start.astimezone(ZONE).utcoffset()  # in the business zone
        assert start > now
        assert start - now <= timedelta(days=BUSINESS.horizon_days)
        assert _in_hours(start, minutes, BUSINESS)
    for option in result.alternatives:
        assert option > now and _in_hours(option, minutes, BUSINESS)


def _in_hours(start: datetime, minutes: int, business: Business) -> bool:
    local = start.astimezone(ZONE)
    opens = local.replace(hour=business.opens.hour, minute=business.opens.minute)
    closes = (
        opens + timedelta(days=1)
        if business.closes == business.opens
        else opens.replace(hour=business.closes.hour, minute=business.closes.minute)
    )
    if closes <= opens:
        closes += timedelta(days=1)
    return opens <= local and local + timedelta(minutes=minutes) <= closes


def test_the_grammar_reads_the_uk_phrase_set_above_its_floor() -> None:
    phrases = time_eval.load(PROJECT_ROOT / time_eval.SET_PATH)
    report = time_eval.score(phrases, time_eval.grammar_reader())
    assert report["phrases"] >= 300
    assert report["errors"] == 0
    assert report["accuracy"] >= FLOOR, report["misses"][:20]


ASKING = st.sampled_from((*fields.REQUIRED, None))
ANY_MESSAGE = st.one_of(
    PHRASE,
    st.lists(
        st.sampled_from(
            [
                "yes",
                "no",
                "actually",
                "sorry",
                "change",
                "the",
                "time",
                "postcode",
                "SW4",
                "7AA",
                "M1",
                "1AE",
                "07400",
                "123456",
                "jo@example.com",
                "90",
                "mins",
                "an",
                "hour",
                "my",
                "name",
                "is",
                "Jo",
                "never",
                "mind",
                "let",
                "me",
                "think",
                "<b>x</b>",
                "wrong",
                "number",
                "confirm",
                "so",
                "is",
                "it",
                "booked",
                "?",
                "!",
                ",",
                "'",
            ]
        ),
        max_size=10,
    ).map(" ".join),
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=ANY_MESSAGE, asking=ASKING, half_done=st.booleans())
def test_no_answer_at_any_step_raises(text: str, asking: str | None, half_done: bool) -> None:
    draft = (
        Draft(when="2031-06-06 10:00", postcode="W2 1HB", minutes="60") if half_done else Draft()
    )
    context = Context(BUSINESS, now=datetime(2031, 6, 3, 11, 0, tzinfo=ZONE))
    outcome = take_answer(text, asking=asking, draft=draft, context=context)
    for name, value in outcome.slots.items():
        assert value is None or isinstance(value, str), (name, value)
    if asking in fields.FIELDS and asking not in outcome.slots:
        assert outcome.stop or outcome.slots  # something was understood, or it stopped
