"""Build the SQLite knowledge base from `data/kb/`: validate, write a new file, swap it in.

The database is written to a temporary file next to `db_path` and moved onto it only
once complete, so a failed build leaves the previous database as it was.
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import tempfile
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from sqlite_utils import Database

from bot.kb import loader, text, validate
from bot.kb.loader import KBData, TriggerItem, ZoneItem
from bot.safety import vocabulary as safety_vocabulary

# Bump when the schema or the stored forms change, so `--if-changed` rebuilds.
SCHEMA_VERSION = "3"
TABLES = (
    "sources",
    "muscles",
    "muscle_aliases",
    "zones",
    "zone_phrasings",
    "zone_prefer_over",
    "referrals",
    "triggers",
    "trigger_phrasings",
    "trigger_muscles",
    "care",
    "red_flags",
    "safety_rules",
    "lemma_forms",
    "lookalikes",
)


@dataclass(frozen=True)
class BuildReport:
    """What one build wrote: where, how many rows per table, how long it took."""

    db_path: Path
    counts: dict[str, int]
    seconds: float
    content_hash: str
    built_at: str


def content_hash(data_dir: Path) -> str:
    """A digest of the data files' names and bytes, and of the schema version."""
    digest = hashlib.sha256(f"schema {SCHEMA_VERSION}\n".encode())
    for name in loader.DATA_FILES:
        path = data_dir / name
        digest.update(f"{name}\n".encode())
        digest.update(path.read_bytes() if path.is_file() else b"\0missing")
    return digest.hexdigest()


def built_hash(db_path: Path) -> str | None:
    """The content hash stored in the database at `db_path`, or None if there is none."""
    if not db_path.is_file():
        return None
    try:
        connection = sqlite3.connect(f"{db_path.resolve().as_uri()}?mode=ro", uri=True)
    except sqlite3.Error:
        return None
    try:
        db = Database(connection)
        if not db.table("meta").exists():
            return None
        rows = list(db.table("meta").rows_where("key = ?", ["content_hash"]))
    except sqlite3.DatabaseError:
        return None
    finally:
        connection.close()
    return str(rows[0]["value"]) if rows else None


def is_current(data_dir: Path, db_path: Path) -> bool:
    """Whether the database at `db_path` was built from the data now in `data_dir`."""
    return built_hash(db_path) == content_hash(data_dir)


def build(data_dir: Path, db_path: Path) -> BuildReport:
    """Validate `data_dir` and build it into `db_path`; raise `KBValidationError` on bad data."""
    started = time.perf_counter()
    digest = content_hash(data_dir)
    data = loader.load(data_dir)
    validate.check(data)
    db_path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(
        dir=db_path.parent, prefix=f".{db_path.name}.", suffix=".tmp"
    )
    os.close(handle)
    built_at = datetime.now(timezone.utc).isoformat(timespec="seconds")
    try:
        db = Database(temporary)
        try:
            db.execute("PRAGMA foreign_keys = ON")
            _create_tables(db)
            _insert(db, data)
            _enable_search(db)
            broken = db.execute("PRAGMA foreign_key_check").fetchall()
            if broken:
                raise RuntimeError(f"foreign keys broken after validation: {broken[:5]}")
            counts = {name: db.table(name).count for name in TABLES}
            db.table("meta").insert_all(
                [
                    {"key": "content_hash", "value": digest},
                    {"key": "built_at", "value": built_at},
                    {"key": "schema_version", "value": SCHEMA_VERSION},
                ],
                pk="key",
            )
        finally:
            db.close()
        # mkstemp makes the file private; the database is for every local reader.
        os.chmod(temporary, db_path.stat().st_mode if db_path.exists() else 0o644)
        os.replace(temporary, db_path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return BuildReport(
        db_path=db_path,
        counts=counts,
        seconds=round(time.perf_counter() - started, 3),
        content_hash=digest,
        built_at=built_at,
    )


def _create_tables(db: Database) -> None:
    phrasing = {"id": int, "phrasing": str, "words": str, "lemma": str}
    db.table("sources").create(
        {"id": str, "citation": str, "url": str}, pk="id", not_null={"citation"}
    )
    db.table("muscles").create(
        {
            "id": str,
            "name": str,
            "region": str,
            "location": str,
            "technique": str,
            "stretch": str,
            "cautions": str,
            "care_source": str,
        },
        pk="id",
        foreign_keys=[("care_source", "sources", "id")],
        not_null={"name", "region", "location", "technique", "stretch", "care_source"},
    )
    db.table("muscle_aliases").create(
        {"muscle": str, "alias": str, "words": str},
        pk=("muscle", "alias"),
        foreign_keys=[("muscle", "muscles", "id")],
    )
    db.table("zones").create(
        {"id": str, "name": str, "parent": str, "depth": int},
        pk="id",
        foreign_keys=[("parent", "zones", "id")],
        not_null={"name", "depth"},
    )
    db.table("zone_phrasings").create(
        {**phrasing, "zone": str}, pk="id", foreign_keys=[("zone", "zones", "id")]
    )
    db.table("zone_prefer_over").create(
        {"zone": str, "over": str},
        pk=("zone", "over"),
        foreign_keys=[("zone", "zones", "id"), ("over", "zones", "id")],
    )
    db.table("referrals").create(
        {"id": int, "muscle": str, "zone": str, "kind": str, "source": str, "note": str},
        pk="id",
        foreign_keys=[
            ("muscle", "muscles", "id"),
            ("zone", "zones", "id"),
            ("source", "sources", "id"),
        ],
        not_null={"muscle", "zone", "kind", "source"},
    )
    db.table("triggers").create(
        {"id": str, "name": str, "explanation": str, "advice": str},
        pk="id",
        not_null={"name", "explanation", "advice"},
    )
    db.table("trigger_phrasings").create(
        {**phrasing, "trigger": str}, pk="id", foreign_keys=[("trigger", "triggers", "id")]
    )
    db.table("trigger_muscles").create(
        {"trigger": str, "muscle": str, "source": str},
        pk=("trigger", "muscle"),
        foreign_keys=[
            ("trigger", "triggers", "id"),
            ("muscle", "muscles", "id"),
            ("source", "sources", "id"),
        ],
        not_null={"source"},
    )
    db.table("care").create(
        {"id": str, "topic": str, "text": str, "source": str},
        pk="id",
        foreign_keys=[("source", "sources", "id")],
        not_null={"topic", "text", "source"},
    )
    db.table("red_flags").create(
        {"id": str, "name": str, "level": str, "area": str, "advice": str, "source": str},
        pk="id",
        foreign_keys=[("source", "sources", "id")],
        not_null={"name", "level", "advice", "source"},
    )
    # One JSON document: the rule set the safety engine reads (bot.safety.rules).
    db.table("safety_rules").create({"format": int, "rules": str}, pk="format")
    db.table("lemma_forms").create({"form": str, "lemma": str}, pk="form", not_null={"lemma"})
    db.table("lookalikes").create({"word": str}, pk="word")
    db.table("meta").create({"key": str, "value": str}, pk="key")
    for table, columns in (
        ("muscles", ["region"]),
        ("muscle_aliases", ["words"]),
        ("zones", ["parent"]),
        ("zone_phrasings", ["zone"]),
        ("zone_phrasings", ["words"]),
        ("zone_phrasings", ["lemma"]),
        ("referrals", ["zone"]),
        ("referrals", ["muscle"]),
        ("trigger_phrasings", ["trigger"]),
        ("trigger_phrasings", ["lemma"]),
        ("trigger_muscles", ["muscle"]),
        ("care", ["topic"]),
        ("red_flags", ["level"]),
    ):
        db.table(table).create_index(columns)
    # One row per muscle, zone and source: the book's kind and the service's may differ.
    db.table("referrals").create_index(["muscle", "zone", "source"], unique=True)


def _insert(db: Database, data: KBData) -> None:
    db.table("sources").insert_all(
        {"id": row.id, "citation": row.citation, "url": row.url or None} for row in data.sources
    )
    db.table("muscles").insert_all(
        {
            "id": row.id,
            "name": row.name,
            "region": row.region,
            "location": row.location,
            "technique": row.technique,
            "stretch": row.stretch,
            "cautions": row.cautions,
            "care_source": row.care_source,
        }
        for row in data.muscles
    )
    db.table("muscle_aliases").insert_all(
        {"muscle": row.id, "alias": alias, "words": text.normalise(alias)}
        for row in data.muscles
        for alias in dict.fromkeys(row.aliases)
    )
    depths = _depths(data.zones)
    db.table("zones").insert_all(
        {"id": zone.id, "name": zone.name, "parent": zone.parent or None, "depth": depths[zone.id]}
        for zone in sorted(data.zones, key=lambda zone: depths[zone.id])
    )
    db.table("zone_prefer_over").insert_all(
        {"zone": zone.id, "over": other} for zone in data.zones for other in zone.prefer_over
    )
    db.table("referrals").insert_all(
        {
            "muscle": row.muscle,
            "zone": row.zone,
            "kind": row.kind,
            "source": row.source,
            "note": row.note or None,
        }
        for row in data.referrals
    )
    db.table("triggers").insert_all(
        {"id": item.id, "name": item.name, "explanation": item.explanation, "advice": item.advice}
        for item in data.triggers
    )
    db.table("trigger_muscles").insert_all(
        {"trigger": item.id, "muscle": link.muscle, "source": link.source}
        for item in data.triggers
        for link in item.muscles
    )
    db.table("care").insert_all(
        {"id": item.id, "topic": item.topic, "text": item.text, "source": item.source}
        for item in data.care
    )
    db.table("red_flags").insert_all(
        {
            "id": item.id,
            "name": item.name,
            "level": item.level,
            "area": json.dumps(list(item.area)),
            "advice": item.advice,
            "source": item.source,
        }
        for item in data.red_flags
    )
    rules = safety_vocabulary.with_real_words(data.safety_rules())
    db.table("safety_rules").insert(
        {"format": rules.to_json()["format"], "rules": json.dumps(rules.to_json())}
    )
    vocabulary: set[str] = set()
    for table, owner, items in (
        ("zone_phrasings", "zone", data.zones),
        ("trigger_phrasings", "trigger", data.triggers),
    ):
        rows = list(_phrasing_rows(owner, items))
        db.table(table).insert_all(rows)
        for row in rows:
            vocabulary.update(row["words"].split(), row["lemma"].split())
    forms = text.lemma_forms(vocabulary)
    db.table("lemma_forms").insert_all(
        {"form": form, "lemma": lemma} for form, lemma in sorted(forms.items())
    )
    db.table("lookalikes").insert_all(
        {"word": word} for word in sorted(text.lookalikes(vocabulary) - forms.keys())
    )


def _phrasing_rows(owner: str, items: Iterable[ZoneItem | TriggerItem]) -> Iterator[dict[str, str]]:
    for item in items:
        for phrasing in dict.fromkeys(item.phrasings):
            surface, lemmas = text.match_key(phrasing)
            yield {
                owner: item.id,
                "phrasing": phrasing,
                "words": " ".join(surface),
                "lemma": " ".join(lemmas),
            }


def _enable_search(db: Database) -> None:
    for table in ("zone_phrasings", "trigger_phrasings"):
        db.table(table).enable_fts(["phrasing", "lemma"])


def _depths(zones: list[ZoneItem]) -> dict[str, int]:
    """How far each zone is below its top-level region (validation has ruled out loops)."""
    parents = {zone.id: zone.parent for zone in zones}
    depths = {}
    for zone_id in parents:
        depth, current = 0, parents[zone_id]
        while current:
            depth, current = depth + 1, parents[current]
        depths[zone_id] = depth
    return depths
