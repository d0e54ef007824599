"""Answer questions about the built knowledge base: where pain comes from, and what helps.

`ReferralKB` opens the database read-only on first use (never at import) and keeps the
whole of it in memory: it is small, and it makes `sources_for` a pure-Python ranking.
A rebuilt database (a new file swapped in by `kb build`) is picked up on the next call.

Ranking, as `sources_for` applies it:

- each named zone a muscle refers to adds 1.0 if it is a primary zone, 0.5 if spill-over;
- a muscle and zone recorded by more than one source (the book draws the piriformis's
  pain down the back of the thigh as spill-over, the service's own guidance treats it as
  a main referral) count once, at the stronger kind (the first such row on a tie); the
  zone's credit names the source of that row and lists the other rows in `also`, so
  both sources stay visible and neither adds to the score twice;
- a referral recorded on a broader zone (the named zone's parent, grandparent...) counts
  half as much per level up ("side of neck" is partly explained by a muscle that refers
  to "neck"); a vague zone ("neck", "leg") is explained by referrals to the zones inside
  it at half weight per level down, so it can be ranked, though the dialogue should
  still ask where exactly (`is_vague`, `children`);
- each named trigger linked to the muscle multiplies its score by 1.25 (by 1.5 at most),
  so triggers reorder the muscles that explain the pain but never add one that does not,
  and a spill-over-only muscle stays below a muscle primary for the same zones;
- ties go to more primary zones, then to the muscle that refers to more of the zones
  within what was named, then to the muscle more everyday loads (triggers) affect, as
  it is more often the source, then name, then id.
"""

from __future__ import annotations

import difflib
import json
import os
import sqlite3
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlite_utils import Database

from bot.kb import explain, text
from bot.kb.matcher import PhraseHit, PhraseMatcher, Phrasing
from bot.safety.engine import SafetyEngine
from bot.safety.rules import SafetyRules

PRIMARY = "primary"
SPILLOVER = "spillover"
KIND_WEIGHT = {PRIMARY: 1.0, SPILLOVER: 0.5}
BROADER_ZONE_FACTOR = 0.5
NARROWER_ZONE_FACTOR = 0.5
TRIGGER_BOOST = 0.25
MAX_BOOSTING_TRIGGERS = 2


class KBUnavailable(RuntimeError):
    """The knowledge-base database is missing or unreadable; `kb build` makes it."""


class UnknownIdError(ValueError):
    """A zone or trigger id given to `sources_for` is not in the knowledge base."""


@dataclass(frozen=True)
class Reference:
    """A reference that backs facts in the knowledge base."""

    id: str
    citation: str
    url: str | None


@dataclass(frozen=True)
class Referral:
    """A muscle whose trigger points refer pain to a zone, primary or spill-over."""

    muscle: str
    zone: str
    kind: str
    source: str
    note: str | None


@dataclass(frozen=True)
class Muscle:
    """A muscle with the names people use for it and where it refers pain."""

    id: str
    name: str
    aliases: tuple[str, ...]
    region: str
    location: str
    technique: str
    stretch: str
    cautions: str
    referrals: tuple[Referral, ...]
    care_source: str = ""


@dataclass(frozen=True)
class MuscleCare:
    """How to find a muscle and treat it safely yourself; `source` backs the care advice."""

    muscle: str
    name: str
    location: str
    technique: str
    stretch: str
    cautions: str
    source: str = ""


@dataclass(frozen=True)
class Zone:
    """A place people say it hurts, with its place in the zone tree."""

    id: str
    name: str
    parent: str | None
    depth: int
    phrasings: tuple[str, ...]
    children: tuple[str, ...]


@dataclass(frozen=True)
class ZoneMatch:
    """A zone named in a text: which words (`span`, `matched` phrasing), how and how surely."""

    zone_id: str
    name: str
    span: tuple[int, int]
    matched: str
    method: str
    score: float


@dataclass(frozen=True)
class TriggerMatch:
    """A trigger named in a text."""

    trigger_id: str
    name: str
    span: tuple[int, int]
    matched: str
    method: str
    score: float


@dataclass(frozen=True)
class RedFlagMatch:
    """A red-flag cue found in a text."""

    red_flag_id: str
    name: str
    level: str
    span: tuple[int, int]
    matched: str
    method: str
    score: float


@dataclass(frozen=True)
class TriggerMuscle:
    """A muscle a trigger loads, with the reference that says so."""

    muscle: str
    name: str
    source: str


@dataclass(frozen=True)
class Trigger:
    """Something that brings trigger points on, how, and what to change."""

    id: str
    name: str
    phrasings: tuple[str, ...]
    explanation: str
    advice: str
    muscles: tuple[TriggerMuscle, ...]


@dataclass(frozen=True)
class CareAdvice:
    """A piece of general care advice and its source."""

    id: str
    topic: str
    text: str
    source: str


@dataclass(frozen=True)
class RedFlag:
    """A pattern that needs medical care rather than massage, and what to tell the person."""

    id: str
    name: str
    level: str
    area: tuple[str, ...]
    advice: str
    source: str


@dataclass(frozen=True)
class ZoneCredit:
    """One named zone a muscle explains: how (`kind`), through which zone's referral, cited.

    `kind`, `source` and `note` are those of the row that counted (the stronger kind);
    `also` holds the other sources' rows for the same muscle and zone (`via`).
    """

    zone: str
    name: str
    kind: str
    via: str
    weight: float
    source: str
    note: str | None
    also: tuple[Referral, ...] = ()


@dataclass(frozen=True)
class TriggerCredit:
    """A named trigger that loads the muscle, with its source."""

    trigger: str
    name: str
    source: str


@dataclass(frozen=True)
class Source:
    """A muscle that likely causes the pain, its score and a one-sentence reason."""

    id: str
    name: str
    score: float
    zones: tuple[ZoneCredit, ...]
    triggers: tuple[TriggerCredit, ...]
    why: str
    side: str | None = None


@dataclass(frozen=True)
class Stats:
    """How much the knowledge base holds, and how many facts lack a known source (want 0)."""

    sources: int
    muscles: int
    zones: int
    zone_phrasings: int
    referrals: int
    triggers: int
    trigger_phrasings: int
    red_flags: int
    safety_concepts: int
    care: int
    unsourced: int
    built_at: str
    content_hash: str


@dataclass
class _Snapshot:
    """The whole database in memory, with the indexes the questions need."""

    references: dict[str, Reference]
    muscles: dict[str, Muscle]
    zones: dict[str, Zone]
    ancestors: dict[str, tuple[str, ...]]
    referrals_to: dict[str, list[Referral]]
    triggers: dict[str, Trigger]
    loads: dict[str, dict[str, str]]
    care: list[CareAdvice]
    red_flags: dict[str, RedFlag]
    safety_rules: SafetyRules
    zone_matcher: PhraseMatcher
    trigger_matcher: PhraseMatcher
    muscle_names: dict[str, str]
    aliases: dict[str, str]
    stats: Stats


class ReferralKB:
    """Read-only questions about the referral knowledge base built at `db_path`."""

    def __init__(self, db_path: Path | str):
        self.db_path = Path(db_path)
        self._loaded: _Snapshot | None = None
        self._engine: tuple[_Snapshot, SafetyEngine] | None = None
        self._signature: tuple[int, int, int] | None = None

    # Zones and what names them

    def resolve_zones(self, said: str) -> list[ZoneMatch]:
        """The zones `said` names, in text order, once each; longer phrasings win over parts.

        A broader zone named beside one of its narrower zones is left out: "headaches at
        my temples" names the temple, not the whole head.
        """
        kb = self._kb()
        matches = [
            ZoneMatch(owner, kb.zones[owner].name, *_hit_fields(hit))
            for hit, owner in _first_hits(kb.zone_matcher.find(said))
        ]
        broader = {ancestor for match in matches for ancestor in kb.ancestors[match.zone_id]}
        return [match for match in matches if match.zone_id not in broader]

    def zone(self, zone_id: str) -> Zone | None:
        """The zone with this id, or None."""
        return self._kb().zones.get(zone_id)

    def zones(self) -> list[Zone]:
        """Every zone in tree order: each top-level region followed by its descendants."""
        kb = self._kb()
        ordered: list[Zone] = []

        def visit(zone: Zone) -> None:
            ordered.append(zone)
            for child in zone.children:
                visit(kb.zones[child])

        for zone in kb.zones.values():
            if zone.parent is None:
                visit(zone)
        return ordered

    def children(self, zone_id: str) -> list[Zone]:
        """The narrower zones directly under `zone_id` (empty for an unknown or leaf zone)."""
        kb = self._kb()
        zone = kb.zones.get(zone_id)
        return [kb.zones[child] for child in zone.children] if zone else []

    def descendants(self, zone_id: str) -> list[Zone]:
        """Every zone inside `zone_id`, level by level (empty for an unknown or leaf zone)."""
        kb = self._kb()
        if zone_id not in kb.zones:
            return []
        return [kb.zones[found] for found, _ in _descendants(zone_id, kb.zones)]

    def is_vague(self, zone_id: str) -> bool:
        """Whether the zone has narrower zones, so it is worth asking which part hurts."""
        zone = self._kb().zones.get(zone_id)
        return bool(zone and zone.children)

    # Where the pain comes from

    def sources_for(
        self,
        zones: Iterable[str],
        triggers: Iterable[str] = (),
        side: str | None = None,
        limit: int | None = None,
    ) -> list[Source]:
        """Muscles that likely refer pain to `zones`, best first (see the module docstring)."""
        kb = self._kb()
        named = list(dict.fromkeys(zones))
        trigger_ids = list(dict.fromkeys(triggers))
        _require_known("zone", named, kb.zones)
        _require_known("trigger", trigger_ids, kb.triggers)
        # muscle -> named zone -> (weight, referral, zone the referral names)
        best: dict[str, dict[str, tuple[float, Referral, str]]] = {}
        # muscle -> zones it refers to within what was named: breaks ties for vague zones
        reach: dict[str, set[str]] = {}
        for zone_id in named:
            related = [
                *((via, BROADER_ZONE_FACTOR**level) for level, via in
                  enumerate((zone_id, *kb.ancestors[zone_id]))),
                *((via, NARROWER_ZONE_FACTOR**depth) for via, depth in
                  _descendants(zone_id, kb.zones)),
            ]  # fmt: skip
            for via, factor in related:
                for referral in kb.referrals_to.get(via, ()):
                    weight = KIND_WEIGHT[referral.kind] * factor
                    reach.setdefault(referral.muscle, set()).add(via)
                    by_zone = best.setdefault(referral.muscle, {})
                    if zone_id not in by_zone or weight > by_zone[zone_id][0]:
                        by_zone[zone_id] = (weight, referral, via)
        ranked = []
        for muscle_id, by_zone in best.items():
            boosting = sum(1 for trigger_id in trigger_ids if muscle_id in kb.loads[trigger_id])
            boost = 1 + TRIGGER_BOOST * min(boosting, MAX_BOOSTING_TRIGGERS)
            score = round(sum(weight for weight, _, _ in by_zone.values()) * boost, 3)
            primaries = sum(1 for _, referral, _ in by_zone.values() if referral.kind == PRIMARY)
            name = kb.muscles[muscle_id].name
            everyday_loads = sum(1 for loaded in kb.loads.values() if muscle_id in loaded)
            order = (
                -score,
                -primaries,
                -len(reach[muscle_id]),
                -everyday_loads,
                name.lower(),
                muscle_id,
            )
            ranked.append((order, score))
        ranked.sort()
        return [
            _source(kb, order[-1], score, best[order[-1]], named, trigger_ids, side)
            for order, score in ranked[:limit]
        ]

    # Triggers and red flags

    def resolve_triggers(self, said: str) -> list[TriggerMatch]:
        """The triggers `said` names, in text order, once each."""
        kb = self._kb()
        return [
            TriggerMatch(owner, kb.triggers[owner].name, *_hit_fields(hit))
            for hit, owner in _first_hits(kb.trigger_matcher.find(said))
        ]

    def trigger(self, trigger_id: str) -> Trigger | None:
        """The trigger with this id, or None."""
        return self._kb().triggers.get(trigger_id)

    def triggers(self) -> list[Trigger]:
        """Every trigger, in the data file's order."""
        return list(self._kb().triggers.values())

    def resolve_red_flags(self, said: str) -> list[RedFlagMatch]:
        """The red flags `said` raises (the safety engine's), most severe first."""
        kb = self._kb()
        return [
            RedFlagMatch(
                found.id,
                kb.red_flags[found.id].name if found.id in kb.red_flags else found.id,
                found.level,
                (found.start, found.end),
                said[found.start : found.end],
                "concepts",
                1.0,
            )
            for found in self.safety_engine().assess(said).flags
        ]

    def safety_engine(self) -> SafetyEngine:
        """The red-flag engine over this knowledge base's safety rules (built once per build)."""
        kb = self._kb()
        if self._engine is None or self._engine[0] is not kb:
            self._engine = (kb, SafetyEngine(kb.safety_rules))
        return self._engine[1]

    def red_flag(self, red_flag_id: str) -> RedFlag | None:
        """The red flag with this id, or None."""
        return self._kb().red_flags.get(red_flag_id)

    def red_flags(self) -> list[RedFlag]:
        """Every red flag, in the data file's order."""
        return list(self._kb().red_flags.values())

    # Muscles and care

    def muscle(self, muscle_id: str) -> Muscle | None:
        """The muscle with this id, or None."""
        return self._kb().muscles.get(muscle_id)

    def muscle_named(self, name: str) -> Muscle | None:
        """The muscle whose id, name or alias is `name` ("traps", "Upper trapezius"), or None."""
        kb = self._kb()
        key = text.normalise(name.replace("_", " "))
        muscle_id = kb.muscle_names.get(key) or kb.aliases.get(key)
        return kb.muscles.get(muscle_id) if muscle_id else None

    def suggest_muscles(self, name: str, limit: int = 3) -> list[str]:
        """Muscle ids close to `name`, for "did you mean" answers."""
        kb = self._kb()
        key = text.normalise(name.replace("_", " "))
        candidates = {**kb.muscle_names, **kb.aliases}
        close = difflib.get_close_matches(key, sorted(candidates), n=limit * 2, cutoff=0.6)
        return list(dict.fromkeys(candidates[match] for match in close))[:limit]

    def care_for(self, muscle_id: str) -> MuscleCare | None:
        """Where the muscle is and how to treat and stretch it safely, or None if unknown."""
        muscle = self.muscle(muscle_id)
        if muscle is None:
            return None
        return MuscleCare(
            muscle.id,
            muscle.name,
            muscle.location,
            muscle.technique,
            muscle.stretch,
            muscle.cautions,
            muscle.care_source,
        )

    def general_care(self) -> list[CareAdvice]:
        """All general care advice, in the data file's order."""
        return list(self._kb().care)

    def care(self, topic: str) -> list[CareAdvice]:
        """The care advice on `topic` (matched against each item's topic or id)."""
        return [item for item in self._kb().care if topic in (item.topic, item.id)]

    def reference(self, source_id: str) -> Reference | None:
        """The reference a source id stands for, or None."""
        return self._kb().references.get(source_id)

    def stats(self) -> Stats:
        """Counts of what the knowledge base holds, and of facts without a known source."""
        return self._kb().stats

    def _kb(self) -> _Snapshot:
        """The database in memory, read again when the file at `db_path` was replaced."""
        try:
            status = os.stat(self.db_path)
        except OSError:
            raise KBUnavailable(
                f"no knowledge base at {self.db_path}: run `python -m bot kb build`"
            ) from None
        signature = (status.st_ino, status.st_mtime_ns, status.st_size)
        if self._loaded is None or signature != self._signature:
            self._loaded = _read(self.db_path)
            self._signature = signature
        return self._loaded


def _read(db_path: Path) -> _Snapshot:
    try:
        connection = sqlite3.connect(f"{db_path.resolve().as_uri()}?mode=ro", uri=True)
    except sqlite3.Error as error:
        raise KBUnavailable(f"cannot open the knowledge base at {db_path}: {error}") from None
    try:
        return _snapshot(Database(connection))
    except sqlite3.DatabaseError as error:
        raise KBUnavailable(
            f"cannot read the knowledge base at {db_path} ({error}): run `python -m bot kb build`"
        ) from None
    finally:
        connection.close()


def _rows(db: Database, table: str) -> list[dict[str, Any]]:
    return list(db.table(table).rows_where(order_by="rowid"))


def _snapshot(db: Database) -> _Snapshot:
    references = {
        row["id"]: Reference(row["id"], row["citation"], row["url"]) for row in _rows(db, "sources")
    }
    referrals = [
        Referral(row["muscle"], row["zone"], row["kind"], row["source"], row["note"])
        for row in _rows(db, "referrals")
    ]
    alias_rows = _rows(db, "muscle_aliases")
    muscles = {
        row["id"]: Muscle(
            id=row["id"],
            name=row["name"],
            aliases=tuple(alias["alias"] for alias in alias_rows if alias["muscle"] == row["id"]),
            region=row["region"],
            location=row["location"],
            technique=row["technique"],
            stretch=row["stretch"],
            cautions=row["cautions"] or "",
            referrals=tuple(referral for referral in referrals if referral.muscle == row["id"]),
            care_source=row.get("care_source") or "",
        )
        for row in _rows(db, "muscles")
    }
    zone_rows = _rows(db, "zones")
    phrasing_rows = {table: _rows(db, table) for table in ("zone_phrasings", "trigger_phrasings")}
    zones = {
        row["id"]: Zone(
            id=row["id"],
            name=row["name"],
            parent=row["parent"],
            depth=row["depth"],
            phrasings=_phrasings_of(phrasing_rows["zone_phrasings"], "zone", row["id"]),
            children=tuple(child["id"] for child in zone_rows if child["parent"] == row["id"]),
        )
        for row in zone_rows
    }
    ancestors = {zone_id: _ancestors(zone_id, zones) for zone_id in zones}
    referrals_to: dict[str, list[Referral]] = {}
    for referral in referrals:
        referrals_to.setdefault(referral.zone, []).append(referral)
    link_rows = _rows(db, "trigger_muscles")
    triggers = {
        row["id"]: Trigger(
            id=row["id"],
            name=row["name"],
            phrasings=_phrasings_of(phrasing_rows["trigger_phrasings"], "trigger", row["id"]),
            explanation=row["explanation"],
            advice=row["advice"],
            muscles=tuple(
                TriggerMuscle(link["muscle"], muscles[link["muscle"]].name, link["source"])
                for link in link_rows
                if link["trigger"] == row["id"]
            ),
        )
        for row in _rows(db, "triggers")
    }
    care = [
        CareAdvice(row["id"], row["topic"], row["text"], row["source"]) for row in _rows(db, "care")
    ]
    red_flags = {
        row["id"]: RedFlag(
            id=row["id"],
            name=row["name"],
            level=row["level"],
            area=tuple(json.loads(row["area"] or "[]")),
            advice=row["advice"],
            source=row["source"],
        )
        for row in _rows(db, "red_flags")
    }
    forms = {row["form"]: row["lemma"] for row in _rows(db, "lemma_forms")}
    lookalikes = [row["word"] for row in _rows(db, "lookalikes")]
    prefer_over: dict[str, list[str]] = {}
    for row in _rows(db, "zone_prefer_over"):
        prefer_over.setdefault(row["zone"], []).append(row["over"])
    matchers = {
        table: PhraseMatcher(
            (
                Phrasing(row[owner], row["phrasing"], _split(row["words"]), _split(row["lemma"]))
                for row in phrasing_rows[table]
            ),
            forms,
            lookalikes,
            prefer_over if owner == "zone" else None,
        )
        for table, owner in (
            ("zone_phrasings", "zone"),
            ("trigger_phrasings", "trigger"),
        )
    }
    meta = {row["key"]: row["value"] for row in _rows(db, "meta")}
    safety_rows = _rows(db, "safety_rules")
    safety_rules = (
        SafetyRules.from_json(json.loads(safety_rows[0]["rules"]))
        if safety_rows
        else SafetyRules((), (), ())
    )
    cited = [
        *(referral.source for referral in referrals),
        *(link["source"] for link in link_rows),
        *(item.source for item in care),
        *(flag.source for flag in red_flags.values()),
        *(muscle.care_source for muscle in muscles.values()),
    ]
    stats = Stats(
        sources=len(references),
        muscles=len(muscles),
        zones=len(zones),
        zone_phrasings=len(phrasing_rows["zone_phrasings"]),
        referrals=len(referrals),
        triggers=len(triggers),
        trigger_phrasings=len(phrasing_rows["trigger_phrasings"]),
        red_flags=len(red_flags),
        safety_concepts=len(safety_rules.concepts),
        care=len(care),
        unsourced=sum(1 for source in cited if source not in references),
        built_at=meta.get("built_at", ""),
        content_hash=meta.get("content_hash", ""),
    )
    return _Snapshot(
        references=references,
        muscles=muscles,
        zones=zones,
        ancestors=ancestors,
        referrals_to=referrals_to,
        triggers=triggers,
        loads={
            trigger.id: {link.muscle: link.source for link in trigger.muscles}
            for trigger in triggers.values()
        },
        care=care,
        red_flags=red_flags,
        safety_rules=safety_rules,
        zone_matcher=matchers["zone_phrasings"],
        trigger_matcher=matchers["trigger_phrasings"],
        muscle_names={
            key: muscle.id
            for muscle in muscles.values()
            for key in (text.normalise(muscle.id.replace("_", " ")), text.normalise(muscle.name))
        },
        aliases={row["words"]: row["muscle"] for row in alias_rows},
        stats=stats,
    )


def _split(joined: str) -> tuple[str, ...]:
    return tuple(joined.split())


def _phrasings_of(rows: list[dict[str, Any]], owner: str, owner_id: str) -> tuple[str, ...]:
    return tuple(row["phrasing"] for row in rows if row[owner] == owner_id)


def _descendants(zone_id: str, zones: dict[str, Zone]) -> list[tuple[str, int]]:
    """Every zone inside `zone_id`, with how many levels down it is."""
    found: list[tuple[str, int]] = []
    level = [zone_id]
    depth = 0
    while level:
        depth += 1
        level = [child for parent in level for child in zones[parent].children]
        found += [(child, depth) for child in level]
    return found


def _ancestors(zone_id: str, zones: dict[str, Zone]) -> tuple[str, ...]:
    found = []
    parent = zones[zone_id].parent
    while parent is not None and parent not in found:
        found.append(parent)
        parent = zones[parent].parent
    return tuple(found)


def _source(
    kb: _Snapshot,
    muscle_id: str,
    score: float,
    by_zone: dict[str, tuple[float, Referral, str]],
    named: Sequence[str],
    trigger_ids: Sequence[str],
    side: str | None,
) -> Source:
    """The ranked answer for one muscle, with what it explains and why, in one sentence."""
    muscle = kb.muscles[muscle_id]
    zone_credits = []
    for zone_id in named:
        if zone_id in by_zone:
            weight, referral, via = by_zone[zone_id]
            zone_credits.append(
                ZoneCredit(
                    zone=zone_id,
                    name=kb.zones[zone_id].name,
                    kind=referral.kind,
                    via=via,
                    weight=weight,
                    source=referral.source,
                    note=referral.note,
                    also=tuple(
                        other
                        for other in kb.referrals_to.get(via, ())
                        if other.muscle == muscle_id and other != referral
                    ),
                )
            )
    trigger_credits = tuple(
        TriggerCredit(trigger_id, kb.triggers[trigger_id].name, kb.loads[trigger_id][muscle_id])
        for trigger_id in trigger_ids
        if muscle_id in kb.loads[trigger_id]
    )
    return Source(
        id=muscle.id,
        name=muscle.name,
        score=score,
        zones=tuple(zone_credits),
        triggers=trigger_credits,
        why=explain.why(
            muscle.name,
            muscle.location,
            [kb.zones[credit.via].name for credit in zone_credits if credit.kind == PRIMARY],
            [kb.zones[credit.via].name for credit in zone_credits if credit.kind != PRIMARY],
            [credit.name for credit in trigger_credits],
        ),
        side=side,
    )


def _require_known(kind: str, ids: Sequence[str], known: dict[str, Any]) -> None:
    unknown = [id_ for id_ in ids if id_ not in known]
    if unknown:
        raise UnknownIdError(f"unknown {kind} id(s): {', '.join(unknown)}")


def _first_hits(hits: list[PhraseHit]) -> list[tuple[PhraseHit, str]]:
    """Each owner once, with the first hit that names it."""
    seen: dict[str, PhraseHit] = {}
    for hit in hits:
        for owner in hit.owners:
            seen.setdefault(owner, hit)
    return [(hit, owner) for owner, hit in seen.items()]


def _hit_fields(hit: PhraseHit) -> tuple[tuple[int, int], str, str, float]:
    return hit.span, hit.matched, hit.method, hit.score
