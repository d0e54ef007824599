"""What the extractor knows: the knowledge base's phrasings, read once at training time.

The vocabulary is copied out of the built database into the trained Rasa model (as JSON),
so a model never needs `var/kb.db` to parse a message, and a phrasing added to
`data/kb/` reaches the bot by rebuilding the database and retraining, with no code change.
"""

from __future__ import annotations

import dataclasses
import json
import sqlite3
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlite_utils import Database

from bot.kb.matcher import Phrasing
from bot.nlu import typos
from bot.nlu.cues import SIDE_TYPOS

# Bump when the persisted shape changes: it is part of the Rasa training cache key.
FORMAT_VERSION = 3
ZONE = "body_zone"
TRIGGER = "trigger"
RED_FLAG = "red_flag"
SIDE = "side"
SIDES = ("left", "right", "both")


class VocabularyError(RuntimeError):
    """The knowledge base cannot give a vocabulary (missing, unreadable, or empty)."""


@dataclass(frozen=True)
class Vocabulary:
    """The phrasings of zones and triggers, the safety rules, and the words that help match them.

    `zone_parents` maps each zone id to its broader zone (None at the top);
    `red_flag_levels` maps each red flag id to crisis, emergency, urgent or gp;
    `safety_rules` is the safety engine's rule set as JSON (`bot.safety.rules`);
    `forms` maps a word form to its lemma where they differ (for words the phrasings use);
    `lookalikes` are real words one slip from a phrasing word, never read as typos;
    `protected_words` are other words never corrected into a phrasing word: the words of
    muscle aliases ("traps") and frequent English words close to a phrasing word ("should");
    `common_near_places` are frequent English words one slip from a one-word place ("mum",
    "lip", "heal"): where a place is plainly meant ("my X hurts"), they stay themselves,
    where a word that is not English ("arn") is read as the place (`bot.nlu.body_slot`).
    """

    zone_parents: Mapping[str, str | None]
    trigger_ids: tuple[str, ...]
    red_flag_levels: Mapping[str, str]
    phrasings: Mapping[str, tuple[Phrasing, ...]]
    prefer_over: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    forms: Mapping[str, str] = field(default_factory=dict)
    lookalikes: frozenset[str] = frozenset()
    protected_words: frozenset[str] = frozenset()
    common_near_places: frozenset[str] = frozenset()
    kb_hash: str = ""
    safety_rules: Mapping[str, Any] = field(default_factory=dict)

    def ids(self, entity: str) -> frozenset[str]:
        """The canonical values of `entity`: zone, trigger or red-flag ids, or the sides."""
        known: dict[str, Iterable[str]] = {
            ZONE: self.zone_parents,
            TRIGGER: self.trigger_ids,
            RED_FLAG: self.red_flag_levels,
            SIDE: SIDES,
        }
        return frozenset(known.get(entity, ()))

    def words(self) -> frozenset[str]:
        """Every word the phrasings use, as written and as lemmas."""
        return frozenset(
            word
            for rows in self.phrasings.values()
            for phrasing in rows
            for word in (*phrasing.words, *phrasing.lemmas)
        )

    def ancestors(self, zone_id: str) -> tuple[str, ...]:
        """The broader zones above `zone_id`, nearest first."""
        found: list[str] = []
        parent = self.zone_parents.get(zone_id)
        while parent is not None and parent not in found:
            found.append(parent)
            parent = self.zone_parents.get(parent)
        return tuple(found)

    def to_json(self) -> dict[str, Any]:
        """A JSON-ready form that `from_json` reads back unchanged."""
        return {
            "format": FORMAT_VERSION,
            "kb_hash": self.kb_hash,
            "zone_parents": dict(self.zone_parents),
            "trigger_ids": list(self.trigger_ids),
            "red_flag_levels": dict(self.red_flag_levels),
            "phrasings": {
                entity: [[p.owner, p.text, " ".join(p.words), " ".join(p.lemmas)] for p in rows]
                for entity, rows in self.phrasings.items()
            },
            "prefer_over": {zone: list(others) for zone, others in self.prefer_over.items()},
            "forms": dict(sorted(self.forms.items())),
            "lookalikes": sorted(self.lookalikes),
            "protected_words": sorted(self.protected_words),
            "common_near_places": sorted(self.common_near_places),
            "safety_rules": dict(self.safety_rules),
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Vocabulary:
        """The vocabulary `to_json` wrote; `VocabularyError` if it has another format."""
        if data.get("format") != FORMAT_VERSION:
            raise VocabularyError(
                f"vocabulary format {data.get('format')!r} is not {FORMAT_VERSION}: retrain"
            )
        return cls(
            zone_parents=dict(data["zone_parents"]),
            trigger_ids=tuple(data["trigger_ids"]),
            red_flag_levels=dict(data["red_flag_levels"]),
            phrasings={
                entity: tuple(
                    Phrasing(owner, text, tuple(words.split()), tuple(lemmas.split()))
                    for owner, text, words, lemmas in rows
                )
                for entity, rows in data["phrasings"].items()
            },
            prefer_over={zone: tuple(others) for zone, others in data["prefer_over"].items()},
            forms=dict(data["forms"]),
            lookalikes=frozenset(data["lookalikes"]),
            protected_words=frozenset(data["protected_words"]),
            common_near_places=frozenset(data["common_near_places"]),
            kb_hash=str(data.get("kb_hash", "")),
            safety_rules=dict(data.get("safety_rules") or {}),
        )

    def save(self, path: Path) -> None:
        """Write the vocabulary to `path` as JSON."""
        path.write_text(json.dumps(self.to_json(), ensure_ascii=False), encoding="utf-8")

    @classmethod
    def load(cls, path: Path) -> Vocabulary:
        """Read a vocabulary `save` wrote."""
        return cls.from_json(json.loads(path.read_text(encoding="utf-8")))


def from_kb(db_path: Path) -> Vocabulary:
    """The vocabulary in the knowledge base built at `db_path`.

    Raises `VocabularyError` naming the command that builds it if the file is missing.
    """
    if not db_path.is_file():
        raise VocabularyError(
            f"no knowledge base at {db_path}: run `python -m bot kb build` before training"
        )
    try:
        connection = sqlite3.connect(f"{db_path.resolve().as_uri()}?mode=ro", uri=True)
    except sqlite3.Error as error:
        raise VocabularyError(f"cannot open the knowledge base at {db_path}: {error}") from None
    try:
        return _read(Database(connection))
    except sqlite3.DatabaseError as error:
        raise VocabularyError(
            f"cannot read the knowledge base at {db_path} ({error}): run `python -m bot kb build`"
        ) from None
    finally:
        connection.close()


def _rows(db: Database, table: str) -> list[dict[str, Any]]:
    return list(db.table(table).rows_where(order_by="rowid"))


def _read(db: Database) -> Vocabulary:
    zone_parents = {row["id"]: row["parent"] for row in _rows(db, "zones")}
    if not zone_parents:
        raise VocabularyError("the knowledge base has no zones: run `python -m bot kb build`")
    phrasings = {
        entity: tuple(
            Phrasing(row[owner], row["phrasing"], tuple(row["words"].split()),
                     tuple(row["lemma"].split()))
            for row in _rows(db, table)
        )
        for entity, table, owner in (
            (ZONE, "zone_phrasings", "zone"),
            (TRIGGER, "trigger_phrasings", "trigger"),
        )
    }  # fmt: skip
    prefer_over: dict[str, list[str]] = {}
    for row in _rows(db, "zone_prefer_over"):
        prefer_over.setdefault(row["zone"], []).append(row["over"])
    meta = {row["key"]: row["value"] for row in _rows(db, "meta")}
    read = Vocabulary(
        zone_parents=zone_parents,
        trigger_ids=tuple(row["id"] for row in _rows(db, "triggers")),
        red_flag_levels={row["id"]: row["level"] for row in _rows(db, "red_flags")},
        phrasings=phrasings,
        prefer_over={zone: tuple(others) for zone, others in prefer_over.items()},
        forms={row["form"]: row["lemma"] for row in _rows(db, "lemma_forms")},
        lookalikes=frozenset(row["word"] for row in _rows(db, "lookalikes")),
        protected_words=frozenset(
            word for row in _rows(db, "muscle_aliases") for word in row["words"].split()
        )
        | frozenset(SIDE_TYPOS),  # "lft" is the left side, not "lift"
        kb_hash=str(meta.get("content_hash", "")),
        safety_rules=next((json.loads(row["rules"]) for row in _rows(db, "safety_rules")), {}),
    )
    corrector = typos.Corrector(read.words(), read.forms, read.lookalikes | read.protected_words)
    return dataclasses.replace(
        read,
        protected_words=read.protected_words | typos.common_english_near(corrector),
        common_near_places=typos.common_english_near_any(place_words(read), read.words()),
    )


def place_words(words: Vocabulary) -> frozenset[str]:
    """The one-word place phrasings ("knee", "calves", "tailbone"), as written and as lemmas."""
    return frozenset(
        word
        for phrasing in words.phrasings.get(ZONE, ())
        if len(phrasing.words) == 1
        for word in (*phrasing.words, *phrasing.lemmas)
    )
