"""Named days people book by: Christmas Eve, Boxing Day, bank holidays (England and Wales)."""

from __future__ import annotations

import re
from datetime import date, timedelta

from dateutil.easter import easter

_FIXED = (
    (re.compile(r"\bchristmas eve\b|\bxmas eve\b"), 12, 24),
    (re.compile(r"\bboxing day\b"), 12, 26),
    (re.compile(r"\bnew year'?s eve\b|\bnye\b"), 12, 31),
    (re.compile(r"\bnew year'?s(?: day)?\b"), 1, 1),
    (re.compile(r"\bchristmas(?: day)?\b|\bxmas(?: day)?\b"), 12, 25),
)
_EASTER = (
    (re.compile(r"\bgood friday\b"), -2),
    (re.compile(r"\beaster (?:sunday|day)\b|\beaster\b(?! monday)"), 0),
    (re.compile(r"\beaster monday\b"), 1),
)
_BANK_HOLIDAY = re.compile(r"\b(?:the\s+)?(?:next\s+)?bank holiday(?: monday| weekend)?\b")


_NOT_THE_DAY = re.compile(
    r"\b(?:before|after|until|till|by|over|around|since|ahead of)\s+(?:the\s+)?$"
)


def named_day(text: str, today: date) -> tuple[date, re.Match[str]] | None:
    """The next day `text` names by its name ("boxing day"), not before `today`; a day said
    as a limit ("before Christmas", "after Easter") is no day to visit."""
    found = _named_day(text, today)
    if found is not None and _NOT_THE_DAY.search(text[: found[1].start()]):
        return None
    return found


def _named_day(text: str, today: date) -> tuple[date, re.Match[str]] | None:
    for pattern, month, day in _FIXED:
        match = pattern.search(text)
        if match:
            this_year = date(today.year, month, day)
            return (this_year if this_year >= today else date(today.year + 1, month, day)), match
    for pattern, offset in _EASTER:
        match = pattern.search(text)
        if match:
            day = easter(today.year) + timedelta(days=offset)
            if day < today:
                day = easter(today.year + 1) + timedelta(days=offset)
            return day, match
    match = _BANK_HOLIDAY.search(text)
    if match:
        upcoming = [day for day in bank_holidays(today.year) + bank_holidays(today.year + 1)]
        if "monday" in match.group(0):
            upcoming = [day for day in upcoming if day.weekday() == 0]
        return next(day for day in upcoming if day >= today), match
    return None


def bank_holidays(year: int) -> list[date]:
    """England and Wales bank holidays of `year` (substitute days for a weekend), in order."""
    days = [_weekday_on_or_after(date(year, 1, 1))]
    days += [easter(year) - timedelta(days=2), easter(year) + timedelta(days=1)]
    days.append(_first_monday(year, 5))
    days.append(_last_monday(year, 5))
    days.append(_last_monday(year, 8))
    christmas, boxing = date(year, 12, 25), date(year, 12, 26)
    if christmas.weekday() >= 5:  # Saturday or Sunday: Monday and Tuesday after
        christmas = christmas + timedelta(days=7 - christmas.weekday())
        boxing = christmas + timedelta(days=1)
    elif boxing.weekday() >= 5:
        boxing = boxing + timedelta(days=7 - boxing.weekday())
    days += [christmas, boxing]
    return sorted(days)


def _weekday_on_or_after(day: date) -> date:
    return day + timedelta(days=(7 - day.weekday()) % 7) if day.weekday() >= 5 else day


def _first_monday(year: int, month: int) -> date:
    first = date(year, month, 1)
    return first + timedelta(days=(7 - first.weekday()) % 7)


def _last_monday(year: int, month: int) -> date:
    last = date(year + (month == 12), month % 12 + 1, 1) - timedelta(days=1)
    return last - timedelta(days=last.weekday())
