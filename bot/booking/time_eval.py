"""Scoring a reader of time phrases on `tests/booking/time_phrases.yml` (UK phrases with
gold answers written apart from the grammar), for `bench/time_compare.py` and the floors.

A reader turns (text, now) into a `Reading`: "at" a start, a "day" without a clock time,
a "span" of days, "past" (a start already gone), "asap", or "none". A gold item is met when

- `at`: the reading is that start; `at_any`: one of those starts;
- `day`: the reading is that day without a time (the right reply asks the hour), or a
  start on that day inside the item's window;
- `span`: a span, or no single day chosen ("none" is not enough: a span must be seen);
- `past`: the reading keeps the past start (refused, never moved ahead);
- `none`: nothing read; `asap`: "asap", or a start within two hours.

`grammar_reader` is the project's own (bot.booking.when) with opening hours lifted, so
that understanding is scored and not the business's rules.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import yaml

from bot.booking.when import WhenProblem, parse_when
from bot.settings import Business

SET_PATH = Path("tests") / "booking" / "time_phrases.yml"
ZONE = ZoneInfo("Europe/London")
NOWS = {
    "n1": datetime(2026, 12, 1, 10, 0, tzinfo=ZONE),
    "n2": datetime(2026, 12, 18, 19, 30, tzinfo=ZONE),
    "n3": datetime(2027, 3, 21, 8, 15, tzinfo=ZONE),
}
KINDS = ("at", "at_any", "day", "span", "past", "none", "asap")


@dataclass(frozen=True)
class Reading:
    kind: str  # at, day, span, past, asap, none
    start: datetime | None = None
    end: datetime | None = None


@dataclass(frozen=True)
class Phrase:
    text: str
    now: datetime
    kind: str
    gold: Any
    window: tuple[time, time] | None
    tag: str


Reader = Callable[[str, datetime], Reading]


def load(path: Path) -> list[Phrase]:
    phrases = []
    for item in yaml.safe_load(path.read_text()) or []:
        kind = next(key for key in KINDS if key in item)
        window = item.get("window")
        phrases.append(
            Phrase(
                text=str(item["text"]),
                now=NOWS[item["now"]],
                kind=kind,
                gold=item[kind],
                window=(time.fromisoformat(window[0]), time.fromisoformat(window[1]))
                if window
                else None,
                tag=str(item.get("tag", "")),
            )
        )
    return phrases


def met(phrase: Phrase, reading: Reading) -> bool:
    """Whether `reading` is what the gold item means."""
    start = _minute(reading.start)
    if phrase.kind == "at":
        return reading.kind == "at" and start == _stamp(phrase.gold)
    if phrase.kind == "at_any":
        return reading.kind == "at" and start in {_stamp(value) for value in phrase.gold}
    if phrase.kind == "day":
        day = date.fromisoformat(str(phrase.gold))
        if reading.kind == "day":
            return start is not None and start.date() == day
        if reading.kind == "at" and start is not None and start.date() == day:
            window = phrase.window or (time(0, 0), time(23, 59))
            return window[0] <= start.time() <= window[1]
        return False
    if phrase.kind == "span":
        return reading.kind == "span"
    if phrase.kind == "past":
        return reading.kind == "past" and start == _stamp(phrase.gold)
    if phrase.kind == "none":
        return reading.kind == "none"
    if phrase.kind == "asap":
        if reading.kind == "asap":
            return True
        return (
            reading.kind == "at" and start is not None and start - phrase.now <= timedelta(hours=2)
        )
    return False


def score(phrases: Sequence[Phrase], reader: Reader) -> dict[str, Any]:
    """Accuracy overall, per tag and per gold kind, with the misses."""
    results: list[tuple[Phrase, Reading, str | None]] = []
    for phrase in phrases:
        try:
            reading = reader(phrase.text, phrase.now)
        except Exception as error:  # a crash is a miss, and is reported
            reading = Reading("error", None, None)
            results.append((phrase, reading, f"{type(error).__name__}: {error}"))
            continue
        results.append((phrase, reading, None))
    hits = [met(phrase, reading) for phrase, reading, _ in results]
    return {
        "phrases": len(phrases),
        "accuracy": round(sum(hits) / len(phrases), 4) if phrases else None,
        "by_tag": _shares(results, hits, lambda phrase: phrase.tag),
        "by_kind": _shares(results, hits, lambda phrase: phrase.kind),
        "errors": sum(1 for *_, error in results if error),
        "misses": [
            {
                "text": phrase.text,
                "gold": f"{phrase.kind} {phrase.gold}",
                "read": f"{reading.kind} {_minute(reading.start) or ''}".strip(),
                **({"error": error} if error else {}),
            }
            for (phrase, reading, error), hit in zip(results, hits, strict=True)
            if not hit
        ],
    }


def grammar_reader(business: Business | None = None) -> Reader:
    """The project's grammar, with the business's hours and horizon lifted."""
    open_all_day = Business(
        name="",
        booking_url="",
        booking_webhook_url=None,
        timezone="Europe/London",
        opens=time(0, 0),
        closes=time(0, 0),
        area="",
        session_minutes=(60,),
        prices={},
        horizon_days=3650,
    )
    chosen = business or open_all_day

    def read(text: str, now: datetime) -> Reading:
        result = parse_when(text, chosen, now=now)
        if result.ok:
            return Reading("at", result.starts_at)
        if result.problem is WhenProblem.NEEDS_TIME and result.day is not None:
            return Reading("day", datetime.combine(result.day, time(0, 0), tzinfo=ZONE))
        if result.problem is WhenProblem.NEEDS_TIME:
            return Reading("asap")
        if result.problem is WhenProblem.NEEDS_DAY:
            return Reading("span")
        if result.problem is WhenProblem.PAST and result.understood is not None:
            return Reading("past", result.understood)
        return Reading("none")

    return read


def _shares(
    results: Sequence[tuple[Phrase, Reading, str | None]],
    hits: Sequence[bool],
    key: Callable[[Phrase], str],
) -> dict[str, float]:
    groups: dict[str, list[bool]] = {}
    for (phrase, _, _), hit in zip(results, hits, strict=True):
        groups.setdefault(key(phrase), []).append(hit)
    return {name: round(sum(group) / len(group), 3) for name, group in sorted(groups.items())}


def _stamp(value: Any) -> datetime:
    return datetime.fromisoformat(str(value)).replace(tzinfo=ZONE)


def _minute(value: datetime | None) -> datetime | None:
    if value is None:
        return None
    local = value.astimezone(ZONE) if value.tzinfo else value.replace(tzinfo=ZONE)
    return replace_seconds(local)


def replace_seconds(value: datetime) -> datetime:
    return value.replace(second=0, microsecond=0)


def readings_of(
    phrases: Sequence[Phrase], reader: Reader
) -> Mapping[str, Reading]:  # pragma: no cover - a debugging aid
    return {phrase.text: reader(phrase.text, phrase.now) for phrase in phrases}


__all__ = ["Reading", "Phrase", "load", "met", "score", "grammar_reader", "replace"]
