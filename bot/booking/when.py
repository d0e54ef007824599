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
from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta
from enum import Enum
from typing import Any
from zoneinfo import ZoneInfo

from dateparser.date import DateDataParser

from bot.business import hours
from bot.settings import Business

SLOT = timedelta(minutes=30)
ROUND_RELATIVE = 5  # "in 2 hours" is rounded up to the next 5 minutes
DAYPARTS = {
    "morning": time(9, 0),
    "afternoon": time(14, 0),
    "evening": time(18, 0),  # also "tonight" and "night"
}
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
EXAMPLES = '"tomorrow at 6pm", "Saturday 10am" or "25/12 at 10:30"'


class WhenProblem(Enum):
    """Why a request for a time gives no start time."""

    UNCLEAR = "unclear"  # nothing recognisable as a day or time
    NEEDS_TIME = "needs_time"  # a day without a time (or "as soon as possible")
    NEEDS_DAY = "needs_day"  # a span such as "next week"
    PAST = "past"
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

    @property
    def ok(self) -> bool:
        return self.problem is None and self.starts_at is not None


def parse_when(
    text: str, business: Business, *, now: datetime | None = None, minutes: int | None = None
) -> WhenResult:
    """Read `text` as a start time for a visit of `minutes` (default: the shortest offered)."""
    zone = ZoneInfo(business.timezone)
    now = local_now(now, zone)
    said = _normalise(text)
    if not said:
        return _unclear()
    relative = _relative(said)
    if relative is not None:
        return check_start(_round_up(now + relative), business, now=now, minutes=minutes)
    asap, said = _take(_ASAP, said)
    try:
        reading = _read(said, now)
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
    return _resolve(reading, business, now, minutes)


def check_start(
    starts_at: datetime, business: Business, *, now: datetime, minutes: int | None = None
) -> WhenResult:
    """`starts_at` if it is ahead of `now` and a session of `minutes` fits opening hours."""
    zone = ZoneInfo(business.timezone)
    now = local_now(now, zone)
    starts_at = _in_zone(starts_at, zone)
    length = _length(business, minutes)
    problem = WhenProblem.PAST if starts_at <= now else _fits(starts_at, length, business)
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
    return WhenResult(None, f"{text} {offer}{question}", problem, offers)


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
    r"\b(?:(this|next|on|coming|this coming)\s+)?("
    + "|".join(sorted(_WEEKDAY_NAMES, key=len, reverse=True))
    + r")\b(\s+(?:of\s+)?next week|\s+week)?"
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
_NAMED_TIMES = re.compile(r"\b(noon|midday|lunchtime|lunch time|midnight)\b")
_TIME_MERIDIEM = re.compile(r"\b(\d{1,2})(?:[:.](\d{2}))?\s*(am|pm)\b")
_TIME_PAST = re.compile(r"\b(half|quarter) past (\d{1,2})\b(?:\s*(am|pm)\b)?")
_TIME_TO = re.compile(r"\bquarter to (\d{1,2})\b(?:\s*(am|pm)\b)?")
_TIME_HALF = re.compile(r"\bhalf (\d{1,2})\b")
_TIME_COLON = re.compile(r"\b(\d{1,2})[:.](\d{2})\b(?:\s*(?:hrs|hours|h)\b)?")
_TIME_MILITARY = re.compile(r"\b([01]\d|2[0-3])([0-5]\d)\s*(?:hrs|h)\b")
_TIME_HOUR = re.compile(
    r"\b(?:at|around|about|after|from)\s+(\d{1,2})(?:\s*o'?clock)?\b(?![:./]\d)|"
    r"\b(\d{1,2})\s*o'?clock\b"
)
_SESSION_LENGTH = re.compile(
    rf"\b(?:for\s+)?{_AMOUNT}\s*(?:hours?|hrs?|minutes?|mins?)(?:\s+and a half)?\b|"
    r"\b(?:for\s+)?(?:an?\s+)?hour and a half\b"
)
_DAYPART = re.compile(r"\b(?:in the\s+)?(morning|afternoon|evening|night)\b")
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
yeah yes you your"""
_FILLERS = frozenset(_FILLER_WORDS.split())


def _read(said: str, now: datetime) -> _Reading:
    today = now.date()
    reading = _Reading()
    text = said

    for pattern, offset, daypart in _KEYWORD_DAYS:
        match, text = _take(pattern, text)
        if match:
            day = today + timedelta(days=offset)
            reading = replace(reading, days=(day,), keyword_day=True, daypart=daypart)
            break

    match, text = _take(_WEEKDAY, text)
    if match:
        weekday = _WEEKDAY_NAMES[match.group(2)]
        if reading.days is None:
            reading = replace(reading, days=_weekday_days(today, weekday, match), weekday=weekday)
        elif reading.days[0].weekday() != weekday:
            raise _Unclear(
                f"Did you mean {format_day(reading.days[0])} or {WEEKDAYS[weekday]}? "
                "Which day would suit you?"
            )

    match, text = _take(_RELATIVE_DAYS, text)
    if match and reading.days is None:
        amount = _amount(match.group(1))
        days = amount * (7 if match.group(2).startswith("week") else 1)
        reading = replace(reading, days=(today + timedelta(days=round(days)),))

    match, text = _take(_SPAN, text)
    if match and reading.days is None:
        reading = replace(reading, span=_squash(match.group(0)))

    text, reading = _read_numeric_date(text, reading, today)
    text, reading = _read_clock(text, reading)

    match, text = _take(_DAYPART, text)
    if match and reading.daypart is None:
        daypart = "evening" if match.group(1) == "night" else match.group(1)
        reading = replace(reading, daypart=daypart)

    _, text = _take(_SESSION_LENGTH, text)

    rest = tuple(word for word in text.split() if word not in _FILLERS)
    if rest:
        reading = _read_rest(" ".join(rest), reading, now)
    return reading


def _weekday_days(today: date, weekday: int, match: re.Match[str]) -> tuple[date, ...]:
    ahead = (weekday - today.weekday()) % 7
    upcoming = today + timedelta(days=ahead or 7)
    qualifier, week = match.group(1), (match.group(3) or "").strip()
    if week.endswith("next week"):
        monday = today - timedelta(days=today.weekday()) + timedelta(days=7)
        return (monday + timedelta(days=weekday),)
    if week == "week":
        return (upcoming + timedelta(days=7),)
    if qualifier == "next" or ahead:
        return (upcoming,)
    return (today, upcoming)


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
        if said_year is None and day < today:
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
    if rest.isdigit():
        if reading.keyword_day and reading.clock is None and 1 <= int(rest) <= 23:
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
    reading: _Reading, business: Business, now: datetime, minutes: int | None
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
    if reading.clock is not None:
        times = reading.clock.readings(reading.daypart)
    else:
        assert reading.daypart is not None
        times = (DAYPARTS[reading.daypart],)
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


def _assumption(
    reading: _Reading,
    chosen: WhenResult,
    results: list[WhenResult],
    candidates: list[datetime],
) -> str | None:
    assert chosen.starts_at is not None
    start = chosen.starts_at
    if reading.clock is None:
        return (
            f"I've pencilled in {start:%H:%M} for the {reading.daypart}; "
            "say if another time suits better."
        )
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


def _normalise(text: str) -> str:
    said = text.lower().replace("\u2019", "'").replace("a.m.", "am").replace("p.m.", "pm")
    said = re.sub(
        r"\b(tmrw|tmr|tomoz|tomorow|tommorow|tommorrow|2moro|2morrow)\b", "tomorrow", said
    )
    said = re.sub(r"(?<!\d)\.|\.(?!\d)", " ", said)
    said = re.sub(r"[^\w:/.'\- ]", " ", said)
    return _squash(said)


def _relative(said: str) -> timedelta | None:
    match = _RELATIVE.search(said)
    if match is None:
        return None
    if match.group(1):
        return timedelta(minutes=30)
    amount = _amount(match.group(2)) + (0.5 if match.group(4) else 0)
    unit = match.group(3)
    return timedelta(hours=amount) if unit.startswith("h") else timedelta(minutes=amount)


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
