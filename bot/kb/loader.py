"""Read the curated files in `data/kb/` into plain records, keeping where each came from.

Reading never stops at the first problem: a file that is missing or malformed, an item
that is not a mapping or a field of the wrong type is noted in `KBData.problems` and
reading goes on, so that validation can report everything at once.
"""

from __future__ import annotations

import csv
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from bot.safety.rules import (
    Concept,
    ContextTrigger,
    FlagRule,
    Pattern,
    Precaution,
    SafetyRules,
    Screening,
    parse_pattern,
)

SOURCES = "sources.csv"
MUSCLES = "muscles.csv"
ZONES = "zones.yml"
REFERRALS = "referrals.csv"
TRIGGERS = "triggers.yml"
CARE = "care.yml"
RED_FLAGS = "red_flags.yml"
SAFETY_CONCEPTS = "safety_concepts.yml"
SAFETY_CONTEXT = "safety_context.yml"
SCREENING = "screening.yml"
PRECAUTIONS = "precautions.yml"
DATA_FILES = (
    SOURCES, MUSCLES, ZONES, REFERRALS, TRIGGERS, CARE, RED_FLAGS, SAFETY_CONCEPTS,
    SAFETY_CONTEXT, SCREENING, PRECAUTIONS,
)  # fmt: skip

CSV_COLUMNS = {
    SOURCES: ("id", "citation", "url"),
    MUSCLES: (
        "id",
        "name",
        "aliases",
        "region",
        "location",
        "technique",
        "stretch",
        "cautions",
        "care_source",
    ),
    REFERRALS: ("muscle", "zone", "kind", "source", "note"),
}
YAML_FIELDS = {
    ZONES: ("id", "name", "parent", "phrasings", "prefer_over"),
    TRIGGERS: ("id", "name", "phrasings", "explanation", "advice", "muscles"),
    CARE: ("id", "topic", "text", "source"),
    RED_FLAGS: ("id", "name", "level", "when", "area", "advice", "source"),
    SAFETY_CONCEPTS: ("id", "kind", "terms", "screen", "age_at_least", "past_counts"),
    SAFETY_CONTEXT: ("id", "category", "direction", "terms"),
    SCREENING: ("id", "concepts", "zones", "question", "answer_yes", "answer_no", "flag"),
    PRECAUTIONS: (
        "id",
        "name",
        "label",
        "when",
        "no_pressure",
        "no_heat",
        "gentle",
        "advice",
        "therapist",
        "source",
    ),  # fmt: skip
}
TRIGGER_LINK_FIELDS = ("muscle", "source")
# libyaml's loader when PyYAML was built with it: several times faster, same marks.
_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclass(frozen=True)
class Origin:
    """Where a record was read: a CSV line, or a YAML item (1-based) and its line."""

    file: str
    line: int
    item: int | None = None
    id: str = ""

    def __str__(self) -> str:
        if self.item is None:
            return f"{self.file} line {self.line}"
        named = f", id '{self.id}'" if self.id else ""
        return f"{self.file} item {self.item}{named} (line {self.line})"


@dataclass(frozen=True)
class SourceRow:
    """A reference every fact can cite (`sources.csv`)."""

    id: str
    citation: str
    url: str
    origin: Origin


@dataclass(frozen=True)
class MuscleRow:
    """A muscle, where to find it and how to treat it safely (`muscles.csv`).

    `care_source` is the source id behind its technique, stretch and cautions.
    """

    id: str
    name: str
    aliases: tuple[str, ...]
    region: str
    location: str
    technique: str
    stretch: str
    cautions: str
    care_source: str
    origin: Origin


@dataclass(frozen=True)
class ZoneItem:
    """A place people say it hurts (`zones.yml`)."""

    id: str
    name: str
    parent: str
    phrasings: tuple[str, ...]
    prefer_over: tuple[str, ...]
    origin: Origin


@dataclass(frozen=True)
class ReferralRow:
    """A muscle whose trigger points refer pain to a zone (`referrals.csv`).

    One muscle and zone may have a row per source (the book's kind and the service's own
    guidance, say); the same muscle, zone and source twice is a duplicate.
    """

    muscle: str
    zone: str
    kind: str
    source: str
    note: str
    origin: Origin


@dataclass(frozen=True)
class TriggerLink:
    """A muscle a trigger is known to load, with the reference that says so."""

    muscle: str
    source: str
    origin: Origin


@dataclass(frozen=True)
class TriggerItem:
    """Something that brings trigger points on (`triggers.yml`)."""

    id: str
    name: str
    phrasings: tuple[str, ...]
    explanation: str
    advice: str
    muscles: tuple[TriggerLink, ...]
    origin: Origin


@dataclass(frozen=True)
class CareItem:
    """A piece of general care advice (`care.yml`)."""

    id: str
    topic: str
    text: str
    source: str
    origin: Origin


@dataclass(frozen=True)
class RedFlagItem:
    """A pattern that is not a massage problem (`red_flags.yml`)."""

    id: str
    name: str
    level: str
    patterns: tuple[Pattern, ...]
    area: tuple[str, ...]
    advice: str
    source: str
    origin: Origin


@dataclass(frozen=True)
class PrecautionItem:
    """A health condition that changes the advice (`precautions.yml`), with its source."""

    precaution: Precaution
    source: str
    origin: Origin


@dataclass
class KBData:
    """Everything read from one data directory, plus what could not be read."""

    sources: list[SourceRow] = field(default_factory=list)
    muscles: list[MuscleRow] = field(default_factory=list)
    zones: list[ZoneItem] = field(default_factory=list)
    referrals: list[ReferralRow] = field(default_factory=list)
    triggers: list[TriggerItem] = field(default_factory=list)
    care: list[CareItem] = field(default_factory=list)
    red_flags: list[RedFlagItem] = field(default_factory=list)
    concepts: list[Concept] = field(default_factory=list)
    context: list[ContextTrigger] = field(default_factory=list)
    screenings: list[Screening] = field(default_factory=list)
    precautions: list[PrecautionItem] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    def safety_rules(self) -> SafetyRules:
        """The red flags, concepts, context triggers and screening questions as one rule set."""
        return SafetyRules(
            concepts=tuple(self.concepts),
            context=tuple(self.context),
            flags=tuple(
                FlagRule(item.id, item.level, item.patterns, item.area) for item in self.red_flags
            ),
            screenings=tuple(self.screenings),
            precautions=tuple(item.precaution for item in self.precautions),
        )


def load(data_dir: Path) -> KBData:
    """Read every data file in `data_dir`; problems reading them land in `problems`."""
    data = KBData()
    for row, origin in _csv_rows(data_dir, SOURCES, data.problems):
        data.sources.append(SourceRow(row["id"], row["citation"], row["url"], origin))
    for row, origin in _csv_rows(data_dir, MUSCLES, data.problems):
        data.muscles.append(
            MuscleRow(
                id=row["id"],
                name=row["name"],
                aliases=tuple(
                    alias.strip() for alias in row["aliases"].split(";") if alias.strip()
                ),
                region=row["region"],
                location=row["location"],
                technique=row["technique"],
                stretch=row["stretch"],
                cautions=row["cautions"],
                care_source=row["care_source"],
                origin=origin,
            )
        )
    for row, origin in _csv_rows(data_dir, REFERRALS, data.problems):
        data.referrals.append(
            ReferralRow(row["muscle"], row["zone"], row["kind"], row["source"], row["note"], origin)
        )
    for item in _yaml_items(data_dir, ZONES, data.problems):
        data.zones.append(
            ZoneItem(
                id=item.text("id"),
                name=item.text("name"),
                parent=item.text("parent"),
                phrasings=item.texts("phrasings"),
                prefer_over=item.texts("prefer_over"),
                origin=item.origin,
            )
        )
    for item in _yaml_items(data_dir, TRIGGERS, data.problems):
        data.triggers.append(
            TriggerItem(
                id=item.text("id"),
                name=item.text("name"),
                phrasings=item.texts("phrasings"),
                explanation=item.text("explanation"),
                advice=item.text("advice"),
                muscles=item.links("muscles"),
                origin=item.origin,
            )
        )
    for item in _yaml_items(data_dir, CARE, data.problems):
        data.care.append(
            CareItem(
                item.text("id"),
                item.text("topic"),
                item.text("text"),
                item.text("source"),
                item.origin,
            )
        )
    for item in _yaml_items(data_dir, RED_FLAGS, data.problems):
        data.red_flags.append(
            RedFlagItem(
                id=item.text("id"),
                name=item.text("name"),
                level=item.text("level"),
                patterns=item.patterns("when"),
                area=item.texts("area"),
                advice=item.text("advice"),
                source=item.text("source"),
                origin=item.origin,
            )
        )
    for item in _yaml_items(data_dir, SAFETY_CONCEPTS, data.problems):
        age = item.values.get("age_at_least")
        if age is not None and not isinstance(age, int):
            data.problems.append(f"{item.origin}: field 'age_at_least' must be a whole number")
            age = None
        data.concepts.append(
            Concept(
                item.text("id"),
                item.text("kind"),
                item.texts("terms"),
                item.text("screen") or None,
                age,
                item.values.get("past_counts") is True,
            )
        )
    for item in _yaml_items(data_dir, SAFETY_CONTEXT, data.problems):
        data.context.append(
            ContextTrigger(
                item.text("id"), item.text("category"), item.text("direction"), item.texts("terms")
            )
        )
    for item in _yaml_items(data_dir, PRECAUTIONS, data.problems):
        data.precautions.append(
            PrecautionItem(
                Precaution(
                    id=item.text("id"),
                    name=item.text("name"),
                    label=item.text("label"),
                    patterns=item.patterns("when"),
                    no_pressure=item.texts("no_pressure"),
                    no_heat=item.values.get("no_heat") is True,
                    gentle=item.values.get("gentle") is True,
                    advice=item.text("advice"),
                    therapist=item.text("therapist"),
                ),
                item.text("source"),
                item.origin,
            )
        )
    for item in _yaml_items(data_dir, SCREENING, data.problems):
        data.screenings.append(
            Screening(
                id=item.text("id"),
                concepts=item.texts("concepts"),
                zones=item.texts("zones"),
                question=item.text("question"),
                yes=item.text("answer_yes"),
                no=item.text("answer_no"),
                flag=item.text("flag"),
            )
        )
    return data


def _csv_rows(
    data_dir: Path, name: str, problems: list[str]
) -> list[tuple[dict[str, str], Origin]]:
    path = data_dir / name
    if not path.is_file():
        problems.append(f"{name}: file missing")
        return []
    columns = CSV_COLUMNS[name]
    rows = []
    with path.open(newline="", encoding="utf-8-sig") as handle:
        reader = csv.DictReader(handle, restkey="\0extra")
        try:
            header = [column.strip() for column in reader.fieldnames or ()]
            missing = [column for column in columns if column not in header]
            unknown = [column for column in header if column not in columns]
            if missing:
                problems.append(f"{name} line 1: missing column(s) {', '.join(missing)}")
            if unknown:
                problems.append(f"{name} line 1: unknown column(s) {', '.join(unknown)}")
            reader.fieldnames = header
            for raw in reader:
                origin = Origin(name, reader.line_num)
                if raw.get("\0extra"):
                    problems.append(f"{origin}: more values than the header has columns")
                values = {column: (raw.get(column) or "").strip() for column in columns}
                rows.append((values, origin))
        except (csv.Error, UnicodeDecodeError) as error:
            problems.append(f"{name} line {reader.line_num + 1}: not readable as CSV: {error}")
    return rows


class _Item:
    """One YAML item with typed accessors that note, rather than raise, a wrongly typed field."""

    def __init__(self, values: Mapping[str, Any], origin: Origin, problems: list[str]):
        self.values = values
        self.origin = origin
        self.problems = problems

    def text(self, key: str) -> str:
        value = self.values.get(key)
        if value is None:
            return ""
        if isinstance(value, (list, dict)):
            self.problems.append(f"{self.origin}: field '{key}' must be text")
            return ""
        return str(value).strip()

    def texts(self, key: str) -> tuple[str, ...]:
        value = self.values.get(key)
        if value is None:
            return ()
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list) or any(isinstance(entry, (list, dict)) for entry in value):
            self.problems.append(f"{self.origin}: field '{key}' must be a list of text")
            return ()
        if any(isinstance(entry, bool) for entry in value):
            # YAML reads a bare no, yes, on or off as true/false, not as the word.
            self.problems.append(f"{self.origin}: field '{key}' has a yes/no/on/off: quote it")
            return ()
        return tuple(str(entry).strip() for entry in value if entry is not None)

    def patterns(self, key: str) -> tuple[Pattern, ...]:
        value = self.values.get(key)
        if value is None:
            return ()
        if not isinstance(value, list):
            self.problems.append(f"{self.origin}: field '{key}' must be a list of patterns")
            return ()
        found = []
        for number, raw in enumerate(value, start=1):
            pattern = parse_pattern(raw)
            if pattern is None:
                self.problems.append(
                    f"{self.origin}: {key} pattern {number} must be a list of concept ids or "
                    "{all: [concept ids], within: words}"
                )
            else:
                found.append(pattern)
        return tuple(found)

    def links(self, key: str) -> tuple[TriggerLink, ...]:
        value = self.values.get(key)
        if value is None:
            return ()
        if not isinstance(value, list) or not all(isinstance(entry, dict) for entry in value):
            self.problems.append(
                f"{self.origin}: field '{key}' must be a list of {{muscle, source}} mappings"
            )
            return ()
        links = []
        for number, entry in enumerate(value, start=1):
            unknown = sorted(str(key) for key in entry if key not in TRIGGER_LINK_FIELDS)
            if unknown:
                self.problems.append(
                    f"{self.origin}: {key} entry {number} has unknown field(s) {', '.join(unknown)}"
                )
            links.append(
                TriggerLink(
                    muscle=_scalar(entry.get("muscle")),
                    source=_scalar(entry.get("source")),
                    origin=self.origin,
                )
            )
        return tuple(links)


def _scalar(value: Any) -> str:
    return "" if value is None or isinstance(value, (list, dict)) else str(value).strip()


def _yaml_items(data_dir: Path, name: str, problems: list[str]) -> list[_Item]:
    path = data_dir / name
    if not path.is_file():
        problems.append(f"{name}: file missing")
        return []
    try:
        loader = _YAML_LOADER(path.read_text(encoding="utf-8"))
    except UnicodeDecodeError as error:
        problems.append(f"{name}: not readable as UTF-8 text: {error}")
        return []
    try:
        node = loader.get_single_node()
        document = loader.construct_document(node) if node is not None else None
    except yaml.MarkedYAMLError as error:
        where = f" line {error.problem_mark.line + 1}" if error.problem_mark else ""
        problems.append(f"{name}{where}: not valid YAML: {error.problem}")
        return []
    except yaml.YAMLError as error:
        problems.append(f"{name}: not valid YAML: {error}")
        return []
    finally:
        loader.dispose()
    if document is None:
        return []
    # Accept a bare list, or a list under one top-level key (`zones: [...]`).
    if isinstance(document, dict) and len(document) == 1 and node is not None:
        ((_, document),) = document.items()
        node = node.value[0][1]
    if not isinstance(document, list) or node is None:
        problems.append(f"{name}: expected a list of items at the top level")
        return []
    fields = YAML_FIELDS[name]
    items = []
    for number, (values, item_node) in enumerate(zip(document, node.value, strict=True), start=1):
        line = item_node.start_mark.line + 1
        if not isinstance(values, dict):
            problems.append(f"{Origin(name, line, number)}: expected a mapping of fields")
            continue
        origin = Origin(name, line, number, _scalar(values.get("id")))
        unknown = sorted(str(key) for key in values if key not in fields)
        if unknown:
            problems.append(f"{origin}: unknown field(s) {', '.join(unknown)}")
        items.append(_Item(values, origin, problems))
    return items
