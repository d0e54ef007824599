"""Adapters that read a booking answer ("tomorrow at 6pm") with other English date/time parsers.

Made to compare bot.booking.when with well-kept libraries. Each `read_<name>(text, now)` gives
one `Reading`: what the library itself found, mapped without extra grammar of ours. `now` is an
aware datetime in Europe/London; every datetime in a Reading is London time to the minute.

Each adapter imports its library inside the function, so this module imports without any of
them; `available()` names the adapters whose libraries import here and `PARSERS` maps only
those. Nothing here uses the network. The libraries are not project dependencies: install them
into a scratch environment (see the notes in each adapter).

Rules shared by all adapters:
- A library that finds several expressions in one text is read by its longest match (the
  earliest of equal ones); matches are never merged ("christmas eve" + "3pm" stays two).
- A clock time that a library gives without a date is put on `now`'s date, as timefhuman and
  dateutil do themselves.
- "span" carries `start` and `end` as the library gave them (either may be None); a library
  that states only a precision coarser than a day ("week") gives a span with its anchor date as
  `start` and no `end`.
- A bare duration ("2 hours") that a library does not turn into a time is "none".
"""

from __future__ import annotations

import importlib
import os
import sys
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import lru_cache
from typing import Any, TypeVar
from zoneinfo import ZoneInfo

LONDON = ZoneInfo("Europe/London")
# Debian's tzdata: duckling needs full TZif files. The slim ones in PyPI's `tzdata` load
# without error but lose the zone's rules, so summer times come out an hour wrong.
ZONEINFO_DIR = "/usr/share/zoneinfo"

T = TypeVar("T")


@dataclass(frozen=True)
class Reading:
    """What one parser made of one answer."""

    kind: str  # "at" (a date and a clock time), "day" (a date, no clock time),
    # "span" (several days, or a library's interval), "none" (nothing found)
    start: datetime | None = None  # London, minute precision; for "day" 00:00
    end: datetime | None = None  # for "span"


NOTHING = Reading("none")


# --- shared helpers ----------------------------------------------------------------------


def _wall(now: datetime) -> datetime:
    """`now` as a naive London wall-clock time, the reference most libraries take."""
    return now.astimezone(LONDON).replace(tzinfo=None)


def _local(value: datetime) -> datetime:
    """A library's naive (London wall clock) or aware datetime as London time to the minute."""
    aware = value.replace(tzinfo=LONDON) if value.tzinfo is None else value.astimezone(LONDON)
    return aware.replace(second=0, microsecond=0)


def _midnight(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, tzinfo=LONDON)


def _at(value: datetime) -> Reading:
    return Reading("at", _local(value))


def _day(day: date) -> Reading:
    return Reading("day", _midnight(day))


def _span(start: datetime | None, end: datetime | None) -> Reading:
    if start is None and end is None:
        return NOTHING
    return Reading(
        "span",
        None if start is None else _local(start),
        None if end is None else _local(end),
    )


def _longest(matches: Iterable[tuple[int, T]]) -> T | None:
    """The item with the longest match length; the first of equal ones."""
    best: T | None = None
    best_length = -1
    for length, item in matches:
        if length > best_length:
            best, best_length = item, length
    return best


def _add_months(value: datetime, months: int) -> datetime:
    """`value` moved on by whole months (duckling's month grains start on the 1st)."""
    index = value.month - 1 + months
    return value.replace(year=value.year + index // 12, month=index % 12 + 1)


# --- dateparser 1.2.0 (the project's own version) ----------------------------------------


def _dateparser_settings(now: datetime) -> dict[str, Any]:
    return {
        "PREFER_DATES_FROM": "future",
        "RELATIVE_BASE": _wall(now),
        "DATE_ORDER": "DMY",
        "TIMEZONE": "Europe/London",
        "RETURN_TIME_AS_PERIOD": True,  # period "time" when a clock time was read
    }


def _dateparser_reading(value: datetime | None, period: str | None) -> Reading:
    """dateparser's date and period: "time" is at, "day" is day, week/month/year a span.

    dateparser copies `now`'s clock time into relative answers ("next week" is 10:00 a week
    on), so the period, not the clock time, tells whether a time was said. It labels
    "in 2 hours" period "day": that is reported as it says.
    """
    if value is None:
        return NOTHING
    if period == "time":
        return _at(value)
    if period == "day":
        return _day(value.date())
    return _span(_midnight(value.date()), None)


def read_dateparser(text: str, now: datetime) -> Reading:
    """`dateparser.parse` on the whole answer (through DateDataParser, to keep the period)."""
    from dateparser.date import DateDataParser

    parser = DateDataParser(languages=["en"], settings=_dateparser_settings(now))
    found = parser.get_date_data(text)
    return _dateparser_reading(found.date_obj, found.period)


def read_dateparser_search(text: str, now: datetime) -> Reading:
    """`dateparser.search.search_dates`: its longest hit, the period from parsing that hit.

    search_dates gives only (substring, datetime); the hit's own parse tells day from time. A
    hit that does not parse on its own is "at" (its clock time cannot be told from a default).
    """
    from dateparser.date import DateDataParser
    from dateparser.search import search_dates

    settings = _dateparser_settings(now)
    hits = search_dates(text, languages=["en"], settings=settings) or []
    hit = _longest((len(said), (said, value)) for said, value in hits)
    if hit is None:
        return NOTHING
    said, value = hit
    alone = DateDataParser(languages=["en"], settings=settings).get_date_data(said)
    if alone.date_obj is None:
        return _at(value)
    return _dateparser_reading(value, alone.period)


# --- ctparse ------------------------------------------------------------------------------


def _ctparse_point(moment: Any) -> datetime | None:
    """A ctparse Time as a datetime: 00:00 when it has no hour; None when it has no date."""
    if moment is None or None in (moment.year, moment.month, moment.day):
        return None
    hour = 0 if moment.hour is None else moment.hour
    minute = 0 if moment.minute is None else moment.minute
    return datetime(moment.year, moment.month, moment.day, hour, minute)


def read_ctparse(text: str, now: datetime) -> Reading:
    """ctparse's best parse: a Time with an hour is at, without one (e.g. "sat morning") day,
    an Interval a span; a Duration ("in 2 hours") is none. Ships its model; no download."""
    from ctparse import ctparse
    from ctparse.types import Interval, Time

    parse = ctparse(text, ts=_wall(now), timeout=1.0)
    resolution = None if parse is None else parse.resolution
    if isinstance(resolution, Time):
        point = _ctparse_point(resolution)
        if point is None:
            return NOTHING
        return _day(point.date()) if resolution.hour is None else _at(point)
    if isinstance(resolution, Interval):
        return _span(_ctparse_point(resolution.t_from), _ctparse_point(resolution.t_to))
    return NOTHING


# --- duckling (pyduckling-native-phihos: a prebuilt wheel of Facebook's Duckling) ----------


@lru_cache(maxsize=1)
def _duckling_setup() -> tuple[Any, Any, Any]:
    """Time zones, the en_GB locale and the time dimension, loaded once."""
    import duckling

    zones = duckling.load_time_zones(ZONEINFO_DIR)
    locale = duckling.parse_locale("EN_GB", duckling.default_locale_lang(duckling.parse_lang("EN")))
    return zones, locale, duckling.parse_dimensions(["time"])


def _duckling_time(stamp: str) -> datetime:
    return datetime.fromisoformat(stamp)  # "2026-12-02T18:00:00.000+00:00"


def _duckling_reading(value: dict[str, Any]) -> Reading:
    """Grain minute/hour/second is at, day is day, a coarser grain a span of that grain; an
    interval a span (Duckling's `to` is exclusive: "sat morning" is 00:00 to 12:00)."""
    if value.get("type") == "interval":
        start, end = value.get("from"), value.get("to")
        return _span(
            None if start is None else _duckling_time(start["value"]),
            None if end is None else _duckling_time(end["value"]),
        )
    if "value" not in value:
        return NOTHING
    moment, grain = _duckling_time(value["value"]), value.get("grain")
    if grain in ("second", "minute", "hour"):
        return _at(moment)
    if grain == "day":
        return _day(moment.astimezone(LONDON).date())
    months = {"month": 1, "quarter": 3, "year": 12}.get(str(grain))
    if months is not None:
        return _span(moment, _add_months(moment.astimezone(LONDON), months))
    if grain == "week":
        return _span(moment, moment + timedelta(days=7))
    return NOTHING


def read_duckling(text: str, now: datetime) -> Reading:
    """Duckling's longest time entity, as it resolves it (its first value, the next one)."""
    import duckling

    zones, locale, dimensions = _duckling_setup()
    reference = duckling.parse_ref_time(zones, "Europe/London", int(now.timestamp()))
    entities = duckling.parse(text, duckling.Context(reference, locale), dimensions, False)
    entity = _longest(
        (entity["end"] - entity["start"], entity) for entity in entities if entity["dim"] == "time"
    )
    return NOTHING if entity is None else _duckling_reading(entity["value"])


# --- parsedatetime ------------------------------------------------------------------------


@lru_cache(maxsize=1)
def _parsedatetime_calendar() -> Any:
    import parsedatetime

    # en_AU is the library's day-first English locale (it has no en_GB); no PyICU.
    constants = parsedatetime.Constants("en_AU", usePyICU=False)
    return parsedatetime.Calendar(constants, version=parsedatetime.VERSION_CONTEXT_STYLE)


def read_parsedatetime(text: str, now: datetime) -> Reading:
    """parseDT with its accuracy flags: a time flag (hour, half-day, minute) is at, the day
    flag day, only week/month/year a span from the date it gives; no flag is none.
    "sat morning" is a half-day flag, so at 06:00."""
    value, context = _parsedatetime_calendar().parseDT(text, sourceTime=_wall(now))
    if not context.accuracy:
        return NOTHING
    if context.hasTime:
        return _at(value)
    if context.accuracy & context.ACU_DAY:
        return _day(value.date())
    return _span(_midnight(value.date()), None)


# --- Microsoft Recognizers-Text (recognizers-text-suite), DateTimeV2, English -------------


@lru_cache(maxsize=1)
def _recognizers_model() -> Any:
    from recognizers_date_time import DateTimeRecognizer
    from recognizers_text import Culture

    return DateTimeRecognizer(Culture.English).get_datetime_model()


def _recognizers_value(kind: str, value: dict[str, Any], today: date) -> Reading:
    """One resolved DateTimeV2 value as a Reading; unresolved values raise KeyError."""

    def moment(stamp: str) -> datetime:  # "2026-12-02 18:00:00", "2026-12-02" or "18:00:00"
        if ":" in stamp and "-" not in stamp:
            return datetime.combine(today, time.fromisoformat(stamp))
        return datetime.fromisoformat(stamp)

    if kind in ("datetime", "time"):
        return _at(moment(value["value"]))
    if kind == "date":
        return _day(date.fromisoformat(value["value"]))
    if kind in ("daterange", "datetimerange", "timerange"):
        start, end = value.get("start"), value.get("end")
        if start is None and end is None:
            raise KeyError("start")
        return _span(None if start is None else moment(start), None if end is None else moment(end))
    raise KeyError(kind)  # duration, set: no time of their own


def _recognizers_pick(kind: str, values: list[dict[str, Any]], now: datetime) -> Reading:
    """Of the alternatives it lists (last and next Friday; 03:00 and 15:00 for "3"), the
    first that is not past, else the last."""
    today = _wall(now).date()
    readings = []
    for value in values:
        try:
            readings.append(_recognizers_value(kind, value, today))
        except (KeyError, ValueError):
            continue
    for reading in readings:
        point = reading.start or reading.end
        if point is not None and (
            point >= _midnight(today) if reading.kind == "day" else point >= now
        ):
            return reading
    return readings[-1] if readings else NOTHING


def read_recognizers(text: str, now: datetime) -> Reading:
    """DateTimeV2's longest entity: datetime/time is at, date day, the ranges span."""
    results = _recognizers_model().parse(text, _wall(now))
    readings = []
    for result in results:
        kind = result.type_name.rsplit(".", 1)[-1]
        values = (result.resolution or {}).get("values") or []
        reading = _recognizers_pick(kind, values, now)
        if reading.kind != "none":
            readings.append((len(result.text), reading))
    return _longest(readings) or NOTHING


# --- timefhuman ---------------------------------------------------------------------------


def _timefhuman_reading(raw: Any, filled: Any) -> Reading:
    """timefhuman's object without inference tells the kind; with inference, the value."""
    if isinstance(raw, list):
        return _timefhuman_reading(raw[0], filled[0]) if raw else NOTHING  # "fri or sat"
    if isinstance(raw, tuple):
        start, end = filled
        return _span(start, end)
    if isinstance(raw, datetime):
        return _at(filled)
    if isinstance(raw, date):
        return _day(raw)
    if isinstance(raw, (time, timedelta)):  # put on today / added to now by timefhuman
        return _at(filled)
    return NOTHING


def read_timefhuman(text: str, now: datetime) -> Reading:
    """timefhuman 0.1.5's longest match. Run twice: without inference (a date, time or
    timedelta says what was said) and with it (the datetime it makes of that)."""
    from timefhuman import tfhConfig, timefhuman

    wall = _wall(now)
    raw = timefhuman(
        text, config=tfhConfig(now=wall, infer_datetimes=False, return_matched_text=True)
    )
    filled = timefhuman(
        text, config=tfhConfig(now=wall, infer_datetimes=True, return_matched_text=True)
    )
    if len(raw) != len(filled):
        return NOTHING
    pair = _longest(
        (end - start, (plain, made))
        for (_, (start, end), plain), (_, _, made) in zip(raw, filled, strict=True)
    )
    return NOTHING if pair is None else _timefhuman_reading(*pair)


# --- datefinder ---------------------------------------------------------------------------


def read_datefinder(text: str, now: datetime) -> Reading:
    """datefinder's longest match. It always fills a clock time (now's, or 00:00), so it
    cannot say "day": every reading is "at"."""
    import datefinder

    found = datefinder.find_dates(text, source=True, base_date=_wall(now), first="day")
    value = _longest((len(said), value) for value, said in found)
    return NOTHING if value is None else _at(value)


# --- dateutil.parser, fuzzy ----------------------------------------------------------------


def read_dateutil(text: str, now: datetime) -> Reading:
    """`dateutil.parser.parse(fuzzy=True, dayfirst=True)`. It fills what was not said from
    `default`, so it is run with two defaults (00:00 and 23:00 on now's date): a different hour
    means no clock time was said. No preference for the future ("the 14th" may be past)."""
    from dateutil import parser

    base = _wall(now).replace(hour=0, minute=0, second=0, microsecond=0)
    try:
        early = parser.parse(text, fuzzy=True, dayfirst=True, default=base)
        late = parser.parse(text, fuzzy=True, dayfirst=True, default=base.replace(hour=23))
    except (ValueError, OverflowError):  # ParserError is a ValueError
        return NOTHING
    return _day(early.date()) if early.hour != late.hour else _at(early)


# --- what is here --------------------------------------------------------------------------

ADAPTERS: dict[str, Callable[[str, datetime], Reading]] = {
    "dateparser": read_dateparser,
    "dateparser_search": read_dateparser_search,
    "ctparse": read_ctparse,
    "duckling": read_duckling,
    "parsedatetime": read_parsedatetime,
    "recognizers": read_recognizers,
    "timefhuman": read_timefhuman,
    "datefinder": read_datefinder,
    "dateutil": read_dateutil,
}
_MODULES: dict[str, tuple[str, ...]] = {
    "dateparser": ("dateparser.date",),
    "dateparser_search": ("dateparser.date", "dateparser.search"),
    "ctparse": ("ctparse", "ctparse.types"),
    "duckling": ("duckling",),
    "parsedatetime": ("parsedatetime",),
    "recognizers": ("recognizers_date_time", "recognizers_text"),  # fails with emoji>=2
    "timefhuman": ("timefhuman",),
    "datefinder": ("datefinder",),
    "dateutil": ("dateutil.parser",),
}


def available() -> list[str]:
    """Names of the adapters whose libraries import here (duckling also needs Debian's zones)."""
    names = []
    for name, modules in _MODULES.items():
        try:
            for module in modules:
                importlib.import_module(module)
        except Exception:  # ImportError, or a library broken by a dependency's version
            continue
        if name == "duckling" and not os.path.isfile(os.path.join(ZONEINFO_DIR, "Europe/London")):
            continue
        names.append(name)
    return names


PARSERS: dict[str, Callable[[str, datetime], Reading]] = {
    name: ADAPTERS[name] for name in available()
}


def main(argv: list[str]) -> int:
    """`python bench/time_parsers.py "tomorrow at 6pm" ...`: each available parser's reading."""
    now = datetime.now(LONDON).replace(second=0, microsecond=0)
    for text in argv:
        print(text)
        for name, read in PARSERS.items():
            print(f"  {name:18} {read(text, now)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
