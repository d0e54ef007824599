"""When a visit should start: a natural-language date and time -> a checked start time.

`parse_when(text, business, now=...)` reads "tomorrow at 6pm", "Saturday morning",
"next Tues 7.30", "25/12 at 10am" or "in 2 hours" in the business's time zone, relative to
`now`, preferring the future. Times, weekdays and numeric dates are read here; the
remaining words ("25th of December", "next month") go to dateparser. It never invents a
missing time: "next week" or "Saturday" get a question back. `check_start` applies the
rules to a start time:

- it must be after `now`;
- the visit must START at or after opening time and END by closing time: with hours of
  06:00 to midnight a 60-minute session can start from 06:00 to 23:00, so 05:59 and 23:59
  are refused. A therapist who arrives at 23:59 would still be working at 00:59, and
  "closes at midnight" is what the replies promise. Until the session length is chosen the
  shortest offered length is assumed; call `check_start(..., minutes=)` again once it is.

A refusal carries the two valid start times nearest to the one asked for (on a 30-minute
grid from opening time), formatted like "Saturday 6 December at 06:00".

A bare hour ("at 7", "7.30") is read as morning or evening, whichever is a valid start,
morning first; when both are, the result says which it took (`assumption`). "Morning",
"afternoon" and "evening" (or "tonight") without a time mean 09:00, 14:00 and 18:00, also
stated in `assumption`. "Next Tuesday" is the first Tuesday after today; "Tuesday" is today
if it is Tuesday and the time is still ahead, else the coming one; "Tuesday week" is a week
after that. Midnight belongs to the end of the day it is said with.
"""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta
from enum import Enum
from typing import Any
from zoneinfo import ZoneInfo

from dateparser.date import DateDataParser
from rapidfuzz.distance import OSA

from bot.booking.holidays import named_day
from bot.business import hours
from bot.settings import Business

SLOT = timedelta(minutes=30)
ROUND_RELATIVE = 5  # "in 2 hours" is rounded up to the next 5 minutes
DAYPARTS = {
    "morning": time(9, 0),
    "afternoon": time(14, 0),
    "evening": time(18, 0),  # also "tonight" and "night"
}
# When each part of the day can start (the words people use for it -> these names).
DAYPART_WINDOWS = {
    "morning": (time(6, 0), time(12, 0)),
    "lunchtime": (time(12, 0), time(14, 0)),
    "afternoon": (time(12, 0), time(17, 0)),
    "tea time": (time(16, 30), time(18, 30)),
    "after work": (time(17, 0), time(20, 0)),
    "evening": (time(17, 0), time(23, 0)),
}
HORIZON_LIMIT = timedelta(days=3650)  # "in 99999999 days" is no date
RECENT_PAST = timedelta(
    days=60
)  # "30/11" said on 1 December has passed; "5/1" is next year  # "in 99999999 days" is no date
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
EXAMPLES = '"tomorrow at 6pm", "Saturday 10am" or "25/12 at 10:30"'


class WhenProblem(Enum):
    """Why a request for a time gives no start time."""

    UNCLEAR = "unclear"  # nothing recognisable as a day or time
    NEEDS_TIME = "needs_time"  # a day without a time (or "as soon as possible")
    NEEDS_DAY = "needs_day"  # a span such as "next week"
    PAST = "past"
    TOO_FAR = "too_far"  # beyond the booking horizon
    FULL = "full"  # every therapist is booked then
    CLOSED = "closed"  # starts outside opening hours
    RUNS_PAST_CLOSING = "runs_past_closing"  # starts in hours, ends after closing


@dataclass(frozen=True)
class WhenResult:
    """A start time (timezone-aware, in the business's zone) or why there is none.

    `message` is what to say: the start time in words when `ok`, else the refusal or the
    question. `alternatives` are valid start times to offer; `day` is the day understood
    when only the time is missing; `assumption` says how an unclear part was read.
    """

    starts_at: datetime | None
    message: str
    problem: WhenProblem | None = None
    alternatives: tuple[datetime, ...] = ()
    day: date | None = None
    assumption: str | None = None
    daypart: str | None = None  # the part of the day understood with `day` ("afternoon")
    understood: datetime | None = None  # the start asked for, when it is refused

    @property
    def ok(self) -> bool:
        return self.problem is None and self.starts_at is not None


def parse_when(
    text: str,
    business: Business,
    *,
    now: datetime | None = None,
    minutes: int | None = None,
    day: date | None = None,
    daypart: str | None = None,
    near: date | datetime | None = None,
) -> WhenResult:
    """Read `text` as a start time for a visit of `minutes` (default: the shortest offered).

    `day` and `daypart` are what an earlier answer established ("next Tuesday after work"):
    an answer that names no day of its own ("about 6.30") is read on that day. `near` is the
    day a correction is about: "make it Sunday" is the Sunday nearest to it. Given as the
    start being corrected (a datetime), an hour said without am or pm that is within two
    hours of it is read so: "half 7 instead of 7" of 19:00 is 19:30.
    """
    around = near if isinstance(near, datetime) else None
    near = near.date() if isinstance(near, datetime) else near
    zone = ZoneInfo(business.timezone)
    now = local_now(now, zone)
    said = _normalise(text)
    if not said:
        return _unclear()
    try:
        relative = _relative(said)
    except _Unclear as unclear:
        return _unclear(str(unclear))
    if relative is not None:
        return check_start(_round_up(now + relative), business, now=now, minutes=minutes)
    asap, said = _take(_ASAP, said)
    try:
        reading = _read(said, now, carried=(day, daypart) if day else None, near=near)
    except _Unclear as unclear:
        return _unclear(str(unclear))
    if asap and reading.is_empty:
        soonest = nearest_starts(now, business, now=now, minutes=minutes)
        return WhenResult(
            None,
            f"The soonest we can come is {_either(soonest, now)}. Would one of those suit you?",
            WhenProblem.NEEDS_TIME,
            soonest,
        )
    return _resolve(reading, business, now, minutes, around=around)


def names_a_clock_time(text: str) -> bool:
    """Whether `text` says a time on the clock ("11.30pm", "at 7", "half 6", "noon")."""
    return bool(_A_CLOCK_TIME.search(_normalise(text)))


def names_a_day_or_time(text: str) -> bool:
    """Whether `text` names a time on the clock or a day ("Sunday", "tomorrow", "the 14th"),
    not only a time gone by ("last week", "in the summer")."""
    said = _normalise(text)
    return bool(_A_CLOCK_TIME.search(said) or _ANY_DAY.search(said) or _DAYPART.search(said))


_ALSO_A_DAY = re.compile(
    r"^(?:\d{1,2}(?:st|nd|rd|th)?|\d{1,2}(?:[:.]\d{2})?(?:am|pm)?|am|pm|next|coming|the|"
    r"possibly|ish|tmrw|tomoz|tmr|2moro|2morrow|tomorow|tommorow|tomoro|hiya|heya|hallo|"
    r"thinking|hoping|probably|prob|hopefully)$"
)


def only_a_day(text: str) -> bool:
    """Whether `text` is a day and nothing else, maybe with its time ("Sat?", "next tues",
    "tmrw 6pm", "sunday then"): eight words at most, each a day, a time or a filler."""
    said = _normalise(text)
    words = said.split()
    return (
        0 < len(words) <= 8
        and names_a_day(said)
        and all(word in _KNOWN_WORDS or _ALSO_A_DAY.match(word) for word in words)
    )


def names_a_day(text: str) -> bool:
    """Whether `text` names a day ("Sunday", "tomorrow", "the 14th", "14/12", "New Year's
    Eve"), not a weekday in general ("Sundays")."""
    said = _normalise(text)
    return bool(
        _ANY_DAY.search(said)
        or named_day(said, date.today()) is not None
        or re.search(r"\b\d{1,2}/\d{1,2}\b", said)
    )


def span_of(text: str) -> str | None:
    """The span of days a message names without a day ("next week", "this weekend")."""
    match = _SPAN.search(_normalise(text))
    if not match:
        return None
    span = _squash(
        re.sub(r"\b(?:later|sometime|some time|at the|on the|over the|the)\b", " ", match.group(0))
    )
    return span.replace("week end", "weekend") or None


def within_span(text: str, span: str) -> str:
    """ "Thursday" or "7pm", said after "next week", is read within next week: `text` with
    the span added when it names no day of its own."""
    said = _normalise(text)
    weekday = _WEEKDAY.search(said)
    if weekday is not None and (
        (weekday.group(1) or "").strip() not in ("", "on") or weekday.group(3)
    ):
        return text
    if _SPAN.search(said) or named_day(said, date.today()) is not None:
        return text
    if any(pattern.search(said) for pattern, _, _ in _KEYWORD_DAYS):
        return text
    if re.search(r"\d(?:st|nd|rd|th)\b|\d/\d|\b\d{4}-\d\d-\d\d\b", said):
        return text
    return f"{text} {span}"


def check_start(
    starts_at: datetime, business: Business, *, now: datetime, minutes: int | None = None
) -> WhenResult:
    """`starts_at` if it is ahead of `now` and a session of `minutes` fits opening hours."""
    zone = ZoneInfo(business.timezone)
    now = local_now(now, zone)
    starts_at = _in_zone(starts_at, zone)
    length = _length(business, minutes)
    problem = WhenProblem.PAST if starts_at <= now else _fits(starts_at, length, business)
    if problem is None and starts_at - now > timedelta(days=business.horizon_days):
        last = (now + timedelta(days=business.horizon_days)).date()
        return WhenResult(
            None,
            f"We take bookings up to {business.horizon_days} days ahead, so until "
            f"{format_day(last, today=now.date())}. Which day before then would suit you?",
            WhenProblem.TOO_FAR,
            understood=starts_at,
        )
    if problem is None:
        return WhenResult(starts_at, format_when(starts_at, today=now.date()))
    offers = nearest_starts(starts_at, business, now=now, minutes=minutes)
    offer = f"The nearest times we can do are {_either(offers, now)}."
    if problem is WhenProblem.PAST:
        text = f"{format_when(starts_at, today=now.date())} has already passed."
        offer = f"The soonest we can come is {_either(offers, now)}."
    elif problem is WhenProblem.CLOSED:
        text = f"We visit {hours(business)}, so we can't start at {starts_at:%H:%M}."
    else:
        text = (
            f"A {_minutes(length)}-minute session starting at {starts_at:%H:%M} would run past "
            f"{_clock(business.closes)}, when we finish for the day."
        )
    question = " Would one of those suit you?" if offers else ""
    return WhenResult(None, f"{text} {offer}{question}", problem, offers, understood=starts_at)


def nearest_starts(
    wanted: datetime,
    business: Business,
    *,
    now: datetime,
    minutes: int | None = None,
    count: int = 2,
) -> tuple[datetime, ...]:
    """The `count` valid start times after `now` nearest to `wanted`, earliest first.

    Candidates are every 30 minutes from opening time, plus the latest start that still
    ends by closing time. A wanted time already past counts as `now` (the soonest wins).
    """
    zone = ZoneInfo(business.timezone)
    now = local_now(now, zone)
    anchor = max(_in_zone(wanted, zone), now)
    length = _length(business, minutes)
    first, last = anchor.date() - timedelta(days=1), anchor.date() + timedelta(days=8)
    candidates: list[datetime] = []
    if _round_the_clock(business):
        slot = datetime.combine(first, business.opens, tzinfo=zone)
        while slot.date() <= last:
            candidates.append(slot)
            slot += SLOT
    else:
        for opens, closes in _windows(first, last, business, zone):
            latest = closes - length
            slot = opens
            while slot <= latest:
                candidates.append(slot)
                slot += SLOT
            if opens <= latest and (latest - opens) % SLOT:
                candidates.append(latest)
    ahead = [slot for slot in candidates if slot > now]
    ahead.sort(key=lambda slot: (abs(slot - anchor), slot < anchor))
    return tuple(sorted(ahead[:count]))


def format_when(moment: datetime, *, today: date | None = None) -> str:
    """ "Saturday 6 December at 06:00" (with the year when it is not `today`'s year)."""
    return f"{format_day(moment.date(), today=today)} at {moment:%H:%M}"


def format_day(day: date, *, today: date | None = None) -> str:
    """ "Saturday 6 December" (with the year when it is not `today`'s year)."""
    text = f"{WEEKDAYS[day.weekday()]} {day.day} {day:%B}"
    return text if today is None or today.year == day.year else f"{text} {day.year}"


def local_now(now: datetime | None, zone: ZoneInfo) -> datetime:
    """`now` (default: the clock) in `zone`; a naive `now` is taken to be local time already."""
    if now is None:
        return datetime.now(zone)
    return _in_zone(now, zone)


# --- reading the words ------------------------------------------------------------------


class _Unclear(ValueError):
    """The text names a day or time that cannot be (the message says which)."""


@dataclass(frozen=True)
class _Clock:
    """A time of day as said: `meridiem` None with hour 1-11 means morning or evening."""

    hour: int
    minute: int
    meridiem: str | None
    said: str
    next_day: bool = False  # "midnight": the end of the day it is said with

    def readings(self, daypart: str | None) -> tuple[time, ...]:
        meridiem = self.meridiem
        if meridiem is None and daypart is not None and 1 <= self.hour <= 11:
            meridiem = "am" if daypart == "morning" else "pm"
            if daypart == "lunchtime" and self.hour >= 11:
                meridiem = "am"
        if meridiem == "am":
            return (time(self.hour % 12, self.minute),)
        if meridiem == "pm":
            return (time(self.hour % 12 + 12, self.minute),)
        if meridiem is None and 1 <= self.hour <= 11:
            return (time(self.hour, self.minute), time(self.hour + 12, self.minute))
        return (time(self.hour, self.minute),)


@dataclass(frozen=True)
class _Reading:
    days: tuple[date, ...] | None = None  # candidate days, preferred first
    weekday: int | None = None  # a weekday named alongside the days
    keyword_day: bool = False  # today/tomorrow/tonight: a lone number after it is an hour
    clock: _Clock | None = None
    daypart: str | None = None
    span: str | None = None  # "next week": ask which day

    @property
    def is_empty(self) -> bool:
        return (self.days, self.clock, self.daypart, self.span) == (None, None, None, None)


_SPACES = re.compile(r"\s+")
_ASAP = re.compile(
    r"\b(asap|as soon as (possible|you can)|right now|right away|straight away|"
    r"soonest|earliest|first available|now)\b"
)
_NUMBER_WORDS = {
    "a": 1,
    "an": 1,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "twelve": 12,
    "fifteen": 15,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "forty-five": 45,
}
_AMOUNT = r"(\d+(?:\.\d+)?|" + "|".join(sorted(_NUMBER_WORDS, key=len, reverse=True)) + ")"
_RELATIVE = re.compile(
    rf"\bin (?:(half an? hour)|{_AMOUNT} (hours?|hrs?|minutes?|mins?)( and a half)?)\b"
)
_RELATIVE_DAYS = re.compile(rf"\bin {_AMOUNT} (days?|weeks?)(?:'? time)?\b")
_WEEKDAY_NAMES = {
    "mon": 0,
    "monday": 0,
    "tue": 1,
    "tues": 1,
    "tuesday": 1,
    "wed": 2,
    "weds": 2,
    "wednesday": 2,
    "thu": 3,
    "thur": 3,
    "thurs": 3,
    "thursday": 3,
    "fri": 4,
    "friday": 4,
    "sat": 5,
    "saturday": 5,
    "sun": 6,
    "sunday": 6,
}
_WEEKDAY = re.compile(
    r"\b(?:(this|next|on|coming|this coming|last)\s+)?("
    + "|".join(sorted(_WEEKDAY_NAMES, key=len, reverse=True))
    + r")\b(\s+(?:of\s+)?next week|\s+week)?"
)
_WEEKDAY_ALTERNATIVES = "|".join(sorted(_WEEKDAY_NAMES, key=len, reverse=True))
# "the Monday after next": the Monday of the week after next
_AFTER_NEXT = re.compile(rf"\b(?:the\s+)?({_WEEKDAY_ALTERNATIVES})\s+after\s+next\b")
# "Monday 21 at 5": a weekday with the day of the month as a bare number
_WEEKDAY_NUMBER = re.compile(
    rf"\b({_WEEKDAY_ALTERNATIVES})\s+(?:the\s+)?([1-9]|[12]\d|3[01])\b(?!\s*(?:[:./-]\d|am|pm|"
    r"o'?clock|h\b|ish|in the|at night|tonight))"
)
# "saturday 19 in the evening": no clock says 19 in the evening, so 13 to 31 is a date
# whatever follows, unless it is written as a clock ("Sunday 18:30", "Sunday 18h")
_WEEKDAY_LATE_NUMBER = re.compile(
    rf"\b({_WEEKDAY_ALTERNATIVES})\s+(?:the\s+)?(1[3-9]|2\d|3[01])\b(?!\s*(?:[:./-]\d|h\b|hrs|hours))"
)
_A_CLOCK_TIME = re.compile(
    r"\b(?:at|around|about|from)\s+\d|\d\s*(?:am|pm)\b|\d[:.]\d\d|o'?clock|\bnoon\b|\bmidday\b|"
    r"\bhalf (?:past )?\d|\bquarter (?:past|to) \d"
)
_WEEK_ON = re.compile(
    r"\b(?:a\s+)?(?:week|fortnight)\s+(?:on|from|this|next)?\s*("
    + "|".join(sorted(_WEEKDAY_NAMES, key=len, reverse=True))
    + r")\b|\b("
    + "|".join(sorted(_WEEKDAY_NAMES, key=len, reverse=True))
    + r")\s+fortnight\b"
)
_SPAN = re.compile(
    r"\b(?:(?:this|next|at the|the|on the|over the)\s+)?week\s?end\b|"
    r"\b(?:later|sometime|some time)?\s*(?:this|next) (?:week|month)\b"
)
_KEYWORD_DAYS = (
    (re.compile(r"\b(?:the\s+)?day after tomorrow\b"), 2, None),
    (re.compile(r"\btomorrow\b"), 1, None),
    (re.compile(r"\btoday\b"), 0, None),
    (re.compile(r"\btonight\b"), 0, "evening"),
    (re.compile(r"\bthis (?=morning|afternoon|evening)"), 0, None),
    (re.compile(r"\byesterday\b"), -1, None),
)
_ISO_DATE = re.compile(r"\b(\d{4})-(\d{1,2})-(\d{1,2})\b")
_NUMERIC_DATE = re.compile(r"\b(\d{1,2})([/.-])(\d{1,2})(?:\2(\d{4}|\d{2}))?\b")
_TIME_CONTEXT = re.compile(r"\b(?:at|around|about|from|after|for|before|by)\s*$")
_MERIDIEM = re.compile(r"^\s*(am|pm)\b")
_NAMED_TIMES = re.compile(r"\b(noon|midday|midnight)\b")
_TIME_MERIDIEM = re.compile(r"\b(\d{1,2})(?:[:.](\d{2}))?\s*(am|pm)\b")
_TIME_PAST = re.compile(r"\b(half|quarter) past (\d{1,2})\b(?:\s*(am|pm)\b)?")
_TIME_TO = re.compile(r"\bquarter to (\d{1,2})\b(?:\s*(am|pm)\b)?")
_TIME_HALF = re.compile(r"\bhalf (\d{1,2})\b")
_TIME_COLON = re.compile(r"\b(\d{1,2})[:.](\d{2})\b(?:\s*(?:hrs|hours|h)\b)?")
_TIME_MILITARY = re.compile(r"\b([01]\d|2[0-3])([0-5]\d)\s*(?:hrs|h)\b")
_TIME_HOUR = re.compile(
    r"\b(?:at|around|about|after|from|like|bout|abt|say|roughly|approx|approximately)\s+(\d{1,2})(?:\s*o'?clock)?\b(?![:./]\d)|"
    r"\b(\d{1,2})\s*(?:o'?clock\b|(?=\s+(?:in the (?:morning|afternoon|evening)|at night)\b))"
)
_SESSION_LENGTH = re.compile(
    rf"\b(?:for\s+)?{_AMOUNT}\s*(?:hours?|hrs?|minutes?|mins?)(?:\s+and a half)?\b|"
    r"\b(?:for\s+)?(?:an?\s+)?hour and a half\b"
)
_DAYPART = re.compile(
    r"\b(?:in the\s+|at\s+)?(morning|afternoon|evening|night|lunchtime|lunch time|lunch|"
    r"tea time|teatime|after work|after i finish work|after i finish|first thing|"
    r"end of the day|after school)\b"
)
_DAYPART_NAMES = {
    "night": "evening",
    "lunch time": "lunchtime",
    "lunch": "lunchtime",
    "teatime": "tea time",
    "after i finish work": "after work",
    "after i finish": "after work",
    "after school": "afternoon",
    "first thing": "morning",
    "end of the day": "evening",
}
_MONTH_NAME = re.compile(
    r"\b(?:january|february|march|april|may|june|july|august|september|october|november|"
    r"december)\b"
)
_DATE_LIKE = re.compile(
    r"\b(jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\b|\d", re.IGNORECASE
)
_FILLER_WORDS = """a about after an and any anytime appointment are around at available be
best book booked booking by can cheers come could day do does fine for free from get good great
have hello hey hi home how i ideally if in is ish it it's its let's lets like long love lovely
mate maybe me massage my need no of ok okay on or over perfect perhaps please pls plz possible
pref preferably round say session should so some something sometime suit suits ta thank thanks
that that's the then there this thx time to try us visit want we what when work works would
yeah yes you your
actually sorry oops obviously oh ah um er erm hmm wait instead rather better prefer prefers
preferred change changed move moved make made meant mean just really only also too still
quite much more bit little earlier later same one either any anytime whatever sure cool
fab great fine brill lovely nice alright right mine morning's
someone somebody anyone anybody therapist here out pop nip"""
_FILLERS = frozenset(_FILLER_WORDS.split())


def _read(
    said: str,
    now: datetime,
    carried: tuple[date, str | None] | None = None,
    near: date | None = None,
) -> _Reading:
    today = now.date()
    reading = _Reading()
    text = said

    match, text = _take(_WEEK_FROM_KEYWORD, text)
    if match:
        offset = 7 if (match.group(1) or "") == "today" else 8
        reading = replace(reading, days=(today + timedelta(days=offset),), keyword_day=True)

    for pattern, offset, daypart in _KEYWORD_DAYS:
        if reading.days is not None:
            break
        match, text = _take(pattern, text)
        if match:
            day = today + timedelta(days=offset)
            reading = replace(reading, days=(day,), keyword_day=True, daypart=daypart)
            break

    if reading.days is None:
        named = named_day(text, today)
        if named is not None:
            text = _cut(text, named[1])
            reading = replace(reading, days=(named[0],), keyword_day=True)

    match, text = _take(_AFTER_NEXT, text)
    if match and reading.days is None:
        weekday = _WEEKDAY_NAMES[match.group(1)]
        ahead = (weekday - today.weekday()) % 7 or 7
        reading = replace(reading, days=(today + timedelta(days=ahead + 7),), weekday=weekday)

    number = _WEEKDAY_NUMBER.search(text) or _WEEKDAY_LATE_NUMBER.search(text)
    if number and reading.days is None:
        # "Monday 21 at 5": the date, since the time is said elsewhere; so is "Saturday 19"
        # when the 19th is a Saturday; "Sunday 10" (the 10th a Thursday) is 10:00
        elsewhere = text[: number.start(2)] + " " + text[number.end(2) :]
        if _A_CLOCK_TIME.search(elsewhere) or _falls_on(number, today):
            text = text[: number.start(2)] + f"{number.group(2)}th" + text[number.end(2) :]

    match, text = _take(_WEEK_ON, text)
    if match and reading.days is None:
        weekday = _WEEKDAY_NAMES[match.group(1) or match.group(2)]
        ahead = (weekday - today.weekday()) % 7 or 7
        weeks = 14 if "fortnight" in match.group(0) else 7
        reading = replace(reading, days=(today + timedelta(days=ahead + weeks),), weekday=weekday)

    match, text = _take(_WEEKDAY, text)
    if match and reading.weekday is None:
        weekday = _WEEKDAY_NAMES[match.group(2)]
        if reading.days is None:
            on_days = _weekday_days(today, weekday, match)
            # "make it Sunday" said of Saturday the 19th is the 20th; "10pm on the Saturday"
            # after Saturday the 12th was refused is the 12th
            same = carried[0] if carried and carried[0].weekday() == weekday else None
            reference = near or same
            if reference and match.group(1) in (None, "on") and not (match.group(3) or "").strip():
                on_days = (_nearest_weekday(reference, weekday, today),)
            reading = replace(reading, days=on_days, weekday=weekday)
        elif reading.days[0].weekday() != weekday:
            raise _Unclear(
                f"Did you mean {format_day(reading.days[0])} or {WEEKDAYS[weekday]}? "
                "Which day would suit you?"
            )

    match, text = _take(_RELATIVE_DAYS, text)
    if match and reading.days is None:
        amount = _amount(match.group(1))
        days = amount * (7 if match.group(2).startswith("week") else 1)
        if days > HORIZON_LIMIT.days:
            raise _Unclear(_TOO_FAR_AHEAD)
        reading = replace(reading, days=(today + timedelta(days=round(days)),))

    match, text = _take(_SPAN, text)
    if match and reading.days is None:
        reading = replace(reading, span=_squash(match.group(0)))

    text, reading = _read_named_date(text, reading, today)
    text, reading = _read_numeric_date(text, reading, today)
    if carried is not None and reading.days is None and reading.span is None:
        # the part of the day carried yields to one said now ("9 in the morning", "9am")
        said_part = _DAYPART.search(text) or re.search(r"\d\s*(?:am|pm)\b", text)
        part = reading.daypart if said_part else carried[1]
        reading = replace(reading, days=(carried[0],), keyword_day=True, daypart=part)
    text, reading = _read_clock(text, reading)

    parts = list(_DAYPART.finditer(text))
    if parts:
        # "after my lunch, so half past one in the afternoon": the plain part of the day wins
        plain = [m for m in parts if m.group(1) in ("morning", "afternoon", "evening", "night")]
        match = (plain or parts)[0]
        for found in reversed(parts):
            text = _cut(text, found)
        if reading.daypart is None:
            reading = replace(reading, daypart=_DAYPART_NAMES.get(match.group(1), match.group(1)))

    _, text = _take(_SESSION_LENGTH, text)

    rest = tuple(word for word in text.split() if word not in _FILLERS)
    if rest:
        reading = _read_rest(" ".join(rest), reading, now)
    return reading


def _falls_on(number: re.Match[str], today: date) -> bool:
    """Whether the next day of the month numbered so (this month or next) is the weekday
    named with it: "Saturday 19" when the 19th is a Saturday."""
    weekday, day = _WEEKDAY_NAMES[number.group(1)], int(number.group(2))
    month = today.replace(day=1)
    for _ in range(2):
        try:
            candidate = month.replace(day=day)
        except ValueError:
            candidate = None
        if candidate is not None and candidate >= today:
            return candidate.weekday() == weekday
        month = (month + timedelta(days=32)).replace(day=1)
    return False


def _nearest_weekday(reference: date, weekday: int, today: date) -> date:
    """The `weekday` next to `reference` (the day before, itself or the day after: "make it
    Sunday" of a Saturday); otherwise, or if that has passed, the next one from today."""
    offset = (weekday - reference.weekday() + 3) % 7 - 3
    day = reference + timedelta(days=offset)
    if abs(offset) > 1 or day < today:
        day = today + timedelta(days=(weekday - today.weekday()) % 7)
    return day


def _weekday_days(today: date, weekday: int, match: re.Match[str]) -> tuple[date, ...]:
    ahead = (weekday - today.weekday()) % 7
    upcoming = today + timedelta(days=ahead or 7)
    qualifier, week = match.group(1), (match.group(3) or "").strip()
    if qualifier == "last":  # the one already past: refused as past, never moved ahead
        return (today - timedelta(days=(today.weekday() - weekday) % 7 or 7),)
    if week.endswith("next week"):
        monday = today - timedelta(days=today.weekday()) + timedelta(days=7)
        return (monday + timedelta(days=weekday),)
    if week == "week":
        return (upcoming + timedelta(days=7),)
    if qualifier == "next" or ahead:
        return (upcoming,)
    return (today, upcoming)


_MONTHS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6,
    "jul": 7, "aug": 8, "sep": 9, "oct": 10, "nov": 11, "dec": 12,
}  # fmt: skip
_MONTH = (
    r"(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
    r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
)
_DAY_MONTH = re.compile(
    rf"\b(?:the\s+)?(\d{{1,2}})(?:st|nd|rd|th)?(?:\s+of)?\s+{_MONTH}\b(?:,?\s+(\d{{4}}))?"
)
_MONTH_DAY = re.compile(
    rf"\b{_MONTH}\s+(?:the\s+)?(\d{{1,2}})(st|nd|rd|th)?\b(?![:.]\d)(?:,?\s+(\d{{4}}))?"
)
_ORDINAL_DAY = re.compile(
    r"\b(?:the\s+)?(\d{1,2})(?:st|nd|rd|th)\b(?!\s+(?:floor|flat|house|door|street|road|"
    r"avenue|time|attempt|child|baby|week|weeks|trimester|month|year|birthday|anniversary|"
    r"session|visit|massage|one|place|stop|exit))"
)
MONTHS_AHEAD = 12  # "Saturday the 19th": the next month whose 19th is a Saturday, within a year


def _read_named_date(text: str, reading: _Reading, today: date) -> tuple[str, _Reading]:
    """ "6th December", "Dec 20th", "the 22nd", "Saturday 19th" (with the weekday checked)."""
    if reading.days is not None and reading.weekday is None:
        return text, reading
    match = _DAY_MONTH.search(text)
    if match:
        day, month, year = int(match.group(1)), _MONTHS[match.group(2)[:3]], match.group(3)
        return _cut(text, match), _with_day(reading, _dated(day, month, year, match, today))
    match = _MONTH_DAY.search(text)
    if match and (match.group(1) != "may" or match.group(3)):
        day, month, year = int(match.group(2)), _MONTHS[match.group(1)[:3]], match.group(4)
        return _cut(text, match), _with_day(reading, _dated(day, month, year, match, today))
    match = _ORDINAL_DAY.search(text)
    if match:
        return _cut(text, match), _with_day(reading, _next_day_numbered(match, reading, today))
    return text, reading


def _dated(day: int, month: int, year: str | None, match: re.Match[str], today: date) -> date:
    if year:
        return _date(int(year), month, day, match)
    found = _date(today.year, month, day, match)
    return _date(today.year + 1, month, day, match) if found < today - RECENT_PAST else found


def _next_day_numbered(match: re.Match[str], reading: _Reading, today: date) -> date:
    """The next date numbered so (this month if not past), matching a weekday named with it."""
    number = int(match.group(1))
    first = today.replace(day=1)
    for ahead in range(MONTHS_AHEAD + 1):
        month_start = date(
            first.year + (first.month - 1 + ahead) // 12, (first.month - 1 + ahead) % 12 + 1, 1
        )
        try:
            candidate = month_start.replace(day=number)
        except ValueError:
            continue
        if candidate < today:
            continue
        if reading.weekday is None or candidate.weekday() == reading.weekday:
            return candidate
    raise _Unclear(f'"{match.group(0)}" isn\'t a date I can find. Which day did you mean?')


def _read_numeric_date(text: str, reading: _Reading, today: date) -> tuple[str, _Reading]:
    match = _ISO_DATE.search(text)
    if match:
        year, month, day_of_month = (int(part) for part in match.groups())
        return _cut(text, match), _with_day(reading, _date(year, month, day_of_month, match))
    for match in _NUMERIC_DATE.finditer(text):
        first, separator, second, year_text = match.groups()
        if separator == "." and not year_text and not _dotted_is_date(text, match, reading):
            continue
        said_year: int | None = None
        if year_text:
            said_year = int(year_text) + (2000 if len(year_text) == 2 else 0)
        day = _date(said_year or today.year, int(second), int(first), match)
        if said_year is None and day < today - RECENT_PAST:
            day = _date(today.year + 1, int(second), int(first), match)
        return _cut(text, match), _with_day(reading, day)
    return text, reading


def _dotted_is_date(text: str, match: re.Match[str], reading: _Reading) -> bool:
    """ "5.12" is a date unless a day is already named or it reads as a time ("at 7.30")."""
    if reading.days is not None or reading.span is not None:
        return False
    if _TIME_CONTEXT.search(text[: match.start()]) or _MERIDIEM.match(text[match.end() :]):
        return False
    day, month = int(match.group(1)), int(match.group(3))
    return 1 <= day <= 31 and 1 <= month <= 12


def _with_day(reading: _Reading, day: date) -> _Reading:
    if reading.weekday is not None and day.weekday() != reading.weekday:
        raise _Unclear(
            f"{day.day} {day:%B} is a {WEEKDAYS[day.weekday()]}, not a "
            f"{WEEKDAYS[reading.weekday]}. Which day did you mean?"
        )
    if reading.days is not None and reading.keyword_day and reading.days[0] != day:
        raise _Unclear(f"Did you mean {format_day(reading.days[0])} or {format_day(day)}?")
    return replace(reading, days=(day,), span=None)


def _date(year: int, month: int, day: int, match: re.Match[str]) -> date:
    try:
        return date(year, month, day)
    except ValueError:
        raise _Unclear(
            f'"{match.group(0)}" isn\'t a date in the calendar. Which day did you mean?'
        ) from None


def _read_clock(text: str, reading: _Reading) -> tuple[str, _Reading]:
    match, text = _take(_NAMED_TIMES, text)
    if match:
        name = match.group(1)
        if name == "midnight":
            clock = _Clock(0, 0, None, name, next_day=True)
        else:
            clock = _Clock(12, 0, "pm", name)
        return text, replace(reading, clock=clock)
    match, text = _take(_TIME_MERIDIEM, text)
    if match:
        hour, minute = int(match.group(1)), int(match.group(2) or 0)
        if not 1 <= hour <= 12 or minute > 59:
            raise _Unclear(_not_a_time(match.group(0)))
        return text, replace(reading, clock=_Clock(hour, minute, match.group(3), match.group(0)))
    match, text = _take(_TIME_PAST, text)
    if match:
        minute = 30 if match.group(1) == "half" else 15
        return text, replace(reading, clock=_hour_clock(match, 2, minute, match.group(3)))
    match, text = _take(_TIME_TO, text)
    if match:
        clock = _hour_clock(match, 1, 0, match.group(2))
        hour = clock.hour - 1 if clock.hour > 1 else 12
        return text, replace(reading, clock=replace(clock, hour=hour, minute=45))
    match, text = _take(_TIME_HALF, text)
    if match:
        return text, replace(reading, clock=_hour_clock(match, 1, 30, None))
    match, text = _take(_TIME_COLON, text)
    if match:
        return text, replace(reading, clock=_colon_clock(match.group(1), match.group(2), match))
    match, text = _take(_TIME_MILITARY, text)
    if match:
        return text, replace(reading, clock=_colon_clock(match.group(1), match.group(2), match))
    match, text = _take(_TIME_HOUR, text)
    if match:
        group = 1 if match.group(1) else 2
        return text, replace(reading, clock=_hour_clock(match, group, 0, None))
    return text, reading


def _hour_clock(match: re.Match[str], group: int, minute: int, meridiem: str | None) -> _Clock:
    hour = int(match.group(group))
    limit = 12 if meridiem else 23
    if not (1 if meridiem else 0) <= hour <= limit:
        raise _Unclear(_not_a_time(match.group(0)))
    if hour > 12 or hour == 0:
        return _Clock(hour, minute, "24h", match.group(0))
    return _Clock(hour, minute, meridiem, match.group(0))


def _colon_clock(hour_text: str, minute_text: str, match: re.Match[str]) -> _Clock:
    hour, minute = int(hour_text), int(minute_text)
    if hour > 23 or minute > 59:
        raise _Unclear(_not_a_time(match.group(0)))
    said = _squash(match.group(0))
    if hour == 0 or hour >= 13 or hour_text.startswith("0"):
        return _Clock(hour, minute, "24h", said)
    return _Clock(hour, minute, "pm" if hour == 12 else None, said)


def _read_rest(rest: str, reading: _Reading, now: datetime) -> _Reading:
    """Words the patterns left: a lone hour after "tomorrow", or a date for dateparser."""
    if rest.isdigit() and len(rest) > 4:  # no day or hour has that many digits
        raise _Unclear("That number doesn't look like a day or a time.")
    if rest.isdigit():
        named_day = reading.keyword_day or reading.weekday is not None  # "sunday 10": 10:00
        if named_day and reading.clock is None and 1 <= int(rest) <= 23:
            meridiem = "24h" if int(rest) > 12 else None
            return replace(reading, clock=_Clock(int(rest), 0, meridiem, rest))
        if reading.days is None and reading.clock is None:
            raise _Unclear(f"Did you mean {rest} o'clock, or the {_ordinal(int(rest))}?")
        return reading
    if reading.keyword_day or (reading.days is not None and reading.weekday is None):
        return reading
    day, period = _dateparser_day(rest, now)
    if day is None:
        if reading.days is None and (reading.clock or reading.daypart or _DATE_LIKE.search(rest)):
            raise _Unclear(f'I couldn\'t work out the day from "{rest}". Which date do you mean?')
        return reading
    if period in {"week", "month", "year"}:
        return replace(reading, span=rest) if reading.days is None else reading
    return _with_day(reading, day)


def _dateparser_day(text: str, now: datetime) -> tuple[date | None, str | None]:
    settings: dict[str, Any] = {
        "PREFER_DATES_FROM": "future",
        "DATE_ORDER": "DMY",
        "PREFER_DAY_OF_MONTH": "first",
        "RELATIVE_BASE": now.replace(tzinfo=None),
        "RETURN_TIME_AS_PERIOD": True,
    }
    found = DateDataParser(languages=["en"], settings=settings).get_date_data(text)
    if found.date_obj is None:
        return None, None
    day: date = found.date_obj.date()
    today = now.date()
    said_year = re.search(r"\b\d{4}\b", text)
    if not said_year and (day.month, day.day) == (today.month, today.day):
        day = today  # dateparser's "future" skips today's own date
    return day, found.period


# --- from a reading to a start time -----------------------------------------------------


def _resolve(
    reading: _Reading,
    business: Business,
    now: datetime,
    minutes: int | None,
    *,
    around: datetime | None = None,
) -> WhenResult:
    zone = now.tzinfo
    assert isinstance(zone, ZoneInfo)
    today = now.date()
    if reading.span is not None and reading.days is None:
        return _needs_day(reading, business)
    if reading.clock is None and reading.daypart is None:
        if reading.days is None:
            return _unclear()
        day = _first_open_day(reading.days, business, now, minutes)
        return WhenResult(
            None,
            f"What time on {format_day(day, today=today)} would suit you? "
            f"We visit {hours(business)}.",
            WhenProblem.NEEDS_TIME,
            day=day,
        )
    days = reading.days or (today, today + timedelta(days=1))
    if reading.clock is None:
        assert reading.daypart is not None
        return _needs_hour(days, reading.daypart, business, now, minutes)
    times = _nearest_first(reading.clock.readings(reading.daypart), around)
    candidates = [
        datetime.combine(day, moment, tzinfo=zone)
        + timedelta(days=1 if reading.clock and reading.clock.next_day else 0)
        for day in days
        for moment in times
    ]
    results = [check_start(start, business, now=now, minutes=minutes) for start in candidates]
    chosen = next((result for result in results if result.ok), None)
    if chosen is None:
        future = [result for result in results if result.problem is not WhenProblem.PAST]
        return (future or results)[0]
    return replace(chosen, assumption=_assumption(reading, chosen, results, candidates))


CORRECTION_REACH = timedelta(hours=2)  # "half 7 instead of 7": the reading near the old time


def _nearest_first(times: tuple[time, ...], around: datetime | None) -> tuple[time, ...]:
    """The readings of an hour with the one within `CORRECTION_REACH` of `around` first."""
    if around is None or len(times) < 2:
        return times

    def distance(moment: time) -> timedelta:
        return abs(datetime.combine(around.date(), moment) - around.replace(tzinfo=None))

    close = [moment for moment in times if distance(moment) <= CORRECTION_REACH]
    if not close:
        return times
    nearest = min(close, key=distance)
    return (nearest, *(moment for moment in times if moment != nearest))


def _needs_hour(
    days: tuple[date, ...], daypart: str, business: Business, now: datetime, minutes: int | None
) -> WhenResult:
    """ "Tuesday afternoon": ask the hour on that day, saying which starts the part allows."""
    zone = now.tzinfo
    assert isinstance(zone, ZoneInfo)
    opens, closes = DAYPART_WINDOWS.get(daypart, (business.opens, time(23, 59)))
    for day in days:
        window = [
            start
            for start in nearest_starts(
                datetime.combine(day, time(12, 0), tzinfo=zone),
                business,
                now=now,
                minutes=minutes,
                count=96,
            )
            if start.date() == day and opens <= start.time() <= closes
        ]
        if window:
            when = f"{format_day(day, today=now.date())} {_part_phrase(daypart)}"
            return WhenResult(
                None,
                f"What time on {when} would suit you? We can start from "
                f"{window[0]:%H:%M} to {window[-1]:%H:%M}.",
                WhenProblem.NEEDS_TIME,
                day=day,
                daypart=daypart,
            )
    day = days[0]
    offers = nearest_starts(
        datetime.combine(day, opens, tzinfo=zone), business, now=now, minutes=minutes
    )
    said = f"{format_day(day, today=now.date())} {_part_phrase(daypart)}"
    problem = WhenProblem.PAST if datetime.combine(day, closes, tzinfo=zone) <= now else None
    opening = f"{said} has already passed." if problem else f"We can't visit {said}."
    return WhenResult(
        None,
        f"{opening} The nearest times we can do are {_either(offers, now)}. Would one of "
        "those suit you?",
        problem or WhenProblem.CLOSED,
        offers,
    )


def _part_phrase(daypart: str) -> str:
    return {"after work": "after work", "tea time": "at tea time", "lunchtime": "at lunchtime"}.get(
        daypart, f"in the {daypart}"
    )


def _assumption(
    reading: _Reading,
    chosen: WhenResult,
    results: list[WhenResult],
    candidates: list[datetime],
) -> str | None:
    assert chosen.starts_at is not None
    start = chosen.starts_at
    if reading.clock is None:
        return None
    if len(reading.clock.readings(reading.daypart)) < 2:
        return None
    other = [
        candidate
        for candidate, result in zip(candidates, results, strict=True)
        if result.ok and candidate.date() == start.date() and candidate != start
    ]
    if not other:
        return None
    suffix = "pm" if start.hour < 12 else "am"
    return (
        f'I\'ve taken "{reading.clock.said}" as {start:%H:%M}; say '
        f'"{reading.clock.said}{suffix}" if you meant {other[0]:%H:%M}.'
    )


def _needs_day(reading: _Reading, business: Business) -> WhenResult:
    at = ""
    if reading.clock is not None and len(reading.clock.readings(reading.daypart)) == 1:
        at = f" at {reading.clock.readings(reading.daypart)[0]:%H:%M}"
    elif reading.daypart is not None:
        at = f" in the {reading.daypart}"
    ask = "" if at else ", and at what time"
    return WhenResult(
        None,
        f"Which day {_span_phrase(reading.span or '')}{at} would suit you{ask}? "
        f"We visit {hours(business)}.",
        WhenProblem.NEEDS_DAY,
    )


def _span_phrase(span: str) -> str:
    """ "next week", "at the weekend", "in December": how to say the span back."""
    words = span.replace("week end", "weekend")
    if "weekend" in words:
        return next(
            (f"{word} weekend" for word in ("next", "this") if word in words.split()),
            "at the weekend",
        )
    words = _MONTH_NAME.sub(lambda match: match.group(0).capitalize(), words)
    first = words.split()[0] if words else ""
    return (
        words
        if first in {"this", "next", "later", "sometime", "some", "in", "during"}
        else f"in {words}"
    )


def _first_open_day(
    days: tuple[date, ...], business: Business, now: datetime, minutes: int | None
) -> date:
    """The first of `days` that still has a valid start time after `now`."""
    for day in days:
        midday = datetime.combine(day, time(12, 0), tzinfo=now.tzinfo)
        if any(slot.date() == day for slot in nearest_starts(midday, business, now=now, count=96)):
            return day
    return days[0]


# --- opening hours ----------------------------------------------------------------------


def _fits(start: datetime, length: timedelta, business: Business) -> WhenProblem | None:
    if _round_the_clock(business):
        return None
    zone = start.tzinfo
    assert isinstance(zone, ZoneInfo)
    yesterday = start.date() - timedelta(days=1)
    for opens, closes in _windows(yesterday, start.date(), business, zone):
        if opens <= start < closes:
            return None if start + length <= closes else WhenProblem.RUNS_PAST_CLOSING
    return WhenProblem.CLOSED


def _windows(
    first: date, last: date, business: Business, zone: ZoneInfo
) -> list[tuple[datetime, datetime]]:
    """(opening, closing) of each day from `first` to `last`; closing may be the next day."""
    opens = business.opens.hour * 60 + business.opens.minute
    closes = business.closes.hour * 60 + business.closes.minute
    span = timedelta(minutes=(closes - opens) % (24 * 60))
    windows = []
    for offset in range((last - first).days + 1):
        start = datetime.combine(first + timedelta(days=offset), business.opens, tzinfo=zone)
        windows.append((start, start + span))
    return windows


def _round_the_clock(business: Business) -> bool:
    return business.opens == business.closes


def _length(business: Business, minutes: int | None) -> timedelta:
    return timedelta(minutes=minutes if minutes is not None else min(business.session_minutes))


# --- small helpers ----------------------------------------------------------------------


_DAY_WORDS = (
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "tomorrow",
    "tonight", "morning", "afternoon", "evening", "january", "february", "march", "april",
    "june", "july", "august", "september", "october", "november", "december", "christmas",
)  # fmt: skip
_KNOWN_WORDS = frozenset(_DAY_WORDS) | _FILLERS | frozenset(_WEEKDAY_NAMES)


# Words one letter from a day word that are words of their own ("after the match")
_NOT_SLIPS = frozenset({"match", "marsh", "parch", "larch", "mourning", "sundae", "mornings"})


def spelled_days(text: str) -> str:
    """`text` in lower case with slips in day words put right ("tusday" -> "tuesday")."""
    return _spelled(text.lower())


def _spelled(said: str) -> str:
    """Slips in day words: "moday" -> "monday", "wendsday" -> "wednesday", "satuday"."""
    words = said.split()
    for index, word in enumerate(words):
        if len(word) < 5 or word in _KNOWN_WORDS or word in _NOT_SLIPS or not word.isalpha():
            continue
        best = min(_DAY_WORDS, key=lambda known: OSA.distance(word, known))
        allowed = 1 if len(word) < 8 else 2
        if OSA.distance(word, best) <= allowed:
            words[index] = best
    return " ".join(words)


def _normalise(text: str) -> str:
    said = unicodedata.normalize("NFKC", text).lower().replace("\u2019", "'")
    said = said.replace("a.m.", "am").replace("p.m.", "pm")
    said = said.encode("ascii", "ignore").decode()  # "²" or "٣" is no hour on a UK clock
    said = re.sub(
        r"\b(tmrw|tmr|tomoz|tomorow|tommorow|tommorrow|2moro|2morrow|tomoro|tomorro|tmoro|"
        r"tmorrow|tomrw|tomrrow|tomorrw|tommoro)\b",
        "tomorrow",
        said,
    )
    # "the 18rh", "21dt": an ordinal with a slip in its ending
    said = re.sub(r"\b([12]?\d|3[01])(?:rh|tj|yh|gh|tg|ht|dt|sr|nf|rf)\b", r"\1th", said)
    # "may as well", "may I": the verb, not the month
    said = re.sub(
        r"\bmay(?=\s+(?:as|i|we|you|be|not|have|need|want|just|also|well|prefer|take|get)\b)",
        " ",
        said,
    )
    said = re.sub(r"\b(2nite|tonite|2night)\b", "tonight", said)
    said = re.sub(r"\b(?:2day|2dy|tday|tdy|todya|tody)\b", "today", said)
    said = re.sub(r"\bnite\b", "night", said)
    said = re.sub(r"\b(?:wrk|wrok|werk)\b", "work", said)
    said = re.sub(r"\bif (?:poss|possible|pos|u can|you can|that'?s ok|thats okay)\b", " ", said)
    # "next week, Tuesday": the Tuesday of next week, as "Tuesday next week" reads
    said = re.sub(
        rf"\bnext week,?\s+(?:on\s+)?(?:the\s+)?({_WEEKDAY_ALTERNATIVES})\b", r"\1 next week", said
    )
    # "Saturday" said after "the weekend" (joined as "saturday weekend"): this weekend's
    said = re.sub(rf"\b({_WEEKDAY_ALTERNATIVES})\s+weekend\b", r"\1 this weekend", said)
    # "half 5 pm": half past five in the afternoon
    said = re.sub(r"\bhalf (?:past )?(1[0-2]|0?[1-9])\s*(am|pm)\b", r"\1:30\2", said)
    said = re.sub(r"(?<!christmas )(?<!xmas )(?<!year's )(?<!years )\beve\b", "evening", said)
    said = re.sub(r"\barvo\b", "afternoon", said)
    said = re.sub(r"\b(?:teh|hte)\b", "the", said)  # "at 7 in teh evening"
    # "legs are dead from 5-a-side": a game, not a time
    said = re.sub(r"\b(?:\d{1,2}|five|six|seven|eleven)[\s-]a[\s-]side\b", " ", said)
    # "7 30 pm", "at 7 30": a clock typed with a space for the colon
    said = re.sub(r"\b(1[0-2]|0?[1-9])\s+([0-5]\d)\s*(am|pm)\b", r"\1:\2\3", said)
    said = re.sub(
        r"\bat (1[0-2]|0?[1-9]|1\d|2[0-3])\s+([0-5]\d)\b(?!\s*(?:min|mins|minutes|hour|hours|hr))",
        r"at \1:\2",
        said,
    )
    said = _clock_words(_spelled(said))
    said = re.sub(rf"\bnot (?:on )?(?:a |the )?(?:{_WEEKDAY_ALTERNATIVES})\b,?", " ", said)
    # "4am, my flight's not till noon": the time it is not
    said = re.sub(
        r"\bnot (?:till|until|til|before)\s+(?:noon|midday|midnight|\d{1,2}(?:[:.]\d{2})?\s*"
        r"(?:am|pm)?)\b",
        " ",
        said,
    )
    said = _without_event_days(said)
    said = _SAT_THE_VERB.sub(r"\1 seated", said)  # "I've been sat at a desk": no Saturday
    said = _COUNTED.sub(" ", said)  # "for like 3 months", "2 kids": a count, not an hour
    said = re.sub(
        r"\b([01]?\d|2[0-3])h([0-5]\d)?\b", lambda m: f"{m.group(1)}:{m.group(2) or '00'}", said
    )
    said = re.sub(r"\belevenses\b", "11am", said)
    said = re.sub(r"\b(1[0-2]|0?[1-9])([0-5]\d)\s*(am|pm)\b", r"\1:\2\3", said)  # "530pm"
    said = re.sub(r"\bin (morning|afternoon|evening)\b", r"in the \1", said)
    said = re.sub(r"\b(\d{1,2}(?:[:.]\d{2})?)\s*-?\s*ish\b", r"at \1", said)
    said = re.sub(r"\bish\b", " ", said)
    said = re.sub(r"(?<!\d)\.|\.(?!\d)", " ", said)
    said = re.sub(r"[^\w:/.'\- ]", " ", said)
    return _squash(said)


# "a wedding on Sunday the 13th ... could someone do Saturday the 12th": the day of the
# event (or the day a pain began) is not the day of the visit, when the message names
# another day.
_EVENT = (
    r"(?:wedding|race|marathon|10k|5k|triathlon|match|game|party|flight|holiday|trip|"
    r"surgery|operation|op|gig|show|event|exam|interview|competition|tournament|birthday|"
    r"funeral|hen do|stag do|hen|stag|christening|shift|concert|festival|graduation|meeting|"
    r"presentation|performance|recital|fight|ride|hike|climb|procedure|scan)"
)
_A_DAY = (
    rf"(?:(?:this|next|last)\s+)?(?:{_WEEKDAY_ALTERNATIVES})\b(?:\s+(?:the\s+)?\d{{1,2}}"
    r"(?:st|nd|rd|th)?\b)?|the\s+\d{1,2}(?:st|nd|rd|th)\b|\d{1,2}(?:st|nd|rd|th)\b"
)
_EVENT_DAY = re.compile(
    rf"\b{_EVENT}s?\s+(?:is\s+|was\s+|'s\s+)?(?:on|this|next|last)\s+(?:(?:the\s+)?{_A_DAY})"
    r"|\b(?:after|before)\s+(?:the|my|a|our|his|her)\s+(?:[a-z0-9-]+\s+){0,2}?(?:on|this|"
    rf"next|last)\s+(?:{_A_DAY})"
    # "aching since Monday ... could someone come this Sunday": the day it began
    rf"|\b(?:ever\s+)?since\s+(?:{_A_DAY})|\blast\s+(?:{_WEEKDAY_ALTERNATIVES})\b"
    r"|\b(?:hurt|pulled|tweaked|strained|injured|twisted|ricked|cricked|started|began|"
    r"happened|fell|slipped|flared|flared up|came on|kicked in|played|ran|did)\b"
    rf"(?:\s+[a-z0-9']+){{0,3}}?\s+on\s+(?:{_A_DAY})"
    # "found it in a drawer this morning ... can I book Monday evening": what already happened
    r"|\b(?:(?!(?:need|feed|speed|proceed)\b)[a-z]{2,}ed|found|woke|got up|felt|was|were|did|"
    r"had|went|came|began|hurt|slept|stood|sat|lifted|fell)\b(?:\s+[a-z0-9']+){0,6}?\s+"
    r"(?:this (?:morning|afternoon)|earlier today)"
)
_ANY_DAY = re.compile(rf"\b(?:{_A_DAY})|\b(?:today|tomorrow|tonight)\b")
# "I'm working tomorrow, can it be saturday instead?": the day that cannot be, when the
# message names another day
_NOT_THAT_DAY = re.compile(
    r"\b(?:working|busy|away|at work|tied up|stuck at work|not free|not around|not in|"
    r"can'?t do|cannot do|can'?t make|cannot make|no good|not good for me|instead of|"
    r"rather than|not|(?:got|have)\s+(?:work|plans|something(?:\s+on)?|stuff(?:\s+on)?|"
    r"a lot on|a shift|shifts|school|training))\s+(?:on\s+|this\s+|until\s+)?"
    rf"(?:{_A_DAY}|today|tomorrow|tonight)(?:\s+(?:morning|afternoon|evening|night))?"
)


def _without_event_days(said: str) -> str:
    kept = _NOT_THAT_DAY.sub(" ", _EVENT_DAY.sub(" ", said))
    another = _ANY_DAY.search(kept) or _TODAYS_PART.search(kept)
    return kept if kept != said and another else said


_TODAYS_PART = re.compile(r"\bthis (?:morning|afternoon|evening)\b")


_SAT_THE_VERB = re.compile(
    r"\b(i|i've|ive|i'd|been|was|were|just|we|he|she|they|you|had|have|has|being|get|got|"
    r"getting|when|while|from|after|all day|too long)\s+sat\b(?!\s+(?:at\s+)?\d)"
    r"|\bsat(?=\s+(?:down|up|hunched|still|around|about|behind|in front|at (?:a|my|the|his|her|"
    r"a|work|home|desk)|on (?:a|my|the|his|her|sofa|couch|floor|chair)|in (?:a|my|the|his|her|"
    r"car|traffic)|with|there|here|for (?:hours|ages|too|so|a long|long)|all)\b)"
)
_COUNTED = re.compile(
    r"(?<!\bin )(?<!\bin the next )(?<!\bwithin )\b"
    r"(?:(?:like|about|around|for|at least|over|nearly|almost|past|last)\s+)?\d{1,2}\s+"
    r"(?:months?|weeks?|wks?|days?|years?|yrs?|nights?|kids?|children|people|times?|stone|"
    r"kilos?|kg|miles?|floors?|flights?|steps?|cats?|dogs?)\b"
    r"(?!'?\s*(?:time|from|on\b|today|tomorrow|after|later|away|ahead))"
)
_SAME_TIME = re.compile(r"\b(?:this|same) time (next week|tomorrow)\b")
_WEEK_FROM_KEYWORD = re.compile(r"\ba week (tomorrow|today|on tomorrow)\b|\btomorrow week\b")


_HOUR_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
}  # fmt: skip
_HOUR_WORD = r"(one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)"
_MINUTE_WORDS = {"fifteen": "15", "thirty": "30", "forty five": "45", "forty-five": "45"}
_CLOCK_WORD_PATTERNS = (
    # "five thirty", "seven fifteen"
    (re.compile(rf"\b{_HOUR_WORD}[\s-](fifteen|thirty|forty[\s-]five)\b"), "minutes"),
    # "five o'clock", "nine am", "seven in the evening", "half seven", "at nine"
    (
        re.compile(
            rf"\b{_HOUR_WORD}(?=\s*(?:o'?clock|am|pm|in the (?:morning|afternoon|evening)|"
            r"at night|tonight|ish)\b)"
        ),
        "hour",
    ),
    (
        re.compile(
            r"\b(half|at|about|around|from|after|before|by|past|to|till|until)\s+"
            rf"{_HOUR_WORD}\b"
        ),
        "prefixed",
    ),
)


def _clock_words(said: str) -> str:
    """Hours said in words as digits: "five o'clock" -> "5 o'clock", "half seven" -> "half 7"."""
    for pattern, kind in _CLOCK_WORD_PATTERNS:
        if kind == "minutes":
            said = pattern.sub(
                lambda m: (
                    f"{_HOUR_WORDS[m.group(1)]}:{_MINUTE_WORDS[m.group(2).replace('-', ' ')]}"
                ),
                said,
            )
        elif kind == "prefixed":
            said = pattern.sub(lambda m: f"{m.group(1)} {_HOUR_WORDS[m.group(2)]}", said)
        else:
            said = pattern.sub(lambda m: str(_HOUR_WORDS[m.group(1)]), said)
    return said


def _relative(said: str) -> timedelta | None:
    same = _SAME_TIME.search(said)
    if same:
        return timedelta(days=7 if same.group(1) == "next week" else 1)
    match = _RELATIVE.search(said)
    if match is None:
        return None
    if match.group(1):
        return timedelta(minutes=30)
    amount = _amount(match.group(2)) + (0.5 if match.group(4) else 0)
    unit = match.group(3)
    span = timedelta(hours=amount) if unit.startswith("h") else timedelta(minutes=amount)
    if span > HORIZON_LIMIT:
        raise _Unclear(_TOO_FAR_AHEAD)
    return span


_TOO_FAR_AHEAD = "That's further ahead than we can book. Which day and time would suit you?"


def _amount(word: str) -> float:
    return _NUMBER_WORDS[word] if word in _NUMBER_WORDS else float(word)


def _round_up(moment: datetime) -> datetime:
    minutes = moment.hour * 60 + moment.minute + (1 if moment.second or moment.microsecond else 0)
    rounded = math.ceil(minutes / ROUND_RELATIVE) * ROUND_RELATIVE
    midnight = moment.replace(hour=0, minute=0, second=0, microsecond=0)
    return midnight + timedelta(minutes=rounded)


def _in_zone(moment: datetime, zone: ZoneInfo) -> datetime:
    if moment.tzinfo is None:
        return moment.replace(tzinfo=zone)
    return moment.astimezone(zone)


def _take(pattern: re.Pattern[str], text: str) -> tuple[re.Match[str] | None, str]:
    match = pattern.search(text)
    return (match, _cut(text, match)) if match else (None, text)


def _cut(text: str, match: re.Match[str]) -> str:
    return _squash(f"{text[: match.start()]} {text[match.end() :]}")


def _squash(text: str) -> str:
    return _SPACES.sub(" ", text).strip()


def _unclear(detail: str | None = None) -> WhenResult:
    text = detail or (
        f"Sorry, I couldn't work out when you'd like us to come. Could you give a day and a "
        f"time, like {EXAMPLES}?"
    )
    return WhenResult(None, text, WhenProblem.UNCLEAR)


def _not_a_time(said: str) -> str:
    return f'"{said}" isn\'t a time on the clock. What time would suit you, like 10am or 18:30?'


def _either(options: tuple[datetime, ...], now: datetime) -> str:
    words = [format_when(option, today=now.date()) for option in options]
    return " or ".join(words) if words else "not something I can find in the next week"


def _clock(moment: time) -> str:
    return "midnight" if moment == time(0, 0) else moment.strftime("%H:%M")


def _minutes(length: timedelta) -> int:
    return int(length.total_seconds() // 60)


def _ordinal(number: int) -> str:
    suffix = (
        "th" if 11 <= number % 100 <= 13 else {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
    )
    return f"{number}{suffix}"
