"""Check the curated data before anything is built, and report every problem at once.

Each message names the file, the row (CSV line, or YAML item, id and line) and the
problem, so a reviewer can go straight to it.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass

from bot.kb import text
from bot.kb.loader import (
    CARE,
    MUSCLES,
    RED_FLAGS,
    SOURCES,
    TRIGGERS,
    ZONES,
    KBData,
    Origin,
    ZoneItem,
)
from bot.safety import rules as safety_rules

KINDS = ("primary", "spillover")
LEVELS = safety_rules.LEVELS
REGIONS = ("head", "neck", "shoulder", "arm", "hand", "trunk", "hip", "thigh", "leg", "foot")
_SNAKE_CASE = re.compile(r"[a-z][a-z0-9]*(?:_[a-z0-9]+)*")


class KBValidationError(ValueError):
    """The data in `data/kb/` has problems; `problems` lists each one as a message."""

    def __init__(self, problems: Sequence[str]):
        self.problems = list(problems)
        count = len(self.problems)
        summary = f"{count} problem{'s' if count != 1 else ''} in the knowledge-base data"
        super().__init__("\n".join([summary, *self.problems]))


def check(data: KBData) -> None:
    """Raise `KBValidationError` listing every problem in `data`; return if there are none."""
    found = problems(data)
    if found:
        raise KBValidationError(found)


def problems(data: KBData) -> list[str]:
    """Every problem in `data`, as "file row: problem" messages in file order."""
    report = _Report(list(data.problems))
    sources = report.ids(SOURCES, ((row.id, row.origin) for row in data.sources))
    muscles = report.ids(MUSCLES, ((row.id, row.origin) for row in data.muscles))
    zones = report.ids(ZONES, ((item.id, item.origin) for item in data.zones))
    report.ids(TRIGGERS, ((item.id, item.origin) for item in data.triggers))
    report.ids(CARE, ((item.id, item.origin) for item in data.care))
    report.ids(RED_FLAGS, ((item.id, item.origin) for item in data.red_flags))

    for source in data.sources:
        report.required(source.origin, citation=source.citation)
        if source.url and not source.url.startswith(("https://", "http://")):
            report.add(source.origin, f"url '{source.url}' is not an http(s) address")
    for muscle in data.muscles:
        report.required(
            muscle.origin,
            name=muscle.name,
            region=muscle.region,
            location=muscle.location,
            technique=muscle.technique,
            stretch=muscle.stretch,
        )
        report.one_of(muscle.origin, "region", muscle.region, REGIONS)
        # The technique, stretch and cautions are facts too: they name their source.
        report.cited(muscle.origin, muscle.care_source, sources, where="care_source")
    _check_zones(report, data.zones, zones)
    # A muscle and zone may be recorded once per source (the book's kind beside the
    # service's own guidance); the same muscle, zone and source twice is a duplicate.
    seen_referrals: dict[tuple[str, str, str], Origin] = {}
    for referral in data.referrals:
        origin = referral.origin
        report.required(origin, muscle=referral.muscle, zone=referral.zone, kind=referral.kind)
        report.known(origin, "muscle", referral.muscle, muscles)
        report.known(origin, "zone", referral.zone, zones)
        report.one_of(origin, "kind", referral.kind, KINDS)
        report.cited(origin, referral.source, sources)
        key = (referral.muscle, referral.zone, referral.source)
        if key in seen_referrals:
            report.add(
                origin,
                f"duplicate referral {referral.muscle} -> {referral.zone} from source "
                f"'{referral.source}' (first at line {seen_referrals[key].line})",
            )
        seen_referrals.setdefault(key, origin)
    for trigger in data.triggers:
        report.required(
            trigger.origin,
            name=trigger.name,
            explanation=trigger.explanation,
            advice=trigger.advice,
        )
        report.phrasings(trigger.origin, trigger.phrasings)
        if not trigger.muscles:
            report.add(trigger.origin, "empty required field 'muscles'")
        linked: set[str] = set()
        for number, link in enumerate(trigger.muscles, start=1):
            where = f"muscles entry {number}"
            if not link.muscle:
                report.add(link.origin, f"{where}: empty required field 'muscle'")
            elif link.muscle in linked:
                report.add(link.origin, f"{where}: muscle '{link.muscle}' listed twice")
            linked.add(link.muscle)
            report.known(link.origin, "muscle", link.muscle, muscles, where=where)
            report.cited(link.origin, link.source, sources, where=where)
    for care in data.care:
        report.required(care.origin, topic=care.topic, text=care.text)
        report.cited(care.origin, care.source, sources)
    for flag in data.red_flags:
        report.required(flag.origin, name=flag.name, level=flag.level, advice=flag.advice)
        report.one_of(flag.origin, "level", flag.level, LEVELS)
        if not flag.patterns:
            report.add(flag.origin, "empty required field 'when'")
        report.cited(flag.origin, flag.source, sources)
    for item in data.precautions:
        report.required(
            item.origin, name=item.precaution.name, label=item.precaution.label,
            advice=item.precaution.advice,
        )  # fmt: skip
        if not item.precaution.patterns:
            report.add(item.origin, "empty required field 'when'")
        report.cited(item.origin, item.source, sources)
    report.messages += [
        f"safety rules: {problem}" for problem in safety_rules.problems(data.safety_rules(), zones)
    ]
    return report.messages


@dataclass
class _Report:
    messages: list[str]

    def add(self, origin: Origin | str, problem: str) -> None:
        self.messages.append(f"{origin}: {problem}")

    def ids(self, file: str, entries: Iterable[tuple[str, Origin]]) -> set[str]:
        """Check ids are present, snake_case and unique; return the set of good ones."""
        first: dict[str, Origin] = {}
        for value, origin in entries:
            if not value:
                self.add(origin, "empty required field 'id'")
            elif not _SNAKE_CASE.fullmatch(value):
                self.add(origin, f"id '{value}' is not lower-case snake_case")
            elif value in first:
                self.add(origin, f"duplicate id '{value}' (first at {_where(first[value])})")
            else:
                first[value] = origin
        return set(first)

    def required(self, origin: Origin, **fields: str | Sequence[str]) -> None:
        for name, value in fields.items():
            if not value:
                self.add(origin, f"empty required field '{name}'")

    def one_of(self, origin: Origin, name: str, value: str, allowed: Sequence[str]) -> None:
        if value and value not in allowed:
            self.add(origin, f"{name} '{value}' is not one of {', '.join(allowed)}")

    def known(
        self, origin: Origin, name: str, value: str, known: Collection[str], where: str = ""
    ) -> None:
        if value and value not in known:
            prefix = f"{where}: " if where else ""
            self.add(origin, f"{prefix}unknown {name} '{value}'{_suggest(value, known)}")

    def cited(self, origin: Origin, source: str, sources: Collection[str], where: str = "") -> None:
        prefix = f"{where}: " if where else ""
        if not source:
            self.add(origin, f"{prefix}no source (every fact names a source id from {SOURCES})")
        else:
            self.known(origin, "source", source, sources, where)

    def phrasings(self, origin: Origin, phrasings: Sequence[str]) -> None:
        if not phrasings:
            self.add(origin, "empty required field 'phrasings'")
        for phrasing in phrasings:
            if not text.match_key(phrasing)[0]:
                self.add(origin, f"phrasing '{phrasing}' has no words to match on")


def _check_zones(report: _Report, zones: Sequence[ZoneItem], known: set[str]) -> None:
    by_id = {zone.id: zone for zone in zones if zone.id in known}
    for zone in zones:
        report.required(zone.origin, name=zone.name)
        report.phrasings(zone.origin, zone.phrasings)
        if zone.parent == zone.id and zone.id:
            report.add(zone.origin, "zone is its own parent")
        else:
            report.known(zone.origin, "parent zone", zone.parent, known)
        for other in zone.prefer_over:
            if other == zone.id:
                report.add(zone.origin, "prefer_over names the zone itself")
            elif other not in known:
                report.known(zone.origin, "zone in prefer_over", other, known)
            elif zone.id in by_id[other].prefer_over and zone.id < other:
                report.add(zone.origin, f"prefer_over '{other}', which also prefers over this zone")
    _check_parent_loops(report, by_id)
    _check_shared_phrasings(report, [zone for zone in zones if zone.id in by_id])


def _check_parent_loops(report: _Report, by_id: dict[str, ZoneItem]) -> None:
    reported: set[frozenset[str]] = set()
    for start in by_id:
        chain = [start]
        current = by_id[start].parent
        while current in by_id and current not in chain:
            chain.append(current)
            current = by_id[current].parent
        if current == start and len(chain) > 1 and frozenset(chain) not in reported:
            reported.add(frozenset(chain))
            report.add(by_id[start].origin, f"parent chain loops: {' -> '.join([*chain, start])}")


def _check_shared_phrasings(report: _Report, zones: Sequence[ZoneItem]) -> None:
    """Two zones may share a phrasing (as written, or as lemmas) only with a prefer_over rule."""
    claims: dict[tuple[str, tuple[str, ...]], list[tuple[ZoneItem, str]]] = {}
    for zone in zones:
        for phrasing in dict.fromkeys(zone.phrasings):
            surface, lemmas = text.match_key(phrasing)
            for key in dict.fromkeys([("words", surface), ("lemmas", lemmas)]):
                if key[1]:
                    claims.setdefault(key, []).append((zone, phrasing))
    reported: set[tuple[str, str]] = set()
    for (_, _words), claimants in claims.items():
        for index, (zone, phrasing) in enumerate(claimants):
            for other, other_phrasing in claimants[:index]:
                pair = (other.id, zone.id)
                if (
                    other.id == zone.id
                    or pair in reported
                    or other.id in zone.prefer_over
                    or zone.id in other.prefer_over
                ):
                    continue
                reported.add(pair)
                same = "" if phrasing == other_phrasing else f" (as '{other_phrasing}')"
                report.add(
                    zone.origin,
                    f"phrasing '{phrasing}' is also claimed by zone '{other.id}'{same} at "
                    f"{_where(other.origin)}, and neither lists the other in prefer_over",
                )


def _where(origin: Origin) -> str:
    return (
        f"line {origin.line}" if origin.item is None else f"item {origin.item}, line {origin.line}"
    )


def _suggest(value: str, known: Collection[str]) -> str:
    close = difflib.get_close_matches(value, sorted(known), n=2, cutoff=0.75)
    return f" (did you mean {' or '.join(repr(id_) for id_ in close)}?)" if close else ""
