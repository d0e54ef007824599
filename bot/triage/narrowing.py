"""Narrowing a broad place down: which zones are asked about first, which choices each offers,
and how a typed answer reads in the context of the question it answers.

The data is `data/kb/narrowing.yml`. Any zone with referral data is answered at its own
level with an offer to narrow it down; only `ask_first` zones (a whole limb) get the
question before an answer. A reply is read against the zone just asked about or offered:
"the back" after the neck question is the back of the neck, not the lower back.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from bot.kb.query import ReferralKB, Zone
from bot.triage.state import ZONE_ENTITY, ancestors

DATA = Path(__file__).resolve().parents[2] / "data" / "kb" / "narrowing.yml"
MAX_CHOICES = 6
# A short reply with no place the NLU knows may still name a part by its position.
SHORT_REPLY_WORDS = 6
# Position words people use for the words the zone names start with.
_POSITION_SYNONYMS = {
    "outside": "outer",
    "outer": "outer",
    "inside": "inner",
    "inner": "inner",
    "middle": "mid",
    "centre": "mid",
    "center": "mid",
    "bottom": "base",
}
_PARENTHESES = re.compile(r"\s*\([^)]*\)")
_WORD = re.compile(r"[a-z]+")
_FILLERS = {"the", "my", "your", "its", "it", "more", "at", "on", "in", "of", "a", "bit", "mostly"}


class NarrowingError(ValueError):
    """The narrowing data names an unknown zone or offers too many choices."""


@dataclass(frozen=True)
class Narrowing:
    """Which zones are asked about first and the choices each zone offers."""

    ask_first: frozenset[str] = frozenset()
    choices: Mapping[str, tuple[str, ...]] = field(default_factory=dict)

    @classmethod
    def from_data(cls, data: Mapping[str, Any]) -> Narrowing:
        """From the parsed YAML (`ask_first`: ids, `choices`: id -> ids)."""
        ask_first = data.get("ask_first") or []
        choices = data.get("choices") or {}
        if not isinstance(ask_first, list) or not isinstance(choices, dict):
            raise NarrowingError("ask_first must be a list of zone ids and choices a mapping")
        return cls(
            frozenset(str(zone) for zone in ask_first),
            {
                str(zone): tuple(str(choice) for choice in offered)
                for zone, offered in choices.items()
            },
        )

    @classmethod
    def load(cls, path: Path = DATA) -> Narrowing:
        """Read the data file."""
        return cls.from_data(yaml.safe_load(path.read_text(encoding="utf-8")) or {})

    def check(self, kb: ReferralKB) -> list[str]:
        """Problems with the data against the knowledge base's zones (empty when fine)."""
        problems = [f"ask_first: unknown zone {zone!r}" for zone in sorted(self.ask_first)
                    if kb.zone(zone) is None]  # fmt: skip
        for zone, offered in self.choices.items():
            if kb.zone(zone) is None:
                problems.append(f"choices: unknown zone {zone!r}")
            problems += [f"choices of {zone}: unknown zone {choice!r}" for choice in offered
                         if kb.zone(choice) is None]  # fmt: skip
            if len(offered) > MAX_CHOICES:
                problems.append(f"choices of {zone}: {len(offered)}, at most {MAX_CHOICES}")
        return problems

    def asks_first(self, zone_id: str) -> bool:
        """Whether a message naming only this zone is asked about before any answer."""
        return zone_id in self.ask_first

    def offered(self, kb: ReferralKB, zone_id: str) -> list[Zone]:
        """The narrower places offered for `zone_id`, at most `MAX_CHOICES`."""
        chosen = [kb.zone(choice) for choice in self.choices.get(zone_id, ())]
        known = [zone for zone in chosen if zone is not None]
        return (known or kb.children(zone_id))[:MAX_CHOICES]

    def in_context(
        self, kb: ReferralKB, zone_id: str, text: str, entities: Iterable[Mapping[str, Any]]
    ) -> list[dict[str, Any]]:
        """The message's entities read as the answer to a question about `zone_id`.

        A zone said only by a position word ("the back", "more the front") that lies
        outside `zone_id` becomes the part of `zone_id` that word names (back_of_neck); a
        short reply that names no zone but a position word gets that part as a zone.
        """
        parts = _parts_by_position(kb, zone_id)
        words = _WORD.findall(text.lower())
        rewritten: list[dict[str, Any]] = []
        named_zone = False
        for entity in entities:
            entity = dict(entity)
            if entity.get("entity") == ZONE_ENTITY:
                named_zone = True
                value = entity.get("value")
                inside = isinstance(value, str) and (
                    value == zone_id or zone_id in ancestors(kb, value)
                )
                part = _position_only(_span(text, entity), parts)
                if not inside and part is not None:
                    entity["value"] = part
                elif inside and isinstance(value, str) and value != zone_id:
                    # "the thigh, round the back of it": the part of the named zone the
                    # position word names, when the reply says one
                    finer = _parts_by_position(kb, value)
                    found = [finer[_position(w)] for w in words if _position(w) in finer]
                    if found:
                        entity["value"] = found[0]
            rewritten.append(entity)
        if not named_zone and len(words) <= SHORT_REPLY_WORDS:
            found = [parts[_position(word)] for word in words if _position(word) in parts]
            if found:
                rewritten.append({"entity": ZONE_ENTITY, "value": found[0]})
        return rewritten


@lru_cache(maxsize=1)
def default() -> Narrowing:
    """The project's narrowing data (read once)."""
    return Narrowing.load()


def _parts_by_position(kb: ReferralKB, zone_id: str) -> dict[str, str]:
    """Position word -> the one part of `zone_id` whose name starts with it ("back" ->
    back_of_neck for the neck); words that start several parts' names are left out."""
    found: dict[str, list[str]] = {}
    for part in kb.descendants(zone_id):
        name = _PARENTHESES.sub("", part.name).lower().split()
        if len(name) >= 2:
            found.setdefault(_position(name[0]), []).append(part.id)
    return {word: ids[0] for word, ids in found.items() if len(ids) == 1}


def _position(word: str) -> str:
    return _POSITION_SYNONYMS.get(word, word)


def _span(text: str, entity: Mapping[str, Any]) -> str:
    start, end = entity.get("start"), entity.get("end")
    if isinstance(start, int) and isinstance(end, int) and 0 <= start < end <= len(text):
        return text[start:end]
    return ""


def _position_only(span: str, parts: Mapping[str, str]) -> str | None:
    """The part a span names if it is only a position word with fillers ("the back")."""
    words = [word for word in _WORD.findall(span.lower()) if word not in _FILLERS]
    if len(words) == 1 and _position(words[0]) in parts:
        return parts[_position(words[0])]
    return None
